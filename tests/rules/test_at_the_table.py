"""Who is at the table of a case consultation: HC-FORUM-010 to HC-FORUM-013.

Each rule is checked against a slow, obviously right definition written here from the domain
(not from the rule's code) on small networks where every kind of mistake is likely: partners
of every kind, members and non-members, partners the network does not have, attendance
recorded or not, cases discussed with everyone or with some, referrals stored, missing or of
another youth.
"""

import datetime as dt
import uuid
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core.demo import generate
from halt_core.ids import ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    Area,
    CaseOnAgenda,
    Forum,
    ForumKind,
    Level,
    Meeting,
    Network,
    OffenceCategory,
    Partner,
    PartnerKind,
    Period,
    Referral,
    YouthPseudonym,
    at_the_table,
)
from halt_core.privacy import DEFAULT_POLICY, Purpose, SharingRequest
from halt_core.privacy.policy import may_receive_justice_data
from halt_core.rules import RuleSet, Subject, default_rules

RULES = default_rules()
NOW = dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM)
START = dt.datetime(2026, 6, 1, 10, tzinfo=AMSTERDAM)
TABLE_RULES = ("HC-FORUM-010", "HC-FORUM-011", "HC-FORUM-012", "HC-FORUM-013")

# DOMAIN.md, rule 3: the youth justice chain. Written out here, not read from the model, so
# the oracle does not share a mistake with the code it checks.
CHAIN = frozenset(
    {
        PartnerKind.POLICE,
        PartnerKind.PUBLIC_PROSECUTION,
        PartnerKind.CHILD_PROTECTION_BOARD,
        PartnerKind.YOUTH_CARE,
        PartnerKind.YOUTH_PROBATION,
        PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY,
        PartnerKind.MUNICIPALITY,
        PartnerKind.SAFETY_HOUSE,
        PartnerKind.COMPULSORY_EDUCATION_OFFICE,
    }
)
CASE_CONSULTATIONS = frozenset({ForumKind.JCO, ForumKind.SAFETY_HOUSE_CASE_CONSULTATION})
YOUTHS = tuple(YouthPseudonym(y) for y in ("Y-BGW7LDL3", "Y-KQ4RT8MN", "Y-ZX9PLW2D"))


def _id(n: int) -> uuid.UUID:
    return uuid.UUID(int=n + 1, version=4)


def partner(n: int, kind: PartnerKind) -> Partner:
    return Partner(
        id=PartnerId(_id(n)),
        name=f"partner {n}",
        kind=kind,
        level=Level.NATIONAL,
        area=Area.country(),
    )


def forum(n: int, kind: ForumKind, members: tuple[PartnerId, ...]) -> Forum:
    return Forum(
        id=ForumId(_id(100 + n)),
        name=f"forum {n}",
        kind=kind,
        level=kind.profile.level or Level.NATIONAL,
        area=Area.country(),
        members=members,
        halt_role=sorted(kind.profile.halt_roles)[0],
        period=Period(start=dt.date(2020, 1, 1)),
    )


def meeting(
    n: int,
    forum_id: uuid.UUID,
    attendees: tuple[PartnerId, ...] = (),
    cases: tuple[CaseOnAgenda, ...] = (),
) -> Meeting:
    start = START + dt.timedelta(days=n)
    return Meeting(
        id=MeetingId(_id(200 + n)),
        forum=ForumId(forum_id),
        start=start,
        end=start + dt.timedelta(hours=1),
        location="online",
        cases=cases,
        attendees=attendees,
    )


def case(
    youth: int = 0,
    discussed_with: tuple[PartnerId, ...] | None = None,
    referral: uuid.UUID | None = None,
) -> CaseOnAgenda:
    return CaseOnAgenda(
        youth=YOUTHS[youth],
        municipality="GM0363",
        discussed_with=discussed_with,
        referral=None if referral is None else ReferralId(referral),
    )


def referral(n: int, youth: int) -> Referral:
    return Referral(
        id=ReferralId(_id(300 + n)),
        referrer=PartnerId(_id(0)),
        youth=YOUTHS[youth],
        age_at_offence=15,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=dt.date(2026, 3, 1),
        referred_on=dt.date(2026, 3, 10),
        municipality="GM0363",
    )


def found(network: Network) -> dict[str, Counter[uuid.UUID]]:
    """Per table rule, how many violations each meeting has."""
    report = RuleSet(tuple(RULES.rule(r) for r in TABLE_RULES)).check(network, now=NOW)
    counts: dict[str, Counter[uuid.UUID]] = {r: Counter() for r in TABLE_RULES}
    for violation in report:
        counts[violation.rule_id][violation.subject_id] += 1
    return counts


