"""Lifecycles: the definitions, a random walk through each, and every refusal and its message.

The state machines (hypothesis.stateful) start from a generated value and try every
transition, legal or not, with data that fits the value and with data that does not. After
each step they check that the value's status is where the accepted transitions lead by the
definition, that an illegal step raised IllegalTransition and a bad one TransitionRefused
with nothing changed, and that each event says exactly what its transition did.
"""

import datetime as dt
import doctest
import inspect
import pickle
import typing
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from halt_core import (
    AMSTERDAM,
    COLLABORATION_LIFECYCLE,
    DROPPED_SESSIONS_KEPT,
    EVENT_TYPES,
    INTERVENTION_LIFECYCLE,
    LIFECYCLES,
    MAX_SETTLEMENT_HOURS,
    REFERRAL_LIFECYCLE,
    Area,
    Audience,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Evaluation,
    EventId,
    IllegalTransition,
    Intervention,
    InterventionKind,
    InterventionStatus,
    InvalidValue,
    Level,
    Lifecycle,
    Network,
    NotFound,
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Partner,
    PartnerEnded,
    PartnerKind,
    Period,
    Referral,
    ReferralStatus,
    Session,
    TargetGroup,
    Transition,
    TransitionRefused,
    WorkDomain,
    agree_intervention,
    cancel_intervention,
    complete_referral,
    decline_intervention,
    deliver_intervention,
    end_collaboration,
    end_partner,
    evaluate_intervention,
    event_from_json,
    from_json,
    new_id,
    refuse_referral,
    reschedule_intervention,
    return_referral_to_referrer,
    schedule_intervention,
    stable_id,
    start_intervention_intake,
    suspend_collaboration,
    to_json,
)
from halt_core.events import (
    InterventionIntakeStarted,
    InterventionRescheduled,
    MeetingEvent,
    NotificationParked,
    PartnerEvent,
)
from halt_core.ids import CollaborationId, InterventionId, PartnerId, ReferralId, SessionId
from halt_core.model.interventions import NO_SESSION_ID
from halt_core.testing import strategies as hs

ID = uuid.UUID("9b2f0c4e-1d3a-4f5b-8c6d-7e8f9a0b1c2d")
T0 = dt.datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)
HOUR = dt.timedelta(hours=1)
MARCH = Period(start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31))
DAY_3 = dt.date(2025, 3, 3)
DOCS = Path(__file__).parent.parent / "docs"

IS = InterventionStatus
CS = CollaborationStatus
RS = ReferralStatus


# -- the definitions -------------------------------------------------------------------------------

# The contract, as issue 4 states it: (name, sources, target) of every transition.
EXPECTED = {
    INTERVENTION_LIFECYCLE: {
        ("start_intake", (IS.REQUESTED,), IS.INTAKE),
        ("agree", (IS.INTAKE,), IS.AGREED),
        ("schedule", (IS.AGREED,), IS.SCHEDULED),
        ("reschedule", (IS.SCHEDULED,), IS.SCHEDULED),
        ("deliver", (IS.SCHEDULED,), IS.DELIVERED),
        ("evaluate", (IS.DELIVERED,), IS.EVALUATED),
        ("decline", (IS.REQUESTED, IS.INTAKE), IS.DECLINED),
        ("cancel", (IS.AGREED, IS.SCHEDULED), IS.CANCELLED),
    },
    COLLABORATION_LIFECYCLE: {
        ("activate", (CS.PROPOSED,), CS.ACTIVE),
        ("suspend", (CS.ACTIVE,), CS.SUSPENDED),
        ("resume", (CS.SUSPENDED,), CS.ACTIVE),
        ("end", (CS.PROPOSED, CS.ACTIVE, CS.SUSPENDED), CS.ENDED),
    },
    REFERRAL_LIFECYCLE: {
        ("start_intake", (RS.RECEIVED,), RS.INTAKE),
        ("make_agreements", (RS.INTAKE,), RS.AGREEMENTS_MADE),
        ("mark_carried_out", (RS.AGREEMENTS_MADE,), RS.CARRIED_OUT),
        ("complete", (RS.CARRIED_OUT,), RS.COMPLETED),
        ("return_to_referrer", (RS.AGREEMENTS_MADE, RS.CARRIED_OUT), RS.RETURNED),
        ("refuse", (RS.RECEIVED, RS.INTAKE), RS.REFUSED),
    },
}
VALUE_TYPES = {
    INTERVENTION_LIFECYCLE: Intervention,
    COLLABORATION_LIFECYCLE: Collaboration,
    REFERRAL_LIFECYCLE: Referral,
}
ALL_TRANSITIONS = [(lc, t) for lc in LIFECYCLES for t in lc.transitions]
TRANSITION_IDS = [f"{lc.subject}.{t.name}" for lc, t in ALL_TRANSITIONS]


def lifecycle_id(lifecycle):
    return lifecycle.subject


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=lifecycle_id)
def test_the_transitions_are_the_ones_the_issue_asks_for(lifecycle):
    found = {(t.name, t.sources, t.target) for t in lifecycle.transitions}
    assert found == EXPECTED[lifecycle]


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=lifecycle_id)
def test_every_state_is_reachable_from_the_initial_one(lifecycle):
    reached, frontier = {lifecycle.initial}, [lifecycle.initial]
    while frontier:
        for transition in lifecycle.allowed_from(frontier.pop()):
            if transition.target not in reached:
                reached.add(transition.target)
                frontier.append(transition.target)
    assert reached == set(lifecycle.states)
    assert lifecycle.initial == attrs.fields_dict(VALUE_TYPES[lifecycle])["status"].default


def test_the_final_states():
    assert INTERVENTION_LIFECYCLE.final_states == (IS.EVALUATED, IS.DECLINED, IS.CANCELLED)
    assert COLLABORATION_LIFECYCLE.final_states == (CS.ENDED,)
    assert REFERRAL_LIFECYCLE.final_states == (RS.COMPLETED, RS.RETURNED, RS.REFUSED)


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=lifecycle_id)
def test_allowed_from_lists_the_transitions_starting_there(lifecycle):
    for state in lifecycle.states:
        expected = [t for t in lifecycle.transitions if state in t.sources]
        assert list(lifecycle.allowed_from(state)) == expected


