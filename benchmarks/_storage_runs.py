"""What the storage benchmark's measurements share: halt's save and load, timing, checks."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from halt_core.model import Intervention
from halt_core.storage import Store

if TYPE_CHECKING:
    from benchmarks import _common
    from benchmarks import _storage_floors as floors
    from benchmarks import _storage_peers as peers
else:
    import _common
    import _storage_floors as floors
    import _storage_peers as peers


def halt_save(store: Store, values: Sequence[Intervention]) -> None:
    """Halt's save: every value in one ``add_many``, one unit of work."""
    with store.unit_of_work() as uow:
        uow.interventions.add_many(values)


def halt_load(store: Store) -> tuple[Intervention, ...]:
    """Halt's load: ``all()`` in one unit of work."""
    with store.unit_of_work() as uow:
        return uow.interventions.all()


Loads = Callable[[], tuple[list[_common.Row], dict[str, float]]]
"""Times a store's loads later (once the saved values are gone): its rows and floor peaks."""


Fresh = tuple[Callable[[], Any], Callable[[Any], object], Callable[[Any], object] | None]
"""What one side runs: ``setup()`` (untimed), ``run(state)`` (timed), ``teardown(state)``."""


def plain(run: Callable[[], object]) -> Fresh:
    """A side that needs no fresh state per repeat (a load)."""
    return (lambda: None, lambda _: run(), None)


def best_of_each(sides: Mapping[str, Fresh], options: _common.Options) -> dict[str, float]:
    """Each side's best time over ``options.repeat`` rounds, the sides taking turns.

    Every round runs every side once (through ``_common.best_of_fresh``: a full collection
    first, the collector on while timing), so a spell of load from elsewhere on the machine
    falls on all sides alike and the ratios of one run hold, where timing each side's
    repeats in a block would let it fall on one side only.
    """
    best = dict.fromkeys(sides, math.inf)
    for _ in range(options.repeat):
        for name, (setup, run, teardown) in sides.items():
            elapsed = _common.best_of_fresh(setup, run, 1, teardown=teardown, collector=options.gc)
            best[name] = min(best[name], elapsed)
    return best


def check_peer(engine: Any, values: Sequence[Intervention], what: str) -> None:
    """Stop the run when the peer's table does not hold ``values``."""
    problem = peers.check(engine, values, what)
    if problem is not None:
        _common.fail(problem)


def check_peer_loads(engine: Any, expected: tuple[Intervention, ...], what: str) -> None:
    """Stop the run when Core or the ORM does not read back ``expected``."""
    if floors.sort_by_id(peers.core_load(engine)) != expected:
        _common.fail(f"{what}: Core did not read back the values saved")
    if floors.sort_by_id(peers.orm_load(engine)) != expected:
        _common.fail(f"{what}: the ORM did not read back the values saved")


def save_rows(
    store: str, n: int, times: Mapping[str, float], floor: str, raw: str
) -> list[_common.Row]:
    """The two save rows of ``store`` (``"sqlite"``, ``"postgres"``).

    One against ``floor`` doing the same conversion (peer: the ORM), one against ``raw``, the
    floor's insert of rows made before timing (peer: SQLAlchemy Core); halt's time is the same.
    """
    return [
        _common.Row(
            f"{store} save",
            n,
            times["halt"],
            floor,
            times["floor"],
            "SQLAlchemy ORM",
            times["orm"],
        ),
        _common.Row(
            f"{store} save, precomputed",
            n,
            times["halt"],
            raw,
            times["raw"],
            "SQLAlchemy Core",
            times["core"],
        ),
    ]


def load_rows(store: str, n: int, times: Mapping[str, float], peak: float) -> list[_common.Row]:
    """The two load rows of ``store``: decoded (with halt's ``peak`` MiB) and undecoded."""
    return [
        _common.Row(
            f"{store} load",
            n,
            times["halt"],
            "fetchall + msgspec",
            times["floor"],
            "SQLAlchemy ORM",
            times["orm"],
            peak_mib=peak,
        ),
        _common.Row(
            f"{store} load, undecoded",
            n,
            times["halt"],
            "fetchall only",
            times["raw"],
            "SQLAlchemy Core",
            times["core"],
        ),
    ]
