"""Planters of the rules about collaborations."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from halt_core.demo._build import Builder
from halt_core.demo._plant._common import (
    _arrondissement,
    _city,
    _collaboration,
    _ended,
    _far_slot,
    _forum,
    _town,
)
from halt_core.demo._plant._registry import UNKNOWN_MUNICIPALITY, planter
from halt_core.ids import CollaborationId, PartnerId
from halt_core.model import (
    Area,
    CollaborationKind,
    CollaborationStatus,
    Level,
    PartnerKind,
    Period,
)


@planter("HC-COLLAB-001")
def _no_partner(b: Builder) -> uuid.UUID:
    return _collaboration(b, partners=()).id


@planter("HC-COLLAB-002")
def _partner_twice(b: Builder) -> uuid.UUID:
    c = _collaboration(b)
    b.collaborations[-1] = attrs.evolve(c, partners=(*c.partners, *c.partners))
    return c.id


@planter("HC-COLLAB-003")
def _unknown_partner(b: Builder) -> uuid.UUID:
    return _collaboration(b, partners=(b.new_id(PartnerId),)).id


@planter("HC-COLLAB-004")
def _no_commissioner(b: Builder) -> uuid.UUID:
    return _collaboration(b, kind=CollaborationKind.COMMISSION).id


@planter("HC-COLLAB-005")
def _commissioner_may_not(b: Builder) -> uuid.UUID:
    police = b.regional[_arrondissement(b)][PartnerKind.POLICE]
    return _collaboration(b, kind=CollaborationKind.COMMISSION, commissioner=police.id).id


@planter("HC-COLLAB-006")
def _chain_with_school(b: Builder) -> uuid.UUID:
    code = _town(b)
    partners = (_city(b, code).id, b.first_local(code, PartnerKind.SCHOOL).id)
    return _collaboration(
        b, kind=CollaborationKind.CHAIN_COOPERATION, area=Area.municipality(code), partners=partners
    ).id


@planter("HC-COLLAB-007")
def _regional_outside(b: Builder) -> uuid.UUID:
    codes = b.with_kinds(PartnerKind.MUNICIPALITY)
    inside, outside = b.rng.sample(codes, 2)
    return _collaboration(
        b,
        level=Level.REGIONAL,
        area=Area.municipalities([inside]),
        partners=(_city(b, outside).id,),
    ).id


@planter("HC-COLLAB-008")
def _duplicate(b: Builder) -> uuid.UUID:
    originals = [
        c
        for c in b.collaborations
        if c.status is CollaborationStatus.ACTIVE and c.period.end is None and c.partners
    ]
    original = b.pick(originals)
    copy = attrs.evolve(
        original,
        id=b.new_id(CollaborationId),
        period=Period(start=original.period.start + dt.timedelta(days=1)),
    )
    b.collaborations.append(copy)
    return copy.id


@planter("HC-COLLAB-009")
def _ended_with_meeting(b: Builder) -> uuid.UUID:
    ended = _collaboration(
        b,
        status=CollaborationStatus.ENDED,
        period=Period(start=b.as_of - dt.timedelta(days=400), end=b.as_of - dt.timedelta(days=30)),
    )
    forum = _forum(b, collaboration=ended.id)
    b.meetings.append(b.meeting(forum, _far_slot(b), cases=0))
    return ended.id


@planter("HC-COLLAB-010")
def _collaboration_level(b: Builder) -> uuid.UUID:
    return _collaboration(b, level=Level.NATIONAL).id


@planter("HC-COLLAB-011")
def _collaboration_area_unknown(b: Builder) -> uuid.UUID:
    return _collaboration(b, area=Area.municipality(UNKNOWN_MUNICIPALITY)).id


@planter("HC-COLLAB-012")
def _active_past_its_end(b: Builder) -> uuid.UUID:
    ended = Period(start=b.as_of - dt.timedelta(days=400), end=b.as_of - dt.timedelta(days=20))
    # An active local network of a town that has none yet: a second one (planted twice in
    # one town, or beside the demo's own) would also break HC-COLLAB-008.
    taken = {
        c.partners
        for c in b.collaborations
        if c.status is CollaborationStatus.ACTIVE and c.kind is CollaborationKind.NETWORK
    }
    towns = b.with_kinds(PartnerKind.MUNICIPALITY, PartnerKind.SCHOOL, PartnerKind.WELFARE)
    code = b.pick([code for code in towns if (_city(b, code).id,) not in taken])
    return _collaboration(
        b,
        status=CollaborationStatus.ACTIVE,
        period=ended,
        area=Area.municipality(code),
        partners=(_city(b, code).id,),
        name=f"Samenwerking jeugd {b.gazetteer.municipality(code).name}",
    ).id


@planter("HC-COLLAB-013")
def _ended_without_end(b: Builder) -> uuid.UUID:
    return _collaboration(b, status=CollaborationStatus.ENDED).id


@planter("HC-COLLAB-014")
def _with_an_ended_partner(b: Builder) -> uuid.UUID:
    code = _town(b)
    gone = _ended(b, b.first_local(code, PartnerKind.WELFARE))
    partners = (_city(b, code).id, gone.id)
    return _collaboration(b, area=Area.municipality(code), partners=partners).id
