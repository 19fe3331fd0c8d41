"""The base of every event: its id, when it happened and who did it.

Each family of events (:mod:`~halt_core.events.interventions`,
:mod:`~halt_core.events.collaborations`, :mod:`~halt_core.events.referrals`, ...) adds a base
class for its kind of subject to :class:`Event`, and one class per kind of event. Neither
:class:`Event` nor a family's base is built directly: only the classes with a ``type`` are.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TypeVar

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import EventId
from halt_core.model._categories import ORGANISATIONAL, PROFESSIONAL_CONTACT
from halt_core.model._checks import aware_datetime, check_types, text
from halt_core.model.periods import in_instant_range

__all__ = ["Event"]

_REASON_LENGTH = 1000  # the most characters of a reason, in every family

_E = TypeVar("_E", bound="Event")

_ABSTRACT: set[type[Event]] = set()
# Event and the base of each family: built only through their subclasses. Filled by _family
# as the classes are defined, each family in its own module.


def _family(cls: type[_E]) -> type[_E]:
    """Mark ``cls`` as the base of a family of events, which is not built directly."""
    _ABSTRACT.add(cls)
    return cls


@_family
@attrs.frozen(kw_only=True)
class Event:
    """Something that happened in Halt's network; the base of every event.

    Not built directly: each subclass is one kind of event with its own :attr:`type`.

    Attributes:
        id: the event's id; a store keeps each event once by it.
        occurred_at: when it happened, with a time zone; kept in UTC.
        actor: who did it: a staff code or the name of a system, at most 100 characters.

    """

    # The event's own id and time are organisational in every family: what ties an event to
    # a youth is its family's reference (ReferralEvent.referral), classified there.
    id: EventId = attrs.field(metadata=ORGANISATIONAL)
    occurred_at: dt.datetime = attrs.field(validator=aware_datetime, metadata=ORGANISATIONAL)
    # A staff code or the name of a system: it points at a professional.
    actor: str = attrs.field(validator=text(100), metadata=PROFESSIONAL_CONTACT)

    def __attrs_post_init__(self) -> None:
        if type(self) in _ABSTRACT:
            raise TypeError(
                f"{type(self).__name__} is the base of a family of events; build one of its "
                "subclasses, e.g. InterventionScheduled, or read one with event_from_json"
            )
        check_types(self)
        if not in_instant_range(self.occurred_at):
            raise InvalidValue(
                type(self).__name__,
                "occurred_at",
                self.occurred_at,
                "expected a moment from 1970-01-01 00:00 UTC to the end of 2199-12-31 UTC",
            )
        # The instant stays; the zone becomes UTC (see halt_core.events for why).
        object.__setattr__(self, "occurred_at", self.occurred_at.astimezone(dt.UTC))

    @property
    def type(self) -> str:
        """The stable type name, e.g. ``nl.halt.intervention.scheduled``.

        Every concrete event class replaces this with a field of the same name.
        """
        return _type_name(type(self))

    @property
    def subject(self) -> uuid.UUID:
        """The id of the value the event happened to (CloudEvents' ``subject``).

        Every family of events replaces this with the id of its kind of subject.
        """
        return self.id


def _type_name(cls: type[Event]) -> str:
    default = attrs.fields_dict(cls)["type"].default
    assert isinstance(default, str)  # every concrete event spells its name as the default
    return default
