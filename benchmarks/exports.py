"""Export benchmark: N interventions to CSV and to JSON Lines, against the modules directly.

N generated interventions (default 100,000; ``--quick`` 2,000; fixed seed) are exported with
``halt_core.export.export(values, stream, format, kinds=[Intervention])``, the whole call:
finding the format, the personal-data pass (the default, pseudonymise), the free-text pass (the
default, omit), counting, and the exporter. The output goes to a stream that only counts
bytes, so no disk is timed. Rows:

- ``csv``: the ``csv`` format; the floor writes the same bytes with :mod:`csv` directly: a
  ``csv.writer`` on a UTF-8 text wrapper, each row made by plain code reading the record's
  fields (the cells halt's table gives, as text, free text left out), ``writerows`` over a
  generator.
- ``jsonl``: the ``jsonl`` format; the floor writes the same bytes with msgspec directly (the
  encoder halt's converter uses, on the same attrs values, their free text left out with
  ``attrs.evolve``): the header line, then per record the line prefix, the encoded record
  with its ``schema_version`` and the line end, joined and written 1,000 lines at a time.
  The peer is orjson, as a user would use it on attrs values: a ``default`` hook giving
  each attrs value's fields, sets sorted, keys sorted (the same JSON, its keys in another
  order). orjson cannot encode attrs classes by itself; timing it on dicts made beforehand
  (``to_dict``) would leave out the conversion, the larger part.
- ``... 1/10``: the same at N/10, to show the time grows linearly.

Generating the values is not timed: the timed rows export a list made beforehand (timing the
generator too would add the same seconds to both sides and hide the ratio). Memory is
measured apart, untimed: the peak of Python's heap (tracemalloc) while halt exports N/10 and N
interventions made one at a time by a generator and dropped once written. Equal peaks mean
constant memory: an export holds no more than a chunk of records, whatever N.

Memory over a store, per format: every format (``csv``, ``json``, ``jsonl``, ``xlsx``,
``ics``, ``dot``, ``mermaid``, and ``svg``/``png`` when Graphviz is installed) exports a
SQLite store filled with the demo network (:func:`halt_core.demo.generate`, the seed) at two
sizes, ten times apart: demo size N/20 (about N records; at least 400) and a tenth of it, to
files that discard their bytes. The peak of Python's heap (tracemalloc) is printed for both,
with the target "within 1.2x" (the issue's). Each format exports from both stores once
before it is measured, so imports, and the caches of checked addresses and numbers (512
answers each), are as full as in a program that has run a while. The calendar and the
pictures keep what they must group and sort in a temporary file, so they are judged like
the rest; Graphviz's own process (``svg``, ``png``) is not Python's heap and not counted. A
store is read a page at a time (at most 1,000 records, about 64 KiB of stored documents), so
the smaller store must hold a few pages of each kind for the peaks to compare: ``--quick``
(whose stores would not) exports each format once from the demo at size 40, to keep the code
working, and judges nothing.

Before timing, the script checks on the first 20,000 values that halt and the floor write the
same number of rows and the same bytes, and that the peer writes the same JSON values; it exits
with status 1 if not.

Run ``python benchmarks/exports.py`` (``--quick`` for a small run, ``--json`` for JSON lines,
``--help`` for the rest). The garbage collector stays on, as users run it.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import random
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

import attrs
import msgspec

from halt_core import connect
from halt_core.demo import generate
from halt_core.export import OMITTED, TABLES, Sink, export
from halt_core.model import (
    AMSTERDAM,
    AgeRange,
    Area,
    AreaKind,
    Audience,
    Evaluation,
    Gazetteer,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Period,
    ProblemArea,
    Session,
    TargetGroup,
)
from halt_core.storage import RECORD_KINDS, Store

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks import _common
else:  # run as a script (python benchmarks/exports.py), this folder is first on sys.path
    import _common

try:
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    HAS_ORJSON = False
else:
    HAS_ORJSON = True

DESCRIPTION = (
    "Time exporting interventions to CSV and JSON Lines against csv.writer and msgspec "
    "writing the same bytes (orjson as the JSON Lines peer), and measure the memory peak."
)
GENERATED_AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=AMSTERDAM)
FORMATS = ("csv", "jsonl")

TARGETS = (
    _common.Target("csv", "floor", 2.0, "within 2x of csv.writer"),
    _common.Target("jsonl", "floor", 2.0, "within 2x of msgspec"),
    # The wording: "within 2x of writing the same rows with orjson directly".
    _common.Target("jsonl", "peer", 2.0, "within 2x of orjson"),
)

# -- the generated data ---------------------------------------------------------------------------

_PLACES = ("OBS De Regenboog", "Stedelijk College", "Buurthuis De Schakel", "Sporthal De Kamp")
_NOTES = (
    "",
    "",
    "Graag afstemmen met de wijkagent.",
    'Les in twee delen; "vuurwerk" en "overlast", na de kerstvakantie.',
    "Ouders krijgen vooraf een brief,\nin het Nederlands en het Engels.",
)
_FIRST_DAY = dt.date(2022, 1, 1)


def interventions(n: int, seed: int) -> Iterator[Intervention]:
    """``n`` validated interventions, made one at a time; the same for the same ``seed``."""
    rng = random.Random(seed)
    codes = [m.code for m in Gazetteer.load()]
    kinds, statuses = tuple(InterventionKind), tuple(InterventionStatus)
    problems, audiences = tuple(ProblemArea), tuple(Audience)

    def new_id() -> Any:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    for _ in range(n):
        requested = _FIRST_DAY + dt.timedelta(days=rng.randint(0, 1400))
        start = requested + dt.timedelta(days=rng.randint(7, 60))
        sessions = []
        for number in range(rng.choice((0, 1, 1, 2, 3))):
            begins = dt.datetime.combine(
                start + dt.timedelta(days=7 * number), dt.time(9 + rng.randint(0, 6)), AMSTERDAM
            )
            sessions.append(
                Session(
                    start=begins,
                    end=begins + dt.timedelta(minutes=rng.choice((45, 60, 90))),
                    location=f"{rng.choice(_PLACES)}, lokaal {rng.randint(1, 40)}",
                    trainer=rng.choice((None, "t.jansen", "HALT-0042")),
                )
            )
        status = rng.choice(statuses)
        evaluated = status is InterventionStatus.EVALUATED
        area = (
            Area.municipality(rng.choice(codes))
            if rng.random() < 0.9
            else Area(kind=AreaKind.MUNICIPALITIES, codes=tuple(sorted(rng.sample(codes, 3))))
        )
        yield Intervention(
            id=new_id(),
            kind=rng.choice(kinds),
            title=f"Voorlichting {rng.choice(_PLACES)} {rng.randint(1, 99)}",
            problem_areas=frozenset(rng.sample(problems, rng.randint(1, 3))),
            target_group=TargetGroup(
                audience=rng.choice(audiences),
                description=f"groep {rng.randint(5, 8)}, {rng.choice(_PLACES)}",
                age_range=AgeRange(minimum=10, maximum=12) if rng.random() < 0.5 else None,
                size=rng.randint(8, 240) if rng.random() < 0.85 else None,
            ),
            area=area,
            commissioner=new_id() if rng.random() < 0.9 else None,
            school=new_id() if rng.random() < 0.5 else None,
            partners=tuple(new_id() for _ in range(rng.choice((0, 0, 1, 2)))),
            collaboration=new_id() if rng.random() < 0.4 else None,
            period=Period(start=start, end=start + dt.timedelta(days=rng.randint(30, 180))),
            sessions=tuple(sessions),
            status=status,
            requested_on=requested,
            evaluation=Evaluation(
                evaluated_on=start + dt.timedelta(days=200),
                summary="Goed ontvangen.",
                reached=rng.randint(10, 400),
            )
            if evaluated
            else None,
            notes=rng.choice(_NOTES),
        )


# -- where the bytes go ---------------------------------------------------------------------------


class Discard(io.BytesIO):
    """A binary stream that keeps nothing: it counts the bytes written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def write(self, data: Any) -> int:
        size = len(data)
        self.size += size
        return size


