"""Typed identifiers: one UUID-based type per kind of record.

Each id type is a :func:`typing.NewType` over :class:`uuid.UUID`: at run time it is a plain
UUID (no cost, serialised as its canonical string), while a type checker refuses a
:data:`ForumId` where a :data:`PartnerId` is expected. Make new ones with :func:`new_id` or,
for ids that must be the same on every run (demo data, calendar UIDs), :func:`stable_id`::

    >>> from halt_core.ids import PartnerId, stable_id
    >>> stable_id(PartnerId, "police", "Amsterdam") == stable_id(PartnerId, "police", "Amsterdam")
    True
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import NewType, TypeVar

from halt_core.errors import InvalidValue

__all__ = [
    "HALT_NAMESPACE",
    "CollaborationId",
    "EventId",
    "ForumId",
    "InterventionId",
    "MeetingId",
    "PartnerId",
    "ReferralId",
    "SessionId",
    "new_id",
    "stable_id",
]

PartnerId = NewType("PartnerId", uuid.UUID)
"""Identifies a :class:`~halt_core.model.Partner`."""

CollaborationId = NewType("CollaborationId", uuid.UUID)
"""Identifies a :class:`~halt_core.model.Collaboration`."""

ForumId = NewType("ForumId", uuid.UUID)
"""Identifies a :class:`~halt_core.model.Forum`."""

MeetingId = NewType("MeetingId", uuid.UUID)
"""Identifies a :class:`~halt_core.model.Meeting`."""

InterventionId = NewType("InterventionId", uuid.UUID)
"""Identifies a preventive :class:`~halt_core.model.Intervention`."""

ReferralId = NewType("ReferralId", uuid.UUID)
"""Identifies a :class:`~halt_core.model.Referral` (the repressive side)."""

SessionId = NewType("SessionId", uuid.UUID)
"""Identifies one :class:`~halt_core.model.Session` of an intervention, through re-planning.

A session moved to another time keeps its id; calendars derive the UID of its event from it.
"""

EventId = NewType("EventId", uuid.UUID)
"""Identifies a domain :class:`~halt_core.events.Event`: what happened, once.

A store keeps each event once by this id, so an event delivered twice is recognised.
"""

HALT_NAMESPACE = uuid.UUID("6f0c3a52-9a1e-5d7b-8c2e-4a1b7e0d9c31")
"""The UUID namespace :func:`stable_id` derives ids in."""

_Id = TypeVar("_Id", bound=uuid.UUID)


def new_id(id_type: Callable[[uuid.UUID], _Id]) -> _Id:
    """Return a fresh random id of ``id_type`` (a UUID version 4).

    Example: ``new_id(PartnerId)``.
    """
    return id_type(uuid.uuid4())


def stable_id(id_type: Callable[[uuid.UUID], _Id], *parts: str) -> _Id:
    """Return the id of ``id_type`` derived from ``parts`` (a UUID version 5).

    The same parts always give the same id, so data generated twice, or exported twice,
    keeps its identity. The id type's name is part of the derivation, so a partner and a
    forum built from the same parts still get different ids.
    """
    if not parts:
        raise InvalidValue("stable_id", "parts", parts, "give at least one part, e.g. a name")
    kind = getattr(id_type, "__name__", "id")
    return id_type(uuid.uuid5(HALT_NAMESPACE, "\x1f".join((kind, *parts))))
