"""The PostgreSQL store passes the conformance suite against a real server."""

import datetime as dt
import logging
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import attrs
import psycopg
import pytest

import halt_core
from halt_adapters.storage.postgres import MIGRATIONS, SCHEMA_VERSION, PostgresStore
from halt_adapters.testing import StoreConformance
from halt_core.demo import generate
from halt_core.events import InterventionDeclined
from halt_core.ids import EventId, new_id
from halt_core.model import AMSTERDAM, InterventionStatus, Partner
from halt_core.notify import OWN_TARGET, Delivery, DeliveryState
from halt_core.serialization import to_json
from halt_core.storage import (
    Store,
    StoreUnavailable,
    TransactionAborted,
    UnitOfWork,
    Versioned,
    retrying,
)


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


# -- faults: every one a library error, and a pool that heals -----------------------------------


def _terminate(postgres_url: str, *pids: int) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def _backend_pid(uow: UnitOfWork) -> int:
    return int(_sql(uow).info.backend_pid)


def test_a_pool_of_two_survives_dropped_sessions(postgres_url: str, postgres_schema: str) -> None:
    network = generate(seed=1, size=40).network
    with halt_core.connect(postgres_url, schema=postgres_schema, pool_size=2) as store:
        for round, partner in enumerate(network.partners[:3]):

            def dropped_midway(partner: Partner = partner) -> None:
                with store.unit_of_work() as uow:
                    uow.partners.add(partner)
                    _terminate(postgres_url, _backend_pid(uow))
                    uow.partners.count()

            # Dropped in the middle of a unit of work: a retryable library error, no leak.
            with pytest.raises(StoreUnavailable) as info:
                dropped_midway()
            assert info.value.retryable, round
            assert "lost the connection" in str(info.value)
            assert isinstance(info.value.__cause__, psycopg.OperationalError)
            # Dropped while idle in the pool: checked before it is lent, and replaced.
            with store.unit_of_work() as uow:
                idle = _backend_pid(uow)
            _terminate(postgres_url, idle)
            for attempt in retrying(store, attempts=3):
                with attempt as uow:
                    uow.partners.add(partner)
        with store.unit_of_work() as uow:
            assert uow.partners.count() == 3


def test_a_commit_on_a_dropped_session_is_a_library_error(
    postgres_url: str, postgres_schema: str
) -> None:
    partner = generate(seed=1, size=40).network.partners[0]
    with halt_core.connect(postgres_url, schema=postgres_schema, pool_size=1) as store:

        def dropped_before_commit() -> None:
            with store.unit_of_work() as uow:
                uow.partners.add(partner)
                _terminate(postgres_url, _backend_pid(uow))

        with pytest.raises(StoreUnavailable, match="lost the connection"):
            dropped_before_commit()
        with store.unit_of_work() as uow:  # the only connection was replaced
            assert uow.partners.find(partner.id) is None


