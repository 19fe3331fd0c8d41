"""Incremental checks: the partial report, combined with the previous one, is the full report.

A tool holds a network and its report, changes a few records, and asks for the new report
with ``check(new, changed=ids, previous=report)`` and ``report.updated(partial)``; whatever
the change (records added, replaced, removed; overlaps, dangling references and duplicates
made and unmade), that must equal ``check(new)`` exactly: the same violations in the same order.
"""

from __future__ import annotations

import datetime as dt
import pickle
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halt_core import HaltError
from halt_core.demo import generate, plantable_rules
from halt_core.model import (
    CollaborationStatus,
    InterventionStatus,
    Network,
)
from halt_core.rules import (
    Finding,
    Report,
    RuleSet,
    Severity,
    Subject,
    default_rules,
    network_rule,
    record_rule,
)

COLLECTIONS = ("partners", "collaborations", "forums", "meetings", "interventions", "referrals")


@record_rule(
    "TOOL-PARTNER-001",
    Severity.ADVICE,
    Subject.PARTNER,
    title="a partner is named by some work",
    en="Partner {name} is named by no intervention.",
    nl="Partner {name} wordt door geen interventie genoemd.",
)
def partner_has_work(partner: Any, context: Any) -> Iterator[dict[str, object]]:
    """A tool's rule that reads the whole network and does not say so: it runs whole."""
    named = {i.commissioner for i in context.network.interventions}
    if partner.id not in named:
        yield {"name": partner.name}


@record_rule(
    "TOOL-MEETING-001",
    Severity.ADVICE,
    Subject.MEETING,
    title="a meeting's forum has a member",
    en="The forum of the meeting on {when} has no members.",
    nl="Het overleg van de vergadering op {when} heeft geen leden.",
    reads=(Subject.FORUM,),
)
def forum_has_members(meeting: Any, context: Any) -> Iterator[dict[str, object]]:
    """A tool's rule that says what it reads: only what a change reaches is checked again."""
    forum = context.forum(meeting.forum)
    if forum is not None and len(forum.members) < 3:
        yield {"when": f"{meeting.start:%Y-%m-%d}"}


@network_rule(
    "TOOL-FORUM-001",
    Severity.ADVICE,
    Subject.FORUM,
    title="forum names are unique",
    en="Forum {name} has the name of another forum.",
    nl="Overleg {name} heeft de naam van een ander overleg.",
)
def forum_names_unique(context: Any) -> Iterator[Finding]:
    """A tool's network rule without ``recheck``: it runs whole."""
    first: dict[str, uuid.UUID] = {}
    for forum in context.network.forums:
        if forum.name in first:
            yield Finding(
                subject_id=forum.id, related=(first[forum.name],), values={"name": forum.name}
            )
        else:
            first.setdefault(forum.name, forum.id)


RULES = default_rules().with_rules(partner_has_work, forum_has_members, forum_names_unique)
BASES = [generate(seed=seed, size=40, plant=plantable_rules()) for seed in (3, 11)]
NOW = BASES[0].now


def _near_faults(demo: Any) -> frozenset[uuid.UUID]:
    """The planted records, the records they name, and the partners of those."""
    near = {id for ids in demo.planted.values() for id in ids}
    network = demo.network
    for meeting in network.meetings:
        if meeting.id in near:
            near.add(meeting.forum)
            near.update(meeting.attendees)
    for forum in network.forums:
        if forum.id in near:
            near.update(forum.members)
    for intervention in network.interventions:
        if intervention.id in near:
            near.update(p for p in (intervention.collaboration, intervention.commissioner) if p)
    for collaboration in network.collaborations:
        if collaboration.id in near:
            near.update(p for p in (*collaboration.partners, collaboration.commissioner) if p)
    return frozenset(near)


NEAR_FAULTS = frozenset().union(*map(_near_faults, BASES))


# -- changes ------------------------------------------------------------------------------------


