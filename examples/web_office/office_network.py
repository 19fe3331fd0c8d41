"""What the overview and the forum calendar show, read from the store with area queries.

Each function reads only the office's arrondissement, in one unit of work, and returns the
values its page's template uses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from halt_core import (
    CollaborationStatus,
    InterventionStatus,
    Level,
    Meeting,
    NotFound,
    Partner,
    PartnerKind,
    Period,
)
from halt_core.storage import UnitOfWork

from office_context import Office
from office_dutch import LEVEL_NL, MONTHS_NL

CALENDAR_DAYS = 90
"""How far ahead the forum calendar (and the overview's next meetings) look."""


def _days_ahead(now: dt.datetime) -> Period:
    today = now.date()
    return Period(start=today, end=today + dt.timedelta(days=CALENDAR_DAYS))


def overview_data(office: Office) -> dict[str, Any]:
    """The partners, forums, collaborations and open requests of the arrondissement."""
    now = office.clock()
    ahead = _days_ahead(now)
    with office.store.unit_of_work() as uow:
        partners = uow.partners.query(area=office.area)
        forums = sorted(uow.forums.query(area=office.area), key=lambda f: f.name)
        collaborations = uow.collaborations.query(area=office.area)
        requests = uow.interventions.query(status=InterventionStatus.REQUESTED, area=office.area)
        next_meeting: dict[uuid.UUID, Meeting] = {}
        for forum in forums:
            upcoming = [
                m
                for m in uow.meetings.query(owner=forum.id, period=ahead)
                if m.start >= now and not m.cancelled
            ]
            if upcoming:
                next_meeting[forum.id] = min(upcoming, key=lambda m: m.start)
        # Forums, collaborations and requests may name partners from outside the area.
        referenced = [m for f in forums for m in f.members]
        referenced += [c.commissioner for c in collaborations if c.commissioner is not None]
        referenced += [p for r in requests for p in (r.school, r.commissioner) if p is not None]
        names = _names(uow, referenced, {p.id: p for p in partners})

    groups: dict[Level, dict[PartnerKind, list[Partner]]] = {}
    for partner in sorted(partners, key=lambda p: (p.kind.profile.dutch_name, p.name)):
        groups.setdefault(partner.level, {}).setdefault(partner.kind, []).append(partner)
    levels = [(level, groups[level]) for level in LEVEL_NL if level in groups]
    # Running collaborations first, then proposed ones, each the newest first.
    order = {CollaborationStatus.ACTIVE: 0, CollaborationStatus.PROPOSED: 1}
    collaborations = tuple(
        sorted(
            collaborations,
            key=lambda c: (order.get(c.status, 2), -c.period.start.toordinal(), c.name),
        )
    )
    return {
        "levels": levels,
        "partner_count": len(partners),
        "forums": forums,
        "next_meeting": next_meeting,
        "collaborations": collaborations,
        "active_count": sum(c.status is CollaborationStatus.ACTIVE for c in collaborations),
        "requests": sorted(requests, key=lambda i: (i.requested_on, i.title), reverse=True)[:8],
        "request_count": len(requests),
        "names": names,
    }


def _names(
    uow: UnitOfWork, ids: Iterable[uuid.UUID], known: Mapping[uuid.UUID, Partner]
) -> dict[uuid.UUID, str]:
    """Partner names by id: from ``known``, the rest read from the store in one go."""
    wanted = [i for i in dict.fromkeys(ids) if i not in known]
    names = {i: p.name for i, p in known.items()}
    if wanted:
        try:
            found: Sequence[Partner] = uow.partners.get_many(wanted)
        except NotFound:  # a dangling reference (the rules report it): show the others
            found = [p for p in map(uow.partners.find, wanted) if p is not None]
        names.update((p.id, p.name) for p in found)
    return names


def calendar_data(office: Office) -> dict[str, Any]:
    """The meetings of the arrondissement's forums in the coming :data:`CALENDAR_DAYS` days."""
    now = office.clock()
    ahead = _days_ahead(now)
    with office.store.unit_of_work() as uow:
        forums = {f.id: f for f in uow.forums.query(area=office.area)}
        meetings = [
            m
            for forum in forums.values()
            for m in uow.meetings.query(owner=forum.id, period=ahead)
            if m.start >= now and not m.cancelled
        ]
    meetings.sort(key=lambda m: (m.start, forums[m.forum].name))
    months: dict[tuple[int, int], list[Meeting]] = {}
    for meeting in meetings:
        months.setdefault((meeting.start.year, meeting.start.month), []).append(meeting)
    return {
        "forums": sorted(forums.values(), key=lambda f: f.name),
        "by_id": forums,
        "months": [(f"{MONTHS_NL[m - 1]} {y}", ms) for (y, m), ms in months.items()],
        "meeting_count": len(meetings),
        "days": CALENDAR_DAYS,
    }
