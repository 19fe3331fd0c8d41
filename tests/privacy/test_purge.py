"""Purging a store: nothing personal past its period stays, unless held; the counts stay."""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core.errors import DeletionRefused, InvalidValue
from halt_core.model import AgendaItem, CaseOnAgenda, ForumKind, Network
from halt_core.privacy.log import Disclosure, LegalHold
from halt_core.privacy.policy import LegalBasis, Purpose
from halt_core.privacy.purging import PurgeReport, apply, batches, purge, read_plan, statistics
from halt_core.privacy.retention import (
    PurgeKind,
    RetentionPolicy,
    mentions,
    plan_purge,
)
from halt_core.storage import UnitOfWork
from tests.privacy._records import NOW, POOL, Records, days, forum, meeting, records, referral


def held_state(uow: UnitOfWork) -> dict[str, Any]:
    """Everything the store holds, records and privacy log."""
    log = uow.privacy_log
    return {
        "network": uow.load_network(),
        "disclosures": log.disclosures(),
        "holds": log.holds(),
        "erasures": log.erasures(),
        "counts": log.counts(),
    }


def check_nothing_past_its_period(uow: UnitOfWork, policy: RetentionPolicy, today: dt.date) -> None:
    held = {hold.youth for hold in uow.privacy_log.holds()}
    case_forums = {f.id for f in uow.forums.all() if f.kind.profile.discusses_cases}
    for r in uow.referrals.all():
        assert policy.referral_expires_on(r) > today or r.youth in held
    for m in uow.meetings.all():
        if policy.cases_expire_on(m) > today:
            continue
        assert all(case.youth in held for case in m.cases)
        if m.forum in case_forums or m.cases:
            assert all(mentions(item, held) for item in m.agenda)
    for d in uow.privacy_log.disclosures():
        assert policy.disclosure_expires_on(d) > today or set(d.youths) & held


policies = st.builds(
    RetentionPolicy,
    referral_years=st.integers(1, 8),
    case_years=st.integers(1, 4),
    disclosure_years=st.integers(1, 8),
)


@settings(max_examples=40)
@given(records(), days(), policies, st.integers(1, 4))
def test_after_a_purge_nothing_past_its_period_stays_but_what_a_hold_keeps(
    records: Records, today: dt.date, policy: RetentionPolicy, batch_size: int
) -> None:
    with records.store() as store:
        with store.unit_of_work() as uow:
            before = statistics(uow)
            original = held_state(uow)
        report = purge(store, policy, today=today, batch_size=batch_size)
        with store.unit_of_work() as uow:
            check_nothing_past_its_period(uow, policy, today)
            assert statistics(uow) == before  # the counts kept for statistics
            after = held_state(uow)
    # what stays is what the plan said would stay, and the report says what went
    plan = plan_purge(
        policy,
        today=today,
        referrals=original["network"].referrals,
        meetings=original["network"].meetings,
        forums=original["network"].forums,
        disclosures=original["disclosures"],
        holds=original["holds"],
    )
    for kind in PurgeKind:
        assert report.removed_of(kind) == len(plan.of_kind(kind))
    assert report.held == plan.held
    assert report.skipped == 0
    gone = {e.record for e in plan.of_kind(PurgeKind.REFERRAL)}
    assert {r.id for r in after["network"].referrals} == {
        r.id for r in original["network"].referrals
    } - gone
    assert after["network"].partners == original["network"].partners
    assert len(after["network"].meetings) == len(original["network"].meetings)
    assert after["holds"] == original["holds"]


@settings(max_examples=25)
@given(records(), days())
def test_a_dry_run_changes_nothing(records: Records, today: dt.date) -> None:
    with records.store() as store:
        with store.unit_of_work() as uow:
            before = held_state(uow)
            plan = read_plan(uow, today=today)
        with store.unit_of_work() as uow:
            assert held_state(uow) == before
    assert plan.today == today