def test_writers_in_opposite_order_deadlock_into_a_retryable_conflict(
    postgres_url: str, postgres_schema: str
) -> None:
    first, second = generate(seed=1, size=40).network.partners[:2]
    store = halt_core.connect(postgres_url, schema=postgres_schema, pool_size=2)
    with store.unit_of_work() as uow:
        uow.partners.add_many([first, second])
    both_hold_one = threading.Barrier(2, timeout=30)
    outcomes: dict[str, BaseException | None] = {}

    def write(name: str, order: tuple[Partner, Partner]) -> None:
        try:
            with store.unit_of_work() as uow:
                a, b = order
                uow.partners.save(attrs.evolve(a, name=name), expected_version=1)
                both_hold_one.wait()
                uow.partners.save(attrs.evolve(b, name=name), expected_version=1)
            outcomes[name] = None
        except BaseException as exc:
            outcomes[name] = exc

    threads = [
        threading.Thread(target=write, args=("A", (first, second))),
        threading.Thread(target=write, args=("B", (second, first))),
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        errors = [e for e in outcomes.values() if e is not None]
        assert len(outcomes) == 2
        assert len(errors) == 1, outcomes
        assert isinstance(errors[0], TransactionAborted)
        assert errors[0].retryable
        assert "deadlock" in str(errors[0])
        winner = next(name for name, error in outcomes.items() if error is None)
        with store.unit_of_work() as uow:
            assert {p.name for p in uow.partners.get_many([first.id, second.id])} == {winner}
    finally:
        store.close()


def test_a_held_row_makes_a_writer_wait_at_most_lock_timeout(
    postgres_url: str, postgres_schema: str
) -> None:
    partner = generate(seed=1, size=40).network.partners[0]
    url = f"{postgres_url}?lock_timeout=0.3"
    with halt_core.connect(url, schema=postgres_schema) as store:
        assert isinstance(store, PostgresStore)
        assert store.lock_timeout == 0.3
        with store.unit_of_work() as uow:
            uow.partners.add(partner)
        with store.unit_of_work() as holder:
            holder.partners.save(attrs.evolve(partner, name="Houder"), expected_version=1)
            waiter = store.unit_of_work()
            with pytest.raises(StoreUnavailable, match="lock_timeout") as info, waiter:
                waiter.partners.save(attrs.evolve(partner, name="Wachter"), expected_version=1)
            assert info.value.retryable
        with store.unit_of_work() as uow:
            assert uow.partners.get_versioned(partner.id) == Versioned(
                attrs.evolve(partner, name="Houder"), 2
            )


def test_options_come_from_the_url_or_keywords(postgres_url: str, postgres_schema: str) -> None:
    url = f"{postgres_url}?schema={postgres_schema}&statement_timeout=7&application_name=halt"
    with halt_core.connect(url, lock_timeout=2) as store, store.unit_of_work() as uow:
        assert isinstance(store, PostgresStore)
        assert store.schema == postgres_schema
        settings = dict(
            _sql(uow)
            .execute(
                "SELECT name, setting FROM pg_settings "
                "WHERE name IN ('lock_timeout', 'statement_timeout', 'application_name')"
            )
            .fetchall()
        )
        assert settings == {
            "lock_timeout": "2000",
            "statement_timeout": "7000",
            "application_name": "halt",
        }
    with pytest.raises(StoreUnavailable, match="in the URL and as a keyword"):
        halt_core.connect(f"{postgres_url}?lock_timeout=1", lock_timeout=1)
    with pytest.raises(StoreUnavailable, match="lock_timeout"):
        halt_core.connect(postgres_url, lock_timeout="soon")


def test_passwords_in_the_query_stay_out_of_messages(postgres_url: str) -> None:
    with pytest.raises(StoreUnavailable) as info:
        halt_core.connect("postgresql:///nothing?host=127.0.0.1&port=1&user=u&password=S3cret")
    assert "S3cret" not in str(info.value)
    assert "S3cret" not in repr(info.value.url)


def test_another_applications_tables_are_refused_and_left_alone(
    postgres_url: str, postgres_schema: str
) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {postgres_schema}")
        admin.execute(f"CREATE TABLE {postgres_schema}.partners (name TEXT)")
        admin.execute(f"INSERT INTO {postgres_schema}.partners VALUES ('van een ander')")
    with pytest.raises(StoreUnavailable, match="another application") as info:
        halt_core.connect(postgres_url, schema=postgres_schema)
    assert "partners" in str(info.value)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        tables = admin.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
            (postgres_schema,),
        ).fetchall()
        assert tables == [("partners",)]


@pytest.fixture
def least_privilege_role(postgres_url: str, postgres_schema: str) -> Iterator[str]:
    """A role that may only use the rows of a store in ``postgres_schema`` (made first)."""
    role = "halt_rw_" + uuid.uuid4().hex[:10]
    halt_core.connect(postgres_url, schema=postgres_schema).close()
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"GRANT USAGE ON SCHEMA {postgres_schema} TO {role}")
        admin.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {postgres_schema} "
            f"TO {role}"
        )
        admin.execute(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {postgres_schema} TO {role}")
    yield role
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"DROP OWNED BY {role}")
        admin.execute(f"DROP ROLE {role}")