class DiscardSink(Sink):
    """As many files as a format writes, each a :class:`Discard`."""

    @contextlib.contextmanager
    def _open(self, name: str, format: str) -> Iterator[BinaryIO]:
        yield cast(BinaryIO, Discard())


# -- halt, the floors and the peer ----------------------------------------------------------------


def halt(format: str) -> Callable[[Iterable[Intervention], BinaryIO], object]:
    def run(values: Iterable[Intervention], stream: BinaryIO) -> object:
        return export(values, stream, format, kinds=[Intervention], generated_at=GENERATED_AT)

    return run


def _optional(value: object) -> str | None:
    return None if value is None else str(value)


def _session(s: Session) -> str:
    text = f"{s.start.isoformat()}/{s.end.isoformat()} @ {s.location}"
    return f"{text} ({s.trainer})" if s.trainer else text


def floor_row(i: Intervention) -> tuple[object, ...]:
    """The cells of ``i`` as text (None and whole numbers are left to the csv module)."""
    group, period, evaluation = i.target_group, i.period, i.evaluation
    return (
        str(i.id),
        i.kind.value,
        i.title,
        i.status.value,
        i.requested_on.isoformat(),
        i.area.kind.value,
        " ".join(i.area.codes),
        group.audience.value,
        OMITTED,  # free text is left out by default
        group.size,
        _optional(i.commissioner),
        _optional(i.school),
        " ".join(map(str, i.partners)),
        _optional(i.collaboration),
        None if period is None else period.start.isoformat(),
        None if period is None or period.end is None else period.end.isoformat(),
        "; ".join(map(_session, i.sessions)),
        " ".join(sorted(a.value for a in i.problem_areas)),
        None if evaluation is None else evaluation.evaluated_on.isoformat(),
        None if evaluation is None else evaluation.reached,
        None,  # notes: free text, left out by default
    )


