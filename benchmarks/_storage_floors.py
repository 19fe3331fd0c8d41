"""The storage benchmark's floors: raw sqlite3 and psycopg on a table shaped like a store's.

Two kinds of floor per store. *With conversion*: the floor computes each value's ``to_json``
and index columns (the same ``RECORD_KINDS[Intervention].index``) while it writes, so the
converter's cost is on both sides. *Precomputed*: the rows (documents and index columns) are
made before the clock starts, so the floor is the driver and the database alone, and halt's
time over it is all of halt's own per-record work.

Like the store (schema version 7), the floor also writes each row's ``changed`` moment (one
per transaction, microseconds since 1970) and the reference keys of each record
(``RECORD_KINDS[Intervention].references``) into a table ``interventions_refs (id, ref)``
indexed by ``ref``: the same work, so the ratio is halt's own.

Loads read the documents with ``fetchall`` and decode each with one
``msgspec.json.Decoder(Intervention)`` (into the same attrs classes, with their validators);
the "fetchall only" floor skips the decoding.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import secrets
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import msgspec

from halt_core.model import Gazetteer, Intervention
from halt_core.serialization import to_json
from halt_core.storage import redact_url
from halt_core.storage.records import RECORD_KINDS

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"

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
WRITTEN = (*COLUMNS[:-1], "changed", "document")
"""The columns a save writes, in the store's order: :data:`COLUMNS` and the ``changed`` moment."""
INDEXED = (
    "kind, id",
    "status, id",
    "arrondissement, id",
    "municipality, id",
    "owner, id",
    "starts, ends",
    "changed",
)
REFS = f"{TABLE}_refs"
"""The table of the records' reference keys, as the store's: ``(id, ref)``, indexed by ``ref``."""
SQLITE_PRAGMAS = (
    "PRAGMA busy_timeout = 10000",
    "PRAGMA foreign_keys = ON",
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
)

INDEX = RECORD_KINDS[Intervention].index
REFERENCES = RECORD_KINDS[Intervention].references
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)

Saved = tuple[tuple[Any, ...], tuple[str, ...]]
"""One record as the floor writes it: its row (:data:`WRITTEN`) and its reference keys."""


def _now() -> int:
    """The moment of a save, as the store keeps it: microseconds since 1970 UTC."""
    return (dt.datetime.now(dt.UTC) - _EPOCH) // dt.timedelta(microseconds=1)


DECODE = msgspec.json.Decoder(Intervention).decode


def table_statements(table: str, *, id_type: str, date_type: str, document_type: str) -> list[str]:
    """CREATE TABLE and CREATE INDEX for a table shaped like a store's ``interventions``."""
    name = table.rsplit(".", 1)[-1]
    return [
        f"CREATE TABLE {table} (id {id_type} PRIMARY KEY, version INTEGER NOT NULL, "
        "kind TEXT, status TEXT, level TEXT, arrondissement TEXT, municipality TEXT, "
        f"starts {date_type}, ends {date_type}, owner {id_type}, "
        f"document {document_type} NOT NULL, changed BIGINT)",
        *(
            f"CREATE INDEX {name}_{columns.replace(', ', '_')} ON {table} ({columns})"
            for columns in INDEXED
        ),
        f"CREATE TABLE {table}_refs (id {id_type} NOT NULL, ref TEXT NOT NULL, "
        "PRIMARY KEY (id, ref))",
        f"CREATE INDEX {name}_refs_ref ON {table}_refs (ref)",
    ]


def sort_by_id(values: Sequence[Intervention]) -> tuple[Intervention, ...]:
    """``values`` in the order a store's ``all()`` gives them: by the ids' text."""
    return tuple(sorted(values, key=lambda v: str(v.id)))


# -- SQLite ---------------------------------------------------------------------------------------


