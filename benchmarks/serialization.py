"""Serialization benchmark: validated models, ``to_json`` and ``from_json`` on interventions.

Builds N generated interventions (default 100,000; fixed seed) three ways and times, per record,
in one run:

- ``build``: construct validated objects from the same plain Python values;
- ``to_json``: encode each object to JSON (one document per record, as a store writes them);
- ``from_json``: decode each record's JSON back into a validated object.

Three columns: halt_core (attrs classes, :func:`halt_core.serialization.to_json` /
:func:`~halt_core.serialization.from_json`); the *floor*, ``msgspec.Struct`` mirrors carrying
the same constraints (the limit of what Python can do); and the *peer*, pydantic v2 models with
the same validation (what a user would pick instead). Before timing, the script checks that the
three sides write the same JSON, read back what they wrote, and refuse the same bad documents.

Run ``python benchmarks/serialization.py`` (``--quick`` for a small run, ``--json`` for JSON
lines, ``--help`` for the rest). The garbage collector stays on, as users run it. The floor's
Structs are in ``_serialization_floor.py``, the peer's models in ``_serialization_peer.py``, the
generated records in ``_serialization_data.py``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import msgspec

import halt_core.serialization as halt_json
from halt_core.errors import InvalidDocument
from halt_core.model import (
    AMSTERDAM,
    AgeRange,
    Area,
    Evaluation,
    Intervention,
    Period,
    Session,
    TargetGroup,
)

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks import _common
    from benchmarks._serialization_data import Record, generate
    from benchmarks._serialization_floor import MIntervention
    from benchmarks._serialization_peer import PIntervention, ValidationError
else:  # run as a script (python benchmarks/serialization.py), this folder is first on sys.path
    import _common
    from _serialization_data import Record, generate
    from _serialization_floor import MIntervention
    from _serialization_peer import PIntervention, ValidationError  # exits without pydantic

TARGETS = (  # issue 18
    _common.Target("from_json", "peer", 0.333, "at least 3x faster than pydantic v2"),
    _common.Target("from_json", "floor", 1.3, "within 1.3x of msgspec Structs"),
    _common.Target("to_json", "peer", 0.333, "at least 3x faster than pydantic v2"),
    _common.Target("to_json", "floor", 1.3, "within 1.3x of msgspec Structs"),
    _common.Target("build", "floor", 1.5, "within 1.5x of msgspec Structs"),
)

DESCRIPTION = "Time validated models, to_json and from_json: halt_core, msgspec, pydantic v2."
FLOOR_NAME = "msgspec.Struct"
PEER_NAME = "pydantic v2"

# -- halt_core: the model's own constructors -----------------------------------------------------


def build_halt(r: Record) -> Intervention:
    tg = r["target_group"]
    age = tg["age_range"]
    period = r["period"]
    evaluation = r["evaluation"]
    return Intervention(
        id=r["id"],
        kind=r["kind"],
        title=r["title"],
        problem_areas=r["problem_areas"],
        target_group=TargetGroup(
            audience=tg["audience"],
            description=tg["description"],
            age_range=None
            if age is None
            else AgeRange(minimum=age["minimum"], maximum=age["maximum"]),
            size=tg["size"],
            parents_involved=tg["parents_involved"],
        ),
        area=Area(kind=r["area"]["kind"], codes=r["area"]["codes"]),
        commissioner=r["commissioner"],
        school=r["school"],
        partners=r["partners"],
        collaboration=r["collaboration"],
        period=None if period is None else Period(start=period["start"], end=period["end"]),
        sessions=tuple(
            Session(
                id=s["id"],
                start=s["start"],
                end=s["end"],
                location=s["location"],
                trainer=s["trainer"],
            )
            for s in r["sessions"]
        ),
        status=r["status"],
        requested_on=r["requested_on"],
        evaluation=None
        if evaluation is None
        else Evaluation(
            evaluated_on=evaluation["evaluated_on"],
            summary=evaluation["summary"],
            reached=evaluation["reached"],
        ),
        notes=r["notes"],
    )


# -- the sanity checks (not timed) ----------------------------------------------------------------


def _canonical(document: bytes | str) -> Any:
    """A written document as plain data, for comparing the three sides' JSON."""
    doc = json.loads(document)
    doc.pop("schema_version", None)
    # pydantic writes a frozenset in iteration order; halt and the floor write it sorted.
    doc["problem_areas"] = sorted(doc["problem_areas"])
    return doc


def across_dst(record: Record) -> Record:
    """``record`` with one session across the end of summer time, whose end reads earlier.

    02:30 CEST to 02:15 CET on 26 October 2025 is 45 minutes; comparing wall times says the
    session ends before it starts.
    """
    start = dt.datetime(2025, 10, 26, 2, 30, tzinfo=AMSTERDAM, fold=0)
    end = dt.datetime(2025, 10, 26, 2, 15, tzinfo=AMSTERDAM, fold=1)
    session = {
        "id": uuid.UUID("9f1a4633-5346-4dcd-b1d7-64efd32f7ec1"),
        "start": start,
        "end": end,
        "location": "Buurthuis De Schakel",
        "trainer": None,
    }
    return {**record, "sessions": (session,)}