def without_free_text(i: Intervention) -> Intervention:
    """``i`` as every export writes it by default: its free text left out."""
    evaluation = i.evaluation
    return attrs.evolve(
        i,
        notes="",
        target_group=attrs.evolve(i.target_group, description=OMITTED),
        evaluation=None if evaluation is None else attrs.evolve(evaluation, summary=OMITTED),
    )


def floor_csv(values: Iterable[Intervention], stream: BinaryIO) -> None:
    text = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    writer = csv.writer(text)
    writer.writerow(TABLES[Intervention].header)
    writer.writerows(map(floor_row, values))
    text.detach()


def _header_line() -> bytes:
    # What halt writes first; the floor and the peer write the same line.
    stream = io.BytesIO()
    export([], stream, "jsonl", generated_at=GENERATED_AT)
    return stream.getvalue()


def floor_jsonl(values: Iterable[Intervention], stream: BinaryIO) -> None:
    encode = msgspec.json.Encoder(order="deterministic").encode
    start, end = b'{"kind":"interventions","record":{"schema_version":1,', b"}\n"
    stream.write(_header_line())
    it = iter(values)
    while chunk := list(itertools.islice(it, 1000)):
        stream.write(b"".join([start + encode(without_free_text(v))[1:] + end for v in chunk]))


def _plain(value: Any) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    fields = attrs.fields(type(value))
    return {f.name: getattr(value, f.name) for f in fields}


def peer_jsonl(values: Iterable[Intervention], stream: BinaryIO) -> None:
    dumps, option = orjson.dumps, orjson.OPT_SORT_KEYS
    start, end = b'{"kind":"interventions","record":{"schema_version":1,', b"}\n"
    stream.write(_header_line())
    it = iter(values)
    while chunk := list(itertools.islice(it, 1000)):
        stream.write(
            b"".join(
                [
                    start + dumps(without_free_text(v), default=_plain, option=option)[1:] + end
                    for v in chunk
                ]
            )
        )


