"""The PostgreSQL store passes the conformance suite against a real server."""

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

import halt_core
from halt_adapters.storage.postgres import SCHEMA_VERSION
from halt_adapters.testing import StoreConformance
from halt_core.storage import Store, StoreUnavailable


class TestPostgresStore(StoreConformance):
    @pytest.fixture
    def store(self, postgres_url: str, postgres_schema: str) -> Iterator[Store]:
        store = halt_core.connect(postgres_url, schema=postgres_schema)
        yield store
        store.close()

    @pytest.fixture
    def reopen(self, postgres_url: str, postgres_schema: str) -> Callable[[], Store]:
        return lambda: halt_core.connect(postgres_url, schema=postgres_schema)

    @pytest.fixture
    def make_newer(self, postgres_url: str, postgres_schema: str) -> Callable[[], None]:
        def mark() -> None:
            with psycopg.connect(postgres_url, autocommit=True) as connection:
                connection.execute(
                    f"INSERT INTO {postgres_schema}.halt_schema (version) VALUES (%s)",
                    (SCHEMA_VERSION + 1,),
                )

        return mark


def test_bad_options_are_clear_errors(postgres_url: str) -> None:
    with pytest.raises(StoreUnavailable, match="lower-case"):
        halt_core.connect(postgres_url, schema="Robert'); DROP TABLE")
    with pytest.raises(StoreUnavailable, match="unknown options"):
        halt_core.connect(postgres_url, colour="blue")


def test_passwords_stay_out_of_messages(postgres_url: str) -> None:
    with pytest.raises(StoreUnavailable) as info:
        halt_core.connect("postgresql://someone:s3cret@127.0.0.1:1/nothing")
    assert "s3cret" not in str(info.value)


def test_two_processes_saving_one_record_one_wins(
    postgres_url: str, postgres_schema: str, tmp_path: Path
) -> None:
    from halt_core.demo import generate

    partner = generate(seed=1, size=40).network.partners[0]
    with (
        halt_core.connect(postgres_url, schema=postgres_schema) as store,
        store.unit_of_work() as uow,
    ):
        uow.partners.add(partner)
    script = Path(__file__).with_name("_save_in_process.py")
    go = tmp_path / "go"
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                str(script),
                postgres_url,
                str(partner.id),
                name,
                str(go),
                postgres_schema,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    go.touch()
    outcomes = sorted(run.communicate(timeout=120)[0].strip() for run in runs)
    assert outcomes == ["conflict", "saved"]
