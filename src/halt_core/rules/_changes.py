"""What changed between two networks, and which records a change can affect.

An incremental check (``RuleSet.check(network, changed=ids, previous=report)``) builds one
:class:`Changes` from the previous check's context and the new network: the records before and
after, and the index of who refers to whom, so each rule checks again only what a change can
reach.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from halt_core.model import Network
from halt_core.rules._violations import Subject

__all__ = ["Changes", "References", "index_of", "references_of"]

_NUMBER = {subject: n for n, subject in enumerate(Subject)}
_INDEX = {subject: f"_{subject.value}_index" for subject in Subject}


def _key(subject: Subject, id: uuid.UUID) -> int:
    # One int per (kind, id): ints hash in C, and ids are unique only within a kind.
    return (_NUMBER[subject] << 128) | id.int


def index_of(network: Network, subject: Subject) -> Mapping[uuid.UUID, Any]:
    """``network``'s own index by id of its records of kind ``subject`` (built once)."""
    index: Mapping[uuid.UUID, Any] = getattr(network, _INDEX[subject])
    return index


def references_of(subject: Subject, record: Any) -> Iterator[tuple[Subject, uuid.UUID]]:
    """The records ``record`` (of kind ``subject``) refers to, as kind and id."""
    if subject is Subject.PARTNER:
        return
    if subject is Subject.MEETING:
        yield Subject.FORUM, record.forum
        for partner in record.attendees:
            yield Subject.PARTNER, partner
        for case in record.cases:
            if case.referral is not None:
                yield Subject.REFERRAL, case.referral
            for partner in case.discussed_with or ():
                yield Subject.PARTNER, partner
        return
    if subject is Subject.REFERRAL:
        yield Subject.PARTNER, record.referrer
        return
    if subject is Subject.FORUM:
        for partner in record.members:
            yield Subject.PARTNER, partner
    else:  # a collaboration or an intervention
        for partner in record.partners:
            yield Subject.PARTNER, partner
        if record.commissioner is not None:
            yield Subject.PARTNER, record.commissioner
        if subject is Subject.INTERVENTION and record.school is not None:
            yield Subject.PARTNER, record.school
    if subject is not Subject.COLLABORATION and record.collaboration is not None:
        yield Subject.COLLABORATION, record.collaboration


class References:
    """Who refers to whom in one network: for each record, the records that name it.

    Built once from a network (one pass over every record) and then kept up to date by
    :meth:`remove` and :meth:`add` as records change, so a chain of incremental checks
    builds it once.
    """

    def __init__(self) -> None:
        self._by_target: dict[int, dict[int, tuple[Subject, uuid.UUID]]] = {}

    @classmethod
    def of(cls, network: Network) -> References:
        """The references of every record of ``network``."""
        references = cls()
        for subject in Subject:
            for record in getattr(network, subject.collection):
                references.add(subject, record)
        return references

    def add(self, subject: Subject, record: Any) -> None:
        """Note what ``record`` (of kind ``subject``) refers to."""
        source = (subject, record.id)
        key = _key(subject, record.id)
        by_target = self._by_target
        for target in references_of(subject, record):
            names = by_target.get(_key(*target))
            if names is None:
                by_target[_key(*target)] = {key: source}
            else:
                names[key] = source

    def remove(self, subject: Subject, record: Any) -> None:
        """Forget what ``record`` (of kind ``subject``) refers to."""
        key = _key(subject, record.id)
        for target in references_of(subject, record):
            names = self._by_target.get(_key(*target))
            if names is not None:
                names.pop(key, None)

    def referrers(self, subject: Subject, id: uuid.UUID) -> Iterable[tuple[Subject, uuid.UUID]]:
        """The records that refer to the record of kind ``subject`` with ``id``."""
        names = self._by_target.get(_key(subject, id))
        return () if names is None else names.values()


class Changes:
    """The records that changed between the previous network and the new one.

    Attributes:
        ids: the ids the caller named as changed.
        old: per kind, the changed records as the previous network held them (a record added
            since is not there).
        new: per kind, the changed records as the new network holds them (a record removed
            is not there).
        before: the previous network.
        after: the new network.

    """

    def __init__(
        self, ids: Iterable[uuid.UUID], before: Network, after: Network, references: References
    ) -> None:
        self.ids = frozenset(ids)
        self.before = before
        self.after = after
        self._references = references
        self.old: dict[Subject, dict[uuid.UUID, Any]] = {}
        self.new: dict[Subject, dict[uuid.UUID, Any]] = {}
        for subject in Subject:
            old_index, new_index = index_of(before, subject), index_of(after, subject)
            old, new = {}, {}
            for id in self.ids:
                was, now = old_index.get(id), new_index.get(id)
                if was is now:
                    continue  # absent from both, or the very same record: nothing changed
                if was is not None:
                    old[id] = was
                if now is not None:
                    new[id] = now
            self.old[subject], self.new[subject] = old, new
        self._affected: dict[tuple[Subject, frozenset[Subject]], frozenset[uuid.UUID]] = {}

    def of(self, subject: Subject) -> frozenset[uuid.UUID]:
        """The ids of the changed records of kind ``subject`` (added, replaced or removed)."""
        return frozenset(self.old[subject]) | frozenset(self.new[subject])

    def index(self, subject: Subject) -> Mapping[uuid.UUID, Any]:
        """The new network's records of kind ``subject`` by id."""
        return index_of(self.after, subject)

    def referrers(self, subject: Subject, id: uuid.UUID) -> Iterable[tuple[Subject, uuid.UUID]]:
        """The records of the new network that refer to the record of ``subject`` with ``id``."""
        return self._references.referrers(subject, id)

    def affected(self, subject: Subject, reads: frozenset[Subject]) -> frozenset[uuid.UUID]:
        """The records of kind ``subject`` whose check may come out differently.

        The changed ones, and, for a rule that ``reads`` other kinds of record, those that
        refer to a changed record of those kinds, directly or through a record of those kinds
        (a meeting whose forum has a changed member).
        """
        known = self._affected.get((subject, reads))
        if known is not None:
            return known
        found = set(self.of(subject))
        step = [(kind, id) for kind in reads for id in self.of(kind)]
        for last in (False, True):
            further: list[tuple[Subject, uuid.UUID]] = []
            for kind, id in step:
                for name in self.referrers(kind, id):
                    if name[0] is subject:
                        found.add(name[1])
                    if not last and name[0] in reads:
                        further.append(name)
            step = further
        result = self._affected[(subject, reads)] = frozenset(found)
        return result
