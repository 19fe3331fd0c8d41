"""``halt check``: run the rule set on the stored network and report what is wrong."""

from __future__ import annotations

import datetime as dt
import json

import click

from halt_adapters.cli._context import EXIT_FAILED, App, output_option, parse_moment, pass_app
from halt_core.model import AMSTERDAM
from halt_core.plugins import rule_set
from halt_core.rules import Report, Severity, Violation

__all__ = ["check", "print_report"]


@click.command(short_help="Check the network with every rule (exit code 1 on errors).")
@click.option(
    "--lang",
    type=click.Choice(["en", "nl"]),
    default="en",
    show_default=True,
    help="The language of the report (--format json carries both languages).",
)
@output_option(
    "text for people; json (rule id, severity, subject, messages) for other tools.", "text"
)
@click.option(
    "--at",
    metavar="DATETIME",
    help="The moment 'the past' ends for the rules (default: now), e.g. 2026-09-01 12:00.",
)
@pass_app
def check(app: App, lang: str, output: str, at: str | None) -> None:
    """Check the stored network with every rule; exit code 1 when there are errors.

    Violations are grouped by severity, each with its rule id and what is wrong, naming the
    record. Rules from plugins are included; rules plugins turn off are not.
    """
    now = parse_moment(at, "--at") if at else dt.datetime.now(AMSTERDAM)
    with app.store() as store, store.unit_of_work() as uow:
        network = uow.load_network()
    rules = rule_set()
    report = rules.check(network, gazetteer=store.gazetteer, now=now)
    if output == "json":
        click.echo(json.dumps([_document(v) for v in report], ensure_ascii=False, indent=2))
    else:
        print_report(app, report, lang, len(rules))
    if report.errors:
        click.get_current_context().exit(EXIT_FAILED)


_WORDS = {
    "en": {
        "none": "{rules} rules checked the network: no violations.",
        "some": "{rules} rules checked the network: {count} violation(s).",
        Severity.ERROR: "ERROR",
        Severity.WARNING: "WARNING",
        Severity.ADVICE: "ADVICE",
    },
    "nl": {
        "none": "{rules} regels controleerden het netwerk: geen overtredingen.",
        "some": "{rules} regels controleerden het netwerk: {count} overtreding(en).",
        Severity.ERROR: "FOUT",
        Severity.WARNING: "WAARSCHUWING",
        Severity.ADVICE: "ADVIES",
    },
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
