"""Schema versions 5 and 6 of the SQL stores: the privacy log and the events by subject.

``tests/fixtures/store-schema-4.sql`` is an SQLite store at schema version 4 that halt_core
itself wrote at commit 8ba9791 (``tests/fixtures/make_store_schema_4.py`` says how): records
of every kind (one saved, one deleted), outbox events published and pending, deliveries
delivered and pending. Opened with the current code, SQLite and PostgreSQL (loaded with the
same rows) migrate it to version 6: every record, event and delivery stays exactly as it was,
the privacy log's tables are there and empty, and the log works at once; the events are
indexed by subject (6), so one record's history is read without the whole table.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import attrs
import psycopg
import pytest

import halt_core
from halt_adapters.storage import postgres, sqlite
from halt_adapters.storage._migrations import run_step
from halt_adapters.storage._sql_dialect import TABLES, utc_text
from halt_adapters.storage._sql_privacy_log import PRIVACY_TABLES
from halt_core.errors import NotFound
from halt_core.ids import PartnerId
from halt_core.model import AMSTERDAM
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.notify import DeliveryState
from halt_core.privacy.log import Disclosure, KeptCount, LegalHold
from halt_core.privacy.policy import LegalBasis, Purpose
from halt_core.serialization import from_json
from halt_core.storage import RECORD_KINDS, DisclosureQuery, Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "store-schema-4.sql"
"""The dump of the store at schema version 4."""

PENDING_EVENT = uuid.UUID("5e4f0000-0000-4000-8000-000000000003")
DELIVERIES = {
    uuid.UUID("5e4f0000-0000-4000-8000-0000000000d1"): DeliveryState.DELIVERED,
    uuid.UUID("5e4f0000-0000-4000-8000-0000000000d2"): DeliveryState.PENDING,
}
YOUTH = YouthPseudonym("JA-K3M9Q2X7")
COLUMNS = {
    "disclosures": ["id", "at", "recipient", "document"],
    "disclosure_youths": ["disclosure", "youth"],
    "legal_holds": ["youth", "document"],
    "erasures": ["id", "at", "youth", "document"],
    "kept_counts": ["kind", "year", "municipality", "detail", "count"],
}
INDEXES = {
    "disclosures_at",
    "disclosures_recipient",
    "disclosure_youths_youth",
    "erasures_youth",
}


def fixture_rows() -> dict[str, list[dict[str, Any]]]:
    """Every row of the fixture's tables, by table, by column name, in key order."""
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    try:
        connection.executescript(FIXTURE.read_text(encoding="utf-8"))
        order = {"events": "seq", "halt_schema": "version", "set_aside": "seq"}
        return {
            table: [
                dict(row)
                for row in connection.execute(
                    f"SELECT * FROM {table} ORDER BY {order.get(table, 'id')}"
                )
            ]
            for table in (*TABLES, "events", "deliveries", "set_aside", "halt_schema")
        }
    finally:
        connection.close()


def _disclosure() -> Disclosure:
    return Disclosure(
        at=dt.datetime(2026, 9, 1, 12, 0, tzinfo=AMSTERDAM),
        by="test",
        purpose=Purpose.CASE_CONSULTATION,
        legal_basis=LegalBasis.WJSG,
        rule="case consultation",
        recipient=PartnerId(uuid.UUID(int=0xA1)),
        recipient_name="Politie Zaanstreek",
        youths=(YOUTH,),
        fields=("Referral.offence",),
        channel="information sheet",
    )


