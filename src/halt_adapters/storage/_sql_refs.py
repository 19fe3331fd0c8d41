"""Schema version 7 of the SQL stores: references and ``changed``, and the migration's data step.

Every record table gains a ``changed`` column: the moment of the last write of the row
(:attr:`Row.changed <halt_core.storage.Row.changed>`; a delete writes its tombstone's), as
whole microseconds since 1970 UTC (:func:`~halt_adapters.storage._sql_dialect.micros`), so it
orders alike on every database. Beside each table ``T`` a table ``T_refs (id, ref)`` holds
the reference keys of its live rows (:attr:`Row.references
<halt_core.storage.Row.references>`), indexed by ``ref``: "who names this id?" is one
indexed lookup, not a read of every document.

The data step (:func:`refill_step`) brings an existing store up to date: it decodes every
live row, recomputes its index columns (a working area of one municipality now fills the
``municipality`` column), writes its references, and stamps every row, tombstones too, with
the migration's moment: whoever asks what changed since before the upgrade is told
everything, which is the safe answer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from halt_adapters.storage._migrations import live_batches
from halt_adapters.storage._sql_dialect import (
    INDEX_COLUMNS,
    TABLES,
    Dialect,
    index_values,
    micros,
    refs_table,
)
from halt_core.errors import HaltError
from halt_core.model import Gazetteer
from halt_core.serialization import from_json
from halt_core.storage import RECORD_KINDS

_KINDS = {kind.name: kind for kind in RECORD_KINDS.values()}


def refs_statements(*, id_type: str) -> list[str]:
    """Schema version 7's tables and columns: ``changed`` and ``T_refs`` for every table.

    And the indexes of the selectable columns, each now with the id after it (for paging).
    """
    statements = []
    for table in TABLES:
        refs = refs_table(table)
        statements += [
            f"ALTER TABLE {table} ADD COLUMN changed BIGINT",
            f"CREATE INDEX {table}_changed ON {table} (changed)",
            f"CREATE TABLE {refs} (id {id_type} NOT NULL, ref TEXT NOT NULL, "
            "PRIMARY KEY (id, ref))",
            f"CREATE INDEX {refs}_ref ON {refs} (ref)",
        ]
        # Each selectable column indexed with the id after it, so a streamed selection reads
        # page after page as a range of its index (``col = ? AND id > ? ORDER BY id``)
        # instead of sorting every matching row again for each page.
        for column in _PAGED_COLUMNS:
            statements += [
                f"DROP INDEX {table}_{column}",
                f"CREATE INDEX {table}_{column}_id ON {table} ({column}, id)",
            ]
    return statements


_PAGED_COLUMNS = ("kind", "status", "arrondissement", "municipality", "owner")


def refill_step(dialect: Dialect, gazetteer: Gazetteer | None = None) -> Callable[[Any], None]:
    """The data step of schema version 7 (see the module's docs), with the store's gazetteer.

    ``gazetteer`` None means the default (:meth:`Gazetteer.load`), loaded when the step runs.
    """

    def refill(connection: Any) -> None:
        cursor = connection.cursor()
        at = micros(dt.datetime.now(dt.UTC))
        places = gazetteer or Gazetteer.load()
        for table in TABLES:
            refill_table(cursor, dialect, table, gazetteer=places, at=at)

    return refill


def refill_table(
    cursor: Any, dialect: Dialect, table: str, *, gazetteer: Gazetteer, at: int
) -> None:
    """Recompute the index columns and references of ``table``'s live rows; stamp them ``at``.

    In batches of :data:`~halt_adapters.storage._sql_dialect.CHUNK` rows in id order
    (:func:`~halt_adapters.storage._migrations.live_batches`). A document the converter
    refuses keeps its columns and gets no references: the decoder will say what is wrong with
    it when it is read, as before.
    """
    p = dialect.param
    kind = _KINDS[table]
    assignments = ", ".join(f"{column} = {p}" for column in INDEX_COLUMNS)
    update = f"UPDATE {table} SET {assignments}, changed = {p} WHERE id = {p}"
    for rows in live_batches(cursor, dialect, table):
        updates: list[tuple[Any, ...]] = []
        pairs: list[tuple[Any, str]] = []
        stamped: list[Any] = []
        for raw_id, raw_document in rows:
            document = raw_document
            if isinstance(document, (dict, list)):  # psycopg decodes JSONB itself
                document = json.dumps(document, ensure_ascii=False).encode()
            try:
                value = from_json(dialect.document_out(document), kind.type)
                index = kind.index(value, gazetteer)
                references = kind.references(value)
            except (HaltError, ValueError, TypeError, KeyError):
                stamped.append(raw_id)
                continue
            updates.append((*index_values(dialect, index), at, raw_id))
            pairs.extend((raw_id, ref) for ref in references)
        if updates:
            cursor.executemany(update, updates)
        if stamped:
            cursor.executemany(
                f"UPDATE {table} SET changed = {p} WHERE id = {p}",
                [(at, raw_id) for raw_id in stamped],
            )
        if pairs:
            dialect.insert_references(cursor, table, pairs)
    # Tombstones: deleted at some moment before this one, reported as deleted since it.
    cursor.execute(f"UPDATE {table} SET changed = {p} WHERE deleted = 1", [at])
