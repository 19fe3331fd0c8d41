"""Sessions keep one id: in documents old and new, through re-planning, and in the rules."""

import datetime as dt
import json
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core import (
    AMSTERDAM,
    DROPPED_SESSIONS_KEPT,
    Area,
    Audience,
    Intervention,
    InterventionId,
    InterventionKind,
    InterventionRescheduled,
    InterventionScheduled,
    InterventionStatus,
    InvalidValue,
    Period,
    Session,
    SessionId,
    TargetGroup,
    TransitionRefused,
    event_from_dict,
    event_from_json,
    from_dict,
    from_json,
    new_id,
    reschedule_intervention,
    schedule_intervention,
    stable_id,
    to_dict,
    to_json,
)
from halt_core.events import Event
from halt_core.ids import EventId
from halt_core.model.interventions import NO_SESSION_ID
from halt_core.rules import default_rules
from halt_core.testing import strategies as hs

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 3, 2, 10, tzinfo=AMSTERDAM)
MARCH = Period(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
IID = stable_id(InterventionId, "sessions", "test")


def session(start: dt.datetime, location: str = "lokaal 8", **more: object) -> Session:
    return Session(start=start, end=start + HOUR, location=location, **more)  # type: ignore[arg-type]


def lesson(**changes: Any) -> Intervention:
    base = Intervention(
        id=IID,
        kind=InterventionKind.TAILORED,
        title="Maatwerk",
        target_group=TargetGroup(audience=Audience.PUPILS, description="groep 8"),
        area=Area.municipality("GM0363"),
        requested_on=dt.date(2026, 1, 5),
        period=MARCH,
        status=InterventionStatus.AGREED,
    )
    return attrs.evolve(base, **changes)


def derived(intervention_id: object, start: dt.datetime, *more: str) -> SessionId:
    return stable_id(SessionId, str(intervention_id), start.isoformat(), *more)


def without_ids(document: dict[str, object]) -> dict[str, object]:
    """``document`` as a halt_core before sessions had ids wrote it."""
    copy: dict[str, Any] = json.loads(json.dumps(document))
    for key in ("sessions", "previous_sessions"):
        for item in copy.get(key, ()):
            item.pop("id", None)
    for key in ("dropped_sessions", "moved", "added", "dropped"):
        copy.pop(key, None)
    return copy


# -- the model ----------------------------------------------------------------------------------


def test_a_session_without_an_id_gets_one_from_its_intervention_and_start() -> None:
    first, second = session(T0), session(T0 + DAY)
    assert first.id == NO_SESSION_ID  # on its own it has none yet
    planned = lesson(sessions=(first, second))
    assert [s.id for s in planned.sessions] == [derived(IID, T0), derived(IID, T0 + DAY)]
    assert lesson(sessions=(first, second)) == planned  # the same on every run


def test_sessions_that_start_together_get_different_ids() -> None:
    same = lesson(sessions=(session(T0), session(T0, "aula")))
    assert [s.id for s in same.sessions] == [derived(IID, T0), derived(IID, T0, "2")]


def test_a_derived_id_never_takes_a_given_or_dropped_one() -> None:
    given = attrs.evolve(session(T0 + DAY), id=derived(IID, T0))
    dropped = attrs.evolve(session(T0 + 2 * DAY), id=derived(IID, T0, "2"))
    planned = lesson(sessions=(session(T0), given), dropped_sessions=(dropped,))
    assert planned.sessions[0].id == derived(IID, T0, "3")
    assert planned.sessions[1].id == given.id


def test_a_dropped_session_without_an_id_gets_one_too() -> None:
    planned = lesson(sessions=(session(T0),), dropped_sessions=(session(T0, "aula"),))
    assert planned.dropped_sessions[0].id == derived(IID, T0, "2")


# -- documents ----------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(hs.interventions())
def test_a_round_trip_keeps_every_id(intervention: Intervention) -> None:
    assert all(s.id != NO_SESSION_ID for s in intervention.sessions)
    for read in (
        from_json(to_json(intervention), Intervention),
        from_dict(to_dict(intervention), Intervention),
    ):
        assert read == intervention
        assert [s.id for s in read.sessions] == [s.id for s in intervention.sessions]
        assert read.dropped_sessions == intervention.dropped_sessions


@settings(max_examples=60, deadline=None)
@given(hs.interventions())
def test_a_document_without_ids_reads_to_the_same_ids_every_time(
    intervention: Intervention,
) -> None:
    old = without_ids(to_dict(intervention))
    raw = json.dumps(old).encode()
    reads = [
        from_json(raw, Intervention),
        from_json(raw, Intervention),
        from_dict(old, Intervention),
        from_dict(json.loads(raw), Intervention),
    ]
    expected = lesson(
        id=intervention.id,
        sessions=tuple(attrs.evolve(s, id=NO_SESSION_ID) for s in intervention.sessions),
    ).sessions
    for read in reads:
        assert read == reads[0]
        assert [s.id for s in read.sessions] == [s.id for s in expected]
        assert read.dropped_sessions == ()
    # Written again, it keeps them.
    assert from_json(to_json(reads[0]), Intervention) == reads[0]


def test_an_old_document_reads_with_the_ids_the_brief_names() -> None:
    old = without_ids(to_dict(lesson(sessions=(session(T0), session(T0 + DAY)))))
    read = from_json(json.dumps(old), Intervention)
    assert [s.id for s in read.sessions] == [derived(IID, T0), derived(IID, T0 + DAY)]


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(hs.events(InterventionScheduled), hs.events(InterventionRescheduled)),
    st.booleans(),
)
def test_old_planning_events_read_to_the_ids_their_intervention_gets(
    event: Event, by_json: bool
) -> None:
    assert isinstance(event, InterventionScheduled | InterventionRescheduled)
    old = without_ids(to_dict(event))
    read = event_from_json(json.dumps(old)) if by_json else event_from_dict(old)
    again = event_from_dict(old)
    assert read == again
    assert isinstance(read, InterventionScheduled | InterventionRescheduled)
    owner = lesson(
        id=event.intervention,
        sessions=tuple(attrs.evolve(s, id=NO_SESSION_ID) for s in event.sessions),
    )
    assert [s.id for s in read.sessions] == [s.id for s in owner.sessions]


