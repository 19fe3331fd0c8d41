"""Storage benchmark: saving and loading 100,000 interventions, SQLite and PostgreSQL.

The interventions of the demo network (:func:`halt_core.demo.generate`, seed 2024, size
10,000: 100,000 interventions; ``--size N`` sets the demo size, ``--quick`` uses 200). Each
row times halt_core, a floor and a peer on the same values, in one run, best of several
repeats, each repeat of a save on a fresh file, schema or table (making it is not timed):

- ``sqlite save``: ``with store.unit_of_work() as uow: uow.interventions.add_many(values)``
  on a new SQLite file store; the floor is :mod:`sqlite3` ``executemany`` into a table of the
  same columns and indexes (same PRAGMAs: WAL, ``synchronous=NORMAL``) in one transaction,
  computing each value's ``to_json`` and index columns (the same
  ``RECORD_KINDS[Intervention].index``) as it goes; the peer is SQLAlchemy's ORM
  (``session.add_all``, a JSON column).
- ``sqlite save, precomputed``: the same halt time against ``executemany`` of rows computed
  before the clock starts (so the ratio is halt's own per-record work) and SQLAlchemy Core's
  bulk insert (``conn.execute(table.insert(), rows)``).
- ``sqlite load``: ``uow.interventions.all()``; the floor is ``SELECT document`` with
  ``fetchall`` and one ``msgspec.json.Decoder(Intervention)`` (into the same attrs classes
  halt decodes into, with their validators); the peer the ORM's ``select`` of the mapped rows.
- ``sqlite load, undecoded``: the same halt time against ``fetchall`` alone and SQLAlchemy
  Core's ``select`` of the documents.
- ``postgres ...``: the same four on a PostgreSQL store in a schema of its own; the floors
  use psycopg ``COPY ... FROM STDIN`` (``write_row``) into a table of the same columns, types
  (JSONB) and indexes, and ``SELECT document::text``.

The floors are in ``_storage_floors.py``, the peers in ``_storage_peers.py``. Before timing,
the script checks that halt and its floor store the same rows (every column, the same
indexes) and read back the values saved, and that each peer stores as many rows with the
same documents (a sample of them) and reads the values back; it exits with status 1 if not.
The PostgreSQL rows need a server: ``$HALT_BENCH_POSTGRES_URL``, else
``$HALT_TEST_POSTGRES_URL``, else ``postgresql://postgres@127.0.0.1:5432/test``; every run
works in new schemas named ``bench_<random>...`` and drops them at the end. Without a server
(or psycopg) those rows are skipped with a line saying why; an empty
``HALT_BENCH_POSTGRES_URL`` skips them on purpose.

Run ``python benchmarks/storage.py`` (``--quick`` for a small run, ``--json`` for JSON lines,
``--help`` for the rest). The garbage collector stays on, as users run it.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import halt_core
from halt_core.demo import generate
from halt_core.model import Gazetteer, Intervention
from halt_core.storage import Store, redact_url

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks import _common
    from benchmarks import _storage_floors as floors
    from benchmarks import _storage_peers as peers
    from benchmarks._storage_postgres import measure_postgres
    from benchmarks._storage_runs import (
        Loads,
        best_of_each,
        check_peer,
        check_peer_loads,
        halt_load,
        halt_save,
        load_rows,
        plain,
        save_rows,
    )
else:  # run as a script (python benchmarks/storage.py), this folder is first on sys.path
    import _common
    import _storage_floors as floors
    import _storage_peers as peers
    from _storage_postgres import measure_postgres
    from _storage_runs import (
        Loads,
        best_of_each,
        check_peer,
        check_peer_loads,
        halt_load,
        halt_save,
        load_rows,
        plain,
        save_rows,
    )

DESCRIPTION = (
    "Time saving (add_many in one unit of work) and loading (all()) the demo's interventions "
    "on SQLite and PostgreSQL, against raw sqlite3 executemany / psycopg COPY (with the "
    "conversion, and of precomputed rows) and fetchall plus msgspec decoding, and against "
    "SQLAlchemy 2 Core and ORM. --size N is the demo size (10 N interventions; default 10,000, "
    "that is 100,000 interventions); --quick uses 200 (2,000 interventions)."
)
DEMO_SIZE = 10_000
QUICK_DEMO_SIZE = 200

_ORM = "at least 2x faster than SQLAlchemy's ORM"
TARGETS = (
    _common.Target(
        "sqlite save", "floor", 1.2, "within 1.2x of sqlite3 executemany (including conversion)"
    ),
    _common.Target("sqlite save", "peer", 0.5, _ORM),
    _common.Target("sqlite load", "floor", 1.2, "within 1.2x of fetchall + msgspec"),
    _common.Target("sqlite load", "peer", 0.5, _ORM),
    _common.Target(
        "postgres save", "floor", 1.2, "within 1.2x of psycopg COPY (including conversion)"
    ),
    _common.Target("postgres save", "peer", 0.5, _ORM),
    _common.Target("postgres load", "floor", 1.2, "within 1.2x of fetchall + msgspec"),
    _common.Target("postgres load", "peer", 0.5, _ORM),
)


# -- SQLite ---------------------------------------------------------------------------------------


def measure_sqlite(
    values: list[Intervention], options: _common.Options, folder: Path
) -> tuple[list[_common.Row], Loads]:
    """Check, then time the SQLite saves; return their rows and a call that times the loads."""
    gazetteer = Gazetteer.load()
    counter = iter(range(1_000_000))

    def fresh_path(what: str) -> Path:
        return folder / f"{what}-{next(counter)}.sqlite3"

    # What the loads read, filled once (untimed), and the sanity checks on them.
    halt_path, floor_path = fresh_path("halt-load"), fresh_path("floor-load")
    store = halt_core.connect(f"sqlite:///{halt_path}")
    halt_save(store, values)
    floor = floors.sqlite_floor_table(floor_path)
    floors.sqlite_floor_save(floor, values, gazetteer)
    halt_rows, halt_indexes = floors.sqlite_contents(halt_path)
    floor_rows, floor_indexes = floors.sqlite_contents(floor_path)
    if halt_rows != floor_rows:
        _common.fail("sqlite: the floor's rows differ from the store's")
    if halt_indexes != floor_indexes:
        _common.fail(f"sqlite: indexes differ: {halt_indexes ^ floor_indexes}")
    del halt_rows, floor_rows
    peer_engine = peers.sqlite_engine(fresh_path("peer-load"))
    peers.core_save(peer_engine, values, gazetteer)
    check_peer(peer_engine, values, "sqlite, SQLAlchemy Core")
    expected = floors.sort_by_id(values)
    if halt_load(store) != expected:
        _common.fail("sqlite: all() did not give back the values saved")
    if floors.sort_by_id(floors.sqlite_floor_load(floor)) != expected:
        _common.fail("sqlite: the floor did not decode the values saved")
    check_peer_loads(peer_engine, expected, "sqlite")
    del expected

    def halt_setup() -> tuple[Store, Path]:
        path = fresh_path("halt-save")
        return halt_core.connect(f"sqlite:///{path}"), path

    def halt_teardown(state: tuple[Store, Path]) -> None:
        state[0].close()
        floors.remove_sqlite(state[1])

    def floor_setup() -> tuple[sqlite3.Connection, Path]:
        path = fresh_path("floor-save")
        return floors.sqlite_floor_table(path), path

    def floor_teardown(state: tuple[sqlite3.Connection, Path]) -> None:
        state[0].close()
        floors.remove_sqlite(state[1])

    def peer_setup() -> tuple[Any, Path]:
        path = fresh_path("peer-save")
        return peers.sqlite_engine(path), path

    def peer_teardown(state: tuple[Any, Path]) -> None:
        state[0].dispose()
        floors.remove_sqlite(state[1])

    # The ORM's save is checked once, on a file of its own.
    checked = peer_setup()
    peers.orm_save(checked[0], values, gazetteer)
    check_peer(checked[0], values, "sqlite, SQLAlchemy ORM")
    peer_teardown(checked)

    precomputed = list(floors.sqlite_rows(values, gazetteer))
    times = best_of_each(
        {
            "halt": (halt_setup, lambda s: halt_save(s[0], values), halt_teardown),
            "floor": (
                floor_setup,
                lambda s: floors.sqlite_floor_save(s[0], values, gazetteer),
                floor_teardown,
            ),
            "raw": (floor_setup, lambda s: floors.sqlite_insert(s[0], precomputed), floor_teardown),
            "orm": (peer_setup, lambda s: peers.orm_save(s[0], values, gazetteer), peer_teardown),
            "core": (
                peer_setup,
                lambda s: peers.core_save(s[0], values, gazetteer),
                peer_teardown,
            ),
        },
        options,
    )
    precomputed.clear()
    n = len(values)
    saves = save_rows("sqlite", n, times, "sqlite3 executemany", "executemany, rows made before")

    def loads() -> tuple[list[_common.Row], dict[str, float]]:
        try:
            times = best_of_each(
                {
                    "halt": plain(lambda: halt_load(store)),
                    "floor": plain(lambda: floors.sqlite_floor_load(floor)),
                    "raw": plain(lambda: floors.sqlite_documents(floor)),
                    "orm": plain(lambda: peers.orm_load(peer_engine)),
                    "core": plain(lambda: peers.core_load(peer_engine)),
                },
                options,
            )
            rows = load_rows("sqlite", n, times, _common.peak_mib(lambda: halt_load(store)))
            return rows, {"sqlite load": _common.peak_mib(lambda: floors.sqlite_floor_load(floor))}
        finally:
            store.close()
            floor.close()
            peer_engine.dispose()

    return saves, loads


# -- the run --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print its table and targets."""
    options = _common.parse_options(
        DESCRIPTION, argv, default_size=DEMO_SIZE, quick_size=QUICK_DEMO_SIZE
    )
    values = list(generate(seed=options.seed, size=options.size).network.interventions)
    n = len(values)
    pg, skipped = floors.open_postgres()
    if pg is None:
        print(f"postgres rows skipped: {skipped}", file=sys.stderr)
    rows: list[_common.Row] = []
    floor_peaks: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="halt-bench-") as folder:
            sqlite_saves, sqlite_loads = measure_sqlite(values, options, Path(folder))
            postgres_saves: list[_common.Row] = []
            postgres_loads = None
            if pg is not None:
                postgres_saves, postgres_loads = measure_postgres(pg, values, options)
            # The loads run with the saved values gone: the collector need not walk them.
            del values
            loaded, peaks = sqlite_loads()
            rows += [*sqlite_saves, *loaded]
            floor_peaks.update(peaks)
            if postgres_loads is not None:
                loaded, peaks = postgres_loads()
                rows += [*postgres_saves, *loaded]
                floor_peaks.update(peaks)
    finally:
        if pg is not None:
            pg.drop_all()
            pg.connection.close()

    postgres_note = (
        f"postgres: {redact_url(pg.url)}, schemas {pg.prefix}_* (dropped)"
        if pg is not None
        else f"postgres rows SKIPPED: {skipped}"
    )
    _common.report(
        f"storage: {n:,} interventions of the demo network (size {options.size:,}), saved in one"
        " unit of work and loaded back",
        rows,
        options,
        notes=[
            *_common.environment(
                "msgspec", "attrs", "psycopg", "psycopg-pool", "sqlalchemy", "orjson"
            ),
            f"SQLite {sqlite3.sqlite_version}; {postgres_note}",
            "save: fresh file/schema per repeat; halt and the floor compute to_json and the"
            " index columns (RECORD_KINDS[Intervention].index) per value; same table, indexes"
            " and PRAGMAs; ', precomputed': the floor's rows are made before timing (halt's"
            " time is the same)",
            "peers: SQLAlchemy 2 with the same columns and indexes and a JSON column (JSONB on"
            " PostgreSQL), documents msgspec.to_builtins, serialised with orjson; ORM"
            " session.add_all / Core conn.execute(table.insert(), rows); loads msgspec.convert"
            " each document to an Intervention",
            "load: halt all() (decoded, versions kept, ordered by id); floor fetchall of the"
            " documents + msgspec.json.Decoder(Intervention) per row; ', undecoded': fetchall"
            " alone (halt's time is the same)",
            "peak MiB: Python heap (tracemalloc) of one halt load; floor's: "
            + ", ".join(f"{name} {peak:.1f}" for name, peak in floor_peaks.items()),
            "Sanity checks passed: halt and the floors store the same rows and indexes and"
            " read back the values saved; the peers store as many rows, the same documents"
            " (a sample) and read back the values saved.",
        ],
        targets=TARGETS,
    )


if __name__ == "__main__":
    main()