@settings(max_examples=25)
@given(records(), days())
def test_purging_twice_does_nothing_the_second_time(records: Records, today: dt.date) -> None:
    with records.store() as store:
        purge(store, today=today)
        with store.unit_of_work() as uow:
            before = held_state(uow)
        again = purge(store, today=today)
        with store.unit_of_work() as uow:
            assert held_state(uow) == before
    assert all(n == 0 for _, n in again.removed)


def one_of_each() -> tuple[Records, dict[str, Any]]:
    youth, other = POOL[0], POOL[1]
    jco = forum(ForumKind.JCO)
    old = referral(youth, dt.date(2018, 1, 10), decided_on=dt.date(2018, 6, 1))
    held_one = referral(other, dt.date(2018, 1, 10), decided_on=dt.date(2018, 6, 1))
    new = referral(youth, dt.date(2024, 1, 10))
    met = meeting(
        jco,
        dt.date(2019, 3, 4),
        cases=(
            CaseOnAgenda(youth=youth, municipality="GM0479", referral=old.id),
            CaseOnAgenda(youth=other, municipality="GM0479", referral=held_one.id),
        ),
        agenda=(AgendaItem(title=f"Casus {youth}"), AgendaItem(title=f"Casus {other}")),
    )
    records = Records(
        network=Network(forums=(jco,), meetings=(met,), referrals=(old, held_one, new)),
        disclosures=(),
        holds=(LegalHold(youth=other, reason="klacht", placed_at=NOW, placed_by="test"),),
    )
    return records, {"old": old, "held": held_one, "new": new, "meeting": met}


def test_a_purge_reports_per_kind_and_what_holds_kept() -> None:
    records, made = one_of_each()
    with records.store() as store:
        report = purge(store, today=dt.date(2024, 1, 1), batch_size=1)
        with store.unit_of_work() as uow:
            assert {r.id for r in uow.referrals.all()} == {made["held"].id, made["new"].id}
            (met,) = uow.meetings.all()
            assert [c.youth for c in met.cases] == [POOL[1]]
            assert [a.title for a in met.agenda] == [f"Casus {POOL[1]}"]
            counts = uow.privacy_log.counts()
    assert report.removed_of(PurgeKind.REFERRAL) == 1
    assert report.removed_of(PurgeKind.CASE) == 1
    assert report.removed_of(PurgeKind.AGENDA_ITEM) == 1
    assert [(e.kind, e.held_by) for e in report.held] == [
        (PurgeKind.REFERRAL, (POOL[1],)),
        (PurgeKind.CASE, (POOL[1],)),
        (PurgeKind.AGENDA_ITEM, (POOL[1],)),
    ]
    assert [(c.kind, c.year, c.municipality, c.detail, c.count) for c in counts] == [
        ("cases", 2019, "GM0479", "", 1),
        ("referrals", 2018, "GM0479", "shoplifting/positive", 1),
    ]
    assert report.counts == counts


def test_a_hold_placed_after_the_plan_is_honoured_and_a_lifted_one_is_not() -> None:
    records, made = one_of_each()
    with records.store() as store, store.unit_of_work() as uow:
        plan = read_plan(uow, today=dt.date(2024, 1, 1))
        uow.privacy_log.place_hold(
            LegalHold(youth=POOL[0], reason="rechtszaak", placed_at=NOW, placed_by="t")
        )
        uow.privacy_log.lift_hold(POOL[1])
        report = apply(uow, plan)
        assert {r.id for r in uow.referrals.all()} == {made["old"].id, made["new"].id}
    assert {e.held_by for e in report.held} == {(POOL[0],)}
    assert report.removed_of(PurgeKind.REFERRAL) == 1


def test_a_record_gone_or_changed_since_the_plan_is_skipped() -> None:
    records, made = one_of_each()
    with records.store() as store:
        with store.unit_of_work() as uow:
            plan = read_plan(uow, today=dt.date(2024, 1, 1))
        with store.unit_of_work() as uow:
            corrected = attrs.evolve(made["old"].outcome, decided_on=dt.date(2023, 1, 1))
            uow.referrals.get(made["old"].id)
            uow.referrals.save(attrs.evolve(made["old"], outcome=corrected))
        with store.unit_of_work() as uow:
            report = apply(uow, plan)
            assert uow.referrals.find(made["old"].id) is not None
    assert report.skipped == 1


