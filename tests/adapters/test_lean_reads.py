"""Reading a whole store in batches holds a batch, not the store: memory stays flat as it grows.

Measured with tracemalloc (allocated bytes, not time) at two sizes, ten times apart: what
iterating or exporting holds at its peak must not grow with the number of records.
"""

import io
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

import halt_core
from halt_core.demo import generate
from halt_core.export import export
from halt_core.ids import MeetingId, new_id
from halt_core.storage import Store, UnitOfWork

SMALL, LARGE = 1_000, 10_000
GROWTH_ALLOWED = 768 * 1024  # the old cost, ~200 bytes per record, would be 1.8 MB here


class _Discard(io.RawIOBase):
    """A binary stream that keeps nothing, so only the exporter's own memory is measured."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        return len(data)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "memory"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[int, Store]]:
    meeting = generate(seed=1, size=40).network.meetings[0]
    made: dict[int, Store] = {}
    for size in (SMALL, LARGE):
        url = "memory://" if request.param == "memory" else f"sqlite:///{tmp_path}/{size}.db"
        store = halt_core.connect(url)
        with store.unit_of_work() as uow:
            uow.meetings.add_many(attrs.evolve(meeting, id=new_id(MeetingId)) for _ in range(size))
        made[size] = store
    yield made
    for store in made.values():
        store.close()


def _peak(store: Store, read: Callable[[UnitOfWork], object]) -> int:
    with store.unit_of_work() as uow:
        tracemalloc.start()
        try:
            read(uow)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def _iterate(uow: UnitOfWork) -> None:
    count = sum(1 for _ in uow.meetings.iterate(batch_size=500))
    assert count in (SMALL, LARGE)


def _export(uow: UnitOfWork) -> None:
    report = export(uow, _Discard(), "jsonl")  # type: ignore[arg-type]
    assert report.written["meetings"] in (SMALL, LARGE)


@pytest.mark.parametrize("read", [_iterate, _export], ids=["iterate", "export"])
def test_reading_everything_holds_a_batch_not_the_store(
    stores: dict[int, Store], read: Callable[[UnitOfWork], None]
) -> None:
    small, large = (_peak(stores[size], read) for size in (SMALL, LARGE))
    assert large - small < GROWTH_ALLOWED, (small, large)