def test_a_least_privilege_role_opens_and_uses_a_store(
    postgres_url: str, postgres_schema: str, least_privilege_role: str
) -> None:
    network = generate(seed=1, size=40).network
    event = _event()
    as_role = urlunsplit(
        urlsplit(postgres_url)._replace(netloc=_netloc(postgres_url, least_privilege_role))
    )
    with halt_core.connect(as_role, schema=postgres_schema) as store:
        assert store.schema_version == SCHEMA_VERSION
        with store.unit_of_work() as uow:
            uow.add_network(network)
            uow.outbox.add(event)
        with store.unit_of_work() as uow:
            meeting = uow.meetings.get(network.meetings[0].id)
            uow.meetings.delete(meeting)
            uow.meetings.add(meeting)
            (taken,) = uow.deliveries.take_events(10)
            delivery = Delivery(
                id=uuid.uuid4(),
                event_id=taken.id,
                event_type=taken.type,
                notifier="log",
                recipient=OWN_TARGET,
                next_attempt=taken.occurred_at,
            )
            assert uow.deliveries.add([delivery]) == 1
            uow.outbox.mark_published([event.id])
            assert uow.meetings.version_of(meeting.id) == 2
        with store.unit_of_work() as uow:
            now = taken.occurred_at
            (claimed,) = uow.deliveries.claim(
                ["log"], now=now, lease_until=now, limit=1, claimant="role"
            )
            assert claimed.event == event
            assert uow.deliveries.finish(
                delivery.id, claimant="role", state=DeliveryState.DELIVERED, delivered_at=now
            )


def test_a_role_that_cannot_migrate_says_what_to_do(
    postgres_url: str, postgres_schema: str, least_privilege_role: str
) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(
            f"DELETE FROM {postgres_schema}.halt_schema WHERE version = %s", (SCHEMA_VERSION,)
        )
    as_role = urlunsplit(
        urlsplit(postgres_url)._replace(netloc=_netloc(postgres_url, least_privilege_role))
    )
    with pytest.raises(StoreUnavailable, match=f"cannot prepare schema {postgres_schema}"):
        halt_core.connect(as_role, schema=postgres_schema)


def _netloc(url: str, user: str) -> str:
    parts = urlsplit(url)
    return f"{user}@{parts.hostname}:{parts.port or 5432}"


def _event() -> InterventionDeclined:
    intervention = generate(seed=1, size=40).network.interventions[0]
    return InterventionDeclined(
        id=new_id(EventId),
        occurred_at=dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM),
        actor="test",
        intervention=intervention.id,
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason="geen capaciteit",
    )


def test_a_store_of_schema_version_1_is_migrated_keeping_its_records(
    postgres_url: str, postgres_schema: str
) -> None:
    meeting = generate(seed=1, size=40).network.meetings[0]
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {postgres_schema}")
        admin.execute(f"SET search_path TO {postgres_schema}")
        for statement in MIGRATIONS[0]:
            assert isinstance(statement, str)  # version 1 is statements only
            admin.execute(statement)
        admin.execute("CREATE TABLE halt_schema (version INTEGER NOT NULL)")
        admin.execute("INSERT INTO halt_schema VALUES (1)")
        admin.execute(
            "INSERT INTO meetings (id, version, starts, ends, owner, document) "
            "VALUES (%s, 3, %s, %s, %s, %s)",
            (
                meeting.id,
                meeting.start.date(),
                meeting.end.date(),
                meeting.forum,
                to_json(meeting).decode(),
            ),
        )
    with halt_core.connect(postgres_url, schema=postgres_schema) as store:
        assert store.schema_version == SCHEMA_VERSION
        with store.unit_of_work() as uow:
            assert uow.meetings.get_versioned(meeting.id) == Versioned(meeting, 3)
            uow.meetings.delete(meeting)
        with store.unit_of_work() as uow:
            assert uow.meetings.add(meeting) == 4


def _sql(uow: UnitOfWork) -> Any:
    """The database connection of an SQL store's unit of work."""
    return uow.connection  # type: ignore[attr-defined]
