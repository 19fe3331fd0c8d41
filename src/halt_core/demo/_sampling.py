"""Drawing places by weight, and the order in which a municipality gets its local partners."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterable, MutableMapping
from typing import Generic, TypeVar

from halt_core.model import PartnerKind

_T = TypeVar("_T")

# The local partners of a municipality, in the order the budget hands them out.
LOCAL_KINDS = (
    PartnerKind.MUNICIPALITY,
    PartnerKind.COMPULSORY_EDUCATION_OFFICE,
    PartnerKind.SCHOOL,
    PartnerKind.WELFARE,
    PartnerKind.SCHOOL,
    PartnerKind.SPECIAL_INVESTIGATING_OFFICERS,
    PartnerKind.BUSINESS,
    PartnerKind.SCHOOL,
)
LOCAL_FORUM_KINDS = (
    PartnerKind.MUNICIPALITY,
    PartnerKind.WELFARE,
    PartnerKind.COMPULSORY_EDUCATION_OFFICE,
)
"""The local partners that sit at a local network consultation (with the police)."""
WORKABLE = 4
"""A municipality's first partners: municipality, compulsory education, a school, youth work."""


def next_local_kind(given: MutableMapping[str, int], code: str) -> PartnerKind:
    """The kind of the next local partner of municipality ``code``, counted in ``given``.

    The kinds of :data:`LOCAL_KINDS` in turn, then schools.
    """
    index = given.get(code, 0)
    given[code] = index + 1
    return LOCAL_KINDS[index] if index < len(LOCAL_KINDS) else PartnerKind.SCHOOL


class Sampler(Generic[_T]):
    """Draws items by weight from a seeded generator: one draw, one ``random()``.

    Weights are whole numbers >= 0 with a positive total (the inhabitants of municipalities).
    """

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, items: Iterable[_T], weights: Iterable[int]) -> None:
        self._items = list(items)
        self._cumulative = list(itertools.accumulate(weights))
        self._total = self._cumulative[-1] if self._cumulative else 0
        if self._total <= 0:
            raise ValueError("a sampler needs items with a positive total weight")

    def draw(self, rng: random.Random) -> _T:
        """One item, each with a chance in proportion to its weight."""
        return self._items[bisect.bisect_right(self._cumulative, rng.random() * self._total)]
