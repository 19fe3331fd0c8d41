"""Meeting events and the functions that make them: plan, move and cancel a forum's meeting.

Meetings have no status, so there is no lifecycle to walk: these tests check the values the
functions return, every refusal and its message, the time slots the events keep (as Meeting
keeps them), and that the events read back from JSON and carry no agenda or cases.
"""

import datetime as dt
import json
import uuid

import attrs
import pytest
from hypothesis import Phase, assume, find, given, settings
from hypothesis import strategies as st

from halt_adapters.storage.memory import MemoryStore
from halt_core import (
    AMSTERDAM,
    EVENT_TYPES,
    LIFECYCLES,
    AgendaItem,
    CaseOnAgenda,
    Event,
    EventId,
    ForumId,
    InvalidDocument,
    InvalidValue,
    Meeting,
    MeetingCancelled,
    MeetingEvent,
    MeetingId,
    MeetingMoved,
    MeetingPlanned,
    NotificationParked,
    PartnerEnded,
    TransitionRefused,
    YouthPseudonym,
    cancel_meeting,
    event_from_dict,
    event_from_json,
    from_json,
    move_meeting,
    plan_meeting,
    to_dict,
    to_json,
)
from halt_core.demo import generate
from halt_core.notify import Recipient, compose
from halt_core.rules import default_rules
from halt_core.testing import strategies as hs

MEETING_EVENTS = [MeetingPlanned, MeetingMoved, MeetingCancelled]
T0 = dt.datetime(2025, 10, 6, 14, 0, tzinfo=AMSTERDAM)
NOW = dt.datetime(2025, 9, 15, 9, 30, tzinfo=AMSTERDAM)
EVENT_ID = EventId(uuid.UUID(int=1))
MEETING_ID = MeetingId(uuid.UUID(int=2))
FORUM_ID = ForumId(uuid.UUID(int=3))


def a_meeting(**changes):
    values = {
        "id": MEETING_ID,
        "forum": FORUM_ID,
        "start": T0,
        "end": T0 + dt.timedelta(hours=2),
        "location": "Veiligheidshuis Zaanstreek, Zaandam",
        "agenda": (AgendaItem(title="Casuïstiek"),),
        "cases": (CaseOnAgenda(youth=YouthPseudonym("ZS-4F7K2Q9M"), municipality="GM0479"),),
    }
    return Meeting(**{**values, **changes})


def event_values(cls, **changes):
    values = {
        "id": EVENT_ID,
        "occurred_at": NOW,
        "actor": "tr.jansen",
        "meeting": MEETING_ID,
        "forum": FORUM_ID,
        "start": T0,
        "end": T0 + dt.timedelta(hours=2),
        "location": "online",
    }
    if cls is MeetingMoved:
        values |= {
            "previous_start": T0 - dt.timedelta(days=1),
            "previous_end": T0 - dt.timedelta(days=1) + dt.timedelta(hours=2),
            "previous_location": "Stadhuis Zaandam",
        }
    if cls is MeetingCancelled:
        values |= {"version": 3, "reason": "te weinig aanmeldingen"}
    return {**values, **changes}


# -- the events -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", MEETING_EVENTS, ids=lambda c: c.__name__)
@given(data=st.data())
def test_meeting_events_round_trip_through_json(cls, data):
    event = data.draw(hs.events(cls))
    assert type(event) is cls
    document = to_json(event)
    assert event_from_json(document) == event
    assert event_from_dict(json.loads(document)) == event
    assert from_json(document, cls) == event
    again = event_from_json(document)
    assert isinstance(event, MeetingPlanned | MeetingMoved | MeetingCancelled)
    assert isinstance(again, MeetingPlanned | MeetingMoved | MeetingCancelled)
    assert again.start.tzinfo is AMSTERDAM
    assert again.start.astimezone(dt.UTC) == event.start.astimezone(dt.UTC)


