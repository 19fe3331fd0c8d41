"""The SQLite store passes the conformance suite, migrates on open, and refuses newer schemas."""

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import halt_core
from halt_adapters.storage.sqlite import MIGRATIONS, SCHEMA_VERSION
from halt_adapters.testing import StoreConformance
from halt_core.demo import generate
from halt_core.serialization import to_json
from halt_core.storage import Store, StoreUnavailable, UnitOfWork, Versioned


class TestSqliteStore(StoreConformance):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        store = halt_core.connect(f"sqlite:///{tmp_path}/halt.sqlite3")
        yield store
        store.close()

    @pytest.fixture
    def reopen(self, tmp_path: Path) -> Callable[[], Store]:
        return lambda: halt_core.connect(f"sqlite:///{tmp_path}/halt.sqlite3")

    @pytest.fixture
    def make_newer(self, tmp_path: Path) -> Callable[[], None]:
        def mark() -> None:
            with sqlite3.connect(tmp_path / "halt.sqlite3") as connection:
                connection.execute("INSERT INTO halt_schema VALUES (?)", (SCHEMA_VERSION + 1,))

        return mark


def test_a_new_file_is_created_with_its_folder_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "halt.sqlite3"
    with halt_core.connect(f"sqlite:///{path}") as store:
        assert store.schema_version == SCHEMA_VERSION
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        versions = connection.execute("SELECT max(version) FROM halt_schema").fetchall()
    assert versions == [(SCHEMA_VERSION,)]


def test_a_url_without_a_file_says_what_to_give(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="memory://"):
        halt_core.connect("sqlite://")


def test_two_processes_saving_one_record_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    partner = generate(seed=1, size=40).network.partners[0]
    with halt_core.connect(f"sqlite:///{path}") as store, store.unit_of_work() as uow:
        uow.partners.add(partner)
    script = Path(__file__).with_name("_save_in_process.py")
    go = tmp_path / "go"
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), f"sqlite:///{path}", str(partner.id), name, str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    go.touch()
    outcomes = sorted(run.communicate(timeout=120)[0].strip() for run in runs)
    assert outcomes == ["conflict", "saved"]


# -- opening: no lock unless migrating, nothing touched that is not ours ------------------------