@pytest.mark.parametrize(("lifecycle", "transition"), ALL_TRANSITIONS, ids=TRANSITION_IDS)
def test_each_function_takes_what_its_transition_needs(lifecycle, transition):
    parameters = inspect.signature(transition.function).parameters
    value_parameter, *rest = parameters.values()
    assert value_parameter.name == lifecycle.subject
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in rest)
    required = {p.name for p in rest if p.default is inspect.Parameter.empty}
    assert required == {"by", "at", *transition.needs}
    optional = {p.name for p in rest if p.default is not inspect.Parameter.empty}
    assert optional <= {"event_id", "hours", "settings"}
    assert "event_id" in optional


@pytest.mark.parametrize(("lifecycle", "transition"), ALL_TRANSITIONS, ids=TRANSITION_IDS)
def test_each_transition_names_real_fields_and_an_event_of_its_subject(lifecycle, transition):
    fields = attrs.fields_dict(VALUE_TYPES[lifecycle])
    assert set(transition.sets) <= set(fields)
    assert "status" not in transition.sets
    type_name = attrs.fields_dict(transition.event)["type"].default
    assert isinstance(type_name, str)
    assert type_name.startswith(f"nl.halt.{lifecycle.subject}.")
    assert transition.summary.endswith(".")


def test_every_event_with_statuses_belongs_to_exactly_one_transition():
    # Meetings and partners have no status, and a parked notification is about a delivery,
    # not a record.
    with_status = [
        cls
        for cls in EVENT_TYPES.values()
        if not issubclass(cls, MeetingEvent | NotificationParked | PartnerEvent)
    ]
    used = [t.event for _, t in ALL_TRANSITIONS]
    assert sorted(used, key=str) == sorted(with_status, key=str)


def test_an_unknown_transition_name_is_not_found():
    with pytest.raises(NotFound, match=r"intervention transition 'plan'.*schedule"):
        INTERVENTION_LIFECYCLE.transition("plan")


def example_transition(**changes):
    values = {
        "name": "start_intake",
        "sources": (IS.REQUESTED,),
        "target": IS.INTAKE,
        "event": InterventionIntakeStarted,
        "function": start_intervention_intake,
        "summary": "Starts.",
    }
    return Transition(**{**values, **changes})


def test_a_lifecycle_refuses_two_transitions_of_one_name():
    with pytest.raises(InvalidValue, match="a name of its own"):
        Lifecycle(
            subject="intervention",
            states=InterventionStatus,
            initial=IS.REQUESTED,
            transitions=(example_transition(), example_transition()),
        )


def test_a_lifecycle_refuses_states_of_another_enum():
    with pytest.raises(InvalidValue, match="members of InterventionStatus"):
        Lifecycle(
            subject="intervention",
            states=InterventionStatus,
            initial=IS.REQUESTED,
            transitions=(example_transition(target=CS.ACTIVE),),
        )


@pytest.mark.parametrize("lifecycle", LIFECYCLES, ids=lifecycle_id)
def test_the_diagram_shows_every_state_and_transition(lifecycle):
    diagram = lifecycle.diagram()
    lines = diagram.splitlines()
    for state in lifecycle.states:
        marks = []
        if state == lifecycle.initial:
            marks.append("initial")
        if state in lifecycle.final_states:
            marks.append("final")
        heading = state.value + (f" ({', '.join(marks)})" if marks else "")
        assert heading in lines
    arrows = [line for line in lines if "▶" in line]
    assert len(arrows) == sum(len(t.sources) for t in lifecycle.transitions)
    for transition in lifecycle.transitions:
        assert any(
            f" {transition.name} " in line and line.endswith(f"▶ {transition.target.value}")
            for line in arrows
        )


def test_the_lifecycles_page_examples_run():
    result = doctest.testfile(
        str(DOCS / "lifecycles.rst"), module_relative=False, optionflags=doctest.ELLIPSIS
    )
    assert result.failed == 0
    assert result.attempted > 0


# -- values to start from -------------------------------------------------------------------------


def an_intervention(**changes):
    values = {
        "id": InterventionId(ID),
        "kind": InterventionKind.INFORMATION_LESSON,
        "title": "Voorlichtingsles vuurwerk",
        "target_group": TargetGroup(audience=Audience.PUPILS, description="groep 8"),
        "area": Area.municipality("GM0363"),
        "requested_on": dt.date(2025, 1, 6),
    }
    return Intervention(**{**values, **changes})


def a_collaboration(**changes):
    values = {
        "id": CollaborationId(ID),
        "name": "Aanpak overlast",
        "kind": CollaborationKind.NETWORK,
        "domain": WorkDomain.BOTH,
        "level": Level.LOCAL,
        "area": Area.municipality("GM0363"),
        "period": Period(start=dt.date(2025, 1, 1)),
    }
    return Collaboration(**{**values, **changes})


def a_referral(**changes):
    values = {
        "id": ReferralId(ID),
        "referrer": PartnerId(ID),
        "youth": "Y-7F3K9Q2M",
        "age_at_offence": 14,
        "offence": OffenceCategory.SHOPLIFTING,
        "offence_date": dt.date(2025, 2, 1),
        "referred_on": dt.date(2025, 2, 10),
        "municipality": "GM0363",
    }
    return Referral(**{**values, **changes})


def session(start, hours=1, location="lokaal 8"):
    return Session(start=start, end=start + hours * HOUR, location=location)


def last_end(sessions):
    return max(s.end.astimezone(dt.UTC) for s in sessions)


def plain(sessions):
    """``sessions`` without their ids: what was planned, not which session it is."""
    return tuple(attrs.evolve(s, id=NO_SESSION_ID) for s in sessions)