# -- the oracle ---------------------------------------------------------------------------------


def expected(network: Network) -> dict[str, Counter[uuid.UUID]]:
    kinds = {p.id: p.kind for p in network.partners}
    forums = {f.id: f for f in network.forums}
    referrals = {r.id: r for r in network.referrals}
    counts: dict[str, Counter[uuid.UUID]] = {r: Counter() for r in TABLE_RULES}
    for m in network.meetings:
        for c in m.cases:
            if c.referral is not None and (
                c.referral not in referrals or referrals[c.referral].youth != c.youth
            ):
                counts["HC-FORUM-013"][m.id] += 1
        f = forums.get(m.forum)
        if f is None:
            continue
        # an attendee who is no member
        counts["HC-FORUM-010"][m.id] += len({a for a in m.attendees if a not in f.members})
        for c in m.cases:
            # who heard it: named, else every attendee, else (nothing recorded) every member
            if c.discussed_with is not None:
                heard = set(c.discussed_with)
            elif m.attendees:
                heard = set(m.attendees)
            else:
                heard = set(f.members)
            for p in heard:
                not_there = bool(m.attendees) and p not in m.attendees
                if p not in f.members or not_there:
                    counts["HC-FORUM-011"][m.id] += 1
                if f.kind in CASE_CONSULTATIONS and p in kinds and kinds[p] not in CHAIN:
                    counts["HC-FORUM-012"][m.id] += 1
    return counts


@st.composite
def tables(draw: st.DrawFn) -> Network:
    """A few partners, forums, meetings and referrals that share ids, so rules can fire."""
    pool = 7  # partner ids 0..6; those drawn without a kind are not in the network
    kinds = draw(
        st.lists(st.none() | st.sampled_from(list(PartnerKind)), min_size=pool, max_size=pool)
    )
    partners = tuple(partner(n, k) for n, k in enumerate(kinds) if k is not None)
    ids = st.sampled_from([PartnerId(_id(n)) for n in range(pool)])
    some = st.lists(ids, max_size=5).map(tuple)
    # case consultations half the time: only there does HC-FORUM-012 apply
    forum_kinds = st.sampled_from(sorted(CASE_CONSULTATIONS)) | st.sampled_from(list(ForumKind))
    forums = tuple(
        forum(n, kind, tuple(dict.fromkeys(draw(some))))
        for n, kind in enumerate(draw(st.lists(forum_kinds, min_size=1, max_size=3)))
    )
    forum_ids = st.sampled_from([f.id for f in forums] + [_id(199)])  # 199: no such forum
    referrals = tuple(
        referral(n, y)
        for n, y in enumerate(draw(st.lists(st.integers(0, len(YOUTHS) - 1), max_size=3)))
    )
    referral_ids = st.none() | st.sampled_from([_id(300 + n) for n in range(4)])
    cases = st.builds(
        case,
        youth=st.integers(0, len(YOUTHS) - 1),
        discussed_with=st.none() | some,
        referral=referral_ids,
    )
    meetings = tuple(
        meeting(n, draw(forum_ids), draw(some), tuple(draw(st.lists(cases, max_size=3))))
        for n in range(draw(st.integers(1, 4)))
    )
    return Network(partners=partners, forums=forums, meetings=meetings, referrals=referrals)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_each_table_rule_fires_exactly_when_its_condition_holds(network):
    assert found(network) == expected(network)


@settings(max_examples=40, deadline=None)
@given(tables())
def test_table_messages_name_every_value(network):
    report = RULES.check(network, now=NOW).filter(rule_id=TABLE_RULES)
    for violation in report:
        assert "{" not in violation.message_en + violation.message_nl
        assert violation.message_en != violation.message_nl


# -- examples -----------------------------------------------------------------------------------

POLICE, OM, SCHOOL, YOUTH_WORK, CITY = (
    partner(0, PartnerKind.POLICE),
    partner(1, PartnerKind.PUBLIC_PROSECUTION),
    partner(2, PartnerKind.SCHOOL),
    partner(3, PartnerKind.WELFARE),
    partner(4, PartnerKind.MUNICIPALITY),
)
PARTNERS = (POLICE, OM, SCHOOL, YOUTH_WORK, CITY)
CHAIN_IDS = (POLICE.id, OM.id)


