"""Planters of the rules about partners."""

from __future__ import annotations

import uuid
from typing import Any

import attrs

from halt_core.demo._build import Builder
from halt_core.demo._plant._common import (
    _arrondissement,
    _town,
)
from halt_core.demo._plant._registry import UNKNOWN_MUNICIPALITY, planter
from halt_core.model import (
    Area,
    Level,
    Partner,
    PartnerKind,
)


def _other_partner(
    b: Builder,
    *,
    name: str = "Stichting Jeugd en Buurt",
    kind: PartnerKind = PartnerKind.OTHER,
    contact: bool = True,
    **changes: Any,
) -> Partner:
    """A new local partner, of kind 'other' (usual at every level) unless ``kind`` says.

    It has the registry numbers its kind has (a school its BRIN, ...); ``changes`` are
    applied after, e.g. ``brin=None`` to take the BRIN away.
    """
    base = b.partner(name, kind, Level.LOCAL, Area.municipality(_town(b)), contact=contact)
    value = attrs.evolve(base, **changes)
    b.partners[-1] = value
    return value


@planter("HC-PARTNER-001")
def _partner_level(b: Builder) -> uuid.UUID:
    return _other_partner(b, level=Level.NATIONAL).id


@planter("HC-PARTNER-002")
def _partner_area(b: Builder) -> uuid.UUID:
    return _other_partner(b, area=Area.municipality(UNKNOWN_MUNICIPALITY)).id


@planter("HC-PARTNER-003")
def _partner_usual_level(b: Builder) -> uuid.UUID:
    a = _arrondissement(b)
    return _other_partner(
        b, kind=PartnerKind.SCHOOL, level=Level.REGIONAL, area=Area.arrondissement(a)
    ).id


@planter("HC-PARTNER-004")
def _partner_contact(b: Builder) -> uuid.UUID:
    return _other_partner(b, contact=False).id


@planter("HC-PARTNER-005")
def _school_without_brin(b: Builder) -> uuid.UUID:
    return _other_partner(b, name="OBS De Speelwei", kind=PartnerKind.SCHOOL, brin=None).id


@planter("HC-PARTNER-006")
def _government_without_oin(b: Builder) -> uuid.UUID:
    return _other_partner(
        b, name="Bureau Leerplicht", kind=PartnerKind.COMPULSORY_EDUCATION_OFFICE, oin=None
    ).id


@planter("HC-PARTNER-007")
def _brin_not_a_school(b: Builder) -> uuid.UUID:
    # a BRIN no school of the demo has, so only the kind is wrong
    return _other_partner(b, brin=b.contacts.brin()).id
