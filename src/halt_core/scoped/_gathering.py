"""Gathering a scoped network: the records a question is about, and what the rules need of the rest.

A scoped check holds its *subjects* (the records it reports on), then what they refer to (and
what those refer to, until nothing new is named), then, for each network rule, the few other
records that rule compares its subjects with: every record is read through the store's
indexes, never by reading the whole store.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from halt_core.model import CollaborationStatus, Network
from halt_core.rules import Subject
from halt_core.rules._changes import references_of
from halt_core.storage import UnitOfWork

__all__ = ["WIDER_READS", "Gathered", "gather"]


@attrs.frozen
class Gathered:
    """A network gathered around some subjects.

    Attributes:
        network: the subjects, what they refer to, and what the network rules compare them
            with; each kind in id order, as :meth:`UnitOfWork.load_network` gives it.
        subjects: the ids of the subjects, per kind.
        wider: per rule id, how many records were read for that rule beyond the subjects and
            what they refer to (only rules that read any).
        compared: the ids of those records, per kind.

    """

    network: Network
    subjects: Mapping[Subject, frozenset[uuid.UUID]]
    wider: Mapping[str, int]
    compared: Mapping[Subject, frozenset[uuid.UUID]] = attrs.field(factory=dict)

    @property
    def held(self) -> int:
        """How many records the network holds."""
        return sum(len(getattr(self.network, s.collection)) for s in Subject)


class _Holding:
    """The records gathered so far, per kind, by id."""

    def __init__(self, uow: UnitOfWork, *, whole_forums: bool = False) -> None:
        self.uow = uow
        self.records: dict[Subject, dict[uuid.UUID, Any]] = {s: {} for s in Subject}
        self.whole_forums = whole_forums

    def add(self, subject: Subject, records: Iterable[Any]) -> list[Any]:
        """Hold ``records``; return those not held before."""
        held = self.records[subject]
        new = [r for r in records if r.id not in held]
        for record in new:
            held[record.id] = record
        return new

    def follow(self, subject: Subject, records: Iterable[Any]) -> None:
        """Hold what ``records`` refer to, and what that refers to, until nothing is new."""
        waiting: list[tuple[Subject, Any]] = [(subject, r) for r in records]
        while waiting:
            missing: dict[Subject, set[uuid.UUID]] = {}
            for kind, record in waiting:
                for target, id in references_of(kind, record):
                    if id not in self.records[target]:
                        missing.setdefault(target, set()).add(id)
            waiting = []
            for target, ids in missing.items():
                found = self.repository(target).find_many(sorted(ids, key=str))
                waiting.extend((target, r) for r in self.add(target, found))

    def repository(self, subject: Subject) -> Any:
        return getattr(self.uow, subject.collection)

    def naming(
        self, subject: Subject, ids: Iterable[uuid.UUID] = (), trainers: Iterable[str] = ()
    ) -> int:
        """Hold the records of kind ``subject`` naming ``ids`` or booking ``trainers``.

        Returns how many were new. Nothing is read when there is nothing to look for.
        """
        keys, codes = sorted(set(ids), key=str), sorted(set(trainers))
        if not keys and not codes:
            return 0
        held = self.records[subject]
        found = self.repository(subject).referencing(keys, trainers=codes, besides=held.keys())
        return len(self.add(subject, found))

    def network(self) -> Network:
        return Network(
            **{
                s.collection: tuple(sorted(self.records[s].values(), key=lambda r: str(r.id)))
                for s in Subject
            }
        )


WiderRead = Callable[[_Holding, Mapping[Subject, frozenset[uuid.UUID]]], int]
"""A network rule's extra reads: given what is held and the subjects, read more; how many."""


