"""Fitting lesson requests into the trainers' weeks: :func:`plan_sessions`.

A pure function of the requests, the trainers and the settings (see :mod:`lesson_plan`), so
it is tested on its own, with Hypothesis, and the same input always gives the same plan.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence

from lesson_plan import WEEKDAYS, LessonRequest, Plan, PlanSettings, Slot, Unplanned

__all__ = ["plan_sessions"]


def plan_sessions(
    requests: Sequence[LessonRequest], trainers: Sequence[str], settings: PlanSettings
) -> Plan:
    """Plan all sessions of each request with one trainer, or report why that is impossible.

    Every session lies on one of the request's weekdays in the period, inside both its own
    times and school hours; sessions of one request are ``days_between`` days apart and given
    by one trainer (the class gets to know them); a trainer's sessions on a day leave
    ``travel_minutes`` between different places. A request is planned whole or not at all.

    Greedy, hardest request first (fewest possible start times per session); each request
    goes to the trainer who can finish it earliest, the least busy one on a tie. Pure and
    deterministic: the same arguments give the same plan.
    """
    days = settings.school_days()
    booked: dict[str, list[Slot]] = {trainer: [] for trainer in trainers}
    load = dict.fromkeys(trainers, 0)
    unplanned: list[Unplanned] = []

    def freedom(index: int) -> float:
        request = requests[index]
        low, high = _window(request, settings)
        starts = max(0, (high - low - request.minutes) // settings.step_minutes + 1)
        usable = sum(1 for day in days if day.weekday() in request.weekdays)
        return usable * starts / max(1, request.sessions)

    for index in sorted(range(len(requests)), key=lambda i: (freedom(i), i)):
        request = requests[index]
        reason = _impossible(request, trainers, days, settings)
        if reason is not None:
            unplanned.append(Unplanned(request=index, reason=reason))
            continue
        best: tuple[tuple[dt.date, int, int], list[Slot]] | None = None
        most = 0
        for position, trainer in enumerate(trainers):
            slots = _fit(index, request, trainer, booked[trainer], days, settings)
            if len(slots) < request.sessions:
                most = max(most, len(slots))
                continue
            key = (slots[-1].day, load[trainer], position)
            if best is None or key < best[0]:
                best = (key, slots)
        if best is None:
            unplanned.append(
                Unplanned(
                    request=index,
                    reason=f"the trainers are booked: at most {most} of its "
                    f"{request.sessions} sessions fit with one trainer",
                )
            )
            continue
        slots = best[1]
        booked[slots[0].trainer].extend(slots)
        load[slots[0].trainer] += request.minutes * request.sessions
    order = {trainer: position for position, trainer in enumerate(trainers)}
    every = sorted(
        (slot for slots in booked.values() for slot in slots),
        key=lambda s: (order[s.trainer], s.day, s.start, s.request),
    )
    return Plan(slots=tuple(every), unplanned=tuple(sorted(unplanned, key=lambda u: u.request)))


def _minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def _window(request: LessonRequest, settings: PlanSettings) -> tuple[int, int]:
    """The request's own times within school hours, in minutes after midnight."""
    low = max(_minutes(request.earliest), _minutes(settings.school_start))
    high = min(_minutes(request.latest), _minutes(settings.school_end))
    return low, high


def _impossible(
    request: LessonRequest,
    trainers: Sequence[str],
    days: Sequence[dt.date],
    settings: PlanSettings,
) -> str | None:
    """Why ``request`` cannot be planned whatever the trainers do, or None."""
    school = f"{settings.school_start:%H:%M}-{settings.school_end:%H:%M}"
    own = f"{request.earliest:%H:%M}-{request.latest:%H:%M}"
    if _minutes(request.latest) - _minutes(request.earliest) < request.minutes:
        return f"a {request.minutes}-minute session does not fit in its times {own}"
    low, high = _window(request, settings)
    if high <= low:
        return f"its times {own} lie outside school hours {school}"
    # Sessions start on the step grid, so the first possible start may be after ``low``.
    if math.ceil(low / settings.step_minutes) * settings.step_minutes + request.minutes > high:
        return (
            f"a {request.minutes}-minute session does not fit in its times {own} within "
            f"school hours {school}"
        )
    usable = [day for day in days if day.weekday() in request.weekdays]
    names = "/".join(WEEKDAYS[n] for n in sorted(request.weekdays)) or "no weekday"
    if not usable:
        return f"the period has no school day on its weekdays ({names})"
    fits = len(_spaced(usable, settings.days_between))
    if fits < request.sessions:
        return (
            f"only {fits} of its {request.sessions} sessions fit on {names} in the period, "
            f"{settings.days_between} days apart"
        )
    if not trainers:
        return "there are no trainers"
    return None


def _spaced(days: Iterable[dt.date], gap: int) -> list[dt.date]:
    """The earliest days, in order, at least ``gap`` days apart."""
    chosen: list[dt.date] = []
    for day in days:
        if not chosen or (day - chosen[-1]).days >= gap:
            chosen.append(day)
    return chosen


def _fit(
    index: int,
    request: LessonRequest,
    trainer: str,
    booked: Sequence[Slot],
    days: Sequence[dt.date],
    settings: PlanSettings,
) -> list[Slot]:
    """The earliest sessions of ``request`` that ``trainer`` can give, up to all of them.

    Taking the earliest possible day each time fits the most sessions: a day's availability
    does not depend on the request's other sessions, only on the ones already booked.
    """
    slots: list[Slot] = []
    for day in days:
        if day.weekday() not in request.weekdays:
            continue
        if slots and (day - slots[-1].day).days < settings.days_between:
            continue
        start = _earliest_start(request, [s for s in booked if s.day == day], settings)
        if start is None:
            continue
        slots.append(
            Slot(
                request=index,
                number=len(slots) + 1,
                trainer=trainer,
                place=request.place,
                day=day,
                start=_clock(start),
                end=_clock(start + request.minutes),
            )
        )
        if len(slots) == request.sessions:
            break
    return slots


def _earliest_start(
    request: LessonRequest, that_day: Sequence[Slot], settings: PlanSettings
) -> int | None:
    """The earliest start on the step grid that keeps clear of the trainer's other sessions."""
    low, high = _window(request, settings)
    step = settings.step_minutes
    start = math.ceil(low / step) * step
    while start + request.minutes <= high:
        end = start + request.minutes
        clash = None
        for other in that_day:
            gap = 0 if other.place == request.place else settings.travel_minutes
            if start < _minutes(other.end) + gap and _minutes(other.start) < end + gap:
                clash = other
                break
        if clash is None:
            return start
        # Jump past the clash rather than trying every step in between.
        gap = 0 if clash.place == request.place else settings.travel_minutes
        start = max(start + step, math.ceil((_minutes(clash.end) + gap) / step) * step)
    return None