@given(hs.events(MeetingMoved))
def test_a_moved_meeting_keeps_both_slots_in_amsterdam_and_means_the_same_instants(event):
    for name in ("start", "end", "previous_start", "previous_end"):
        assert getattr(event, name).tzinfo is AMSTERDAM
    assert event.end.astimezone(dt.UTC) > event.start.astimezone(dt.UTC)
    assert event.previous_end.astimezone(dt.UTC) > event.previous_start.astimezone(dt.UTC)
    assert event.occurred_at.tzinfo is dt.UTC


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("nl.halt.meeting.planned", MeetingPlanned),
        ("nl.halt.meeting.moved", MeetingMoved),
        ("nl.halt.meeting.cancelled", MeetingCancelled),
    ],
)
def test_the_meeting_events_are_known_by_their_type_names(name, cls):
    assert EVENT_TYPES[name] is cls
    event = cls(**event_values(cls))
    assert event.type == name
    assert event.subject == MEETING_ID
    assert to_dict(event)["type"] == name


@pytest.mark.parametrize("cls", MEETING_EVENTS, ids=lambda c: c.__name__)
def test_meeting_events_carry_no_status_agenda_or_cases(cls):
    fields = set(attrs.fields_dict(cls))
    assert not fields & {"from_status", "to_status", "agenda", "cases"}


def test_the_base_is_not_built_directly():
    with pytest.raises(TypeError, match="build one of its subclasses"):
        MeetingEvent(id=EVENT_ID, occurred_at=NOW, actor="x", meeting=MEETING_ID, forum=FORUM_ID)


@pytest.mark.parametrize("cls", MEETING_EVENTS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    ("field", "bad", "says"),
    [
        ("start", dt.datetime(2025, 10, 6, 14, 0), "time zone"),
        ("end", T0, "after the start"),
        ("end", T0 - dt.timedelta(minutes=1), "after the start"),
        ("end", dt.datetime(2200, 1, 2, tzinfo=dt.UTC), "1970"),
        ("location", " ", "not only spaces"),
        ("location", "x" * 201, "1 to 200"),
        ("meeting", "not an id", "an id"),
        ("occurred_at", dt.datetime(2025, 9, 15, 9, 30), "time zone"),
    ],
)
def test_impossible_meeting_events_are_refused(cls, field, bad, says):
    with pytest.raises(InvalidValue, match=says) as info:
        cls(**event_values(cls, **{field: bad}))
    assert (info.value.owner, info.value.field) == (cls.__name__, field)


@pytest.mark.parametrize(
    ("field", "bad", "says"),
    [
        ("previous_start", dt.datetime(2025, 10, 5, 14, 0), "time zone"),
        ("previous_end", T0 - dt.timedelta(days=2), "after the start"),
        ("previous_location", "", "1 to 200"),
    ],
)
def test_the_previous_slot_of_a_moved_meeting_is_checked_as_the_new_one(field, bad, says):
    with pytest.raises(InvalidValue, match=says) as info:
        MeetingMoved(**event_values(MeetingMoved, **{field: bad}))
    assert (info.value.owner, info.value.field) == ("MeetingMoved", field)


@pytest.mark.parametrize("version", [0, -1, True, 2**63, "3", 3.0, None])
def test_a_cancellation_needs_the_stored_version(version):
    with pytest.raises(InvalidValue, match="version") as info:
        MeetingCancelled(**event_values(MeetingCancelled, version=version))
    assert info.value.field == "version"


def test_a_cancellation_needs_a_reason_of_at_most_1000_characters():
    MeetingCancelled(**event_values(MeetingCancelled, reason="x" * 1000))
    for bad in ("", "  ", "x" * 1001):
        with pytest.raises(InvalidValue, match="reason"):
            MeetingCancelled(**event_values(MeetingCancelled, reason=bad))


def test_a_document_with_bad_slots_lists_every_bad_path():
    document = to_dict(MeetingMoved(**event_values(MeetingMoved)))
    document["location"] = 5
    document["previous_end"] = "2025-10-01T00:00:00+02:00"
    with pytest.raises(InvalidDocument) as info:
        event_from_json(json.dumps(document))
    assert info.value.target == "MeetingMoved"
    assert {p.path for p in info.value.problems} == {"$.location", "$.previous_end"}


# -- the strategy covers every kind -------------------------------------------------------------


@pytest.mark.parametrize("cls", list(EVENT_TYPES.values()), ids=lambda c: c.__name__)
def test_the_events_strategy_draws_every_kind_of_event(cls):
    # Only generate: the first event of the kind is enough, shrinking it would take seconds.
    quick = settings(max_examples=5000, database=None, phases=[Phase.generate])
    found = find(hs.events(), lambda e: type(e) is cls, settings=quick)
    assert isinstance(found, Event)


