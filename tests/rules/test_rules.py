"""The rules: each finds what it must and only that; the rule set reports, never raises."""

import datetime as dt
import re
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core import InvalidValue, NotFound
from halt_core.demo import generate, plantable_rules
from halt_core.model import AMSTERDAM, Network, Partner
from halt_core.rules import (
    BUILT_IN_RULES,
    Finding,
    Report,
    RuleError,
    RuleSet,
    RuleSettings,
    Severity,
    Subject,
    default_rules,
    network_rule,
    record_rule,
)
from halt_core.testing import strategies as hs

RULES = default_rules()
NOW = dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM)


def test_there_are_at_least_25_rules_across_every_subject():
    assert len(RULES) >= 25
    assert {rule.subject for rule in RULES} == set(Subject)


@pytest.mark.parametrize("rule", BUILT_IN_RULES, ids=lambda r: r.id)
def test_every_rule_is_named_explained_and_bilingual(rule):
    assert re.fullmatch(r"HC-[A-Z]+-\d{3}", rule.id)
    assert len(rule.reason.splitlines()[0]) > 20, "the docstring explains the rule"
    assert rule.title
    assert rule.message_en
    assert rule.message_nl
    assert rule.message_en != rule.message_nl
    fields = set(re.findall(r"{(\w+)", rule.message_en))
    assert fields, "the message names the offending values"


def test_every_built_in_rule_can_be_planted():
    plantable = set(plantable_rules())
    assert plantable == set(RULES.ids())


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**32), size=st.sampled_from([40, 80]))
def test_a_generated_network_breaks_no_rule(seed, size):
    demo = generate(seed=seed, size=size)
    report = RULES.check(demo.network, now=demo.now)
    assert not report, [v.message_en for v in report][:5]


@pytest.mark.parametrize("rule_id", plantable_rules())
@settings(max_examples=2, deadline=None)
@given(seed=st.integers(0, 2**32), count=st.integers(1, 3))
def test_each_rule_finds_exactly_the_planted_violations(rule_id, seed, count):
    demo = generate(seed=seed, size=40, plant={rule_id: count})
    report = RULES.check(demo.network, now=demo.now)
    assert report.counts() == {rule_id: count}
    assert sorted(v.subject_id for v in report) == sorted(demo.planted[rule_id])
    for violation in report:
        assert "{" not in violation.message_en + violation.message_nl
        assert violation.severity is RULES.rule(rule_id).severity


@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 2**32))
def test_every_rule_planted_at_once_is_found_at_once(seed):
    wanted = dict.fromkeys(plantable_rules(), 1)
    demo = generate(seed=seed, size=60, plant=wanted)
    report = RULES.check(demo.network, now=demo.now)
    assert report.counts() == wanted
    for violation in report:
        assert violation.subject_id in demo.planted[violation.rule_id]


@given(hs.networks(max_records=4), hs.moments())
def test_rules_never_raise_on_any_network(network, now):
    report = RULES.check(network, now=now)
    for violation in report:
        assert "{" not in violation.message_en + violation.message_nl
        assert violation.rule_id in RULES


@given(hs.networks(max_records=4))
def test_reports_are_stable_and_ordered(network):
    first = RULES.check(network, now=NOW)
    again = RULES.check(network, now=NOW)
    assert first == again
    keys = [v.sort_key for v in first]
    assert keys == sorted(keys)


def test_report_filters_by_severity_subject_and_rule():
    demo = generate(
        seed=3, size=40, plant={"HC-FORUM-002": 1, "HC-PARTNER-004": 2, "HC-INTERV-001": 1}
    )
    report = RULES.check(demo.network, now=demo.now)
    assert len(report.errors) == 1
    assert len(report.warnings) == 1
    assert len(report.advice) == 2
    assert len(report.filter(subject=Subject.PARTNER)) == 2
    assert len(report.filter(rule_id="HC-FORUM-002")) == 1
    assert len(report.filter(severity=[Severity.ERROR, Severity.WARNING])) == 2
    assert report.filter(rule_id="HC-NONE-001") == Report(())
    assert [v.severity for v in report] == sorted(
        (v.severity for v in report), key=lambda s: s.rank
    )


