"""Purge and erasure forget what the outbox and the deliveries hold about a youth's referrals.

Every store here holds, beside the records, events about each referral (one whose free text
names the youth's pseudonym), about the referrals the meetings' cases name, and about each
meeting; deliveries of some of them in every state, and a report of a delivery given up on.
After a purge or an erasure the stored data is read as it lies (the memory store's data, the
SQLite file, the PostgreSQL tables, not through the API) and searched for the ids of the
referrals that went and for the erased pseudonym: neither is left in any event or delivery.
Meeting events stay, and so do the events of referrals still stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halt_adapters.storage.memory import MemoryStore
from halt_core.events import (
    Event,
    MeetingPlanned,
    NotificationParked,
    ReferralIntakeStarted,
    ReferralRefused,
    event_from_json,
)
from halt_core.ids import EventId, ReferralId, new_id
from halt_core.model import ReferralStatus
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.notify import OWN_TARGET, Delivery, DeliveryState
from halt_core.privacy.erasure import UnderLegalHold, erase_youth
from halt_core.privacy.purging import purge
from halt_core.storage import Store
from tests.privacy._records import NOW, POOL, Records, days, records

_T0 = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)
_STATES = (DeliveryState.PENDING, DeliveryState.DELIVERED, DeliveryState.DEAD)


@attrs.frozen
class Raw:
    """What a store holds of events and deliveries, as stored: one text per row."""

    events: dict[uuid.UUID, str]
    """Each event's stored row (its subject and document), by the event's id."""
    deliveries: list[tuple[uuid.UUID, str]]
    """Each delivery's event id, and its whole stored row."""


def _referral_events(referral: ReferralId, youth: YouthPseudonym) -> list[Event]:
    started = ReferralIntakeStarted(
        id=new_id(EventId),
        occurred_at=_T0,
        actor="test",
        referral=referral,
        from_status=ReferralStatus.RECEIVED,
        to_status=ReferralStatus.INTAKE,
    )
    refused = ReferralRefused(
        id=new_id(EventId),
        occurred_at=_T0,
        actor="test",
        referral=referral,
        from_status=ReferralStatus.INTAKE,
        to_status=ReferralStatus.REFUSED,
        reason=f"Casus {youth}: geen bekennende verklaring",
    )
    return [started, refused]


def _events_of(records: Records) -> list[Event]:
    """Events about every referral, every referral a case names, and every meeting."""
    events: list[Event] = []
    for referral in records.network.referrals:
        events += _referral_events(referral.id, referral.youth)
    stored = {r.id for r in records.network.referrals}
    for meeting in records.network.meetings:
        events.append(
            MeetingPlanned(
                id=new_id(EventId),
                occurred_at=_T0,
                actor="test",
                meeting=meeting.id,
                forum=meeting.forum,
                start=meeting.start,
                end=meeting.end,
                location=meeting.location,
            )
        )
        for case in meeting.cases:
            if case.referral is not None and case.referral not in stored:
                events += _referral_events(case.referral, case.youth)
    return events


def _fill(store: Store, records: Records) -> None:
    """The events of ``records`` (stored already), and deliveries of most in every state."""
    with store.unit_of_work() as uow:
        events = _events_of(records)
        uow.outbox.add(*events)
    deliveries = [
        Delivery(
            id=uuid.uuid4(),
            event_id=event.id,
            event_type=event.type,
            notifier="webhook",
            recipient=OWN_TARGET,
            state=_STATES[n % 3],
            attempts=n % 3,
            next_attempt=_T0,
            last_error=None if n % 3 != 2 else f"HTTP 500 voor {event.id}",
        )
        for n, event in enumerate(events)
        if n % 4 != 3  # every fourth event stays pending in the outbox, undelivered
    ]
    parked = [
        NotificationParked(
            id=new_id(EventId),
            occurred_at=_T0,
            actor="halt notify",
            notification=delivery.id,
            event=delivery.event_id,
            event_type=delivery.event_type,
            notifier=delivery.notifier,
            recipient=delivery.recipient,
            attempts=2,
            reason=delivery.last_error or "",
        )
        for delivery in deliveries
        if delivery.state is DeliveryState.DEAD
    ]
    with store.unit_of_work() as uow:
        uow.deliveries.add(deliveries)
        uow.outbox.mark_published(d.event_id for d in deliveries)
        uow.outbox.add(*parked)


def _subjects_gone(before: Records, store: Store) -> set[uuid.UUID]:
    with store.unit_of_work() as uow:
        return {r.id for r in before.network.referrals if uow.referrals.find(r.id) is None}


def _check(raw: Raw, gone: set[uuid.UUID], erased: YouthPseudonym | None = None) -> None:
    """No stored event or delivery names a referral in ``gone`` or the ``erased`` youth."""
    forbidden = [str(id) for id in gone] + ([] if erased is None else [erased, erased.lower()])
    for text in [*raw.events.values(), *(row for _, row in raw.deliveries)]:
        assert not [word for word in forbidden if word in text], text
    # no delivery outlives its event
    assert {event for event, _ in raw.deliveries} <= set(raw.events)


# -- reading the stores as they lie ---------------------------------------------------------------


def _raw_memory(store: Store) -> Raw:
    assert isinstance(store, MemoryStore)
    data = store._data
    return Raw(
        events={
            id: f"{event_from_json(document).subject} {document.decode()}"
            for id, document, _ in data.events
        },
        deliveries=[(kept.delivery.event_id, repr(kept)) for kept in data.deliveries.values()],
    )