def _changes(draw: st.DrawFn, network: Network) -> tuple[Network, set[uuid.UUID]]:
    """A new network with a few records added, replaced or removed, and their ids."""
    records: dict[str, dict[uuid.UUID, Any]] = {
        name: {r.id: r for r in getattr(network, name)} for name in COLLECTIONS
    }
    changed: set[uuid.UUID] = set()
    removed = False
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(COLLECTIONS))
        pool = list(records[name].values())
        if draw(st.booleans()):  # near a planted fault, where changes make and unmake them
            pool = [r for r in pool if r.id in NEAR_FAULTS] or pool
        if not pool:
            continue
        record = draw(st.sampled_from(pool))
        how = draw(st.sampled_from(("remove", "copy", "change", "change", "change")))
        if how == "remove":
            del records[name][record.id]
            removed = True
            changed.add(record.id)
            continue
        if how == "copy":  # a duplicate: the same record under a new id
            new = attrs.evolve(record, id=draw(st.uuids()))
        else:
            try:
                new = _changed(draw, name, record, records)
            except HaltError:
                continue  # the model refused this change
        records[name][new.id] = new
        changed.add(new.id)
    if removed or draw(st.booleans()):
        after = Network(**{name: tuple(records[name].values()) for name in COLLECTIONS})
    else:  # the way a tool changes records: the indexes come along
        after = network.with_records(
            r for name in COLLECTIONS for r in records[name].values() if r.id in changed
        )
    return after, changed


def _changed(
    draw: st.DrawFn, name: str, record: Any, records: dict[str, dict[uuid.UUID, Any]]
) -> Any:
    """``record`` changed the way tools change it: times, status, references, names."""

    def other(collection: str) -> Any:
        return draw(st.sampled_from(list(records[collection].values())))

    def some_id(collection: str) -> uuid.UUID:
        # A record there, or one that is not: a dangling reference.
        if draw(st.booleans()) and records[collection]:
            id: uuid.UUID = other(collection).id
            return id
        return uuid.UUID(int=draw(st.integers(0, 2**128 - 1)))

    title = draw(st.sampled_from(("Andere naam", "Tweede naam")))
    if name == "interventions":
        pick = draw(st.integers(0, 4))
        if pick == 0 and record.sessions:  # a session at another session's time and trainer
            donor = other("interventions")
            if donor.sessions:
                moved = draw(st.sampled_from(donor.sessions))
                first = attrs.evolve(
                    record.sessions[0], start=moved.start, end=moved.end, trainer=moved.trainer
                )
                return attrs.evolve(record, sessions=(first, *record.sessions[1:]))
        if pick == 1:
            status = draw(st.sampled_from(list(InterventionStatus)))
            return attrs.evolve(record, status=status)
        if pick == 2:
            return attrs.evolve(record, collaboration=some_id("collaborations"))
        if pick == 3:
            return attrs.evolve(record, commissioner=some_id("partners"))
        return attrs.evolve(record, title=title)
    if name == "meetings":
        pick = draw(st.integers(0, 3))
        if pick == 0:  # at the time of another meeting (perhaps of the same forum)
            donor = other("meetings")
            return attrs.evolve(record, start=donor.start, end=donor.end)
        if pick == 1:
            return attrs.evolve(record, forum=some_id("forums"))
        if pick == 2:
            return attrs.evolve(record, cancelled_on=None)
        return attrs.evolve(record, attendees=record.attendees[1:])
    if name == "forums":
        pick = draw(st.integers(0, 2))
        if pick == 0:
            return attrs.evolve(record, members=record.members[1:])
        if pick == 1:
            return attrs.evolve(record, collaboration=some_id("collaborations"))
        return attrs.evolve(record, name=title)
    if name == "collaborations":
        pick = draw(st.integers(0, 2))
        if pick == 0:
            return attrs.evolve(record, status=draw(st.sampled_from(list(CollaborationStatus))))
        if pick == 1:  # the partners and kind of another: perhaps a duplicate
            donor = other("collaborations")
            return attrs.evolve(record, partners=donor.partners, kind=donor.kind)
        return attrs.evolve(record, name=title)
    if name == "partners":
        if draw(st.booleans()):
            return attrs.evolve(record, name=title)
        return attrs.evolve(record, kind=other("partners").kind)
    return attrs.evolve(record, referrer=some_id("partners"))


def _whole(network: Network, now: dt.datetime) -> Report:
    return RULES.check(network, now=now)


# -- the property -------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASES) - 1), st.data())
def test_incremental_check_reports_exactly_what_a_full_check_reports(base, data):
    demo = BASES[base]  # a demo with every plantable fault
    after, changed = _changes(data.draw, demo.network)
    before = _whole(demo.network, demo.now)
    partial = RULES.check(after, changed=changed, previous=before)
    assert partial.partial
    updated = before.updated(partial)
    assert updated.violations == _whole(after, demo.now).violations
    # And again from there: the next change builds on the indexes the last one took over.
    later, more = _changes(data.draw, after)
    again = updated.updated(RULES.check(later, changed=more, previous=updated))
    assert again.violations == _whole(later, demo.now).violations