def check(*meetings: Meeting, forums: tuple[Forum, ...] = (), referrals=()) -> list[str]:
    network = Network(partners=PARTNERS, forums=forums, meetings=meetings, referrals=referrals)
    report = RULES.check(network, now=NOW).filter(rule_id=TABLE_RULES)
    return [v.rule_id for v in report]


SAFETY_HOUSE = forum(
    1, ForumKind.SAFETY_HOUSE_CASE_CONSULTATION, (*CHAIN_IDS, SCHOOL.id, YOUTH_WORK.id)
)


def test_a_school_that_leaves_the_table_for_the_case_is_fine():
    everyone = SAFETY_HOUSE.members
    left = meeting(1, SAFETY_HOUSE.id, everyone, (case(discussed_with=CHAIN_IDS),))
    assert check(left, forums=(SAFETY_HOUSE,)) == []


def test_a_school_and_youth_work_at_the_table_for_a_case_are_errors():
    stayed = meeting(1, SAFETY_HOUSE.id, SAFETY_HOUSE.members, (case(),))
    assert check(stayed, forums=(SAFETY_HOUSE,)) == ["HC-FORUM-012", "HC-FORUM-012"]
    network = Network(partners=PARTNERS, forums=(SAFETY_HOUSE,), meetings=(stayed,))
    messages = [v.message_en for v in RULES.check(network, now=NOW).filter(rule_id="HC-FORUM-012")]
    assert any("partner 2, a school, which may not receive justice data" in m for m in messages)
    assert any("partner 3, welfare and youth work, which" in m for m in messages)


def test_unrecorded_attendance_counts_every_member_at_the_table():
    unrecorded = meeting(1, SAFETY_HOUSE.id, (), (case(),))
    assert check(unrecorded, forums=(SAFETY_HOUSE,)) == ["HC-FORUM-012", "HC-FORUM-012"]


def test_a_school_that_stayed_home_heard_nothing():
    came = meeting(1, SAFETY_HOUSE.id, CHAIN_IDS, (case(),))
    assert check(came, forums=(SAFETY_HOUSE,)) == []


def test_a_steering_forum_is_not_judged_on_justice_data():
    ajb = forum(2, ForumKind.AJB, (*CHAIN_IDS, SCHOOL.id))
    # the case itself is HC-FORUM-007's business; the school's presence is not an error here
    assert check(meeting(1, ajb.id, ajb.members, (case(),)), forums=(ajb,)) == []


def test_a_non_member_at_the_table_is_a_warning_and_hearing_a_case_an_error():
    jco = forum(3, ForumKind.JCO, CHAIN_IDS)
    without_cases = meeting(1, jco.id, (*CHAIN_IDS, CITY.id))
    assert check(without_cases, forums=(jco,)) == ["HC-FORUM-010"]
    with_case = meeting(2, jco.id, (*CHAIN_IDS, CITY.id), (case(),))
    assert sorted(check(with_case, forums=(jco,))) == ["HC-FORUM-010", "HC-FORUM-011"]
    left = meeting(3, jco.id, (*CHAIN_IDS, CITY.id), (case(discussed_with=CHAIN_IDS),))
    assert check(left, forums=(jco,)) == ["HC-FORUM-010"]


def test_a_case_discussed_with_someone_not_at_the_meeting_is_an_error():
    jco = forum(3, ForumKind.JCO, CHAIN_IDS)
    absent = meeting(1, jco.id, (POLICE.id,), (case(discussed_with=CHAIN_IDS),))
    network = Network(partners=PARTNERS, forums=(jco,), meetings=(absent,))
    (violation,) = RULES.check(network, now=NOW).filter(rule_id=TABLE_RULES)
    assert violation.rule_id == "HC-FORUM-011"
    assert "partner 1, which the meeting does not record at the table" in violation.message_en
    assert "partner 1, die volgens het overleg niet aan tafel zat" in violation.message_nl
    # with attendance not recorded, a member named is taken to have been there
    unrecorded = meeting(2, jco.id, (), (case(discussed_with=CHAIN_IDS),))
    assert check(unrecorded, forums=(jco,)) == []


def test_a_case_shared_with_a_non_member_says_so():
    jco = forum(3, ForumKind.JCO, CHAIN_IDS)
    shared = meeting(1, jco.id, (), (case(discussed_with=(*CHAIN_IDS, CITY.id)),))
    network = Network(partners=PARTNERS, forums=(jco,), meetings=(shared,))
    (violation,) = RULES.check(network, now=NOW).filter(rule_id=TABLE_RULES)
    assert violation.rule_id == "HC-FORUM-011"
    assert "a case shared with a non-member" in violation.message_en
    assert "een casus gedeeld met een niet-lid" in violation.message_nl


