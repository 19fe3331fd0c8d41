"""Helpers shared by the benchmark scripts: options, timing, the table and the JSON lines.

Every script under ``benchmarks/`` follows the same conventions (see the design guide):

- the same options: ``--size N``, ``--quick``, ``--repeat K``, ``--seed S``, ``--json``;
- each row times halt_core and its *floor* (the same work done with the building block
  directly) and, where there is one, a *peer* (what a user would pick instead), in the same
  process, on the same generated data, best of several repeats;
- the garbage collector stays **on** while timing, as it is when users run halt_core; it only
  runs a full collection before each repeat, so every repeat starts from the same state;
- human output is an aligned table plus one line per target; ``--json`` prints one JSON object
  per row, one per line;
- a benchmark prints; it never asserts a time.

Import it from a script in this folder with ``import _common`` (running ``python
benchmarks/NAME.py`` puts this folder first on ``sys.path``). Running this module itself does
nothing, so ``nox -s bench`` may run every ``*.py`` here.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import importlib.metadata
import json
import math
import platform
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, NoReturn, TypeVar

__all__ = [
    "Options",
    "Row",
    "Target",
    "best_of",
    "best_of_fresh",
    "environment",
    "fail",
    "parse_options",
    "peak_mib",
    "report",
    "section",
    "table",
]


@dataclasses.dataclass(frozen=True)
class Options:
    """The options every benchmark script takes.

    Attributes:
        size: how many records the main rows use.
        repeat: how many times each measurement runs; the best time counts.
        seed: the seed of the data generator (the same seed gives the same data).
        json: print JSON lines instead of a table.
        quick: whether ``--quick`` was given (small size, few repeats; what CI runs).
        gc: whether the garbage collector stays on while timing (always, unless
            ``--no-gc`` is given to see how much it changes a figure).

    """

    size: int
    repeat: int
    seed: int
    json: bool
    quick: bool
    gc: bool


def parse_options(
    description: str,
    argv: Sequence[str] | None = None,
    *,
    default_size: int = 100_000,
    quick_size: int = 2_000,
    default_repeat: int = 5,
    quick_repeat: int = 2,
    default_seed: int = 2024,
) -> Options:
    """Parse the common options; ``--size`` and ``--repeat`` win over ``--quick``."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--size", type=_positive, help=f"records in the main rows (default {default_size:,})"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small and fast, as CI runs it: {quick_size:,} records, {quick_repeat} repeats",
    )
    parser.add_argument(
        "--repeat", type=_positive, help=f"repeats per measurement (default {default_repeat})"
    )
    parser.add_argument(
        "--seed", type=int, default=default_seed, help=f"data seed (default {default_seed})"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object per row")
    parser.add_argument(
        "--no-gc",
        action="store_true",
        help="turn the garbage collector off while timing (to see its effect; not how users run)",
    )
    args = parser.parse_args(argv)
    size = args.size or (quick_size if args.quick else default_size)
    repeat = args.repeat or (quick_repeat if args.quick else default_repeat)
    return Options(
        size=size,
        repeat=repeat,
        seed=args.seed,
        json=args.json,
        quick=args.quick,
        gc=not args.no_gc,
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text}")
    return value


def best_of(run: Callable[[], object], repeat: int, *, collector: bool = True) -> float:
    """The best wall-clock time of ``repeat`` calls of ``run``, in seconds.

    The collector stays on during each call (unless ``collector`` is false), as it is when users
    run halt_core: bulk work that keeps many objects alive pays for its collections here just as
    it does in real use. Before each call a full collection runs (untimed), and the result of
    each call is dropped only after its clock stopped, so freeing it is not counted.
    """
    best = math.inf
    was_enabled = gc.isenabled()
    try:
        for _ in range(repeat):
            gc.collect()
            if not collector:
                gc.disable()
            start = time.perf_counter()
            result = run()
            elapsed = time.perf_counter() - start
            if was_enabled:
                gc.enable()
            del result
            best = min(best, elapsed)
    finally:
        if was_enabled:
            gc.enable()
    return best


@dataclasses.dataclass(frozen=True)
class Row:
    """One measured row: halt_core, its floor and (optionally) a peer, on the same work.

    Attributes:
        name: what was measured, e.g. ``"from_json"``.
        n: how many records.
        halt_seconds: best time of halt_core.
        floor_name: what the floor is, e.g. ``"msgspec.Struct"``.
        floor_seconds: best time of the floor.
        peer_name: what the peer is, e.g. ``"pydantic 2.9"``, if there is one.
        peer_seconds: best time of the peer, if there is one.
        peak_mib: peak memory, where memory is the point of the row.

    """

    name: str
    n: int
    halt_seconds: float
    floor_name: str
    floor_seconds: float
    peer_name: str | None = None
    peer_seconds: float | None = None
    peak_mib: float | None = None

    @property
    def ratio(self) -> float:
        """halt_seconds / floor_seconds: how many times the floor's time halt takes."""
        return self.halt_seconds / self.floor_seconds

    @property
    def peer_ratio(self) -> float | None:
        """halt_seconds / peer_seconds, if there is a peer (below 1: halt is faster)."""
        if self.peer_seconds is None:
            return None
        return self.halt_seconds / self.peer_seconds

    def as_json(self) -> dict[str, Any]:
        """The row as the JSON object ``--json`` prints."""
        doc: dict[str, Any] = {
            "name": self.name,
            "n": self.n,
            "halt_seconds": self.halt_seconds,
            "floor_name": self.floor_name,
            "floor_seconds": self.floor_seconds,
            "ratio": self.ratio,
        }
        if self.peer_name is not None:
            doc["peer_name"] = self.peer_name
            doc["peer_seconds"] = self.peer_seconds
            doc["peer_ratio"] = self.peer_ratio
        if self.peak_mib is not None:
            doc["peak_mib"] = self.peak_mib
        return doc


@dataclasses.dataclass(frozen=True)
class Target:
    """A performance target on one row: halt's time at most ``at_most`` times the other's.

    Attributes:
        row: the name of the row it is about.
        against: compared with the row's ``"floor"`` or its ``"peer"``.
        at_most: the largest allowed ratio halt / other, e.g. ``0.5`` for "at least 2x faster",
            ``3.0`` for "within 3x".
        text: the target in words, e.g. ``"at least 2x faster than pydantic v2"``.

    """

    row: str
    against: Literal["floor", "peer"]
    at_most: float
    text: str

    def verdict(self, rows: Iterable[Row]) -> str:
        """One line: the target, the measured ratio, and met or missed by how much."""
        row = next((r for r in rows if r.name == self.row), None)
        label = f"{self.row}: {self.text} (halt/{self.against} <= {self.at_most:g})"
        ratio = None if row is None else (row.ratio if self.against == "floor" else row.peer_ratio)
        if ratio is None:
            return f"{label}: not measured"
        if ratio <= self.at_most:
            return f"{label}: met, {ratio:.2f}"
        # How much of halt's current time must go to meet it.
        cut = 1 - self.at_most / ratio
        return (
            f"{label}: MISSED, {ratio:.2f} - halt needs {ratio / self.at_most:.2f}x its speed "
            f"({cut:.0%} less time)"
        )


def environment(*distributions: str) -> list[str]:
    """Lines describing where the figures come from: Python, platform, package versions."""
    versions = []
    for name in distributions:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed as a distribution)")
    return [
        f"Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.system()} {platform.machine()}",
        ", ".join(versions),
    ]


