"""Reading the schools' requests from a CSV file, with an error naming the line and column.

The columns are the Dutch headers of the schools' request form (see README.md). Every bad
row gets its own :class:`RowError`, so a school fixes the whole file in one go; the good rows
become :class:`lesson_records.RequestRow` values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter
from typing import TypeVar

import attrs

from halt_core import (
    AgeRange,
    Audience,
    ContactPoint,
    Gazetteer,
    InterventionKind,
    InvalidValue,
    NotFound,
    ProblemArea,
)
from halt_core.model.registers import BRIN_ALLOWED, brin_problem

from lesson_plan import LessonRequest
from lesson_records import RequestRow, requested_intervention, school_partner

__all__ = [
    "COLUMNS",
    "KINDS",
    "LATER",
    "OPTIONAL",
    "THEMES",
    "RowError",
    "parse_time",
    "read_requests",
]

COLUMNS = {
    "school": "the school's name, e.g. OBS De Regenboog",
    "gemeente": "its municipality in CBS spelling, e.g. Amsterdam or 's-Gravenhage",
    "soort": "voorlichtingsles, ouderbijeenkomst, vpt or schoolveiligheidsadvies",
    "thema": "the problem area, e.g. vuurwerk, winkeldiefstal, online gedrag",
    "groep": "the group, e.g. groep 8 or klas 2b",
    "leeftijd": "the pupils' ages, e.g. 11-12 (needed for a voorlichtingsles)",
    "leerlingen": "how many take part (may be empty)",
    "dagen": "preferred weekdays, e.g. ma wo vr",
    "van": "earliest start, HH:MM (empty: school hours)",
    "tot": "latest end, HH:MM (empty: school hours)",
    "lessen": "how many sessions, 1 to 10",
    "duur": "minutes per session, 15 to 240",
    "locatie": "where in the school, e.g. lokaal 12 or aula",
    "contact": "the school's e-mail address for Halt (may be empty)",
    "brin": "the school's BRIN, e.g. 12AB or 12AB01 (may be empty; the column may be left out)",
}
"""The CSV's columns (Dutch headers, as the schools' request form has them) and their meaning."""

OPTIONAL = frozenset({"leeftijd", "leerlingen", "van", "tot", "contact", "brin"})
"""Columns whose values may be empty (the header must still name them, but see below)."""

LATER = frozenset({"brin"})
"""Columns added after the form was first used: a file without them reads as if empty."""

KINDS = {
    "voorlichtingsles": (InterventionKind.INFORMATION_LESSON, Audience.PUPILS, "Voorlichtingsles"),
    "ouderbijeenkomst": (InterventionKind.PARENT_MEETING, Audience.PARENTS, "Ouderbijeenkomst"),
    "ouderavond": (InterventionKind.PARENT_MEETING, Audience.PARENTS, "Ouderavond"),
    "vpt": (InterventionKind.SAFE_PUBLIC_TASK, Audience.EDUCATION_STAFF, "VPT-training"),
    "schoolveiligheidsadvies": (
        InterventionKind.SCHOOL_SAFETY_ADVICE,
        Audience.EDUCATION_STAFF,
        "Schoolveiligheidsadvies",
    ),
}
"""The words of the ``soort`` column: the kind of work, who it is for, and its title word."""

THEMES = {
    "vuurwerk": ProblemArea.FIREWORKS,
    "winkeldiefstal": ProblemArea.SHOPLIFTING,
    "vandalisme": ProblemArea.VANDALISM,
    "overlast": ProblemArea.STREET_NUISANCE,
    "online gedrag": ProblemArea.ONLINE_BEHAVIOUR,
    "alcohol en drugs": ProblemArea.ALCOHOL_AND_DRUGS,
    "agressie en geweld": ProblemArea.AGGRESSION_AND_VIOLENCE,
    "verzuim": ProblemArea.TRUANCY,
    "overig": ProblemArea.OTHER,
}
"""The words of the ``thema`` column and the problem areas they name."""

_DAYS = {
    **{short: n for n, short in enumerate(("ma", "di", "wo", "do", "vr"))},
    **{
        name: n for n, name in enumerate(("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"))
    },
}
_WEEKEND = frozenset({"za", "zo", "zaterdag", "zondag"})
_TIME = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")
_AGES = re.compile(r"([0-9]{1,2})(?:\s*-\s*([0-9]{1,2}))?")
_T = TypeVar("_T")


@attrs.frozen(kw_only=True)
class RowError:
    """A CSV row (or the header) that cannot be read: where, and what is wrong.

    Attributes:
        source: the file's name as given.
        line: the line it ends on, from 1.
        column: the column, or None for the row as a whole.
        message: what is wrong and what to write instead.

    """

    source: str
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"column '{self.column}': " if self.column else ""
        return f"{self.source}:{self.line}: {where}{self.message}"


def parse_time(value: str) -> dt.time | None:
    """``value`` as a time of day, written ``HH:MM`` or, as often in Dutch, ``H.MM``; or None."""
    found = _TIME.fullmatch(value)
    return None if found is None else dt.time(int(found[1]), int(found[2]))


def read_requests(
    text: str, *, source: str, requested_on: dt.date, gazetteer: Gazetteer | None = None
) -> tuple[list[RequestRow], list[RowError]]:
    """Read the requests CSV ``text``; return the rows read and an error per bad row.

    ``source`` names the file in errors. Semicolons work as the separator too (as a Dutch
    Excel writes CSV). Ids are derived from the row's content (school, municipality, kind,
    theme, group), not its line, so the same request keeps its ids after the file is edited.
    """
    gazetteer = gazetteer or Gazetteer.load()
    if not text.strip():
        message = f"is empty; the first line names the columns: {', '.join(COLUMNS)}"
        return [], [RowError(source=source, line=1, column=None, message=message)]
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in COLUMNS if name not in header and name not in LATER]
    unknown = [name for name in header if name not in COLUMNS]
    twice = [name for name, count in Counter(header).items() if count > 1]
    if missing or unknown or twice:
        if missing:
            what = f"missing column '{missing[0]}' ({COLUMNS[missing[0]]})"
        else:
            what = f"unknown column '{unknown[0]}'" if unknown else f"column '{twice[0]}' twice"
        message = f"{what}; the header must name: {', '.join(COLUMNS)}"
        return [], [RowError(source=source, line=1, column=None, message=message)]
    rows: list[RequestRow] = []
    errors: list[RowError] = []
    seen: Counter[tuple[str, ...]] = Counter()
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # e.g. a NUL byte: the rest of the file cannot be trusted
            errors.append(
                RowError(source=source, line=reader.line_num, column=None, message=str(exc))
            )
            break
        line = reader.line_num
        if not any(value.strip() for value in values):
            continue  # blank lines, often at the end of an exported sheet
        if len(values) != len(header):
            errors.append(
                RowError(
                    source=source,
                    line=line,
                    column=None,
                    message=f"has {len(values)} values for {len(header)} columns; "
                    "quote a value that contains the separator",
                )
            )
            continue
        cells = dict.fromkeys(LATER, "")
        cells.update({name: value.strip() for name, value in zip(header, values, strict=True)})
        try:
            rows.append(_row(cells, line, seen, requested_on, gazetteer))
        except _BadCell as bad:
            errors.append(RowError(source=source, line=line, column=bad.column, message=bad.text))
    if not rows and not errors:
        errors.append(RowError(source=source, line=1, column=None, message="has no requests"))
    return rows, errors


class _BadCell(Exception):
    def __init__(self, column: str, text: str) -> None:
        super().__init__(text)
        self.column = column
        self.text = text


def _row(
    cells: dict[str, str],
    line: int,
    seen: Counter[tuple[str, ...]],
    requested_on: dt.date,
    gazetteer: Gazetteer,
) -> RequestRow:
    for name in COLUMNS:
        if name not in OPTIONAL and not cells[name]:
            raise _BadCell(name, f"is empty; write {COLUMNS[name]}")
    school_name = _text(cells, "school", 100)
    group = _text(cells, "groep", 100)
    location = _text(cells, "locatie", 90)
    try:
        municipality = gazetteer.find(cells["gemeente"])
    except NotFound:
        raise _BadCell(
            "gemeente",
            f"{cells['gemeente']!r} is not a municipality of {gazetteer.year}; "
            "use the CBS spelling, e.g. 's-Gravenhage, Súdwest-Fryslân",
        ) from None
    kind, audience, word = _choice(cells, "soort", KINDS)
    theme = _choice(cells, "thema", THEMES)
    ages = _ages(cells["leeftijd"])
    pupils = _whole(cells, "leerlingen", 1, 1000) if cells["leerlingen"] else None
    weekdays = _weekdays(cells["dagen"])
    earliest = _time(cells, "van") if cells["van"] else dt.time(0, 0)
    latest = _time(cells, "tot") if cells["tot"] else dt.time(23, 59)
    if latest <= earliest:
        raise _BadCell("tot", f"{latest:%H:%M} is not after van {earliest:%H:%M}")
    sessions = _whole(cells, "lessen", 1, 10)
    minutes = _whole(cells, "duur", 15, 240)
    contacts: tuple[ContactPoint, ...] = ()
    if cells["contact"]:
        try:
            contacts = (ContactPoint(role="aanvragen Halt-lessen", email=cells["contact"]),)
        except InvalidValue as exc:
            raise _BadCell("contact", f"{cells['contact']!r}: {exc.allowed}") from None

    brin = cells["brin"] or None
    if brin is not None and brin_problem(brin) is not None:
        raise _BadCell("brin", f"{brin[:20]!r}: {BRIN_ALLOWED}")
    school = school_partner(school_name, municipality.code, contacts, brin=brin)
    # The same request twice in one file (two classes called "groep 8") is two requests.
    same = (str(school.id), kind.value, theme.value, group.casefold())
    seen[same] += 1
    intervention = requested_intervention(
        school,
        kind=kind,
        audience=audience,
        theme=theme,
        title=f"{word} {' '.join(cells['thema'].lower().split())} {group}",
        group=group,
        ages=ages,
        pupils=pupils,
        requested_on=requested_on,
        occurrence=seen[same],
    )
    request = LessonRequest(
        place=str(school.id),
        weekdays=weekdays,
        earliest=earliest,
        latest=latest,
        sessions=sessions,
        minutes=minutes,
    )
    return RequestRow(
        line=line, school=school, intervention=intervention, location=location, request=request
    )


def _text(cells: dict[str, str], column: str, longest: int) -> str:
    value = " ".join(cells[column].split())
    if len(value) > longest:
        raise _BadCell(column, f"is {len(value)} characters long; at most {longest} fit")
    return value


def _choice(cells: dict[str, str], column: str, words: dict[str, _T]) -> _T:
    word = " ".join(cells[column].lower().split())
    if word not in words:
        raise _BadCell(column, f"{cells[column]!r} is not one of: {', '.join(words)}")
    return words[word]


def _whole(cells: dict[str, str], column: str, low: int, high: int) -> int:
    value = cells[column]
    if not value.isdigit() or not low <= int(value) <= high:
        raise _BadCell(column, f"{value!r} is not a whole number from {low} to {high}")
    return int(value)


def _time(cells: dict[str, str], column: str) -> dt.time:
    time = parse_time(cells[column])
    if time is None:
        raise _BadCell(column, f"{cells[column]!r} is not a time; write HH:MM, e.g. 08:30")
    return time


def _ages(value: str) -> AgeRange | None:
    if not value:
        return None
    found = _AGES.fullmatch(value)
    if found is None:
        raise _BadCell("leeftijd", f"{value!r} is not an age range; write e.g. 11-12 or 12")
    low = int(found[1])
    high = int(found[2]) if found[2] else low
    try:
        return AgeRange(minimum=low, maximum=high)
    except InvalidValue as exc:
        raise _BadCell("leeftijd", f"{value!r}: {exc.allowed}") from None


def _weekdays(value: str) -> frozenset[int]:
    words = [word for word in re.split(r"[^a-z]+", value.lower()) if word]
    weekend = [word for word in words if word in _WEEKEND]
    if weekend:
        raise _BadCell("dagen", f"{weekend[0]!r}: lessons are on school days, ma to vr")
    wrong = [word for word in words if word not in _DAYS]
    if wrong or not words:
        shown = repr(wrong[0]) if wrong else repr(value)
        raise _BadCell("dagen", f"{shown} is not a weekday; write e.g. 'ma wo vr'")
    return frozenset(_DAYS[word] for word in words)
