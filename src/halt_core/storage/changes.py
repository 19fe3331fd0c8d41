"""What changed in a store since a moment: the answer of ``changed_since``, and its refusal."""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from halt_core.errors import HaltError

__all__ = ["Changed", "ChangesNotKept"]


@attrs.frozen
class Changed:
    """The ids of one kind's records written since a moment.

    What :meth:`~halt_core.storage.reading.Reading.changed_since` answers.

    Attributes:
        stored: records added or saved since then, and stored now; in id order.
        deleted: records deleted since then (their tombstones); in id order.

    """

    stored: tuple[uuid.UUID, ...]
    deleted: tuple[uuid.UUID, ...]

    def __bool__(self) -> bool:
        return bool(self.stored or self.deleted)

    def __len__(self) -> int:
        return len(self.stored) + len(self.deleted)


class ChangesNotKept(HaltError):
    """The store's adapter does not keep when its records changed.

    Raised by :meth:`~halt_core.storage.reading.Reading.changed_since` on such a store.

    Attributes:
        store: the store's URL, secrets hidden.

    """

    def __init__(self, store: str) -> None:
        self.store = store
        super().__init__(
            f"the store {store} does not keep when its records changed, so it cannot say what "
            "changed since a moment; check everything instead (leave out --changed-since), or "
            "use SQLite, PostgreSQL or memory, or an adapter that implements "
            "Repository._changed_since"
        )

    def in_dutch(self) -> str:
        """``de opslag ... houdt niet bij wanneer haar records veranderden ...``."""
        return (
            f"de opslag {self.store} houdt niet bij wanneer haar records veranderden, dus kan "
            "niet zeggen wat er sinds een moment veranderde; controleer alles (laat "
            "--changed-since weg), of gebruik SQLite, PostgreSQL of memory, of een adapter die "
            "Repository._changed_since implementeert"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.store,))
