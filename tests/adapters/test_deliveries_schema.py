"""Schema version 4 of the SQL stores: the ``deliveries`` table, made new or by migration.

A store at schema version 3 (records, events, what a migration set aside; no deliveries) is
migrated on opening (to the newest version, past 4 too): its records and pending events
stay, and a dispatcher can route and claim at once. SQLite keeps times as text in one fixed
UTC format, so that comparing and ordering the text compares and orders the moments;
PostgreSQL as ``timestamptz``.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest

import halt_core
from halt_adapters.storage import postgres, sqlite
from halt_adapters.storage._migrations import run_step
from halt_adapters.storage._sql_dialect import utc_text
from halt_core.demo import generate
from halt_core.events import InterventionDeclined
from halt_core.ids import EventId, new_id
from halt_core.model import AMSTERDAM, InterventionStatus
from halt_core.notify import OWN_TARGET, Delivery, DeliveryState
from halt_core.serialization import to_json
from halt_core.storage import Store

NETWORK = generate(seed=1, size=40).network
T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
COLUMNS = [
    "id",
    "event_id",
    "event_type",
    "notifier",
    "recipient",
    "state",
    "attempts",
    "next_attempt",
    "last_error",
    "claimed_by",
    "delivered_at",
]


def _event() -> InterventionDeclined:
    return InterventionDeclined(
        id=new_id(EventId),
        occurred_at=T0,
        actor="test",
        intervention=NETWORK.interventions[0].id,
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason="geen capaciteit",
    )


def _route_and_claim(store: Store, event: InterventionDeclined) -> None:
    """The event is pending; route it, claim its delivery and finish it."""
    assert store.schema_version == sqlite.SCHEMA_VERSION == postgres.SCHEMA_VERSION
    with store.unit_of_work() as uow:
        assert uow.partners.get(NETWORK.partners[0].id) == NETWORK.partners[0]
        assert uow.deliveries.take_events(10) == (event,)
        delivery = Delivery(
            id=uuid.uuid4(),
            event_id=event.id,
            event_type=event.type,
            notifier="log",
            recipient=OWN_TARGET,
            next_attempt=T0,
        )
        assert uow.deliveries.add([delivery]) == 1
        uow.outbox.mark_published([event.id])
    with store.unit_of_work() as uow:
        (claimed,) = uow.deliveries.claim(
            ["log"], now=T0, lease_until=T0 + dt.timedelta(minutes=5), limit=1, claimant="A"
        )
        assert claimed.event == event
        assert uow.deliveries.finish(
            delivery.id, claimant="A", state=DeliveryState.DELIVERED, delivered_at=T0
        )
    with store.unit_of_work() as uow:
        assert uow.deliveries.counts() == {("log", DeliveryState.DELIVERED): 1}


# -- SQLite -------------------------------------------------------------------------------------


def _sqlite_at_version_3(path: Path, event: InterventionDeclined) -> None:
    partner = NETWORK.partners[0]
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        for version in (1, 2, 3):
            for step in sqlite.MIGRATIONS[version - 1]:
                run_step(connection, step)
            connection.execute("INSERT INTO halt_schema VALUES (?)", (version,))
        connection.execute(
            "INSERT INTO partners (id, version, kind, document) VALUES (?, 1, ?, ?)",
            (str(partner.id), partner.kind.value, to_json(partner).decode()),
        )
        connection.execute(
            "INSERT INTO events (id, type, subject, occurred_at, document) VALUES (?, ?, ?, ?, ?)",
            (
                str(event.id),
                event.type,
                str(event.subject),
                event.occurred_at.isoformat(),
                to_json(event).decode(),
            ),
        )
    finally:
        connection.close()


def test_an_sqlite_store_at_version_3_gets_the_deliveries_table(tmp_path: Path) -> None:
    path = tmp_path / "drie.sqlite3"
    event = _event()
    _sqlite_at_version_3(path, event)
    with halt_core.connect(f"sqlite:///{path}") as store:
        _route_and_claim(store, event)
    with sqlite3.connect(path) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(deliveries)")]
        indexes = {row[1] for row in connection.execute("PRAGMA index_list(deliveries)")}
        versions = [v for (v,) in connection.execute("SELECT version FROM halt_schema")]
    connection.close()
    assert columns == COLUMNS
    assert "deliveries_due" in indexes
    assert versions == list(range(1, sqlite.SCHEMA_VERSION + 1))


def test_sqlite_keeps_times_as_fixed_width_utc_text_that_sorts(tmp_path: Path) -> None:
    event = _event()
    moments = [
        dt.datetime(2026, 9, 1, 12, 0, tzinfo=AMSTERDAM),  # 10:00 UTC
        dt.datetime(2026, 9, 1, 10, 0, 0, 1, tzinfo=dt.UTC),
        dt.datetime(2026, 9, 1, 9, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(2026, 9, 1, 6, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))),  # 11:00
    ]
    with halt_core.connect(f"sqlite:///{tmp_path}/halt.sqlite3") as store:
        with store.unit_of_work() as uow:
            uow.outbox.add(event)
        with store.unit_of_work() as uow:
            uow.deliveries.add(
                Delivery(
                    id=uuid.uuid4(),
                    event_id=event.id,
                    event_type=event.type,
                    notifier="log",
                    recipient=f"r{n}",
                    next_attempt=moment,
                )
                for n, moment in enumerate(moments)
            )
    with sqlite3.connect(tmp_path / "halt.sqlite3") as connection:
        texts = [t for (t,) in connection.execute("SELECT next_attempt FROM deliveries")]
        in_order = [
            r
            for (r,) in connection.execute("SELECT recipient FROM deliveries ORDER BY next_attempt")
        ]
    connection.close()
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", t) for t in texts)
    assert sorted(texts) == [utc_text(m) for m in sorted(moments)]
    assert in_order == [f"r{moments.index(m)}" for m in sorted(moments)]
    assert utc_text(dt.datetime(1, 1, 1, tzinfo=dt.UTC)) == "0001-01-01T00:00:00.000000+00:00"


# -- PostgreSQL ---------------------------------------------------------------------------------


def test_a_postgresql_store_at_version_3_gets_the_deliveries_table(
    postgres_url: str, postgres_schema: str
) -> None:
    event = _event()
    partner = NETWORK.partners[0]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {postgres_schema}")
        admin.execute(f"SET search_path TO {postgres_schema}")
        admin.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        for version in (1, 2, 3):
            for step in postgres.MIGRATIONS[version - 1]:
                run_step(admin, step)
            admin.execute("INSERT INTO halt_schema VALUES (%s)", (version,))
        admin.execute(
            "INSERT INTO partners (id, version, kind, document) VALUES (%s, 1, %s, %s)",
            (partner.id, partner.kind.value, to_json(partner).decode()),
        )
        admin.execute(
            "INSERT INTO events (id, type, subject, occurred_at, document) "
            "VALUES (%s, %s, %s, %s, %s)",
            (event.id, event.type, str(event.subject), event.occurred_at, to_json(event).decode()),
        )
    with halt_core.connect(postgres_url, schema=postgres_schema) as store:
        _route_and_claim(store, event)
    with psycopg.connect(postgres_url) as connection:
        types: dict[str, str] = dict(
            connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = %s AND table_name = 'deliveries' ORDER BY ordinal_position",
                (postgres_schema,),
            ).fetchall()
        )
        indexes = {
            name
            for (name,) in connection.execute(
                "SELECT indexname FROM pg_indexes "
                "WHERE schemaname = %s AND tablename = 'deliveries'",
                (postgres_schema,),
            )
        }
    assert list(types) == COLUMNS
    assert types["next_attempt"] == types["delivered_at"] == "timestamp with time zone"
    assert types["id"] == types["event_id"] == "uuid"
    assert "deliveries_due" in indexes


@pytest.mark.parametrize("module", [sqlite, postgres])
def test_version_4_is_the_deliveries(module: Any) -> None:
    statements = module.MIGRATIONS[3]
    assert [s.split("(")[0].strip() for s in statements] == [
        "CREATE TABLE deliveries",
        "CREATE INDEX deliveries_due ON deliveries",
    ]
