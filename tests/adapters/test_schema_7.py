"""Schema version 7: every record row's ``changed`` moment and references, filled on migration.

A store at schema version 6 is made with the adapter's own migrations and rows written as
version 6 wrote them (no references, no ``changed``; a working area of one municipality
without its ``municipality`` column, as the index rule then was). Opening it migrates to 7:
every live row's index columns are recomputed, its references written, and every row,
tombstones too, stamped with the migration's moment.
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
from halt_adapters.storage._sql_dialect import TABLES, TOMBSTONE, micros
from halt_core.demo import generate
from halt_core.model import Area, AreaKind, Gazetteer, Network
from halt_core.serialization import to_json
from halt_core.storage import RECORD_KINDS, Store

NETWORK = generate(seed=7, size=20).network
GAZETTEER = Gazetteer.load()


def _one_municipality(network: Network) -> tuple[Network, Any]:
    """The network with one intervention working in an area of a single municipality."""
    intervention = next(i for i in network.interventions if i.area.kind is AreaKind.MUNICIPALITY)
    code = intervention.area.codes[0]
    narrowed = attrs.evolve(intervention, area=Area(kind=AreaKind.MUNICIPALITIES, codes=(code,)))
    interventions = tuple(narrowed if i.id == narrowed.id else i for i in network.interventions)
    return attrs.evolve(network, interventions=interventions), narrowed


def _old_rows(network: Network) -> dict[str, list[tuple[Any, ...]]]:
    """Every record as schema version 6 held it: index columns by the old municipality rule."""
    rows: dict[str, list[tuple[Any, ...]]] = {}
    for kind in RECORD_KINDS.values():
        found = []
        for value in getattr(network, kind.name):
            index = kind.index(value, GAZETTEER)
            if getattr(value, "area", None) is not None and value.area.kind is not (
                AreaKind.MUNICIPALITY
            ):
                index = attrs.evolve(index, municipality=None)  # version 6 left it out
            found.append((value.id, index, to_json(value)))
        rows[kind.name] = found
    return rows


def _values(id: uuid.UUID, index: Any, document: bytes, *, text: bool) -> tuple[Any, ...]:
    """A row's values as SQLite (``text``: ids and dates as text) or psycopg takes them."""

    def value(v: Any) -> Any:
        if v is None or not text:
            return v
        return v.isoformat() if isinstance(v, dt.date) else str(v)

    return (
        value(id),
        1,
        index.kind,
        index.status,
        index.level,
        index.arrondissement,
        index.municipality,
        value(index.starts),
        value(index.ends),
        value(index.owner),
        document.decode(),
    )


_INSERT = (
    "INSERT INTO {table} (id, version, kind, status, level, arrondissement, municipality, "
    "starts, ends, owner, document) VALUES ({marks})"
)


def _fill(connection: Any, param: str, *, text: bool) -> uuid.UUID:
    """Write the network's rows as version 6 did, plus one tombstone; return its id."""
    network, _ = _one_municipality(NETWORK)
    for table, rows in _old_rows(network).items():
        sql = _INSERT.format(table=table, marks=", ".join([param] * 11))
        for id, index, document in rows:
            connection.execute(sql, _values(id, index, document, text=text))
    gone = uuid.uuid4()
    connection.execute(
        f"INSERT INTO meetings (id, version, document, deleted) VALUES ({param}, 3, {param}, 1)",
        (str(gone) if text else gone, TOMBSTONE.decode()),
    )
    return gone


def _check_migrated(store: Store, gone: uuid.UUID, before: int, after: int) -> None:
    """Index columns, references and moments are what version 7 writes; reads use them."""
    network, narrowed = _one_municipality(NETWORK)
    moment = _moment(before)
    with store.unit_of_work() as uow:
        # The recomputed municipality column selects the single-municipality area.
        area = Area.municipality(narrowed.area.codes[0])
        assert narrowed.id in [i.id for i in uow.interventions.query(area=area)]
        assert uow.interventions.count(area=area) == len(uow.interventions.query(area=area))
        for repo in uow.repositories():
            values = getattr(network, repo.kind.name)
            changed = repo.changed_since(moment)
            assert set(changed.stored) == {v.id for v in values}, repo.kind.name
            later = _moment(after) + dt.timedelta(seconds=1)
            assert not repo.changed_since(later)
        assert uow.meetings.changed_since(moment).deleted == (gone,)
        partner = network.collaborations[0].partners[0]
        expected = {c.id for c in network.collaborations if str(partner) in _refs(c)}
        assert {c.id for c in uow.collaborations.referencing([partner])} == expected
        trainers = sorted(
            {s.trainer for i in network.interventions for s in i.sessions if s.trainer}
        )
        booked = {
            i.id for i in network.interventions if any(s.trainer == trainers[0] for s in i.sessions)
        }
        assert {i.id for i in uow.interventions.referencing(trainers=trainers[:1])} == booked


def _moment(micros: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=micros)


