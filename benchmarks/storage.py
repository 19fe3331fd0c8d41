"""Storage benchmark: saving and loading 100,000 interventions, SQLite and PostgreSQL.

The interventions of the demo network (:func:`halt_core.demo.generate`, seed 2024, size
10,000: 100,000 interventions; ``--size N`` sets the demo size, ``--quick`` uses 200). Each
row times halt_core and its floor on the same values, in one run, best of several repeats,
each repeat on a fresh file, schema or table (making it is not timed):

- ``sqlite save``: ``with store.unit_of_work() as uow: uow.interventions.add_many(values)``
  on a new SQLite file store; the floor is :mod:`sqlite3` ``executemany`` into a table of the
  same columns and indexes (same PRAGMAs: WAL, ``synchronous=NORMAL``) in one transaction.
  Both sides compute each value's ``to_json`` and its index columns (the floor with the same
  ``RECORD_KINDS[Intervention].index``), so the converter's output is on both sides.
- ``sqlite load``: ``uow.interventions.all()``; the floor is ``SELECT document`` with
  ``fetchall`` and a ``msgspec.json.Decoder(Intervention)`` per row (into the same attrs
  classes halt decodes into, with their validators).
- ``postgres save``: ``add_many`` on a PostgreSQL store in a schema of its own; the floor is
  psycopg ``COPY ... FROM STDIN`` (``write_row``) of the same rows into a table of the same
  columns, types (JSONB) and indexes, ``to_json`` and index columns included.
- ``postgres load``: ``all()``; the floor is ``SELECT document::text`` with ``fetchall`` and
  the same msgspec decoder.

Before timing, the script checks that both sides store the same rows (every column, the same
indexes) and read back the values saved; it exits with status 1 if not. The PostgreSQL rows
need a server: ``$HALT_BENCH_POSTGRES_URL``, else ``$HALT_TEST_POSTGRES_URL``, else
``postgresql://postgres@127.0.0.1:5432/test``; every run works in new schemas named
``bench_<random>...`` and drops them at the end. Without a server (or psycopg) those rows are
skipped with a line saying why; an empty ``HALT_BENCH_POSTGRES_URL`` skips them on purpose.

Run ``python benchmarks/storage.py`` (``--quick`` for a small run, ``--json`` for JSON lines,
``--help`` for the rest). The garbage collector stays on, as users run it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import secrets
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

import halt_core
from halt_core.demo import generate
from halt_core.model import Gazetteer, Intervention
from halt_core.serialization import to_json
from halt_core.storage import Store, redact_url
from halt_core.storage.records import RECORD_KINDS

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks import _common
else:  # run as a script (python benchmarks/storage.py), this folder is first on sys.path
    import _common

DESCRIPTION = (
    "Time saving (add_many in one unit of work) and loading (all()) the demo's interventions "
    "on SQLite and PostgreSQL, against raw sqlite3 executemany / psycopg COPY and fetchall "
    "plus msgspec decoding. --size N is the demo size (10 N interventions; default 10,000, "
    "that is 100,000 interventions); --quick uses 200 (2,000 interventions)."
)
DEMO_SIZE = 10_000
QUICK_DEMO_SIZE = 200
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"

TARGETS = (
    _common.Target("sqlite save", "floor", 2.0, "within 2x of sqlite3 executemany"),
    _common.Target("sqlite load", "floor", 2.0, "within 2x of fetchall + msgspec decoding"),
    _common.Target("postgres save", "floor", 2.0, "within 2x of psycopg COPY"),
    _common.Target("postgres load", "floor", 2.0, "within 2x of fetchall + msgspec decoding"),
)

# The table both sides write: the columns and indexes of a store's table (halt_adapters'
# schema), written out here so the floor stands on its own.
TABLE = "interventions"
COLUMNS = (
    "id",
    "version",
    "kind",
    "status",
    "level",
    "arrondissement",
    "municipality",
    "starts",
    "ends",
    "owner",
    "document",
)
INDEXED = ("kind", "status", "arrondissement", "municipality", "owner", "starts, ends")
SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout = 10000",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
)

_INDEX = RECORD_KINDS[Intervention].index
_DECODE = msgspec.json.Decoder(Intervention).decode


def table_statements(table: str, *, id_type: str, date_type: str, document_type: str) -> list[str]:
    """CREATE TABLE and CREATE INDEX for a table shaped like a store's ``interventions``."""
    name = table.rsplit(".", 1)[-1]
    return [
        f"CREATE TABLE {table} (id {id_type} PRIMARY KEY, version INTEGER NOT NULL, "
        "kind TEXT, status TEXT, level TEXT, arrondissement TEXT, municipality TEXT, "
        f"starts {date_type}, ends {date_type}, owner {id_type}, "
        f"document {document_type} NOT NULL)",
        *(
            f"CREATE INDEX {name}_{columns.replace(', ', '_')} ON {table} ({columns})"
            for columns in INDEXED
        ),
    ]


