"""Preventive interventions: the work Halt does to prevent youth crime.

An intervention is a lesson, an advice, a mediation or other preventive work, usually
commissioned by a municipality or a school, for a target group in an area, delivered in
planned sessions.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import CollaborationId, InterventionId, PartnerId, SessionId, stable_id
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL, PROFESSIONAL_CONTACT
from halt_core.model._checks import (
    DECODING,
    check_types,
    free_text_allowed,
    is_clean,
    is_text,
    raise_first,
)
from halt_core.model._intervention_checks import (
    TEXT_200,
    check_age_range,
    check_evaluation,
    check_session,
    check_target_group,
)
from halt_core.model.geography import Area
from halt_core.model.periods import FIRST_DAY, LAST_DAY, Period, check_time_slot
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

    # The checks of the hot classes are written out in __attrs_post_init__: one Python call
    # per value instead of one per field is a third of the time to decode an intervention.
    minimum: int = attrs.field(metadata=ORGANISATIONAL)
    maximum: int = attrs.field(metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        low, high = self.minimum, self.maximum
        # Two whole numbers in order: all the checks (check_types' too) in one comparison.
        if type(low) is int and type(high) is int and 0 <= low <= high <= 120:
            return
        check_age_range(self)

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

    audience: Audience = attrs.field(metadata=ORGANISATIONAL)
    description: str = attrs.field(metadata=FREE_TEXT)
    age_range: AgeRange | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    size: int | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    parents_involved: bool = attrs.field(default=False, metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        description, size, age_range = self.description, self.size, self.age_range
        # The usual group passes every check, check_types' too, written out in one expression;
        # anything else takes the checks below, which word each problem.
        if (
            type(description) is str
            and 0 < len(description) <= 200
            and not description.isspace()
            and (("\x00" not in description) if description.isascii() else is_clean(description))
            and (size is None or (type(size) is int and 1 <= size <= 100_000))
            and type(self.audience) is Audience
            and (age_range is None or isinstance(age_range, AgeRange))
            and type(self.parents_involved) is bool
        ):
            return
        check_target_group(self)


_decoding = DECODING.get  # True while msgspec builds values, their types checked already

# What a trainer's staff code is made of: the characters of the full check's pattern.
_CODE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"


NO_SESSION_ID = SessionId(uuid.UUID(int=0))
# The id of a session that was not given one (the nil UUID): the intervention or event that
# holds it gives it its own (with_session_ids). Documents written before sessions had ids
# read with it.


@attrs.frozen(kw_only=True)
class Session:
    """One planned meeting of an intervention with its target group.

    A session keeps its :attr:`id` when it is moved (``attrs.evolve(session, start=...,
    end=...)``), so a calendar updates its event instead of adding one.

    Attributes:
        id: the session's id, unique within its intervention. Leave it out for a new session:
            the intervention (or event) holding it gives it an id derived from the
            intervention's id and the session's start, the same on every run and every read
            (``stable_id(SessionId, str(intervention_id), start.isoformat())``, with a
            counter added should two sessions start together). Until then it is the nil
            UUID.
        start: when it starts, with a time zone (kept in Europe/Amsterdam).
        end: when it ends, after the start.
        location: where, e.g. ``"OBS De Regenboog, lokaal 12"``.
        trainer: the staff code of the Halt trainer, if assigned (a code, not a name).

    """

    id: SessionId = attrs.field(default=NO_SESSION_ID, metadata=ORGANISATIONAL)
    start: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    end: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    location: str = attrs.field(metadata=ORGANISATIONAL)
    trainer: str | None = attrs.field(default=None, metadata=PROFESSIONAL_CONTACT)  # a staff code

    def __attrs_post_init__(self) -> None:
        location, trainer = self.location, self.trainer
        # The usual session passes every check, check_types' too, written out in one
        # expression; anything else takes the checks below, which word each problem. The
        # fields are read in the order those do: the converter runs this on a stand-in that
        # lacks the fields a broken document could not give, to list every problem.
        if (
            type(location) is str
            and 0 < len(location) <= 200
            and not location.isspace()
            and (("\x00" not in location) if location.isascii() else is_clean(location))
            and (
                trainer is None
                # What _TRAINER matches: strip() leaves nothing of 1 to 32 allowed characters.
                or (type(trainer) is str and 0 < len(trainer) <= 32 and not trainer.strip(_CODE))
            )
            and isinstance(self.id, uuid.UUID)
            and type(start := self.start) is dt.datetime
            and type(end := self.end) is dt.datetime
        ):
            check_time_slot(self, start, end)
            return
        check_session(self)


def with_session_ids(
    owner: uuid.UUID, sessions: tuple[Session, ...], taken: Iterable[SessionId] = ()
) -> tuple[Session, ...]:
    """``sessions``, each without an id given one derived from ``owner`` and its start.

    ``owner`` is the id of the intervention the sessions belong to. A session without an id
    (the nil UUID: made without one, or read from a document written before sessions had
    ids) gets ``stable_id(SessionId, str(owner), start.isoformat())``; when that id is taken
    (by another session of ``sessions``, or by one of ``taken``, e.g. the dropped sessions),
    ``"2"``, ``"3"``, ... is added as a further part until it is free. The same sessions in
    the same order always get the same ids, so a document without ids reads to the same ids
    every time. Returns ``sessions`` itself when every session has an id.
    """
    if all(s.id.int for s in sessions):
        return sessions
    used = {s.id for s in sessions if s.id.int}
    used.update(taken)
    given = []
    for session in sessions:
        if not session.id.int:
            parts = (str(owner), session.start.isoformat())
            found, n = stable_id(SessionId, *parts), 2
            while found in used:
                found, n = stable_id(SessionId, *parts, str(n)), n + 1
            used.add(found)
            session = attrs.evolve(session, id=found)
        given.append(session)
    return tuple(given)


@attrs.frozen(kw_only=True)
class Evaluation:
    """How delivered work went, agreed with the commissioning client.

    Attributes:
        evaluated_on: the day of the evaluation.
        summary: what came out of it.
        reached: how many people the work reached, if counted.

    """

    evaluated_on: dt.date = attrs.field(metadata=ORGANISATIONAL)
    summary: str = attrs.field(metadata=FREE_TEXT)
    reached: int | None = attrs.field(default=None, metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        summary, reached = self.summary, self.reached
        # The usual evaluation passes every check, check_types' too, written out in one
        # expression; anything else takes the checks below, which word each problem. The day
        # is read last, as those do (the converter runs this on a stand-in without it).
        if (
            type(summary) is str
            and 0 < len(summary) <= 2000
            and not summary.isspace()
            and (("\x00" not in summary) if summary.isascii() else is_clean(summary))
            and (reached is None or (type(reached) is int and 0 <= reached <= 1_000_000))
            and type(day := self.evaluated_on) is dt.date
            and FIRST_DAY <= day <= LAST_DAY
        ):
            return
        check_evaluation(self)


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
        sessions: the planned sessions, in the order they were planned; each has an id of
            its own (a session given without one gets one derived from this id and its start).
        dropped_sessions: sessions a re-planning dropped, as they were last planned, so a
            calendar can cancel their events (with their old UIDs); kept until
            :data:`~halt_core.lifecycle.interventions.DROPPED_SESSIONS_KEPT` after they
            would have ended (the lifecycle forgets them when it plans again).
        status: where it stands in its lifecycle.
        requested_on: the day it was asked for.
        evaluation: how it went, once evaluated.
        notes: anything else worth knowing, free text.

    """

    id: InterventionId = attrs.field(metadata=ORGANISATIONAL)
    kind: InterventionKind = attrs.field(metadata=ORGANISATIONAL)
    # Named like a forum or a collaboration, for the work, not for a youth: organisational.
    title: str = attrs.field(metadata=ORGANISATIONAL)
    problem_areas: frozenset[ProblemArea] = attrs.field(
        default=frozenset(), metadata=ORGANISATIONAL
    )
    # A field holding records has the strictest category of their fields (see
    # halt_core.privacy.categories.strictest): the description, the summary, the trainer.
    target_group: TargetGroup = attrs.field(metadata=FREE_TEXT)
    area: Area = attrs.field(metadata=ORGANISATIONAL)
    commissioner: PartnerId | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    school: PartnerId | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    partners: tuple[PartnerId, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)
    collaboration: CollaborationId | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    period: Period | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    sessions: tuple[Session, ...] = attrs.field(default=(), metadata=PROFESSIONAL_CONTACT)
    dropped_sessions: tuple[Session, ...] = attrs.field(default=(), metadata=PROFESSIONAL_CONTACT)
    status: InterventionStatus = attrs.field(
        default=InterventionStatus.REQUESTED, metadata=ORGANISATIONAL
    )
    requested_on: dt.date = attrs.field(metadata=ORGANISATIONAL)
    evaluation: Evaluation | None = attrs.field(default=None, metadata=FREE_TEXT)
    notes: str = attrs.field(default="", metadata=FREE_TEXT)

    def __attrs_post_init__(self) -> None:
        title, notes = self.title, self.notes
        usual = (
            type(title) is str
            and 0 < len(title) <= 200
            and not title.isspace()
            and type(notes) is str
            and len(notes) <= 2000
        )
        if not usual:
            # Something is wrong (or a subclass of str): find every problem, in words.
            problems = []
            if not is_text(title, 200):
                problems.append(InvalidValue("Intervention", "title", title, TEXT_200))
            if not isinstance(notes, str) or len(notes) > 2000:
                problems.append(
                    InvalidValue("Intervention", "notes", notes, free_text_allowed(2000))
                )
            if problems:
                raise_first(problems)
        if not (
            usual
            and _decoding()
            # What check_types checks while msgspec decodes (the text and the day), written
            # out; test_quick_checks keeps the list of those fields.
            and (("\x00" not in title) if title.isascii() else is_clean(title))
            and (("\x00" not in notes) if notes.isascii() else is_clean(notes))
            and type(day := self.requested_on) is dt.date
            and FIRST_DAY <= day <= LAST_DAY
        ):
            check_types(self)
        # Sessions without an id get theirs here: made in code without one, or read from a
        # document written before sessions had ids. Written out: it runs for every read.
        sessions = self.sessions
        for session in sessions:
            if not session.id.int:
                dropped = (s.id for s in self.dropped_sessions)
                sessions = with_session_ids(self.id, sessions, dropped)
                object.__setattr__(self, "sessions", sessions)
                break
        if self.dropped_sessions:
            live = (s.id for s in sessions)
            dropped_given = with_session_ids(self.id, self.dropped_sessions, live)
            object.__setattr__(self, "dropped_sessions", dropped_given)