def _refs(value: Any) -> tuple[str, ...]:
    return RECORD_KINDS[type(value)].references(value)


def _expected_refs(text: bool) -> set[tuple[str, Any, str]]:
    network, _ = _one_municipality(NETWORK)
    return {
        (kind.name, str(value.id) if text else value.id, ref)
        for kind in RECORD_KINDS.values()
        for value in getattr(network, kind.name)
        for ref in kind.references(value)
    }


# -- SQLite -------------------------------------------------------------------------------------


def _sqlite_at_version_6(path: Path) -> uuid.UUID:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        for version in range(1, 7):
            for step in sqlite.MIGRATIONS[version - 1]:
                run_step(connection, step)
            connection.execute("INSERT INTO halt_schema VALUES (?)", (version,))
        return _fill(connection, "?", text=True)
    finally:
        connection.close()


def test_an_sqlite_store_at_version_6_migrates_to_7(tmp_path: Path) -> None:
    path = tmp_path / "zes.sqlite3"
    gone = _sqlite_at_version_6(path)
    _, narrowed = _one_municipality(NETWORK)
    before = micros(dt.datetime.now(dt.UTC))
    with halt_core.connect(f"sqlite:///{path}") as store:
        after = micros(dt.datetime.now(dt.UTC))
        assert store.schema_version == 7
        _check_migrated(store, gone, before, after)
    with sqlite3.connect(path) as connection:
        stamps = {
            table: connection.execute(f"SELECT DISTINCT changed FROM {table}").fetchall()
            for table in TABLES
        }
        refs = {
            (table, id, ref)
            for table in TABLES
            for id, ref in connection.execute(f"SELECT id, ref FROM {table}_refs")
        }
        (municipality,) = connection.execute(
            "SELECT municipality FROM interventions WHERE id = ?", (str(narrowed.id),)
        ).fetchone()
        indexes = {
            row[1]
            for table in TABLES
            for row in connection.execute(f"PRAGMA index_list({table}_refs)")
        }
    connection.close()
    # One moment for the whole migration, tombstones too, between before and after.
    moments = {moment for found in stamps.values() for (moment,) in found}
    assert len(moments) == 1
    assert before <= moments.pop() <= after
    assert refs == _expected_refs(text=True)
    assert municipality == narrowed.area.codes[0]
    assert {f"{table}_refs_ref" for table in TABLES} <= indexes


def test_every_row_an_sqlite_store_writes_carries_its_moment_and_references(
    tmp_path: Path,
) -> None:
    """Adds, saves, deletes and revivals keep ``changed`` and the references exact."""
    path = tmp_path / "halt.sqlite3"
    forum = next(f for f in NETWORK.forums if len(f.members) >= 2)
    with halt_core.connect(f"sqlite:///{path}") as store:
        with store.unit_of_work() as uow:
            uow.add_network(NETWORK)
        with store.unit_of_work() as uow:
            uow.forums.save(attrs.evolve(forum, members=forum.members[1:]), expected_version=1)
    with sqlite3.connect(path) as connection:
        refs = set(
            connection.execute("SELECT id, ref FROM forums_refs WHERE id = ?", (str(forum.id),))
        )
        nulls = connection.execute("SELECT count(*) FROM forums WHERE changed IS NULL").fetchone()
    connection.close()
    assert refs == {(str(forum.id), str(member)) for member in forum.members[1:]}
    assert nulls == (0,)


# -- PostgreSQL ---------------------------------------------------------------------------------


def test_a_postgresql_store_at_version_6_migrates_to_7(
    postgres_url: str, postgres_schema: str
) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {postgres_schema}")
        admin.execute(f"SET search_path TO {postgres_schema}")
        admin.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        for version in range(1, 7):
            for step in postgres.MIGRATIONS[version - 1]:
                run_step(admin, step)
            admin.execute("INSERT INTO halt_schema VALUES (%s)", (version,))
        gone = _fill(admin, "%s", text=False)
    before = micros(dt.datetime.now(dt.UTC))
    with halt_core.connect(postgres_url, schema=postgres_schema) as store:
        after = micros(dt.datetime.now(dt.UTC))
        assert store.schema_version == 7
        _check_migrated(store, gone, before, after)
    with psycopg.connect(postgres_url) as connection:
        refs = {
            (table, id, ref)
            for table in TABLES
            for id, ref in connection.execute(f"SELECT id, ref FROM {postgres_schema}.{table}_refs")
        }
    assert refs == _expected_refs(text=False)


@pytest.mark.parametrize("module", [sqlite, postgres])
def test_version_7_is_references_and_moments(module: Any) -> None:
    statements = [step for step in module.MIGRATIONS[6] if isinstance(step, str)]
    assert sum(1 for s in statements if s.startswith("CREATE TABLE")) == len(TABLES)
    assert sum(1 for s in statements if "ADD COLUMN changed" in s) == len(TABLES)
    assert any(callable(step) for step in module.MIGRATIONS[6])