def _raw_rows(cursor: Any) -> Raw:
    cursor.execute("SELECT id, subject, document FROM events")
    events = {uuid.UUID(str(id)): f"{subject} {document}" for id, subject, document in cursor}
    cursor.execute("SELECT event_id, * FROM deliveries")
    deliveries = [(uuid.UUID(str(row[0])), repr(row[1:])) for row in cursor]
    return Raw(events=events, deliveries=deliveries)


def _raw_sqlite(path: Path) -> Raw:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return _raw_rows(connection.cursor())


def _raw_postgres(url: str, schema: str) -> Raw:
    import psycopg

    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(f"SET search_path TO {schema}")
        return _raw_rows(cursor)


@contextlib.contextmanager
def _sqlite_store(records: Records) -> Iterator[tuple[Store, Path]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "halt.sqlite3"
        with records.store(f"sqlite:///{path}") as store:
            yield store, path


_SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- purge --------------------------------------------------------------------------------------


def _meeting_events(raw: Raw) -> int:
    return sum('"type":"nl.halt.meeting.planned"' in text for text in raw.events.values())


def _counted(
    store: Store, records: Records, today: dt.date, read: Any
) -> tuple[set[uuid.UUID], int, Raw]:
    """Purge; what went, how many events the report says were forgotten, and what is left."""
    _fill(store, records)
    before = len(read().events)
    report = purge(store, today=today, batch_size=2)
    after = read()
    assert report.events_forgotten == before - len(after.events)
    return _subjects_gone(records, store), report.events_forgotten, after


@_SETTINGS
@given(records(), days())
def test_after_a_purge_no_event_or_delivery_names_a_purged_referral(
    records: Records, today: dt.date
) -> None:
    with records.store() as store:
        gone, forgotten, raw = _counted(store, records, today, lambda: _raw_memory(store))
    _check(raw, gone)
    assert forgotten >= 2 * len(gone)  # two events each, and the reports of dead deliveries
    assert _meeting_events(raw) == len(records.network.meetings)  # they name no youth
    kept = {str(r.id) for r in records.network.referrals} - {str(id) for id in gone}
    assert sum(text.split()[0] in kept for text in raw.events.values()) == 2 * len(kept)


@settings(_SETTINGS, max_examples=8)
@given(records(), days())
def test_sqlite_forgets_on_purge_what_memory_forgets(records: Records, today: dt.date) -> None:
    with _sqlite_store(records) as (store, path):
        gone, forgotten, raw = _counted(store, records, today, lambda: _raw_sqlite(path))
    _check(raw, gone)
    assert forgotten >= 2 * len(gone)
    assert _meeting_events(raw) == len(records.network.meetings)


# -- erasure ------------------------------------------------------------------------------------


def _erased(store: Store, records: Records, youth: YouthPseudonym) -> tuple[set[uuid.UUID], int]:
    _fill(store, records)
    try:
        with store.unit_of_work() as uow:
            erasure = erase_youth(uow, youth, by="test", reason="verzoek ouder", now=NOW)
    except UnderLegalHold:
        return set(), 0
    named = {
        c.referral
        for m in records.network.meetings
        for c in m.cases
        if c.youth == youth and c.referral is not None
    }
    return _subjects_gone(records, store) | named, erasure.events_forgotten


def _erasure_holds(records: Records, youth: YouthPseudonym) -> bool:
    return youth not in {hold.youth for hold in records.holds}


@_SETTINGS
@given(records(), st.sampled_from(POOL))
def test_after_an_erasure_no_event_or_delivery_names_the_youth_or_its_referrals(
    records: Records, youth: YouthPseudonym
) -> None:
    with records.store() as store:
        gone, forgotten = _erased(store, records, youth)
        raw = _raw_memory(store)
    if not _erasure_holds(records, youth):
        return
    _check(raw, gone, youth)
    stored = {r.id for r in records.network.referrals}
    assert forgotten >= 2 * len(gone & stored)
    assert _meeting_events(raw) == len(records.network.meetings)


@settings(_SETTINGS, max_examples=8)
@given(records(), st.sampled_from(POOL))
def test_sqlite_forgets_on_erasure_what_memory_forgets(
    records: Records, youth: YouthPseudonym
) -> None:
    with _sqlite_store(records) as (store, path):
        gone, _ = _erased(store, records, youth)
        raw = _raw_sqlite(path)
    if _erasure_holds(records, youth):
        _check(raw, gone, youth)


# -- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture
def postgres_store(postgres_url: str) -> Iterator[Any]:
    """Open a store in a fresh schema, as often as asked; each schema dropped afterwards."""
    import psycopg

    schemas: list[str] = []

    def open_one(records: Records) -> tuple[Store, str]:
        schema = "halt_test_" + uuid.uuid4().hex[:12]
        schemas.append(schema)
        return records.store(f"{postgres_url}?schema={schema}"), schema

    yield open_one
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        for schema in schemas:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@settings(_SETTINGS, max_examples=5, suppress_health_check=list(HealthCheck))
@given(records(), days(), st.sampled_from(POOL))
def test_postgresql_forgets_on_purge_and_erasure(
    postgres_store: Any, postgres_url: str, records: Records, today: dt.date, youth: Any
) -> None:
    store, schema = postgres_store(records)
    with store:
        gone, forgotten, raw = _counted(
            store, records, today, lambda: _raw_postgres(postgres_url, schema)
        )
    _check(raw, gone)
    assert forgotten >= 2 * len(gone)
    store, schema = postgres_store(records)
    with store:
        gone, _ = _erased(store, records, youth)
    if _erasure_holds(records, youth):
        _check(_raw_postgres(postgres_url, schema), gone, youth)
