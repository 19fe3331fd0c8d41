"""A real SQLite store with the demo network, copied fresh for every test that needs one."""

import shutil
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from halt_adapters.cli import cli

DEMO_SIZE = 40
DEMO_PARTNERS = 116
"""The partners ``halt demo --size 40`` makes: more than the size, as every one of the 11
arrondissementen needs its regional partners and a workable municipality."""


class Halt:
    """Runs ``halt`` in-process on one store, as a user would type it."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self.url = f"sqlite:///{store}"
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        return self.runner.invoke(
            cli, ["--store", self.url, *args], input=input, catch_exceptions=False
        )

    def snapshot(self) -> list[str]:
        """Every row of every table: equal snapshots mean nothing in the store changed."""
        with sqlite3.connect(self.store) as connection:
            return list(connection.iterdump())


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "halt.sqlite3"
    result = Halt(path)("demo", "--size", str(DEMO_SIZE))
    assert result.exit_code == 0, result.output
    with sqlite3.connect(path) as connection:  # one file, no WAL beside it, so it copies whole
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def halt(demo_store: Path, tmp_path: Path) -> Halt:
    """``halt`` on a fresh copy of the demo store."""
    copy = tmp_path / "halt.sqlite3"
    shutil.copy(demo_store, copy)
    return Halt(copy)


@pytest.fixture
def empty(tmp_path: Path) -> Halt:
    """``halt`` on a store that does not exist yet."""
    return Halt(tmp_path / "new" / "halt.sqlite3")


Check = Callable[[Sequence[str]], Result]
