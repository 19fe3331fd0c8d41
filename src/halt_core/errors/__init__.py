"""The library's errors: every one derives from :class:`HaltError`.

Catch :class:`HaltError` to handle anything halt_core raises on purpose. Each error says
what was wrong and how to fix it; the subclasses carry the details as attributes so a tool
can show them its own way. Every error speaks English and Dutch: ``str(error)`` and
``error.message("en")`` are the English message, ``error.message("nl")`` the Dutch one
(the free texts in it are looked up in :data:`PHRASEBOOK`)::

    >>> error = InvalidValue("Partner", "name", "", "expected text of at most 200 characters")
    >>> str(error)
    "Partner.name cannot be '': expected text of at most 200 characters"
    >>> error.message("nl")
    "Partner.name mag niet '' zijn: verwacht tekst van hoogstens 200 tekens"

The errors live in modules by what they are about (values, transitions, stores, exports);
import them from here.
"""

from halt_core.errors import _base, _phrases
from halt_core.errors._base import HaltError
from halt_core.errors._exports import ExportFailed, SharingRefused, UnknownFormat
from halt_core.errors._phrases import Phrasebook
from halt_core.errors._stores import (
    AlreadyExists,
    ConcurrencyConflict,
    DeletionRefused,
    NotLoaded,
    SchemaTooNew,
    StoreUnavailable,
    TransactionAborted,
    UnitOfWorkClosed,
    UnknownScheme,
)
from halt_core.errors._transitions import IllegalTransition, TransitionRefused
from halt_core.errors._values import (
    InvalidDocument,
    InvalidValue,
    NotFound,
    Problem,
    UnsupportedSchemaVersion,
)

Language = _base.Language
"""A language errors speak: ``"en"`` (English) or ``"nl"`` (Dutch)."""

LANGUAGES: tuple[Language, ...] = _base.LANGUAGES
"""The languages of :meth:`HaltError.message`, English first."""

PHRASEBOOK: Phrasebook = _phrases.PHRASEBOOK
"""The phrasebook every error's :meth:`~HaltError.message` uses for its free texts.

Holds halt_core's phrases; the adapters of :mod:`halt_adapters` add theirs when imported. A
plugin that raises errors with its own texts adds their Dutch here
(:meth:`Phrasebook.add`).
"""

__all__ = [
    "LANGUAGES",
    "PHRASEBOOK",
    "AlreadyExists",
    "ConcurrencyConflict",
    "DeletionRefused",
    "ExportFailed",
    "HaltError",
    "IllegalTransition",
    "InvalidDocument",
    "InvalidValue",
    "Language",
    "NotFound",
    "NotLoaded",
    "Phrasebook",
    "Problem",
    "SchemaTooNew",
    "SharingRefused",
    "StoreUnavailable",
    "TransactionAborted",
    "TransitionRefused",
    "UnitOfWorkClosed",
    "UnknownFormat",
    "UnknownScheme",
    "UnsupportedSchemaVersion",
]

# Tracebacks, reprs and pickles name each error where it is imported from:
# halt_core.errors.NotFound, not halt_core.errors._values.NotFound.
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type) and issubclass(_value, BaseException):
        _value.__module__ = __name__
del _name, _value