def _fingerprint(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def test_another_applications_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE partners (name TEXT)")
        connection.execute("INSERT INTO partners VALUES ('van een ander')")
    connection.close()
    before = _fingerprint(path)
    with pytest.raises(StoreUnavailable) as info:
        halt_core.connect(f"sqlite:///{path}")
    message = str(info.value)
    assert "another application's SQLite database" in message
    assert "partners" in message
    assert "nothing was changed" in message
    assert "\n" not in message
    assert _fingerprint(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("Dit is geen database.\n" * 100)
    before = _fingerprint(path)
    with pytest.raises(StoreUnavailable, match="is not an SQLite database, so not a halt store"):
        halt_core.connect(f"sqlite:///{path}")
    assert _fingerprint(path) == before


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    path = tmp_path / "leeg.sqlite3"
    path.touch()
    with halt_core.connect(f"sqlite:///{path}") as store:
        assert store.schema_version == SCHEMA_VERSION


def test_a_store_opens_and_reads_while_another_connection_holds_the_write_lock(
    tmp_path: Path,
) -> None:
    path = tmp_path / "halt.sqlite3"
    partner = generate(seed=1, size=40).network.partners[0]
    with halt_core.connect(f"sqlite:///{path}") as store, store.unit_of_work() as uow:
        uow.partners.add(partner)
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")  # like a long import in another process
        writer.execute("DELETE FROM partners")  # not committed: readers see the old state
        # A busy timeout of 0: any wait for the lock would fail at once.
        with (
            halt_core.connect(f"sqlite:///{path}", busy_timeout=0) as store,
            store.unit_of_work() as uow,
        ):
            assert uow.partners.get(partner.id) == partner
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_writer_behind_a_held_lock_gets_a_retryable_library_error(tmp_path: Path) -> None:
    path = tmp_path / "halt.sqlite3"
    network = generate(seed=1, size=40).network
    store = halt_core.connect(f"sqlite:///{path}?busy_timeout=0.2")
    writer = sqlite3.connect(path, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        with pytest.raises(StoreUnavailable) as info, store.unit_of_work() as uow:
            uow.partners.add(network.partners[0])
        assert info.value.retryable
        assert "busy timeout (0.2 s)" in str(info.value)
        assert isinstance(info.value.__cause__, sqlite3.OperationalError)
        writer.execute("ROLLBACK")
        with store.unit_of_work() as uow:  # the store goes on working
            uow.partners.add(network.partners[0])
    finally:
        writer.close()
        store.close()


def test_a_full_disk_is_a_library_error_and_stores_nothing(tmp_path: Path) -> None:
    network = generate(seed=1, size=200).network
    with halt_core.connect(f"sqlite:///{tmp_path}/halt.sqlite3") as store:

        def fill_the_disk() -> None:
            with store.unit_of_work() as uow:
                pages = _sql(uow).execute("PRAGMA page_count").fetchone()[0]
                # The database may not grow: as good as a full disk, for SQLite.
                _sql(uow).execute(f"PRAGMA max_page_count = {pages + 2}")
                uow.partners.add(network.partners[0])
                with pytest.raises(StoreUnavailable, match="disk is full") as info:
                    uow.interventions.add_many(network.interventions)
                assert not info.value.retryable
                # SQLite rolled the whole transaction back: going on must not commit half.
                with pytest.raises(StoreUnavailable, match="rolled this unit of work back"):
                    uow.partners.add(network.partners[1])

        # ... and the commit at the end of the block refuses too.
        with pytest.raises(StoreUnavailable, match="rolled this unit of work back"):
            fill_the_disk()
        with store.unit_of_work() as uow:
            assert uow.partners.count() == 0
            assert uow.interventions.count() == 0


def test_a_closed_store_says_so(tmp_path: Path) -> None:
    store = halt_core.connect(f"sqlite:///{tmp_path}/halt.sqlite3")
    store.close()
    with pytest.raises(StoreUnavailable, match="closed"):
        store.unit_of_work()


def test_options_come_from_the_url_or_keywords(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/halt.sqlite3"
    with halt_core.connect(f"{url}?synchronous=full&busy_timeout=3") as store:
        assert store.url == f"{url}?synchronous=full&busy_timeout=3"
        with store.unit_of_work() as uow:
            assert _sql(uow).execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
            assert _sql(uow).execute("PRAGMA busy_timeout").fetchone()[0] == 3000
    with halt_core.connect(url, synchronous="normal") as store, store.unit_of_work() as uow:
        assert _sql(uow).execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    with pytest.raises(StoreUnavailable, match="synchronous='off'"):
        halt_core.connect(f"{url}?synchronous=off")
    with pytest.raises(StoreUnavailable, match="busy_timeout"):
        halt_core.connect(url, busy_timeout="lang")
    with pytest.raises(StoreUnavailable, match="in the URL and as a keyword"):
        halt_core.connect(f"{url}?synchronous=full", synchronous="full")
    with pytest.raises(StoreUnavailable, match="unknown options"):
        halt_core.connect(f"{url}?colour=blue")


def test_a_store_of_schema_version_1_is_migrated_keeping_its_records(tmp_path: Path) -> None:
    path = tmp_path / "oud.sqlite3"
    network = generate(seed=1, size=40).network
    meeting = network.meetings[0]
    with sqlite3.connect(path, isolation_level=None) as connection:
        connection.execute("PRAGMA journal_mode = WAL")
        for statement in MIGRATIONS[0]:
            assert isinstance(statement, str)  # version 1 is statements only
            connection.execute(statement)
        connection.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        connection.execute("INSERT INTO halt_schema VALUES (1)")
        connection.execute(
            "INSERT INTO meetings (id, version, starts, ends, owner, document) "
            "VALUES (?, 3, ?, ?, ?, ?)",
            (
                str(meeting.id),
                meeting.start.date().isoformat(),
                meeting.end.date().isoformat(),
                str(meeting.forum),
                to_json(meeting).decode(),
            ),
        )
    connection.close()
    with halt_core.connect(f"sqlite:///{path}") as store:
        assert store.schema_version == SCHEMA_VERSION
        with store.unit_of_work() as uow:
            assert uow.meetings.get_versioned(meeting.id) == Versioned(meeting, 3)
            uow.meetings.delete(meeting)
        with store.unit_of_work() as uow:
            assert uow.meetings.add(meeting) == 4


def _sql(uow: UnitOfWork) -> Any:
    """The database connection of an SQL store's unit of work."""
    return uow.connection  # type: ignore[attr-defined]
