"""Errors of the lifecycles: a transition the state does not allow, or one lacking data."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from halt_core.errors._base import HaltError
from halt_core.errors._phrases import PHRASEBOOK
from halt_core.errors._showing import state_word

__all__ = ["IllegalTransition", "TransitionRefused"]


class IllegalTransition(HaltError):
    """A lifecycle transition was asked of a value in a state that does not allow it.

    Raised by the transitions in :mod:`halt_core.lifecycle` before anything is built. The
    message names the subject, its current state, the transition asked for and the ones
    its state allows.

    Attributes:
        subject: the kind of value, e.g. ``"intervention"``.
        subject_id: the value's id.
        current: the state it is in, e.g. ``InterventionStatus.REQUESTED``.
        requested: the name of the transition asked for, e.g. ``"schedule"``.
        target: the state that transition leads to.
        sources: the states that transition may start from.
        allowed: the transitions the current state allows, as ``(name, target)`` pairs;
            empty in a final state.

    """

    def __init__(
        self,
        subject: str,
        subject_id: object,
        current: object,
        requested: str,
        target: object,
        sources: Iterable[object],
        allowed: Iterable[tuple[str, object]],
    ) -> None:
        self.subject = subject
        self.subject_id = subject_id
        self.current = current
        self.requested = requested
        self.target = target
        self.sources = tuple(sources)
        self.allowed = tuple(allowed)
        now = state_word(current)
        needs = " or ".join(state_word(state) for state in self.sources)
        if self.allowed:
            options = ", ".join(f"{name} (to {state_word(to)})" for name, to in self.allowed)
            advice = f"from {now} it may only: {options}"
        else:
            advice = f"{now} is a final state: no transition leaves it"
        super().__init__(
            f"cannot {requested} {subject} {subject_id}: it is {now}, and {requested} "
            f"(to {state_word(target)}) starts only from {needs}; {advice}"
        )

    def in_dutch(self) -> str:
        """``kan 'schedule' niet uitvoeren op interventie ...: die is ...``."""
        now = _dutch_state(self.current)
        needs = " of ".join(_dutch_state(state) for state in self.sources)
        if self.allowed:
            options = ", ".join(f"'{name}' (naar {_dutch_state(to)})" for name, to in self.allowed)
            advice = f"vanuit {now} kan alleen: {options}"
        else:
            advice = f"{now} is een eindtoestand: geen overgang leidt eruit"
        return (
            f"kan '{self.requested}' niet uitvoeren op {PHRASEBOOK.say(self.subject)} "
            f"{self.subject_id}: die is {now}, en '{self.requested}' (naar "
            f"{_dutch_state(self.target)}) kan alleen vanuit {needs}; {advice}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (
                self.subject,
                self.subject_id,
                self.current,
                self.requested,
                self.target,
                self.sources,
                self.allowed,
            ),
        )


def _dutch_state(state: object) -> str:
    if isinstance(state, enum.Enum):
        from halt_core.model.words import dutch  # the model imports the errors

        return dutch(state)
    return PHRASEBOOK.say(state_word(state))


class TransitionRefused(HaltError):
    """A lifecycle transition lacks the data it needs, or the data does not fit the value.

    Raised by the transitions in :mod:`halt_core.lifecycle` before anything is built, e.g.
    when a schedule has no sessions or delivery is reported before the last session ended.

    Attributes:
        subject: the kind of value, e.g. ``"intervention"``.
        subject_id: the value's id.
        transition: the name of the transition, e.g. ``"schedule"``.
        problem: what is missing or wrong.
        hint: how to give what it needs.

    """

    def __init__(
        self, subject: str, subject_id: object, transition: str, problem: str, hint: str
    ) -> None:
        self.subject = subject
        self.subject_id = subject_id
        self.transition = transition
        self.problem = problem
        self.hint = hint
        super().__init__(f"cannot {transition} {subject} {subject_id}: {problem}; {hint}")

    def in_dutch(self) -> str:
        """``kan 'schedule' niet uitvoeren op interventie ...: <probleem>; <advies>``."""
        return (
            f"kan '{self.transition}' niet uitvoeren op {PHRASEBOOK.say(self.subject)} "
            f"{self.subject_id}: {PHRASEBOOK.say(self.problem)}; {PHRASEBOOK.say(self.hint)}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.subject, self.subject_id, self.transition, self.problem, self.hint),
        )