def check_ids(before, after, event, at):
    """The ids ``after`` gives its sessions: kept, new, or dropped and remembered."""
    ids = [s.id for s in after.sessions]
    assert all(i != NO_SESSION_ID for i in ids)
    assert len(set(ids)) == len(ids)
    live = set(ids)
    horizon = at.astimezone(dt.UTC) - DROPPED_SESSIONS_KEPT
    left = [s for s in before.sessions if s.id not in live]
    remembered = {s.id: s for s in after.dropped_sessions}
    assert not live & set(remembered)
    for s in (*left, *before.dropped_sessions):
        if s.id in live:
            continue
        if s.end.astimezone(dt.UTC) >= horizon:
            assert s.id in remembered
        else:
            assert s.id not in remembered  # ended too long ago: forgotten
    assert set(remembered) <= {s.id for s in (*left, *before.dropped_sessions)}
    if isinstance(event, InterventionRescheduled):
        assert event.dropped == tuple(s.id for s in before.sessions if s.id not in live)
        earlier = {s.id: s for s in before.sessions}
        assert event.added == tuple(i for i in ids if i not in earlier)
        assert event.moved == tuple(
            s.id for s in after.sessions if s.id in earlier and earlier[s.id] != s
        )


# -- the state machines ---------------------------------------------------------------------------

ZONES = st.sampled_from([AMSTERDAM, dt.UTC, dt.timezone(dt.timedelta(hours=-5))])
REASONS = hs.names(200)
NO_REASONS = st.sampled_from(["", "   ", "\n", None])


@st.composite
def plans_inside(draw, period):
    """Sessions inside ``period`` that do not overlap: up to four, in any order and zone."""
    last = period.end or period.start + dt.timedelta(days=365)
    days = sorted(draw(st.lists(hs.dates(period.start, last), min_size=1, max_size=4)))
    sessions = []
    used: dict[dt.date, int] = {}
    for day in days:
        slot = used.get(day, 0)  # a second session on one day starts two hours later
        used[day] = slot + 1
        start = dt.datetime(day.year, day.month, day.day, 8 + 2 * slot, tzinfo=AMSTERDAM)
        start = start.astimezone(draw(ZONES))
        minutes = draw(st.integers(1, 120))
        sessions.append(
            Session(start=start, end=start + dt.timedelta(minutes=minutes), location="zaal")
        )
    return draw(st.permutations(sessions))


on_the_way = precondition(lambda self: self.value.status not in self.lifecycle.final_states)


class LifecycleWalk(RuleBasedStateMachine):
    """Shared checks; each subclass says where to start and has rules for its transitions."""

    lifecycle: Lifecycle[Any]

    def starting_values(self):
        """Values to start a walk from, mostly in a state some transition leaves."""
        raise NotImplementedError

    @initialize(data=st.data())
    def begin(self, data):
        self.start(data.draw(self.starting_values()))

    @precondition(lambda self: self.value.status in self.lifecycle.final_states)
    @rule(data=st.data())
    def start_over(self, data):
        # A final state allows nothing; walk on with another value rather than stand still.
        self.start(data.draw(self.starting_values()))

    @precondition(lambda self: self.value.status in self.lifecycle.final_states)
    @rule(data=st.data(), by=hs.actors(), at=hs.moments())
    def anything_from_a_final_state(self, data, by, at):
        transition = data.draw(st.sampled_from(self.lifecycle.transitions))
        needs = dict.fromkeys(transition.needs)  # never read: the state is checked first
        assert self.attempt(transition.name, by, at, **needs) is None

    def start(self, value):
        self.value = value
        self.start_state = value.status
        self.accepted = []

    def attempt(self, name, by, at, refused=False, **data):
        """Try transition ``name``; check what happened; return (new, event) if accepted."""
        transition = self.lifecycle.transition(name)
        before = self.value
        if before.status not in transition.sources:
            with pytest.raises(IllegalTransition) as illegal:
                transition.function(before, by=by, at=at, **data)
            error = illegal.value
            assert (error.subject, error.subject_id) == (self.lifecycle.subject, before.id)
            assert (error.current, error.requested) == (before.status, name)
            assert (error.target, error.sources) == (transition.target, transition.sources)
            allowed = self.lifecycle.allowed_from(before.status)
            assert error.allowed == tuple((t.name, t.target) for t in allowed)
            assert self.value is before
            return None
        if refused:
            with pytest.raises(TransitionRefused) as info:
                transition.function(before, by=by, at=at, **data)
            assert info.value.transition == name
            assert info.value.subject_id == before.id
            assert self.value is before
            return None
        event_id = new_id(EventId)
        done = transition.function(before, by=by, at=at, event_id=event_id, **data)
        after, event = typing.cast(tuple[Any, Any], done)  # the event's family has the statuses
        # The event says what the transition did ...
        assert event.id == event_id
        assert event.subject == before.id
        assert (event.from_status, event.to_status) == (before.status, transition.target)
        assert type(event) is transition.event
        assert event.actor == by
        assert event.occurred_at == at.astimezone(dt.UTC)  # see test_events: gaps and folds
        assert event_from_json(to_json(event)) == event
        # ... and the value changed in its status and the fields the transition sets only.
        assert after.status == transition.target
        for field in attrs.fields(type(before)):
            if field.name not in {"status", *transition.sets}:
                assert getattr(after, field.name) == getattr(before, field.name), field.name
        self.value = after
        self.accepted.append(name)
        return after, event

    @invariant()
    def the_status_is_where_the_accepted_transitions_lead(self):
        state = self.start_state
        for name in self.accepted:
            transition = self.lifecycle.transition(name)
            assert state in transition.sources
            state = transition.target
        assert self.value.status == state

    @invariant()
    def the_value_is_still_valid(self):
        assert attrs.evolve(self.value) == self.value


