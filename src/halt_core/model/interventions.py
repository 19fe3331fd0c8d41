"""Preventive interventions: the work Halt does to prevent youth crime.

An intervention is a lesson, an advice, a mediation or other preventive work, usually
commissioned by a municipality or a school, for a target group in an area, delivered in
planned sessions.
"""

from __future__ import annotations

import datetime as dt
import enum
import re

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import CollaborationId, InterventionId, PartnerId
from halt_core.model._checks import (
    free_text,
    matches,
    optional,
    text,
    whole_number,
)
from halt_core.model.geography import Area
from halt_core.model.periods import Period, check_time_slot
from halt_core.model.themes import ProblemArea

__all__ = [
    "AgeRange",
    "Audience",
    "Evaluation",
    "Intervention",
    "InterventionKind",
    "InterventionStatus",
    "Session",
    "TargetGroup",
]


class InterventionKind(enum.StrEnum):
    """The kinds of preventive work Halt does."""

    INFORMATION_LESSON = "information_lesson"
    """Voorlichtingsles: a preventive lesson at a school."""
    SCHOOL_SAFETY_ADVICE = "school_safety_advice"
    """Schoolveiligheidsadvies: advice to a school on its safety policy."""
    YOUTH_MEDIATION = "youth_mediation"
    """Jongerenbemiddeling: mediation between youths and e.g. residents."""
    GUIDED_DIALOGUE = "guided_dialogue"
    """Dialoog begeleiden: a guided conversation with a nuisance youth group."""
    SAFE_PUBLIC_TASK = "safe_public_task"
    """Veilige Publieke Taak (VPT): support for education staff facing aggression."""
    PARENT_MEETING = "parent_meeting"
    """Ouderbijeenkomst: a meeting with parents."""
    TAILORED = "tailored"
    """Maatwerk: a tailored answer agreed with the commissioning client."""


class InterventionStatus(enum.StrEnum):
    """Where an intervention stands in its lifecycle."""

    REQUESTED = "requested"
    """Asked for by a commissioning client (aanvraag)."""
    INTAKE = "intake"
    """Halt and the client are exploring the question."""
    AGREED = "agreed"
    """The work is agreed; sessions not yet planned."""
    SCHEDULED = "scheduled"
    """Sessions are planned."""
    DELIVERED = "delivered"
    """The sessions took place."""
    EVALUATED = "evaluated"
    """The work was evaluated with the client."""
    DECLINED = "declined"
    """Halt or the client decided not to do it."""
    CANCELLED = "cancelled"
    """Called off after it was agreed or planned."""


class Audience(enum.StrEnum):
    """Who an intervention is for."""

    PUPILS = "pupils"
    """Pupils of a school class or year."""
    YOUTH_GROUP = "youth_group"
    """A (nuisance) youth group in public space."""
    PARENTS = "parents"
    """Parents or carers."""
    EDUCATION_STAFF = "education_staff"
    """Teachers and other education staff."""
    PROFESSIONALS = "professionals"
    """Other professionals, e.g. youth workers or shop staff."""
    OTHER = "other"
    """Anyone else."""


@attrs.frozen(kw_only=True)
class AgeRange:
    """Ages from ``minimum`` to ``maximum`` years, both included.

    Attributes:
        minimum: the youngest age, 0 to 120.
        maximum: the oldest age, not below the minimum.

    """

    minimum: int = attrs.field(validator=whole_number(0, 120))
    maximum: int = attrs.field(validator=whole_number(0, 120))

    def __attrs_post_init__(self) -> None:
        if self.maximum < self.minimum:
            raise InvalidValue(
                "AgeRange", "maximum", self.maximum, f"must not be below the minimum {self.minimum}"
            )

    def __contains__(self, age: object) -> bool:
        return isinstance(age, int) and self.minimum <= age <= self.maximum


@attrs.frozen(kw_only=True)
class TargetGroup:
    """The people an intervention is for. Describes the group, never individuals.

    Attributes:
        audience: who they are.
        description: the group in a few words, e.g. ``"groep 8, De Regenboog"``.
        age_range: their ages, if it matters.
        size: about how many people, if known.
        parents_involved: whether parents take part too.

    """

    audience: Audience
    description: str = attrs.field(validator=text(200))
    age_range: AgeRange | None = None
    size: int | None = attrs.field(default=None, validator=optional(whole_number(1, 100_000)))
    parents_involved: bool = False


_TRAINER = re.compile(r"[A-Za-z0-9._-]{1,32}")


@attrs.frozen(kw_only=True)
class Session:
    """One planned meeting of an intervention with its target group.

    Attributes:
        start: when it starts, with a time zone (kept in Europe/Amsterdam).
        end: when it ends, after the start.
        location: where, e.g. ``"OBS De Regenboog, lokaal 12"``.
        trainer: the staff code of the Halt trainer, if assigned (a code, not a name).

    """

    # Checked in __attrs_post_init__ with the order of the two: one call, not three.
    start: dt.datetime
    end: dt.datetime
    location: str = attrs.field(validator=text(200))
    trainer: str | None = attrs.field(
        default=None,
        validator=optional(
            matches(_TRAINER, "expected a staff code of 1 to 32 letters, digits, ., _ or -")
        ),
    )

    def __attrs_post_init__(self) -> None:
        check_time_slot(self, self.start, self.end)


@attrs.frozen(kw_only=True)
class Evaluation:
    """How delivered work went, agreed with the commissioning client.

    Attributes:
        evaluated_on: the day of the evaluation.
        summary: what came out of it.
        reached: how many people the work reached, if counted.

    """

    evaluated_on: dt.date
    summary: str = attrs.field(validator=text(2000))
    reached: int | None = attrs.field(default=None, validator=optional(whole_number(0, 1_000_000)))


@attrs.frozen(kw_only=True)
class Intervention:
    """A piece of preventive work: requested, agreed, planned, delivered and evaluated.

    Attributes:
        id: the intervention's id.
        kind: what kind of work it is.
        title: a short name, e.g. ``"Voorlichtingsles vuurwerk groep 8"``.
        problem_areas: the problems it addresses.
        target_group: who it is for.
        area: where the work takes place.
        commissioner: the commissioning client (opdrachtgever), if there is one.
        school: the school where it takes place, for work at a school.
        partners: other partners taking part.
        collaboration: the commission or collaboration it is part of, if any.
        period: the period agreed for the work, if agreed.
        sessions: the planned sessions, in the order they were planned.
        status: where it stands in its lifecycle.
        requested_on: the day it was asked for.
        evaluation: how it went, once evaluated.
        notes: anything else worth knowing, free text.

    """

    id: InterventionId
    kind: InterventionKind
    title: str = attrs.field(validator=text(200))
    problem_areas: frozenset[ProblemArea] = frozenset()
    target_group: TargetGroup
    area: Area
    commissioner: PartnerId | None = None
    school: PartnerId | None = None
    partners: tuple[PartnerId, ...] = ()
    collaboration: CollaborationId | None = None
    period: Period | None = None
    sessions: tuple[Session, ...] = ()
    status: InterventionStatus = InterventionStatus.REQUESTED
    requested_on: dt.date
    evaluation: Evaluation | None = None
    notes: str = attrs.field(default="", validator=free_text())
