"""``halt check``: run the rule set on the stored network and report what is wrong.

After the rules' violations it lists what the store set aside when it migrated (see
:mod:`halt_core.storage.repairs`): values taken out of records because the model refuses
them, each reported under the id ``HC-STORE-001`` as a warning, which leaves the exit code
as it is.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping, Sequence

import click

from halt_adapters.cli._context import EXIT_FAILED, App, CommandError, pass_app
from halt_adapters.cli._parsing import arrondissement_of, parse_moment
from halt_adapters.cli._scope import print_scope
from halt_core.model import AMSTERDAM
from halt_core.plugins import rule_set
from halt_core.rules import Report, Severity, Subject, Violation
from halt_core.scoped import check_arrondissement, check_by_region, check_changed
from halt_core.storage import RECORD_KINDS, SetAside, UnitOfWork

__all__ = ["SET_ASIDE_ID", "check", "print_report", "print_set_aside"]

SET_ASIDE_ID = "HC-STORE-001"
"""The id ``halt check`` reports what the store set aside under (a store's report, not a rule)."""


@click.command(short_help="Check the network with every rule (exit code 1 on errors).")
@click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default=None,
    help="The language of the report (default: halt's --lang; --format json carries both "
    "languages).",
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json", "jsonl"]),
    default="text",
    show_default=True,
    help="text for people; json (one array of violations: rule id, severity, subject, "
    "messages) or jsonl (one violation per line) for other tools.",
)
@click.option(
    "--at",
    metavar="DATETIME",
    help="The moment 'the past' ends for the rules (default: now), e.g. 2026-09-01 12:00.",
)
@click.option(
    "--arrondissement",
    metavar="NAME",
    help="Check only the records in this arrondissement (and the meetings of its forums).",
)
@click.option(
    "--changed-since",
    "changed_since",
    metavar="DATETIME",
    help="Check only what was added or saved since then, and the records it touches, e.g. "
    "2026-09-01 12:00.",
)
@pass_app
def check(
    app: App,
    lang: str | None,
    output: str,
    at: str | None,
    arrondissement: str | None,
    changed_since: str | None,
) -> None:
    """Check the stored network with every rule; exit code 1 when there are errors.

    Violations are grouped by severity, each with its rule id and what is wrong, naming the
    record. Rules from plugins are included; rules plugins turn off are not. After them come
    the values the store set aside when it was migrated (HC-STORE-001, warnings): values
    an earlier version stored that the model now refuses, per record, with where they were,
    what they were and why.

    The whole store is checked one arrondissement at a time, so a national store needs the
    memory of its largest region. --arrondissement checks one region's records, and
    --changed-since what changed since a moment: each reports exactly what the whole check
    reports about those records, reading only what they need; the text report ends by
    saying what was checked and which rules read records outside it.
    """
    now = parse_moment(at, "--at") if at else dt.datetime.now(AMSTERDAM)
    if arrondissement is not None and changed_since is not None:
        raise CommandError("give --arrondissement or --changed-since, not both")
    region = arrondissement_of(arrondissement) if arrondissement is not None else None
    since = parse_moment(changed_since, "--changed-since") if changed_since else None
    rules = rule_set()
    with app.store() as store, store.unit_of_work() as uow:
        if region is not None:
            scoped = check_arrondissement(uow, region, rules, now=now)
            scope = (f"arrondissement {region.value}", f"arrondissement {region.value}")
        elif since is not None:
            scoped = check_changed(uow, since, rules, now=now)
            shown = f"{since.astimezone(AMSTERDAM):%Y-%m-%d %H:%M}"
            scope = (f"what changed since {shown}", f"wat sinds {shown} veranderde")
        else:
            scope = ("the whole store, region by region", "de hele opslag, regio voor regio")
            with app.progress("Checking, region by region") as advance:
                scoped = check_by_region(
                    uow, rules, now=now, progress=lambda _, done, total: advance(done, total)
                )
        # What the store set aside is reported with a whole check only: it is about the store.
        set_aside = uow.set_aside() if region is None and since is None else ()
        names = _names(uow, set_aside)
    report = scoped.report
    if output != "text":
        documents = [_document(v) for v in report]
        documents += [_set_aside_document(item, names) for item in set_aside]
        if output == "json":
            click.echo(json.dumps(documents, ensure_ascii=False, indent=2))
        else:
            for document in documents:
                click.echo(json.dumps(document, ensure_ascii=False))
    else:
        language = lang or app.language
        print_report(app, report, language, len(rules))
        print_set_aside(app, set_aside, names, language)
        print_scope(app, scoped, language, scope)
    if report.errors:
        click.get_current_context().exit(EXIT_FAILED)


_WORDS = {
    "en": {
        "none": "{rules} rules checked the network: no violations.",
        "some": "{rules} rules checked the network: {count} violation(s).",
        Severity.ERROR: "ERROR",
        Severity.WARNING: "WARNING",
        Severity.ADVICE: "ADVICE",
        "set aside": "Set aside when the store was migrated ({count}, in {records} record(s))",
        "gone": "(no longer in the store)",
        "version": "schema version {version}, {at}",
    },
    "nl": {
        "none": "{rules} regels controleerden het netwerk: geen overtredingen.",
        "some": "{rules} regels controleerden het netwerk: {count} overtreding(en).",
        Severity.ERROR: "FOUT",
        Severity.WARNING: "WAARSCHUWING",
        Severity.ADVICE: "ADVIES",
        "set aside": (
            "Terzijde gelegd bij de migratie van de opslag ({count}, in {records} record(s))"
        ),
        "gone": "(niet meer in de opslag)",
        "version": "schemaversie {version}, {at}",
    },
}