def report(
    title: str,
    rows: Sequence[Row],
    options: Options,
    *,
    notes: Sequence[str] = (),
    targets: Sequence[Target] = (),
) -> None:
    """Print the rows: a titled table with notes and target verdicts, or JSON lines."""
    if options.json:
        for row in rows:
            print(json.dumps(row.as_json()), flush=True)
        return
    collector = "ON, as users run it" if options.gc else "OFF (--no-gc; not how users run)"
    print(title)
    print(f"garbage collector: {collector}; best of {options.repeat}; seed {options.seed}")
    for line in notes:
        print(line)
    print()
    print(_table(rows))
    if targets:
        print()
        print("targets:")
        for target in targets:
            print(f"  {target.verdict(rows)}")
    sys.stdout.flush()


def _table(rows: Sequence[Row]) -> str:
    with_peer = any(r.peer_name is not None for r in rows)
    with_peak = any(r.peak_mib is not None for r in rows)
    header = ["name", "n", "halt s", "floor", "floor s", "ratio"]
    if with_peer:
        header += ["peer", "peer s", "peer ratio"]
    if with_peak:
        header += ["peak MiB"]
    body = []
    for r in rows:
        cells = [
            r.name,
            f"{r.n:,}",
            f"{r.halt_seconds:.4f}",
            r.floor_name,
            f"{r.floor_seconds:.4f}",
            f"{r.ratio:.2f}",
        ]
        if with_peer:
            peer_ratio = r.peer_ratio
            cells += [
                r.peer_name or "-",
                "-" if r.peer_seconds is None else f"{r.peer_seconds:.4f}",
                "-" if peer_ratio is None else f"{peer_ratio:.2f}",
            ]
        if with_peak:
            cells += ["-" if r.peak_mib is None else f"{r.peak_mib:.1f}"]
        body.append(cells)
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]
    text_columns = {0, 3, 6}  # names left-aligned, numbers right-aligned

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i in text_columns else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(cells) for cells in body)])


