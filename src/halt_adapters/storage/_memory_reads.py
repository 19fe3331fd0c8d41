"""The memory store's reads: selections, pages, references and changes, from its rows.

The memory store keeps each record's :class:`~halt_core.storage.Row` whole, index columns,
references and ``changed`` moment included, and a deleted id's moment beside its tombstone.
These functions answer the read primitives of :class:`~halt_core.storage.Repository` from
them exactly, as the SQL stores' index columns do.
"""

from __future__ import annotations

import datetime as dt
import heapq
import uuid
from collections.abc import Iterable, Mapping, Sequence

from halt_core.storage import Row, Selection

StoredRow = tuple[uuid.UUID, int, bytes]


def matches(row: Row, selection: Selection) -> bool:
    """Whether ``row``'s index columns match ``selection``, as the SQL stores' WHERE does."""
    index = row.index
    for column in ("kind", "status", "level", "arrondissement", "municipality", "owner"):
        wanted = getattr(selection, column)
        if wanted is not None and getattr(index, column) != wanted:
            return False
    if selection.spanning and index.arrondissement is not None:
        return False
    period = selection.overlapping
    if period is None:
        return True
    if index.starts is None or (index.ends is not None and index.ends < period.start):
        return False
    return period.end is None or index.starts <= period.end


def select_page(
    table: Mapping[uuid.UUID, Row], selection: Selection, after: uuid.UUID | None, limit: int
) -> list[StoredRow]:
    """Up to ``limit`` rows matching ``selection`` whose ids come after ``after``, by id text."""
    floor = "" if after is None else str(after)
    found = (row for id, row in table.items() if str(id) > floor and matches(row, selection))
    return [_stored(row) for row in heapq.nsmallest(limit, found, key=lambda row: str(row.id))]


def referencing(table: Mapping[uuid.UUID, Row], keys: Sequence[str]) -> list[StoredRow]:
    """The rows whose owner or references hold one of ``keys``."""
    wanted = set(keys)
    return [
        _stored(row)
        for row in table.values()
        if (row.index.owner is not None and str(row.index.owner) in wanted)
        or not wanted.isdisjoint(row.references)
    ]


def changed_since(
    table: Mapping[uuid.UUID, Row],
    deleted_at: Mapping[uuid.UUID, dt.datetime],
    moment: dt.datetime,
) -> list[tuple[uuid.UUID, bool]]:
    """``(id, deleted)`` of the rows written, and the ids deleted, at or after ``moment``.

    A row written without a moment (``changed`` None) is not known to have changed.
    """
    found = [
        (id, False)
        for id, row in table.items()
        if row.changed is not None and row.changed >= moment
    ]
    found += [(id, True) for id, when in deleted_at.items() if when >= moment]
    return found


def rows_of(rows: Iterable[Row]) -> list[StoredRow]:
    """``(id, version, document)`` of ``rows``."""
    return [_stored(row) for row in rows]


def _stored(row: Row) -> StoredRow:
    return (row.id, row.version, row.document)
