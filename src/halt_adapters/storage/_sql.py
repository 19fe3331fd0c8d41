"""What the SQL stores share: the unit of work, the repositories and the outbox.

How each database spells what they need, and the tables' columns, are in
:mod:`halt_adapters.storage._sql_dialect`; the deliveries of notifications in
:mod:`halt_adapters.storage._sql_deliveries`; the privacy log in
:mod:`halt_adapters.storage._sql_privacy_log`. Every statement is parameterised; table and
column names come from constants, never from input.

A deleted record leaves a *tombstone*: its row stays, marked ``deleted``, with its last
version and without its document or index columns. Adding the id again revives the row at
the next version, so versions never repeat for an id, and every read skips tombstones.

The schema itself, version by version, and the migrations' data steps are in
:mod:`halt_adapters.storage._migrations`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from halt_adapters.storage._sql_deliveries import SqlDeliveries
from halt_adapters.storage._sql_dialect import (
    CHUNK,
    INDEX_COLUMNS,
    ROW_COLUMNS,
    SET_ASIDE_COLUMNS,
    TOMBSTONE,
    Dialect,
)
from halt_adapters.storage._sql_privacy_log import SqlPrivacyLog
from halt_core.events import Event
from halt_core.serialization import to_json
from halt_core.storage import (
    AlreadyExists,
    Deliveries,
    Outbox,
    PrivacyLog,
    RecordKind,
    Repository,
    Row,
    Selection,
    SetAside,
    Store,
    UnitOfWork,
)

_LIVE = "deleted = 0"


def undo_savepoint(cursor: Any, name: str, error: Exception) -> None:
    """Roll back to the savepoint ``name`` after ``error``, and release it.

    When the database already rolled the whole transaction back (SQLite does on a full
    disk or an I/O error) there is no savepoint left: then ``error`` is what matters, and it
    is raised as it is.
    """
    try:
        cursor.execute(f"ROLLBACK TO SAVEPOINT {name}")
        cursor.execute(f"RELEASE SAVEPOINT {name}")
    except Exception:
        raise error from None


def row_values(dialect: Dialect, row: Row) -> tuple[Any, ...]:
    """The values of ``row`` in the order of :data:`ROW_COLUMNS`."""
    index = row.index
    return (
        dialect.id_in(row.id),
        row.version,
        index.kind,
        index.status,
        index.level,
        index.arrondissement,
        index.municipality,
        dialect.date_in(index.starts),
        dialect.date_in(index.ends),
        dialect.id_in(index.owner),
        dialect.document_in(row.document),
    )


class SqlUnitOfWork(UnitOfWork):
    """A unit of work on one database connection."""

    def __init__(self, store: Store, connection: Any, dialect: Dialect) -> None:
        self.connection = connection
        self.dialect = dialect
        super().__init__(store)

    def _repository(self, kind: RecordKind[Any]) -> Repository[Any]:
        return SqlRepository(self, kind)

    def _outbox(self) -> Outbox:
        return SqlOutbox(self)

    def cursor(self) -> Any:
        """A cursor on the unit of work's connection."""
        return self.connection.cursor()

    def _deliveries(self) -> Deliveries:
        return SqlDeliveries(self)

    def _privacy_log(self) -> PrivacyLog:
        return SqlPrivacyLog(self)

    def writing(self) -> None:
        """Called before every write: start the write transaction where it is lazy."""

    def _set_aside(self) -> Sequence[SetAside]:
        cursor = self.cursor()
        cursor.execute(f"SELECT {', '.join(SET_ASIDE_COLUMNS)} FROM set_aside ORDER BY seq")
        id_out = self.dialect.id_out
        return [
            SetAside(
                kind=kind,
                record_id=id_out(record_id),
                path=path,
                value=value,
                reason=reason,
                schema_version=int(version),
                at=self.dialect.time_out(at),
            )
            for kind, record_id, path, value, reason, version, at in cursor.fetchall()
        ]


