"""Scale benchmark: the ``halt`` commands on stores of about 10^5 and 10^6 records.

Builds the demo network (:func:`halt_core.demo.generate`, seed 1, ``spread="even"``) at size
5,500 (about 10^5 records) and, with ``--long``, at 55,000 (about 10^6), saves it to an SQLite
file and to a scratch PostgreSQL database (when a server answers), and runs on each store:
``network --arrondissement A``, ``check --arrondissement A``, ``check``, ``interventions list``
``--arrondissement A`` / ``--municipality M`` / ``--status scheduled`` as JSON Lines, the
``--status scheduled`` table, ``export --format jsonl`` and ``check --changed-since T`` after
10 interventions were saved at T. A is the arrondissement with the median number of
interventions, M the median municipality in it (chosen at 10^5, kept at 10^6).

Each command's time is the best of several in-process runs of the CLI (the interpreter's
start-up is not the command's work: ``imports.py`` measures it); its peak memory is the
resident set size of one more run in a fresh interpreter. Its floor: the same rows read with
raw SQL over a connection opened for the run (as the command opens the store) and decoded
with msgspec (``_scale_floors.py``). The table gives, per command, the
time and memory at both sizes, their ratio against the records' ratio, and halt over its
floor; then the targets, met or MISSED, never asserted.

``--quick`` (what ``nox -s bench`` runs in CI) is 10^5 only, one run each; ``--long`` adds
10^6 (best of 1 for the full check there). ``--size N`` sets the small store's demo size.
The PostgreSQL server is ``$HALT_BENCH_POSTGRES_URL``, else ``$HALT_TEST_POSTGRES_URL``, else
``postgresql://postgres@127.0.0.1:5432/test``; an empty ``HALT_BENCH_POSTGRES_URL`` skips it.
"""

from __future__ import annotations

import dataclasses
import gc
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from halt_core.model import Gazetteer

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks import _common
    from benchmarks import _scale_build as build
    from benchmarks import _scale_floors as floors
    from benchmarks import _scale_report as report
    from benchmarks._scale_commands import Command, Runner, baseline_mb, commands
    from benchmarks._storage_floors import postgres_url, remove_sqlite
else:  # run as a script (python benchmarks/scale.py), this folder is first on sys.path
    import _common
    import _scale_build as build
    import _scale_floors as floors
    import _scale_report as report
    from _scale_commands import Command, Runner, baseline_mb, commands
    from _storage_floors import postgres_url, remove_sqlite

DESCRIPTION = (
    "Time the halt commands (network, check, interventions list, export) and measure their "
    "peak memory on SQLite and PostgreSQL stores of about 10^5 records (and 10^6 with --long), "
    "against raw SQL reads of the same rows decoded with msgspec. --long: also 10^6 records "
    "(the lead's run; about ten times longer); --quick: 10^5 only, one run each (CI). --size N is "
    "the small store's demo size (default 5,500: about 10^5 records)."
)
QUICK_ENOUGH = 5.0
"""--quick: a command whose run for the memory took this many seconds is not timed again."""


@dataclasses.dataclass(frozen=True)
class Context:
    """What the floors need to know: the places and the changed interventions.

    Attributes:
        arrondissement: A.
        municipality: M's code.
        changed: the ids of the interventions saved at T.

    """

    arrondissement: str
    municipality: str
    changed: Sequence[Any]


def _opener(name: str, url: str) -> Callable[[], floors.Reader]:
    """How a floor opens its connection: inside its timing, as each command opens the store."""
    if name == "postgres":
        return lambda: floors.open_reader(postgres_url=url)
    return lambda: floors.open_reader(sqlite_path=url.removeprefix("sqlite:///"))


def measure(
    url: str,
    open_reader: Callable[[], floors.Reader],
    context: Context,
    since: str,
    options: _common.Options,
    *,
    large: bool,
    folder: Path,
) -> tuple[report.SizeRun, list[Command]]:
    """Run every command and its floor on one store; ``large``: best of 1 for the full check."""
    runner = Runner(url, folder)
    listed = commands(context.arrondissement, context.municipality, since)
    outcomes, floor_times = {}, {}
    cache: dict[str, tuple[float, int]] = {}
    for command in listed:
        repeat = 1 if large and command.name == "check" else options.repeat
        outcomes[command.name] = runner.run(
            command, repeat, enough=QUICK_ENOUGH if options.quick else None
        )
        if command.floor not in cache:
            cache[command.floor] = _floor(command.floor, open_reader, context, repeat, options)
        floor_times[command.name] = cache[command.floor]
    return report.SizeRun(0, outcomes, floor_times), listed


def _floor(
    name: str,
    open_reader: Callable[[], floors.Reader],
    context: Context,
    repeat: int,
    options: _common.Options,
) -> tuple[float, int]:
    """The best time of floor ``name`` and how many records it read.

    Each run opens its own connection and closes it, as each command opens the store.
    """
    floor, read = floors.FLOORS[name], [0]

    def run() -> None:
        reader = open_reader()
        try:
            read[0] = floors.count(floor(reader, context))  # counting a few lists: negligible
        finally:
            reader.close()

    return _common.best_of(run, repeat, collector=options.gc), read[0]


