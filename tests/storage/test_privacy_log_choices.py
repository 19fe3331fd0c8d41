"""What the built-in stores do with the privacy log where the abstract contract leaves it open.

The kit (:class:`~halt_adapters.testing._privacy_log.PrivacyLogConformance`) checks what every
store must do; these are the choices the memory, SQLite and PostgreSQL stores make alike (see
:mod:`halt_adapters.storage._privacy_entries`): holds and counts in Python's order of text
(by code point, whatever the database's collation), a disclosure naming a youth twice found
once, and the example JSON store, which keeps no log, refusing to give one.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import halt_core
from halt_core.ids import PartnerId
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, KeptCount, LegalHold
from halt_core.privacy.policy import LegalBasis, Purpose
from halt_core.storage import DisclosureQuery, PrivacyLogUnsupported, Store

T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(params=["memory", "sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        opened = halt_core.connect("memory://")
    elif request.param == "sqlite":
        opened = halt_core.connect(f"sqlite:///{tmp_path}/halt.sqlite3")
    else:
        url = request.getfixturevalue("postgres_url")
        opened = halt_core.connect(url, schema=request.getfixturevalue("postgres_schema"))
    yield opened
    opened.close()


def test_holds_come_in_code_point_order_not_the_databases_collation(store: Store) -> None:
    # A collation that passes over punctuation (en_US) puts A_7Z7Z7Z7 first and A-Z7Z7Z7Z
    # last; code points put "-" (U+002D) before "B", and "B" before "_" (U+005F).
    youths = [YouthPseudonym(p) for p in ("AB-7F3K9Q2", "A-Z7Z7Z7Z", "A_7Z7Z7Z7")]
    with store.unit_of_work() as uow:
        for youth in youths:
            uow.privacy_log.place_hold(
                LegalHold(youth=youth, reason="bezwaar", placed_at=T0, placed_by="test")
            )
    with store.unit_of_work() as uow:
        assert [hold.youth for hold in uow.privacy_log.holds()] == sorted(youths)
    assert sorted(youths) == ["A-Z7Z7Z7Z", "AB-7F3K9Q2", "A_7Z7Z7Z7"]


def test_counts_come_in_code_point_order(store: Store) -> None:
    details = ["zwart", "Zwart", "ë", "e-f", "ef", ""]
    with store.unit_of_work() as uow:
        uow.privacy_log.keep_counts(
            KeptCount(kind="referrals", year=2026, municipality="GM0363", detail=d, count=1)
            for d in details
        )
    with store.unit_of_work() as uow:
        assert [count.detail for count in uow.privacy_log.counts()] == sorted(details)


def test_a_disclosure_naming_a_youth_twice_is_found_once(store: Store) -> None:
    youth = YouthPseudonym("JA-K3M9Q2X7")
    disclosure = Disclosure(
        at=T0,
        by="test",
        purpose=Purpose.CASE_CONSULTATION,
        legal_basis=LegalBasis.WJSG,
        rule="case consultation",
        recipient=PartnerId(uuid.uuid4()),
        recipient_name="Politie Zaanstreek",
        youths=(youth, youth),
        fields=("Referral.offence",),
        channel="information sheet",
    )
    with store.unit_of_work() as uow:
        uow.privacy_log.record(disclosure)
    with store.unit_of_work() as uow:
        assert uow.privacy_log.disclosures(DisclosureQuery(youth=youth)) == (disclosure,)


def test_the_example_json_store_keeps_no_privacy_log(tmp_path: Path) -> None:
    url = f"jsonfile:///{tmp_path}/halt.json"
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        with pytest.raises(PrivacyLogUnsupported, match="keeps no privacy log") as info:
            uow.privacy_log  # noqa: B018 (made on first use)
        assert info.value.store == store.url