class SqlRepository(Repository[Any]):
    """A repository over one table."""

    def __init__(self, uow: SqlUnitOfWork, kind: RecordKind[Any]) -> None:
        super().__init__(uow, kind)
        self._sql_uow = uow
        self._table = kind.name
        self._dialect = uow.dialect

    def _insert(self, rows: Sequence[Row]) -> Mapping[uuid.UUID, int]:
        self._sql_uow.writing()
        values = [row_values(self._dialect, row) for row in rows]
        cursor = self._sql_uow.cursor()
        # A savepoint, so a failed batch leaves none of its rows behind and the rest of the
        # unit of work goes on.
        cursor.execute("SAVEPOINT halt_insert")
        try:
            self._dialect.insert_rows(cursor, self._table, values)
        except Exception as exc:
            if not self._dialect.is_duplicate(exc):
                undo_savepoint(cursor, "halt_insert", exc)
                raise
            cursor.execute("ROLLBACK TO SAVEPOINT halt_insert")
            try:
                revived = self._insert_again(cursor, rows)
            except BaseException:
                cursor.execute("ROLLBACK TO SAVEPOINT halt_insert")
                cursor.execute("RELEASE SAVEPOINT halt_insert")
                raise
            cursor.execute("RELEASE SAVEPOINT halt_insert")
            return revived
        cursor.execute("RELEASE SAVEPOINT halt_insert")
        return {}

    def _insert_again(self, cursor: Any, rows: Sequence[Row]) -> dict[uuid.UUID, int]:
        """Insert ``rows`` when some of their ids are taken: by records, or by tombstones."""
        d = self._dialect
        stored = self._stored([row.id for row in rows], live_only=False)
        taken = sorted(str(id) for id, (_, deleted) in stored.items() if not deleted)
        if taken:
            raise AlreadyExists(self._table, taken)
        fresh = [row_values(d, row) for row in rows if row.id not in stored]
        if fresh:
            d.insert_rows(cursor, self._table, fresh)
        assignments = ", ".join(f"{column} = {d.param}" for column in ROW_COLUMNS[1:])
        revived: dict[uuid.UUID, int] = {}
        for row in rows:
            if row.id not in stored:
                continue
            version = stored[row.id][0] + 1
            values = row_values(d, attrs.evolve(row, version=version))
            cursor.execute(
                f"UPDATE {self._table} SET {assignments}, deleted = 0 "
                f"WHERE id = {d.param} AND deleted = 1 AND version = {d.param}",
                [*values[1:], values[0], version - 1],
            )
            if cursor.rowcount != 1:  # another unit of work added it first
                raise AlreadyExists(self._table, [str(row.id)])
            revived[row.id] = version
        return revived

    def _stored(self, ids: Sequence[uuid.UUID], *, live_only: bool) -> dict[uuid.UUID, Any]:
        """``{id: (version, deleted)}`` of the rows among ``ids``, tombstones too unless not."""
        d = self._dialect
        cursor = self._sql_uow.cursor()
        found: dict[uuid.UUID, Any] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join([d.param] * len(chunk))
            live = f" AND {_LIVE}" if live_only else ""
            cursor.execute(
                f"SELECT id, version, deleted FROM {self._table} WHERE id IN ({marks}){live}",
                [d.id_in(i) for i in chunk],
            )
            for id, version, deleted in cursor.fetchall():
                found[d.id_out(id)] = (version, bool(deleted))
        return found

    def _fetch(self, ids: Sequence[uuid.UUID]) -> list[tuple[uuid.UUID, int, bytes]]:
        found: list[tuple[uuid.UUID, int, bytes]] = []
        d = self._dialect
        cursor = self._sql_uow.cursor()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join([d.param] * len(chunk))
            cursor.execute(
                f"SELECT id, version, document FROM {self._table} "
                f"WHERE id IN ({marks}) AND {_LIVE}",
                [d.id_in(i) for i in chunk],
            )
            found.extend(self._rows(cursor.fetchall()))
        return found

    def _update(self, row: Row, expected_version: int) -> bool:
        self._sql_uow.writing()
        d = self._dialect
        values = row_values(d, row)
        assignments = ", ".join(f"{column} = {d.param}" for column in ROW_COLUMNS[1:])
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"UPDATE {self._table} SET {assignments} "
            f"WHERE id = {d.param} AND version = {d.param} AND {_LIVE}",
            [*values[1:], values[0], expected_version],
        )
        return bool(cursor.rowcount == 1)

    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        self._sql_uow.writing()
        d = self._dialect
        cleared = ", ".join(f"{column} = NULL" for column in INDEX_COLUMNS)
        cursor = self._sql_uow.cursor()
        # The row stays as a tombstone: its id and last version, nothing of the record.
        cursor.execute(
            f"UPDATE {self._table} SET deleted = 1, {cleared}, document = {d.param} "
            f"WHERE id = {d.param} AND version = {d.param} AND {_LIVE}",
            [d.document_in(TOMBSTONE), d.id_in(id), expected_version],
        )
        return bool(cursor.rowcount == 1)

    def _select(self, selection: Selection) -> list[tuple[uuid.UUID, int, bytes]]:
        d = self._dialect
        where: list[str] = [_LIVE]
        params: list[Any] = []
        for column in ("kind", "status", "level", "arrondissement", "municipality"):
            wanted = getattr(selection, column)
            if wanted is not None:
                where.append(f"{column} = {d.param}")
                params.append(wanted)
        if selection.owner is not None:
            where.append(f"owner = {d.param}")
            params.append(d.id_in(selection.owner))
        period = selection.overlapping
        if period is not None:
            where.append(f"starts IS NOT NULL AND (ends IS NULL OR ends >= {d.param})")
            params.append(d.date_in(period.start))
            if period.end is not None:
                where.append(f"starts <= {d.param}")
                params.append(d.date_in(period.end))
        sql = f"SELECT id, version, document FROM {self._table} WHERE " + " AND ".join(where)
        cursor = self._sql_uow.cursor()
        cursor.execute(sql, params)
        return list(self._rows(cursor.fetchall()))

    def _page(self, after: uuid.UUID | None, limit: int) -> list[tuple[uuid.UUID, int, bytes]]:
        d = self._dialect
        sql = f"SELECT id, version, document FROM {self._table} WHERE {_LIVE}"
        params: list[Any] = []
        if after is not None:
            sql += f" AND id > {d.param}"
            params.append(d.id_in(after))
        sql += f" ORDER BY id LIMIT {d.param}"
        params.append(limit)
        cursor = self._sql_uow.cursor()
        cursor.execute(sql, params)
        return list(self._rows(cursor.fetchall()))

    def _count(self) -> int:
        cursor = self._sql_uow.cursor()
        cursor.execute(f"SELECT count(*) FROM {self._table} WHERE {_LIVE}")
        return int(cursor.fetchone()[0])

    def _rows(self, rows: Sequence[Any]) -> Iterator[tuple[uuid.UUID, int, bytes]]:
        id_out, document_out = self._dialect.id_out, self._dialect.document_out
        for id, version, document in rows:
            yield id_out(id), version, document_out(document)