def sqlite_rows(values: Sequence[Intervention], gazetteer: Gazetteer) -> Iterator[Saved]:
    """The floor's rows: what a store writes, computed with the same converter and index."""
    for value in values:
        ix = INDEX(value, gazetteer)
        row = (
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
        yield row, REFERENCES(value)


def sqlite_connect(path: Path) -> sqlite3.Connection:
    """A connection to ``path`` with the store's PRAGMAs, in autocommit mode."""
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


def sqlite_insert(connection: sqlite3.Connection, rows: Any) -> None:
    """``executemany`` of ``rows`` (:data:`Saved`) and their references, in one transaction.

    The rows are written with the transaction's moment as ``changed``; the ``(id, ref)``
    pairs are gathered as they go and inserted after them, as the store does.
    """
    marks = ", ".join("?" * len(WRITTEN))
    pairs: list[tuple[Any, str]] = []
    connection.execute("BEGIN IMMEDIATE")
    now = _now()

    def written() -> Iterator[tuple[Any, ...]]:
        for row, references in rows:
            pairs.extend((row[0], ref) for ref in references)
            yield (*row[:-1], now, row[-1])

    connection.executemany(
        f"INSERT INTO {TABLE} ({', '.join(WRITTEN)}) VALUES ({marks})", written()
    )
    connection.executemany(f"INSERT INTO {REFS} (id, ref) VALUES (?, ?)", pairs)
    connection.execute("COMMIT")


def sqlite_floor_save(
    connection: sqlite3.Connection, values: Sequence[Intervention], gazetteer: Gazetteer
) -> None:
    """The floor with conversion: rows computed while ``executemany`` writes them."""
    sqlite_insert(connection, sqlite_rows(values, gazetteer))


def sqlite_documents(connection: sqlite3.Connection) -> list[Any]:
    """Every document, with ``fetchall`` (the floor without decoding)."""
    return connection.execute(f"SELECT document FROM {TABLE}").fetchall()


def sqlite_floor_load(connection: sqlite3.Connection) -> list[Intervention]:
    """Every document, with ``fetchall``, each decoded by one msgspec decoder."""
    return [DECODE(document) for (document,) in sqlite_documents(connection)]


def remove_sqlite(path: Path) -> None:
    """Delete an SQLite file and its companions."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def sqlite_contents(path: Path) -> tuple[list[tuple[Any, ...]], set[str]]:
    """Every row of the table (ordered by id) and its index definitions (names left out).

    The rows say whether ``changed`` is set (not when: the two sides save at other moments)
    and are followed by the references, ``("ref", id, ref)``, ordered.
    """
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            f"SELECT {', '.join(COLUMNS)}, changed IS NOT NULL FROM {TABLE} ORDER BY id"
        ).fetchall()
        rows += connection.execute(f"SELECT 'ref', id, ref FROM {REFS} ORDER BY id, ref").fetchall()
        indexes = {
            re.sub(r"^CREATE INDEX \w+ ", "", sql)
            for (sql,) in connection.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (?, ?) "
                "AND sql IS NOT NULL",
                (TABLE, REFS),
            )
        }
    finally:
        connection.close()
    return rows, indexes


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
        """Create a new schema of this run, named after ``what``; return its name."""
        schema = f"{self.prefix}_{what}{next(self.counter)}"
        self.connection.execute(f"CREATE SCHEMA {schema}")
        self.connection.commit()
        return schema

    def drop_schema(self, schema: str) -> None:
        """Drop ``schema`` and everything in it."""
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


def postgres_rows(values: Sequence[Intervention], gazetteer: Gazetteer) -> Iterator[Saved]:
    """The floor's rows for COPY: the same values a store writes, in the types psycopg dumps."""
    for value in values:
        ix = INDEX(value, gazetteer)
        row = (
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
        yield row, REFERENCES(value)


def postgres_floor_table(pg: Postgres, schema: str) -> None:
    """An empty table shaped like the store's (JSONB documents) in ``schema``."""
    statements = table_statements(
        f"{schema}.{TABLE}", id_type="UUID", date_type="DATE", document_type="JSONB"
    )
    for statement in statements:
        pg.connection.execute(statement)
    pg.connection.commit()


def postgres_copy(pg: Postgres, schema: str, rows: Any) -> None:
    """``COPY ... FROM STDIN`` of ``rows`` (:data:`Saved`, ``write_row`` each), one transaction.

    A second ``COPY`` writes the references gathered on the way, as the store does.
    """
    statement = f"COPY {schema}.{TABLE} ({', '.join(WRITTEN)}) FROM STDIN"
    pairs: list[tuple[Any, str]] = []
    now = _now()
    with pg.connection.cursor() as cursor:
        with cursor.copy(statement) as copy:
            for row, references in rows:
                pairs.extend((row[0], ref) for ref in references)
                copy.write_row((*row[:-1], now, row[-1]))
        with cursor.copy(f"COPY {schema}.{REFS} (id, ref) FROM STDIN") as copy:
            for pair in pairs:
                copy.write_row(pair)
    pg.connection.commit()


def postgres_floor_save(
    pg: Postgres, schema: str, values: Sequence[Intervention], gazetteer: Gazetteer
) -> None:
    """The floor with conversion: rows computed while ``COPY`` takes them."""
    postgres_copy(pg, schema, postgres_rows(values, gazetteer))


def postgres_documents(pg: Postgres, schema: str) -> list[Any]:
    """Every document as text, with ``fetchall`` (the floor without decoding)."""
    with pg.connection.cursor() as cursor:
        documents: list[Any] = cursor.execute(
            f"SELECT document::text FROM {schema}.{TABLE}"
        ).fetchall()
    pg.connection.rollback()  # end the read transaction, as a unit of work does
    return documents


def postgres_floor_load(pg: Postgres, schema: str) -> list[Intervention]:
    """Every document, with ``fetchall``, each decoded by one msgspec decoder."""
    return [DECODE(document) for (document,) in postgres_documents(pg, schema)]


def postgres_contents(pg: Postgres, schema: str) -> tuple[list[tuple[Any, ...]], set[str]]:
    """Every row of the table (ordered by id; documents as JSON values) and its indexes."""
    rows = pg.connection.execute(
        f"SELECT {', '.join(COLUMNS)}, changed IS NOT NULL FROM {schema}.{TABLE} ORDER BY id"
    ).fetchall()
    rows += pg.connection.execute(
        f"SELECT 'ref', id, ref FROM {schema}.{REFS} ORDER BY id, ref"
    ).fetchall()
    indexes = {
        re.sub(r"^.* USING ", "", definition)
        for (definition,) in pg.connection.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = %s AND tablename IN (%s, %s)",
            (schema, TABLE, REFS),
        )
    }
    pg.connection.rollback()
    return rows, indexes
