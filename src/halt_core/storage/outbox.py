"""The transactional outbox: events stored in the same transaction as the records.

Events added to a unit of work's outbox are kept in memory and written at commit, together
with the records, so a record and the event about it are stored together or not at all.
After commit they wait, *pending*, until whoever delivers them marks them published.
"""

from __future__ import annotations

import abc
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from halt_core.errors import AlreadyExists
from halt_core.events import Event, event_from_json

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["Outbox"]


class Outbox(abc.ABC):
    """The events a unit of work stores with its records.

    An adapter implements :meth:`_store`, :meth:`_pending` and :meth:`_mark_published`.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self._uow = uow
        self._added: list[Event] = []

    def add(self, *events: Event) -> None:
        """Record ``events`` to be stored at commit (in this order).

        Raises :class:`AlreadyExists` for an event id added twice in this unit of work; an
        id stored by an earlier commit is refused the same way at commit, storing nothing.
        """
        self._uow._check_open()
        ids = Counter(event.id for event in (*self._added, *events))
        twice = sorted(str(id) for id, n in ids.items() if n > 1)
        if twice:
            raise AlreadyExists("events", twice, "each event is stored once; give it a new id")
        self._added.extend(events)

    @property
    def added(self) -> tuple[Event, ...]:
        """The events added in this unit of work and not yet committed."""
        return tuple(self._added)

    def pending(self, limit: int | None = None) -> tuple[Event, ...]:
        """Stored events not yet marked published, oldest first (at most ``limit``)."""
        with self._uow._guard():
            documents = self._pending(limit)
        return tuple(event_from_json(doc) for doc in documents)

    def mark_published(self, ids: Iterable[uuid.UUID]) -> None:
        """Mark stored events as delivered, so :meth:`pending` no longer returns them."""
        self._uow._check_open()
        with self._uow._guard():
            self._mark_published(list(ids))

    # -- primitives ---------------------------------------------------------------------------

    @abc.abstractmethod
    def _store(self, events: Sequence[Event]) -> None:
        """Write ``events`` in the unit of work's transaction (called by commit).

        Raise :class:`AlreadyExists` naming any event id already stored.
        """

    @abc.abstractmethod
    def _pending(self, limit: int | None) -> list[bytes]:
        """Return the documents of unpublished events, oldest first."""

    @abc.abstractmethod
    def _mark_published(self, ids: Sequence[uuid.UUID]) -> None:
        """Mark the events with ``ids`` published."""
