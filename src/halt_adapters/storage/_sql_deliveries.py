"""The deliveries of notifications in the SQL stores: the ``deliveries`` table (schema 4).

Each row is one :class:`~halt_core.notify.Delivery`, plus ``claimed_by``: the token of the
dispatcher that took it last. The guarantees of :mod:`halt_core.storage.deliveries` come from
how each statement takes its rows:

- **PostgreSQL** takes outbox events and due deliveries with ``SELECT ... FOR UPDATE OF ...
  SKIP LOCKED`` (:meth:`Dialect.lock_rows`): the rows stay locked to this transaction, and
  another dispatcher's select passes over them instead of waiting. A claim then updates
  the rows it locked; only the deliveries' rows are locked, never their events'.
- **SQLite** takes its write lock first (``BEGIN IMMEDIATE``, through
  ``SqlUnitOfWork.writing()``), so dispatchers queue, and each sees what the one before it
  committed.

:meth:`SqlDeliveries._finish` changes a row only ``WHERE claimed_by = <claimant> AND state =
'pending'``: once a lease ran out and another dispatcher claimed the delivery (setting
``claimed_by`` to itself), the late one's outcome is refused.

Choices the abstract contract leaves open, the same in the memory store:

- A pending delivery without ``next_attempt`` is due at once (claimed first).
- :meth:`~halt_core.storage.Deliveries.finish` without ``next_attempt`` (a delivery
  delivered, or dead) keeps the one it had: the end of its last lease. So
  :meth:`~halt_core.storage.Deliveries.listed` orders delivered and dead ones by when they
  were last tried. ``claimed_by`` stays too, naming who tried it last.
- :meth:`~halt_core.storage.Deliveries.add` refuses a delivery of an event the outbox does
  not hold (:class:`~halt_core.errors.NotFound`): no claim could ever take it. A delivery
  whose id is taken is skipped, like one whose event, notifier and recipient are.
- A ``limit`` below 1 takes nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from halt_adapters.storage._moments import utc, utc_or_none
from halt_adapters.storage._sql_dialect import CHUNK, Dialect
from halt_core.errors import NotFound
from halt_core.notify.deliveries import Delivery, DeliveryState
from halt_core.storage import Deliveries

if TYPE_CHECKING:
    from halt_adapters.storage._sql import SqlUnitOfWork

__all__ = ["DELIVERY_COLUMNS", "SqlDeliveries", "deliveries_statements"]

DELIVERY_COLUMNS = (
    "id",
    "event_id",
    "event_type",
    "notifier",
    "recipient",
    "state",
    "attempts",
    "next_attempt",
    "last_error",
    "delivered_at",
)
"""The columns of the ``deliveries`` table that make a Delivery, in the order of its fields."""

_PENDING = DeliveryState.PENDING.value
_DEAD = DeliveryState.DEAD.value
_STATES = ", ".join(f"'{state.value}'" for state in DeliveryState)


def deliveries_statements(*, id_type: str, time_type: str) -> list[str]:
    """Schema version 4: the ``deliveries`` table and its index of due deliveries.

    Times are ``time_type``: SQLite's text (see
    :func:`~halt_adapters.storage._sql_dialect.utc_text`), PostgreSQL's ``timestamptz``. A
    claim selects ``state = 'pending'`` in ``next_attempt`` order (the index), joined to the
    events (their unique ``id``) for their order (``seq``) and document.
    """
    return [
        f"CREATE TABLE deliveries (id {id_type} PRIMARY KEY, event_id {id_type} NOT NULL, "
        "event_type TEXT NOT NULL, notifier TEXT NOT NULL, recipient TEXT NOT NULL, "
        f"state TEXT NOT NULL CHECK (state IN ({_STATES})), "
        "attempts INTEGER NOT NULL DEFAULT 0, "
        f"next_attempt {time_type}, last_error TEXT, claimed_by TEXT, "
        f"delivered_at {time_type}, UNIQUE (event_id, notifier, recipient))",
        "CREATE INDEX deliveries_due ON deliveries (state, next_attempt)",
    ]


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class SqlDeliveries(Deliveries):
    """The deliveries as the ``deliveries`` table, for one SQL unit of work."""

    def __init__(self, uow: SqlUnitOfWork) -> None:
        super().__init__(uow)
        self._sql_uow = uow
        self._dialect: Dialect = uow.dialect

    # -- routing ------------------------------------------------------------------------------

    def _take_events(self, limit: int) -> list[bytes]:
        if limit < 1:
            return []
        self._sql_uow.writing()
        d = self._dialect
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"SELECT document FROM events WHERE published = 0 ORDER BY seq "
            f"LIMIT {d.param}{d.lock_rows('events')}",
            [limit],
        )
        return [d.document_out(document) for (document,) in cursor.fetchall()]

    def _add(self, deliveries: list[Delivery]) -> int:
        if not deliveries:
            return 0
        rows = [self._values(delivery) for delivery in deliveries]
        self._sql_uow.writing()
        self._check_events({delivery.event_id for delivery in deliveries})
        d = self._dialect
        marks = ", ".join([d.param] * len(DELIVERY_COLUMNS))
        cursor = self._sql_uow.cursor()
        cursor.executemany(
            f"INSERT INTO deliveries ({', '.join(DELIVERY_COLUMNS)}) VALUES ({marks}) "
            "ON CONFLICT DO NOTHING",
            rows,
        )
        return int(cursor.rowcount)

    def _check_events(self, ids: set[uuid.UUID]) -> None:
        d = self._dialect
        cursor = self._sql_uow.cursor()
        found: set[uuid.UUID] = set()
        for chunk in _chunks(sorted(ids, key=str)):
            marks = ", ".join([d.param] * len(chunk))
            cursor.execute(
                f"SELECT id FROM events WHERE id IN ({marks})", [d.id_in(id) for id in chunk]
            )
            found.update(d.id_out(id) for (id,) in cursor.fetchall())
        missing = sorted(ids - found, key=str)
        if missing:
            raise NotFound(
                "event",
                missing[0],
                "a delivery is of an event stored in the outbox (take_events gives them)",
            )

    # -- sending ------------------------------------------------------------------------------

    def _claim(
        self,
        notifiers: list[str],
        now: dt.datetime,
        lease_until: dt.datetime,
        limit: int,
        claimant: str,
    ) -> list[tuple[Delivery, bytes]]:
        now = utc(now, "Deliveries.claim", "now")
        lease_until = utc(lease_until, "Deliveries.claim", "lease_until")
        if not notifiers or limit < 1:
            return []
        self._sql_uow.writing()
        d, p = self._dialect, self._dialect.param
        columns = ", ".join(f"d.{column}" for column in DELIVERY_COLUMNS)
        names = ", ".join([p] * len(notifiers))
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"SELECT {columns}, e.document FROM deliveries d JOIN events e ON e.id = d.event_id "
            f"WHERE d.state = '{_PENDING}' AND d.notifier IN ({names}) "
            f"AND (d.next_attempt IS NULL OR d.next_attempt <= {p}) "
            f"ORDER BY d.next_attempt NULLS FIRST, e.seq LIMIT {p}{d.lock_rows('d')}",
            [*notifiers, d.time_in(now), limit],
        )
        rows = cursor.fetchall()
        for chunk in _chunks([row[0] for row in rows]):
            marks = ", ".join([p] * len(chunk))
            cursor.execute(
                f"UPDATE deliveries SET attempts = attempts + 1, next_attempt = {p}, "
                f"claimed_by = {p} WHERE id IN ({marks})",
                [d.time_in(lease_until), claimant, *chunk],
            )
        claimed = []
        for row in rows:
            taken = self._delivery(row[:-1])
            delivery = attrs.evolve(taken, attempts=taken.attempts + 1, next_attempt=lease_until)
            claimed.append((delivery, d.document_out(row[-1])))
        return claimed

    def _finish(
        self,
        delivery: uuid.UUID,
        claimant: str,
        state: DeliveryState,
        next_attempt: dt.datetime | None,
        last_error: str | None,
        delivered_at: dt.datetime | None,
    ) -> bool:
        next_attempt = utc_or_none(next_attempt, "Deliveries.finish", "next_attempt")
        delivered_at = utc_or_none(delivered_at, "Deliveries.finish", "delivered_at")
        self._sql_uow.writing()
        d, p = self._dialect, self._dialect.param
        cursor = self._sql_uow.cursor()
        cursor.execute(
            f"UPDATE deliveries SET state = {p}, next_attempt = COALESCE({p}, next_attempt), "
            f"last_error = {p}, delivered_at = {p} "
            f"WHERE id = {p} AND claimed_by = {p} AND state = '{_PENDING}'",
            [
                DeliveryState(state).value,
                d.time_in(next_attempt),
                last_error,
                d.time_in(delivered_at),
                d.id_in(delivery),
                claimant,
            ],
        )
        return bool(cursor.rowcount == 1)

    # -- for the operator ---------------------------------------------------------------------

    def _counts(self) -> Iterable[tuple[tuple[str, DeliveryState], int]]:
        cursor = self._sql_uow.cursor()
        cursor.execute("SELECT notifier, state, count(*) FROM deliveries GROUP BY notifier, state")
        return [
            ((notifier, DeliveryState(state)), int(count))
            for notifier, state, count in cursor.fetchall()
        ]

    def _listed(self, state: DeliveryState | None, limit: int | None) -> Iterable[Delivery]:
        p = self._dialect.param
        sql = f"SELECT {', '.join(DELIVERY_COLUMNS)} FROM deliveries"
        params: list[Any] = []
        if state is not None:
            sql += f" WHERE state = {p}"
            params.append(DeliveryState(state).value)
        sql += " ORDER BY next_attempt DESC NULLS LAST, id"
        if limit is not None:
            sql += f" LIMIT {p}"
            params.append(max(limit, 0))
        cursor = self._sql_uow.cursor()
        cursor.execute(sql, params)
        return [self._delivery(row) for row in cursor.fetchall()]

    def _retry(self, ids: list[uuid.UUID] | None, now: dt.datetime) -> int:
        now = utc(now, "Deliveries.retry", "now")
        if ids is not None and not ids:
            return 0
        self._sql_uow.writing()
        d, p = self._dialect, self._dialect.param
        sql = (
            f"UPDATE deliveries SET state = '{_PENDING}', attempts = 0, next_attempt = {p}, "
            f"claimed_by = NULL WHERE state = '{_DEAD}'"
        )
        cursor = self._sql_uow.cursor()
        if ids is None:
            cursor.execute(sql, [d.time_in(now)])
            return int(cursor.rowcount)
        retried = 0
        for chunk in _chunks(sorted(set(ids), key=str)):
            marks = ", ".join([p] * len(chunk))
            cursor.execute(
                f"{sql} AND id IN ({marks})", [d.time_in(now), *(d.id_in(id) for id in chunk)]
            )
            retried += int(cursor.rowcount)
        return retried

    # -- forgetting ---------------------------------------------------------------------------

    def _forget(self, events: list[uuid.UUID]) -> list[uuid.UUID]:
        self._sql_uow.writing()
        d, p = self._dialect, self._dialect.param
        cursor = self._sql_uow.cursor()
        going: list[uuid.UUID] = []
        # event_id leads the UNIQUE (event_id, notifier, recipient) index.
        for chunk in _chunks([d.id_in(event) for event in events]):
            marks = ", ".join([p] * len(chunk))
            cursor.execute(f"SELECT id FROM deliveries WHERE event_id IN ({marks})", chunk)
            ids = [id for (id,) in cursor.fetchall()]
            for part in _chunks(ids):
                cursor.execute(
                    f"DELETE FROM deliveries WHERE id IN ({', '.join([p] * len(part))})", part
                )
            going.extend(d.id_out(id) for id in ids)
        return going

    # -- rows ---------------------------------------------------------------------------------

    def _values(self, delivery: Delivery) -> tuple[Any, ...]:
        """``delivery`` in the order of :data:`DELIVERY_COLUMNS`."""
        d = self._dialect
        owner = "Delivery"
        return (
            d.id_in(delivery.id),
            d.id_in(delivery.event_id),
            delivery.event_type,
            delivery.notifier,
            delivery.recipient,
            DeliveryState(delivery.state).value,
            delivery.attempts,
            d.time_in(utc_or_none(delivery.next_attempt, owner, "next_attempt")),
            delivery.last_error,
            d.time_in(utc_or_none(delivery.delivered_at, owner, "delivered_at")),
        )

    def _delivery(self, row: Sequence[Any]) -> Delivery:
        """The Delivery of a row of :data:`DELIVERY_COLUMNS`."""
        d = self._dialect
        id, event_id, event_type, notifier, recipient, state = row[:6]
        attempts, next_attempt, last_error, delivered_at = row[6:10]
        return Delivery(
            id=d.id_out(id),
            event_id=d.id_out(event_id),
            event_type=event_type,
            notifier=notifier,
            recipient=recipient,
            state=DeliveryState(state),
            attempts=int(attempts),
            next_attempt=None if next_attempt is None else d.time_out(next_attempt),
            last_error=last_error,
            delivered_at=None if delivered_at is None else d.time_out(delivered_at),
        )
