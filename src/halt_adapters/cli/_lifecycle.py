"""``halt plan`` and ``halt advance``: move an intervention through its lifecycle.

Each command reads the intervention, applies one transition of
:data:`halt_core.lifecycle.INTERVENTION_LIFECYCLE`, and saves the result together with the
event it produced, in one unit of work. A refused transition says why and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs
import click

from halt_adapters.cli._context import App, fail, pass_app, user_name
from halt_adapters.cli._parsing import parse_date, parse_id, parse_moment, period_of
from halt_core.errors import ConcurrencyConflict, InvalidValue
from halt_core.events import InterventionRescheduled
from halt_core.ids import InterventionId, SessionId
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
from halt_core.model.periods import local_time

__all__ = ["advance", "parse_session", "plan"]

_SESSION = re.compile(
    r"^\s*(?P<day>\d{4}-\d{2}-\d{2})[ T](?P<start>\d{1,2}:\d{2})(?P<start_offset>\+\d{2}:\d{2})?"
    r"\s*-\s*(?P<end>\d{1,2}:\d{2})(?P<end_offset>\+\d{2}:\d{2})?\s*@\s*(?P<location>.+?)\s*$"
)
# '#2 2026-10-12 09:00-10:30 @ place': session 2 of the plan, moved; '#9b2f0c4e ...' by its id.
_REFERENCE = re.compile(r"^\s*#(?P<ref>[0-9A-Fa-f-]+)\s+(?P<rest>.*)$", re.DOTALL)
_MIN_ID_PREFIX = 8

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
    """A session typed as ``2026-10-05 09:00-10:30 @ Het Lyceum`` (Europe/Amsterdam).

    A time may carry its offset, ``02:30+01:00``, to say which of the two 02:30s of the day
    the clocks go back is meant (``+02:00`` the first, in summer time; ``+01:00`` the
    second, in winter time). Without one, such a time is refused, as is one the clocks skip
    in spring: :func:`halt_core.model.periods.local_time` decides, in its words.
    """
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
    begins = _wall_time(day, start, found["start_offset"], text)
    ends = _wall_time(day, end, found["end_offset"], text)
    if ends.astimezone(dt.UTC) <= begins.astimezone(dt.UTC):
        fail(f"--session {text!r}: it ends ({end:%H:%M}) before it starts ({start:%H:%M})")
    return Session(start=begins, end=ends, location=found["location"], trainer=trainer)


def _wall_time(day: dt.date, time: dt.time, offset: str | None, text: str) -> dt.datetime:
    """``time`` on ``day`` in Europe/Amsterdam, at ``offset`` (``+01:00``) if given.

    :func:`~halt_core.model.periods.local_time` refuses a time the clocks skip, and one they
    go through twice unless the offset says which.
    """
    wall = dt.datetime.combine(day, time)
    fold = None
    if offset is not None:
        hours, minutes = (int(part) for part in offset[1:].split(":"))
        wanted = dt.timedelta(hours=hours, minutes=minutes)
        folds = [f for f in (0, 1) if wall.replace(tzinfo=AMSTERDAM, fold=f).utcoffset() == wanted]
        if not folds:
            actual = wall.replace(tzinfo=AMSTERDAM).isoformat(sep=" ", timespec="minutes")
            fail(
                f"--session {text!r}: {time:%H:%M}{offset} is not a time on a Dutch clock on "
                f"{day}; there it is {actual[11:]} (or leave the offset out)"
            )
        fold = folds[0]
    try:
        return local_time(wall, fold=fold)
    except InvalidValue as error:
        first, second = (
            wall.replace(tzinfo=AMSTERDAM, fold=f).isoformat(timespec="minutes")[11:]
            for f in (0, 1)
        )
        hint = ""
        if first[5:] > second[5:]:  # the offsets: the clocks go back, so say which
            hint = f"; in --session write {first} for the first or {second} for the second"
        fail(f"--session {text!r}: {error.allowed}{hint}")


@click.command(short_help="Plan the sessions of an intervention.")
@click.argument("intervention_id", metavar="ID")
@click.option(
    "--session",
    "sessions",
    multiple=True,
    required=True,
    metavar="'[#N] DATE HH:MM-HH:MM @ PLACE'",
    help="A session, e.g. '2026-10-05 09:00-10:30 @ Het Lyceum' (repeat for several). "
    "Start it with #N to move session N of the current plan (its place in the list of "
    "'halt interventions show ID', 1 for the first) or #ID (its id, or the first 8 or more "
    "characters of it): it keeps its id. Times are Dutch clock times: one the clocks skip "
    "when summer time starts (02:00-02:59 on the last Sunday of March) is refused; on the "
    "day they go back, 02:00-02:59 happens twice, so give it with its offset: "
    "'2026-10-25 02:30+02:00-04:00 @ Het Lyceum' for the first 02:30 (summer time), "
    "02:30+01:00 for the second (winter time).",
)
@click.option(
    "--trainer",
    metavar="NAME",
    help="The trainer who gives the sessions (default: a session already planned keeps its "
    "trainer, a new one has none).",
)
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

    \b
    The sessions replace the plan; they must lie in the agreed period and not
    overlap. Each session already planned keeps its id (so calendars update
    its event rather than add one) when it is given again:
    - at the same start: '2026-10-05 09:00-10:30 @ Het Lyceum';
    - moved, by its number or id: '#2 2026-10-12 09:00-10:30 @ Het Lyceum'.
    A session planned before and not given is dropped: calendars show it as
    cancelled. Agree the work first with 'halt advance ID agree --from DATE
    --to DATE'.

    \b
    Daylight saving: a time the clocks skip (02:30 on 2026-03-29) is refused;
    one they go through twice (02:30 on 2026-10-25) needs its offset, +02:00
    for the first (summer time) or +01:00 for the second (winter time):
    '2026-10-25 02:30+01:00-04:00 @ Het Lyceum'.
    """  # noqa: D301 -- \b is click's mark for a paragraph it must not rewrap
    given = [_session_reference(text) for text in sessions]
    parsed = [(ref, parse_session(text, trainer)) for ref, text in given]

    def step(current: Intervention, moment: dt.datetime) -> tuple[Intervention, Any]:
        planned = _identified(current, parsed, trainer_given=trainer is not None)
        if current.status is InterventionStatus.SCHEDULED:
            return reschedule_intervention(current, sessions=planned, by=by, at=moment)
        return schedule_intervention(current, sessions=planned, by=by, at=moment)

    _updated, event = _apply(app, intervention_id, at, if_version, step)
    if isinstance(event, InterventionRescheduled):
        app.console.print(
            f"Sessions: {len(event.moved)} moved, {len(event.added)} added, "
            f"{len(event.dropped)} dropped.",
            highlight=False,
            markup=False,
        )


