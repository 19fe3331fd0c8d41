"""The SQL stores' outbox: the events a unit of work stores, in the table ``events``.

The deliveries of those events to subscribers are in
:mod:`halt_adapters.storage._sql_deliveries`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from halt_adapters.storage._sql_dialect import CHUNK
from halt_core.events import Event
from halt_core.serialization import to_json
from halt_core.storage import AlreadyExists, Outbox

if TYPE_CHECKING:
    from halt_adapters.storage._sql import SqlUnitOfWork


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