def sort_by_id(values: Sequence[Intervention]) -> tuple[Intervention, ...]:
    return tuple(sorted(values, key=lambda v: str(v.id)))


# -- SQLite ---------------------------------------------------------------------------------------


def sqlite_rows(values: Sequence[Intervention], gazetteer: Gazetteer) -> Iterator[tuple[Any, ...]]:
    """The floor's rows: what a store writes, computed with the same converter and index."""
    for value in values:
        ix = _INDEX(value, gazetteer)
        yield (
            str(value.id),
            1,
            ix.kind,
            ix.status,
            ix.level,
            ix.arrondissement,
            ix.municipality,
            None if ix.starts is None else ix.starts.isoformat(),
            None if ix.ends is None else ix.ends.isoformat(),
            None if ix.owner is None else str(ix.owner),
            to_json(value).decode(),
        )


def sqlite_connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    return connection


def sqlite_floor_table(path: Path) -> sqlite3.Connection:
    """A new SQLite file with an empty table shaped like the store's, opened as the store does."""
    connection = sqlite_connect(path)
    for statement in table_statements(
        TABLE, id_type="TEXT", date_type="TEXT", document_type="TEXT"
    ):
        connection.execute(statement)
    return connection


def sqlite_floor_save(
    connection: sqlite3.Connection, values: Sequence[Intervention], gazetteer: Gazetteer
) -> None:
    marks = ", ".join("?" * len(COLUMNS))
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({marks})",
        sqlite_rows(values, gazetteer),
    )
    connection.execute("COMMIT")


def sqlite_floor_load(connection: sqlite3.Connection) -> list[Intervention]:
    documents = connection.execute(f"SELECT document FROM {TABLE}").fetchall()
    return [_DECODE(document) for (document,) in documents]


def halt_save(store: Store, values: Sequence[Intervention]) -> None:
    with store.unit_of_work() as uow:
        uow.interventions.add_many(values)


