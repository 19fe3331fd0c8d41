"""What passes between the repositories and an adapter, and a record with its version.

:class:`Row` is one record as an adapter stores it, :class:`Selection` what a query asks an
adapter for in index columns; :class:`Versioned` is a record together with the version it was
read at, for callers that carry a version across units of work (a web form, a queue).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Generic, TypeVar

import attrs

from halt_core.model import Period
from halt_core.storage.records import Index

__all__ = ["Row", "Selection", "Versioned"]

_V = TypeVar("_V")


@attrs.frozen(kw_only=True)
class Row:
    """One record as an adapter stores it.

    Attributes:
        id: the record's id.
        version: its version: 1 when first added, one more on every save. An id that was
            deleted and is added again goes on counting from where it stopped.
        document: the converter's JSON of the record (UTF-8 bytes).
        index: the index columns.
        references: the reference keys of what the record names besides its owner
            (:attr:`RecordKind.references <halt_core.storage.RecordKind.references>`): an
            adapter keeps them to answer :meth:`Repository._referencing`.
        changed: when the unit of work writing the row first wrote (UTC), or None when
            not known: an adapter keeps it to answer :meth:`Repository._changed_since`.

    """

    id: uuid.UUID
    version: int
    document: bytes
    index: Index
    references: tuple[str, ...] = ()
    changed: dt.datetime | None = None


@attrs.frozen(kw_only=True)
class Selection:
    """What :meth:`Repository.query` asks an adapter for, in index columns.

    An adapter returns at least the rows that match (it may return more: the repository
    checks every record exactly after decoding it). Every criterion that is None matches all.

    Attributes:
        kind: rows with this kind.
        status: rows with this status.
        level: rows with this level.
        arrondissement: rows with this arrondissement.
        municipality: rows with this municipality.
        owner: rows with this owner.
        overlapping: rows whose ``starts``..``ends`` overlaps this period (rows without a
            ``starts`` do not match; a row without ``ends`` is open-ended).
        spanning: only rows without an arrondissement (their area spans several, the whole
            country, or a place the gazetteer does not know).

    """

    kind: str | None = None
    status: str | None = None
    level: str | None = None
    arrondissement: str | None = None
    municipality: str | None = None
    owner: uuid.UUID | None = None
    overlapping: Period | None = None
    spanning: bool = False


EVERYTHING = Selection()
"""The selection that matches every row."""


@attrs.frozen
class Versioned(Generic[_V]):
    """A record and the version it was read at, from :meth:`Repository.get_versioned`.

    Carry ``version`` to wherever the change is made (a hidden form field, an HTTP ``ETag``)
    and hand it back as ``save(value, expected_version=version)``: the save then succeeds
    only if nobody saved the record in between.

    Attributes:
        value: the record.
        version: its stored version when it was read.

    """

    value: _V
    version: int