class InterventionWalk(LifecycleWalk):
    lifecycle = INTERVENTION_LIFECYCLE

    def starting_values(self):
        on_the_way = [s for s in IS if s not in self.lifecycle.final_states]
        return hs.interventions() | st.builds(
            lambda value, status: attrs.evolve(value, status=status, evaluation=None),
            hs.interventions(),
            st.sampled_from(on_the_way),
        )

    def draw_plan(self, data):
        period = self.value.period
        if period is None:
            return data.draw(st.lists(hs.sessions(), min_size=1, max_size=3)), True
        return data.draw(plans_inside(period)), False

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments())
    def start_intake(self, by, at):
        self.attempt("start_intake", by, at)

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), period=hs.periods())
    def agree(self, by, at, period):
        done = self.attempt("agree", by, at, period=period)
        if done:
            after, event = done
            assert after.period == event.period == period

    @on_the_way
    @rule(
        data=st.data(),
        name=st.sampled_from(["schedule", "reschedule"]),
        by=hs.actors(),
        at=hs.moments(),
    )
    def plan(self, data, name, by, at):
        before = self.value
        sessions, refused = self.draw_plan(data)
        done = self.attempt(name, by, at, refused=refused, sessions=sessions)
        if done:
            after, event = done
            assert after.sessions == event.sessions
            assert plain(after.sessions) == plain(sessions)  # in the order given
            for given, planned in zip(sessions, after.sessions, strict=True):
                if given.id != NO_SESSION_ID:
                    assert planned.id == given.id
                else:  # at the start of one planned before: that one; else a new id
                    same = [s.id for s in before.sessions if s.start == given.start]
                    assert planned.id in same or planned.id not in {
                        s.id for s in (*before.sessions, *before.dropped_sessions)
                    }
            check_ids(before, after, event, at)
            if name == "reschedule":
                assert event.previous_sessions == before.sessions

    @precondition(lambda self: self.value.status is IS.SCHEDULED and self.value.period)
    @rule(data=st.data(), by=hs.actors(), at=hs.moments())
    def move_some(self, data, by, at):
        # Move some planned sessions (same id, new time), drop the others, add new ones.
        before = self.value
        slots = list(data.draw(plans_inside(before.period)))
        moving = data.draw(
            st.lists(st.sampled_from(before.sessions), unique_by=lambda s: s.id, max_size=4)
            if before.sessions
            else st.just([])
        )
        moved = [
            attrs.evolve(old, start=new.start, end=new.end)
            for old, new in zip(moving, slots, strict=False)
        ]
        sessions = [*moved, *slots[len(moved) :]]
        done = self.attempt("reschedule", by, at, sessions=sessions)
        assert done
        after, event = done
        assert [s.id for s in after.sessions[: len(moved)]] == [s.id for s in moved]
        check_ids(before, after, event, at)

    @on_the_way
    @rule(
        data=st.data(),
        name=st.sampled_from(["schedule", "reschedule"]),
        by=hs.actors(),
        at=hs.moments(),
        how=st.sampled_from(["empty", "overlap", "outside", "not a list"]),
    )
    def plan_badly(self, data, name, by, at, how):
        period = self.value.period or MARCH
        if how == "empty":
            sessions = []
        elif how == "not a list":
            sessions = session(T0)
        elif how == "overlap":
            sessions = list(data.draw(plans_inside(period)))
            sessions.append(sessions[0])  # a session overlaps itself
        else:
            outside = period.start - dt.timedelta(days=data.draw(st.integers(1, 400)))
            sessions = [session(dt.datetime.combine(outside, dt.time(10), tzinfo=AMSTERDAM))]
        self.attempt(name, by, at, refused=True, sessions=sessions)

    @on_the_way
    @rule(by=hs.actors(), later=st.integers(0, 10**6), zone=ZONES)
    def deliver(self, by, later, zone):
        sessions = self.value.sessions
        at = (last_end(sessions) if sessions else T0) + dt.timedelta(minutes=later)
        self.attempt("deliver", by, at.astimezone(zone), refused=not sessions)

    @on_the_way
    @rule(by=hs.actors(), earlier=st.integers(1, 10**6), zone=ZONES)
    def deliver_too_early(self, by, earlier, zone):
        sessions = self.value.sessions
        at = (last_end(sessions) if sessions else T0) - dt.timedelta(minutes=earlier)
        self.attempt("deliver", by, at.astimezone(zone), refused=True)

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), evaluation=hs.evaluations(), later=st.integers(0, 400))
    def evaluate(self, by, at, evaluation, later):
        sessions = self.value.sessions
        if sessions:
            last_day = last_end(sessions).astimezone(AMSTERDAM).date()
            day = last_day + dt.timedelta(days=later)
            evaluation = attrs.evolve(evaluation, evaluated_on=day)
        done = self.attempt("evaluate", by, at, evaluation=evaluation)
        if done:
            after, event = done
            assert after.evaluation == event.evaluation == evaluation

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), earlier=st.integers(1, 400), missing=st.booleans())
    def evaluate_badly(self, by, at, earlier, missing):
        sessions = self.value.sessions
        if missing or not sessions:
            evaluation = None
        else:
            last_day = last_end(sessions).astimezone(AMSTERDAM).date()
            day = last_day - dt.timedelta(days=earlier)
            evaluation = Evaluation(evaluated_on=day, summary="te vroeg")
        self.attempt("evaluate", by, at, refused=True, evaluation=evaluation)

    @on_the_way
    @rule(
        name=st.sampled_from(["decline", "cancel"]),
        by=hs.actors(),
        at=hs.moments(),
        reason=REASONS,
    )
    def stop(self, name, by, at, reason):
        done = self.attempt(name, by, at, reason=reason)
        if done:
            assert done[1].reason == reason

    @on_the_way
    @rule(
        name=st.sampled_from(["decline", "cancel"]),
        by=hs.actors(),
        at=hs.moments(),
        reason=NO_REASONS,
    )
    def stop_without_reason(self, name, by, at, reason):
        self.attempt(name, by, at, refused=True, reason=reason)


