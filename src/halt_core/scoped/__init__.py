"""Scoped reads and checks: answer a question about part of a national store from that part.

A store of ten years of the whole country holds about a million records. The everyday
questions are about one arrondissement, one municipality, or what changed since yesterday;
this package answers them by reading, through the store's indexes, only the records the
question is about and what the rules need besides (see :doc:`/howto/national-scale`):

- :func:`check_arrondissement`: the rule set on one arrondissement's records;
- :func:`check_changed`: on what changed since a moment, and what that touches;
- :func:`check_spanning`: on the records in no single arrondissement;
- :func:`check_by_region`: the whole store, one region at a time, in the memory of one;
- :func:`gather`: the network around any records, for a tool's own scoped questions.

Each check reports exactly the violations a check of the whole network reports about the
same records, and says which rules read records outside its scope (:class:`ScopedReport`).
"""

from __future__ import annotations

from halt_core.scoped._gathering import Gathered, gather
from halt_core.scoped.checks import (
    ScopedReport,
    check_arrondissement,
    check_by_region,
    check_changed,
    check_spanning,
    unscopable,
)

__all__ = [
    "Gathered",
    "ScopedReport",
    "check_arrondissement",
    "check_by_region",
    "check_changed",
    "check_spanning",
    "gather",
    "unscopable",
]
