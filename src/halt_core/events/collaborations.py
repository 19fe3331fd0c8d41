"""The events of a collaboration, one for each step of its lifecycle.

Each is returned by a transition of :mod:`halt_core.lifecycle.collaborations`, next to the
collaboration it changed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

import attrs

from halt_core.events.base import _REASON_LENGTH, Event, _family
from halt_core.ids import CollaborationId
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL
from halt_core.model._checks import text
from halt_core.model.collaborations import CollaborationStatus

__all__ = [
    "CollaborationActivated",
    "CollaborationEnded",
    "CollaborationEvent",
    "CollaborationResumed",
    "CollaborationSuspended",
]


@_family
@attrs.frozen(kw_only=True)
class CollaborationEvent(Event):
    """Something that happened to a collaboration.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration it happened to.
        from_status: the collaboration's status before.
        to_status: the collaboration's status after.

    """

    collaboration: CollaborationId = attrs.field(metadata=ORGANISATIONAL)
    from_status: CollaborationStatus = attrs.field(metadata=ORGANISATIONAL)
    to_status: CollaborationStatus = attrs.field(metadata=ORGANISATIONAL)

    @property
    def subject(self) -> uuid.UUID:
        """The collaboration's id."""
        return self.collaboration


@attrs.frozen(kw_only=True)
class CollaborationActivated(CollaborationEvent):
    """A proposed collaboration was agreed and started running.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``proposed``.
        to_status: ``active``.
        type: ``nl.halt.collaboration.activated``.

    """

    type: Literal["nl.halt.collaboration.activated"] = attrs.field(
        default="nl.halt.collaboration.activated", metadata=ORGANISATIONAL
    )


@attrs.frozen(kw_only=True)
class CollaborationSuspended(CollaborationEvent):
    """A running collaboration was paused.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``active``.
        to_status: ``suspended``.
        type: ``nl.halt.collaboration.suspended``.
        reason: why, in a few words.

    """

    type: Literal["nl.halt.collaboration.suspended"] = attrs.field(
        default="nl.halt.collaboration.suspended", metadata=ORGANISATIONAL
    )
    reason: str = attrs.field(validator=text(_REASON_LENGTH), metadata=FREE_TEXT)


@attrs.frozen(kw_only=True)
class CollaborationResumed(CollaborationEvent):
    """A paused collaboration runs again.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``suspended``.
        to_status: ``active``.
        type: ``nl.halt.collaboration.resumed``.

    """

    type: Literal["nl.halt.collaboration.resumed"] = attrs.field(
        default="nl.halt.collaboration.resumed", metadata=ORGANISATIONAL
    )


@attrs.frozen(kw_only=True)
class CollaborationEnded(CollaborationEvent):
    """A collaboration is over.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        collaboration: the collaboration.
        from_status: ``proposed``, ``active`` or ``suspended``.
        to_status: ``ended``.
        type: ``nl.halt.collaboration.ended``.
        ended_on: its last day, now the end of its period.

    """

    type: Literal["nl.halt.collaboration.ended"] = attrs.field(
        default="nl.halt.collaboration.ended", metadata=ORGANISATIONAL
    )
    ended_on: dt.date = attrs.field(metadata=ORGANISATIONAL)