class CollaborationWalk(LifecycleWalk):
    lifecycle = COLLABORATION_LIFECYCLE

    def starting_values(self):
        on_the_way = [s for s in CS if s not in self.lifecycle.final_states]
        return hs.collaborations() | st.builds(
            lambda value, status: attrs.evolve(value, status=status),
            hs.collaborations(),
            st.sampled_from(on_the_way),
        )

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments())
    def activate(self, by, at):
        self.attempt("activate", by, at)

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), reason=REASONS)
    def suspend(self, by, at, reason):
        done = self.attempt("suspend", by, at, reason=reason)
        if done:
            assert done[1].reason == reason

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), reason=NO_REASONS)
    def suspend_without_reason(self, by, at, reason):
        self.attempt("suspend", by, at, refused=True, reason=reason)

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments())
    def resume(self, by, at):
        self.attempt("resume", by, at)

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), days=st.integers(0, 5000))
    def end(self, by, at, days):
        before = self.value
        on = before.period.start + dt.timedelta(days=days)
        done = self.attempt("end", by, at, on=on)
        if done:
            after, event = done
            assert event.ended_on == on
            assert after.period == Period(start=before.period.start, end=on)

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), days=st.integers(1, 5000))
    def end_before_the_start(self, by, at, days):
        on = self.value.period.start - dt.timedelta(days=days)
        self.attempt("end", by, at, refused=True, on=on)


class ReferralWalk(LifecycleWalk):
    lifecycle = REFERRAL_LIFECYCLE

    def starting_values(self):
        on_the_way = [s for s in RS if s not in self.lifecycle.final_states]
        return hs.referrals() | st.builds(
            lambda value, status: attrs.evolve(value, status=status, outcome=None),
            hs.referrals(),
            st.sampled_from(on_the_way),
        )

    @on_the_way
    @rule(
        name=st.sampled_from(["start_intake", "make_agreements", "mark_carried_out"]),
        by=hs.actors(),
        at=hs.moments(),
    )
    def step_without_data(self, name, by, at):
        self.attempt(name, by, at)

    @on_the_way
    @rule(
        by=hs.actors(),
        at=hs.moments(),
        days=st.integers(0, 800),
        hours=st.none() | st.integers(0, MAX_SETTLEMENT_HOURS),
    )
    def complete(self, by, at, days, hours):
        decided_on = self.value.referred_on + dt.timedelta(days=days)
        done = self.attempt("complete", by, at, decided_on=decided_on, hours=hours)
        if done:
            after, event = done
            expected = Outcome(result=OutcomeResult.POSITIVE, decided_on=decided_on, hours=hours)
            assert after.outcome == event.outcome == expected

    @on_the_way
    @rule(
        by=hs.actors(),
        at=hs.moments(),
        days=st.integers(1, 800),
        hours=st.integers(MAX_SETTLEMENT_HOURS + 1, 200) | st.integers(-50, -1),
        early=st.booleans(),
    )
    def complete_badly(self, by, at, days, hours, early):
        referred_on = self.value.referred_on
        if early:
            decided_on, hours = referred_on - dt.timedelta(days=days), None
        else:
            decided_on = referred_on
        self.attempt("complete", by, at, refused=True, decided_on=decided_on, hours=hours)

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), days=st.integers(0, 800), reason=REASONS)
    def return_to_referrer(self, by, at, days, reason):
        decided_on = self.value.referred_on + dt.timedelta(days=days)
        done = self.attempt("return_to_referrer", by, at, decided_on=decided_on, reason=reason)
        if done:
            after, event = done
            expected = Outcome(result=OutcomeResult.NEGATIVE, decided_on=decided_on)
            assert after.outcome == event.outcome == expected
            assert event.reason == reason

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), reason=NO_REASONS)
    def return_without_reason(self, by, at, reason):
        decided_on = self.value.referred_on
        self.attempt(
            "return_to_referrer", by, at, refused=True, decided_on=decided_on, reason=reason
        )

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), reason=REASONS)
    def refuse(self, by, at, reason):
        done = self.attempt("refuse", by, at, reason=reason)
        if done:
            assert done[1].reason == reason

    @on_the_way
    @rule(by=hs.actors(), at=hs.moments(), reason=NO_REASONS)
    def refuse_without_reason(self, by, at, reason):
        self.attempt("refuse", by, at, refused=True, reason=reason)


WALK_SETTINGS = settings(stateful_step_count=40)
TestInterventionWalk = InterventionWalk.TestCase
TestInterventionWalk.settings = WALK_SETTINGS
TestCollaborationWalk = CollaborationWalk.TestCase
TestCollaborationWalk.settings = WALK_SETTINGS
TestReferralWalk = ReferralWalk.TestCase
TestReferralWalk.settings = WALK_SETTINGS


# -- a walk by hand -------------------------------------------------------------------------------


def test_an_intervention_from_request_to_evaluation():
    lesson = an_intervention()
    planned = (session(T0 + 24 * HOUR), session(T0))
    steps: list[tuple[Callable[..., Any], dict[str, Any]]] = [
        (start_intervention_intake, {}),
        (agree_intervention, {"period": MARCH}),
        (schedule_intervention, {"sessions": planned}),
        (reschedule_intervention, {"sessions": planned[:1]}),
        (deliver_intervention, {}),
        (evaluate_intervention, {"evaluation": Evaluation(evaluated_on=DAY_3, summary="ok")}),
    ]
    events = []
    for function, data in steps:
        lesson, event = function(lesson, by="tr.jansen", at=T0 + 48 * HOUR, **data)
        events.append(event.type)
    assert lesson.status is IS.EVALUATED
    assert lesson.period == MARCH
    assert plain(lesson.sessions) == plain(planned[:1])
    (kept,) = lesson.sessions
    assert kept.id == stable_id(SessionId, str(lesson.id), planned[0].start.isoformat())
    (dropped,) = lesson.dropped_sessions
    assert plain([dropped]) == plain(planned[1:])
    assert events == [
        "nl.halt.intervention.intake_started",
        "nl.halt.intervention.agreed",
        "nl.halt.intervention.scheduled",
        "nl.halt.intervention.rescheduled",
        "nl.halt.intervention.delivered",
        "nl.halt.intervention.evaluated",
    ]


