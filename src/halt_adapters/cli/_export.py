"""``halt export``: the network out, in a format other tools open; recorded when personal."""

from __future__ import annotations

import contextlib
import getpass
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import click

from halt_adapters.cli._context import App, CommandFailed, counted, fail, pass_app
from halt_adapters.cli._parsing import parse_id
from halt_adapters.export import DirectorySink
from halt_adapters.export.sinks import replace_when_done
from halt_core.export import ExportReport, FreeText, PersonalData, Sink, ZipSink
from halt_core.export import export as run_export
from halt_core.plugins import exporter, sharing_policy
from halt_core.privacy.policy import Purpose
from halt_core.storage import RECORD_KINDS, UnitOfWork

__all__ = ["export"]


@click.command(short_help="Export the network: csv, json, xlsx, ics, svg, png, ...")
@click.option(
    "--format",
    "format_name",
    required=True,
    metavar="NAME",
    help="The format: see 'halt plugins' (csv, json, jsonl, xlsx, ics, dot, mermaid, svg, png).",
)
@click.option(
    "--out",
    required=True,
    metavar="PATH",
    help="A file; a folder or a .zip for formats that write several files (csv); - for stdout.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([kind.name for kind in RECORD_KINDS.values()]),
    help="Export only records of this kind (repeat for several).",
)
@click.option(
    "--personal-data",
    type=click.Choice([m.value for m in PersonalData]),
    default=PersonalData.PSEUDONYMISE.value,
    show_default=True,
    help="What to do with personal data of youths; include needs --purpose, and the sharing "
    "policy's permission.",
)
@click.option(
    "--purpose",
    metavar="TEXT",
    help="Why personal data of youths is included: a purpose of the sharing policy ("
    + ", ".join(p.value for p in Purpose)
    + ") or one of Halt's own, in words.",
)
@click.option(
    "--recipient",
    metavar="PARTNER_ID",
    help="The partner the export is for, when including personal data of youths: the sharing "
    "policy decides what it may receive.",
)
@click.option(
    "--free-text",
    type=click.Choice([f.value for f in FreeText]),
    default=FreeText.OMIT.value,
    show_default=True,
    help="What to do with free text (notes, agenda items, ...): leave it out, scrub it, or "
    "keep it as typed (only with --personal-data include).",
)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUE",
    help="A setting of the format, e.g. --set delimiter=';' (repeat for several).",
)
@pass_app
def export(
    app: App,
    format_name: str,
    out: str,
    kinds: tuple[str, ...],
    personal_data: str,
    purpose: str | None,
    recipient: str | None,
    free_text: str,
    settings: tuple[str, ...],
) -> None:
    """Export the stored network in a format other tools open (Excel, calendars, ...).

    Personal data of youths is pseudonymised unless --personal-data says otherwise. Free
    text (notes, agenda items, descriptions, evaluations) is left out unless --free-text
    says to scrub it, or to keep it as typed when personal data is included. What was
    written, and what was done with personal data, is reported on standard error.

    Including personal data asks the sharing policy (with the plugins' rules) for the
    purpose and the --recipient, and is refused when it does not allow it. An export that
    includes personal data is recorded in the store's privacy log, who made it, for whom,
    which youths and fields, once the output is written completely.
    """
    exporter(format_name)  # an unknown format fails here, before the store is opened
    parsed = dict(_setting(s) for s in settings)
    types = [kind.type for kind in RECORD_KINDS.values() if kind.name in kinds] or None
    with app.store() as store, store.unit_of_work() as uow:
        partner = None if recipient is None else uow.partners.get(parse_id(recipient, "partner"))
        with app.progress(f"Exporting {format_name}") as advance, _target(out) as target:
            report = run_export(
                uow,
                target,
                format_name,
                kinds=types,
                personal_data=personal_data,
                purpose=purpose,
                free_text=free_text,
                recipient=partner,
                policy=sharing_policy(),
                by=_who(),
                recipient_name=_named(out),
                settings=parsed,
                progress=advance,  # export() knows the total: the records it reads
                gazetteer=store.gazetteer,
            )
        # The output is complete (a file is in place only now): its disclosure may commit.
        if report.disclosure is not None:
            _commit_disclosure(app, uow, report, out, target)
    written = ", ".join(counted(n, kind) for kind, n in report.written.items()) or "no records"
    if out == "-":
        where = "standard output"
    elif isinstance(target, DirectorySink):
        where = ", ".join(str(target.folder / name) for name in report.files)
    else:
        where = out
    app.say(f"Wrote {written} to {where} ({report.format}).")
    app.say(f"Privacy: {report.personal_data}.")


def _named(out: str) -> str:
    """What the output of ``--out`` is called in the privacy log: its file or folder name."""
    return "standard output" if out == "-" else (Path(out.rstrip("/" + os.sep)).name or out)


def _commit_disclosure(
    app: App, uow: UnitOfWork, report: ExportReport, out: str, target: BinaryIO | Sink
) -> None:
    """Commit the disclosure the export recorded; remove the output if that fails."""
    entry = report.disclosure
    assert entry is not None
    try:
        uow.commit()
    except BaseException:
        _remove_output(out, target, report)
        raise
    basis = entry.legal_basis.value
    app.say(
        f"Recorded the disclosure in the privacy log: {len(entry.youths):,} youth(s), "
        f"{len(entry.fields)} kind(s) of field, to {entry.recipient_name}, for "
        f"{entry.purpose.value} ({basis}, rule {entry.rule})."
    )


def _who() -> str:
    """Who makes the export: ``$HALT_USER``, else the login name, else ``halt export``."""
    try:
        login = getpass.getuser()
    except (OSError, KeyError):  # no login name to be found (a container, say)
        login = ""
    return os.environ.get("HALT_USER") or login or "halt export"


def _remove_output(out: str, target: BinaryIO | Sink, report: ExportReport) -> None:
    """Remove what the export wrote, when its disclosure could not be recorded."""
    if out == "-":
        return  # already on its way: the error says it was not recorded
    if isinstance(target, DirectorySink):
        paths = [target.folder / name for name in report.files]
    else:
        paths = [Path(out)]
    for path in paths:
        path.unlink(missing_ok=True)


def _setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        fail(f"--set {text!r}: write a setting as KEY=VALUE, e.g. --set delimiter=';'")
    return key.strip(), value


@contextlib.contextmanager
def _target(out: str) -> Iterator[BinaryIO | Sink]:
    """The sink for ``--out``; a file appears only once the export is complete.

    ``-`` is standard output; a path ending in ``/``, an existing folder or a name without
    an extension is a folder (made if missing, refused unless empty); anything else a file
    (a ``.zip`` file holds several files).
    """
    if out == "-":
        yield sys.stdout.buffer
        return
    if not out.strip():
        fail("--out is empty: give a file, a folder, or - for standard output")
    path = Path(out)
    if path.is_dir() or out.endswith(("/", os.sep)) or not path.suffix:
        if path.is_dir() and any(path.iterdir()):
            fail(
                f"--out {out}: the folder is not empty; export into a new or empty folder, so "
                "no file of another export is taken for part of this one"
            )
        yield DirectorySink(path)
        return
    if not path.parent.is_dir():
        fail(f"--out {out}: the folder {path.parent} does not exist")
    try:
        with replace_when_done(path) as stream:
            if path.suffix.lower() == ".zip":
                with ZipSink(stream) as archive:
                    yield archive
            else:
                yield stream
    except OSError as exc:
        raise CommandFailed(f"cannot write {path}: {exc.strerror or exc}") from exc
