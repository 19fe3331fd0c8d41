"""The SQL repositories' reads: selections by index columns, pages, references, changes.

:class:`SqlReads` is mixed into :class:`~halt_adapters.storage._sql.SqlRepository`; it
answers the read primitives of :class:`~halt_core.storage.Repository` with one statement
each, on the index columns, the ``changed`` column and the references table of schema
version 7 (see :mod:`halt_adapters.storage._sql_refs`). Tombstones are never read as
records, but ``_changed_since`` reports them, as deletions.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from halt_adapters.storage._sql_dialect import CHUNK, Dialect, micros, refs_table
from halt_core.storage import Selection

if TYPE_CHECKING:
    from halt_adapters.storage._sql import SqlUnitOfWork

LIVE = "deleted = 0"
"""What every read of records asks: not a tombstone."""

_FETCH = 1000  # driver rows fetched and converted at a time by reads
_ROW = "id, version, document"

StoredRow = tuple[uuid.UUID, int, bytes]


class SqlReads:
    """The read primitives of a repository over one table (see the module's docs)."""

    _sql_uow: SqlUnitOfWork
    _table: str
    _dialect: Dialect

    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[StoredRow]:
        found: list[StoredRow] = []
        d = self._dialect
        cursor = self._sql_uow.cursor()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join([d.param] * len(chunk))
            cursor.execute(
                f"SELECT {_ROW} FROM {self._table} WHERE id IN ({marks}) AND {LIVE}",
                [d.id_in(i) for i in chunk],
            )
            found.extend(self._rows(cursor))
        return found

    def _where(self, selection: Selection) -> tuple[str, list[Any]]:
        """The WHERE clause (without the word) of the live rows ``selection`` matches exactly."""
        d = self._dialect
        where: list[str] = [LIVE]
        params: list[Any] = []
        for column in ("kind", "status", "level", "arrondissement", "municipality"):
            wanted = getattr(selection, column)
            if wanted is not None:
                where.append(f"{column} = {d.param}")
                params.append(wanted)
        if selection.owner is not None:
            where.append(f"owner = {d.param}")
            params.append(d.id_in(selection.owner))
        if selection.spanning:  # in no single arrondissement
            where.append("arrondissement IS NULL")
        period = selection.overlapping
        if period is not None:
            where.append(f"starts IS NOT NULL AND (ends IS NULL OR ends >= {d.param})")
            params.append(d.date_in(period.start))
            if period.end is not None:
                where.append(f"starts <= {d.param}")
                params.append(d.date_in(period.end))
        return " AND ".join(where), params

    def _select(self, selection: Selection) -> list[StoredRow]:
        where, params = self._where(selection)
        cursor = self._sql_uow.cursor()
        cursor.execute(f"SELECT {_ROW} FROM {self._table} WHERE {where}", params)
        return self._rows(cursor)

    def _select_page(
        self, selection: Selection, after: uuid.UUID | None, limit: int
    ) -> list[StoredRow]:
        # Keyed on the primary key: each page starts where the last ended, never OFFSET.
        where, params = self._where(selection)
        if after is not None:
            where += f" AND id > {self._dialect.param}"
            params.append(self._dialect.id_in(after))
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"SELECT {_ROW} FROM {self._table} WHERE {where} "
            f"ORDER BY id LIMIT {self._dialect.param}",
            [*params, limit],
        )
        return self._rows(cursor)

    def _page(self, after: uuid.UUID | None, limit: int) -> list[StoredRow]:
        return self._select_page(Selection(), after, limit)

    def _count(self) -> int:
        cursor = self._sql_uow.cursor()
        cursor.execute(f"SELECT count(*) FROM {self._table} WHERE {LIVE}")
        return int(cursor.fetchone()[0])

    def _count_selection(self, selection: Selection) -> int | None:
        where, params = self._where(selection)
        cursor = self._sql_uow.cursor()
        cursor.execute(f"SELECT count(*) FROM {self._table} WHERE {where}", params)
        return int(cursor.fetchone()[0])

    def _referencing(self, keys: Sequence[str]) -> list[StoredRow]:
        cursor = self._referrers(_ROW, keys)
        return [] if cursor is None else self._rows(cursor)

    def _referencing_ids(self, keys: Sequence[str]) -> list[uuid.UUID] | None:
        cursor = self._referrers("id", keys)
        if cursor is None:
            return []
        id_out = self._dialect.id_out
        return [id_out(id) for (id,) in cursor.fetchall()]

    def _referrers(self, columns: str, keys: Sequence[str]) -> Any:
        """A cursor on ``columns`` of the live rows whose owner or references hold ``keys``."""
        d = self._dialect
        owners = [d.id_in(id) for id in _ids(keys)]
        clauses: list[str] = []
        params: list[Any] = []
        if owners:
            clauses.append(f"owner IN ({', '.join([d.param] * len(owners))})")
            params.extend(owners)
        if keys:
            clauses.append(
                f"id IN (SELECT id FROM {refs_table(self._table)} "
                f"WHERE ref IN ({', '.join([d.param] * len(keys))}))"
            )
            params.extend(keys)
        if not clauses:
            return None
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"SELECT {columns} FROM {self._table} WHERE {LIVE} AND ({' OR '.join(clauses)})",
            params,
        )
        return cursor

    def _changed_since(self, moment: dt.datetime) -> list[tuple[uuid.UUID, bool]]:
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"SELECT id, deleted FROM {self._table} WHERE changed >= {self._dialect.param}",
            [micros(moment)],
        )
        id_out = self._dialect.id_out
        return [(id_out(id), bool(deleted)) for id, deleted in cursor.fetchall()]

    def _rows(self, cursor: Any) -> list[StoredRow]:
        """The rows of the query just run on ``cursor``, a batch of driver rows at a time.

        Each batch is converted before the next is fetched, so the driver's rows are not
        all held next to their conversions.
        """
        id_out, document_out = self._dialect.id_out, self._dialect.document_out
        found: list[StoredRow] = []
        while batch := cursor.fetchmany(_FETCH):
            found += [(id_out(id), version, document_out(doc)) for id, version, doc in batch]
        return found


def _ids(keys: Sequence[str]) -> list[uuid.UUID]:
    """The keys that are record ids (not trainer keys): what an ``owner`` column may hold."""
    found = []
    for key in keys:
        try:
            found.append(uuid.UUID(key))
        except ValueError:
            continue
    return found
