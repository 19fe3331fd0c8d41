"""The events of a partner: for now, that it ended.

Partners have no status, so these events, like a meeting's, have no ``from_status`` and
``to_status``. The function that makes them is :func:`halt_core.lifecycle.end_partner`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

import attrs

from halt_core.events.base import _REASON_LENGTH, Event, _family
from halt_core.ids import PartnerId
from halt_core.model._categories import FREE_TEXT, ORGANISATIONAL
from halt_core.model._checks import text

__all__ = ["PartnerEnded", "PartnerEvent"]


@_family
@attrs.frozen(kw_only=True)
class PartnerEvent(Event):
    """Something that happened to a partner.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        partner: the partner it happened to.

    """

    partner: PartnerId = attrs.field(metadata=ORGANISATIONAL)

    @property
    def subject(self) -> uuid.UUID:
        """The partner's id."""
        return self.partner


@attrs.frozen(kw_only=True)
class PartnerEnded(PartnerEvent):
    """A partner stopped working with Halt: it closed, merged or ended the cooperation.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        partner: the partner.
        type: ``nl.halt.partner.ended``.
        ended_on: its last day, now :attr:`Partner.ended_on <halt_core.model.Partner.ended_on>`.
        reason: why, in a few words.

    """

    type: Literal["nl.halt.partner.ended"] = attrs.field(
        default="nl.halt.partner.ended", metadata=ORGANISATIONAL
    )
    ended_on: dt.date = attrs.field(metadata=ORGANISATIONAL)
    reason: str = attrs.field(validator=text(_REASON_LENGTH), metadata=FREE_TEXT)