class SqlOutbox(Outbox):
    """The outbox as a table of events."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow)
        self._sql_uow = uow

    def _store(self, events: Sequence[Event]) -> None:
        self._sql_uow.writing()
        d = self._sql_uow.dialect
        marks = ", ".join([d.param] * 5)
        cursor = self._sql_uow.cursor()
        cursor.execute("SAVEPOINT halt_events")
        try:
            cursor.executemany(
                f"INSERT INTO events (id, type, subject, occurred_at, document) VALUES ({marks})",
                [
                    (
                        d.id_in(e.id),
                        e.type,
                        str(e.subject),
                        e.occurred_at.isoformat(),
                        d.document_in(to_json(e)),
                    )
                    for e in events
                ],
            )
        except Exception as exc:
            undo_savepoint(cursor, "halt_events", exc)
            if not d.is_duplicate(exc):
                raise
            raise AlreadyExists(
                "events", self._stored_ids([e.id for e in events]), "each event is stored once"
            ) from None
        cursor.execute("RELEASE SAVEPOINT halt_events")

    def _stored_ids(self, ids: Sequence[uuid.UUID]) -> list[str]:
        d = self._sql_uow.dialect
        cursor = self._sql_uow.cursor()
        found: list[str] = []
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join([d.param] * len(chunk))
            cursor.execute(
                f"SELECT id FROM events WHERE id IN ({marks})", [d.id_in(i) for i in chunk]
            )
            found.extend(str(d.id_out(id)) for (id,) in cursor.fetchall())
        return sorted(found)

    def _pending(self, limit: int | None) -> list[bytes]:
        d = self._sql_uow.dialect
        sql = "SELECT document FROM events WHERE published = 0 ORDER BY seq"
        params: list[Any] = []
        if limit is not None:
            sql += f" LIMIT {d.param}"
            params.append(limit)
        cursor = self._sql_uow.cursor()
        cursor.execute(sql, params)
        return [d.document_out(document) for (document,) in cursor.fetchall()]

    def _about(self, subject: uuid.UUID) -> list[bytes]:
        d = self._sql_uow.dialect
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"SELECT document FROM events WHERE subject = {d.param} ORDER BY seq", [str(subject)]
        )
        return [d.document_out(document) for (document,) in cursor.fetchall()]

    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        self._sql_uow.writing()
        d = self._sql_uow.dialect
        cursor = self._sql_uow.cursor()
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join([d.param] * len(chunk))
            cursor.execute(
                f"UPDATE events SET published = 1 WHERE id IN ({marks})",
                [d.id_in(i) for i in chunk],
            )

    def _forget(self, subjects: Sequence[uuid.UUID]) -> list[uuid.UUID]:
        self._sql_uow.writing()
        d = self._sql_uow.dialect
        cursor = self._sql_uow.cursor()
        going: list[uuid.UUID] = []
        # The subject column is the id as text, indexed since schema 6 (events_subject).
        for start in range(0, len(subjects), CHUNK):
            chunk = [str(subject) for subject in subjects[start : start + CHUNK]]
            marks = ", ".join([d.param] * len(chunk))
            cursor.execute(f"SELECT id FROM events WHERE subject IN ({marks}) ORDER BY seq", chunk)
            ids = [id for (id,) in cursor.fetchall()]
            if ids:
                cursor.execute(
                    f"DELETE FROM events WHERE id IN ({', '.join([d.param] * len(ids))})", ids
                )
            going.extend(d.id_out(id) for id in ids)
        return going
