"""The SQLite store passes the conformance suite, migrates on open, and refuses newer schemas."""

import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import halt_core
from halt_adapters.storage.sqlite import SCHEMA_VERSION
from halt_adapters.testing import StoreConformance
from halt_core.storage import Store, StoreUnavailable


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
    from halt_core.demo import generate

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
