"""The floor of the serialization benchmark: msgspec Structs with halt's constraints.

``MIntervention`` and its parts mirror halt_core's ``Intervention`` and the values it holds,
with the same checks (the limit of what Python can do); :func:`area_codes_problem` and the
patterns are shared with the peer (``_serialization_peer.py``).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated

import msgspec
import msgspec.structs

from halt_core.model import (
    AMSTERDAM,
    AreaKind,
    Arrondissement,
    Audience,
    InterventionKind,
    InterventionStatus,
    ProblemArea,
)

# -- constraints both mirrors share (the same as the attrs validators) ----------------------------

NOT_BLANK = r"\S"  # some character that is not white space: str.strip() leaves something
TRAINER = r"^[A-Za-z0-9._-]{1,32}$"
_MUNICIPALITY = re.compile(r"GM[0-9]{4}")
_SAFETY_REGION = re.compile(r"VR[0-9]{2}")
_ARRONDISSEMENTS = frozenset(a.value for a in Arrondissement)


# Python compares two datetimes of one tzinfo object by their wall times, which is wrong around a
# DST change of a zone like Europe/Amsterdam; halt compares the instants. Two fixed offsets (what
# JSON gives), or two different zones, already compare as instants. The mirrors inline this check.


def area_codes_problem(kind: AreaKind, codes: tuple[str, ...]) -> str | None:
    """What is wrong with ``codes`` for an area of ``kind``, as halt's ``Area`` checks it."""
    if kind is AreaKind.COUNTRY:
        ok = not codes
    elif kind is AreaKind.MUNICIPALITIES:
        ok = (
            bool(codes)
            and all(_MUNICIPALITY.fullmatch(c) for c in codes)
            and len(set(codes)) == len(codes)
        )
    elif kind is AreaKind.MUNICIPALITY:
        ok = len(codes) == 1 and _MUNICIPALITY.fullmatch(codes[0]) is not None
    elif kind is AreaKind.SAFETY_REGION:
        ok = len(codes) == 1 and _SAFETY_REGION.fullmatch(codes[0]) is not None
    else:
        ok = len(codes) == 1 and codes[0] in _ARRONDISSEMENTS
    return None if ok else f"codes {codes!r} do not fit an area of kind {kind.value!r}"


# -- the floor: msgspec Structs with the same constraints -----------------------------------------


_Text200 = Annotated[str, msgspec.Meta(max_length=200, pattern=NOT_BLANK)]
_Text2000 = Annotated[str, msgspec.Meta(max_length=2000, pattern=NOT_BLANK)]
_Age = Annotated[int, msgspec.Meta(ge=0, le=120)]
_Size = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
_Reached = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
_Aware = Annotated[dt.datetime, msgspec.Meta(tz=True)]
# Python's re: \A and \Z so that a trailing newline cannot slip past $ (halt uses fullmatch).
_Trainer = Annotated[str, msgspec.Meta(pattern=r"\A[A-Za-z0-9._-]{1,32}\Z")]


class MAgeRange(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``AgeRange`` as a msgspec Struct."""

    minimum: _Age
    maximum: _Age

    def __post_init__(self) -> None:
        if self.maximum < self.minimum:
            raise ValueError(f"maximum must not be below the minimum {self.minimum}")


class MTargetGroup(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``TargetGroup`` as a msgspec Struct."""

    audience: Audience
    description: _Text200
    age_range: MAgeRange | None = None
    size: _Size | None = None
    parents_involved: bool = False


class MArea(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Area`` as a msgspec Struct (codes checked against the kind, kept sorted)."""

    kind: AreaKind
    codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problem = area_codes_problem(self.kind, self.codes)
        if problem is not None:
            raise ValueError(problem)
        if len(self.codes) > 1:
            msgspec.structs.force_setattr(self, "codes", tuple(sorted(self.codes)))


class MPeriod(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Period`` as a msgspec Struct."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end must not be before the start {self.start.isoformat()}")


class MSession(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Session`` as a msgspec Struct (moments kept in Europe/Amsterdam)."""

    id: uuid.UUID
    start: _Aware
    end: _Aware
    location: _Text200
    trainer: _Trainer | None = None

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        if start.tzinfo is end.tzinfo and type(start.tzinfo) is not dt.timezone:
            start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)  # compare instants
        if end <= start:
            raise ValueError(f"end must be after the start {self.start.isoformat()}")
        msgspec.structs.force_setattr(self, "start", self.start.astimezone(AMSTERDAM))
        msgspec.structs.force_setattr(self, "end", self.end.astimezone(AMSTERDAM))


class MEvaluation(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Evaluation`` as a msgspec Struct."""

    evaluated_on: dt.date
    summary: _Text2000
    reached: _Reached | None = None


class MIntervention(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Intervention`` as a msgspec Struct: the floor."""

    id: uuid.UUID
    kind: InterventionKind
    title: _Text200
    problem_areas: frozenset[ProblemArea] = frozenset()
    target_group: MTargetGroup
    area: MArea
    commissioner: uuid.UUID | None = None
    school: uuid.UUID | None = None
    partners: tuple[uuid.UUID, ...] = ()
    collaboration: uuid.UUID | None = None
    period: MPeriod | None = None
    sessions: tuple[MSession, ...] = ()
    dropped_sessions: tuple[MSession, ...] = ()
    status: InterventionStatus = InterventionStatus.REQUESTED
    requested_on: dt.date
    evaluation: MEvaluation | None = None
    notes: Annotated[str, msgspec.Meta(max_length=2000)] = ""
