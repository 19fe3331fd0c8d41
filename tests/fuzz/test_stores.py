"""What the fuzz accepted is stored and read back unchanged, in SQLite and in PostgreSQL."""

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halt_core import connect, to_dict
from halt_core.events import Event
from tests.fuzz import _run
from tests.fuzz._hostile import EVENT_CLASSES, RECORDS, cases, read_every_way, youth_values

pytestmark = pytest.mark.skipif(not _run.ENABLED, reason=_run.SKIP_REASON)

COLLECTION: dict[type, str] = {cls: f"{cls.__name__.lower()}s" for cls in RECORDS}


def accepted() -> tuple[dict[type, list[Any]], list[Event]]:
    """The records and events the other fuzz tests accepted; a few of our own if none."""
    if not any(_run.ACCEPTED.get(cls) for cls in RECORDS):  # this file was run alone

        @settings(
            max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(data=st.data())
        def collect(data: st.DataObject) -> None:
            cls = data.draw(st.sampled_from([*RECORDS, *EVENT_CLASSES]))
            value, made = data.draw(cases(cls))
            for case in made:
                read_every_way(cls, case, youth_values(to_dict(value)))

        collect()
    records: dict[type, list[Any]] = {
        cls: list(_run.ACCEPTED.get(cls, {}).values()) for cls in RECORDS
    }
    events: dict[uuid.UUID, Event] = {}
    for cls in EVENT_CLASSES:
        events.update(_run.ACCEPTED.get(cls, {}))
    return records, list(events.values())


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(
    request: pytest.FixtureRequest, tmp_path: Any
) -> Iterator[tuple[str, dict[str, str]]]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fuzz.sqlite3'}", {}
        return
    import psycopg

    url = request.getfixturevalue("postgres_url")
    schema = "halt_fuzz_" + uuid.uuid4().hex[:12]
    try:
        yield url, {"schema": schema}
    finally:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_what_was_accepted_is_stored_and_read_back_unchanged(store_url):
    url, options = store_url
    records, events = accepted()
    assert any(records.values()), "the fuzz accepted no record at all: it tests nothing"
    with connect(url, **options) as store:
        with store.unit_of_work() as uow:
            for cls, values in records.items():
                getattr(uow, COLLECTION[cls]).add_many(values)
            uow.outbox.add(*events)
        with store.unit_of_work() as uow:
            for cls, values in records.items():
                stored = getattr(uow, COLLECTION[cls]).get_many([v.id for v in values])
                assert stored == tuple(values)
            pending = {event.id: event for event in uow.outbox.pending()}
            assert pending == {event.id: event for event in events}