def _session_reference(text: str) -> tuple[str | None, str]:
    """``text`` split into the reference after a leading ``#`` (if any) and the session."""
    found = _REFERENCE.match(text)
    if found is None:
        return None, text
    return found["ref"], found["rest"]


def _identified(
    current: Intervention,
    parsed: list[tuple[str | None, Session]],
    *,
    trainer_given: bool,
) -> list[Session]:
    """The sessions typed, each that is one planned before with its id (and its trainer).

    A session referred to by ``#N`` or ``#ID`` is that session; one without a reference
    that starts when a planned one does is that one. Without ``--trainer`` each keeps the
    trainer it had.
    """
    by_start = {s.start.astimezone(dt.UTC): s for s in current.sessions}
    claimed: set[SessionId] = set()
    found: list[Session | None] = []
    for ref, _session in parsed:
        earlier = _referred(current, ref) if ref is not None else None
        if earlier is not None:
            if earlier.id in claimed:
                fail(f"--session '#{ref} ...': that session is given twice; give it once")
            claimed.add(earlier.id)
        found.append(earlier)
    for index, (ref, session) in enumerate(parsed):
        if ref is None:
            same = by_start.get(session.start.astimezone(dt.UTC))
            if same is not None and same.id not in claimed:
                claimed.add(same.id)
                found[index] = same
    planned = []
    for (_ref, session), earlier in zip(parsed, found, strict=True):
        if earlier is not None:
            keep = session.trainer if trainer_given else earlier.trainer
            session = attrs.evolve(session, id=earlier.id, trainer=keep)
        planned.append(session)
    return planned


def _referred(current: Intervention, ref: str) -> Session:
    """The session ``#ref`` names: a number in the plan, or an id (or its first characters)."""
    if ref.isdigit():
        number = int(ref)
        if not 1 <= number <= len(current.sessions):
            count = len(current.sessions)
            numbered = (
                "1 session, #1," if count == 1 else f"{count} sessions, numbered 1 to {count}"
            )
            fail(
                f"--session '#{ref} ...': the plan has {numbered} as 'halt interventions show "
                "ID' lists them"
                if count
                else f"--session '#{ref} ...': nothing is planned yet; leave the #{ref} out"
            )
        return current.sessions[number - 1]
    wanted = ref.lower()
    if len(wanted.replace("-", "")) < _MIN_ID_PREFIX:
        fail(
            f"--session '#{ref} ...': give a session's number, or at least "
            f"{_MIN_ID_PREFIX} characters of its id"
        )
    matches = [
        s for s in (*current.sessions, *current.dropped_sessions) if str(s.id).startswith(wanted)
    ]
    if len(matches) != 1:
        problem = "no session has" if not matches else f"{len(matches)} sessions have"
        fail(
            f"--session '#{ref} ...': {problem} an id starting with {ref}; see the ids in "
            "'halt interventions show ID --format json'"
        )
    return matches[0]


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
) -> tuple[Intervention, Any]:
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
    return updated, event