def test_messages_come_in_english_and_dutch():
    demo = generate(seed=5, size=40, plant={"HC-REFERRAL-003": 1})
    (violation,) = RULES.check(demo.network, now=demo.now)
    assert "Halt handles youths of 12 to 17" in violation.message("en")
    assert "Halt is er voor jongeren van 12 tot en met 17" in violation.message("nl")
    with pytest.raises(InvalidValue, match="'en' or 'nl'"):
        violation.message("de")


def test_settings_are_data_with_defaults():
    demo = generate(seed=5, size=40, plant={"HC-REFERRAL-003": 1})
    from halt_core.model import AgeRange

    wider = RuleSettings(halt_ages=AgeRange(minimum=12, maximum=19))
    assert not RULES.check(demo.network, now=demo.now, settings=wider)


def test_built_in_rules_turn_off_by_id_and_tools_add_their_own():
    demo = generate(seed=9, size=40, plant={"HC-PARTNER-004": 1})

    @record_rule(
        "TOOL-PARTNER-001",
        Severity.ADVICE,
        Subject.PARTNER,
        title="partner has notes",
        en="Partner {name} has no notes.",
        nl="Partner {name} heeft geen notities.",
    )
    def partner_has_notes(partner: Partner, context):
        """Notes help colleagues who take over a contact."""
        if not partner.notes:
            yield {"name": partner.name}

    rules = RULES.without("HC-PARTNER-004").with_rules(partner_has_notes)
    report = rules.check(demo.network, now=demo.now)
    assert set(report.counts()) == {"TOOL-PARTNER-001"}
    assert report.counts()["TOOL-PARTNER-001"] == len(demo.network.partners)
    assert "HC-PARTNER-004" not in rules
    assert rules.rule("TOOL-PARTNER-001").reason.startswith("Notes help")


def test_rule_set_mistakes_are_clear_errors():
    with pytest.raises(NotFound, match="HC-PARTNER-001"):
        RULES.without("HC-NOPE-001")
    with pytest.raises(InvalidValue, match="once"):
        RULES.with_rules(RULES.rule("HC-FORUM-001"))
    with pytest.raises(InvalidValue, match="HC-FORUM-003"):

        @record_rule("forum-3", Severity.ERROR, Subject.FORUM, title="t", en="e", nl="n")
        def bad_id(forum, context):
            """A rule with a bad id."""
            yield from ()

    with pytest.raises(InvalidValue, match="docstring"):

        @record_rule("TOOL-X-001", Severity.ERROR, Subject.FORUM, title="t", en="e", nl="n")
        def undocumented(forum, context):
            yield from ()


def test_a_failing_rule_is_reported_as_a_rule_error_naming_it():
    @network_rule("TOOL-NET-001", Severity.ERROR, Subject.PARTNER, title="t", en="e", nl="n")
    def broken(context):
        """Always fails."""
        return iter([1 / 0])

    with pytest.raises(RuleError, match="TOOL-NET-001"):
        RuleSet((broken,)).check(Network.empty(), now=NOW)


def test_check_value_reports_about_that_value_only():
    demo = generate(seed=11, size=40)
    partner = demo.network.partners[0]
    from attrs import evolve

    nameless = evolve(partner, contact_points=())
    report = RULES.check_value(nameless, demo.network, now=demo.now)
    assert [v.rule_id for v in report] == ["HC-PARTNER-004"]
    assert all(v.subject_id == partner.id for v in report)


# -- the overlap rules against a slow, obviously right definition --------------------------------


