"""The planters' registry: each planter registers itself for the rule it breaks."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from halt_core.demo._build import Builder

__all__ = ["PLANTERS", "UNKNOWN_MUNICIPALITY", "Planter", "planter"]

Planter = Callable[[Builder], uuid.UUID]
"""A planter: adds one violation to the builder's network, returns the record it is about."""

PLANTERS: dict[str, Planter] = {}
"""Every planter, by the id of the rule it breaks."""

UNKNOWN_MUNICIPALITY = "GM9998"  # a well-formed code no division has


def planter(rule_id: str) -> Callable[[Planter], Planter]:
    """Register a planter for ``rule_id``."""

    def register(function: Planter) -> Planter:
        PLANTERS[rule_id] = function
        return function

    return register