def test_a_case_names_a_stored_referral_of_its_own_youth():
    jco = forum(3, ForumKind.JCO, CHAIN_IDS)
    own, other = referral(1, youth=0), referral(2, youth=1)
    cases = (case(0, referral=own.id), case(0, referral=other.id), case(0, referral=_id(399)))
    network = Network(
        partners=PARTNERS,
        forums=(jco,),
        meetings=(meeting(1, jco.id, CHAIN_IDS, cases),),
        referrals=(own, other),
    )
    report = RULES.check(network, now=NOW).filter(rule_id=TABLE_RULES)
    assert [v.rule_id for v in report] == ["HC-FORUM-013", "HC-FORUM-013"]
    by_related = {v.related: v for v in report}
    assert "of another youth (Y-KQ4RT8MN)" in by_related[(other.id,)].message_en
    assert "which the network does not have" in by_related[()].message_en
    # the meeting's report names the other youth's referral, so a tool can link to it
    assert RULES.check(network, now=NOW).filter(subject_id=other.id)


def test_cases_at_a_forum_that_discusses_none_stay_with_hc_forum_007():
    # item 5 of issue 15 was already a rule; the table rules do not report it again
    ajb = forum(2, ForumKind.AJB, CHAIN_IDS)
    network = Network(
        partners=PARTNERS, forums=(ajb,), meetings=(meeting(1, ajb.id, CHAIN_IDS, (case(),)),)
    )
    report = RULES.check(network, now=NOW).filter(subject=Subject.MEETING)
    assert report.counts() == {"HC-FORUM-007": 1}


@pytest.mark.parametrize("kind", list(PartnerKind))
def test_the_rule_and_the_sharing_policy_judge_a_member_alike(kind):
    member = partner(5, kind)
    jco = forum(3, ForumKind.JCO, (*CHAIN_IDS, member.id))
    network = Network(
        partners=(*PARTNERS, member),
        forums=(jco,),
        meetings=(meeting(1, jco.id, jco.members, (case(),)),),
    )
    reported = bool(RULES.check(network, now=NOW).filter(rule_id="HC-FORUM-012"))
    decision = DEFAULT_POLICY.decide(
        SharingRequest(purpose=Purpose.CASE_CONSULTATION, recipient=member, forum=jco)
    )
    assert reported == (not decision.personal_data_allowed)
    assert reported == (not may_receive_justice_data(kind))
    assert reported == (kind not in CHAIN)


def test_at_the_table_is_named_then_attendees_then_members():
    jco = forum(3, ForumKind.JCO, (*CHAIN_IDS, CITY.id))
    m = meeting(1, jco.id, (POLICE.id, POLICE.id, OM.id))
    assert at_the_table(case(discussed_with=(OM.id, OM.id)), m, jco) == (OM.id,)
    assert at_the_table(case(), m, jco) == CHAIN_IDS
    assert at_the_table(case(), meeting(2, jco.id), jco) == jco.members


# -- the demo -----------------------------------------------------------------------------------


def test_the_demo_records_who_was_at_the_table():
    network = generate(seed=4, size=200).network
    kinds = {p.id: p.kind for p in network.partners}
    forums = {f.id: f for f in network.forums}
    consultations = [m for m in network.meetings if forums[m.forum].kind in CASE_CONSULTATIONS]
    assert consultations
    assert all(m.attendees for m in consultations)
    assert all(set(m.attendees) <= set(forums[m.forum].members) for m in consultations)
    assert any(len(m.attendees) < len(forums[m.forum].members) for m in consultations)
    left = [
        (m, c)
        for m in consultations
        for c in m.cases
        if c.discussed_with is not None and set(c.discussed_with) < set(m.attendees)
    ]
    assert left, "some school or youth-work member leaves the table for a case"
    assert {kinds[p] for m, c in left for p in set(m.attendees) - set(c.discussed_with or ())} <= {
        PartnerKind.SCHOOL,
        PartnerKind.WELFARE,
    }
    referrals = {r.id: r for r in network.referrals}
    linked = [(c, c.referral) for m in consultations for c in m.cases if c.referral is not None]
    assert linked
    assert all(referrals[referral].youth == c.youth for c, referral in linked)
    steering = [m for m in network.meetings if forums[m.forum].kind not in CASE_CONSULTATIONS]
    assert not any(m.attendees for m in steering)