def check_same_results(
    records: Sequence[Record], encoder: msgspec.json.Encoder, decoder: msgspec.json.Decoder[Any]
) -> None:
    """Fail unless, on ``records``, the three sides write equal JSON and read back equal values."""
    for index, record in enumerate(records):
        try:
            halt = build_halt(record)
            floor = msgspec.convert(record, MIntervention)
            peer = PIntervention.model_validate(record)
        except (ValueError, msgspec.ValidationError) as exc:
            _common.fail(f"sample record {index} was refused while building: {exc}")
        docs: dict[str, bytes | str] = {
            "halt_core": halt_json.to_json(halt),
            FLOOR_NAME: encoder.encode(floor),
            PEER_NAME: peer.model_dump_json(),
        }
        canonical = {side: _canonical(doc) for side, doc in docs.items()}
        for side in (FLOOR_NAME, PEER_NAME):
            if canonical[side] != canonical["halt_core"]:
                _common.fail(
                    f"sample record {index}: {side} writes different JSON than halt_core\n"
                    f"  halt_core: {docs['halt_core']!r}\n  {side}: {docs[side]!r}"
                )
        if halt_json.from_json(docs["halt_core"], Intervention) != halt:
            _common.fail(f"sample record {index}: halt_core does not read back what it wrote")
        if decoder.decode(docs[FLOOR_NAME]) != floor:
            _common.fail(f"sample record {index}: {FLOOR_NAME} does not read back what it wrote")
        if PIntervention.model_validate_json(docs[PEER_NAME]) != peer:
            _common.fail(f"sample record {index}: {PEER_NAME} does not read back what it wrote")


def _bad_documents(good: Record) -> list[tuple[str, Record]]:
    """Variants of a good document (parsed JSON) that every side must refuse."""

    def variant(change: Callable[[Record], None]) -> Record:
        doc: Record = json.loads(json.dumps(good))
        change(doc)
        return doc

    def session(doc: Record) -> Record:
        first: Record = doc["sessions"][0]
        return first

    def set_in(path: str, value: object) -> Callable[[Record], None]:
        *parents, last = path.split(".")

        def change(doc: Record) -> None:
            target = doc
            for key in parents:
                if target.get(key) is None:
                    target[key] = {}
                target = target[key]
            target[last] = value

        return change

    twice = ["GM0363", "GM0363"]
    evaluation = {"evaluated_on": "2025-04-01", "summary": "ok", "reached": 12}
    cases: list[tuple[str, Callable[[Record], None]]] = [
        ("blank title", set_in("title", "   ")),
        ("title too long", set_in("title", "x" * 201)),
        ("unknown kind", set_in("kind", "lecture")),
        ("id not a UUID", set_in("id", "not-a-uuid")),
        ("impossible date", set_in("requested_on", "2025-13-01")),
        ("number as text", set_in("target_group.size", "20")),
        ("size 0", set_in("target_group.size", 0)),
        ("1 for true", set_in("target_group.parents_involved", 1)),
        ("negative age", set_in("target_group.age_range", {"minimum": -1, "maximum": 12})),
        ("age above 120", set_in("target_group.age_range", {"minimum": 10, "maximum": 121})),
        (
            "age maximum below minimum",
            set_in("target_group.age_range", {"minimum": 14, "maximum": 1}),
        ),
        ("bad municipality code", set_in("area", {"kind": "municipality", "codes": ["GM363"]})),
        ("codes in a country area", set_in("area", {"kind": "country", "codes": ["GM0363"]})),
        ("repeated municipalities", set_in("area", {"kind": "municipalities", "codes": twice})),
        ("period ends before it starts", set_in("period.end", "2021-12-31")),
        ("negative reach", set_in("evaluation", {**evaluation, "reached": -1})),
        ("blank summary", set_in("evaluation", {**evaluation, "summary": " "})),
        ("notes too long", set_in("notes", "x" * 2001)),
        ("session without a zone", lambda d: session(d).update(start=session(d)["start"][:19])),
        ("session ends at its start", lambda d: session(d).update(end=session(d)["start"])),
        (
            "session ends before it starts, across the DST change",
            lambda d: session(d).update(
                start="2025-10-26T02:15:00+01:00", end="2025-10-26T02:30:00+02:00"
            ),
        ),
        ("trainer with a space", lambda d: session(d).update(trainer="j de vries")),
        ("trainer with a newline", lambda d: session(d).update(trainer="jdevries\n")),
        ("blank location", lambda d: session(d).update(location=" \t")),
    ]
    return [(name, variant(change)) for name, change in cases]


