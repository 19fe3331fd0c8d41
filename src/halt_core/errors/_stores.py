"""Errors of stores: ids taken, versions replaced, records not read, stores out of reach."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from halt_core.errors._base import HaltError
from halt_core.errors._phrases import PHRASEBOOK

__all__ = [
    "AlreadyExists",
    "ConcurrencyConflict",
    "DeletionRefused",
    "NotLoaded",
    "SchemaTooNew",
    "StoreUnavailable",
    "TransactionAborted",
    "UnitOfWorkClosed",
    "UnknownScheme",
]

_SAVE_OR_NEW_ID = "use save() to change a stored record, or give the new one a new id"


class AlreadyExists(HaltError, ValueError):
    """Records were added with ids that are already stored; none of them was stored.

    Attributes:
        kind: the kind of record, e.g. ``"partners"``.
        ids: the ids that were taken.
        hint: what to do instead (by default: save the stored record, or take a new id).

    """

    def __init__(self, kind: str, ids: Sequence[str], hint: str = "") -> None:
        self.kind = kind
        self.ids = tuple(ids)
        self.hint = hint or _SAVE_OR_NEW_ID
        super().__init__(
            f"{kind} already stored with id {self._shown('en')}; nothing was added: {self.hint}"
        )

    def in_dutch(self) -> str:
        """``partners al opgeslagen met id ...; er is niets toegevoegd: ...``."""
        return (
            f"{PHRASEBOOK.say(self.kind)} al opgeslagen met id {self._shown('nl')}; er is "
            f"niets toegevoegd: {PHRASEBOOK.say(self.hint)}"
        )

    def _shown(self, language: str) -> str:
        rest = len(self.ids) - 5
        tail = "" if rest <= 0 else f" and {rest} more" if language == "en" else f" en nog {rest}"
        return ", ".join(self.ids[:5]) + tail

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.ids, self.hint))


class ConcurrencyConflict(HaltError):
    """A record was saved over a version someone else had already replaced.

    Nothing was written: read the record again, apply the change to the new version, and save
    that (:func:`halt_core.storage.retrying` runs a whole block again). No update is ever
    lost silently. Retryable.

    Attributes:
        kind: the kind of record, e.g. ``"intervention"`` (None for a
            :class:`TransactionAborted`).
        id: the record's id (None for a :class:`TransactionAborted`).
        expected: the version this unit of work read and saved over (or was told to expect).
        actual: the version stored now.

    """

    retryable = True
    kind: str | None
    id: uuid.UUID | None
    expected: int | None
    actual: int | None

    def __init__(self, kind: str, id: uuid.UUID, expected: int, actual: int) -> None:
        self.kind = kind
        self.id = id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{kind} {id} was changed by someone else: this unit of work expected version "
            f"{expected}, the store now holds version {actual}; nothing was saved. Read it "
            "again, apply the change, and save that"
        )

    def in_dutch(self) -> str:
        """``interventie ... is door iemand anders gewijzigd: ...``."""
        return (
            f"{PHRASEBOOK.say(str(self.kind))} {self.id} is door iemand anders gewijzigd: deze "
            f"bewerking verwachtte versie {self.expected}, de opslag heeft nu versie "
            f"{self.actual}; er is niets opgeslagen. Lees het opnieuw, breng de wijziging "
            "daarin aan en sla dat op"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id, self.expected, self.actual))


class TransactionAborted(ConcurrencyConflict):
    """The database broke off a unit of work to settle a conflict with another one.

    A deadlock (two units of work each waiting for a row the other holds) or a serialization
    failure. Nothing of the unit of work was stored; run the whole block again (which
    :func:`halt_core.storage.retrying` does). Retryable.

    Attributes:
        url: the store's URL (without secrets).
        reason: what the database said.

    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        self.kind = self.id = self.expected = self.actual = None
        HaltError.__init__(
            self,
            f"the store at {url} broke off this unit of work to settle a conflict with "
            f"another one ({reason}); nothing of it was stored. Run it again: "
            "halt_core.storage.retrying does that",
        )

    def in_dutch(self) -> str:
        """``de opslag op ... heeft deze bewerking afgebroken ...``; the database's words stay."""
        return (
            f"de opslag op {self.url} heeft deze bewerking afgebroken om een conflict met een "
            f"andere op te lossen ({self.reason}); er is niets van opgeslagen. Voer haar "
            "opnieuw uit: halt_core.storage.retrying doet dat"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.reason))


