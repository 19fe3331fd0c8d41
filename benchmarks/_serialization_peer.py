"""The peer of the serialization benchmark: pydantic v2 models with halt's validation.

``PIntervention`` and its parts mirror halt_core's ``Intervention`` as a Python developer would
write it with pydantic instead, checking what the floor (``_serialization_floor.py``) checks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Annotated

from halt_core.model import (
    AMSTERDAM,
    AreaKind,
    Audience,
    InterventionKind,
    InterventionStatus,
    ProblemArea,
)

try:
    from pydantic import (
        AwareDatetime,
        BaseModel,
        ConfigDict,
        Field,
        StringConstraints,
        ValidationError,
        ValidationInfo,
        field_validator,
        model_validator,
    )
except ImportError:  # pragma: no cover - depends on the environment
    raise SystemExit(
        "this benchmark needs pydantic v2 as its peer: pip install 'pydantic>=2.7' "
        "(or install the project's 'bench' dependency group)"
    ) from None

__all__ = [
    "PAgeRange",
    "PArea",
    "PEvaluation",
    "PIntervention",
    "PPeriod",
    "PSession",
    "PTargetGroup",
    "ValidationError",
]

if TYPE_CHECKING:  # mypy, run from the project root, sees this folder as package "benchmarks"
    from benchmarks._serialization_floor import NOT_BLANK, TRAINER, area_codes_problem
else:  # run as a script (python benchmarks/serialization.py), this folder is first on sys.path
    from _serialization_floor import NOT_BLANK, TRAINER, area_codes_problem

# -- the peer: pydantic v2 models with the same validation ----------------------------------------
# strict=True: like halt and msgspec, "5" is not a number and 1 is not true.

_CONFIG = ConfigDict(frozen=True, strict=True)


_PText200 = Annotated[str, StringConstraints(max_length=200, pattern=NOT_BLANK)]
_PText2000 = Annotated[str, StringConstraints(max_length=2000, pattern=NOT_BLANK)]
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
    trainer: Annotated[str, StringConstraints(pattern=TRAINER)] | None = None

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