def test_every_event_is_a_transitions_or_a_meetings_or_the_dispatchers():
    transitions = {t.event for lc in LIFECYCLES for t in lc.transitions}
    meetings = {cls for cls in EVENT_TYPES.values() if issubclass(cls, MeetingEvent)}
    assert meetings == set(MEETING_EVENTS)
    # A partner's end has no status either: it is told by end_partner, not a transition.
    assert transitions | meetings | {NotificationParked, PartnerEnded} == set(EVENT_TYPES.values())
    assert not transitions & meetings


# -- planning ---------------------------------------------------------------------------------


@given(hs.meetings(), hs.actors(), hs.moments())
def test_planning_returns_the_meeting_and_an_event_with_its_time_and_place(meeting, by, at):
    planned, event = plan_meeting(meeting, by=by, at=at)
    assert planned is meeting
    assert type(event) is MeetingPlanned
    assert (event.meeting, event.forum, event.actor) == (meeting.id, meeting.forum, by)
    assert (event.start, event.end, event.location) == (
        meeting.start,
        meeting.end,
        meeting.location,
    )
    assert event.occurred_at == at.astimezone(dt.UTC)
    assert event_from_json(to_json(event)) == event


def test_an_event_id_may_be_given_and_is_random_otherwise():
    _, first = plan_meeting(a_meeting(), by="x", at=NOW, event_id=EVENT_ID)
    _, second = plan_meeting(a_meeting(), by="x", at=NOW, event_id=EVENT_ID)
    assert first == second
    assert first.id == EVENT_ID
    _, third = plan_meeting(a_meeting(), by="x", at=NOW)
    assert third.id != EVENT_ID


# -- moving -----------------------------------------------------------------------------------


def test_moving_changes_the_time_and_keeps_the_place_agenda_and_cases():
    meeting = a_meeting()
    start = T0 + dt.timedelta(days=7)
    moved, event = move_meeting(
        meeting, start=start, end=start + dt.timedelta(hours=1), by="tr.jansen", at=NOW
    )
    assert moved == attrs.evolve(meeting, start=start, end=start + dt.timedelta(hours=1))
    assert (moved.agenda, moved.cases, moved.location) == (
        meeting.agenda,
        meeting.cases,
        meeting.location,
    )
    assert type(event) is MeetingMoved
    assert (event.start, event.end, event.location) == (moved.start, moved.end, moved.location)
    assert (event.previous_start, event.previous_end, event.previous_location) == (
        meeting.start,
        meeting.end,
        meeting.location,
    )
    assert (event.meeting, event.forum) == (meeting.id, meeting.forum)


def test_moving_to_another_place_only_is_a_move():
    meeting = a_meeting()
    moved, event = move_meeting(
        meeting, start=meeting.start, end=meeting.end, location="online", by="x", at=NOW
    )
    assert moved.location == event.location == "online"
    assert event.previous_location == meeting.location
    assert (event.start, event.end) == (event.previous_start, event.previous_end)


@given(hs.meetings(), hs.actors(), hs.moments(), st.data())
def test_a_move_is_refused_exactly_when_nothing_changes(meeting, by, at, data):
    # The meeting's own start, end and place (its times also in UTC), or others.
    other_start, other_end = data.draw(hs.time_slots())
    start = data.draw(
        st.sampled_from([meeting.start, meeting.start.astimezone(dt.UTC), other_start])
    )
    end = data.draw(st.sampled_from([meeting.end, meeting.end.astimezone(dt.UTC), other_end]))
    assume(end.astimezone(dt.UTC) > start.astimezone(dt.UTC))
    location = data.draw(st.sampled_from([None, meeting.location]) | hs.names(80))
    same = (
        start.astimezone(dt.UTC) == meeting.start.astimezone(dt.UTC)
        and end.astimezone(dt.UTC) == meeting.end.astimezone(dt.UTC)
        and location in (None, meeting.location)
    )
    try:
        moved, event = move_meeting(meeting, start=start, end=end, location=location, by=by, at=at)
    except TransitionRefused:
        assert same
    else:
        assert not same
        assert moved.start.astimezone(dt.UTC) == start.astimezone(dt.UTC)
        assert event_from_json(to_json(event)) == event