def halt_load(store: Store) -> tuple[Intervention, ...]:
    with store.unit_of_work() as uow:
        return uow.interventions.all()


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def sqlite_contents(path: Path) -> tuple[list[tuple[Any, ...]], set[str]]:
    """Every row of the table (ordered by id) and its index definitions (names left out)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY id"
        ).fetchall()
        indexes = {
            re.sub(r"^CREATE INDEX \w+ ", "", sql)
            for (sql,) in connection.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL",
                (TABLE,),
            )
        }
    finally:
        connection.close()
    return rows, indexes


def measure_sqlite(
    values: list[Intervention], options: _common.Options, folder: Path
) -> tuple[_common.Row, Callable[[], tuple[_common.Row, float]]]:
    """Check, then time ``sqlite save``; return its row and a call that times ``sqlite load``.

    The load is timed later, once the values saved are no longer alive.
    """
    gazetteer = Gazetteer.load()
    counter = iter(range(1_000_000))

    def fresh_path(what: str) -> Path:
        return folder / f"{what}-{next(counter)}.sqlite3"

    # The stores the loads read, filled once (untimed), and the sanity checks on them.
    halt_path, floor_path = fresh_path("halt-load"), fresh_path("floor-load")
    store = halt_core.connect(f"sqlite:///{halt_path}")
    halt_save(store, values)
    floor = sqlite_floor_table(floor_path)
    sqlite_floor_save(floor, values, gazetteer)
    halt_rows, halt_indexes = sqlite_contents(halt_path)
    floor_rows, floor_indexes = sqlite_contents(floor_path)
    if halt_rows != floor_rows:
        _common.fail("sqlite: the floor's rows differ from the store's")
    if halt_indexes != floor_indexes:
        _common.fail(f"sqlite: indexes differ: {halt_indexes ^ floor_indexes}")
    del halt_rows, floor_rows
    expected = sort_by_id(values)
    if halt_load(store) != expected:
        _common.fail("sqlite: all() did not give back the values saved")
    if sort_by_id(sqlite_floor_load(floor)) != expected:
        _common.fail("sqlite: the floor did not decode the values saved")
    del expected

    def halt_setup() -> tuple[Store, Path]:
        path = fresh_path("halt-save")
        return halt_core.connect(f"sqlite:///{path}"), path

    def halt_teardown(state: tuple[Store, Path]) -> None:
        state[0].close()
        remove_sqlite(state[1])

    def floor_setup() -> tuple[sqlite3.Connection, Path]:
        path = fresh_path("floor-save")
        return sqlite_floor_table(path), path

    def floor_teardown(state: tuple[sqlite3.Connection, Path]) -> None:
        state[0].close()
        remove_sqlite(state[1])

    save = _common.Row(
        "sqlite save",
        len(values),
        _common.best_of_fresh(
            halt_setup,
            lambda state: halt_save(state[0], values),
            options.repeat,
            teardown=halt_teardown,
            collector=options.gc,
        ),
        "sqlite3 executemany",
        _common.best_of_fresh(
            floor_setup,
            lambda state: sqlite_floor_save(state[0], values, gazetteer),
            options.repeat,
            teardown=floor_teardown,
            collector=options.gc,
        ),
    )
    n = len(values)

    def load() -> tuple[_common.Row, float]:
        try:
            row = _common.Row(
                "sqlite load",
                n,
                _common.best_of(lambda: halt_load(store), options.repeat, collector=options.gc),
                "fetchall + msgspec",
                _common.best_of(
                    lambda: sqlite_floor_load(floor), options.repeat, collector=options.gc
                ),
                peak_mib=_common.peak_mib(lambda: halt_load(store)),
            )
            return row, _common.peak_mib(lambda: sqlite_floor_load(floor))
        finally:
            store.close()
            floor.close()

    return save, load


# -- PostgreSQL -----------------------------------------------------------------------------------


def postgres_url() -> str | None:
    """The server's URL, or None when the PostgreSQL rows are turned off on purpose."""
    for name in ("HALT_BENCH_POSTGRES_URL", "HALT_TEST_POSTGRES_URL"):
        if name in os.environ:
            return os.environ[name] or None
    return DEFAULT_POSTGRES_URL


@dataclasses.dataclass
class Postgres:
    """A connection to the server for the floor and the housekeeping, and this run's schemas."""

    url: str
    connection: Any  # psycopg.Connection; psycopg is optional, so not imported at the top
    prefix: str
    counter: Iterator[int] = dataclasses.field(default_factory=lambda: iter(range(1_000_000)))

    def new_schema(self, what: str) -> str:
        schema = f"{self.prefix}_{what}{next(self.counter)}"
        self.connection.execute(f"CREATE SCHEMA {schema}")
        self.connection.commit()
        return schema

    def drop_schema(self, schema: str) -> None:
        self.connection.rollback()
        self.connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        self.connection.commit()

    def drop_all(self) -> None:
        """Drop every schema this run made (also after a failure)."""
        self.connection.rollback()
        found = self.connection.execute(
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE %s",
            (self.prefix + "\\_%",),
        ).fetchall()
        for (schema,) in found:
            self.connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        self.connection.commit()