def overlapping(slots):
    """Keys of the slots that start before an earlier-sorted slot of another owner ends."""
    ordered = sorted(slots, key=lambda s: (s[0], s[1], s[3]))
    found = set()
    for i, (start, _, owner, key) in enumerate(ordered):
        if any(o_end > start and o_owner != owner for _, o_end, o_owner, _ in ordered[:i]):
            found.add(key)
    return found


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 40), st.integers(1, 6), st.integers(0, 3), st.sampled_from("ab")),
        min_size=1,
        max_size=14,
    )
)
def test_trainer_overlaps_match_the_pairwise_definition(rows):
    from halt_core.ids import InterventionId
    from halt_core.model import Area, Audience, Intervention, InterventionKind, Session, TargetGroup

    base = dt.datetime(2026, 1, 5, 8, tzinfo=AMSTERDAM)
    owners = [InterventionId(uuid.UUID(int=n + 1)) for n in range(4)]
    sessions: dict[InterventionId, list[Session]] = {owner: [] for owner in owners}
    slots = []
    for start, length, owner, trainer in rows:
        s = Session(
            start=base + dt.timedelta(minutes=15 * start),
            end=base + dt.timedelta(minutes=15 * (start + length)),
            location="x",
            trainer=trainer,
        )
        sessions[owners[owner]].append(s)
        slots.append((trainer, s, owners[owner]))
    interventions = tuple(
        Intervention(
            id=owner,
            kind=InterventionKind.TAILORED,
            title=f"i{n}",
            target_group=TargetGroup(audience=Audience.OTHER, description="x"),
            area=Area.country(),
            sessions=tuple(sessions[owner]),
            requested_on=dt.date(2026, 1, 1),
        )
        for n, owner in enumerate(owners)
    )
    report = (
        RULES.only(subject=Subject.INTERVENTION)
        .check(Network(interventions=interventions), now=NOW)
        .filter(rule_id="HC-INTERV-009")
    )
    expected = 0
    for trainer in "ab":
        # the rule sorts by (start, end, id); give the oracle the same tie-break
        mine = [
            (s.start.timestamp(), s.end.timestamp(), owner, (str(owner), i))
            for i, (t, s, owner) in enumerate(slots)
            if t == trainer
        ]
        expected += len(overlapping(mine))
    assert len(report) == expected


def test_a_network_rule_must_name_its_subject():
    @network_rule("TOOL-NET-002", Severity.ERROR, Subject.PARTNER, title="t", en="e", nl="n")
    def nameless(context):
        """Forgets the subject."""
        yield Finding(values={})

    with pytest.raises(RuleError, match="subject_id"):
        RuleSet((nameless,)).check(Network.empty(), now=NOW)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 6)), min_size=1, max_size=8),
    st.booleans(),
)
def test_session_overlaps_match_the_pairwise_definition(rows, in_order):
    """HC-INTERV-008 (its quick in-order pass and its sort) against every pair of sessions."""
    from halt_core.ids import InterventionId
    from halt_core.model import Area, Audience, Intervention, InterventionKind, Session, TargetGroup

    base = dt.datetime(2026, 1, 5, 8, tzinfo=AMSTERDAM)
    if in_order:  # one after the other (the quick in-order pass), a step late now and then
        rows = [
            (sum(length for _, length in rows[:n]) + gap % 2, length)
            for n, (gap, length) in enumerate(rows)
        ]
    sessions = tuple(
        Session(
            start=base + dt.timedelta(minutes=15 * start),
            end=base + dt.timedelta(minutes=15 * (start + length)),
            location="x",
        )
        for start, length in rows
    )
    intervention = Intervention(
        id=InterventionId(uuid.UUID(int=1)),
        kind=InterventionKind.TAILORED,
        title="i",
        target_group=TargetGroup(audience=Audience.OTHER, description="x"),
        area=Area.country(),
        sessions=sessions,
        requested_on=dt.date(2026, 1, 1),
    )
    report = (
        RULES.only(subject=Subject.INTERVENTION)
        .check(Network(interventions=(intervention,)), now=NOW)
        .filter(rule_id="HC-INTERV-008")
    )
    # A session overlaps when it starts before an earlier-sorted session (by start, then
    # place) ends.
    ordered = sorted(enumerate(sessions), key=lambda p: (p[1].start.timestamp(), p[0]))
    expected = sum(
        1
        for k, (_, s) in enumerate(ordered)
        if any(o.end.timestamp() > s.start.timestamp() for _, o in ordered[:k])
    )
    assert len(report) == expected
