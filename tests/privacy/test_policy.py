"""The sharing policy: default deny, chain partners at the table, decisions that explain."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core.model import Forum, ForumKind, Partner, PartnerKind, Referral
from halt_core.privacy.categories import Category
from halt_core.privacy.policy import (
    ALWAYS_SHARED,
    DEFAULT_POLICY,
    LegalBasis,
    Purpose,
    SharingDecision,
    SharingPolicy,
    SharingRequest,
    SharingRule,
)
from halt_core.testing import strategies as hs

CASE_FORUMS = [k for k in ForumKind if k.profile.discusses_cases]
OTHER_FORUMS = [k for k in ForumKind if not k.profile.discusses_cases]


@st.composite
def seated(draw: st.DrawFn, kinds: list[ForumKind], member: bool = True) -> tuple[Partner, Forum]:
    forum = draw(hs.forums(draw(st.sampled_from(kinds))))
    partner = draw(hs.partners())
    if member:
        forum = attrs.evolve(forum, members=(*forum.members, partner.id))
    else:
        forum = attrs.evolve(forum, members=tuple(m for m in forum.members if m != partner.id))
    return partner, forum


@given(seated(CASE_FORUMS))
def test_a_case_consultation_shares_justice_data_with_chain_partners_at_the_table_only(
    seat: tuple[Partner, Forum],
) -> None:
    partner, forum = seat
    decision = DEFAULT_POLICY.decide(
        SharingRequest(purpose=Purpose.CASE_CONSULTATION, recipient=partner, forum=forum)
    )
    if partner.kind.is_chain_partner:
        assert decision.allows(Category.YOUTH_JUSTICE)
        assert decision.legal_basis is LegalBasis.WJSG
    else:  # a school, youth work, a business: never, member or not
        assert not decision.personal_data_allowed
        assert decision.legal_basis is None
    assert not decision.allows(Category.FREE_TEXT)
    assert decision.reason("en")
    assert decision.reason("nl")


@given(seated(CASE_FORUMS, member=False))
def test_a_non_member_never_receives_case_data(seat: tuple[Partner, Forum]) -> None:
    partner, forum = seat
    decision = DEFAULT_POLICY.decide(
        SharingRequest(purpose=Purpose.CASE_CONSULTATION, recipient=partner, forum=forum)
    )
    assert not decision.personal_data_allowed
    assert "not a member" in decision.reason_en
    assert "geen lid" in decision.reason_nl


@given(seated(OTHER_FORUMS))
def test_a_forum_that_discusses_no_cases_gets_none(seat: tuple[Partner, Forum]) -> None:
    partner, forum = seat
    decision = DEFAULT_POLICY.decide(
        SharingRequest(purpose=Purpose.CASE_CONSULTATION, recipient=partner, forum=forum)
    )
    assert decision.allowed == ALWAYS_SHARED


@given(hs.referrals(), hs.partners())
def test_only_the_referrer_hears_the_outcome(referral: Referral, other: Partner) -> None:
    referrer = attrs.evolve(other, id=referral.referrer)
    told = DEFAULT_POLICY.decide(
        SharingRequest(purpose=Purpose.REPORT_TO_REFERRER, recipient=referrer, referral=referral)
    )
    assert told.allows(Category.YOUTH_JUSTICE)
    assert not told.allows(Category.YOUTH_PERSONAL)
    if other.id != referral.referrer:
        not_told = DEFAULT_POLICY.decide(
            SharingRequest(purpose=Purpose.REPORT_TO_REFERRER, recipient=other, referral=referral)
        )
        assert not not_told.personal_data_allowed


@pytest.mark.parametrize("purpose", [Purpose.STATISTICS, Purpose.COMMISSION_REPORTING])
def test_statistics_and_commission_reports_get_organisational_data_only(purpose: Purpose) -> None:
    decision = DEFAULT_POLICY.decide(SharingRequest(purpose=purpose))
    assert decision.allowed == ALWAYS_SHARED
    assert decision.legal_basis is LegalBasis.NONE_NEEDED


def test_subject_access_gives_everything_on_its_own_basis() -> None:
    decision = DEFAULT_POLICY.decide(SharingRequest(purpose=Purpose.SUBJECT_ACCESS))
    assert decision.allowed == frozenset(Category)
    assert decision.legal_basis is LegalBasis.SUBJECT_ACCESS


def test_a_policy_denies_what_no_rule_allows() -> None:
    empty = SharingPolicy(())
    decision = empty.decide(SharingRequest(purpose=Purpose.SUBJECT_ACCESS))
    assert decision.rule == "default"
    assert not decision.personal_data_allowed
    assert "denies" in decision.reason_en
    assert "weigert" in decision.reason_nl


def test_a_tools_rules_are_asked_first_and_names_are_its_own() -> None:
    school_may_hear = SharingRule(
        name="mytool-school",
        purposes=frozenset({Purpose.CASE_CONSULTATION}),
        decide=lambda request: (
            SharingDecision(
                allowed=frozenset({*ALWAYS_SHARED, Category.PSEUDONYMOUS_REFERENCE}),
                legal_basis=LegalBasis.PUBLIC_TASK,
                rule="mytool-school",
                reason_en="covenant",
                reason_nl="convenant",
            )
            if request.recipient is not None and request.recipient.kind is PartnerKind.SCHOOL
            else None
        ),
    )
    policy = DEFAULT_POLICY.with_rules([school_may_hear])
    assert policy.rules[0].name == "mytool-school"
    with pytest.raises(ValueError, match="name of its own"):
        policy.with_rules([school_may_hear])
    assert DEFAULT_POLICY.decide(SharingRequest(purpose=Purpose.STATISTICS)).rule == (
        policy.decide(SharingRequest(purpose=Purpose.STATISTICS)).rule
    )


def test_a_decision_speaks_two_languages_only() -> None:
    decision = DEFAULT_POLICY.decide(SharingRequest(purpose=Purpose.STATISTICS))
    with pytest.raises(ValueError, match="'en' or 'nl'"):
        decision.reason("de")