def test_the_schema_describes_the_new_fields() -> None:
    from halt_core.serialization import json_schema

    schema = json_schema(Intervention)
    session_schema = schema["$defs"]["Session"]
    assert session_schema["properties"]["id"]["format"] == "uuid"
    assert "id" not in session_schema.get("required", [])  # old documents have none
    assert "dropped_sessions" in schema["$defs"]["Intervention"]["properties"]


# -- re-planning ---------------------------------------------------------------------------------


def scheduled(*sessions: Session) -> Intervention:
    planned, _ = schedule_intervention(lesson(), sessions=sessions, by="x", at=T0 - 10 * DAY)
    return planned


def test_a_moved_session_keeps_its_id_and_a_dropped_one_is_remembered() -> None:
    before = scheduled(session(T0), session(T0 + DAY), session(T0 + 2 * DAY))
    first, second, third = before.sessions
    moved = attrs.evolve(first, start=T0 + 7 * DAY, end=T0 + 7 * DAY + HOUR)
    added = session(T0 + 9 * DAY)
    after, event = reschedule_intervention(
        before, sessions=[moved, session(T0 + DAY), added], by="x", at=T0 - DAY
    )
    assert [s.id for s in after.sessions[:2]] == [first.id, second.id]
    assert after.sessions[0].start == T0 + 7 * DAY
    assert after.sessions[2].id not in {first.id, second.id, third.id}
    assert after.dropped_sessions == (third,)
    assert event.moved == (first.id,)
    assert event.added == (after.sessions[2].id,)
    assert event.dropped == (third.id,)
    assert event.previous_sessions == before.sessions
    assert event_from_json(to_json(event)) == event


def test_a_session_given_again_leaves_the_dropped_ones() -> None:
    before = scheduled(session(T0), session(T0 + DAY))
    first, second = before.sessions
    dropped, _ = reschedule_intervention(before, sessions=[first], by="x", at=T0 - DAY)
    assert dropped.dropped_sessions == (second,)
    back, event = reschedule_intervention(dropped, sessions=[first, second], by="x", at=T0 - DAY)
    assert back.sessions == (first, second)
    assert back.dropped_sessions == ()
    assert event.added == (second.id,)


def test_a_new_session_at_a_dropped_ones_time_is_a_new_session() -> None:
    before = scheduled(session(T0), session(T0 + DAY))
    first, second = before.sessions
    moved = attrs.evolve(second, start=T0 + 3 * DAY, end=T0 + 3 * DAY + HOUR)
    after, _ = reschedule_intervention(before, sessions=[moved], by="x", at=T0 - DAY)
    again, event = reschedule_intervention(
        after, sessions=[moved, session(T0)], by="x", at=T0 - DAY
    )
    assert again.sessions[1].id not in {first.id, second.id}
    assert again.dropped_sessions == (first,)
    assert event.added == (again.sessions[1].id,)


def test_dropped_sessions_are_forgotten_once_long_past() -> None:
    before = scheduled(session(T0), session(T0 + DAY))
    first, second = before.sessions
    after, _ = reschedule_intervention(before, sessions=[first], by="x", at=T0)
    assert after.dropped_sessions == (second,)
    still = second.end.astimezone(dt.UTC) + DROPPED_SESSIONS_KEPT  # 90 days, not wall time
    kept, _ = reschedule_intervention(after, sessions=[first], by="x", at=still)
    assert kept.dropped_sessions == (second,)
    gone, _ = reschedule_intervention(after, sessions=[first], by="x", at=still + HOUR)
    assert gone.dropped_sessions == ()


