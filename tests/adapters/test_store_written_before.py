"""A store written before the model checked contact points opens, migrates, and loses nothing.

The store is ``tests/fixtures/store-schema-2.sql``, written by halt_core itself before the
change (see ``tests/adapters/_written_before.py``): invalid addresses and numbers, the same
numbers in several spellings, a domain in capitals, and a clean partner. Opened with the
current code, the SQLite and PostgreSQL stores migrate it to schema version 3 (and on, to
their current version): every partner loads, the spellings are normalised, and what the
model refuses is taken out and reported by ``set_aside()``, per record, once. The JSON
example store's version of this test is in ``test_jsonfile_store.py``; ``halt check``'s in
``tests/cli/test_check_set_aside.py``.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import psycopg
import pytest

import halt_core
from halt_adapters.storage import _migrations, postgres, sqlite
from halt_core.errors import HaltError
from tests.adapters._written_before import (
    CLEAN,
    NAMES,
    POLICE,
    check_migrated,
    document_of,
    load_fixture,
    partner_rows,
    same_reports,
)

# -- SQLite ---------------------------------------------------------------------------------------


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    """The fixture's store as an SQLite file."""
    return load_fixture(tmp_path / "oud.sqlite3")


def _versions(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT version FROM halt_schema ORDER BY version").fetchall()
    connection.close()
    return [version for (version,) in rows]


def test_the_fixture_is_a_store_at_schema_version_2(old_file: Path) -> None:
    assert _versions(old_file) == [1, 2]
    assert [row["id"] for row in partner_rows()] == sorted(str(id) for id in NAMES)


def test_an_sqlite_store_written_before_migrates_and_reports_what_it_set_aside(
    old_file: Path,
) -> None:
    since = dt.datetime.now(dt.UTC)
    with halt_core.connect(f"sqlite:///{old_file}") as store:
        found = check_migrated(store, since)
    assert _versions(old_file) == list(range(1, sqlite.SCHEMA_VERSION + 1))
    with halt_core.connect(f"sqlite:///{old_file}") as store:  # again: nothing more to do
        assert same_reports(check_migrated(store, since), found)
    assert _versions(old_file) == list(range(1, sqlite.SCHEMA_VERSION + 1))


def test_a_document_with_nothing_to_repair_is_not_rewritten(old_file: Path) -> None:
    halt_core.connect(f"sqlite:///{old_file}").close()
    with sqlite3.connect(old_file) as connection:
        (document,) = connection.execute(
            "SELECT document FROM partners WHERE id = ?", (str(CLEAN),)
        ).fetchone()
    connection.close()
    rows = partner_rows()
    (before,) = [row["document"] for row in rows if row["id"] == str(CLEAN)]
    assert document == before


def test_a_version_read_before_the_migration_still_saves(old_file: Path) -> None:
    """The migration is not an edit: a form opened before the upgrade may still save."""
    with halt_core.connect(f"sqlite:///{old_file}") as store, store.unit_of_work() as uow:
        police = uow.partners.get(POLICE)
        assert uow.partners.save(police, expected_version=2) == 3


def test_the_migration_reads_the_partners_in_batches(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_migrations, "CHUNK", 1)  # four batches of one, then an empty one
    since = dt.datetime.now(dt.UTC)
    with halt_core.connect(f"sqlite:///{old_file}") as store:
        check_migrated(store, since)


def test_a_migration_that_fails_leaves_the_store_as_it_was(
    old_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(old_file) as connection:
        before = list(connection.iterdump())
    connection.close()

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the repair broke down")

    monkeypatch.setattr(_migrations, "repair_partner_document", fail)
    with pytest.raises(HaltError, match="broke down") as info:
        halt_core.connect(f"sqlite:///{old_file}")
    assert isinstance(info.value.__cause__, RuntimeError)
    with sqlite3.connect(old_file) as connection:
        assert list(connection.iterdump()) == before  # no set_aside table, no version 3
    connection.close()


def test_a_document_that_is_not_json_does_not_stop_the_migration(old_file: Path) -> None:
    with sqlite3.connect(old_file) as connection:
        connection.execute("UPDATE partners SET document = '{not json' WHERE id = ?", (str(CLEAN),))
    connection.close()
    with halt_core.connect(f"sqlite:///{old_file}") as store, store.unit_of_work() as uow:
        assert store.schema_version == sqlite.SCHEMA_VERSION
        assert len(uow.set_aside()) == 4
        assert uow.partners.get(POLICE).name == NAMES[POLICE]


# -- PostgreSQL -----------------------------------------------------------------------------------


@pytest.fixture
def old_schema(postgres_url: str, postgres_schema: str) -> str:
    """A PostgreSQL schema at version 2, made by the adapter's own migrations, with the rows."""
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {postgres_schema}")
        admin.execute(f"SET search_path TO {postgres_schema}")
        for version in (1, 2):
            for statement in postgres.MIGRATIONS[version - 1]:
                assert isinstance(statement, str)
                admin.execute(statement)
        admin.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        admin.execute("INSERT INTO halt_schema VALUES (1), (2)")
        with admin.cursor() as cursor:
            rows = partner_rows()
            columns = list(rows[0])
            cursor.executemany(
                f"INSERT INTO partners ({', '.join(columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                [tuple(row.values()) for row in rows],
            )
    return postgres_schema


def test_a_postgresql_store_written_before_migrates_and_reports_what_it_set_aside(
    postgres_url: str, old_schema: str
) -> None:
    since = dt.datetime.now(dt.UTC)
    with halt_core.connect(postgres_url, schema=old_schema) as store:
        found = check_migrated(store, since)
    with halt_core.connect(postgres_url, schema=old_schema) as store:
        assert same_reports(check_migrated(store, since), found)
    with psycopg.connect(postgres_url) as connection:
        versions = connection.execute(
            f"SELECT version FROM {old_schema}.halt_schema ORDER BY version"
        ).fetchall()
        row = connection.execute(
            f"SELECT document FROM {old_schema}.partners WHERE id = %s", (CLEAN,)
        ).fetchone()
    assert row is not None
    (clean,) = row
    assert versions == [(v,) for v in range(1, postgres.SCHEMA_VERSION + 1)]
    assert clean == document_of(partner_rows(), CLEAN)


def test_both_sql_stores_are_at_one_schema_version_with_a_migration_for_each() -> None:
    assert sqlite.SCHEMA_VERSION == postgres.SCHEMA_VERSION
    assert len(sqlite.MIGRATIONS) == len(postgres.MIGRATIONS) == sqlite.SCHEMA_VERSION
