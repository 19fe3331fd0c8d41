"""The SQL stores' schema, version by version, and the data steps of their migrations.

Each adapter keeps a tuple ``MIGRATIONS``: entry ``n - 1`` brings a database from schema
version ``n - 1`` to ``n``. An entry is a tuple of :data:`Step`: an SQL statement, or a
function given the connection, for the work statements cannot do (reading documents, repairing
them in Python, writing them back). A new store runs every version's steps in turn, as an old
one is migrated. Every step of every due version runs in the one migration transaction (SQLite
``BEGIN IMMEDIATE``; PostgreSQL under the advisory lock), so a migration that fails leaves the
store as it was.

The versions:

1. the tables and indexes (:func:`schema_statements`);
2. tombstones: a deleted record's row stays, marked ``deleted`` (:func:`tombstone_statements`);
3. the ``set_aside`` table (:func:`set_aside_statements`), and the contact points of every
   stored partner normalised, what the model now refuses set aside
   (:func:`repair_partners_step`);
4. the ``deliveries`` table of notifications
   (:func:`~halt_adapters.storage._sql_deliveries.deliveries_statements`);
5. the tables of the privacy log: disclosures (and the youths each was about), legal holds,
   erasures and kept counts
   (:func:`~halt_adapters.storage._sql_privacy_log.privacy_log_statements`);
6. the events indexed by subject (:func:`events_by_subject_statements`);
7. every record row's ``changed`` moment and the tables of references, filled for the
   records stored, whose index columns are recomputed too
   (:mod:`halt_adapters.storage._sql_refs`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

from halt_adapters.storage._sql_dialect import CHUNK, SET_ASIDE_COLUMNS, TABLES, Dialect
from halt_core.storage import SetAside, repair_partner_document

Step = str | Callable[[Any], None]
"""One step of a migration: an SQL statement, or a function given the connection."""


def run_step(connection: Any, step: Step) -> None:
    """Run one migration step on ``connection`` (an ``sqlite3`` or ``psycopg`` connection)."""
    if isinstance(step, str):
        connection.execute(step)
    else:
        step(connection)


def schema_statements(
    *, id_type: str, date_type: str, document_type: str, event_key: str, time_type: str
) -> list[str]:
    """The tables and indexes of schema version 1, in the column types given.

    Later versions change these by the statements of :func:`tombstone_statements`, and so
    on: a new store runs every version's statements in turn, as an old one is migrated.
    """
    statements = []
    for table in TABLES:
        statements.append(
            f"CREATE TABLE {table} ("
            f"id {id_type} PRIMARY KEY, version INTEGER NOT NULL, "
            "kind TEXT, status TEXT, level TEXT, arrondissement TEXT, municipality TEXT, "
            f"starts {date_type}, ends {date_type}, owner {id_type}, "
            f"document {document_type} NOT NULL)"
        )
        for columns in (
            "kind",
            "status",
            "arrondissement",
            "municipality",
            "owner",
            "starts, ends",
        ):
            name = columns.replace(", ", "_")
            statements.append(f"CREATE INDEX {table}_{name} ON {table} ({columns})")
    statements.append(
        f"CREATE TABLE events (seq {event_key}, id {id_type} NOT NULL UNIQUE, type TEXT NOT NULL, "
        f"subject TEXT NOT NULL, occurred_at {time_type} NOT NULL, "
        f"document {document_type} NOT NULL, published INTEGER NOT NULL DEFAULT 0)"
    )
    statements.append("CREATE INDEX events_pending ON events (published, seq)")
    return statements


def events_by_subject_statements() -> list[str]:
    """Schema version 6: the events indexed by subject, for one record's history.

    :meth:`~halt_core.storage.Outbox.about` and :meth:`~halt_core.storage.Outbox.forget`
    read the events of given records through it, instead of the whole table.
    """
    return ["CREATE INDEX events_subject ON events (subject, seq)"]


def tombstone_statements() -> list[str]:
    """Schema version 2: rows of deleted records stay as tombstones, marked ``deleted``."""
    return [
        f"ALTER TABLE {table} ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0" for table in TABLES
    ]


def set_aside_statements(*, id_type: str, key_type: str, time_type: str) -> list[str]:
    """Schema version 3: the table of what migrations set aside (see :class:`SetAside`).

    ``seq`` keeps the order they were set aside in; the other columns are
    :data:`~halt_adapters.storage._sql_dialect.SET_ASIDE_COLUMNS`.
    """
    return [
        f"CREATE TABLE set_aside (seq {key_type}, kind TEXT NOT NULL, "
        f"record_id {id_type} NOT NULL, path TEXT NOT NULL, value TEXT NOT NULL, "
        f"reason TEXT NOT NULL, schema_version INTEGER NOT NULL, "
        f"set_aside_at {time_type} NOT NULL)",
        "CREATE INDEX set_aside_record ON set_aside (kind, record_id)",
    ]


def repair_partners_step(dialect: Dialect, schema_version: int) -> Callable[[Any], None]:
    """The data step of schema version 3: repair every stored partner's contact points.

    The step reads the live partner rows (not tombstones) in batches of
    :data:`~halt_adapters.storage._sql_dialect.CHUNK`, in id order, runs each document through
    :func:`~halt_core.storage.repair_partner_document`, writes back the documents it changed
    and inserts what it set aside into ``set_aside``, all stamped with the moment the step
    ran and ``schema_version``.
    """

    def repair_partners(connection: Any) -> None:
        repair_table(
            connection.cursor(),
            dialect,
            at=dt.datetime.now(dt.UTC),
            schema_version=schema_version,
        )

    return repair_partners


def repair_table(cursor: Any, dialect: Dialect, *, at: dt.datetime, schema_version: int) -> None:
    """Repair the documents of the ``partners`` table on ``cursor``; record what is set aside.

    A changed document keeps its version: a migration is not an edit, and a client holding
    the version it read before the upgrade (a web form) may still save over it. The index
    columns stay as they are, as a partner's come from its kind, level and area, which a
    repair does not touch.
    """
    p = dialect.param
    update = f"UPDATE partners SET document = {p} WHERE id = {p}"
    insert = (
        f"INSERT INTO set_aside ({', '.join(SET_ASIDE_COLUMNS)}) "
        f"VALUES ({', '.join([p] * len(SET_ASIDE_COLUMNS))})"
    )
    for rows in live_batches(cursor, dialect, "partners"):
        changed: list[tuple[Any, Any]] = []
        found: list[SetAside] = []
        for raw_id, raw_document in rows:
            document = _decoded(dialect, raw_document)
            if document is None:
                continue  # not a partner's document: for the decoder to refuse, as before
            repaired, reports = repair_partner_document(
                document, schema_version=schema_version, at=at, record_id=dialect.id_out(raw_id)
            )
            if repaired != document:
                text = json.dumps(repaired, ensure_ascii=False, separators=(",", ":"))
                changed.append((dialect.document_in(text.encode()), raw_id))
            found.extend(reports)
        if changed:
            cursor.executemany(update, changed)
        if found:
            cursor.executemany(insert, [_set_aside_row(dialect, item) for item in found])


def live_batches(cursor: Any, dialect: Dialect, table: str) -> Iterator[list[Any]]:
    """``(id, document)`` of ``table``'s live rows, :data:`CHUNK` at a time, in id order.

    Keyed on the id, so a step may write to the rows of a batch before the next is read.
    """
    p = dialect.param
    after: Any = None
    while True:
        sql = f"SELECT id, document FROM {table} WHERE deleted = 0"
        params: list[Any] = []
        if after is not None:
            sql += f" AND id > {p}"
            params.append(after)
        cursor.execute(f"{sql} ORDER BY id LIMIT {p}", [*params, CHUNK])
        rows = cursor.fetchall()
        if not rows:
            return
        after = rows[-1][0]
        yield rows


def _decoded(dialect: Dialect, stored: Any) -> dict[str, Any] | None:
    """A stored document as a dict (psycopg decodes JSONB itself; SQLite gives the text).

    None for a document that is not a JSON object: no repair can help it, and opening the
    store must not fail on it.
    """
    if isinstance(stored, dict):
        return stored
    try:
        document = json.loads(dialect.document_out(stored))
    except ValueError:  # not JSON (UnicodeDecodeError is a ValueError too)
        return None
    return document if isinstance(document, dict) else None


def _set_aside_row(dialect: Dialect, item: SetAside) -> tuple[Any, ...]:
    """``item`` in the order of :data:`~halt_adapters.storage._sql_dialect.SET_ASIDE_COLUMNS`."""
    return (
        item.kind,
        dialect.id_in(item.record_id),
        item.path,
        item.value,
        item.reason,
        item.schema_version,
        item.at.isoformat(),
    )