def test_an_event_id_can_be_given_for_reproducible_output():
    event_id = EventId(ID)
    _, first = start_intervention_intake(an_intervention(), by="x", at=T0, event_id=event_id)
    _, second = start_intervention_intake(an_intervention(), by="x", at=T0, event_id=event_id)
    assert first == second
    assert first.id == event_id
    _, third = start_intervention_intake(an_intervention(), by="x", at=T0)
    assert third.id != event_id


# -- error messages -------------------------------------------------------------------------------


def test_an_illegal_transition_names_subject_state_request_and_the_allowed_ones():
    with pytest.raises(IllegalTransition) as info:
        schedule_intervention(an_intervention(), sessions=[session(T0)], by="x", at=T0)
    assert str(info.value) == (
        f"cannot schedule intervention {ID}: it is requested, and schedule (to scheduled) "
        "starts only from agreed; from requested it may only: start_intake (to intake), "
        "decline (to declined)"
    )
    error = info.value
    assert error.subject == "intervention"
    assert error.subject_id == ID
    assert error.current is IS.REQUESTED
    assert error.requested == "schedule"
    assert error.target is IS.SCHEDULED
    assert error.sources == (IS.AGREED,)
    assert error.allowed == (("start_intake", IS.INTAKE), ("decline", IS.DECLINED))


def test_an_illegal_transition_from_a_final_state_says_nothing_leaves_it():
    with pytest.raises(IllegalTransition) as info:
        end_collaboration(a_collaboration(status=CS.ENDED), on=dt.date(2025, 6, 1), by="x", at=T0)
    message = str(info.value)
    assert "it is ended, and end (to ended) starts only from proposed or active or suspended" in (
        message
    )
    assert message.endswith("ended is a final state: no transition leaves it")
    assert info.value.allowed == ()


def test_the_state_is_checked_before_the_data():
    # An ended collaboration cannot end again, whatever day is given.
    with pytest.raises(IllegalTransition):
        end_collaboration(a_collaboration(status=CS.ENDED), on=untyped(None), by="x", at=T0)


def test_the_errors_survive_pickling():
    with pytest.raises(IllegalTransition) as illegal:
        refuse_referral(CARRIED_OUT, reason="x", by="x", at=T0)
    with pytest.raises(TransitionRefused) as refused:
        refuse_referral(a_referral(), reason="", by="x", at=T0)
    for error in (illegal.value, refused.value):
        copy = pickle.loads(pickle.dumps(error))
        assert str(copy) == str(error)
        assert vars(copy) == vars(error)


@pytest.mark.parametrize(
    ("by", "at", "field"),
    [
        ("", T0, "by"),
        ("  ", T0, "by"),
        ("x" * 101, T0, "by"),
        (None, T0, "by"),
        ("x", dt.datetime(2025, 3, 1, 10), "at"),
        ("x", dt.date(2025, 3, 1), "at"),
    ],
)
def test_who_and_when_are_checked_and_named(by, at, field):
    with pytest.raises(InvalidValue) as info:
        start_intervention_intake(an_intervention(), by=by, at=at)
    assert (info.value.owner, info.value.field) == ("start_intervention_intake", field)


# -- every refusal ---------------------------------------------------------------------------------


def untyped(value: Any) -> Any:
    """``value``, passed as a caller without a type checker might pass it."""
    return value


AGREED = an_intervention(status=IS.AGREED, period=MARCH)
SCHEDULED = an_intervention(status=IS.SCHEDULED, period=MARCH, sessions=(session(T0),))
DELIVERED = an_intervention(
    status=IS.DELIVERED, period=MARCH, sessions=(session(T0 + 48 * HOUR), session(T0))
)
ACTIVE = a_collaboration(status=CS.ACTIVE)
CARRIED_OUT = a_referral(status=RS.CARRIED_OUT)