def test_two_sessions_with_one_id_are_refused() -> None:
    before = scheduled(session(T0))
    (first,) = before.sessions
    twin = attrs.evolve(first, start=T0 + DAY, end=T0 + DAY + HOUR)
    with pytest.raises(TransitionRefused, match="two sessions have the id"):
        reschedule_intervention(before, sessions=[first, twin], by="x", at=T0)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_replanning_keeps_the_ids_of_moved_sessions(data: st.DataObject) -> None:
    days = data.draw(st.lists(st.integers(0, 27), min_size=1, max_size=5, unique=True))
    before = scheduled(*(session(T0 + d * DAY) for d in days))
    moving = data.draw(st.lists(st.sampled_from(before.sessions), unique_by=lambda s: s.id))
    free = [d for d in range(28) if d not in days]
    targets = data.draw(st.permutations(free))
    moved = [
        attrs.evolve(s, start=T0 + d * DAY + HOUR / 2, end=T0 + d * DAY + 2 * HOUR)
        for s, d in zip(moving, targets, strict=False)
    ]
    new = [session(T0 + d * DAY + 5 * HOUR) for d in targets[len(moved) :][:2]]
    plan = data.draw(st.permutations([*moved, *new]))
    if not plan:
        return
    after, event = reschedule_intervention(before, sessions=plan, by="x", at=T0 - DAY)
    by_id = {s.id: s for s in after.sessions}
    for s in moved:
        assert by_id[s.id] == s
    kept = {s.id for s in moved}
    assert after.dropped_sessions == tuple(s for s in before.sessions if s.id not in kept)
    assert set(event.moved) == kept
    assert event.dropped == tuple(s.id for s in after.dropped_sessions)
    assert len(event.added) == len(new)


# -- the rescheduling event ------------------------------------------------------------------------


def test_an_event_that_says_the_wrong_changes_is_refused() -> None:
    before = scheduled(session(T0), session(T0 + DAY))
    first, second = before.sessions
    common = {
        "id": new_id(EventId),
        "occurred_at": T0,
        "actor": "x",
        "intervention": IID,
        "from_status": InterventionStatus.SCHEDULED,
        "to_status": InterventionStatus.SCHEDULED,
        "sessions": (first,),
        "previous_sessions": (first, second),
    }
    worked_out = InterventionRescheduled(**common)  # type: ignore[arg-type]
    assert (worked_out.moved, worked_out.added, worked_out.dropped) == ((), (), (second.id,))
    assert InterventionRescheduled(**common, dropped=(second.id,)) == worked_out  # type: ignore[arg-type]
    with pytest.raises(InvalidValue) as info:
        InterventionRescheduled(**common, added=(second.id,))  # type: ignore[arg-type]
    assert info.value.field == "added"


# -- the rule --------------------------------------------------------------------------------------


def test_two_sessions_with_one_id_break_hc_interv_017() -> None:
    first = session(T0)
    first = attrs.evolve(first, id=derived(IID, T0))
    twin = attrs.evolve(first, start=T0 + DAY, end=T0 + DAY + HOUR)
    value = lesson(status=InterventionStatus.SCHEDULED, sessions=(first, twin))
    found = [v for v in default_rules().check_value(value, now=T0) if v.rule_id == "HC-INTERV-017"]
    assert [v.message_en for v in found] == [
        f"Sessions of Maatwerk share the id {first.id}: the one on 2026-03-02 10:00 and the one "
        "on 2026-03-03 10:00."
    ]
    assert found[0].message_nl == (
        f"Bijeenkomsten van Maatwerk hebben hetzelfde id {first.id}: die op 2026-03-02 10:00 en "
        "die op 2026-03-03 10:00."
    )
    dropped = lesson(
        status=InterventionStatus.SCHEDULED, sessions=(first,), dropped_sessions=(twin,)
    )
    (violation,) = [
        v for v in default_rules().check_value(dropped, now=T0) if v.rule_id == "HC-INTERV-017"
    ]
    assert "the one on 2026-03-02 10:00 and the dropped one on 2026-03-03 10:00" in (
        violation.message_en
    )
    assert "die op 2026-03-02 10:00 en de geschrapte op 2026-03-03 10:00" in violation.message_nl


def test_distinct_ids_break_no_rule() -> None:
    value = lesson(status=InterventionStatus.SCHEDULED, sessions=(session(T0), session(T0)))
    report = default_rules().check_value(value, now=T0)
    assert "HC-INTERV-017" not in {v.rule_id for v in report}
