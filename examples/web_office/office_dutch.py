"""The Dutch words the office's pages use for the model's values, and Dutch dates.

The words come from :mod:`halt_core.model.words`, so these pages name things as the rules'
messages and every other tool do; here they are only capitalised where a page starts a
line with them, and put in the order the pages list them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

from halt_core import (
    AMSTERDAM,
    Audience,
    CollaborationKind,
    CollaborationStatus,
    HaltRole,
    InterventionKind,
    InterventionStatus,
    Level,
    ProblemArea,
)
from halt_core.model.words import DUTCH_MONTHS, dutch
from halt_core.rules import Severity


def _words(members: Iterable[enum.Enum], *, capital: bool = False) -> dict[enum.Enum, str]:
    return {m: dutch(m)[:1].upper() + dutch(m)[1:] if capital else dutch(m) for m in members}


# In the order the pages list them: a regional office thinks from the region outwards.
LEVEL_NL = _words((Level.REGIONAL, Level.LOCAL, Level.NATIONAL), capital=True)
ROLE_NL = _words(HaltRole)
COLLABORATION_KIND_NL = _words(CollaborationKind)
COLLABORATION_STATUS_NL = _words(CollaborationStatus)
INTERVENTION_KIND_NL = _words(InterventionKind, capital=True)
STATUS_NL = _words(InterventionStatus)
AUDIENCE_NL = _words(Audience, capital=True)
PROBLEM_NL = _words(ProblemArea, capital=True)
SEVERITY_NL = {Severity.ERROR: "fout", Severity.WARNING: "let op", Severity.ADVICE: "advies"}
WEEKDAYS_NL = ("ma", "di", "wo", "do", "vr", "za", "zo")
MONTHS_NL = DUTCH_MONTHS


def date_nl(day: dt.date) -> str:
    """A day the Dutch way, e.g. ``"za 5 december 2026"``."""
    return f"{WEEKDAYS_NL[day.weekday()]} {day.day} {MONTHS_NL[day.month - 1]} {day.year}"


def moment_nl(at: dt.datetime) -> str:
    """A moment the Dutch way, on the clock in the Netherlands: ``"za 5 december 2026 14:30"``."""
    local = at.astimezone(AMSTERDAM)
    return f"{date_nl(local.date())} {local:%H:%M}"


FOR_TEMPLATES: dict[str, object] = {
    "date_nl": date_nl,
    "moment_nl": moment_nl,
    "LEVEL_NL": LEVEL_NL,
    "ROLE_NL": ROLE_NL,
    "COLLABORATION_KIND_NL": COLLABORATION_KIND_NL,
    "COLLABORATION_STATUS_NL": COLLABORATION_STATUS_NL,
    "INTERVENTION_KIND_NL": INTERVENTION_KIND_NL,
    "STATUS_NL": STATUS_NL,
    "AUDIENCE_NL": AUDIENCE_NL,
    "PROBLEM_NL": PROBLEM_NL,
    "SEVERITY_NL": SEVERITY_NL,
}
"""The words, :func:`date_nl` and :func:`moment_nl`, by the names the templates use them under."""