def test_the_same_instants_in_another_zone_are_no_move():
    meeting = a_meeting()
    with pytest.raises(TransitionRefused) as info:
        move_meeting(
            meeting,
            start=meeting.start.astimezone(dt.UTC),
            end=meeting.end.astimezone(dt.UTC),
            location=meeting.location,
            by="x",
            at=NOW,
        )
    assert (info.value.subject, info.value.subject_id, info.value.transition) == (
        "meeting",
        MEETING_ID,
        "move",
    )
    assert "nothing would move" in str(info.value)
    assert "2025-10-06 14:00+02:00" in str(info.value)


def test_an_hour_later_in_the_autumn_hour_amsterdam_has_twice_is_a_move():
    # 27 Oct 2024: 02:00-03:00 happens twice; fold=1 is the second (CET) hour. Python calls
    # the two wall times equal in one zone; they are an hour apart.
    first = dt.datetime(2024, 10, 27, 2, 0, tzinfo=AMSTERDAM)
    second = first.replace(fold=1)
    meeting = a_meeting(start=first, end=first + dt.timedelta(minutes=30))
    moved, event = move_meeting(
        meeting, start=second, end=second.replace(minute=30), by="x", at=NOW
    )
    assert moved.start.astimezone(dt.UTC) - meeting.start.astimezone(dt.UTC) == dt.timedelta(
        hours=1
    )
    again = event_from_json(to_json(event))
    assert isinstance(again, MeetingMoved)
    assert again.start.astimezone(dt.UTC) == second.astimezone(dt.UTC)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (T0, T0, "end"),
        (T0, T0 - dt.timedelta(hours=1), "end"),
        (dt.datetime(2025, 10, 6, 14, 0), T0 + dt.timedelta(hours=1), "start"),
    ],
)
def test_a_move_to_an_impossible_slot_is_refused_as_meeting_refuses_it(start, end, field):
    with pytest.raises(InvalidValue) as info:
        move_meeting(a_meeting(), start=start, end=end, by="x", at=NOW)
    assert (info.value.owner, info.value.field) == ("Meeting", field)


def test_a_move_to_a_blank_place_is_refused():
    with pytest.raises(InvalidValue) as info:
        move_meeting(
            a_meeting(), start=T0, end=T0 + dt.timedelta(hours=3), location=" ", by="x", at=NOW
        )
    assert (info.value.owner, info.value.field) == ("Meeting", "location")


# -- cancelling -------------------------------------------------------------------------------


def test_cancelling_returns_the_meeting_marked_and_an_event_with_it_as_it_was():
    meeting = a_meeting()
    cancelled, event = cancel_meeting(
        meeting, version=4, reason="te weinig aanmeldingen", by="tr.jansen", at=NOW
    )
    assert type(event) is MeetingCancelled
    assert (event.meeting, event.forum, event.version) == (meeting.id, meeting.forum, 4)
    assert (event.start, event.end, event.location) == (
        meeting.start,
        meeting.end,
        meeting.location,
    )
    assert event.reason == "te weinig aanmeldingen"
    assert event_from_json(to_json(event)) == event
    assert cancelled == attrs.evolve(
        meeting, cancelled_on=dt.date(2025, 9, 15), cancellation_reason="te weinig aanmeldingen"
    )
    assert cancelled.cancelled
    assert not meeting.cancelled
    assert from_json(to_json(cancelled), Meeting) == cancelled


def test_a_meeting_is_cancelled_on_the_day_it_is_in_amsterdam():
    late = dt.datetime(2025, 9, 15, 22, 30, tzinfo=dt.UTC)  # 00:30 on the 16th in Amsterdam
    cancelled, _ = cancel_meeting(a_meeting(), version=1, reason="r", by="x", at=late)
    assert cancelled.cancelled_on == dt.date(2025, 9, 16)


def test_a_meeting_document_without_the_cancellation_reads_as_not_cancelled():
    document = to_dict(a_meeting())
    del document["cancelled_on"], document["cancellation_reason"]
    meeting = from_json(json.dumps(document), Meeting)
    assert (meeting.cancelled_on, meeting.cancellation_reason, meeting.cancelled) == (
        None,
        "",
        False,
    )


@pytest.mark.parametrize("function", ["plan_meeting", "move_meeting", "cancel_meeting"])
def test_a_cancelled_meeting_is_not_planned_moved_or_cancelled_again(function):
    cancelled, _ = cancel_meeting(a_meeting(), version=1, reason="r", by="x", at=NOW)
    with pytest.raises(TransitionRefused, match="cancelled on 2025-09-15") as info:
        CALLS[function](cancelled, "x", NOW)
    assert "plan a new meeting" in info.value.hint