def _same_partners(holding: _Holding, subjects: Mapping[Subject, frozenset[uuid.UUID]]) -> int:
    """HC-COLLAB-008: the collaborations naming a partner of an active subject collaboration.

    A duplicate has the same partners, so it names them too.
    """
    held = holding.records[Subject.COLLABORATION]
    partners = (
        p
        for id in subjects[Subject.COLLABORATION]
        if held[id].status is CollaborationStatus.ACTIVE
        for p in held[id].partners
    )
    return holding.naming(Subject.COLLABORATION, partners)


def _planned_work(holding: _Holding, subjects: Mapping[Subject, frozenset[uuid.UUID]]) -> int:
    """HC-COLLAB-009: the forums, meetings and interventions of an ended subject collaboration."""
    held = holding.records[Subject.COLLABORATION]
    ended = {id for id in subjects[Subject.COLLABORATION] if held[id].status is _ENDED}
    if not ended:
        return 0
    count = holding.naming(Subject.FORUM, ended) + holding.naming(Subject.INTERVENTION, ended)
    forums = (f.id for f in holding.records[Subject.FORUM].values() if f.collaboration in ended)
    return count + holding.naming(Subject.MEETING, forums)


_ENDED = CollaborationStatus.ENDED


def _forum_meetings(holding: _Holding, subjects: Mapping[Subject, frozenset[uuid.UUID]]) -> int:
    """HC-FORUM-008: every meeting of the forum of a subject meeting."""
    held = holding.records[Subject.MEETING]
    forums = {held[id].forum for id in subjects[Subject.MEETING]}
    if holding.whole_forums:  # the subjects hold every meeting of their forums already
        forums -= subjects[Subject.FORUM]
    return holding.naming(Subject.MEETING, forums)


def _trainer_sessions(holding: _Holding, subjects: Mapping[Subject, frozenset[uuid.UUID]]) -> int:
    """HC-INTERV-009: every intervention booking a trainer of a subject intervention."""
    held = holding.records[Subject.INTERVENTION]
    trainers = (
        s.trainer
        for id in subjects[Subject.INTERVENTION]
        for s in held[id].sessions
        if s.trainer is not None
    )
    return holding.naming(Subject.INTERVENTION, trainers=trainers)


WIDER_READS: Mapping[str, WiderRead] = {
    "HC-COLLAB-008": _same_partners,
    "HC-COLLAB-009": _planned_work,
    "HC-FORUM-008": _forum_meetings,
    "HC-INTERV-009": _trainer_sessions,
}
"""What each built-in network rule reads beyond its subjects and what they refer to."""


def gather(
    uow: UnitOfWork,
    subjects: Mapping[Subject, Iterable[Any]],
    rule_ids: Iterable[str],
    *,
    whole_forums: bool = False,
) -> Gathered:
    """Hold ``subjects``, what they refer to, and what the rules ``rule_ids`` compare them with.

    ``rule_ids`` are the rules that will run; only network rules that compare records
    (``HC-COLLAB-008``, ``HC-COLLAB-009``, ``HC-FORUM-008``, ``HC-INTERV-009``) read more.
    ``whole_forums`` says that the subject meetings include every meeting of each subject
    forum (as when the subjects are a region's forums and their meetings), so those are not
    read again.
    """
    holding = _Holding(uow, whole_forums=whole_forums)
    ids: dict[Subject, frozenset[uuid.UUID]] = {}
    for kind in Subject:
        records = list(subjects.get(kind, ()))
        holding.add(kind, records)
        ids[kind] = frozenset(r.id for r in records)
    for kind in Subject:
        holding.follow(kind, (holding.records[kind][id] for id in ids[kind]))
    before = {kind: set(holding.records[kind]) for kind in Subject}
    wider: dict[str, int] = {}
    for rule_id in rule_ids:
        read = WIDER_READS.get(rule_id)
        if read is not None:
            count = read(holding, ids)
            if count:
                wider[rule_id] = count
    compared = {kind: frozenset(holding.records[kind].keys() - before[kind]) for kind in Subject}
    return Gathered(holding.network(), ids, wider, compared)