def check_kept_and_working(store: Store) -> None:
    """The fixture's records, events and deliveries are all there; the log is empty and works."""
    rows = fixture_rows()
    assert store.schema_version == sqlite.SCHEMA_VERSION == postgres.SCHEMA_VERSION == 7
    with store.unit_of_work() as uow:
        for kind in RECORD_KINDS.values():
            repo = uow.repository(kind.type)
            live = [row for row in rows[kind.name] if not row["deleted"]]
            assert repo.count() == len(live), kind.name
            for row in rows[kind.name]:
                id = uuid.UUID(row["id"])
                if row["deleted"]:
                    with pytest.raises(NotFound):
                        repo.get(id)
                    continue
                assert repo.get(id) == from_json(row["document"], kind.type)
                assert repo.version_of(id) == row["version"]
        assert [event.id for event in uow.outbox.pending()] == [PENDING_EVENT]
        assert {d.id: d.state for d in uow.deliveries.listed()} == DELIVERIES
        log = uow.privacy_log
        assert (log.disclosures(), log.holds(), log.erasures(), log.counts()) == ((), (), (), ())
    disclosure = _disclosure()
    count = KeptCount(kind="referrals", year=2026, municipality="GM0363", count=2)
    with store.unit_of_work() as uow:
        uow.privacy_log.record(disclosure)
        uow.privacy_log.place_hold(
            LegalHold(youth=YOUTH, reason="bezwaar", placed_at=disclosure.at, placed_by="test")
        )
        uow.privacy_log.keep_counts([count, count])
    with store.unit_of_work() as uow:
        assert uow.privacy_log.disclosures(DisclosureQuery(youth=YOUTH)) == (disclosure,)
        assert [hold.youth for hold in uow.privacy_log.holds()] == [YOUTH]
        assert uow.privacy_log.counts() == (attrs.evolve(count, count=4),)


# -- SQLite -------------------------------------------------------------------------------------


def _load(path: Path) -> Path:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(FIXTURE.read_text(encoding="utf-8"))
    finally:
        connection.close()
    return path


def _dump(path: Path, tables: tuple[str, ...]) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(path) as connection:
        found = {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in tables
        }
    connection.close()
    return found


def _records(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every record table's ids, versions, documents and tombstones."""
    with sqlite3.connect(path) as connection:
        found = {
            table: connection.execute(
                f"SELECT id, version, deleted, document FROM {table} ORDER BY id"
            ).fetchall()
            for table in TABLES
        }
    connection.close()
    return found


def test_the_fixture_is_a_store_at_schema_version_4() -> None:
    rows = fixture_rows()
    assert [row["version"] for row in rows["halt_schema"]] == [1, 2, 3, 4]
    assert {row["id"] for row in rows["deliveries"]} == {str(id) for id in DELIVERIES}
    assert any(row["deleted"] for row in rows["interventions"])
    assert any(row["version"] == 2 for row in rows["partners"])


def test_an_sqlite_store_at_version_4_migrates_and_keeps_everything(tmp_path: Path) -> None:
    path = _load(tmp_path / "vier.sqlite3")
    kept = ("events", "deliveries", "set_aside")
    before = _dump(path, kept), _records(path)
    with halt_core.connect(f"sqlite:///{path}") as store:
        check_kept_and_working(store)
    with halt_core.connect(f"sqlite:///{path}") as store:  # again: nothing more to migrate
        assert store.schema_version == 7
    # Not one record, event or delivery changed (version 7 recomputes the records' index
    # columns and stamps them; tests/adapters/test_schema_7.py looks at those).
    assert (_dump(path, kept), _records(path)) == before
    with sqlite3.connect(path) as connection:
        versions = [v for (v,) in connection.execute("SELECT version FROM halt_schema")]
        columns = {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in PRIVACY_TABLES
        }
        indexes = {
            row[1]
            for table in (*PRIVACY_TABLES, "events")
            for row in connection.execute(f"PRAGMA index_list({table})")
        }
        (at,) = connection.execute("SELECT at FROM disclosures").fetchone()
        youths = connection.execute("SELECT youth FROM disclosure_youths").fetchall()
    connection.close()
    assert versions == [1, 2, 3, 4, 5, 6, 7]
    assert columns == COLUMNS
    assert indexes >= INDEXES | {"events_subject"}
    assert at == utc_text(_disclosure().at) == "2026-09-01T10:00:00.000000+00:00"
    assert youths == [(YOUTH,)]


def test_forgetting_disclosures_leaves_no_youth_rows(tmp_path: Path) -> None:
    path = tmp_path / "halt.sqlite3"
    with halt_core.connect(f"sqlite:///{path}") as store:
        with store.unit_of_work() as uow:
            uow.privacy_log.record(_disclosure())
        with store.unit_of_work() as uow:
            assert uow.privacy_log.forget_disclosures_before(dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    assert _dump(path, ("disclosures", "disclosure_youths")) == {
        "disclosures": [],
        "disclosure_youths": [],
    }


# -- PostgreSQL ---------------------------------------------------------------------------------


def _postgres_at_version_4(postgres_url: str, schema: str) -> None:
    """A schema at version 4, made by the adapter's own migrations, holding the fixture's rows."""
    rows = fixture_rows()
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        admin.execute(f"SET search_path TO {schema}")
        admin.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        for version in (1, 2, 3, 4):
            for step in postgres.MIGRATIONS[version - 1]:
                run_step(admin, step)
            admin.execute("INSERT INTO halt_schema VALUES (%s)", (version,))
        with admin.cursor() as cursor:
            for table in (*TABLES, "events", "deliveries", "set_aside"):
                # The events' seq comes from the sequence: inserted in order, kept in order.
                chosen = [{k: v for k, v in row.items() if k != "seq"} for row in rows[table]]
                if not chosen:
                    continue
                columns = list(chosen[0])
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(columns))})",
                    [tuple(row.values()) for row in chosen],
                )