def check_same_refusals(record: Record, decoder: msgspec.json.Decoder[Any]) -> None:
    """Fail unless each side refuses every bad variant of ``record``'s document."""
    good = json.loads(halt_json.to_json(build_halt(record)))
    for name, doc in _bad_documents(good):
        data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
        accepted = []
        try:
            halt_json.from_json(data, Intervention)
            accepted.append("halt_core")
        except InvalidDocument:
            pass
        try:
            decoder.decode(data)
            accepted.append(FLOOR_NAME)
        except msgspec.ValidationError:
            pass
        try:
            PIntervention.model_validate_json(data)
            accepted.append(PEER_NAME)
        except ValidationError:
            pass
        if accepted:
            _common.fail(f"bad document ({name}) was accepted by {', '.join(accepted)}: {data!r}")


# -- the measurements -----------------------------------------------------------------------------


_T = TypeVar("_T")
_D = TypeVar("_D", bytes, str)


class Documents(NamedTuple):
    """Each side's JSON documents, one per record, as its ``to_json`` wrote them."""

    halt: list[bytes]
    floor: list[bytes]
    peer: list[str]


# What is alive while a side is timed matters with the collector on: each collection walks every
# live container. So each side is timed with only its own inputs alive (and, while building and
# encoding, the generated records), and each call's results are dropped after its clock stops.


def measure_writing(
    records: list[Record], options: _common.Options
) -> tuple[list[_common.Row], Documents]:
    """Time ``build`` and ``to_json``; return their rows and the documents each side wrote."""
    n = len(records)
    convert, validate = msgspec.convert, PIntervention.model_validate
    encode = msgspec.json.Encoder(order="deterministic").encode  # sorted sets, as halt writes

    def best(run: Callable[[], object]) -> float:
        return _common.best_of(run, options.repeat, collector=options.gc)

    build = _common.Row(
        "build",
        n,
        best(lambda: [build_halt(r) for r in records]),
        FLOOR_NAME,
        best(lambda: [convert(r, MIntervention) for r in records]),
        PEER_NAME,
        best(lambda: [validate(r) for r in records]),
    )

    def written(values: list[_T], write: Callable[[_T], _D]) -> tuple[float, list[_D]]:
        seconds = best(lambda: [write(v) for v in values])
        return seconds, [write(v) for v in values]

    halt_seconds, halt_docs = written([build_halt(r) for r in records], halt_json.to_json)
    floor_seconds, floor_docs = written([convert(r, MIntervention) for r in records], encode)
    peer_seconds, peer_docs = written([validate(r) for r in records], PIntervention.model_dump_json)
    to_json = _common.Row(
        "to_json", n, halt_seconds, FLOOR_NAME, floor_seconds, PEER_NAME, peer_seconds
    )
    return [build, to_json], Documents(halt_docs, floor_docs, peer_docs)


def measure_reading(docs: Documents, options: _common.Options) -> _common.Row:
    """Time ``from_json``: each side reads, with validation, the documents it wrote."""
    from_json, intervention = halt_json.from_json, Intervention
    decode = msgspec.json.Decoder(MIntervention).decode
    validate_json = PIntervention.model_validate_json

    def best(run: Callable[[], object]) -> float:
        return _common.best_of(run, options.repeat, collector=options.gc)

    return _common.Row(
        "from_json",
        len(docs.halt),
        best(lambda: [from_json(b, intervention) for b in docs.halt]),
        FLOOR_NAME,
        best(lambda: [decode(b) for b in docs.floor]),
        PEER_NAME,
        best(lambda: [validate_json(b) for b in docs.peer]),
    )


def main(argv: Sequence[str] | None = None) -> None:
    options = _common.parse_options(DESCRIPTION, argv)
    records = generate(options.size, options.seed)

    decoder = msgspec.json.Decoder(MIntervention)
    step = max(1, len(records) // 300)
    sample = [across_dst(records[0]), *records[::step]]
    check_same_results(sample, msgspec.json.Encoder(order="deterministic"), decoder)
    del sample
    check_same_refusals(records[0], decoder)

    rows, docs = measure_writing(records, options)
    del records  # not needed to read: the collector need not walk them while each side reads
    rows.append(measure_reading(docs, options))
    _common.report(
        f"serialization: {options.size:,} generated interventions, one JSON document per record",
        rows,
        options,
        notes=[
            *_common.environment("msgspec", "pydantic", "attrs", "cattrs"),
            "floor: msgspec Structs with the same constraints; peer: pydantic v2 models (strict)"
            " with the same validation",
            "Python's garbage collector can change bulk figures like these by 2x; they are"
            " measured with it on, the way users run (--no-gc shows the difference).",
            "ratio = halt / floor; peer ratio = halt / peer (below 1: halt is faster). Sanity"
            " checks passed: same JSON, same values read back, same bad documents refused.",
        ],
        targets=TARGETS,
    )


if __name__ == "__main__":
    main()