REFUSALS = [
    # (call, the transition, words of the problem, words of the hint)
    (
        lambda: agree_intervention(
            an_intervention(status=IS.INTAKE), period=untyped(None), by="x", at=T0
        ),
        "agree",
        "no period was given",
        "pass period=Period(",
    ),
    (
        lambda: schedule_intervention(AGREED, sessions=[], by="x", at=T0),
        "schedule",
        "no sessions were given",
        "at least one",
    ),
    (
        lambda: schedule_intervention(AGREED, sessions=session(T0), by="x", at=T0),
        "schedule",
        "sessions must be a list of Session values",
        "pass sessions=[Session(",
    ),
    (
        lambda: schedule_intervention(AGREED, sessions=[untyped(T0)], by="x", at=T0),
        "schedule",
        "sessions must be Session values",
        "Session(start=",
    ),
    (
        lambda: schedule_intervention(
            attrs.evolve(AGREED, period=None), sessions=[session(T0)], by="x", at=T0
        ),
        "schedule",
        "it has no agreed period",
        "agree_intervention",
    ),
    (
        lambda: schedule_intervention(
            AGREED, sessions=[session(T0), session(T0 - 24 * HOUR)], by="x", at=T0
        ),
        "schedule",
        "a session lies outside the agreed period 2025-03-01 to 2025-03-31: "
        "starting 2025-02-28 10:00+01:00",
        "plan every session within 2025-03-01 to 2025-03-31, or agree a new period",
    ),
    (
        lambda: schedule_intervention(
            AGREED, sessions=[session(T0, hours=2), session(T0 + HOUR)], by="x", at=T0
        ),
        "schedule",
        "the sessions starting 2025-03-01 10:00+01:00 and 2025-03-01 11:00+01:00 overlap",
        "let each session end before the next one starts",
    ),
    (
        lambda: reschedule_intervention(SCHEDULED, sessions=[], by="x", at=T0),
        "reschedule",
        "no sessions were given",
        "at least one",
    ),
    (
        lambda: deliver_intervention(attrs.evolve(SCHEDULED, sessions=()), by="x", at=T0),
        "deliver",
        "it has no sessions",
        "reschedule_intervention",
    ),
    (
        lambda: deliver_intervention(SCHEDULED, by="x", at=T0 + HOUR / 2),
        "deliver",
        "its last session ends 2025-03-01 11:00+01:00, after 2025-03-01 10:30+01:00: "
        "delivered work has its sessions in the past",
        "report the delivery after the last session",
    ),
    (
        lambda: evaluate_intervention(DELIVERED, evaluation=untyped(None), by="x", at=T0),
        "evaluate",
        "no evaluation was given",
        "pass evaluation=Evaluation(",
    ),
    (
        lambda: evaluate_intervention(
            DELIVERED,
            evaluation=Evaluation(evaluated_on=dt.date(2025, 3, 2), summary="ok"),
            by="x",
            at=T0,
        ),
        "evaluate",
        "the evaluation is dated 2025-03-02, before the last session on 2025-03-03",
        "date it on 2025-03-03 or later",
    ),
    (
        lambda: decline_intervention(an_intervention(), reason=" ", by="x", at=T0),
        "decline",
        "no reason was given",
        "pass reason=",
    ),
    (
        lambda: cancel_intervention(AGREED, reason=untyped(None), by="x", at=T0),
        "cancel",
        "no reason was given",
        "pass reason=",
    ),
    (
        lambda: suspend_collaboration(ACTIVE, reason="", by="x", at=T0),
        "suspend",
        "no reason was given",
        "pass reason=",
    ),
    (
        lambda: end_collaboration(ACTIVE, on=untyped(None), by="x", at=T0),
        "end",
        "on must be a day (a datetime.date), got None",
        "pass on=date(...)",
    ),
    (
        lambda: end_collaboration(ACTIVE, on=T0, by="x", at=T0),
        "end",
        "on must be a day (a datetime.date), got datetime.datetime(",
        "pass on=date(...)",
    ),
    (
        lambda: end_collaboration(ACTIVE, on=dt.date(2024, 12, 31), by="x", at=T0),
        "end",
        "it would end on 2024-12-31, before its period starts on 2025-01-01",
        "end it on 2025-01-01 or later",
    ),
    (
        lambda: complete_referral(CARRIED_OUT, decided_on=untyped(None), by="x", at=T0),
        "complete",
        "decided_on must be a day",
        "pass decided_on=date(...)",
    ),
    (
        lambda: complete_referral(CARRIED_OUT, decided_on=dt.date(2025, 2, 9), by="x", at=T0),
        "complete",
        "it would be decided on 2025-02-09, before it was received on 2025-02-10",
        "pass decided_on=2025-02-10 or later",
    ),
    (
        lambda: complete_referral(
            CARRIED_OUT, decided_on=dt.date(2025, 3, 1), hours=21, by="x", at=T0
        ),
        "complete",
        "hours must be a whole number from 0 to 20, got 21",
        "at most 20 hours by law",
    ),
    (
        lambda: complete_referral(
            CARRIED_OUT, decided_on=dt.date(2025, 3, 1), hours=True, by="x", at=T0
        ),
        "complete",
        "hours must be a whole number from 0 to 20, got True",
        "leave hours out",
    ),
    (
        lambda: return_referral_to_referrer(
            CARRIED_OUT, decided_on=dt.date(2025, 3, 1), reason="", by="x", at=T0
        ),
        "return_to_referrer",
        "no reason was given",
        "pass reason=",
    ),
    (
        lambda: return_referral_to_referrer(
            CARRIED_OUT, decided_on=untyped("2025-03-01"), reason="niet gekomen", by="x", at=T0
        ),
        "return_to_referrer",
        "decided_on must be a day (a datetime.date), got '2025-03-01'",
        "pass decided_on=date(...)",
    ),
    (
        lambda: refuse_referral(a_referral(), reason=untyped(None), by="x", at=T0),
        "refuse",
        "no reason was given",
        "pass reason=",
    ),
]


@pytest.mark.parametrize(
    ("call", "transition", "problem", "hint"),
    REFUSALS,
    ids=[f"{t}: {p[:40]}" for _, t, p, _ in REFUSALS],
)
def test_each_refusal_says_what_is_missing_and_how_to_give_it(call, transition, problem, hint):
    with pytest.raises(TransitionRefused) as info:
        call()
    error = info.value
    assert error.transition == transition
    assert error.subject_id == ID
    assert problem in error.problem
    assert hint in error.hint
    assert str(error) == f"cannot {transition} {error.subject} {ID}: {error.problem}; {error.hint}"


def test_every_transition_with_data_has_a_refusal_test():
    refused = {t for _, t, _, _ in REFUSALS}
    with_data = {t.name for _, t in ALL_TRANSITIONS if t.needs}
    assert with_data <= refused


def test_delivery_on_the_minute_the_last_session_ends_is_accepted():
    delivered, _ = deliver_intervention(SCHEDULED, by="x", at=(T0 + HOUR).astimezone(dt.UTC))
    assert delivered.status is IS.DELIVERED


def test_sessions_that_touch_do_not_overlap():
    planned = [session(T0 + HOUR), session(T0)]
    scheduled, event = schedule_intervention(AGREED, sessions=planned, by="x", at=T0)
    assert scheduled.sessions == event.sessions
    assert plain(scheduled.sessions) == plain(planned)  # kept in the order given


