"""Reading a whole store in batches holds a batch, not the store: memory stays flat as it grows.

Measured with tracemalloc (allocated bytes, not time) at two sizes, ten times apart: what
iterating or exporting holds at its peak must not grow with the number of records.
"""

import io
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

import halt_core
from halt_core.demo import generate
from halt_core.export import export
from halt_core.ids import MeetingId, PartnerId, new_id
from halt_core.storage import Store, UnitOfWork
from halt_core.storage.repository import PAGE_BYTES, StoredRow

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


@pytest.mark.parametrize("note_length", [0, 2_000])
def test_a_page_holds_about_page_bytes_of_documents_however_large_the_records(
    tmp_path: Path, note_length: int
) -> None:
    """Pages start small, then hold about PAGE_BYTES of documents: fewer records when large.

    Partners of about 0.4 kB, or 2.4 kB with long notes, are read with a batch size of 500:
    after the first page (64 records), every full page holds at most PAGE_BYTES and one
    record more, so a bulk read holds no more of large records than of small ones. Every
    record is read once, in id order, whatever the page sizes.
    """
    partner = generate(seed=1, size=40).network.partners[0]
    store = halt_core.connect(f"sqlite:///{tmp_path}/pages.db")
    pages: list[tuple[int, int, int]] = []  # (limit asked, rows read, bytes of documents)
    with store.unit_of_work() as uow:
        uow.partners.add_many(
            attrs.evolve(partner, id=new_id(PartnerId), notes="n" * note_length) for _ in range(600)
        )
    with store.unit_of_work() as uow:
        page = uow.partners._page

        def counted(after: uuid.UUID | None, limit: int) -> list[StoredRow]:
            rows = page(after, limit)
            pages.append((limit, len(rows), sum(len(row[2]) for row in rows)))
            return rows

        uow.partners._page = counted  # type: ignore[method-assign]
        read = [p.id for p in uow.partners.iterate(batch_size=500)]
        assert read == [p.id for p in uow.partners.all()]
    store.close()

    assert pages[0][0] == 64, "the first page is small, before the records' size is known"
    largest = max(size / rows for _, rows, size in pages if rows)
    for limit, _, size in pages[1:]:
        assert limit <= 500, pages
        assert size <= PAGE_BYTES + largest, pages
    assert sum(rows for _, rows, _ in pages) == 600
    # The larger the records, the fewer to a page.
    assert pages[1][0] == min(500, 64 * PAGE_BYTES // pages[0][2]), pages
    if note_length:
        assert pages[1][0] < 64, pages