def open_postgres() -> tuple[Postgres | None, str]:
    """A connection to the server, or None and why the PostgreSQL rows are skipped."""
    url = postgres_url()
    if url is None:
        return None, "HALT_BENCH_POSTGRES_URL is empty"
    try:
        import psycopg
        import psycopg_pool  # noqa: F401  (the store needs it)
    except ImportError as exc:
        return None, f"{exc}; install psycopg 3 and psycopg_pool (the 'bench' group)"
    try:
        connection = psycopg.connect(url, connect_timeout=5)
    except psycopg.OperationalError as exc:
        reason = " ".join(str(exc).split())
        return None, f"cannot connect to {redact_url(url)}: {reason}"
    return Postgres(url, connection, f"bench_{secrets.token_hex(4)}"), ""


def postgres_rows(
    values: Sequence[Intervention], gazetteer: Gazetteer
) -> Iterator[tuple[Any, ...]]:
    """The floor's rows for COPY: the same values a store writes, in the types psycopg dumps."""
    for value in values:
        ix = _INDEX(value, gazetteer)
        yield (
            value.id,
            1,
            ix.kind,
            ix.status,
            ix.level,
            ix.arrondissement,
            ix.municipality,
            ix.starts,
            ix.ends,
            ix.owner,
            to_json(value).decode(),
        )


def postgres_floor_table(pg: Postgres, schema: str) -> None:
    statements = table_statements(
        f"{schema}.{TABLE}", id_type="UUID", date_type="DATE", document_type="JSONB"
    )
    for statement in statements:
        pg.connection.execute(statement)
    pg.connection.commit()


def postgres_floor_save(
    pg: Postgres, schema: str, values: Sequence[Intervention], gazetteer: Gazetteer
) -> None:
    statement = f"COPY {schema}.{TABLE} ({', '.join(COLUMNS)}) FROM STDIN"
    with pg.connection.cursor() as cursor, cursor.copy(statement) as copy:
        for row in postgres_rows(values, gazetteer):
            copy.write_row(row)
    pg.connection.commit()


def postgres_floor_load(pg: Postgres, schema: str) -> list[Intervention]:
    with pg.connection.cursor() as cursor:
        documents = cursor.execute(f"SELECT document::text FROM {schema}.{TABLE}").fetchall()
    pg.connection.rollback()  # end the read transaction, as a unit of work does
    return [_DECODE(document) for (document,) in documents]


def postgres_contents(pg: Postgres, schema: str) -> tuple[list[tuple[Any, ...]], set[str]]:
    """Every row of the table (ordered by id; documents as JSON values) and its indexes."""
    rows = pg.connection.execute(
        f"SELECT {', '.join(COLUMNS)} FROM {schema}.{TABLE} ORDER BY id"
    ).fetchall()
    indexes = {
        re.sub(r"^.* USING ", "", definition)
        for (definition,) in pg.connection.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename = %s",
            (schema, TABLE),
        )
    }
    pg.connection.rollback()
    return rows, indexes


