"""The PostgreSQL store passes the conformance suite against a real server."""

import logging
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

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


def _pool_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("pool-")}


def test_a_closed_port_fails_fast_naming_the_server_and_the_reason(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Port 1 on 127.0.0.1: no server there, so the connection is refused at once.
    caplog.set_level(logging.DEBUG, logger="psycopg_pool")
    before = _pool_threads()
    started = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        halt_core.connect("postgresql://someone:s3cret@127.0.0.1:1/nothing")
    assert time.monotonic() - started < 3
    message = str(info.value)
    assert "127.0.0.1:1" in message
    assert '"nothing"' in message
    assert "connection refused" in message.lower()
    assert "HALT_STORE_URL" in message
    assert "s3cret" not in message
    time.sleep(0.5)  # a pool left running would log its retries by now
    noise = [r for r in caplog.records if r.name.startswith("psycopg_pool")]
    assert not [r for r in noise if r.levelno >= logging.WARNING]
    assert _pool_threads() <= before


def test_a_missing_database_says_so(postgres_url: str) -> None:
    missing = "halt_no_such_db_" + uuid.uuid4().hex[:8]
    server = urlsplit(postgres_url)
    with pytest.raises(StoreUnavailable) as info:
        halt_core.connect(urlunsplit(server._replace(path=f"/{missing}")))
    message = str(info.value)
    assert f'database "{missing}" does not exist' in message
    assert f"{server.hostname}:{server.port or 5432}" in message


def test_a_bad_connect_timeout_is_a_clear_error(postgres_url: str) -> None:
    with pytest.raises(StoreUnavailable, match="connect_timeout"):
        halt_core.connect(postgres_url, connect_timeout="soon")
    with halt_core.connect(postgres_url, connect_timeout="2") as store:
        assert store.schema_version == SCHEMA_VERSION


def test_a_pool_that_cannot_connect_is_closed(
    postgres_url: str, postgres_schema: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first, direct connection works; the pool's own then fail (the server went away).
    def refuse(*args: object, **kwargs: object) -> psycopg.Connection[object]:
        raise psycopg.OperationalError("connection refused")

    before = _pool_threads()
    monkeypatch.setattr(psycopg.Connection, "connect", refuse)
    with pytest.raises(StoreUnavailable, match="cannot use the store"):
        halt_core.connect(postgres_url, schema=postgres_schema, connect_timeout=1)
    assert _pool_threads() <= before


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