def main(argv: Sequence[str] | None = None) -> None:
    """Build the stores, run the commands and floors, print the tables and targets."""
    began = time.perf_counter()
    args = list(sys.argv[1:] if argv is None else argv)
    long = "--long" in args
    options = _common.parse_options(
        DESCRIPTION,
        [a for a in args if a != "--long"],
        default_size=build.BASE_SIZE,
        quick_size=build.BASE_SIZE,
        default_repeat=3,
        quick_repeat=1,
        default_seed=1,
    )
    sizes = [options.size, options.size * build.GROWTH] if long else [options.size]
    gazetteer = Gazetteer.load()
    scratch, skipped = build.open_scratch(postgres_url())
    runs: dict[str, list[report.SizeRun]] = {"sqlite": [], "postgres": []}
    listed: list[Command] = []
    notes: list[str] = []
    places = None
    try:
        with tempfile.TemporaryDirectory(prefix="halt-scale-") as tmp:
            folder = Path(tmp)
            for size in sizes:
                built = build.generate_network(options.seed, size)
                if places is None:
                    places = build.pick_places(built.network, gazetteer)
                changed = build.changed_ids(built.network, gazetteer, places)
                stores = {"sqlite": f"sqlite:///{folder / f'scale-{size}.sqlite3'}"}
                if scratch is not None:
                    stores["postgres"] = scratch.create(f"n{size}")
                saved = {name: build.save(url, built.network) for name, url in stores.items()}
                records, spread, made = built.records, built.spread, built.seconds
                del built  # the commands run without the network in this process
                gc.collect()
                notes.append(
                    f"{records:,} records (demo size {size:,}, {spread}): generated in"
                    f" {made:.1f} s; saved in "
                    + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in saved.items())
                )
                context = Context(places.arrondissement, places.municipality, changed)
                for name, url in stores.items():
                    since = build.change(url, changed).isoformat()
                    run, listed = measure(
                        url,
                        _opener(name, url),
                        context,
                        since,
                        options,
                        large=size > options.size,
                        folder=folder,
                    )
                    runs[name].append(dataclasses.replace(run, records=records))
                    if name == "postgres" and scratch is not None:
                        scratch.drop(url)
                    else:
                        remove_sqlite(Path(url.removeprefix("sqlite:///")))
    finally:
        if scratch is not None:
            scratch.drop_all()
    if options.json:
        for name, store_runs in runs.items():
            for line in report.json_lines(name, listed, store_runs):
                print(line)
        return
    assert places is not None  # at least one size ran
    _print(options, long, notes, places, scratch, skipped, runs, listed)
    print(f"\nthe whole run took {time.perf_counter() - began:.0f} s")


def _print(
    options: _common.Options,
    long: bool,
    notes: list[str],
    places: build.Places,
    scratch: build.Scratch | None,
    skipped: str,
    runs: dict[str, list[report.SizeRun]],
    listed: list[Command],
) -> None:
    sizes = "10^5 and 10^6 records" if long else "10^5 records (10^6: --long)"
    print(f"scale: the halt commands on stores of about {sizes}")
    print(
        f"garbage collector: {'ON, as users run it' if options.gc else 'OFF (--no-gc)'};"
        + (
            f" best of {options.repeat} (1 when a run takes {QUICK_ENOUGH:g} s or more: --quick);"
            if options.quick
            else f" best of {options.repeat}{' (1 for the full check at 10^6)' if long else ''};"
        )
        + f" seed {options.seed}"
    )
    for line in [
        *_common.environment("msgspec", "attrs", "click", "rich", "psycopg"),
        f"SQLite {sqlite3.sqlite_version}; postgres: "
        + (scratch.describe() if scratch is not None else f"SKIPPED: {skipped}"),
        *notes,
        f"A = {places.arrondissement} ({places.share:.1%} of the interventions at the first"
        f" size); M = {places.municipality_name} ({places.municipality}), the median"
        " municipality in A; T = the moment before 10 interventions in A were saved changed",
        (
            f"time (--quick): best in-process run of the CLI (cli.main, output to a file);"
            f" a command whose run for MB took {QUICK_ENOUGH:g} s or more is not run again:"
            " that run's time counts (timed inside it around main(): one cold run, its"
            " first call's lazy work included)"
            if options.quick
            else "time: best in-process run of the CLI (cli.main, output to a file)"
        )
        + "; the interpreter's start-up and imports are not included (imports.py measures them)",
        "MB: peak resident set size (VmHWM, 10^6 bytes) of one run in a fresh interpreter;"
        f" the interpreter with the CLI imported and nothing run: {baseline_mb():,.0f} MB",
        "floor: the same rows read with raw SQL (sqlite3 / psycopg, the store's tables and"
        " indexed columns, a connection opened for each run as each command opens the store)"
        " and decoded with msgspec into the model's classes; 'floor' and 'x floor' are at the"
        " largest size run",
    ]:
        print(line)
    for name, store_runs in runs.items():
        if not store_runs:
            continue
        print(f"\n{name}:\n")
        print(report.table(listed, store_runs))
        print(report.floor_reads(listed, store_runs[-1]))
    # One "targets:" block (tools/performance_page.py gathers it), each line with its store.
    print("\ntargets:")
    for name, store_runs in runs.items():
        for line in report.targets(listed, store_runs, long) if store_runs else ():
            print(f"  {name}: {line}")
    if not runs["postgres"]:
        print(f"  postgres: every target not measured: {skipped}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
