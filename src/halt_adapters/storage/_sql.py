"""What the SQL stores share: the unit of work and the repositories.

How each database spells what they need, and the tables' columns, are in
:mod:`halt_adapters.storage._sql_dialect`; the outbox in :mod:`halt_adapters.storage._sql_outbox`;
the deliveries of notifications in :mod:`halt_adapters.storage._sql_deliveries`; the privacy
log in :mod:`halt_adapters.storage._sql_privacy_log`. Every statement is parameterised; table and
column names come from constants, never from input.

A deleted record leaves a *tombstone*: its row stays, marked ``deleted``, with its last
version and without its document or index columns. Adding the id again revives the row at
the next version, so versions never repeat for an id, and every read skips tombstones.

The reads are in :mod:`halt_adapters.storage._sql_reads`. Every write keeps the row's
``changed`` moment and its references (the ``T_refs`` table) exact: an insert, save or
revival writes them, a delete stamps the tombstone and removes them.

The schema itself, version by version, and the migrations' data steps are in
:mod:`halt_adapters.storage._migrations` and :mod:`halt_adapters.storage._sql_refs`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
    micros,
    refs_table,
    row_values,
)
from halt_adapters.storage._sql_outbox import SqlOutbox, undo_savepoint
from halt_adapters.storage._sql_privacy_log import SqlPrivacyLog
from halt_adapters.storage._sql_reads import LIVE, SqlReads
from halt_core.errors import HaltError
from halt_core.storage import (
    AlreadyExists,
    Deliveries,
    Outbox,
    PrivacyLog,
    RecordKind,
    Repository,
    Row,
    SetAside,
    Store,
    UnitOfWork,
)

_LIVE = LIVE


class _GivenTwice(Exception):
    """Stops a streamed insert at an id given twice; the slow path then says which."""


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


class SqlRepository(SqlReads, Repository[Any]):
    """A repository over one table, its references in another (reads: :class:`SqlReads`)."""

    exact_selections = True  # its WHERE clause is the whole selection

    def __init__(self, uow: SqlUnitOfWork, kind: RecordKind[Any]) -> None:
        super().__init__(uow, kind)
        self._sql_uow = uow
        self._table = kind.name
        self._dialect = uow.dialect

    def add_many(self, values: Iterable[Any]) -> int:
        """Store new records in one go; see :meth:`Repository.add_many`.

        Where the dialect streams inserts (PostgreSQL), each record is converted while the
        rows before it are on their way into ``COPY``, so the server stores while Python
        converts. Anything that goes wrong on the way (a value of another type, an id given
        twice or already stored, a tombstone to revive) undoes the stream and leaves it to
        :meth:`Repository.add_many`, which then raises or revives exactly as it does elsewhere.
        """
        if not self._dialect.streams_inserts:
            return super().add_many(values)
        uow = self._uow
        uow._check_open()
        values = list(values)
        seen: set[uuid.UUID] = set()

        def rows() -> Iterator[Row]:
            for value in values:
                row = self._row(value, 1)
                if row.id in seen:
                    raise _GivenTwice
                seen.add(row.id)
                yield row

        with uow._guard():
            self._sql_uow.writing()
            cursor = self._sql_uow.cursor()
            cursor.execute("SAVEPOINT halt_insert")
            try:
                self._dialect.insert_records(cursor, self._table, rows())
            except Exception as exc:
                undo_savepoint(cursor, "halt_insert", exc)
                # What add_many answers itself (a value it refuses, an id given twice, an id
                # stored or deleted before) goes that way; any other error is the database's.
                answered = isinstance(exc, (_GivenTwice, HaltError))
                if not answered and not self._dialect.is_duplicate(exc):
                    raise
                streamed = False
            else:
                cursor.execute("RELEASE SAVEPOINT halt_insert")
                streamed = True
        if not streamed:
            return super().add_many(values)
        versions = uow._versions
        name = self.kind.name
        for id in seen:
            versions[(name, id)] = 1
        return len(values)

    def _insert(self, rows: Sequence[Row]) -> Mapping[uuid.UUID, int]:
        self._sql_uow.writing()
        cursor = self._sql_uow.cursor()
        # A savepoint, so a failed batch leaves none of its rows behind and the rest of the
        # unit of work goes on.
        cursor.execute("SAVEPOINT halt_insert")
        try:
            self._dialect.insert_records(cursor, self._table, rows)
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
        fresh = [row for row in rows if row.id not in stored]
        if fresh:
            d.insert_records(cursor, self._table, fresh)
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
            self._write_references(cursor, row, replacing=False)  # a tombstone keeps none
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
        if cursor.rowcount != 1:
            return False
        self._write_references(cursor, row, replacing=True)
        return True

    def _write_references(self, cursor: Any, row: Row, *, replacing: bool) -> None:
        """Make the references table hold exactly ``row.references`` for ``row.id``."""
        d = self._dialect
        id = d.id_in(row.id)
        if replacing:
            cursor.execute(f"DELETE FROM {refs_table(self._table)} WHERE id = {d.param}", [id])
        if row.references:
            d.insert_references(cursor, self._table, [(id, ref) for ref in row.references])

    def _delete(self, id: uuid.UUID, expected_version: int) -> bool:
        self._sql_uow.writing()
        d = self._dialect
        cleared = ", ".join(f"{column} = NULL" for column in INDEX_COLUMNS)
        cursor = self._sql_uow.cursor()
        # The row stays as a tombstone: its id, last version and when it was deleted, nothing
        # of the record (nor its references).
        cursor.execute(
            f"UPDATE {self._table} SET deleted = 1, {cleared}, document = {d.param}, "
            f"changed = {d.param} "
            f"WHERE id = {d.param} AND version = {d.param} AND {_LIVE}",
            [
                d.document_in(TOMBSTONE),
                micros(self._uow._written_at()),
                d.id_in(id),
                expected_version,
            ],
        )
        if cursor.rowcount != 1:
            return False
        cursor.execute(f"DELETE FROM {refs_table(self._table)} WHERE id = {d.param}", [d.id_in(id)])
        return True