@settings(max_examples=50)
@given(
    meeting=hs.meetings(cancelled=None),
    version=st.integers(1, 2**62),
    reason=hs.names(200),
    at=hs.moments(),
)
def test_cancelling_marks_a_meeting_held_and_refuses_one_called_off(meeting, version, reason, at):
    if meeting.cancelled:
        with pytest.raises(TransitionRefused, match="was cancelled on"):
            cancel_meeting(meeting, version=version, reason=reason, by="x", at=at)
        return
    cancelled, event = cancel_meeting(meeting, version=version, reason=reason, by="x", at=at)
    assert cancelled.cancelled
    assert cancelled.cancellation_reason == event.reason == reason
    assert cancelled.cancelled_on == at.astimezone(AMSTERDAM).date()
    # Nothing else changes: the agenda and cases stay, the calendar keeps its time and place.
    assert attrs.evolve(cancelled, cancelled_on=None, cancellation_reason="") == meeting
    assert (event.start, event.end, event.location) == (
        meeting.start,
        meeting.end,
        meeting.location,
    )
    assert from_json(to_json(cancelled), Meeting) == cancelled
    with pytest.raises(TransitionRefused):
        move_meeting(
            cancelled,
            start=cancelled.start + dt.timedelta(days=1),
            end=cancelled.end + dt.timedelta(days=1),
            by="x",
            at=at,
        )


@pytest.mark.parametrize("version", [0, -1, None, True, "4", 4.0])
def test_a_cancellation_without_a_stored_version_is_refused(version):
    with pytest.raises(TransitionRefused, match="version") as info:
        cancel_meeting(a_meeting(), version=version, reason="r", by="x", at=NOW)
    assert info.value.transition == "cancel"
    assert "get_versioned" in info.value.hint


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_cancellation_without_a_reason_is_refused(reason):
    with pytest.raises(TransitionRefused, match="no reason was given"):
        cancel_meeting(a_meeting(), version=1, reason=reason, by="x", at=NOW)


def test_a_reason_or_version_the_event_cannot_hold_is_refused_by_the_event():
    with pytest.raises(InvalidValue) as info:
        cancel_meeting(a_meeting(), version=1, reason="x" * 1001, by="x", at=NOW)
    assert (info.value.owner, info.value.field) == ("MeetingCancelled", "reason")
    with pytest.raises(InvalidValue) as info:
        cancel_meeting(a_meeting(), version=2**63, reason="r", by="x", at=NOW)
    assert (info.value.owner, info.value.field) == ("MeetingCancelled", "version")


def test_a_cancellation_is_saved_over_the_version_it_numbers():
    meeting = a_meeting()
    with MemoryStore() as store:
        with store.unit_of_work() as uow:
            uow.meetings.add(meeting)
        with store.unit_of_work() as uow:
            uow.meetings.save(attrs.evolve(meeting, location="online"), expected_version=1)
        with store.unit_of_work() as uow:
            stored = uow.meetings.get_versioned(meeting.id)
            cancelled, event = cancel_meeting(
                stored.value, version=stored.version, reason="r", by="x", at=NOW
            )
            uow.meetings.save(cancelled, expected_version=event.version)
            uow.outbox.add(event)
        with store.unit_of_work() as uow:
            kept = uow.meetings.get_versioned(meeting.id)
            assert kept.value == cancelled
            assert kept.value.cancelled
            # The invitation numbers the cancellation event.version + 1: the kept version.
            assert kept.version == event.version + 1 == 3
            assert uow.outbox.pending() == (event,)
    assert (event.version, event.location) == (2, "online")


# -- what every function checks first ---------------------------------------------------------


CALLS = {
    "plan_meeting": lambda meeting, by, at: plan_meeting(meeting, by=by, at=at),
    "move_meeting": lambda meeting, by, at: move_meeting(
        meeting, start=T0, end=T0 + dt.timedelta(hours=3), by=by, at=at
    ),
    "cancel_meeting": lambda meeting, by, at: cancel_meeting(
        meeting, version=1, reason="r", by=by, at=at
    ),
}


