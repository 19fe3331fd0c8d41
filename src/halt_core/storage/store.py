"""The store: where a network is kept, opened from a URL by :func:`halt_core.connect`."""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Self

from halt_core.events import Event
from halt_core.model import Gazetteer
from halt_core.storage.urls import redact_url

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["Store"]


class Store(abc.ABC):
    """A place where a network is kept: opened from a URL by :func:`halt_core.connect`.

    A store is safe to share between threads; each thread takes its own unit of work.
    Close it when done (or use it as a context manager).

    Adapters call ``super().__init__(url, ...)`` and leave ``_on_commit`` alone: the plugin
    manager sets it to tell the ``halt_events_committed`` listeners.

    Attributes:
        url: the URL it was opened from, its secrets replaced by ``***``
            (see :func:`~halt_core.storage.redact_url`).
        gazetteer: the municipal division index columns are computed with.

    """

    def __init__(
        self,
        url: str,
        *,
        gazetteer: Gazetteer | None = None,
        on_commit: Callable[[Sequence[Event]], None] | None = None,
    ) -> None:
        self.url = redact_url(url)
        self.gazetteer = gazetteer or Gazetteer.load()
        self._on_commit = on_commit

    @abc.abstractmethod
    def unit_of_work(self) -> UnitOfWork:
        """A new unit of work; use it in a ``with`` block."""

    @abc.abstractmethod
    def close(self) -> None:
        """Close the store and release its connections; closing twice is harmless."""

    @property
    @abc.abstractmethod
    def schema_version(self) -> int:
        """The version of the storage schema the store is at."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url}>"

    def _committed(self, events: Sequence[Event]) -> None:
        if self._on_commit is not None:
            self._on_commit(events)
