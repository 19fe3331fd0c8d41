"""The network: an immutable snapshot of everything halt_core knows at one moment.

A :class:`Network` is the value that rules check, stores load and exports read. It holds
tuples of records and answers lookups by id, kind, status and area; the indexes behind the
lookups are built on first use and kept for the life of the snapshot.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

import attrs

from halt_core.errors import InvalidValue, NotFound
from halt_core.ids import (
    CollaborationId,
    ForumId,
    InterventionId,
    MeetingId,
    PartnerId,
    ReferralId,
)
from halt_core.model._categories import FREE_TEXT, YOUTH_PERSONAL
from halt_core.model._checks import check_types
from halt_core.model.collaborations import (
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
)
from halt_core.model.forums import Forum, ForumKind, Meeting
from halt_core.model.gazetteer import Gazetteer
from halt_core.model.geography import Area, Level
from halt_core.model.interventions import Intervention, InterventionKind, InterventionStatus
from halt_core.model.partners import Partner, PartnerKind
from halt_core.model.referrals import Referral, ReferralStatus

__all__ = ["Network", "Record"]

Record = Partner | Collaboration | Forum | Meeting | Intervention | Referral
"""Any record a :class:`Network` holds."""

_R = TypeVar("_R", Partner, Collaboration, Forum, Meeting, Intervention, Referral)


def _unique_ids(instance: Network, attribute: Any, records: tuple[Any, ...]) -> None:
    if not isinstance(records, tuple) or not all(type(r) in _COLLECTION_OF for r in records):
        return  # a wrong type is check_types' to report, in __attrs_post_init__
    ids = {record.id for record in records}
    if len(ids) != len(records):
        counts = Counter(record.id for record in records)
        twice = sorted(str(id) for id, count in counts.items() if count > 1)
        raise InvalidValue(
            "Network",
            attribute.name,
            f"{len(records)} records",
            f"each id may occur once; repeated: {', '.join(twice[:5])}"
            + (f" and {len(twice) - 5} more" if len(twice) > 5 else ""),
        )


@attrs.frozen(kw_only=True)
class Network:
    """Halt's collaboration network at one moment: every record, immutable.

    Build one directly, start from :meth:`empty` and :meth:`with_records`, or load one from
    a store. Ids are unique within each kind of record.

    Attributes:
        partners: the organisations Halt works with.
        collaborations: chain cooperation, commissions, covenants and networks.
        forums: the consultations Halt sits in.
        meetings: the forums' meetings.
        interventions: preventive work.
        referrals: youths referred to Halt (pseudonymous).

    """

    # Each the strictest category of its records' fields (halt_core.privacy.categories.
    # strictest): every kind of record has a free-text field but referrals.
    partners: tuple[Partner, ...] = attrs.field(
        default=(), validator=_unique_ids, metadata=FREE_TEXT
    )
    collaborations: tuple[Collaboration, ...] = attrs.field(
        default=(), validator=_unique_ids, metadata=FREE_TEXT
    )
    forums: tuple[Forum, ...] = attrs.field(default=(), validator=_unique_ids, metadata=FREE_TEXT)
    meetings: tuple[Meeting, ...] = attrs.field(
        default=(), validator=_unique_ids, metadata=FREE_TEXT
    )
    interventions: tuple[Intervention, ...] = attrs.field(
        default=(), validator=_unique_ids, metadata=FREE_TEXT
    )
    referrals: tuple[Referral, ...] = attrs.field(
        default=(), validator=_unique_ids, metadata=YOUTH_PERSONAL
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)

    @classmethod
    def empty(cls) -> Network:
        """A network with no records."""
        return cls()

    def with_records(self, records: Iterable[Record]) -> Network:
        """A new network with ``records`` added, or replaced where the id is already there.

        Records are sorted into their collections by type; order is kept, a replaced record
        keeps its place.
        """
        # Start from this network's indexes (a copy of a dict is a C loop), and hand the
        # buckets to the new network as its indexes: checking it needs no pass to index it.
        buckets: dict[str, dict[Any, Any]] = {
            name: dict(getattr(self, index)) for name, index in _INDEX_OF.items()
        }
        for record in records:
            try:
                name = _COLLECTION_OF[type(record)]
            except KeyError:
                raise InvalidValue(
                    "Network",
                    "records",
                    record,
                    f"expected one of {', '.join(t.__name__ for t in _COLLECTION_OF)}",
                ) from None
            buckets[name][record.id] = record
        network = Network(**{name: tuple(bucket.values()) for name, bucket in buckets.items()})
        for name, index in _INDEX_OF.items():
            object.__setattr__(network, index, buckets[name])
        return network

    def __len__(self) -> int:
        """The number of records of every kind together."""
        return sum(len(getattr(self, name)) for name in _COLLECTION_OF.values())

    def counts(self) -> dict[str, int]:
        """The number of records of each kind, by collection name."""
        return {name: len(getattr(self, name)) for name in _COLLECTION_OF.values()}

    # -- by id ----------------------------------------------------------------------------

    def partner(self, id: PartnerId) -> Partner:
        """The partner with ``id``; :class:`~halt_core.errors.NotFound` if there is none."""
        return _get(self._partner_index, "partner", id)

    def collaboration(self, id: CollaborationId) -> Collaboration:
        """The collaboration with ``id``; :class:`~halt_core.errors.NotFound` if none."""
        return _get(self._collaboration_index, "collaboration", id)

    def forum(self, id: ForumId) -> Forum:
        """The forum with ``id``; :class:`~halt_core.errors.NotFound` if there is none."""
        return _get(self._forum_index, "forum", id)

    def meeting(self, id: MeetingId) -> Meeting:
        """The meeting with ``id``; :class:`~halt_core.errors.NotFound` if there is none."""
        return _get(self._meeting_index, "meeting", id)

    def intervention(self, id: InterventionId) -> Intervention:
        """The intervention with ``id``; :class:`~halt_core.errors.NotFound` if none."""
        return _get(self._intervention_index, "intervention", id)

    def referral(self, id: ReferralId) -> Referral:
        """The referral with ``id``; :class:`~halt_core.errors.NotFound` if there is none."""
        return _get(self._referral_index, "referral", id)

    @functools.cached_property
    def _partner_index(self) -> dict[PartnerId, Partner]:
        return {r.id: r for r in self.partners}

    @functools.cached_property
    def _collaboration_index(self) -> dict[CollaborationId, Collaboration]:
        return {r.id: r for r in self.collaborations}

    @functools.cached_property
    def _forum_index(self) -> dict[ForumId, Forum]:
        return {r.id: r for r in self.forums}

    @functools.cached_property
    def _meeting_index(self) -> dict[MeetingId, Meeting]:
        return {r.id: r for r in self.meetings}

    @functools.cached_property
    def _intervention_index(self) -> dict[InterventionId, Intervention]:
        return {r.id: r for r in self.interventions}

    @functools.cached_property
    def _referral_index(self) -> dict[ReferralId, Referral]:
        return {r.id: r for r in self.referrals}

    @functools.cached_property
    def _meetings_by_forum(self) -> dict[ForumId, tuple[Meeting, ...]]:
        return _group(self.meetings, lambda m: m.forum)

    # -- selections -----------------------------------------------------------------------

    def find_partners(
        self,
        *,
        kind: PartnerKind | None = None,
        level: Level | None = None,
        area: Area | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> tuple[Partner, ...]:
        """The partners of ``kind`` at ``level`` whose area lies inside ``area``.

        Every criterion left out matches all. ``area`` is resolved with ``gazetteer``
        (default: the newest shipped division).
        """
        found = [p for p in self.partners if _is(p.kind, kind) and _is(p.level, level)]
        return _inside(found, area, gazetteer, lambda p: p.area)

    def find_collaborations(
        self,
        *,
        kind: CollaborationKind | None = None,
        status: CollaborationStatus | None = None,
        partner: PartnerId | None = None,
        area: Area | None = None,
        on: dt.date | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> tuple[Collaboration, ...]:
        """The collaborations matching every criterion given.

        ``partner`` matches a collaboration the partner takes part in or commissions;
        ``on`` one whose period contains that day; ``area`` one whose area lies inside it.
        """
        found = [
            c
            for c in self.collaborations
            if _is(c.kind, kind)
            and _is(c.status, status)
            and (partner is None or partner in c.partners or partner == c.commissioner)
            and (on is None or c.period.contains(on))
        ]
        return _inside(found, area, gazetteer, lambda c: c.area)

    def find_forums(
        self,
        *,
        kind: ForumKind | None = None,
        member: PartnerId | None = None,
        area: Area | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> tuple[Forum, ...]:
        """The forums of ``kind`` with ``member`` at the table whose area lies in ``area``."""
        found = [
            f for f in self.forums if _is(f.kind, kind) and (member is None or member in f.members)
        ]
        return _inside(found, area, gazetteer, lambda f: f.area)

    def meetings_of(self, forum: ForumId) -> tuple[Meeting, ...]:
        """The meetings of ``forum``, in the order the network holds them."""
        return self._meetings_by_forum.get(forum, ())

    def find_meetings(
        self,
        *,
        forum: ForumId | None = None,
        starting_from: dt.datetime | None = None,
        starting_before: dt.datetime | None = None,
    ) -> tuple[Meeting, ...]:
        """The meetings of ``forum`` that start in ``[starting_from, starting_before)``."""
        candidates = self.meetings if forum is None else self.meetings_of(forum)
        return tuple(
            m
            for m in candidates
            if (starting_from is None or m.start >= starting_from)
            and (starting_before is None or m.start < starting_before)
        )

    def find_interventions(
        self,
        *,
        kind: InterventionKind | None = None,
        status: InterventionStatus | None = None,
        commissioner: PartnerId | None = None,
        area: Area | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> tuple[Intervention, ...]:
        """The interventions matching every criterion given."""
        found = [
            i
            for i in self.interventions
            if _is(i.kind, kind) and _is(i.status, status) and _is(i.commissioner, commissioner)
        ]
        return _inside(found, area, gazetteer, lambda i: i.area)

    def find_referrals(
        self,
        *,
        status: ReferralStatus | None = None,
        referrer: PartnerId | None = None,
        area: Area | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> tuple[Referral, ...]:
        """The referrals matching every criterion given; ``area`` by their municipality."""
        found = [r for r in self.referrals if _is(r.status, status) and _is(r.referrer, referrer)]
        return _inside(found, area, gazetteer, lambda r: Area.municipality(r.municipality))


_COLLECTION_OF: dict[type, str] = {
    Partner: "partners",
    Collaboration: "collaborations",
    Forum: "forums",
    Meeting: "meetings",
    Intervention: "interventions",
    Referral: "referrals",
}


_INDEX_OF: dict[str, str] = {name: f"_{name[:-1]}_index" for name in _COLLECTION_OF.values()}
"""The cached index by id of each collection."""


def _get(index: dict[Any, _R], what: str, id: object) -> _R:
    try:
        return index[id]
    except KeyError:
        raise NotFound(what, id, f"this network holds no {what} with that id") from None


def _is(value: object, wanted: object) -> bool:
    return wanted is None or value == wanted


def _group(records: Iterable[_R], key: Callable[[_R], Hashable]) -> dict[Any, tuple[_R, ...]]:
    groups: dict[Any, list[_R]] = {}
    for record in records:
        groups.setdefault(key(record), []).append(record)
    return {k: tuple(v) for k, v in groups.items()}


def _inside(
    records: list[_R],
    area: Area | None,
    gazetteer: Gazetteer | None,
    area_of: Callable[[_R], Area],
) -> tuple[_R, ...]:
    if area is None:
        return tuple(records)
    g = gazetteer or Gazetteer.load()
    outer = g.municipality_codes_in(area)  # raises NotFound for an unknown area: a caller error

    @functools.cache
    def inside(inner: Area) -> bool:
        if inner == area:
            return True
        if not g.knows(inner):
            return False  # a record with an unknown code lies nowhere; the rules report it
        return inner.kind.level is not Level.NATIONAL and g.municipality_codes_in(inner) <= outer

    return tuple(r for r in records if inside(area_of(r)))
