"""``halt plan`` and ``halt advance``: move an intervention through its lifecycle.

Each command reads the intervention, applies one transition of
:data:`halt_core.lifecycle.INTERVENTION_LIFECYCLE`, and saves the result together with the
event it produced, in one unit of work. A refused transition says why and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from halt_adapters.cli._context import (
    App,
    fail,
    parse_date,
    parse_id,
    parse_moment,
    pass_app,
    period_of,
    user_name,
)
from halt_core.errors import ConcurrencyConflict
from halt_core.ids import InterventionId
from halt_core.lifecycle import (
    agree_intervention,
    cancel_intervention,
    decline_intervention,
    deliver_intervention,
    evaluate_intervention,
    reschedule_intervention,
    schedule_intervention,
    start_intervention_intake,
)
from halt_core.model import AMSTERDAM, Evaluation, Intervention, InterventionStatus, Session

__all__ = ["advance", "parse_session", "plan"]

_SESSION = re.compile(
    r"^\s*(?P<day>\d{4}-\d{2}-\d{2})[ T](?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})"
    r"\s*@\s*(?P<location>.+?)\s*$"
)

_WHO = click.option(
    "--by", default=user_name, show_default="$HALT_USER or your login", help="Who does it."
)
_AT = click.option("--at", metavar="DATETIME", help="When it happened (default: now).")
_IF_VERSION = click.option(
    "--if-version",
    "if_version",
    type=click.IntRange(1),
    metavar="N",
    help="Only if it is still at version N (as 'halt interventions show' gave it); "
    "else change nothing and exit 1.",
)


def parse_session(text: str, trainer: str | None) -> Session:
    """A session typed as ``2026-10-05 09:00-10:30 @ Het Lyceum`` (Europe/Amsterdam)."""
    found = _SESSION.match(text)
    if found is None:
        fail(
            f"--session {text!r}: write a session as '2026-10-05 09:00-10:30 @ location' "
            "(Europe/Amsterdam time)"
        )
    day = parse_date(found["day"], "--session")
    try:
        start, end = (dt.time.fromisoformat(found[p].zfill(5)) for p in ("start", "end"))
    except ValueError:
        fail(f"--session {text!r}: the times must be like 09:00 and 10:30")
    if end <= start:
        fail(f"--session {text!r}: it ends ({end:%H:%M}) before it starts ({start:%H:%M})")
    return Session(
        start=_wall_time(day, start, text),
        end=_wall_time(day, end, text),
        location=found["location"],
        trainer=trainer,
    )


def _wall_time(day: dt.date, time: dt.time, text: str) -> dt.datetime:
    """``time`` on ``day`` in Europe/Amsterdam; refused when the clocks skip or repeat it."""
    moment = dt.datetime.combine(day, time, AMSTERDAM)
    round_trip = moment.astimezone(dt.UTC).astimezone(AMSTERDAM)
    if round_trip.replace(tzinfo=None) != moment.replace(tzinfo=None):
        fail(
            f"--session {text!r}: {time:%H:%M} does not exist on {day}, when the clocks go "
            "forward from 02:00 to 03:00 in the Netherlands; pick another time"
        )
    if moment.utcoffset() != moment.replace(fold=1).utcoffset():
        fail(
            f"--session {text!r}: {time:%H:%M} happens twice on {day}, when the clocks go back "
            "from 03:00 to 02:00 in the Netherlands; pick another time"
        )
    return moment


@click.command(short_help="Plan the sessions of an intervention.")
@click.argument("intervention_id", metavar="ID")
@click.option(
    "--session",
    "sessions",
    multiple=True,
    required=True,
    metavar="'DATE HH:MM-HH:MM @ PLACE'",
    help="A session, e.g. '2026-10-05 09:00-10:30 @ Het Lyceum' (repeat for several).",
)
@click.option("--trainer", metavar="NAME", help="The trainer who gives the sessions.")
@_WHO
@_AT
@_IF_VERSION
@pass_app
def plan(
    app: App,
    intervention_id: str,
    sessions: tuple[str, ...],
    trainer: str | None,
    by: str,
    at: str | None,
    if_version: int | None,
) -> None:
    """Plan the sessions of agreed work (or plan a scheduled one again).

    The sessions replace any planned before; they must lie in the agreed period and not
    overlap. Agree the work first with 'halt advance ID agree --from DATE --to DATE'.
    """
    planned = [parse_session(text, trainer) for text in sessions]

    def step(current: Intervention, moment: dt.datetime) -> tuple[Intervention, Any]:
        if current.status is InterventionStatus.SCHEDULED:
            return reschedule_intervention(current, sessions=planned, by=by, at=moment)
        return schedule_intervention(current, sessions=planned, by=by, at=moment)

    _apply(app, intervention_id, at, if_version, step)


# The lifecycle's own transition names, so its messages name the steps typed here.
_STEPS = ("start_intake", "intake", "agree", "deliver", "evaluate", "decline", "cancel")


@click.command(short_help="Move an intervention one step through its lifecycle.")
@click.argument("intervention_id", metavar="ID")
@click.argument("step", type=click.Choice(_STEPS))
@click.option("--from", "start", metavar="DATE", help="agree: the first day of the work.")
@click.option("--to", "end", metavar="DATE", help="agree: the last day of the work.")
@click.option("--reason", metavar="TEXT", help="decline, cancel: why.")
@click.option("--summary", metavar="TEXT", help="evaluate: what the evaluation found.")
@click.option("--reached", type=click.IntRange(0), help="evaluate: how many people it reached.")
@click.option("--on", "evaluated_on", metavar="DATE", help="evaluate: the day (default: today).")
@_WHO
@_AT
@_IF_VERSION
@pass_app
def advance(
    app: App,
    intervention_id: str,
    step: str,
    start: str | None,
    end: str | None,
    reason: str | None,
    summary: str | None,
    reached: int | None,
    evaluated_on: str | None,
    by: str,
    at: str | None,
    if_version: int | None,
) -> None:
    """Move an intervention one STEP on: start_intake, agree, deliver, evaluate, ...

    \b
    requested --start_intake--> intake --agree--> agreed --(halt plan)--> scheduled
    scheduled --deliver--> delivered --evaluate--> evaluated
    decline: from requested or intake; cancel: from agreed or scheduled.
    'intake' is short for start_intake.
    """  # noqa: D301 -- \b is click's mark for a paragraph it must not rewrap

    def needs(value: str | None, option: str) -> str:
        if not value:
            fail(f"'halt advance ID {step}' needs {option}")
        return value

    def apply(current: Intervention, moment: dt.datetime) -> tuple[Intervention, Any]:
        if step in ("start_intake", "intake"):
            return start_intervention_intake(current, by=by, at=moment)
        if step == "agree":
            period = period_of(needs(start, "--from DATE"), needs(end, "--to DATE"))
            assert period is not None
            return agree_intervention(current, period=period, by=by, at=moment)
        if step == "deliver":
            return deliver_intervention(current, by=by, at=moment)
        if step == "evaluate":
            day = parse_date(evaluated_on, "--on") if evaluated_on else moment.date()
            if day > moment.date():
                fail(
                    f"--on {day}: the evaluation cannot be after the step is recorded "
                    f"({moment:%Y-%m-%d}); give --at the moment it was recorded"
                )
            evaluation = Evaluation(
                evaluated_on=day,
                summary=needs(summary, "--summary TEXT"),
                reached=reached,
            )
            return evaluate_intervention(current, evaluation=evaluation, by=by, at=moment)
        if step == "decline":
            return decline_intervention(
                current, reason=needs(reason, "--reason TEXT"), by=by, at=moment
            )
        return cancel_intervention(current, reason=needs(reason, "--reason TEXT"), by=by, at=moment)

    _apply(app, intervention_id, at, if_version, apply)


def _apply(
    app: App, intervention_id: str, at: str | None, if_version: int | None, step: Any
) -> None:
    wanted = InterventionId(parse_id(intervention_id, "intervention"))
    now = dt.datetime.now(AMSTERDAM)
    moment = parse_moment(at, "--at") if at else now
    if moment > now + dt.timedelta(minutes=5):
        fail(f"--at {at}: that lies in the future; a step is recorded when it happened")
    with app.store() as store, store.unit_of_work() as uow:
        read = uow.interventions.get_versioned(wanted)
        current, version = read.value, read.version
        if if_version is not None and version != if_version:
            # Checked before the step: it would be taken from a state the caller did not see.
            raise ConcurrencyConflict("intervention", wanted, if_version, version)
        updated, event = step(current, moment)
        saved = uow.interventions.save(updated, expected_version=version)
        uow.outbox.add(event)
        uow.commit()
    app.console.print(
        f"{updated.title}: {current.status.value} -> {updated.status.value} "
        f"(event {event.type}; now version {saved}).",
        highlight=False,
        markup=False,
    )