def test_overlap_is_judged_on_instants_across_the_dst_change():
    # 27 Oct 2024: 02:00-03:00 happens twice in Amsterdam. fold=0 is the first (CEST) hour,
    # fold=1 the second (CET); wall times that compare equal are an hour apart.
    october = Period(start=dt.date(2024, 10, 1), end=dt.date(2024, 10, 31))
    first = dt.datetime(2024, 10, 27, 2, 0, tzinfo=AMSTERDAM)
    second = dt.datetime(2024, 10, 27, 2, 0, fold=1, tzinfo=AMSTERDAM)
    planned = [
        Session(start=first, end=first + dt.timedelta(minutes=50), location="x"),
        Session(start=second, end=second.astimezone(dt.UTC) + HOUR / 2, location="x"),
    ]
    agreed = attrs.evolve(AGREED, period=october)
    scheduled, _ = schedule_intervention(agreed, sessions=planned, by="x", at=T0)
    assert len(scheduled.sessions) == 2


def test_too_long_data_is_refused_by_the_event_it_would_make():
    with pytest.raises(InvalidValue) as info:
        decline_intervention(an_intervention(), reason="x" * 1001, by="x", at=T0)
    assert (info.value.owner, info.value.field) == ("InterventionDeclined", "reason")


# -- one source for the legal maximum of hours (issue 17) ------------------------------------------


def carried_out():
    return a_referral(status=ReferralStatus.CARRIED_OUT)


def test_the_settings_decide_what_completing_a_referral_refuses():
    from halt_core.rules import RuleSettings, default_rules

    day = dt.date(2025, 3, 1)
    with pytest.raises(TransitionRefused, match="from 0 to 20"):
        complete_referral(carried_out(), decided_on=day, hours=24, by="tr", at=T0)
    stricter = RuleSettings(max_settlement_hours=10)
    with pytest.raises(TransitionRefused, match="from 0 to 10"):
        complete_referral(
            carried_out(), decided_on=day, hours=12, by="tr", at=T0, settings=stricter
        )
    wider = RuleSettings(max_settlement_hours=30)
    done, event = complete_referral(
        carried_out(), decided_on=day, hours=24, by="tr", at=T0, settings=wider
    )
    assert done.outcome is not None
    assert done.outcome.hours == event.outcome.hours == 24
    # The rules read the same setting: what the lifecycle let through, they let through too.
    network = Network(referrals=(done,))
    now = dt.datetime(2025, 4, 1, tzinfo=AMSTERDAM)
    rules = default_rules()
    assert not rules.check(network, now=now, settings=wider).filter(rule_id="HC-REFERRAL-008")
    assert rules.check(network, now=now).filter(rule_id="HC-REFERRAL-008")


def test_the_default_maximum_is_the_settings_default():
    from halt_core.rules import RuleSettings

    assert RuleSettings().max_settlement_hours == MAX_SETTLEMENT_HOURS == 20


# -- ending a partner ---------------------------------------------------------------------------


def a_partner(**changes):
    values = {
        "id": PartnerId(ID),
        "name": "Politie basisteam Beemster",
        "kind": PartnerKind.POLICE,
        "level": Level.LOCAL,
        "area": Area.municipality("GM0439"),
    }
    return Partner(**{**values, **changes})


def test_ending_a_partner_sets_its_end_and_tells_it_in_an_event():
    ended, event = end_partner(
        a_partner(),
        on=dt.date(2025, 12, 31),
        reason="opgegaan in basisteam Purmerend",
        by="tr",
        at=T0,
    )
    assert (ended.ended_on, ended.end_reason) == (
        dt.date(2025, 12, 31),
        "opgegaan in basisteam Purmerend",
    )
    assert ended.ended
    assert not a_partner().ended
    assert isinstance(event, PartnerEnded)
    assert (event.partner, event.ended_on, event.reason, event.actor) == (
        ended.id,
        dt.date(2025, 12, 31),
        "opgegaan in basisteam Purmerend",
        "tr",
    )
    assert event.subject == ended.id
    assert event.type == "nl.halt.partner.ended"
    assert event_from_json(to_json(event)) == event


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"reason": " "}, "no reason was given"),
        ({"on": dt.datetime(2025, 12, 31, tzinfo=AMSTERDAM)}, "on must be a day"),
    ],
)
def test_ending_a_partner_without_a_reason_or_a_day_is_refused(changes, problem):
    data = {"on": dt.date(2025, 12, 31), "reason": "gesloten", "by": "tr", "at": T0, **changes}
    with pytest.raises(TransitionRefused, match=problem):
        end_partner(a_partner(), **data)


def test_a_partner_ends_once_and_who_and_when_are_checked():
    ended, _ = end_partner(a_partner(), on=dt.date(2025, 12, 31), reason="gesloten", by="tr", at=T0)
    with pytest.raises(TransitionRefused, match="already ended on 2025-12-31"):
        end_partner(ended, on=dt.date(2026, 1, 31), reason="nogmaals", by="tr", at=T0)
    with pytest.raises(InvalidValue, match="by"):
        end_partner(a_partner(), on=dt.date(2025, 12, 31), reason="x", by=" ", at=T0)
    with pytest.raises(InvalidValue, match="at"):
        end_partner(
            a_partner(), on=dt.date(2025, 12, 31), reason="x", by="tr", at=dt.datetime(2025, 1, 1)
        )


def test_a_partner_with_an_end_needs_a_reason_and_a_reason_needs_an_end():
    with pytest.raises(InvalidValue, match="needs a reason"):
        a_partner(ended_on=dt.date(2025, 1, 1))
    with pytest.raises(InvalidValue, match="only a partner that ended"):
        a_partner(end_reason="gesloten")
    with pytest.raises(InvalidValue):
        a_partner(ended_on=dt.date(2025, 1, 1), end_reason="x" * 1001)
    # Empty only where an export left the free text out.
    assert a_partner(ended_on=dt.date(2025, 1, 1), end_reason="").ended
    kept = a_partner(ended_on=dt.date(2025, 1, 1), end_reason="gesloten")
    assert from_json(to_json(kept), Partner) == kept
    assert kept.ended_by(dt.date(2025, 1, 2))
    assert not kept.ended_by(dt.date(2025, 1, 1))