def measure_postgres(
    pg: Postgres, values: list[Intervention], options: _common.Options
) -> tuple[_common.Row, Callable[[], tuple[_common.Row, float]]]:
    """Check, then time ``postgres save``; return its row and a call that times the load."""
    gazetteer = Gazetteer.load()

    # The schemas the loads read, filled once (untimed), and the sanity checks on them.
    halt_schema, floor_schema = f"{pg.prefix}_haltload", pg.new_schema("floorload")
    store = halt_core.connect(pg.url, schema=halt_schema)
    halt_save(store, values)
    postgres_floor_table(pg, floor_schema)
    postgres_floor_save(pg, floor_schema, values, gazetteer)
    halt_rows, halt_indexes = postgres_contents(pg, halt_schema)
    floor_rows, floor_indexes = postgres_contents(pg, floor_schema)
    if halt_rows != floor_rows:
        _common.fail("postgres: the floor's rows differ from the store's")
    halt_indexes = {i for i in halt_indexes if i != "btree (id)"}  # the primary keys
    floor_indexes = {i for i in floor_indexes if i != "btree (id)"}
    if halt_indexes != floor_indexes:
        _common.fail(f"postgres: indexes differ: {halt_indexes ^ floor_indexes}")
    del halt_rows, floor_rows
    expected = sort_by_id(values)
    if halt_load(store) != expected:
        _common.fail("postgres: all() did not give back the values saved")
    if sort_by_id(postgres_floor_load(pg, floor_schema)) != expected:
        _common.fail("postgres: the floor did not decode the values saved")
    del expected

    def halt_setup() -> tuple[Store, str]:
        schema = f"{pg.prefix}_haltsave{next(pg.counter)}"
        return halt_core.connect(pg.url, schema=schema), schema

    def halt_teardown(state: tuple[Store, str]) -> None:
        state[0].close()
        pg.drop_schema(state[1])

    def floor_setup() -> str:
        schema = pg.new_schema("floorsave")
        postgres_floor_table(pg, schema)
        return schema

    save = _common.Row(
        "postgres save",
        len(values),
        _common.best_of_fresh(
            halt_setup,
            lambda state: halt_save(state[0], values),
            options.repeat,
            teardown=halt_teardown,
            collector=options.gc,
        ),
        "psycopg COPY",
        _common.best_of_fresh(
            floor_setup,
            lambda schema: postgres_floor_save(pg, schema, values, gazetteer),
            options.repeat,
            teardown=pg.drop_schema,
            collector=options.gc,
        ),
    )
    n = len(values)

    def load() -> tuple[_common.Row, float]:
        try:
            row = _common.Row(
                "postgres load",
                n,
                _common.best_of(lambda: halt_load(store), options.repeat, collector=options.gc),
                "fetchall + msgspec",
                _common.best_of(
                    lambda: postgres_floor_load(pg, floor_schema),
                    options.repeat,
                    collector=options.gc,
                ),
                peak_mib=_common.peak_mib(lambda: halt_load(store)),
            )
            return row, _common.peak_mib(lambda: postgres_floor_load(pg, floor_schema))
        finally:
            store.close()

    return save, load


# -- the run --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    options = _common.parse_options(
        DESCRIPTION, argv, default_size=DEMO_SIZE, quick_size=QUICK_DEMO_SIZE
    )
    values = list(generate(seed=options.seed, size=options.size).network.interventions)
    n = len(values)
    pg, skipped = open_postgres()
    if pg is None:
        print(f"postgres rows skipped: {skipped}", file=sys.stderr)
    rows: list[_common.Row] = []
    floor_peaks: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="halt-bench-") as folder:
            sqlite_save, sqlite_load = measure_sqlite(values, options, Path(folder))
            rows.append(sqlite_save)
            postgres_load = None
            if pg is not None:
                postgres_save, postgres_load = measure_postgres(pg, values, options)
                rows.append(postgres_save)
            # The loads run with the saved values gone: the collector need not walk them.
            del values
            row, floor_peaks[row.name] = sqlite_load()
            rows.insert(1, row)
            if postgres_load is not None:
                row, floor_peaks[row.name] = postgres_load()
                rows.append(row)
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
            *_common.environment("msgspec", "attrs", "psycopg", "psycopg-pool"),
            f"SQLite {sqlite3.sqlite_version}; {postgres_note}",
            "save: fresh file/schema per repeat; both sides compute to_json and the index columns"
            " (RECORD_KINDS[Intervention].index) per value; same table, indexes and PRAGMAs",
            "load: halt all() (decoded, versions kept, ordered by id); floor fetchall of the"
            " documents + msgspec.json.Decoder(Intervention) per row",
            "peak MiB: Python heap (tracemalloc) of one halt load; floor's: "
            + ", ".join(f"{name} {peak:.1f}" for name, peak in floor_peaks.items()),
            "Sanity checks passed: both sides store the same rows and indexes and read back"
            " the values saved.",
        ],
        targets=TARGETS,
    )


if __name__ == "__main__":
    main()
