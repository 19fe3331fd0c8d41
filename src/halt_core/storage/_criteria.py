"""A query's criteria as index columns, and a record checked against them exactly.

What :class:`~halt_core.storage.reading.Reading` asks adapters for (:func:`selection_of`), and
how it checks each record an adapter returned when the adapter may select loosely
(:func:`matches`).
"""

from __future__ import annotations

import uuid
from typing import Any

from halt_core.errors import InvalidValue
from halt_core.model import Area, AreaKind, Gazetteer, Period, Referral
from halt_core.storage.records import Index
from halt_core.storage.rows import Selection

__all__ = ["EXACT_AREAS", "matches", "selection_of"]

# Areas whose records the index columns select exactly: an arrondissement's (its column) and
# a municipality's (its column: only records of exactly that municipality lie inside it).
EXACT_AREAS = frozenset({AreaKind.ARRONDISSEMENT, AreaKind.MUNICIPALITY})


def selection_of(
    kind: object | None,
    status: object | None,
    level: object | None,
    area: Area | None,
    period: Period | None,
    owner: uuid.UUID | None,
    spanning: bool,
    gazetteer: Gazetteer,
    meetings: bool,
) -> Selection:
    """The index columns of a query's criteria (``meetings``: the records are meetings).

    Raises InvalidValue for an area of meetings (they have none) and NotFound for an area
    the gazetteer does not know.
    """
    arrondissement = municipality = None
    if area is not None and meetings:
        raise InvalidValue(
            "Repository",
            "area",
            area,
            "meetings have no area of their own: query by owner (the forum) instead",
        )
    if area is not None:
        touched = gazetteer.arrondissements_of(area)  # NotFound if unknown
        if len(touched) == 1:
            arrondissement = next(iter(touched)).value
        if area.kind is AreaKind.MUNICIPALITY:
            municipality = area.codes[0]
    return Selection(
        kind=_value(kind),
        status=_value(status),
        level=_value(level),
        arrondissement=arrondissement,
        municipality=municipality,
        owner=owner,
        overlapping=period,
        spanning=spanning,
    )


def matches(
    index: Index, value: Any, selection: Selection, area: Area | None, gazetteer: Gazetteer
) -> bool:
    """Whether a record (``value``, with its ``index``) meets every criterion exactly."""
    for column in ("kind", "status", "level", "owner"):
        wanted = getattr(selection, column)
        if wanted is not None and getattr(index, column) != wanted:
            return False
    if selection.overlapping is not None and not _overlaps(index, selection.overlapping):
        return False
    if selection.spanning and index.arrondissement is not None:
        return False
    if area is not None:
        if area.kind is AreaKind.ARRONDISSEMENT:
            # Inside an arrondissement is having it as one's only one: the index says.
            return index.arrondissement == area.codes[0]
        inner = _area_of(value)
        if not gazetteer.knows(inner) or not gazetteer.contains(area, inner):
            return False
    return True


def _value(member: object | None) -> str | None:
    if member is None:
        return None
    return str(getattr(member, "value", member))


def _overlaps(index: Index, period: Period) -> bool:
    if index.starts is None:
        return False
    ends_after_start = index.ends is None or index.ends >= period.start
    return ends_after_start and (period.end is None or index.starts <= period.end)


def _area_of(value: Any) -> Area:
    if isinstance(value, Referral):
        return Area.municipality(value.municipality)
    return value.area  # type: ignore[no-any-return]