_MESSAGES = {
    "en": (
        "The store's migration to schema version {version} took {path} out of {record}: "
        "{value} ({reason}). Ask the {subject} for the right value and enter it again."
    ),
    "nl": (
        "De migratie van de opslag naar schemaversie {version} haalde {path} uit {record}: "
        "{value} (reden, in het Engels: {reason}). Vraag de juiste waarde na bij de "
        "{subject} en voer die opnieuw in."
    ),
}


def print_report(app: App, report: Report, lang: str, rule_count: int) -> None:
    """Print ``report`` grouped by severity, most serious first, in ``lang`` (en or nl)."""
    words = _WORDS[lang]
    if not report:
        app.console.print(str(words["none"]).format(rules=rule_count))
        return
    app.console.print(str(words["some"]).format(rules=rule_count, count=len(report)))
    for severity in Severity:
        found = report.filter(severity=severity)
        if not found:
            continue
        app.console.print(f"\n[bold]{words[severity]}[/bold] ({len(found)})")
        for violation in found:
            app.console.print(
                f"  {violation.rule_id}  {violation.subject.value} {violation.subject_id}",
                highlight=False,
            )
            app.console.print(f"      {violation.message(lang)}", highlight=False, markup=False)


def print_set_aside(
    app: App, items: Sequence[SetAside], names: Mapping[tuple[str, uuid.UUID], str], lang: str
) -> None:
    """Print what the store set aside when it migrated, per record, in ``lang`` (en or nl).

    Prints nothing when nothing was set aside. ``names`` gives a record's name by kind and
    id; a record not in it is said to be no longer in the store.
    """
    if not items:
        return
    words = _WORDS[lang]
    by_record: dict[tuple[str, uuid.UUID], list[SetAside]] = {}
    for item in items:
        by_record.setdefault((item.kind, item.record_id), []).append(item)
    heading = str(words["set aside"]).format(count=len(items), records=len(by_record))
    app.console.print(f"\n[bold]{words[Severity.WARNING]}[/bold]: {heading}")
    for (kind, record_id), found in by_record.items():
        name = names.get((kind, record_id), str(words["gone"]))
        app.console.print(
            f"  {SET_ASIDE_ID}  {_subject(kind)} {record_id}  {name}", highlight=False, markup=False
        )
        for item in found:
            when = str(words["version"]).format(version=item.schema_version, at=_moment(item.at))
            app.console.print(
                f"      {item.path}: {item.value!r} ({when})", highlight=False, markup=False
            )
            app.console.print(f"          {item.reason}", highlight=False, markup=False)


def _names(uow: UnitOfWork, items: Sequence[SetAside]) -> dict[tuple[str, uuid.UUID], str]:
    """The name (or title) of each record ``items`` are about, by kind and id, where stored."""
    names: dict[tuple[str, uuid.UUID], str] = {}
    wanted: dict[str, set[uuid.UUID]] = {}
    for item in items:
        wanted.setdefault(item.kind, set()).add(item.record_id)
    for kind in RECORD_KINDS.values():
        if kind.name not in wanted:
            continue
        for record in getattr(uow, kind.name).find_many(sorted(wanted[kind.name], key=str)):
            name = getattr(record, "name", None) or getattr(record, "title", None)
            if isinstance(name, str):
                names[(kind.name, record.id)] = name
    return names


def _subject(kind: str) -> str:
    """The subject word of a kind of record: ``"partner"`` for ``"partners"``."""
    for subject in Subject:
        if subject.collection == kind:
            return subject.value
    return kind


def _moment(at: dt.datetime) -> str:
    return at.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")


def _set_aside_document(
    item: SetAside, names: Mapping[tuple[str, uuid.UUID], str]
) -> dict[str, object]:
    """``item`` in the shape of a violation (so tools reading the list need no change)."""
    subject = _subject(item.kind)
    name = names.get((item.kind, item.record_id))
    fields = {
        "version": item.schema_version,
        "path": item.path,
        "subject": subject,
        "record": f"{subject} {name or item.record_id}",
        "value": repr(item.value),
        "reason": item.reason,
    }
    return {
        "rule_id": SET_ASIDE_ID,
        "severity": Severity.WARNING.value,
        "subject": subject,
        "subject_id": str(item.record_id),
        "related": [],
        "message_en": _MESSAGES["en"].format(**fields),
        "message_nl": _MESSAGES["nl"].format(**fields),
        "set_aside": {
            "kind": item.kind,
            "name": name,
            "path": item.path,
            "value": item.value,
            "reason": item.reason,
            "schema_version": item.schema_version,
            "at": item.at.isoformat(),
        },
    }


def _document(violation: Violation) -> dict[str, object]:
    return {
        "rule_id": violation.rule_id,
        "severity": violation.severity.value,
        "subject": violation.subject.value,
        "subject_id": str(violation.subject_id),
        "related": [str(r) for r in violation.related],
        "message_en": violation.message_en,
        "message_nl": violation.message_nl,
    }