@pytest.mark.parametrize("function", CALLS)
@pytest.mark.parametrize(
    ("field", "meeting", "by", "at", "says"),
    [
        ("by", None, "", NOW, "who does it"),
        ("by", None, "   ", NOW, "who does it"),
        ("by", None, "x" * 101, NOW, "1 to 100"),
        ("by", None, 5, NOW, "who does it"),
        ("at", None, "x", dt.datetime(2025, 9, 15, 9, 30), "time zone"),
        ("at", None, "x", "2025-09-15", "time zone"),
        ("meeting", "not a meeting", "x", NOW, "a Meeting"),
    ],
)
def test_by_at_and_the_meeting_are_checked_naming_the_function(
    function, field, meeting, by, at, says
):
    with pytest.raises(InvalidValue, match=says) as info:
        CALLS[function](a_meeting() if meeting is None else meeting, by, at)
    assert (info.value.owner, info.value.field) == (function, field)


@pytest.mark.parametrize("function", CALLS)
def test_an_at_outside_the_years_of_the_model_is_refused_by_the_event(function):
    with pytest.raises(InvalidValue, match="1970") as info:
        CALLS[function](a_meeting(), "x", dt.datetime(1969, 12, 31, tzinfo=dt.UTC))
    assert info.value.field == "occurred_at"


# -- a cancelled meeting is not held --------------------------------------------------------------


@pytest.mark.parametrize(
    "rule_id",
    [
        "HC-FORUM-008",
        "HC-FORUM-009",
        "HC-FORUM-010",
        "HC-FORUM-011",
        "HC-FORUM-012",
        "HC-COLLAB-009",
    ],
)
def test_the_rules_about_meetings_held_do_not_count_one_called_off(rule_id):
    # Overlaps, meetings past the forum's end or an ended collaboration's, who sat at the
    # table and who heard a case: none of it happens at a meeting called off.
    demo = generate(seed=5, size=40, plant={rule_id: 1})
    rules = default_rules()
    [found] = rules.check(demo.network, now=demo.now).filter(rule_id=rule_id)
    named = {found.subject_id, *found.related}
    meetings = tuple(
        cancel_meeting(m, version=1, reason="r", by="x", at=NOW)[0] if m.id in named else m
        for m in demo.network.meetings
    )
    network = attrs.evolve(demo.network, meetings=meetings)
    assert not rules.check(network, now=demo.now).filter(rule_id=rule_id)


@pytest.mark.parametrize("rule_id", ["HC-FORUM-006", "HC-FORUM-007"])
def test_what_a_cancelled_meeting_still_records_is_still_judged(rule_id):
    # Its cases stay stored: a case from outside the area, or at a steering forum, is wrong data.
    demo = generate(seed=5, size=40, plant={rule_id: 1})
    rules = default_rules()
    [found] = rules.check(demo.network, now=demo.now).filter(rule_id=rule_id)
    meetings = tuple(
        cancel_meeting(m, version=1, reason="r", by="x", at=NOW)[0]
        if m.id == found.subject_id
        else m
        for m in demo.network.meetings
    )
    network = attrs.evolve(demo.network, meetings=meetings)
    assert len(rules.check(network, now=demo.now).filter(rule_id=rule_id)) == 1


class _Records:
    """Records by id, each at version 2."""

    def __init__(self, *records):
        self.records = {(type(r), r.id): r for r in records}

    def find(self, record_type, id):
        return self.records.get((record_type, id))

    def version(self, record_type, id):
        return 2 if (record_type, id) in self.records else None


def test_a_meeting_called_off_is_told_by_its_cancellation_only():
    # A plan or a move dispatched after the meeting was called off would invite the members
    # again (at the cancellation's own SEQUENCE): only the cancellation speaks for it.
    network = generate(seed=5, size=40).network
    meeting = network.meetings[0]
    forum = network.forum(meeting.forum)
    recipient = Recipient(partner=forum.members[0], name="lid", language="nl")
    planned = plan_meeting(meeting, by="x", at=NOW)[1]
    cancelled, event = cancel_meeting(meeting, version=1, reason="r", by="x", at=NOW)
    assert compose(planned, recipient, _Records(meeting, forum)) is not None
    assert compose(planned, recipient, _Records(cancelled, forum)) is None
    told = compose(event, recipient, _Records(cancelled, forum))
    assert told is not None
    [entry] = told.calendar
    assert (entry.method, entry.sequence) == ("CANCEL", 2)