Writer = Callable[[Iterable[Intervention], BinaryIO], object]


def sides(format: str) -> tuple[Writer, str, Writer, str | None, Writer | None]:
    """halt, the floor's name and writer, the peer's name and writer (if any) of a format."""
    if format == "csv":
        return halt(format), "csv.writer", floor_csv, None, None
    if not HAS_ORJSON:
        return halt(format), "msgspec", floor_jsonl, None, None
    return halt(format), "msgspec", floor_jsonl, "orjson", peer_jsonl


# -- the checks and measurements ------------------------------------------------------------------


def written(write: Writer, values: Sequence[Intervention]) -> bytes:
    stream = io.BytesIO()
    write(values, stream)
    return stream.getvalue()


def rows_in(format: str, data: bytes) -> int:
    """How many rows (header included) a CSV or JSON Lines output holds."""
    if format == "jsonl":
        return data.count(b"\n")  # JSON escapes line ends inside text
    return sum(1 for _ in csv.reader(io.StringIO(data.decode(), newline="")))


def check_same_output(values: Sequence[Intervention]) -> None:
    """Exit with status 1 unless halt and the floor (and peer) write the same output."""
    for format in FORMATS:
        halt_write, floor_name, floor_write, peer_name, peer_write = sides(format)
        ours, floors = written(halt_write, values), written(floor_write, values)
        counts = rows_in(format, ours), rows_in(format, floors)
        if counts != (len(values) + 1, len(values) + 1):
            _common.fail(f"{format}: {len(values)} records, but halt/floor wrote {counts} rows")
        if ours != floors:
            _common.fail(f"{format}: halt and {floor_name} wrote different bytes")
        if peer_write is not None:
            theirs = written(peer_write, values)
            if list(map(json.loads, ours.splitlines())) != list(
                map(json.loads, theirs.splitlines())
            ):
                _common.fail(f"{format}: halt and {peer_name} wrote different JSON")


def measure(
    format: str, name: str, values: list[Intervention], options: _common.Options
) -> _common.Row:
    halt_write, floor_name, floor_write, peer_name, peer_write = sides(format)

    def best(write: Writer) -> float:
        return _common.best_of(
            lambda: write(values, Discard()), options.repeat, collector=options.gc
        )

    halt_seconds = best(halt_write)
    floor_seconds = best(floor_write)
    peer_seconds = None if peer_write is None else best(peer_write)
    return _common.Row(
        name, len(values), halt_seconds, floor_name, floor_seconds, peer_name, peer_seconds
    )


def peak(format: str, n: int, seed: int) -> float:
    """The heap's peak while halt exports ``n`` interventions made one at a time."""
    return _common.peak_mib(lambda: halt(format)(interventions(n, seed), Discard()))


STORE_FORMATS = ("csv", "json", "jsonl", "xlsx", "ics", "dot", "mermaid")
PICTURES = ("svg", "png")  # need Graphviz's dot program
MEMORY_TARGET = 1.2  # the issue's: each format's peak at N/10 and N within 1.2x


def demo_store(folder: Path, size: int, seed: int) -> tuple[Store, int]:
    """A SQLite store holding the demo network of ``size``, and how many records it holds."""
    network = generate(seed=seed, size=size).network
    store = connect(f"sqlite:///{folder / f'demo-{size}.sqlite3'}")
    with store.unit_of_work() as uow:
        for kind in RECORD_KINDS.values():
            getattr(uow, kind.name).add_many(getattr(network, kind.name))
    return store, sum(len(getattr(network, kind.name)) for kind in RECORD_KINDS.values())


