"""The full checks of the values an intervention holds: every problem, in words.

Each class's ``__attrs_post_init__`` (:mod:`halt_core.model.interventions`) accepts the usual
values in a few comparisons and leaves everything else to its check here, which finds every
problem and words it (the first raised, the others in its ``also``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from halt_core.errors import InvalidValue
from halt_core.model._checks import (
    check_types,
    is_text,
    is_whole,
    raise_first,
    text_allowed,
    whole_allowed,
)
from halt_core.model.periods import check_time_slot

if TYPE_CHECKING:
    from halt_core.model.interventions import AgeRange, Evaluation, Session, TargetGroup

TEXT_200 = text_allowed(200)
"""What a text of at most 200 characters is, in words."""

_TRAINER = re.compile(r"[A-Za-z0-9._-]{1,32}")
_TRAINER_CODE = "expected a staff code of 1 to 32 letters, digits, ., _ or -"
_AGES = whole_allowed(0, 120)
_GROUP_SIZE = whole_allowed(1, 100_000)
_REACHED = whole_allowed(0, 1_000_000)


def check_age_range(ages: AgeRange) -> None:
    """Every check of an :class:`AgeRange`: the words for each problem."""
    low, high = ages.minimum, ages.maximum
    problems = [
        InvalidValue("AgeRange", name, value, _AGES)
        for name, value in (("minimum", low), ("maximum", high))
        if not is_whole(value, 0, 120)
    ]
    if problems:
        raise_first(problems)
    check_types(ages)
    if high < low:
        raise InvalidValue("AgeRange", "maximum", high, f"must not be below the minimum {low}")


def check_target_group(value: TargetGroup) -> None:
    """Every check of a :class:`TargetGroup`: the words for each problem."""
    problems = []
    if not is_text(value.description, 200):
        problems.append(InvalidValue("TargetGroup", "description", value.description, TEXT_200))
    size = value.size
    if size is not None and not is_whole(size, 1, 100_000):
        problems.append(InvalidValue("TargetGroup", "size", size, _GROUP_SIZE))
    if problems:
        raise_first(problems)
    check_types(value)


def check_session(value: Session) -> None:
    """Every check of a :class:`Session`: the words for each problem."""
    problems = []
    if not is_text(value.location, 200):
        problems.append(InvalidValue("Session", "location", value.location, TEXT_200))
    trainer = value.trainer
    bad_trainer = not isinstance(trainer, str) or not _TRAINER.fullmatch(trainer)
    if trainer is not None and bad_trainer:
        problems.append(InvalidValue("Session", "trainer", trainer, _TRAINER_CODE))
    if problems:
        raise_first(problems)
    check_types(value)
    check_time_slot(value, value.start, value.end)


def check_evaluation(value: Evaluation) -> None:
    """Every check of an :class:`Evaluation`: the words for each problem."""
    problems = []
    if not is_text(value.summary, 2000):
        problems.append(InvalidValue("Evaluation", "summary", value.summary, text_allowed(2000)))
    reached = value.reached
    if reached is not None and not is_whole(reached, 0, 1_000_000):
        problems.append(InvalidValue("Evaluation", "reached", reached, _REACHED))
    if problems:
        raise_first(problems)
    check_types(value)
