"""Every record kind as a table: named columns in a fixed order, one typed cell per column.

CSV and Excel exports (and any tabular format a plugin adds) write these tables, so a column
has the same name, place and meaning in every format. A cell is text, a whole number, a
truth value, a date, a date-time (with its offset) or None; nested values are joined into
one readable text (``"GM0363 GM0362"``; a session as
``"2026-10-05T09:00:00+02:00/2026-10-05T10:30:00+02:00 @ Het Lyceum (trainer)"``), because a
spreadsheet has no room for lists. The full structure is in the JSON exports.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from halt_core.errors import InvalidValue
from halt_core.model import (
    Area,
    Collaboration,
    ContactPoint,
    Forum,
    Intervention,
    Meeting,
    Partner,
    Referral,
)
from halt_core.model.contacts import national_phone
from halt_core.model.interventions import Session

__all__ = ["TABLES", "Cell", "Column", "Table", "table_for"]

Cell = str | int | bool | dt.date | dt.datetime | None
"""What one cell holds: dates and date-times stay typed for formats that keep types."""


@attrs.frozen
class Column:
    """One column of a table.

    Attributes:
        name: the header, a lowercase identifier such as ``"requested_on"``.
        get: the cell of a record in this column.

    """

    name: str
    get: Callable[[Any], Cell] = attrs.field(repr=False)


@attrs.frozen
class Table:
    """How one kind of record is laid out in rows.

    Attributes:
        name: the kind's name, also the file or sheet name (``"interventions"``).
        type: the model class whose records it holds.
        columns: the columns, in order.

    """

    name: str
    type: type
    columns: tuple[Column, ...]

    @property
    def header(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(c.name for c in self.columns)

    def row(self, record: Any) -> tuple[Cell, ...]:
        """The cells of ``record``, one per column."""
        # From a list, not a generator: a tuple built from a generator is allocated small
        # and grown, so the interpreter never reuses the rows it frees and keeps up to
        # 2,000 of them per row length (memory that grew with the export).
        return tuple([c.get(record) for c in self.columns])


def _value(member: enum.Enum | None) -> str | None:
    return None if member is None else str(member.value)


def _ids(values: Iterable[Any]) -> str:
    return " ".join(str(v) for v in values)


def _optional_id(value: Any) -> str | None:
    return None if value is None else str(value)


def _area_codes(area: Area) -> str:
    return " ".join(area.codes)


def _session(s: Session) -> str:
    text = f"{s.start.isoformat()}/{s.end.isoformat()} @ {s.location}"
    return f"{text} ({s.trainer})" if s.trainer else text


def _contact_point(c: ContactPoint) -> str:
    # People read these cells: the phone number as it is written in the Netherlands.
    phone = national_phone(c.phone) if c.phone else None
    return " ".join(x for x in (c.role, c.name, c.email, phone) if x)


def _columns(**getters: Callable[[Any], Cell]) -> tuple[Column, ...]:
    return tuple(Column(name, get) for name, get in getters.items())


_PARTNERS = Table(
    "partners",
    Partner,
    _columns(
        id=lambda p: str(p.id),
        name=lambda p: p.name,
        kind=lambda p: p.kind.value,
        level=lambda p: p.level.value,
        area_kind=lambda p: p.area.kind.value,
        area_codes=lambda p: _area_codes(p.area),
        contact_points=lambda p: "; ".join(map(_contact_point, p.contact_points)),
        notes=lambda p: p.notes,
        oin=lambda p: p.oin,
        kvk=lambda p: p.kvk,
        brin=lambda p: p.brin,
    ),
)

_COLLABORATIONS = Table(
    "collaborations",
    Collaboration,
    _columns(
        id=lambda c: str(c.id),
        name=lambda c: c.name,
        kind=lambda c: c.kind.value,
        domain=lambda c: c.domain.value,
        status=lambda c: c.status.value,
        level=lambda c: c.level.value,
        area_kind=lambda c: c.area.kind.value,
        area_codes=lambda c: _area_codes(c.area),
        partners=lambda c: _ids(c.partners),
        commissioner=lambda c: _optional_id(c.commissioner),
        starts=lambda c: c.period.start,
        ends=lambda c: c.period.end,
        problem_areas=lambda c: " ".join(sorted(a.value for a in c.problem_areas)),
        agreements=lambda c: "; ".join(a.text for a in c.agreements),
        notes=lambda c: c.notes,
    ),
)

_FORUMS = Table(
    "forums",
    Forum,
    _columns(
        id=lambda f: str(f.id),
        name=lambda f: f.name,
        kind=lambda f: f.kind.value,
        level=lambda f: f.level.value,
        area_kind=lambda f: f.area.kind.value,
        area_codes=lambda f: _area_codes(f.area),
        halt_role=lambda f: f.halt_role.value,
        members=lambda f: _ids(f.members),
        starts=lambda f: f.period.start,
        ends=lambda f: f.period.end,
        cadence=lambda f: (
            None if f.cadence is None else f"{f.cadence.interval} {f.cadence.frequency.value}"
        ),
        collaboration=lambda f: _optional_id(f.collaboration),
        notes=lambda f: f.notes,
    ),
)

_MEETINGS = Table(
    "meetings",
    Meeting,
    _columns(
        id=lambda m: str(m.id),
        forum=lambda m: str(m.forum),
        start=lambda m: m.start,
        end=lambda m: m.end,
        location=lambda m: m.location,
        agenda=lambda m: "; ".join(item.title for item in m.agenda),
        cases=lambda m: " ".join(c.youth for c in m.cases),
        attendees=lambda m: _ids(m.attendees),
        cancelled_on=lambda m: m.cancelled_on,
        cancellation_reason=lambda m: m.cancellation_reason,
    ),
)

_INTERVENTIONS = Table(
    "interventions",
    Intervention,
    _columns(
        id=lambda i: str(i.id),
        kind=lambda i: i.kind.value,
        title=lambda i: i.title,
        status=lambda i: i.status.value,
        requested_on=lambda i: i.requested_on,
        area_kind=lambda i: i.area.kind.value,
        area_codes=lambda i: _area_codes(i.area),
        audience=lambda i: i.target_group.audience.value,
        target_group=lambda i: i.target_group.description,
        group_size=lambda i: i.target_group.size,
        commissioner=lambda i: _optional_id(i.commissioner),
        school=lambda i: _optional_id(i.school),
        partners=lambda i: _ids(i.partners),
        collaboration=lambda i: _optional_id(i.collaboration),
        starts=lambda i: None if i.period is None else i.period.start,
        ends=lambda i: None if i.period is None else i.period.end,
        sessions=lambda i: "; ".join(_session(s) for s in i.sessions),
        problem_areas=lambda i: " ".join(sorted(a.value for a in i.problem_areas)),
        evaluated_on=lambda i: None if i.evaluation is None else i.evaluation.evaluated_on,
        reached=lambda i: None if i.evaluation is None else i.evaluation.reached,
        notes=lambda i: i.notes,
    ),
)

_REFERRALS = Table(
    "referrals",
    Referral,
    _columns(
        id=lambda r: str(r.id),
        referrer=lambda r: str(r.referrer),
        youth=lambda r: r.youth,
        age_at_offence=lambda r: r.age_at_offence,
        offence=lambda r: r.offence.value,
        offence_date=lambda r: r.offence_date,
        referred_on=lambda r: r.referred_on,
        municipality=lambda r: r.municipality,
        status=lambda r: r.status.value,
        result=lambda r: None if r.outcome is None else _value(r.outcome.result),
        decided_on=lambda r: None if r.outcome is None else r.outcome.decided_on,
        hours=lambda r: None if r.outcome is None else r.outcome.hours,
    ),
)

TABLES: Mapping[type, Table] = MappingProxyType(
    {
        t.type: t
        for t in (_PARTNERS, _COLLABORATIONS, _FORUMS, _MEETINGS, _INTERVENTIONS, _REFERRALS)
    }
)
"""The table of every record kind, in the order of a network."""


def table_for(record_type: type) -> Table:
    """The table of ``record_type``; :class:`~halt_core.errors.InvalidValue` if it has none."""
    try:
        return TABLES[record_type]
    except KeyError:
        names = ", ".join(t.__name__ for t in TABLES)
        raise InvalidValue(
            "export", "record type", record_type.__name__, f"one with a table: {names}"
        ) from None
