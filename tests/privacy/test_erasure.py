"""Erasure on request: nothing of the youth stays but the erasure and the disclosure log."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from halt_core.errors import InvalidValue
from halt_core.model import Network
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.erasure import UnderLegalHold, erase_youth
from halt_core.privacy.purging import statistics
from halt_core.privacy.retention import mentions
from halt_core.storage import DisclosureQuery
from tests.privacy._records import NOW, POOL, Records, records, referral


@settings(max_examples=40)
@given(records(), st.sampled_from(POOL))
def test_erasure_leaves_nothing_of_the_youth_but_its_record_and_the_log(
    records: Records, youth: YouthPseudonym
) -> None:
    held = {hold.youth for hold in records.holds}
    net = records.network
    with records.store() as store:
        with store.unit_of_work() as uow:
            before = statistics(uow)
            others = [r for r in uow.referrals.all() if r.youth != youth]
            log = uow.privacy_log.disclosures(DisclosureQuery(youth=youth))
            if youth in held:
                with pytest.raises(UnderLegalHold, match="lift"):
                    erase_youth(uow, youth, by="t", reason="verzoek", now=NOW)
                return
            erasure = erase_youth(uow, youth, by="t", reason="verzoek ouder", now=NOW)
        with store.unit_of_work() as uow:
            assert all(r.youth != youth for r in uow.referrals.all())
            assert uow.referrals.all() == tuple(sorted(others, key=lambda r: str(r.id)))
            for meeting in uow.meetings.all():
                assert all(case.youth != youth for case in meeting.cases)
                assert not any(mentions(item, (youth,)) for item in meeting.agenda)
            assert uow.privacy_log.erasures(youth) == (erasure,)
            assert uow.privacy_log.disclosures(DisclosureQuery(youth=youth)) == log
            assert statistics(uow) == before
    assert erasure.referrals_removed == sum(r.youth == youth for r in net.referrals)
    assert erasure.cases_removed == sum(c.youth == youth for m in net.meetings for c in m.cases)
    assert erasure.at == NOW


def test_erasure_refuses_a_name_without_repeating_it() -> None:
    empty = Records(network=Network(), disclosures=(), holds=())
    with (
        empty.store() as store,
        store.unit_of_work() as uow,
        pytest.raises(InvalidValue) as caught,
    ):
        erase_youth(uow, YouthPseudonym("Jan de Vries"), by="t", reason="", now=NOW)
    assert "Jan" not in str(caught.value)


def test_erasing_a_youth_twice_records_two_erasures_of_nothing_the_second_time() -> None:
    youth = POOL[2]
    records = Records(
        network=Network(referrals=(referral(youth, dt.date(2025, 1, 1)),)), disclosures=(), holds=()
    )
    with records.store() as store:
        with store.unit_of_work() as uow:
            first = erase_youth(uow, youth, by="t", reason="", now=NOW)
        with store.unit_of_work() as uow:
            second = erase_youth(uow, youth, by="t", reason="", now=NOW)
            assert set(uow.privacy_log.erasures(youth)) == {first, second}
    assert (first.referrals_removed, second.referrals_removed) == (1, 0)
