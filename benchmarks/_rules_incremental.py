"""The incremental rows of the rules benchmark: a tool that keeps its report up to date.

A planner holds a network and its report, changes a few records (moves sessions, reschedules
meetings), makes the new network with ``Network.with_records`` and asks for the new report:
``rules.check(new, changed=ids, previous=report)`` and ``report.updated(partial)``. Each timed
step builds on the last one's network and report, as the tool does; the first incremental
check after a whole check builds the index of who refers to whom, and is shown on its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import random
import time
from collections.abc import Callable
from typing import Any, NamedTuple

import attrs

from halt_core.model import Network
from halt_core.rules import Report, RuleSet

__all__ = ["CHANGED", "Incremental", "changed_records", "measure_incremental"]

CHANGED = 10
"""How many records each step changes."""
_MEETINGS = 3  # of the 10: the rest are interventions, the records planners change most


class Incremental(NamedTuple):
    """What the incremental steps gave.

    Attributes:
        first: the first incremental check after the whole check (it builds the references).
        best: the best of the later steps: check with ``changed`` plus ``updated``.
        floor: the read pass over the changed records of one step.
        making: the best time of ``Network.with_records`` making a step's network (not in
            ``best``: the tool makes it anyway).
        rechecked: the largest number of subjects one rule checked again in the best step.
        same: whether the updated report equalled a whole check of the last network.

    """

    first: float
    best: float
    floor: float
    making: float
    rechecked: int
    same: bool


def changed_records(network: Network, rng: random.Random) -> list[Any]:
    """Ten changes a planner makes: sessions moved an hour later, meetings half an hour."""
    hour, half = dt.timedelta(hours=1), dt.timedelta(minutes=30)
    changed: list[Any] = []
    for meeting in rng.sample(network.meetings, _MEETINGS):
        changed.append(attrs.evolve(meeting, start=meeting.start + half, end=meeting.end + half))
    planned = [i for i in network.interventions if i.sessions]
    for intervention in rng.sample(planned, CHANGED - _MEETINGS):
        first = intervention.sessions[0]
        moved = attrs.evolve(first, start=first.start + hour, end=first.end + hour)
        changed.append(attrs.evolve(intervention, sessions=(moved, *intervention.sessions[1:])))
    return changed


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    # As _common.best_of: a collection before (untimed), the collector on during the call.
    gc.collect()
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def measure_incremental(
    network: Network,
    now: dt.datetime,
    rules: RuleSet,
    steps: int,
    seed: int,
    read_pass: Callable[[Network], None],
) -> Incremental:
    """Time ``steps`` incremental checks of ten changed records each, one after the other."""
    rng = random.Random(seed)
    report = rules.check(network, now=now)
    first = best = floor = making = float("inf")
    rechecked = 0
    for step in range(steps + 1):
        changed = changed_records(network, rng)
        made, after = _timed(functools.partial(network.with_records, changed))
        ids = [record.id for record in changed]

        def incremental(
            after: Network = after, ids: list[Any] = ids, report: Report = report
        ) -> tuple[Report, Report]:
            partial = rules.check(after, changed=ids, previous=report)
            return partial, report.updated(partial)

        took, (partial, updated) = _timed(incremental)
        if step == 0:
            first = took
        else:
            if took < best:
                best = took
                rechecked = max(
                    (len(s or ()) for s in (partial.rechecked or {}).values()), default=0
                )
            making = min(making, made)
            only = Network.empty().with_records(changed)
            floor = min(floor, _timed(functools.partial(read_pass, only))[0])
        network, report = after, updated
    same = report.violations == rules.check(network, now=now).violations
    return Incremental(first, best, floor, making, rechecked, same)
