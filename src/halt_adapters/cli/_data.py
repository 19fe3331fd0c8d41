"""``halt init``, ``halt import`` (and ``halt export``, from ``_export``)."""

from __future__ import annotations

import codecs
import itertools
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import click
import msgspec

from halt_adapters.cli._context import App, CommandError, counted, fail, pass_app
from halt_adapters.cli._export import export
from halt_adapters.export.jsonfiles import export_header, read_json, read_jsonl
from halt_core.errors import InvalidDocument
from halt_core.export import PersonalData
from halt_core.importing import MAX_PROBLEMS, ImportRefused, ImportReport, import_records
from halt_core.model import Meeting, Record, Referral
from halt_core.plugins import rule_set
from halt_core.serialization import from_json
from halt_core.storage import RECORD_KINDS

__all__ = ["export", "import_", "init"]


@click.command(short_help="Create the store and say where it is.")
@pass_app
def init(app: App) -> None:
    """Create the store (tables and all) if it is not there yet, and say where it is."""
    with app.store(must_exist=False) as store, store.unit_of_work() as uow:
        held = sum(repo.count() for repo in uow.repositories())
    app.console.print(
        f"Store ready at {app.store_name} "
        f"(schema version {store.schema_version}, {held:,} records).",
        highlight=False,
        markup=False,
    )


@click.command("import", short_help="Add the records of a .json or .jsonl export: all or nothing.")
@click.argument("file", metavar="FILE")
@click.option(
    "--accept-pseudonymised",
    is_flag=True,
    help="Import an export whose youths were pseudonymised: store their tokens as they are.",
)
@click.option(
    "--allow-rule-errors",
    is_flag=True,
    help="Import records the rules find errors in, and list those errors. Unknown places, "
    "repeated or stored ids and references to absent records are refused all the same.",
)
@pass_app
def import_(app: App, file: str, accept_pseudonymised: bool, allow_rule_errors: bool) -> None:
    """Add the records of FILE (a .json or .jsonl export; - for standard input): all or nothing.

    Every record is checked before anything is stored, and one wrong record stops the whole
    import; the problems are listed (at most 20, then how many more), each with the line (or
    path) of its record. Refused are: an area, municipality, safety region or arrondissement
    the municipal division does not know; an id given twice in FILE, or one the store already
    holds; a reference to a record neither in FILE nor in the store. Then the rules check
    the records: their errors refuse the import too, unless --allow-rule-errors, which
    imports them and lists the errors it let through.

    An export made with personal data of youths pseudonymised (the default of 'halt
    export') holds tokens instead of the stored pseudonyms: its referrals and agenda cases
    are refused unless --accept-pseudonymised says to store the tokens anyway. To move data
    between stores, export with --personal-data include and --free-text keep (an export
    leaves free text out by default). The store is created if it is not there yet.
    """
    name, stream, size = _opened(file)
    with stream:
        # JSON Lines: the header line, the rest streamed; JSON: the whole document.
        head = stream.readline().removeprefix(codecs.BOM_UTF8)  # some editors add one
        is_lines = _is_lines(file, head)
        if not is_lines:
            head += stream.read()
        header = export_header(head)
        tokens = header.get("personal_data_mode") == PersonalData.PSEUDONYMISE.value
        lines = _Lines(head, stream)
        located: Iterable[tuple[str, Record]] = lines.records() if is_lines else _json_records(head)
        if tokens and not accept_pseudonymised:
            located = _without_tokens(located, name)
        with (
            app.store(must_exist=False) as store,
            store.unit_of_work() as uow,
            app.progress(f"Importing {Path(name).name}", size) as advance,
        ):
            try:
                report = import_records(
                    uow,
                    located,
                    source=Path(name).name if file != "-" else name,
                    allow_rule_errors=allow_rule_errors,
                    rules=rule_set(),
                    progress=lambda _: advance(lines.read),
                )
            except ImportRefused as refused:
                raise _refusal(refused) from refused
            if not report.total:
                fail(f"{name} holds no records: is it a file 'halt export' wrote?")
    counts = ", ".join(counted(n, kind) for kind, n in report.added.items()) or "no records"
    app.console.print(f"Imported {counts} from {name}.", highlight=False, markup=False)
    _say_let_through(app, report)


def _refusal(refused: ImportRefused) -> CommandError:
    """The one-line error of a refused import, its problems listed under it.

    Under ``--lang nl`` it is the Dutch of the refusal (:meth:`ImportRefused.in_dutch`).
    """
    noun = "problem" if refused.count == 1 else "problems"
    details = [f"{problem.path}: {problem.message}" for problem in refused.problems]
    if refused.count > len(refused.problems):
        details.append(f"... and {refused.count - len(refused.problems)} more")
    head, *lines = refused.in_dutch().split("\n")
    return CommandError(
        f"nothing was imported: {refused.source} has {refused.count} {noun}; fix them (or "
        "leave those records out) and import again",
        details,
        dutch=(head.rstrip(":"), [line.removeprefix("  - ") for line in lines]),
    )


