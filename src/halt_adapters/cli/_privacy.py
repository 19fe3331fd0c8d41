"""``halt purge``, ``halt hold``, ``halt erase`` and ``halt subject-access``: privacy duties."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from halt_adapters.cli._context import App, CommandError, pass_app, user_name
from halt_adapters.cli._output import emit, output_option
from halt_adapters.cli._parsing import parse_date
from halt_core.model import AMSTERDAM
from halt_core.model.pseudonyms import PSEUDONYM_SHAPE, YouthPseudonym, pseudonym_problem
from halt_core.privacy.erasure import erase_youth, youth_records
from halt_core.privacy.log import KeptCount, LegalHold
from halt_core.privacy.purging import PurgeReport, purge, read_plan
from halt_core.privacy.retention import DEFAULT_RETENTION, Expired, PurgeKind, PurgePlan
from halt_core.privacy.subject_access import read_subject_access, record_subject_access
from halt_core.privacy.subject_access_document import as_html, as_text

__all__ = ["erase", "hold", "purge_command", "subject_access"]

_KIND_NAMES = {
    PurgeKind.REFERRAL: "referrals",
    PurgeKind.CASE: "cases on agendas",
    PurgeKind.AGENDA_ITEM: "agenda items (free text)",
    PurgeKind.DISCLOSURE: "disclosure log entries",
}


def _pseudonym(text: str) -> YouthPseudonym:
    """A pseudonym typed on the command line; the error describes it, never repeats it."""
    problem = pseudonym_problem(text)
    if problem is not None:
        raise CommandError(f"PSEUDONYM is {problem}: {PSEUDONYM_SHAPE}")
    return YouthPseudonym(text)


def _now() -> dt.datetime:
    return dt.datetime.now(AMSTERDAM)


def _interactive() -> bool:
    """Whether standard input is a terminal someone can confirm on."""
    return sys.stdin.isatty()


# -- halt purge ---------------------------------------------------------------------------------


@click.command("purge", short_help="Remove what is past its retention period; --dry-run lists it.")
@click.option("--dry-run", is_flag=True, help="List what has expired; change nothing.")
@click.option(
    "--today",
    metavar="DATE",
    help="The day to purge for (default: today), e.g. 2031-01-01.",
)
@click.option(
    "--batch-size",
    type=click.IntRange(1, 100_000),
    default=500,
    show_default=True,
    help="Records per transaction.",
)
@output_option("A table for people, or JSON for other tools.")
@pass_app
def purge_command(app: App, dry_run: bool, today: str | None, batch_size: int, output: str) -> None:
    """Remove the personal data past its retention period, keeping counts for statistics.

    Referrals go 5 years after their outcome (or, never decided, after they were received);
    the youths on a meeting's agenda, and the agenda's free text where youths were
    discussed, 2 years after the meeting (the meeting itself stays); disclosure log entries
    after 5 years. Before anything goes it is counted (referrals by year, municipality,
    offence and outcome; cases by year and municipality), so statistics stay whole.
    Whatever is about a youth under a legal hold ('halt hold') is kept, and listed.

    With --dry-run: list what has expired and what holds keep, and change nothing.
    Without: remove it, one transaction per --batch-size records; an interrupted purge
    keeps what it finished, and running it again does the rest.
    """
    day = parse_date(today, "--today") if today else _now().date()
    with app.store() as store:
        if dry_run:
            with store.unit_of_work() as uow:
                plan = read_plan(uow, DEFAULT_RETENTION, today=day)
            _print_plan(app, plan, output)
            return
        with app.progress("Purging") as advance:
            report = purge(
                store,
                DEFAULT_RETENTION,
                today=day,
                batch_size=batch_size,
                on_batch=lambda done, total: advance(done, total),
            )
    _print_report(app, report, output)


def _expired_document(e: Expired) -> dict[str, Any]:
    return {
        "kind": e.kind.value,
        "record": str(e.record),
        "position": e.position,
        "youths": list(e.youths),
        "ended": e.ended.isoformat(),
        "expired_on": e.expired_on.isoformat(),
        "held_by": list(e.held_by),
    }


def _count_document(c: KeptCount) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "year": c.year,
        "municipality": c.municipality,
        "detail": c.detail,
        "count": c.count,
    }


def _print_plan(app: App, plan: PurgePlan, output: str) -> None:
    summary = plan.summary()
    if output == "json":
        document = {
            "today": plan.today.isoformat(),
            "dry_run": True,
            "kinds": {
                kind.value: {"expired": going, "held": kept}
                for kind, (going, kept) in summary.items()
            },
            "expired": [_expired_document(e) for e in plan.expired],
            "held": [_expired_document(e) for e in plan.held],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Expired by {plan.today} (dry run: nothing changed)", title_justify="left")
    for column in ("kind", "expired", "kept under a hold"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, (going, kept) in summary.items():
        table.add_row(_KIND_NAMES[kind], str(going), str(kept))
    app.console.print(table)
    _print_items(app, "Would be removed", plan.expired)
    _print_items(app, "Kept under a legal hold", plan.held)


def _print_items(app: App, title: str, items: Sequence[Expired]) -> None:
    if not items:
        return
    emit(
        app,
        "table",
        title,
        ("kind", "record", "part", "youths", "ended", "expired on", "held by"),
        (
            (
                e.kind.value,
                e.record,
                "" if e.position is None else e.position + 1,
                " ".join(e.youths),
                e.ended,
                e.expired_on,
                " ".join(e.held_by),
            )
            for e in items
        ),
    )


def _print_report(app: App, report: PurgeReport, output: str) -> None:
    held = {kind: sum(e.kind is kind for e in report.held) for kind in PurgeKind}
    if output == "json":
        document = {
            "today": report.today.isoformat(),
            "dry_run": False,
            "kinds": {
                kind.value: {"removed": report.removed_of(kind), "held": held[kind]}
                for kind in PurgeKind
            },
            "held": [_expired_document(e) for e in report.held],
            "counts_kept": [_count_document(c) for c in report.counts],
            "events_forgotten": report.events_forgotten,
            "skipped": report.skipped,
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"Purged for {report.today}", title_justify="left")
    for column in ("kind", "removed", "kept under a hold"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind in PurgeKind:
        table.add_row(_KIND_NAMES[kind], str(report.removed_of(kind)), str(held[kind]))
    app.console.print(table)
    if report.events_forgotten:
        app.console.print(
            f"Forgot {report.events_forgotten} stored event(s) about the removed referrals "
            "(and their deliveries).",
            highlight=False,
            markup=False,
        )
    _print_items(app, "Kept under a legal hold", report.held)
    if report.counts:
        emit(
            app,
            "table",
            "Counts kept for statistics",
            ("kind", "year", "municipality", "detail", "count"),
            ((c.kind, c.year, c.municipality, c.detail, c.count) for c in report.counts),
        )
    if report.skipped:
        app.say(f"{report.skipped} record(s) changed or went since the plan; left as they are.")


# -- halt hold ----------------------------------------------------------------------------------


@click.command(short_help="Keep a youth's data past its period (legal hold); --lift, --list.")
@click.argument("pseudonym", required=False)
@click.option("--reason", metavar="TEXT", help="Why, e.g. 'bezwaarprocedure 2026-14'.")
@click.option("--lift", is_flag=True, help="Lift the hold on PSEUDONYM.")
@click.option("--list", "listing", is_flag=True, help="List every hold.")
@output_option("A table for people, or JSON for other tools (with --list).")
@pass_app
def hold(
    app: App, pseudonym: str | None, reason: str | None, lift: bool, listing: bool, output: str
) -> None:
    """Place a legal hold on PSEUDONYM's data, lift it (--lift), or list the holds (--list).

    A youth's data under a hold is kept past its retention period ('halt purge' keeps it
    and lists it) and cannot be erased ('halt erase'), until the hold is lifted: for a
    complaint, an objection or a court case that needs the records. Placing a hold on a
    youth that has one replaces it.
    """
    if listing:
        if pseudonym or lift or reason:
            raise CommandError("--list takes no PSEUDONYM, --reason or --lift")
        with app.store() as store, store.unit_of_work() as uow:
            holds = uow.privacy_log.holds()
        emit(
            app,
            output,
            "Legal holds",
            ("youth", "reason", "placed at", "placed by"),
            ((h.youth, h.reason, h.placed_at, h.placed_by) for h in holds),
        )
        return
    if pseudonym is None:
        raise CommandError("give a PSEUDONYM (with --reason, or --lift), or --list")
    youth = _pseudonym(pseudonym)
    if lift:
        if reason:
            raise CommandError("--lift takes no --reason")
        with app.store() as store, store.unit_of_work() as uow:
            lifted = uow.privacy_log.lift_hold(youth)
        if not lifted:
            raise CommandError(f"{youth} is not under a legal hold ('halt hold --list')")
        app.console.print(f"Lifted the legal hold on {youth}.", highlight=False, markup=False)
        return
    if not reason or not reason.strip():
        raise CommandError("say why with --reason TEXT, e.g. --reason 'klacht 2026-14'")
    placed = LegalHold(youth=youth, reason=reason.strip(), placed_at=_now(), placed_by=user_name())
    with app.store() as store, store.unit_of_work() as uow:
        uow.privacy_log.place_hold(placed)
    app.console.print(
        f"Placed a legal hold on {youth}: its data is kept until the hold is lifted.",
        highlight=False,
        markup=False,
    )


# -- halt erase ---------------------------------------------------------------------------------


@click.command(short_help="Erase one youth's data on request (the erasure is recorded).")
@click.argument("pseudonym")
@click.option("--reason", metavar="TEXT", required=True, help="The request, e.g. 'verzoek ouder'.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_app
def erase(app: App, pseudonym: str, reason: str, yes: bool) -> None:
    """Erase PSEUDONYM's data on request: referrals, and the youth on meeting agendas.

    The youth's referrals are removed; the youth is taken off every meeting's agenda, with
    the agenda items that name the pseudonym (the meetings stay). Counts for statistics are
    kept, and the erasure is recorded (when, by whom, why, how much). The disclosure log's
    entries about the youth stay until their own period ends: they show whom Halt gave the
    data to, and whom to tell of the erasure. Refused while the youth is under a legal hold.

    Asks for confirmation on a terminal; elsewhere (a script, a pipe) it needs --yes.
    """
    youth = _pseudonym(pseudonym)
    if not yes and not _interactive():
        raise CommandError(
            "erasing cannot be undone and standard input is not a terminal to confirm on: "
            "add --yes to erase without being asked"
        )
    with app.store() as store, store.unit_of_work() as uow:
        if not yes:
            referrals, meetings = youth_records(uow, youth)
            click.confirm(
                f"Erase {youth}: {len(referrals)} referral(s), on {len(meetings)} meeting "
                "agenda(s)? This cannot be undone",
                abort=True,
                err=True,
            )
        erasure = erase_youth(uow, youth, by=user_name(), reason=reason, now=_now())
    app.console.print(
        f"Erased {youth}: {erasure.referrals_removed} referral(s) removed, taken off "
        f"{erasure.cases_removed} agenda case(s), {erasure.events_forgotten} stored event(s) "
        "about them forgotten. The erasure is recorded; the disclosure log keeps its entries "
        "about the youth.",
        highlight=False,
        markup=False,
    )


# -- halt subject-access ------------------------------------------------------------------------


@click.command(
    "subject-access", short_help="Everything held about one youth, as a Dutch text or HTML file."
)
@click.argument("pseudonym")
@click.option(
    "--out", metavar="FILE", required=True, help="The file: .html for a web page, else text."
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@pass_app
def subject_access(app: App, pseudonym: str, out: str, force: bool) -> None:
    """Write everything held about PSEUDONYM to FILE, for the youth or a parent (AVG art. 15).

    In plain Dutch: the referrals, the meetings where the youth was discussed, every
    disclosure of the youth's data (to whom, when, why, on what legal basis, which data),
    legal holds, earlier erasures, and how long Halt keeps each. FILE ending in .html is a
    self-contained web page; any other name is plain text. The file is readable by you
    only, as it holds personal data. Giving it out is itself recorded in the disclosure
    log, in the same transaction; the file appears only once that is committed.
    """
    youth = _pseudonym(pseudonym)
    path = Path(out)
    if path.is_dir():
        raise CommandError(f"--out {out} is a folder; give a file name, e.g. {youth}.html")
    if path.exists() and not force:
        raise CommandError(f"{out} exists; choose another --out, or add --force to overwrite it")
    page = path.suffix.lower() in (".html", ".htm")
    now = _now()
    # Left in reverse order: the unit of work commits, then the file takes its name.
    with (
        app.store() as store,
        _file_when_committed(path) as stream,
        store.unit_of_work() as uow,
    ):
        report = read_subject_access(uow, youth, now=now)
        stream.write((as_html(report) if page else as_text(report)).encode("utf-8"))
        record_subject_access(
            uow,
            report,
            by=user_name(),
            channel="subject access html" if page else "subject access text",
            at=now,
        )
    if report.empty:
        app.say(f"Nothing is held under {youth}; the document says so.")
    app.console.print(
        f"Wrote {out}: {len(report.referrals)} referral(s), {len(report.meetings)} meeting(s), "
        f"{len(report.disclosures)} disclosure(s). Giving it out is recorded in the log.",
        highlight=False,
        markup=False,
    )


@contextlib.contextmanager
def _file_when_committed(path: Path) -> Iterator[Any]:
    """A private temporary file beside ``path``, moved onto it when the block ends well."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            yield stream
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
