"""The generic state machine: a :class:`Lifecycle` is states plus named :class:`Transition` s.

A lifecycle is plain data. The transition functions of :mod:`halt_core.lifecycle` ask it
whether a step is allowed (:meth:`Lifecycle.require`), the tests walk it, and the docs draw
it (:meth:`Lifecycle.diagram`), so the three can never tell different stories.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

from halt_core.errors import IllegalTransition, InvalidValue, NotFound
from halt_core.events import Event

__all__ = ["Lifecycle", "Transition"]

StateT = TypeVar("StateT", bound=enum.Enum)


@attrs.frozen(kw_only=True)
class Transition(Generic[StateT]):
    """One named step of a lifecycle: from which states, to which state, with which event.

    Attributes:
        name: the step's name, e.g. ``"schedule"``.
        sources: the states it may start from, in the order the docs list them.
        target: the state it leads to.
        event: the class of the event it returns.
        function: the function that takes it, e.g.
            :func:`~halt_core.lifecycle.interventions.schedule_intervention`.
        needs: the names of the data the function needs besides ``by`` and ``at``, e.g.
            ``("sessions",)``.
        sets: the fields of the value it changes besides ``status``, e.g. ``("sessions",)``.
        summary: what it means, in one sentence.

    """

    name: str
    sources: tuple[StateT, ...]
    target: StateT
    event: type[Event]
    function: Callable[..., tuple[Any, Event]]
    needs: tuple[str, ...] = ()
    sets: tuple[str, ...] = ()
    summary: str


@attrs.frozen(kw_only=True)
class Lifecycle(Generic[StateT]):
    """The states a kind of value moves through, and the transitions between them.

    Attributes:
        subject: the kind of value, e.g. ``"intervention"``; errors and event type names use it.
        states: the enum of its states, e.g. :class:`~halt_core.model.InterventionStatus`.
        initial: the state a new value starts in.
        transitions: every allowed step, in the order the docs list them.

    """

    subject: str
    states: type[StateT]
    initial: StateT
    transitions: tuple[Transition[StateT], ...]

    def __attrs_post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(set(names)) != len(names):
            raise InvalidValue(
                "Lifecycle", "transitions", names, "each transition needs a name of its own"
            )
        for transition in self.transitions:
            for state in (*transition.sources, transition.target):
                if not isinstance(state, self.states):
                    raise InvalidValue(
                        "Lifecycle",
                        "transitions",
                        transition.name,
                        f"its states must be members of {self.states.__name__}, not {state!r}",
                    )

    def transition(self, name: str) -> Transition[StateT]:
        """The transition called ``name``; :class:`~halt_core.errors.NotFound` if none is."""
        # A lifecycle has a handful of transitions: a scan is as quick as an index.
        for transition in self.transitions:
            if transition.name == name:
                return transition
        names = ", ".join(t.name for t in self.transitions)
        raise NotFound(f"{self.subject} transition", repr(name), f"the names are {names}")

    def allowed_from(self, state: StateT) -> tuple[Transition[StateT], ...]:
        """The transitions that may start from ``state``, in definition order."""
        return tuple(t for t in self.transitions if state in t.sources)

    @property
    def final_states(self) -> tuple[StateT, ...]:
        """The states no transition leaves, in the enum's order."""
        return tuple(state for state in self.states if not self.allowed_from(state))

    def require(self, name: str, state: StateT, subject_id: object) -> Transition[StateT]:
        """The transition ``name``, if it may start from ``state``.

        Raises :class:`~halt_core.errors.IllegalTransition`, naming ``subject_id``, the state,
        the transition and the ones that are allowed, when it may not.
        """
        transition = self.transition(name)
        if state not in transition.sources:
            raise IllegalTransition(
                self.subject,
                subject_id,
                state,
                name,
                transition.target,
                transition.sources,
                [(t.name, t.target) for t in self.allowed_from(state)],
            )
        return transition

    def diagram(self) -> str:
        """The lifecycle as a text diagram: each state with the transitions that leave it.

        For example (the start of the intervention lifecycle)::

            requested (initial)
            ├── start_intake ──▶ intake
            └── decline ───────▶ declined
        """
        width = max((len(t.name) for t in self.transitions), default=0)
        lines = []
        for state in self.states:
            marks = [
                mark
                for mark, applies in (
                    ("initial", state == self.initial),
                    ("final", not self.allowed_from(state)),
                )
                if applies
            ]
            suffix = f" ({', '.join(marks)})" if marks else ""
            lines.append(f"{_spelling(state)}{suffix}")
            leaving = self.allowed_from(state)
            for index, transition in enumerate(leaving):
                branch = "└──" if index == len(leaving) - 1 else "├──"
                arrow = "─" * (width - len(transition.name) + 2)
                lines.append(f"{branch} {transition.name} {arrow}▶ {_spelling(transition.target)}")
        return "\n".join(lines)


def _spelling(state: enum.Enum) -> str:
    return str(state.value)