def test_batches_cut_a_plan_and_forget_the_log_last() -> None:
    records, _ = one_of_each()
    with records.store() as store, store.unit_of_work() as uow:
        plan = read_plan(uow, today=dt.date(2024, 1, 1))
    parts = batches(plan, 1)
    assert [len(p.referrals) for p in parts] == [1, 1, 0]
    assert [len(p.meetings) for p in parts] == [0, 0, 1]
    with pytest.raises(InvalidValue, match="size"):
        batches(plan, 0)


def test_reports_add_up() -> None:
    one = PurgeReport(today=dt.date(2024, 1, 1), removed=tuple((k, 1) for k in PurgeKind))
    assert (one + one).removed_of(PurgeKind.CASE) == 2


def test_delete_still_refuses_a_referral() -> None:
    records, made = one_of_each()
    with records.store() as store, store.unit_of_work() as uow:
        with pytest.raises(DeletionRefused, match="retention policy"):
            uow.referrals.delete(made["old"])
        with pytest.raises(DeletionRefused, match="only referrals"):
            uow.meetings._erase_for_privacy(made["meeting"])


def test_only_the_privacy_rules_erase_referrals() -> None:
    from pathlib import Path

    import halt_core

    root = Path(halt_core.__file__).parent.parent
    callers = sorted(
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "_erase_for_privacy(" in path.read_text(encoding="utf-8")
    )
    assert callers == [
        "halt_core/privacy/erasure.py",
        "halt_core/privacy/purging.py",
        "halt_core/storage/repository.py",
    ]


def comparable(state: dict[str, Any]) -> dict[str, Any]:
    """A store's state with the order of the log's equal moments left out."""
    return {
        **state,
        "disclosures": sorted(state["disclosures"], key=lambda d: str(d.id)),
        "erasures": sorted(state["erasures"], key=lambda e: str(e.id)),
    }


@settings(max_examples=15)
@given(records(), days())
def test_sqlite_purges_as_the_memory_store_does(records: Records, today: dt.date) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'halt.sqlite3'}"
        results = []
        for where in ("memory://", url):
            with records.store(where) as store:
                report = purge(store, today=today, batch_size=2)
                with store.unit_of_work() as uow:
                    results.append((report, comparable(held_state(uow))))
    assert results[0] == results[1]


def log_records() -> Records:
    records, _ = one_of_each()
    at = dt.datetime(2018, 7, 1, 9, tzinfo=dt.UTC)
    shared = Disclosure(
        at=at,
        by="test",
        purpose=Purpose.CASE_CONSULTATION,
        legal_basis=LegalBasis.WJSG,
        rule="case-consultation",
        recipient=None,
        recipient_name="JCO",
        youths=(POOL[0], POOL[1]),
        fields=("Referral.offence",),
        channel="information sheet",
    )
    alone = attrs.evolve(shared, id=uuid.uuid4(), youths=(POOL[0],))
    recent = attrs.evolve(alone, id=uuid.uuid4(), at=dt.datetime(2023, 7, 1, tzinfo=dt.UTC))
    return attrs.evolve(records, disclosures=(shared, alone, recent))


def test_postgresql_purges_as_the_memory_store_does(
    postgres_url: str, postgres_schema: str
) -> None:
    records = log_records()
    results = []
    for where in ("memory://", f"{postgres_url}?schema={postgres_schema}"):
        with records.store(where) as store:
            report = purge(store, today=dt.date(2024, 1, 1), batch_size=1)
            with store.unit_of_work() as uow:
                results.append((report, comparable(held_state(uow))))
    assert results[0] == results[1]
    report, state = results[0]
    assert report.removed_of(PurgeKind.DISCLOSURE) == 1  # the one about a youth not held
    # the held one (about POOL[1] too) was recorded again, unchanged; the recent one stays
    assert sorted(d.at.year for d in state["disclosures"]) == [2018, 2023]
    assert {d.youths for d in state["disclosures"]} == {(POOL[0], POOL[1]), (POOL[0],)}
