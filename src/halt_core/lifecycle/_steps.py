"""What every transition function does first: ask the lifecycle, check ``by`` and ``at``."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from halt_core.errors import InvalidValue, TransitionRefused
from halt_core.events import Event
from halt_core.ids import EventId, new_id
from halt_core.lifecycle.machine import Lifecycle, Transition

StateT = TypeVar("StateT", bound=enum.Enum)
_E = TypeVar("_E", bound=Event)

ACTOR_LENGTH = 100  # as Event.actor allows: checked here to name the function, not the event


@attrs.frozen
class Step(Generic[StateT]):
    """A transition that may start: the lifecycle allowed it and ``by`` and ``at`` are fine."""

    lifecycle: Lifecycle[StateT]
    transition: Transition[StateT]
    subject_id: object
    event_id: EventId
    by: str
    at: dt.datetime

    def event(self, event_type: type[_E], value: Any, **data: Any) -> _E:
        """The event of this step about ``value``, with the data only this step carries.

        Fills what every event of a transition has: its id, when, by whom, the subject's id
        (under the lifecycle's subject name) and the status before and after.
        """
        # Every family of events has these fields; the base Event does not, hence Callable.
        make: Callable[..., _E] = event_type
        return make(
            id=self.event_id,
            occurred_at=self.at,
            actor=self.by,
            from_status=value.status,
            to_status=self.target,
            **{self.lifecycle.subject: value.id},
            **data,
        )

    @property
    def target(self) -> StateT:
        """The state the transition leads to."""
        return self.transition.target

    def refused(self, problem: str, hint: str) -> TransitionRefused:
        """The error for data the transition cannot take (the caller raises it)."""
        return TransitionRefused(
            self.lifecycle.subject, self.subject_id, self.transition.name, problem, hint
        )


def begin(
    lifecycle: Lifecycle[StateT],
    name: str,
    state: StateT,
    subject_id: object,
    *,
    by: object,
    at: object,
    event_id: EventId | None,
    function: str,
) -> Step[StateT]:
    """Start transition ``name`` of a value in ``state``, or raise why it cannot start.

    Raises :class:`~halt_core.errors.IllegalTransition` when ``state`` does not allow it, and
    :class:`~halt_core.errors.InvalidValue` (naming ``function``) for a bad ``by`` or ``at``.
    """
    transition = lifecycle.require(name, state, subject_id)
    who, when = check_actor(function, by, at)
    return Step(lifecycle, transition, subject_id, event_id or new_id(EventId), who, when)


def given_reason(step: Step[StateT], reason: object) -> str:
    """``reason`` if it says something; refuses the transition otherwise."""
    if not isinstance(reason, str) or not reason.strip():
        raise step.refused(
            f"no reason was given (got {reason!r})",
            "pass reason='...' saying why in a few words; listeners and the audit trail show it",
        )
    return reason


def given_day(step: Step[StateT], name: str, day: object, example: str) -> dt.date:
    """``day`` if it is a date (not a date and time); refuses the transition otherwise."""
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise step.refused(
            f"{name} must be a day (a datetime.date), got {day!r}",
            f"pass {name}=date(...), e.g. {name}={example}",
        )
    return day


def check_actor(function: str, by: object, at: object) -> tuple[str, dt.datetime]:
    """``by`` (who acts) and ``at`` (when), refused in the words of every transition if bad.

    Raises :class:`~halt_core.errors.InvalidValue` naming ``function``.
    """
    if not isinstance(by, str) or not by.strip() or len(by) > ACTOR_LENGTH:
        raise InvalidValue(
            function,
            "by",
            by,
            f"expected who does it: a staff code or a system name of 1 to {ACTOR_LENGTH} "
            "characters that is not only spaces",
        )
    if not isinstance(at, dt.datetime) or at.utcoffset() is None:
        raise InvalidValue(
            function,
            "at",
            at,
            "expected when it happened, a date and time with a time zone, "
            "e.g. datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)",
        )
    return by, at
