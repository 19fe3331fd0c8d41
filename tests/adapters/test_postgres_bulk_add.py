"""PostgreSQL's add_many: rows streamed into COPY as they are converted, and what undoes it."""

import uuid
from collections.abc import Iterator
from typing import Any

import attrs
import psycopg
import pytest

import halt_core
from halt_adapters.storage import postgres as postgres_module
from halt_adapters.storage._postgres_copy import copy_rows
from halt_core.demo import generate
from halt_core.errors import AlreadyExists, InvalidValue
from halt_core.ids import PartnerId
from halt_core.model import Gazetteer, Partner
from halt_core.serialization import to_json
from halt_core.storage import RECORD_KINDS, Row, Store, StoreUnavailable

# Text that COPY's text format must escape, or would read as NULL, and text beyond ASCII.
AWKWARD = "a\\b\tc\nd\re \\N é 漢 \\\\"


@pytest.fixture
def store(postgres_url: str, postgres_schema: str) -> Iterator[Store]:
    store = halt_core.connect(postgres_url, schema=postgres_schema)
    yield store
    store.close()


@pytest.fixture(scope="module")
def partners() -> list[Partner]:
    return list(generate(seed=7, size=5).network.partners)


def stored_partners(store: Store) -> tuple[Partner, ...]:
    with store.unit_of_work() as uow:
        return uow.partners.all()


def by_id(values: list[Partner]) -> tuple[Partner, ...]:
    return tuple(sorted(values, key=lambda v: str(v.id)))


def test_text_copy_must_escape_comes_back_as_it_was(store: Store, partners: list[Partner]) -> None:
    awkward = [
        attrs.evolve(partners[0], name=AWKWARD),
        attrs.evolve(partners[1], name="\\N"),  # COPY's NULL, as a name
        *partners[2:],
    ]
    with store.unit_of_work() as uow:
        assert uow.partners.add_many(awkward) == len(awkward)
    assert stored_partners(store) == by_id(awkward)
    with store.unit_of_work() as uow:
        assert uow.partners.get(awkward[0].id).name == AWKWARD
        assert uow.partners.get(awkward[1].id).name == "\\N"
        assert uow.partners.version_of(awkward[0].id) == 1


def test_an_id_given_twice_stores_none_and_the_unit_of_work_goes_on(
    store: Store, partners: list[Partner]
) -> None:
    twice = [*partners, partners[1]]
    with store.unit_of_work() as uow:
        with pytest.raises(AlreadyExists, match="each id may be added once") as raised:
            uow.partners.add_many(twice)
        assert str(partners[1].id) in str(raised.value)
        assert uow.partners.count() == 0
        uow.partners.add(partners[0])
    assert stored_partners(store) == (partners[0],)


def test_a_value_of_another_kind_stores_none(store: Store, partners: list[Partner]) -> None:
    meeting = next(iter(generate(seed=7, size=5).network.meetings))
    with store.unit_of_work() as uow:
        with pytest.raises(InvalidValue, match=r"use uow\.meetings"):
            uow.partners.add_many([*partners[:2], meeting, *partners[2:]])  # type: ignore[list-item]
        assert uow.partners.count() == 0


def test_a_stored_id_stores_none_and_a_deleted_one_is_revived(store: Store) -> None:
    first, second, *rest = list(generate(seed=7, size=5).network.meetings)[:6]
    with store.unit_of_work() as uow:
        uow.meetings.add_many([first, second])
    with store.unit_of_work() as uow:
        with pytest.raises(AlreadyExists) as raised:
            uow.meetings.add_many([*rest, first])
        assert raised.value.args == AlreadyExists("meetings", [str(first.id)]).args
        assert uow.meetings.count() == 2
    with store.unit_of_work() as uow:
        uow.meetings.delete(uow.meetings.get(second.id))
    with store.unit_of_work() as uow:
        assert uow.meetings.add_many([second, *rest]) == 1 + len(rest)
        assert uow.meetings.version_of(second.id) == 2
        assert uow.meetings.version_of(rest[0].id) == 1
    with store.unit_of_work() as uow:
        assert uow.meetings.all() == tuple(sorted([first, second, *rest], key=lambda v: str(v.id)))


def test_a_connection_in_another_encoding_copies_through_the_driver(
    store: Store, postgres_url: str, postgres_schema: str, partners: list[Partner]
) -> None:
    value = attrs.evolve(partners[0], name="Crèche é")
    gazetteer = Gazetteer.load()
    row = Row(
        id=value.id,
        version=1,
        document=to_json(value),
        index=RECORD_KINDS[Partner].index(value, gazetteer),
    )
    with psycopg.connect(postgres_url) as connection:
        connection.execute("SET client_encoding TO 'LATIN1'")
        with connection.cursor() as cursor:
            copy_rows(cursor, f"{postgres_schema}.partners", [row])
        connection.commit()
    with store.unit_of_work() as uow:
        assert uow.partners.get(value.id) == value
        assert uow.partners.query(kind=value.kind) == (value,)


def test_nothing_is_left_when_the_stream_fails_half_way(
    store: Store, partners: list[Partner]
) -> None:
    # Many rows, so COPY has sent some batches before the id given twice turns up.
    many = [
        attrs.evolve(partners[i % len(partners)], id=PartnerId(uuid.uuid4())) for i in range(3000)
    ]
    with store.unit_of_work() as uow:
        with pytest.raises(AlreadyExists):
            uow.partners.add_many([*many, many[0]])
        assert uow.partners.count() == 0
        uow.partners.add_many(many[:10])
    with store.unit_of_work() as uow:
        assert uow.partners.count() == 10


def test_another_database_error_is_raised_at_once_not_retried(
    store: Store,
    postgres_url: str,
    postgres_schema: str,
    partners: list[Partner],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(
            f"ALTER TABLE {postgres_schema}.partners "
            "ADD CONSTRAINT no_refused CHECK (document->>'name' <> 'Refused')"
        )
    dialect = type(postgres_module._DIALECT)
    calls: list[int] = []
    copy = dialect.insert_records

    def counted(self: Any, cursor: Any, table: str, rows: Any) -> None:
        calls.append(1)
        copy(self, cursor, table, rows)

    monkeypatch.setattr(dialect, "insert_records", counted)
    refused = [*partners[:2], attrs.evolve(partners[2], name="Refused")]
    with store.unit_of_work() as uow, pytest.raises(StoreUnavailable, match="no_refused"):
        uow.partners.add_many(refused)
    assert calls == [1]
    assert stored_partners(store) == ()
