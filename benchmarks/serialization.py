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
lines, ``--help`` for the rest). The garbage collector stays on, as users run it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple, TypeVar

import msgspec
import msgspec.structs

import halt_core.serialization as halt_json
from halt_core.errors import InvalidDocument
from halt_core.model import (
    AMSTERDAM,
    AgeRange,
    Area,
    AreaKind,
    Arrondissement,
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

try:
    import pydantic
    from pydantic import (
        AwareDatetime,
        BaseModel,
        ConfigDict,
        Field,
        StringConstraints,
        ValidationInfo,
        field_validator,
        model_validator,
    )
except ImportError:  # pragma: no cover - depends on the environment
    raise SystemExit(
        "this benchmark needs pydantic v2 as its peer: pip install 'pydantic>=2.7' "
        "(or install the project's 'bench' dependency group)"
    ) from None

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks import _common
else:  # run as a script (python benchmarks/serialization.py), this folder is first on sys.path
    import _common

Record = dict[str, Any]

TARGETS = (
    _common.Target("from_json", "peer", 0.5, "at least 2x faster than pydantic v2"),
    _common.Target("from_json", "floor", 3.0, "within 3x of msgspec Structs"),
    _common.Target("to_json", "peer", 0.5, "at least 2x faster than pydantic v2"),
    _common.Target("to_json", "floor", 3.0, "within 3x of msgspec Structs"),
)

DESCRIPTION = "Time validated models, to_json and from_json: halt_core, msgspec, pydantic v2."
FLOOR_NAME = "msgspec.Struct"
PEER_NAME = "pydantic v2"

# -- the generated data -------------------------------------------------------------------------
# Plain dicts of the Python values each model's constructor takes (enum members, UUIDs, dates,
# aware datetimes in Europe/Amsterdam, tuples, frozensets). Every side builds from the same dicts.

_SCHOOLS = (
    "OBS De Regenboog",
    "CBS De Wegwijzer",
    "Montessorischool Oost",
    "IKC Het Baken",
    "Stedelijk College",
    "SG Spieringshoek",
    "Christelijk Lyceum",
    "RSG Noord",
    "Basisschool De Zonnewijzer",
    "Vathorst College",
    "Openbare Daltonschool 't Palet",
)
_PLACES = (
    "Buurthuis De Schakel",
    "Jongerencentrum De Loods",
    "Wijkcentrum Het Anker",
    "Sporthal De Kamp",
    "Bibliotheek, zaal 2",
)
_TOPIC = {
    ProblemArea.STREET_NUISANCE: "overlast",
    ProblemArea.SHOPLIFTING: "winkeldiefstal",
    ProblemArea.FIREWORKS: "vuurwerk",
    ProblemArea.VANDALISM: "vandalisme",
    ProblemArea.AGGRESSION_AND_VIOLENCE: "agressie en geweld",
    ProblemArea.ONLINE_BEHAVIOUR: "online gedrag",
    ProblemArea.ALCOHOL_AND_DRUGS: "alcohol en drugs",
    ProblemArea.TRUANCY: "verzuim",
    ProblemArea.OTHER: "veiligheid",
}
_KIND_NAME = {
    InterventionKind.INFORMATION_LESSON: "Voorlichtingsles",
    InterventionKind.SCHOOL_SAFETY_ADVICE: "Schoolveiligheidsadvies",
    InterventionKind.YOUTH_MEDIATION: "Jongerenbemiddeling",
    InterventionKind.GUIDED_DIALOGUE: "Dialoog jongerengroep",
    InterventionKind.SAFE_PUBLIC_TASK: "Training Veilige Publieke Taak",
    InterventionKind.PARENT_MEETING: "Ouderbijeenkomst",
    InterventionKind.TAILORED: "Maatwerk",
}
_AUDIENCE = {
    InterventionKind.INFORMATION_LESSON: Audience.PUPILS,
    InterventionKind.SCHOOL_SAFETY_ADVICE: Audience.EDUCATION_STAFF,
    InterventionKind.YOUTH_MEDIATION: Audience.YOUTH_GROUP,
    InterventionKind.GUIDED_DIALOGUE: Audience.YOUTH_GROUP,
    InterventionKind.SAFE_PUBLIC_TASK: Audience.EDUCATION_STAFF,
    InterventionKind.PARENT_MEETING: Audience.PARENTS,
    InterventionKind.TAILORED: Audience.PROFESSIONALS,
}
_KIND_WEIGHTS = (50, 8, 10, 10, 5, 10, 7)
_STATUS_WEIGHTS = (5, 5, 10, 25, 25, 20, 5, 5)
_SURNAMES = ("devries", "jansen", "bakker", "visser", "smit", "meijer", "bos", "mulder", "dekker")
_NOTES = (
    "Graag afstemmen met de wijkagent.",
    "Les in twee delen; tweede deel na de kerstvakantie.",
    "Contactpersoon school is de zorgcoördinator.",
    "Ouders krijgen vooraf een brief (NL en EN).",
    "Aanvraag via het Zorg- en Veiligheidshuis; één groep van ongeveer 12 jongeren.",
    "Evaluatie samen met de jongerenwerker plannen.",
)
_FIRST_DAY = dt.date(2022, 1, 1)
_DAYS = (dt.date(2025, 12, 31) - _FIRST_DAY).days


def generate(n: int, seed: int) -> list[Record]:
    """``n`` realistic intervention records, the same for the same ``seed``."""
    rng = random.Random(seed)
    gazetteer = Gazetteer.load()
    municipalities = gazetteer.municipalities
    regions = gazetteer.safety_regions
    by_region: dict[str, list[str]] = {}
    for m in municipalities:
        by_region.setdefault(m.safety_region.code, []).append(m.code)
    kinds = tuple(InterventionKind)
    statuses = tuple(InterventionStatus)
    problems = tuple(ProblemArea)
    arrondissements = tuple(Arrondissement)

    def new_uuid() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    def area() -> Record:
        pick = rng.random()
        if pick < 0.80:
            return {"kind": AreaKind.MUNICIPALITY, "codes": (rng.choice(municipalities).code,)}
        if pick < 0.88:
            codes = by_region[rng.choice(regions).code]
            chosen = rng.sample(codes, min(len(codes), rng.randint(2, 6)))
            return {"kind": AreaKind.MUNICIPALITIES, "codes": tuple(chosen)}
        if pick < 0.94:
            return {"kind": AreaKind.SAFETY_REGION, "codes": (rng.choice(regions).code,)}
        if pick < 0.98:
            return {"kind": AreaKind.ARRONDISSEMENT, "codes": (rng.choice(arrondissements).value,)}
        return {"kind": AreaKind.COUNTRY, "codes": ()}

    def target_group(kind: InterventionKind, school: str) -> Record:
        audience = _AUDIENCE[kind]
        age_range: Record | None = None
        if audience is Audience.PUPILS:
            year = rng.randint(6, 8) if rng.random() < 0.6 else rng.randint(1, 4)
            if year >= 6:
                description = f"groep {year}, {school}"
                age_range = {"minimum": year + 3, "maximum": year + 5}
            else:
                description = f"klas {year}, {school}"
                age_range = {"minimum": year + 11, "maximum": year + 13}
        elif audience is Audience.YOUTH_GROUP:
            description = f"jongerengroep bij {rng.choice(_PLACES)}"
            low = rng.randint(12, 16)
            age_range = {"minimum": low, "maximum": low + rng.randint(2, 7)}
        elif audience is Audience.PARENTS:
            description = f"ouders van groep 7 en 8, {school}"
        elif audience is Audience.EDUCATION_STAFF:
            description = f"docenten en conciërges, {school}"
        else:
            description = "medewerkers winkelcentrum en jongerenwerk"
        return {
            "audience": audience,
            "description": description,
            "age_range": age_range,
            "size": rng.randint(8, 240) if rng.random() < 0.85 else None,
            "parents_involved": rng.random() < 0.2,
        }

    def sessions(first: dt.date, school: str, count: int) -> tuple[Record, ...]:
        out = []
        day = first
        for index in range(count):
            day += dt.timedelta(days=rng.randint(1 if index else 0, 21))
            while day.weekday() >= 5:  # weekdays only
                day += dt.timedelta(days=1)
            minutes = 8 * 60 + 30 + 15 * rng.randint(0, 28)  # 08:30 to 15:30
            start = dt.datetime(
                day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=AMSTERDAM
            )
            trainer = (
                f"{rng.choice('abcdefghijklmnoprstvwy')}.{rng.choice(_SURNAMES)}"
                if rng.random() < 0.7
                else (f"HALT-{rng.randint(1, 9999):04d}" if rng.random() < 0.7 else None)
            )
            out.append(
                {
                    "id": new_uuid(),
                    "start": start,
                    "end": start + dt.timedelta(minutes=rng.choice((45, 60, 90, 120))),
                    "location": f"{school}, lokaal {rng.randint(1, 40)}"
                    if rng.random() < 0.7
                    else rng.choice(_PLACES),
                    "trainer": trainer,
                }
            )
        return tuple(out)

    records = []
    for _ in range(n):
        kind = rng.choices(kinds, _KIND_WEIGHTS)[0]
        status = rng.choices(statuses, _STATUS_WEIGHTS)[0]
        chosen = frozenset(rng.sample(problems, rng.choice((1, 1, 1, 2, 2, 3))))
        school = rng.choice(_SCHOOLS)
        at_school = kind in (
            InterventionKind.INFORMATION_LESSON,
            InterventionKind.SCHOOL_SAFETY_ADVICE,
            InterventionKind.SAFE_PUBLIC_TASK,
            InterventionKind.PARENT_MEETING,
        )
        topic = _TOPIC[min(chosen)]
        requested_on = _FIRST_DAY + dt.timedelta(days=rng.randint(0, _DAYS))
        start = requested_on + dt.timedelta(days=rng.randint(7, 60))
        end = start + dt.timedelta(days=rng.randint(30, 180)) if rng.random() < 0.9 else None
        planned = sessions(start, school if at_school else rng.choice(_PLACES), rng.randint(1, 3))
        evaluation: Record | None = None
        if status is InterventionStatus.EVALUATED:
            last = planned[-1]["end"].date()
            evaluation = {
                "evaluated_on": last + dt.timedelta(days=rng.randint(7, 45)),
                "summary": f"Goed ontvangen; {topic} blijft aandacht vragen. "
                f"Vervolg besproken met {school}.",
                "reached": rng.randint(10, 400) if rng.random() < 0.8 else None,
            }
        records.append(
            {
                "id": new_uuid(),
                "kind": kind,
                "title": f"{_KIND_NAME[kind]} {topic} {school if at_school else 'wijk'}",
                "problem_areas": chosen,
                "target_group": target_group(kind, school),
                "area": area(),
                "commissioner": new_uuid() if rng.random() < 0.9 else None,
                "school": new_uuid() if at_school else None,
                "partners": tuple(new_uuid() for _ in range(rng.choice((0, 0, 1, 1, 2, 3)))),
                "collaboration": new_uuid() if rng.random() < 0.4 else None,
                "period": {"start": start, "end": end},
                "sessions": planned,
                "status": status,
                "requested_on": requested_on,
                "evaluation": evaluation,
                "notes": rng.choice(_NOTES) if rng.random() < 0.4 else "",
            }
        )
    return records


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


# -- constraints both mirrors share (the same as the attrs validators) ----------------------------

_NOT_BLANK = r"\S"  # some character that is not white space: str.strip() leaves something
_TRAINER = r"^[A-Za-z0-9._-]{1,32}$"
_MUNICIPALITY = re.compile(r"GM[0-9]{4}")
_SAFETY_REGION = re.compile(r"VR[0-9]{2}")
_ARRONDISSEMENTS = frozenset(a.value for a in Arrondissement)


# Python compares two datetimes of one tzinfo object by their wall times, which is wrong around a
# DST change of a zone like Europe/Amsterdam; halt compares the instants. Two fixed offsets (what
# JSON gives), or two different zones, already compare as instants. The mirrors inline this check.


def area_codes_problem(kind: AreaKind, codes: tuple[str, ...]) -> str | None:
    """What is wrong with ``codes`` for an area of ``kind``, as halt's ``Area`` checks it."""
    if kind is AreaKind.COUNTRY:
        ok = not codes
    elif kind is AreaKind.MUNICIPALITIES:
        ok = (
            bool(codes)
            and all(_MUNICIPALITY.fullmatch(c) for c in codes)
            and len(set(codes)) == len(codes)
        )
    elif kind is AreaKind.MUNICIPALITY:
        ok = len(codes) == 1 and _MUNICIPALITY.fullmatch(codes[0]) is not None
    elif kind is AreaKind.SAFETY_REGION:
        ok = len(codes) == 1 and _SAFETY_REGION.fullmatch(codes[0]) is not None
    else:
        ok = len(codes) == 1 and codes[0] in _ARRONDISSEMENTS
    return None if ok else f"codes {codes!r} do not fit an area of kind {kind.value!r}"


# -- the floor: msgspec Structs with the same constraints -----------------------------------------


_Text200 = Annotated[str, msgspec.Meta(max_length=200, pattern=_NOT_BLANK)]
_Text2000 = Annotated[str, msgspec.Meta(max_length=2000, pattern=_NOT_BLANK)]
_Age = Annotated[int, msgspec.Meta(ge=0, le=120)]
_Size = Annotated[int, msgspec.Meta(ge=1, le=100_000)]
_Reached = Annotated[int, msgspec.Meta(ge=0, le=1_000_000)]
_Aware = Annotated[dt.datetime, msgspec.Meta(tz=True)]
# Python's re: \A and \Z so that a trailing newline cannot slip past $ (halt uses fullmatch).
_Trainer = Annotated[str, msgspec.Meta(pattern=r"\A[A-Za-z0-9._-]{1,32}\Z")]


class MAgeRange(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``AgeRange`` as a msgspec Struct."""

    minimum: _Age
    maximum: _Age

    def __post_init__(self) -> None:
        if self.maximum < self.minimum:
            raise ValueError(f"maximum must not be below the minimum {self.minimum}")


class MTargetGroup(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``TargetGroup`` as a msgspec Struct."""

    audience: Audience
    description: _Text200
    age_range: MAgeRange | None = None
    size: _Size | None = None
    parents_involved: bool = False


class MArea(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Area`` as a msgspec Struct (codes checked against the kind, kept sorted)."""

    kind: AreaKind
    codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        problem = area_codes_problem(self.kind, self.codes)
        if problem is not None:
            raise ValueError(problem)
        if len(self.codes) > 1:
            msgspec.structs.force_setattr(self, "codes", tuple(sorted(self.codes)))


class MPeriod(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Period`` as a msgspec Struct."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end must not be before the start {self.start.isoformat()}")


class MSession(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Session`` as a msgspec Struct (moments kept in Europe/Amsterdam)."""

    id: uuid.UUID
    start: _Aware
    end: _Aware
    location: _Text200
    trainer: _Trainer | None = None

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        if start.tzinfo is end.tzinfo and type(start.tzinfo) is not dt.timezone:
            start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)  # compare instants
        if end <= start:
            raise ValueError(f"end must be after the start {self.start.isoformat()}")
        msgspec.structs.force_setattr(self, "start", self.start.astimezone(AMSTERDAM))
        msgspec.structs.force_setattr(self, "end", self.end.astimezone(AMSTERDAM))


class MEvaluation(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Evaluation`` as a msgspec Struct."""

    evaluated_on: dt.date
    summary: _Text2000
    reached: _Reached | None = None


class MIntervention(msgspec.Struct, frozen=True, kw_only=True):
    """halt's ``Intervention`` as a msgspec Struct: the floor."""

    id: uuid.UUID
    kind: InterventionKind
    title: _Text200
    problem_areas: frozenset[ProblemArea] = frozenset()
    target_group: MTargetGroup
    area: MArea
    commissioner: uuid.UUID | None = None
    school: uuid.UUID | None = None
    partners: tuple[uuid.UUID, ...] = ()
    collaboration: uuid.UUID | None = None
    period: MPeriod | None = None
    sessions: tuple[MSession, ...] = ()
    dropped_sessions: tuple[MSession, ...] = ()
    status: InterventionStatus = InterventionStatus.REQUESTED
    requested_on: dt.date
    evaluation: MEvaluation | None = None
    notes: Annotated[str, msgspec.Meta(max_length=2000)] = ""


# -- the peer: pydantic v2 models with the same validation ----------------------------------------
# strict=True: like halt and msgspec, "5" is not a number and 1 is not true.

_CONFIG = ConfigDict(frozen=True, strict=True)


_PText200 = Annotated[str, StringConstraints(max_length=200, pattern=_NOT_BLANK)]
_PText2000 = Annotated[str, StringConstraints(max_length=2000, pattern=_NOT_BLANK)]
_PAge = Annotated[int, Field(ge=0, le=120)]
_PSize = Annotated[int, Field(ge=1, le=100_000)]
_PReached = Annotated[int, Field(ge=0, le=1_000_000)]


class PAgeRange(BaseModel):
    """halt's ``AgeRange`` as a pydantic model."""

    model_config = _CONFIG
    minimum: _PAge
    maximum: _PAge

    @model_validator(mode="after")
    def _maximum_not_below_minimum(self) -> PAgeRange:
        if self.maximum < self.minimum:
            raise ValueError(f"maximum must not be below the minimum {self.minimum}")
        return self


class PTargetGroup(BaseModel):
    """halt's ``TargetGroup`` as a pydantic model."""

    model_config = _CONFIG
    audience: Audience
    description: _PText200
    age_range: PAgeRange | None = None
    size: _PSize | None = None
    parents_involved: bool = False


class PArea(BaseModel):
    """halt's ``Area`` as a pydantic model (codes checked against the kind, kept sorted)."""

    model_config = _CONFIG
    kind: AreaKind
    codes: tuple[str, ...] = ()

    @field_validator("codes")
    @classmethod
    def _codes_fit_kind(cls, codes: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        kind = info.data.get("kind")
        if kind is None:  # the kind itself is wrong, and reported
            return codes
        problem = area_codes_problem(kind, codes)
        if problem is not None:
            raise ValueError(problem)
        return tuple(sorted(codes)) if len(codes) > 1 else codes


class PPeriod(BaseModel):
    """halt's ``Period`` as a pydantic model."""

    model_config = _CONFIG
    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _end_not_before_start(self) -> PPeriod:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"end must not be before the start {self.start.isoformat()}")
        return self


class PSession(BaseModel):
    """halt's ``Session`` as a pydantic model (moments kept in Europe/Amsterdam)."""

    model_config = _CONFIG
    id: uuid.UUID
    start: AwareDatetime
    end: AwareDatetime
    location: _PText200
    trainer: Annotated[str, StringConstraints(pattern=_TRAINER)] | None = None

    @field_validator("start", "end")
    @classmethod
    def _in_amsterdam(cls, moment: dt.datetime) -> dt.datetime:
        return moment.astimezone(AMSTERDAM)

    @model_validator(mode="after")
    def _end_after_start(self) -> PSession:
        # Both are in Amsterdam now, so compare the instants (see the note above).
        if self.end.astimezone(dt.UTC) <= self.start.astimezone(dt.UTC):
            raise ValueError(f"end must be after the start {self.start.isoformat()}")
        return self


class PEvaluation(BaseModel):
    """halt's ``Evaluation`` as a pydantic model."""

    model_config = _CONFIG
    evaluated_on: dt.date
    summary: _PText2000
    reached: _PReached | None = None


class PIntervention(BaseModel):
    """halt's ``Intervention`` as a pydantic model: the peer."""

    model_config = _CONFIG
    id: uuid.UUID
    kind: InterventionKind
    title: _PText200
    problem_areas: frozenset[ProblemArea] = frozenset()
    target_group: PTargetGroup
    area: PArea
    commissioner: uuid.UUID | None = None
    school: uuid.UUID | None = None
    partners: tuple[uuid.UUID, ...] = ()
    collaboration: uuid.UUID | None = None
    period: PPeriod | None = None
    sessions: tuple[PSession, ...] = ()
    dropped_sessions: tuple[PSession, ...] = ()
    status: InterventionStatus = InterventionStatus.REQUESTED
    requested_on: dt.date
    evaluation: PEvaluation | None = None
    notes: Annotated[str, StringConstraints(max_length=2000)] = ""


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
        except pydantic.ValidationError:
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
