"""Planters: each adds to a clean demo network exactly one violation of one rule.

A planter adds new records (or copies of existing ones) built to break its rule and nothing
else, and returns the id of the record the violation will be about. Tests use them to check
that every rule finds what it must, and only that.
"""

from halt_core.demo._plant import (  # noqa: F401 -- importing them registers their planters
    collaborations,
    forums,
    interventions,
    partners,
    referrals,
)
from halt_core.demo._plant._registry import PLANTERS, UNKNOWN_MUNICIPALITY, Planter, planter

__all__ = ["PLANTERS", "UNKNOWN_MUNICIPALITY", "Planter", "planter"]
