"""The SQL stores' tables and columns, and how each database spells what they need.

SQLite and PostgreSQL differ in parameter style, column types, times, row locks and bulk
loading; a :class:`Dialect` says how. Table and column names come from this module's
constants only, never from input.
"""

from __future__ import annotations

import abc
import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from halt_core.storage import RECORD_KINDS, Index, Row

INDEX_COLUMNS = (
    "kind",
    "status",
    "level",
    "arrondissement",
    "municipality",
    "starts",
    "ends",
    "owner",
)
ROW_COLUMNS = ("id", "version", *INDEX_COLUMNS, "changed", "document")
"""The columns a record's row is written with; ``changed`` is :func:`micros` of Row.changed."""
TABLES = tuple(kind.name for kind in RECORD_KINDS.values())
TOMBSTONE = b"null"
"""The document a tombstone keeps: JSON ``null``, in place of the deleted record."""
SET_ASIDE_COLUMNS = (
    "kind",
    "record_id",
    "path",
    "value",
    "reason",
    "schema_version",
    "set_aside_at",
)
"""The columns of the ``set_aside`` table (schema version 3), in the order of SetAside."""
CHUNK = 500
"""Ids per ``IN (...)`` list, and rows per batch of a migration's data step."""


class Dialect(abc.ABC):
    """How one database spells what the SQL stores need."""

    param: str
    """The parameter placeholder, ``?`` or ``%s``."""

    streams_inserts: bool = False
    """Whether ``add_many`` converts each record while earlier rows go to the server.

    Worth it where the server works in another process (PostgreSQL), so converting and
    storing overlap; not for SQLite, where it would only hold the write lock longer.
    """

    def lock_rows(self, table: str) -> str:
        """What ends a ``SELECT`` that takes rows of ``table`` for this transaction only.

        Rows another transaction holds are skipped, not waited for (PostgreSQL: ``FOR
        UPDATE OF table SKIP LOCKED``). Nothing where a writer holds the whole database
        (SQLite, after ``SqlUnitOfWork.writing()``), the default.
        """
        return ""

    @abc.abstractmethod
    def time_in(self, value: dt.datetime | None) -> Any:
        """An aware moment as the database takes it, in UTC.

        SQLite keeps text in one fixed format (:func:`utc_text`), so comparing and
        sorting the text compares and sorts the moments; PostgreSQL a ``timestamptz``.
        """

    def time_out(self, value: Any) -> dt.datetime:
        """A moment as the database returns it (a datetime, or ISO text): aware, in UTC."""
        moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
        return moment.astimezone(dt.UTC)

    @abc.abstractmethod
    def schema(self) -> list[str]:
        """The statements of the first schema version (tables and indexes)."""

    @abc.abstractmethod
    def id_in(self, value: uuid.UUID | None) -> Any:
        """An id as the database takes it."""

    @abc.abstractmethod
    def id_out(self, value: Any) -> uuid.UUID:
        """An id as the database returns it."""

    @abc.abstractmethod
    def date_in(self, value: dt.date | None) -> Any:
        """A date as the database takes it."""

    @abc.abstractmethod
    def document_in(self, value: bytes) -> Any:
        """A JSON document as the database takes it."""

    @abc.abstractmethod
    def document_out(self, value: Any) -> bytes:
        """A JSON document as the database returns it."""

    @abc.abstractmethod
    def is_duplicate(self, error: Exception) -> bool:
        """Whether ``error`` is a unique-key violation."""

    def insert_rows(self, cursor: Any, table: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Insert many rows of :data:`ROW_COLUMNS` values (executemany)."""
        marks = ", ".join([self.param] * len(ROW_COLUMNS))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(ROW_COLUMNS)}) VALUES ({marks})", rows)

    def insert_records(self, cursor: Any, table: str, rows: Iterable[Row]) -> None:
        """Insert new records' rows and their references (PostgreSQL overrides it with COPY).

        Each row's values are made as the driver takes them, not gathered in a list first;
        only the reference pairs are gathered, to be inserted after the rows.
        """
        references: list[tuple[Any, str]] = []

        def values() -> Iterable[tuple[Any, ...]]:
            id_in = self.id_in
            for row in rows:
                if row.references:
                    id = id_in(row.id)
                    references.extend((id, ref) for ref in row.references)
                yield row_values(self, row)

        self.insert_rows(cursor, table, values())
        if references:
            self.insert_references(cursor, table, references)

    def insert_references(self, cursor: Any, table: str, pairs: Iterable[tuple[Any, str]]) -> None:
        """Insert ``(id, ref)`` pairs, ids as :meth:`id_in` gives them, into ``table``'s refs."""
        cursor.executemany(
            f"INSERT INTO {refs_table(table)} (id, ref) VALUES ({self.param}, {self.param})",
            pairs,
        )


def row_values(dialect: Dialect, row: Row) -> tuple[Any, ...]:
    """The values of ``row`` in the order of :data:`ROW_COLUMNS`."""
    return (
        dialect.id_in(row.id),
        row.version,
        *index_values(dialect, row.index),
        micros(row.changed),
        dialect.document_in(row.document),
    )


def index_values(dialect: Dialect, index: Index) -> tuple[Any, ...]:
    """The values of ``index`` in the order of :data:`INDEX_COLUMNS`."""
    date_in = dialect.date_in
    return (
        index.kind,
        index.status,
        index.level,
        index.arrondissement,
        index.municipality,
        date_in(index.starts),
        date_in(index.ends),
        dialect.id_in(index.owner),
    )


def refs_table(table: str) -> str:
    """The table of the references of ``table``'s records: ``(id, ref)``, schema version 7."""
    return f"{table}_refs"


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# The last moment converted: every row of a unit of work carries the same one. A tuple, read
# and replaced whole, so threads never see one moment with another's value.
_last: tuple[dt.datetime | None, int] = (None, 0)


def micros(moment: dt.datetime | None) -> int:
    """``moment`` (now when None) as whole microseconds since 1970 UTC: the ``changed`` column.

    An integer orders the same on every database, with no time zone to get wrong.
    """
    global _last
    if moment is None:
        moment = dt.datetime.now(dt.UTC)
    last = _last
    if last[0] is moment:
        return last[1]
    value = (moment - _EPOCH) // dt.timedelta(microseconds=1)
    _last = (moment, value)
    return value


def utc_text(value: dt.datetime) -> str:
    """An aware moment as fixed-width UTC text: ``2026-09-01T10:00:00.000000+00:00``.

    Every moment has the same width and the same offset, so text order is time order.
    """
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
