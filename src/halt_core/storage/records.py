"""What a store keeps of each kind of record: its table, its index columns, what may be deleted.

A store keeps every record as the converter's JSON document plus a few index columns, so it
can select by kind, status, level, place, period and owner without reading every document.
:data:`RECORD_KINDS` describes each kind once, for every adapter.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import attrs

from halt_core.model import (
    AreaKind,
    Collaboration,
    CollaborationStatus,
    Forum,
    Gazetteer,
    Intervention,
    InterventionStatus,
    Meeting,
    Partner,
    Referral,
)
from halt_core.model.geography import Area

__all__ = ["RECORD_KINDS", "Index", "RecordKind", "kind_of", "trainer_key"]

_R = TypeVar("_R")


@attrs.frozen(kw_only=True)
class Index:
    """The index columns a store keeps next to a record's document.

    Every column may be None where it does not apply. Adapters store them as they are and
    select on them; halt_core computes them, so every adapter indexes the same way.

    Attributes:
        kind: the record's kind (partner kind, forum kind, ...), or the offence of a referral.
        status: the record's lifecycle status, where it has one.
        level: the level it works at, where it has one.
        arrondissement: the one arrondissement its area lies in, if it lies in one.
        municipality: the municipality code of a record whose area is one municipality.
        starts: the first day it covers (period start, meeting day, referral day).
        ends: the last day it covers, or None while open-ended.
        owner: the id of the record it belongs to: a meeting's forum, an intervention's
            commission, a referral's referrer.

    """

    kind: str | None = None
    status: str | None = None
    level: str | None = None
    arrondissement: str | None = None
    municipality: str | None = None
    starts: dt.date | None = None
    ends: dt.date | None = None
    owner: uuid.UUID | None = None


@attrs.frozen(kw_only=True)
class RecordKind(Generic[_R]):
    """One kind of record as stores see it.

    Attributes:
        name: the kind's name and table name, e.g. ``"interventions"``.
        type: the model class.
        index: computes the :class:`Index` of a record (given the gazetteer).
        deletable: says why a record may not be deleted, or None when it may.
        references: the keys of what a record names besides its ``owner``: the text of
            each record id it refers to, and :func:`trainer_key` of each trainer it books.
            Stores keep them so :meth:`~halt_core.storage.Repository.referencing` can
            answer "who names these?" without reading every record.

    """

    name: str
    type: type[_R]
    index: Callable[[_R, Gazetteer], Index] = attrs.field(repr=False)
    deletable: Callable[[_R], str | None] = attrs.field(repr=False)
    references: Callable[[_R], tuple[str, ...]] = attrs.field(repr=False, default=lambda _: ())


@functools.lru_cache(maxsize=4096)  # a network has few areas and many records
def _place(area: Area, gazetteer: Gazetteer) -> tuple[str | None, str | None]:
    """The arrondissement and the municipality code of ``area``, where it has one."""
    if not gazetteer.knows(area) or area.kind is AreaKind.COUNTRY:
        arrondissement = None
    else:
        found = gazetteer.arrondissements_of(area)
        arrondissement = next(iter(found)).value if len(found) == 1 else None
    # A working area of one municipality lies inside it just as the municipality does.
    single = area.kind is AreaKind.MUNICIPALITY or (
        area.kind is AreaKind.MUNICIPALITIES and len(area.codes) == 1
    )
    return arrondissement, area.codes[0] if single else None


# These run for every record a store writes. An enum member's value is read as `_value_`,
# its plain attribute, not through the `value` property (a Python call each time).


def _partner_index(p: Partner, g: Gazetteer) -> Index:
    arrondissement, municipality = _place(p.area, g)
    return Index(
        kind=p.kind._value_,
        level=p.level._value_,
        arrondissement=arrondissement,
        municipality=municipality,
    )


def _collaboration_index(c: Collaboration, g: Gazetteer) -> Index:
    arrondissement, municipality = _place(c.area, g)
    period = c.period
    return Index(
        kind=c.kind._value_,
        status=c.status._value_,
        level=c.level._value_,
        arrondissement=arrondissement,
        municipality=municipality,
        starts=period.start,
        ends=period.end,
    )


def _forum_index(f: Forum, g: Gazetteer) -> Index:
    arrondissement, municipality = _place(f.area, g)
    period = f.period
    return Index(
        kind=f.kind._value_,
        level=f.level._value_,
        arrondissement=arrondissement,
        municipality=municipality,
        starts=period.start,
        ends=period.end,
        owner=f.collaboration,
    )


def _meeting_index(m: Meeting, g: Gazetteer) -> Index:
    return Index(starts=m.start.date(), ends=m.end.date(), owner=m.forum)


def _intervention_index(i: Intervention, g: Gazetteer) -> Index:
    starts = ends = None
    if i.period is not None:
        starts, ends = i.period.start, i.period.end
    elif i.sessions:
        starts = min(s.start for s in i.sessions).date()
        ends = max(s.end for s in i.sessions).date()
    area = i.area
    arrondissement, municipality = _place(area, g)
    return Index(
        kind=i.kind._value_,
        status=i.status._value_,
        level=_LEVEL_OF[area.kind],
        arrondissement=arrondissement,
        municipality=municipality,
        starts=starts,
        ends=ends,
        owner=i.collaboration,
    )


_LEVEL_OF = {kind: kind.level._value_ for kind in AreaKind}  # an area's level, by its kind


def _referral_index(r: Referral, g: Gazetteer) -> Index:
    arrondissement, municipality = _place(_municipality_area(r.municipality), g)
    outcome = r.outcome
    return Index(
        kind=r.offence._value_,
        status=r.status._value_,
        arrondissement=arrondissement,
        municipality=municipality,
        starts=r.referred_on,
        ends=outcome.decided_on if outcome else None,
        owner=r.referrer,
    )


@functools.lru_cache(maxsize=1024)  # built once per municipality, not per referral
def _municipality_area(code: str) -> Area:
    return Area(kind=AreaKind.MUNICIPALITY, codes=(code,))


def trainer_key(code: str) -> str:
    """The reference key of the trainer with staff code ``code``: ``"trainer:" + code``.

    Record ids and trainers' staff codes are kept side by side as reference keys; the
    prefix keeps a code from ever reading as an id.
    """
    return f"trainer:{code}"


def _ids(*groups: Any) -> tuple[str, ...]:
    """The distinct keys of the ids in ``groups`` (ids, tuples of ids, or None), in order."""
    keys: dict[str, None] = {}
    for group in groups:
        if group is None:
            continue
        if isinstance(group, uuid.UUID):
            keys[str(group)] = None
        else:
            for id in group:
                keys[str(id)] = None
    return tuple(keys)


def _collaboration_references(c: Collaboration) -> tuple[str, ...]:
    return _ids(c.partners, c.commissioner)


def _forum_references(f: Forum) -> tuple[str, ...]:
    return _ids(f.members)


def _meeting_references(m: Meeting) -> tuple[str, ...]:
    cases = m.cases
    if not cases:
        return _ids(m.attendees)
    named = [case.referral for case in cases if case.referral is not None]
    discussed = [p for case in cases for p in case.discussed_with or ()]
    return _ids(m.attendees, named, discussed)


def _intervention_references(i: Intervention) -> tuple[str, ...]:
    keys = _ids(i.partners, i.commissioner, i.school)
    trainers = {s.trainer for s in i.sessions if s.trainer is not None}
    if not trainers:
        return keys
    return keys + tuple(trainer_key(code) for code in sorted(trainers))


def _never(what: str) -> Callable[[Any], str | None]:
    def deletable(_: Any) -> str | None:
        return what

    return deletable


def _meeting_deletable(_: Meeting) -> str | None:
    return None


def _collaboration_deletable(c: Collaboration) -> str | None:
    if c.status is CollaborationStatus.PROPOSED:
        return None
    return (
        f"it is {c.status.value}: only a proposed collaboration may be deleted; end it with "
        "halt_core.lifecycle instead, so its history stays"
    )


_UNDONE = frozenset(
    {InterventionStatus.REQUESTED, InterventionStatus.DECLINED, InterventionStatus.CANCELLED}
)


def _intervention_deletable(i: Intervention) -> str | None:
    if i.status in _UNDONE:
        return None
    return (
        f"it is {i.status.value}: only requested, declined or cancelled work may be deleted; "
        "cancel it with halt_core.lifecycle instead, so agreed work keeps its history"
    )


RECORD_KINDS: Mapping[type, RecordKind[Any]] = MappingProxyType(
    {
        Partner: RecordKind(
            name="partners",
            type=Partner,
            index=_partner_index,
            deletable=_never(
                "partners are not deleted: other records refer to them; record in its notes "
                "that the partner stopped"
            ),
        ),
        Collaboration: RecordKind(
            name="collaborations",
            type=Collaboration,
            index=_collaboration_index,
            deletable=_collaboration_deletable,
            references=_collaboration_references,
        ),
        Forum: RecordKind(
            name="forums",
            type=Forum,
            index=_forum_index,
            deletable=_never(
                "forums are not deleted: their meetings refer to them; end the forum's period "
                "instead"
            ),
            references=_forum_references,
        ),
        Meeting: RecordKind(
            name="meetings",
            type=Meeting,
            index=_meeting_index,
            deletable=_meeting_deletable,
            references=_meeting_references,
        ),
        Intervention: RecordKind(
            name="interventions",
            type=Intervention,
            index=_intervention_index,
            deletable=_intervention_deletable,
            references=_intervention_references,
        ),
        Referral: RecordKind(
            name="referrals",
            type=Referral,
            index=_referral_index,
            deletable=_never(
                "referrals are not deleted one by one: they are removed by the retention policy "
                "when their retention period ends ('halt purge'), or erased with the rest of a "
                "youth's data on request ('halt erase')"
            ),
        ),
    }
)
"""Every kind of record a store keeps, by model class, in the order of the network."""


def kind_of(value: object) -> RecordKind[Any]:
    """The :class:`RecordKind` of ``value``'s class (raises KeyError for other classes)."""
    return RECORD_KINDS[type(value)]
