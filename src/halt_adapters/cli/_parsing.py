"""Parsing what users type: dates, moments, ids, choices, arrondissementen and periods.

Each parser turns one option's text into a value, or stops the command with a one-line
:class:`~halt_adapters.cli._context.CommandError` saying how to write it.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid

import click

from halt_adapters.cli._context import CommandError
from halt_core.errors import InvalidValue
from halt_core.model import AMSTERDAM, Arrondissement, Period
from halt_core.model.periods import FIRST_DAY, local_time

__all__ = [
    "arrondissement_of",
    "choice_of",
    "parse_date",
    "parse_id",
    "parse_moment",
    "period_of",
]


def parse_date(value: str, option: str) -> dt.date:
    """A day typed as ``2026-11-26``."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date; write it as 2026-11-26") from None


def parse_moment(value: str, option: str) -> dt.datetime:
    """A moment typed as ``2026-11-26 09:30`` (Europe/Amsterdam unless an offset is given).

    A Dutch wall time the clocks skip, or go through twice, without an offset to say which,
    is refused in the words of :func:`halt_core.model.periods.local_time`.
    """
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"{option}: {value!r} is not a date and time; write it as 2026-11-26 09:30"
        ) from None
    if moment.tzinfo is not None:
        return moment
    try:
        return local_time(moment)
    except InvalidValue as error:
        first, second = (
            moment.replace(tzinfo=AMSTERDAM, fold=f).isoformat(sep=" ", timespec="minutes")
            for f in (0, 1)
        )
        hint = ""
        if first[-6:] > second[-6:]:  # the offsets: the clocks go back, so say which
            hint = f"; write {first} for the first or {second} for the second"
        raise CommandError(f"{option}: {value!r}: {error.allowed}{hint}") from None


def parse_id(value: str, what: str) -> uuid.UUID:
    """A record id typed as a UUID."""
    try:
        return uuid.UUID(value)
    except ValueError:
        raise CommandError(
            f"{value!r} is not a valid {what} id: ids look like "
            "1b4e28ba-2fa1-11d2-883f-0016d3cca427 (see the first column of 'list')"
        ) from None


def choice_of(cls: type[enum.Enum]) -> click.Choice[str]:
    """A click choice of an enum's values."""
    return click.Choice([str(m.value) for m in cls], case_sensitive=False)


def arrondissement_of(name: str) -> Arrondissement:
    """An arrondissement by name, whatever its case, spaces or hyphens."""
    try:
        return Arrondissement.named(name)
    except InvalidValue as exc:
        raise CommandError(
            f"{name!r} is not an arrondissement; they are {exc.allowed[7:]}"
        ) from None


def period_of(start: str | None, end: str | None) -> Period | None:
    """The period of ``--from``/``--to`` (open-ended without ``--to``), or None.

    Without ``--from`` it starts on the model's first day (:data:`FIRST_DAY`): no record
    runs before it.
    """
    if start is None and end is None:
        return None
    first = parse_date(start, "--from") if start else FIRST_DAY
    last = parse_date(end, "--to") if end else None
    if start and last is not None and last < first:
        raise CommandError(f"--to {last} lies before --from {first}")
    return Period(start=first, end=last)  # a day outside the model's years: Period says so