def test_a_postgresql_store_at_version_4_migrates_and_keeps_everything(
    postgres_url: str, postgres_schema: str
) -> None:
    _postgres_at_version_4(postgres_url, postgres_schema)
    with halt_core.connect(postgres_url, schema=postgres_schema) as store:
        check_kept_and_working(store)
    with psycopg.connect(postgres_url) as connection:
        versions = connection.execute(
            f"SELECT version FROM {postgres_schema}.halt_schema ORDER BY version"
        ).fetchall()
        types: dict[str, dict[str, str]] = {}
        for table, column, data_type in connection.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = ANY(%s) ORDER BY ordinal_position",
            (postgres_schema, list(PRIVACY_TABLES)),
        ):
            types.setdefault(table, {})[column] = data_type
        indexes = {
            name
            for (name,) in connection.execute(
                "SELECT indexname FROM pg_indexes WHERE schemaname = %s", (postgres_schema,)
            )
        }
    assert versions == [(v,) for v in range(1, 8)]
    assert {table: list(columns) for table, columns in types.items()} == COLUMNS
    assert types["disclosures"]["at"] == types["erasures"]["at"] == "timestamp with time zone"
    assert types["disclosures"]["id"] == types["disclosures"]["recipient"] == "uuid"
    assert types["disclosures"]["document"] == types["legal_holds"]["document"] == "jsonb"
    assert types["kept_counts"]["count"] == "bigint"
    assert indexes >= INDEXES | {"events_subject"}


@pytest.mark.parametrize("module", [sqlite, postgres])
def test_version_5_is_the_privacy_log(module: Any) -> None:
    statements = module.MIGRATIONS[4]
    assert [s.split("(")[0].strip() for s in statements] == [
        "CREATE TABLE disclosures",
        "CREATE INDEX disclosures_at ON disclosures",
        "CREATE INDEX disclosures_recipient ON disclosures",
        "CREATE TABLE disclosure_youths",
        "CREATE INDEX disclosure_youths_youth ON disclosure_youths",
        "CREATE TABLE legal_holds",
        "CREATE TABLE erasures",
        "CREATE INDEX erasures_youth ON erasures",
        "CREATE TABLE kept_counts",
    ]
