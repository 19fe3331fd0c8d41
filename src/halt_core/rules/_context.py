"""The context of one check: the network, the moment, and indexes shared by every rule."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from halt_core.errors import InvalidValue
from halt_core.ids import ForumId
from halt_core.model import (
    AMSTERDAM,
    Area,
    AreaKind,
    Collaboration,
    Forum,
    Gazetteer,
    Intervention,
    InterventionStatus,
    Meeting,
    Network,
    Partner,
    Referral,
    Session,
)
from halt_core.model.settings import RuleSettings
from halt_core.rules._changes import References

__all__ = [
    "CheckContext",
    "Chosen",
    "Instants",
    "MeetingSlot",
    "TrainerSlot",
    "meeting_slot",
    "trainer_slots",
]

TrainerSlot = tuple[float, float, int, int, Intervention, Session]
"""A session in a trainer's schedule: start and end (timestamps), the intervention's id as an
int, the session's place in the intervention, the intervention and the session. Tuples sort
as the overlap rule orders sessions: by start, end and id (an id's int orders as its text)."""

MeetingSlot = tuple[float, int, float, Meeting]
"""A meeting in a forum's calendar: start (timestamp), the meeting's id as an int, end, the
meeting. Tuples sort by start, then id: ids are unique, so meetings are never compared."""

Chosen = tuple[tuple[str, frozenset[object]], ...]
"""Which records a record rule is about (its ``where=``): pairs of a field and the values
it may hold."""

_DROPPED = frozenset({InterventionStatus.DECLINED, InterventionStatus.CANCELLED})


class Instants(dict[dt.datetime, float]):
    """The timestamps of moments, each worked out once: ``instants[moment]``.

    Comparing times of one zone by their wall clocks is wrong around the autumn's repeated
    hour, so the overlap rules compare timestamps; working one out costs a zone lookup, while
    a moment's hash is cached on it and sessions and meetings share their start times. Look
    up a moment with its ``fold`` set (the second 02:30 of that night) directly: it is equal
    to, and hashes as, the first.
    """

    def __missing__(self, moment: dt.datetime) -> float:
        # Only for fold 0: a moment with fold 1 equals, and hashes as, the one with fold 0.
        value = self[moment] = moment.timestamp()
        return value

    def of(self, moment: dt.datetime) -> float:
        """The timestamp of ``moment``."""
        return moment.timestamp() if moment.fold else self[moment]


def trainer_slots(intervention: Intervention, instants: Instants) -> list[tuple[str, TrainerSlot]]:
    """The trainers' slots of ``intervention``'s sessions; none when the work was dropped."""
    if intervention.status in _DROPPED:
        return []
    key = intervention.id.int
    slots = []
    for n, s in enumerate(intervention.sessions):
        if s.trainer is not None:
            start, end = s.start, s.end  # instants.of(...), without a call per moment
            slot = (
                instants[start] if not start.fold else start.timestamp(),
                instants[end] if not end.fold else end.timestamp(),
                key,
                n,
                intervention,
                s,
            )
            slots.append((s.trainer, slot))
    return slots


def meeting_slot(meeting: Meeting, instants: Instants) -> MeetingSlot | None:
    """``meeting``'s slot in its forum's calendar; None when it was called off."""
    if meeting.cancelled:
        return None
    return (instants.of(meeting.start), meeting.id.int, instants.of(meeting.end), meeting)


class CheckContext:
    """What a rule sees: the network, the gazetteer, the moment of checking, and indexes.

    Rules read it; they never change it. The indexes are built on first use and shared by
    all rules of one check; the id indexes are the network's own, so checks of one network
    (and of a network made from it with :meth:`~halt_core.model.Network.with_records`) share
    them. An incremental check takes the indexes over from the previous check's context and
    updates them for the changed records instead of building them again.

    Attributes:
        network: the network being checked.
        gazetteer: the municipal division areas are resolved against.
        now: the moment of checking (aware); "in the past" means before it.
        settings: the facts of law and practice the rules use.

    """

    def __init__(
        self,
        network: Network,
        gazetteer: Gazetteer | None = None,
        now: dt.datetime | None = None,
        settings: RuleSettings | None = None,
    ) -> None:
        if now is not None and now.utcoffset() is None:
            raise InvalidValue(
                "CheckContext", "now", now, "expected a date and time with a time zone"
            )
        self.network = network
        self.gazetteer = gazetteer or Gazetteer.load()
        self.now = now or dt.datetime.now(AMSTERDAM)
        self.settings = settings or RuleSettings()
        # By an area's kind and codes (what an Area is): a tuple of strings hashes in C, an
        # Area in Python, and each record holds its own Area object.
        self._codes: dict[tuple[AreaKind, tuple[str, ...]], frozenset[str] | None] = {}
        # The records record rules with where= are about, by collection and filter, with the
        # collection they were chosen from (so a stale choice is never used).
        self._chosen: dict[tuple[str, Chosen], tuple[Sequence[object], list[Any]]] = {}
        self._members: dict[int, frozenset[uuid.UUID]] = {}
        self._municipalities: dict[str, Area] = {}
        self.instants = Instants()
        """The timestamps of moments (session and meeting times), worked out once."""
        # The ids of the rule set that used this context: an incremental check builds on a
        # previous check only when they are its own.
        self.rule_ids: tuple[str, ...] = ()

    @property
    def today(self) -> dt.date:
        """The day of :attr:`now` in Europe/Amsterdam."""
        return self.now.astimezone(AMSTERDAM).date()

    def partner(self, id: uuid.UUID | None) -> Partner | None:
        """The partner with ``id``, or None when there is none (or ``id`` is None)."""
        return None if id is None else self._partner_ids.get(id.int)

    def forum(self, id: uuid.UUID | None) -> Forum | None:
        """The forum with ``id``, or None when there is none."""
        return None if id is None else self._forum_ids.get(id.int)

    def collaboration(self, id: uuid.UUID | None) -> Collaboration | None:
        """The collaboration with ``id``, or None when there is none."""
        return None if id is None else self._collaboration_ids.get(id.int)

    def referral(self, id: uuid.UUID | None) -> Referral | None:
        """The referral with ``id``, or None when there is none."""
        return None if id is None else self._referral_ids.get(id.int)

    def members(self, forum: Forum) -> frozenset[uuid.UUID]:
        """The ids of ``forum``'s members, as a set made once per forum and check."""
        key = forum.id.int  # an int hashes in C
        members = self._members.get(key)
        if members is None:
            members = self._members[key] = frozenset(forum.members)
        return members

    def municipality(self, code: str) -> Area:
        """The area of the municipality ``code``, made once per code and check."""
        area = self._municipalities.get(code)
        if area is None:
            area = self._municipalities[code] = Area.municipality(code)
        return area

    def codes(self, area: Area) -> frozenset[str] | None:
        """The municipality codes in ``area``, or None when the area names unknown codes."""
        key = (area.kind, area.codes)
        try:
            return self._codes[key]
        except KeyError:
            codes = (
                self.gazetteer.municipality_codes_in(area) if self.gazetteer.knows(area) else None
            )
            self._codes[key] = codes
            return codes

    def chosen(self, collection: str, where: Chosen) -> list[Any]:
        """The records of ``collection`` whose fields hold the values ``where`` allows.

        ``where`` is a tuple of (field, allowed values). Worked out once per check and filter
        with C loops only (attrgetter, frozenset lookups, compress), in the network's order.
        """
        records = getattr(self.network, collection)
        key = (collection, where)
        known = self._chosen.get(key)
        if known is not None and known[0] is records:
            return known[1]
        selected: Iterable[Any] = records
        for field, values in where:
            kept = list(selected)
            selected = itertools.compress(
                kept, map(values.__contains__, map(operator.attrgetter(field), kept))
            )
        result = list(selected)
        self._chosen[key] = (records, result)
        return result

    def unknown_codes(self, area: Area) -> tuple[str, ...]:
        """The codes ``area`` names that the gazetteer does not know; empty when it knows all.

        For municipalities, each unknown municipality code; for a safety region or an
        arrondissement, its code.
        """
        if self.codes(area) is not None:
            return ()
        if area.kind in (AreaKind.MUNICIPALITY, AreaKind.MUNICIPALITIES):
            return (
                tuple(code for code in area.codes if self.codes(self.municipality(code)) is None)
                or area.codes
            )
        return area.codes

    def inside(self, outer: Area, inner: Area) -> bool | None:
        """Whether ``inner`` lies inside ``outer``; None when either names unknown codes."""
        outer_codes, inner_codes = self.codes(outer), self.codes(inner)
        if outer_codes is None or inner_codes is None:
            return None
        if inner.level.value == "national":
            return outer.level.value == "national"
        return inner_codes <= outer_codes

    # -- indexes: the network's own id indexes, and groupings for the rules that compare ----

    # By the ints of the ids: an int hashes in C, a UUID in Python, and rules look up a
    # partner or forum for nearly every record. Built once per check (or carried over).

    @functools.cached_property
    def _partner_ids(self) -> dict[int, Partner]:
        return {r.id.int: r for r in self.network.partners}

    @functools.cached_property
    def _forum_ids(self) -> dict[int, Forum]:
        return {r.id.int: r for r in self.network.forums}

    @functools.cached_property
    def _collaboration_ids(self) -> dict[int, Collaboration]:
        return {r.id.int: r for r in self.network.collaborations}

    @functools.cached_property
    def _referral_ids(self) -> dict[int, Referral]:
        return {r.id.int: r for r in self.network.referrals}

    @functools.cached_property
    def ended_partners(self) -> set[int]:
        """The ids (as ints) of the partners that have ended: few, and often none."""
        return {p.id.int for p in self.network.partners if p.ended_on is not None}

    @functools.cached_property
    def references(self) -> References:
        """Who refers to whom: for each record, the records that name it."""
        return References.of(self.network)

    @functools.cached_property
    def trainer_schedules(self) -> dict[str, list[TrainerSlot]]:
        """Each trainer's sessions of work not dropped, sorted; trainers in name order."""
        schedules: dict[str, list[TrainerSlot]] = {}
        instants = self.instants
        # trainer_slots, written out: this loop runs for every session of the network.
        for intervention in self.network.interventions:
            if intervention.status in _DROPPED or not intervention.sessions:
                continue
            key = intervention.id.int
            for n, s in enumerate(intervention.sessions):
                trainer = s.trainer
                if trainer is None:
                    continue
                start, end = s.start, s.end
                slot = (
                    instants[start] if not start.fold else start.timestamp(),
                    instants[end] if not end.fold else end.timestamp(),
                    key,
                    n,
                    intervention,
                    s,
                )
                schedule = schedules.get(trainer)
                if schedule is None:
                    schedules[trainer] = [slot]
                else:
                    schedule.append(slot)
        for schedule in schedules.values():
            schedule.sort()
        return {trainer: schedules[trainer] for trainer in sorted(schedules)}

    @functools.cached_property
    def forum_calendars(self) -> dict[ForumId, list[MeetingSlot]]:
        """Each forum's meetings that were not called off, sorted by start and id."""
        calendars: dict[ForumId, list[MeetingSlot]] = {}
        for meeting in self.network.meetings:
            slot = meeting_slot(meeting, self.instants)
            if slot is None:
                continue
            calendar = calendars.get(meeting.forum)
            if calendar is None:
                calendars[meeting.forum] = [slot]
            else:
                calendar.append(slot)
        for calendar in calendars.values():
            calendar.sort()
        return calendars
