"""The retention policy: periods, expiry days, plans that list what expired and what is held."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core.errors import InvalidValue
from halt_core.model import AgendaItem, CaseOnAgenda, ForumKind
from halt_core.privacy.retention import (
    DEFAULT_RETENTION,
    PurgeKind,
    RetentionPolicy,
    add_years,
    case_counts,
    mentions,
    merge_counts,
    plan_purge,
    referral_counts,
)
from halt_core.testing import strategies as hs
from tests.privacy._records import POOL, days, disclosures, forum, meeting, records, referral


def test_the_defaults_are_halt_like() -> None:
    assert (DEFAULT_RETENTION.referral_years, DEFAULT_RETENTION.case_years) == (5, 2)
    assert DEFAULT_RETENTION.disclosure_years == 5


@pytest.mark.parametrize("years", [0, -1, 101, True, 2.5])
def test_a_period_is_a_whole_number_of_years(years: object) -> None:
    with pytest.raises(InvalidValue, match="referral_years"):
        RetentionPolicy(referral_years=years)  # type: ignore[arg-type]


def test_29_february_counts_on_to_28_february() -> None:
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


@given(hs.referrals())
def test_a_referral_expires_years_after_its_outcome_or_its_receipt(referral) -> None:
    ended = referral.outcome.decided_on if referral.outcome else referral.referred_on
    expires = DEFAULT_RETENTION.referral_expires_on(referral)
    assert expires == add_years(ended, 5)
    plan = plan_purge(DEFAULT_RETENTION, today=expires - dt.timedelta(days=1), referrals=[referral])
    assert plan.empty
    plan = plan_purge(DEFAULT_RETENTION, today=expires, referrals=[referral])
    assert [e.record for e in plan.expired] == [referral.id]
    assert plan.expired[0].ended == ended


def test_a_referral_never_decided_counts_from_the_day_it_was_received() -> None:
    open_one = referral(POOL[0], dt.date(2020, 3, 1))
    assert DEFAULT_RETENTION.referral_expires_on(open_one) == dt.date(2025, 3, 1)
    decided = referral(POOL[0], dt.date(2020, 3, 1), decided_on=dt.date(2021, 6, 30))
    assert DEFAULT_RETENTION.referral_expires_on(decided) == dt.date(2026, 6, 30)


@given(disclosures(), days(), st.integers(1, 10))
def test_the_log_cutoff_agrees_with_each_entry_expiry(disclosure, today, years) -> None:
    policy = RetentionPolicy(disclosure_years=years)
    expired = policy.disclosure_expires_on(disclosure) <= today
    assert expired == (disclosure.at < policy.disclosures_cutoff(today))


def test_a_hold_keeps_what_names_its_youth_and_says_so() -> None:
    held, free = POOL[0], POOL[1]
    jco = forum(ForumKind.JCO)
    met = meeting(
        jco,
        dt.date(2020, 5, 4),
        agenda=(
            AgendaItem(title=f"Casus {held.lower()}"),
            AgendaItem(title=f"Casus {free}", notes="besproken"),
            AgendaItem(title="Rondvraag"),
        ),
    )
    plan = plan_purge(
        DEFAULT_RETENTION, today=dt.date(2022, 5, 4), meetings=[met], forums=[jco], holds=[held]
    )
    assert [(e.kind, e.position, e.youths) for e in plan.expired] == [
        (PurgeKind.AGENDA_ITEM, 1, ()),  # not on the agenda's cases, not held
        (PurgeKind.AGENDA_ITEM, 2, ()),
    ]
    assert [(e.position, e.held_by) for e in plan.held] == [(0, (held,))]
    assert plan.summary()[PurgeKind.AGENDA_ITEM] == (2, 1)


def test_the_agenda_of_a_steering_forum_without_cases_is_not_youth_data() -> None:
    ajb = forum(ForumKind.AJB, "AJB Amsterdam")
    met = meeting(ajb, dt.date(2020, 5, 4), agenda=(AgendaItem(title="Cijfers Q3"),))
    plan = plan_purge(DEFAULT_RETENTION, today=dt.date(2099, 1, 1), meetings=[met], forums=[ajb])
    assert plan.empty
    # a meeting with cases has youths on its agenda, whatever its forum
    case = CaseOnAgenda(youth=POOL[0], municipality="GM0363")
    plan = plan_purge(
        DEFAULT_RETENTION,
        today=dt.date(2099, 1, 1),
        meetings=[attrs.evolve(met, cases=(case,))],
        forums=[ajb],
    )
    assert [e.kind for e in plan.expired] == [PurgeKind.CASE, PurgeKind.AGENDA_ITEM]


def test_mentions_finds_a_pseudonym_as_a_word_in_any_case() -> None:
    youth = POOL[0]
    assert mentions(AgendaItem(title="x", notes=f"over {youth.lower()}."), [youth]) == (youth,)
    assert mentions(AgendaItem(title=f"{youth}9"), [youth]) == ()


@given(records(), days(), st.permutations(range(3)))
def test_a_plan_does_not_depend_on_the_order_of_the_records(records, today, order) -> None:
    net = records.network
    args = {
        "today": today,
        "referrals": net.referrals,
        "meetings": net.meetings,
        "forums": net.forums,
        "disclosures": records.disclosures,
        "holds": records.holds,
    }
    plan = plan_purge(DEFAULT_RETENTION, **args)
    reversed_args = {k: v if k == "today" else tuple(reversed(v)) for k, v in args.items()}
    assert plan_purge(DEFAULT_RETENTION, **reversed_args) == plan  # type: ignore[arg-type]
    assert list(plan.expired) == sorted(plan.expired, key=lambda e: e.sort_key)
    assert all(not e.held for e in plan.expired)
    assert all(e.held for e in plan.held)


@given(records())
def test_counts_add_up_and_merge_per_key(records) -> None:
    net = records.network
    counted = referral_counts(net.referrals)
    assert sum(c.count for c in counted) == len(net.referrals)
    assert sum(c.count for c in case_counts(net.meetings)) == sum(
        len(m.cases) for m in net.meetings
    )
    assert merge_counts(counted, counted) == tuple(
        attrs.evolve(c, count=2 * c.count) for c in counted
    )
    assert all(c.kind == "referrals" and "/" in c.detail for c in counted)