def _say_let_through(app: App, report: ImportReport) -> None:
    """List the rule errors --allow-rule-errors let through (at most MAX_PROBLEMS)."""
    errors = report.let_through
    if errors:
        app.say(
            f"Let through {len(errors):,} rule error(s) in the imported records, as "
            "--allow-rule-errors asks; 'halt check' lists every error in the store:"
        )
        for violation in errors.violations[:MAX_PROBLEMS]:
            where = report.where(violation)
            app.say(
                f"  - {where + ': ' if where else ''}{violation.rule_id}: {violation.message('en')}"
            )
        if len(errors) > MAX_PROBLEMS:
            app.say(f"  ... and {len(errors) - MAX_PROBLEMS:,} more")
    others = len(report.violations) - len(errors)
    if others:
        app.say(
            f"The rules have {others:,} warning(s) or advice about the imported records: "
            "'halt check' lists them."
        )


def _opened(file: str) -> tuple[str, BinaryIO, int | None]:
    """The name, the open binary stream and the size (if known) of ``FILE``."""
    if file == "-":
        return "standard input", sys.stdin.buffer, None
    path = Path(file)
    if path.is_dir():
        fail(f"{file} is a folder: import reads one .json or .jsonl file")
    if path.suffix.lower() not in (".json", ".jsonl"):
        fail(f"{file}: import reads .json and .jsonl files (as 'halt export' writes)")
    try:
        return file, path.open("rb"), path.stat().st_size
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")


def _is_lines(file: str, first: bytes) -> bool:
    """Whether the input is JSON Lines: by its extension, or for - by its first line."""
    if file != "-":
        return file.lower().endswith(".jsonl")
    # A JSON Lines export's first line is its whole header; a JSON export's first line is not
    # a whole document (or, written on one line, holds the record kinds too).
    try:
        keys = set(msgspec.json.decode(first, type=dict[str, msgspec.Raw]))
    except msgspec.MsgspecError:
        return False
    return "export" in keys and not keys & {kind.name for kind in RECORD_KINDS.values()}


class _Lines:
    """The lines of a JSON Lines export as they are read: how many bytes, which line."""

    def __init__(self, first: bytes, stream: BinaryIO) -> None:
        self.first = first
        self.stream = stream
        self.read = 0
        self.number = 0

    def _lines(self) -> Iterator[bytes]:
        for line in itertools.chain((self.first,), self.stream):
            self.read += len(line)
            self.number += 1
            yield line

    def records(self) -> Iterator[tuple[str, Record]]:
        """Each record with its line: read_jsonl has read exactly up to it when it gives it."""
        for record in read_jsonl(self._lines()):
            yield f"line {self.number}", record


def _json_records(data: bytes) -> list[tuple[str, Record]]:
    """The records of a JSON export, each with its path (``$.partners[3]``)."""
    try:
        network = read_json(data)
    except InvalidDocument:
        # An id repeated within a kind stops read_json when it builds the network. Read the
        # records one by one instead, so the import names each repeated id and its places.
        repeated = _repeating(data)
        if repeated is None:
            raise
        return repeated
    return [
        (f"$.{kind.name}[{index}]", record)
        for kind in RECORD_KINDS.values()
        for index, record in enumerate(getattr(network, kind.name))
    ]


def _repeating(data: bytes) -> list[tuple[str, Record]] | None:
    """The records of a JSON export read one by one; None when any is unreadable."""
    try:
        document = msgspec.json.decode(data, type=dict[str, msgspec.Raw])
        found: list[tuple[str, Record]] = []
        for kind in RECORD_KINDS.values():
            if kind.name not in document:
                continue
            raws = msgspec.json.decode(document[kind.name], type=list[msgspec.Raw])
            found += [
                (f"$.{kind.name}[{index}]", from_json(bytes(raw), kind.type))
                for index, raw in enumerate(raws)
            ]
    except (msgspec.MsgspecError, InvalidDocument):
        return None
    return found


def _without_tokens(
    records: Iterable[tuple[str, Record]], name: str
) -> Iterator[tuple[str, Record]]:
    """``records``, stopping at the first that holds a youth's export token."""
    for where, record in records:
        if type(record) is Referral or (type(record) is Meeting and record.cases):
            fail(
                f"{name} was exported with personal data of youths pseudonymised: its "
                "youths are tokens, not the stored pseudonyms. Import an export made with "
                "--personal-data include --free-text keep (and a --purpose), or pass "
                "--accept-pseudonymised "
                "to store the tokens"
            )
        yield where, record