class NotLoaded(HaltError):
    """A record was saved or deleted without being read in the same unit of work.

    The unit of work saves over the version it read, so it needs to have read one.

    Attributes:
        kind: the kind of record.
        id: the record's id.

    """

    def __init__(self, kind: str, id: uuid.UUID) -> None:
        self.kind = kind
        self.id = id
        super().__init__(
            f"{kind} {id} was not read in this unit of work, so there is no version to save "
            f"over: get() it first, change that value, and save it (or add() a new record)"
        )

    def in_dutch(self) -> str:
        """``... is in deze bewerking niet gelezen ...``."""
        return (
            f"{PHRASEBOOK.say(self.kind)} {self.id} is in deze bewerking niet gelezen, dus er "
            "is geen versie om overheen op te slaan: lees het eerst met get(), wijzig die "
            "waarde en sla die op (of voeg met add() een nieuw record toe)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id))


class DeletionRefused(HaltError):
    """The domain does not allow deleting this record.

    Attributes:
        kind: the kind of record.
        id: the record's id.
        reason: why not, and what to do instead.

    """

    def __init__(self, kind: str, id: uuid.UUID, reason: str) -> None:
        self.kind = kind
        self.id = id
        self.reason = reason
        super().__init__(f"{kind} {id} cannot be deleted: {reason}")

    def in_dutch(self) -> str:
        """``... kan niet worden verwijderd: ...``."""
        kind, reason = PHRASEBOOK.say(self.kind), PHRASEBOOK.say(self.reason)
        return f"{kind} {self.id} kan niet worden verwijderd: {reason}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id, self.reason))


class UnitOfWorkClosed(HaltError):
    """A unit of work was used outside its ``with`` block."""

    def __init__(self) -> None:
        super().__init__(
            "this unit of work is not open: use it inside `with store.unit_of_work() as uow:`"
        )

    def in_dutch(self) -> str:
        """``deze bewerking is niet open: ...``."""
        return (
            "deze bewerking (unit of work) is niet open: gebruik haar binnen "
            "`with store.unit_of_work() as uow:`"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), ())


class UnknownScheme(HaltError, ValueError):
    """No installed plugin opens stores for a URL's scheme.

    Attributes:
        url: the URL asked for (without a password).
        installed: the schemes the installed plugins open.

    """

    def __init__(self, url: str, installed: Iterable[str]) -> None:
        self.url = url
        self.installed = tuple(sorted(installed))
        super().__init__(
            f"no installed plugin opens {url!r}; the installed store schemes are "
            f"{self._schemes('none')}. Check the URL, or install the plugin for its scheme"
        )

    def in_dutch(self) -> str:
        """``geen geïnstalleerde plugin opent ...``."""
        return (
            f"geen geïnstalleerde plugin opent {self.url!r}; de geïnstalleerde soorten opslag "
            f"zijn {self._schemes('geen')}. Controleer de URL, of installeer de plugin voor "
            "dit schema"
        )

    def _schemes(self, none: str) -> str:
        return ", ".join(f"{scheme}://" for scheme in self.installed) or none

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.installed))


class SchemaTooNew(HaltError):
    """A store's schema was written by a newer halt_core than this one.

    Attributes:
        url: the store's URL.
        found: the schema version in the store.
        supported: the newest schema version this halt_core knows.

    """

    def __init__(self, url: str, found: int, supported: int) -> None:
        self.url = url
        self.found = found
        self.supported = supported
        super().__init__(
            f"the store at {url} has schema version {found}, newer than this halt_core knows "
            f"({supported}); upgrade halt-core to open it (nothing was changed)"
        )

    def in_dutch(self) -> str:
        """``de opslag op ... heeft schemaversie ...``."""
        return (
            f"de opslag op {self.url} heeft schemaversie {self.found}, nieuwer dan deze "
            f"halt_core kent ({self.supported}); werk halt-core bij om haar te openen (er is "
            "niets gewijzigd)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.found, self.supported))


class StoreUnavailable(HaltError):
    """A store could not be opened, reached or written.

    The reason says what went wrong and what to do. ``retryable`` is True where running the
    unit of work again, in a new one, can help: a connection the server dropped, a lock not
    granted in time, a database busy beyond its timeout. It is False for what needs a
    person: a wrong URL or password, a full disk, a file that is not a halt store.

    Attributes:
        url: the store's URL (without secrets).
        reason: what went wrong, and what to do.
        retryable: whether running the unit of work again may succeed.

    """

    def __init__(self, url: str, reason: str, *, retryable: bool = False) -> None:
        self.url = url
        self.reason = reason
        self.retryable = retryable
        super().__init__(f"cannot use the store at {url}: {reason}")

    def in_dutch(self) -> str:
        """``kan de opslag op ... niet gebruiken: ...``."""
        return f"kan de opslag op {self.url} niet gebruiken: {PHRASEBOOK.say(self.reason)}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_store_unavailable, (self.url, self.reason, self.retryable))


def _store_unavailable(url: str, reason: str, retryable: bool) -> StoreUnavailable:
    return StoreUnavailable(url, reason, retryable=retryable)