def fail(message: str) -> NoReturn:
    """Stop the script with exit status 1 and ``message`` on stderr (a failed sanity check)."""
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(1)


# -- additions for benchmarks that need fresh state per repeat, memory, or more than one table --

_S = TypeVar("_S")


def best_of_fresh(
    setup: Callable[[], _S],
    run: Callable[[_S], object],
    repeat: int,
    *,
    teardown: Callable[[_S], object] | None = None,
    collector: bool = True,
) -> float:
    """The best wall-clock time of ``repeat`` calls of ``run``, each on a fresh ``setup()``.

    Like :func:`best_of`, but for work that changes its input (a store that fills up): before
    each call, ``setup()`` makes what the call works on (a new file, a new table) and a full
    collection runs, both untimed; after the clock stopped, the call's result is dropped and
    ``teardown`` (if given) releases the state, untimed too, even when ``run`` raises.
    """
    best = math.inf
    was_enabled = gc.isenabled()
    try:
        for _ in range(repeat):
            state = setup()
            try:
                gc.collect()
                if not collector:
                    gc.disable()
                start = time.perf_counter()
                result = run(state)
                elapsed = time.perf_counter() - start
                if was_enabled:
                    gc.enable()
                del result
            finally:
                if was_enabled:
                    gc.enable()
                if teardown is not None:
                    teardown(state)
            best = min(best, elapsed)
    finally:
        if was_enabled:
            gc.enable()
    return best


def peak_mib(run: Callable[[], object]) -> float:
    """The peak of Python's heap while ``run()`` runs once, in MiB, above what was there before.

    Measured with :mod:`tracemalloc`, which slows the call down: never time the same call.
    It sees what Python allocates (objects, buffers), not the private memory of C libraries
    such as SQLite's page cache or libpq's result buffers.
    """
    gc.collect()
    already = tracemalloc.is_tracing()
    if not already:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        result = run()
        _, peak = tracemalloc.get_traced_memory()
        del result
    finally:
        if not already:
            tracemalloc.stop()
    return (peak - before) / (1024 * 1024)


def table(title: str, rows: Sequence[Row], options: Options, *, notes: Sequence[str] = ()) -> None:
    """Print more rows after a :func:`report`: a titled table and notes, or JSON lines."""
    if options.json:
        for row in rows:
            print(json.dumps(row.as_json()), flush=True)
        return
    print()
    print(title)
    for line in notes:
        print(line)
    print()
    print(_table(rows))
    sys.stdout.flush()


def section(title: str, lines: Sequence[str], options: Options) -> None:
    """Print a titled block of lines (growth figures, verdicts); nothing with ``--json``."""
    if options.json:
        return
    print()
    print(f"{title}:")
    for line in lines:
        print(f"  {line}")
    sys.stdout.flush()


if __name__ == "__main__":  # a helper module, not a benchmark: nothing to run
    pass
