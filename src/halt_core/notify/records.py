"""The read access to stored records that routing and composing a message need."""

from __future__ import annotations

import uuid
from typing import Protocol, TypeVar

__all__ = ["Records"]

_R = TypeVar("_R")


class Records(Protocol):
    """Read access to stored records and their versions.

    The dispatcher gives one over its unit of work; tests can give a dict-backed one.
    """

    def find(self, record_type: type[_R], id: uuid.UUID) -> _R | None:
        """The record of ``record_type`` with ``id``, or None when there is none."""

    def version(self, record_type: type[object], id: uuid.UUID) -> int | None:
        """The stored version of that record, or None when there is none."""