def test_only_what_a_change_reaches_is_checked_again():
    demo = BASES[0]
    before = _whole(demo.network, demo.now)
    intervention = demo.network.interventions[0]
    after = demo.network.with_records([attrs.evolve(intervention, title="Andere naam")])
    partial = RULES.check(after, changed=[intervention.id], previous=before)
    assert partial.rechecked is not None
    assert partial.rechecked["HC-INTERV-001"] == frozenset([uuid.UUID(int=intervention.id.int)])
    assert "HC-PARTNER-001" not in partial.rechecked  # a partner rule: nothing to check again
    assert partial.rechecked["TOOL-PARTNER-001"] is None  # it said nothing: run whole
    assert partial.rechecked["TOOL-FORUM-001"] is None
    assert before.updated(partial).violations == _whole(after, demo.now).violations


def test_a_partner_change_reaches_the_meetings_of_its_forums():
    demo = BASES[0]
    forum = next(f for f in demo.network.forums if f.members and demo.network.meetings_of(f.id))
    partner = demo.network.partner(forum.members[0])
    before = _whole(demo.network, demo.now)
    after = demo.network.with_records([attrs.evolve(partner, name="Andere naam")])
    partial = RULES.check(after, changed=[partner.id], previous=before)
    assert partial.rechecked is not None
    reached = partial.rechecked["HC-FORUM-012"]
    assert reached is not None
    assert {m.id for m in demo.network.meetings_of(forum.id)} <= reached


def test_other_terms_or_rules_check_everything_again():
    demo = BASES[1]
    before = _whole(demo.network, demo.now)
    record = demo.network.meetings[0]
    after = demo.network.with_records([attrs.evolve(record, attendees=())])
    later = demo.now + dt.timedelta(days=30)
    partial = RULES.check(after, changed=[record.id], previous=before, now=later)
    assert partial.rechecked is not None
    assert set(partial.rechecked.values()) == {None}
    assert before.updated(partial).violations == RULES.check(after, now=later).violations
    fewer = RULES.without("TOOL-FORUM-001")
    partial = fewer.check(after, changed=[record.id], previous=before)
    assert before.updated(partial).violations == fewer.check(after, now=demo.now).violations


def test_a_report_without_its_context_checks_everything_again():
    demo = BASES[1]
    before = pickle.loads(pickle.dumps(_whole(demo.network, demo.now)))
    assert before == _whole(demo.network, demo.now)
    removed = demo.network.interventions[0]
    after = Network(
        **{
            name: tuple(r for r in getattr(demo.network, name) if r.id != removed.id)
            for name in COLLECTIONS
        }
    )
    partial = RULES.check(after, changed=[removed.id], previous=before, now=demo.now)
    assert before.updated(partial).violations == _whole(after, demo.now).violations


@pytest.mark.parametrize(
    "partial",
    [
        lambda network, report: RULES.check(network, changed=[], now=NOW),
        lambda network, report: RULES.check(network, previous=report),
        lambda network, report: RULES.check(network, now=NOW),
    ],
    ids=["changed without previous", "previous without changed", "a whole report"],
)
def test_half_an_incremental_check_is_a_whole_one(partial: Callable[[Network, Report], Report]):
    demo = BASES[0]
    report = _whole(demo.network, demo.now)
    meeting = demo.network.meetings[0]
    after = demo.network.with_records([attrs.evolve(meeting, attendees=())])
    assert Report(()).updated(partial(after, report)).violations == _whole(after, NOW).violations


def test_a_record_rule_that_reads_reports_on_its_record():
    @record_rule(
        "TOOL-MEETING-002",
        Severity.ADVICE,
        Subject.MEETING,
        title="reports on its forum",
        en="Forum {name}.",
        nl="Overleg {name}.",
        reads=(Subject.FORUM,),
    )
    def about_the_forum(meeting: Any, context: Any) -> Iterator[Finding]:
        """Breaks the promise of ``reads``: it reports on another record."""
        yield Finding(subject_id=meeting.forum, values={"name": "x"})

    rules = RuleSet((about_the_forum,))
    demo = BASES[0]
    before = rules.check(demo.network, now=demo.now)
    meeting = demo.network.meetings[0]
    after = demo.network.with_records([attrs.evolve(meeting, attendees=())])
    with pytest.raises(HaltError, match="reports on its record"):
        rules.check(after, changed=[meeting.id], previous=before)