def store_peak(store: Store, format: str) -> float:
    """The heap's peak while ``format`` exports every record of ``store``, in MiB."""
    with store.unit_of_work() as uow:
        return _common.peak_mib(
            lambda: export(uow, DiscardSink(), format, generated_at=GENERATED_AT)
        )


def store_memory(n: int, seed: int, *, quick: bool = False) -> list[str]:
    """Each format's peak over demo stores of about n/10 and n records, with verdicts."""
    formats = STORE_FORMATS + (PICTURES if shutil.which("dot") else ())
    lines = []
    if quick:
        with tempfile.TemporaryDirectory(prefix="halt-bench-") as folder:
            store, count = demo_store(Path(folder), 40, seed)
            with contextlib.closing(store):
                for format in formats:
                    store_peak(store, format)  # once first: imports are not the export's
                    peak = store_peak(store, format)
                    lines.append(
                        f"{format}: {peak:.2f} MiB at {count:,} records (--quick: no verdict)"
                    )
        return lines
    size = max(400, n // 20)
    with tempfile.TemporaryDirectory(prefix="halt-bench-") as folder:
        small, few = demo_store(Path(folder), size // 10, seed)
        large, many = demo_store(Path(folder), size, seed)
        try:
            for format in formats:
                # Once from each store first: imports, and the bounded caches of checked
                # addresses and numbers filled as a running program has them, are not the
                # export's.
                store_peak(small, format)
                store_peak(large, format)
                low, high = store_peak(small, format), store_peak(large, format)
                growth = high / low
                verdict = "met" if growth <= MEMORY_TARGET else "MISSED"
                lines.append(
                    f"{format}: {low:.2f} MiB at {few:,} records, {high:.2f} MiB at {many:,}"
                    f" (x{growth:.2f}; within {MEMORY_TARGET:g}x: {verdict})"
                )
        finally:
            small.close()
            large.close()
    if not shutil.which("dot"):
        lines.append("svg, png: not measured, Graphviz's dot program is not installed")
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    options = _common.parse_options(DESCRIPTION, argv)
    n, tenth = options.size, max(1, options.size // 10)
    values = list(interventions(n, options.seed))
    check_same_output(values[: min(n, 20_000)])

    rows: list[_common.Row] = []
    growth: list[str] = []
    for format in FORMATS:
        peaks = {size: peak(format, size, options.seed) for size in (tenth, n)}
        for size, label in ((tenth, f"{format} 1/10"), (n, format)):
            row = measure(format, label, values[:size], options)
            rows.append(dataclasses.replace(row, peak_mib=peaks[size]))
        growth.append(
            f"{format}: peak {peaks[tenth]:.2f} MiB at {tenth:,}, {peaks[n]:.2f} MiB at {n:,}"
            f" (x{peaks[n] / peaks[tenth]:.2f} for x{n / tenth:.0f} records)"
        )
    _common.report(
        f"exports: {n:,} generated interventions to a stream that discards the bytes",
        rows,
        options,
        notes=[
            *_common.environment("msgspec", "orjson", "attrs"),
            "halt: export(values, stream, format, kinds=[Intervention]), the whole call;"
            " csv floor: csv.writer with rows made by plain code; jsonl floor: msgspec encoding"
            " the same values; jsonl peer: orjson with an attrs default hook",
            "peak MiB: Python heap (tracemalloc) of one untimed halt export of values made one"
            " at a time by a generator (not kept)",
            "Sanity checks passed: halt and the floors wrote the same bytes, the peer the same"
            " JSON.",
        ],
        targets=TARGETS,
    )
    _common.section("memory (constant if the peaks are about equal)", growth, options)
    _common.section(
        "memory over a store: every format, peak of the heap"
        + (
            " (--quick: one small store)"
            if options.quick
            else f", demo stores ten times apart (target: within {MEMORY_TARGET:g}x)"
        ),
        store_memory(n, options.seed, quick=options.quick) if not options.json else [],
        options,
    )


if __name__ == "__main__":
    main()
