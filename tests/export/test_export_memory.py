"""Exports from a store run in memory that stays flat as the store grows ten times.

Each format exports a small and a ten times larger demo store (SQLite, in ``tmp_path``) to
a sink that discards the bytes, and the peak of Python's heap (tracemalloc) is compared. A
store is read a batch at a time; here batches are made small (50 records, instead of 1,000)
so that the small store already fills several of them and the comparison is between two
exports that each hold one batch, not between a partial batch and a full one.

A memory bound, not a timed assertion: the factor and the constant are generous, and no
clock is read. The pictures (``dot``, ``mermaid``, and ``svg`` and ``png`` where Graphviz is
installed) and the calendar (``ics``) are flat too: what they must group and sort is kept in
a temporary SQLite file, not in Python (Graphviz's own process, which lays out an ``svg`` or
``png``, is not Python's heap and is not measured).
"""

from __future__ import annotations

import contextlib
import gc
import io
import tracemalloc
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, cast

import pytest

from halt_core import connect
from halt_core.demo import generate
from halt_core.export import ExportReport, Sink, export
from halt_core.export import run as export_run
from halt_core.storage import RECORD_KINDS, Repository, Store
from tests._needs import graphviz

SMALL, LARGE = 40, 400
"""The demo sizes: about 750 and 7,500 records."""

FLAT = ("csv", "json", "jsonl", "xlsx", "ics", "dot", "mermaid")
"""Formats whose peak must not grow with the store: they write records as they come, or keep
what they must group and sort on disk (the calendar and the pictures)."""

DRAWN = ("svg", "png")
"""The pictures Graphviz draws: measured only where it is installed."""

MIB = 1024 * 1024


class Discard(io.RawIOBase):
    """A binary stream that keeps nothing."""

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        return len(cast(bytes, data))


class DiscardSink(Sink):
    """A sink of as many files as a format writes, each discarded."""

    @contextlib.contextmanager
    def _open(self, name: str, format: str) -> Iterator[BinaryIO]:
        yield cast(BinaryIO, Discard())


def _fill(path: Path, size: int) -> Store:
    network = generate(seed=7, size=size).network
    store = connect(f"sqlite:///{path}")
    with store.unit_of_work() as uow:
        for kind in RECORD_KINDS.values():
            getattr(uow, kind.name).add_many(getattr(network, kind.name))
    return store


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[int, Store]]:
    folder = tmp_path_factory.mktemp("memory")
    opened = {size: _fill(folder / f"demo-{size}.sqlite3", size) for size in (SMALL, LARGE)}
    yield opened
    for store in opened.values():
        store.close()


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_run, "_BATCH", 50)


def _peak(store: Store, format: str, settings: dict[str, object] | None = None) -> float:
    """The heap's peak, in MiB, while ``format`` exports ``store``; and the report."""
    return _measured(store, format, settings)[0]


def _measured(
    store: Store, format: str, settings: dict[str, object] | None = None
) -> tuple[float, ExportReport]:
    with store.unit_of_work() as uow:
        gc.collect()
        tracemalloc.start()
        try:
            report = export(uow, DiscardSink(), format, settings=settings)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    return peak / MIB, report


@pytest.mark.parametrize("format", FLAT + DRAWN)
def test_a_format_that_writes_as_records_come_holds_no_more_for_a_larger_store(
    stores: dict[int, Store], format: str
) -> None:
    if format in DRAWN:
        graphviz()
    _peak(stores[SMALL], format)  # once first: imports and caches are not the export's
    small = _peak(stores[SMALL], format)
    large = _peak(stores[LARGE], format)
    assert large <= 1.5 * small + 0.5, (format, small, large)


@pytest.mark.parametrize(
    "settings",
    [{"arrondissement": "Amsterdam"}, {"unlinked": "true"}],
    ids=["arrondissement", "unlinked"],
)
def test_a_picture_with_settings_holds_no_more_for_a_larger_store(
    stores: dict[int, Store], settings: dict[str, object]
) -> None:
    _peak(stores[SMALL], "dot", settings)
    small = _peak(stores[SMALL], "dot", settings)
    large = _peak(stores[LARGE], "dot", settings)
    assert large <= 1.5 * small + 0.5, (settings, small, large)


def test_a_calendar_from_a_store_reads_no_version_record_by_record(
    stores: dict[int, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Its SEQUENCEs come from the versions read with the records, not from a read each.
    pytest.importorskip("icalendar")
    fetched: list[int] = []
    fetch = Repository._fetch_rows

    def counted(self: Repository[Any], ids: Sequence[uuid.UUID]) -> Any:
        fetched.append(len(ids))
        return fetch(self, ids)

    monkeypatch.setattr(Repository, "_fetch_rows", counted)
    with stores[SMALL].unit_of_work() as uow:
        report = export(uow, DiscardSink(), "ics")
    assert report.total > 0
    assert fetched == []
