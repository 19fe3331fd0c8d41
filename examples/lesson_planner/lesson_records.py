"""The halt_core records of the requests: schools as partners, requests as interventions.

Ids are derived from what a record is (school, municipality, kind, theme, group), never from
a line number or the clock, so planning the same requests again gives equal records, and
equal calendar UIDs. :func:`build_network` moves each planned request through its lifecycle
to *scheduled*.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import attrs

from halt_core import (
    AgeRange,
    Area,
    Audience,
    ContactPoint,
    EventId,
    Intervention,
    InterventionId,
    InterventionKind,
    Level,
    Network,
    Partner,
    PartnerId,
    PartnerKind,
    Period,
    ProblemArea,
    Session,
    TargetGroup,
    stable_id,
)
from halt_core.lifecycle import (
    agree_intervention,
    schedule_intervention,
    start_intervention_intake,
)

from lesson_plan import LessonRequest, Plan, PlanSettings, Slot

__all__ = [
    "PLANNER",
    "RequestRow",
    "build_network",
    "requested_intervention",
    "school_partner",
]

PLANNER = "lesplanner"
"""Who acts in the lifecycle steps the planner takes (the ``by`` of the events)."""


@attrs.frozen(kw_only=True)
class RequestRow:
    """One school request as read from the CSV: the records it becomes and what to plan.

    Attributes:
        line: the CSV line it ends on.
        school: the school as a partner (the contact point from this row only).
        intervention: the requested work, status requested, no sessions yet.
        location: where in the school the sessions are (e.g. ``lokaal 12``).
        request: what the planner needs.

    """

    line: int
    school: Partner
    intervention: Intervention
    location: str
    request: LessonRequest


def school_partner(
    name: str,
    municipality: str,
    contact_points: tuple[ContactPoint, ...],
    *,
    brin: str | None = None,
) -> Partner:
    """The school ``name`` in the municipality with CBS code ``municipality``, as a partner.

    Its id depends on the municipality and the name (whatever its case), so every request of
    one school names the same partner. ``brin`` is its BRIN, if the request gives one.
    """
    return Partner(
        id=stable_id(PartnerId, "lesson-planner", municipality, name.casefold()),
        name=name,
        kind=PartnerKind.SCHOOL,
        level=Level.LOCAL,
        area=Area.municipality(municipality),
        contact_points=contact_points,
        brin=brin,
    )


def requested_intervention(
    school: Partner,
    *,
    kind: InterventionKind,
    audience: Audience,
    theme: ProblemArea,
    title: str,
    group: str,
    ages: AgeRange | None,
    pupils: int | None,
    requested_on: dt.date,
    occurrence: int,
) -> Intervention:
    """What ``school`` asks for ``group``, as an intervention with status *requested*.

    ``occurrence`` counts the same request of the same school, from 1: two classes both
    called "groep 8" still get different ids.
    """
    key = (school.area.codes[0], school.name.casefold(), kind.value, theme.value, group.casefold())
    return Intervention(
        id=stable_id(InterventionId, "lesson-planner", *key, str(occurrence)),
        kind=kind,
        title=title,
        problem_areas=frozenset({theme}),
        target_group=TargetGroup(
            audience=audience,
            description=f"{group}, {school.name}",
            age_range=ages,
            size=pupils,
            parents_involved=audience is Audience.PARENTS,
        ),
        area=school.area,
        commissioner=school.id,
        school=school.id,
        requested_on=requested_on,
    )


def build_network(
    rows: Sequence[RequestRow], plan: Plan, settings: PlanSettings, at: dt.datetime
) -> Network:
    """The schools and the requests as a network, the planned ones scheduled.

    A planned request goes through its lifecycle (intake, agreed for the planning period,
    scheduled with its sessions) at ``at``; an unplanned one stays requested, for a person to
    look at. Each school is one partner with the contact points of all its rows.
    """
    schools: dict[PartnerId, Partner] = {}
    for row in rows:
        known = schools.get(row.school.id)
        if known is None:
            schools[row.school.id] = row.school
        else:
            contacts = dict.fromkeys((*known.contact_points, *row.school.contact_points))
            schools[row.school.id] = attrs.evolve(
                known, contact_points=tuple(contacts), brin=known.brin or row.school.brin
            )
    by_request: dict[int, list[Slot]] = {}
    for slot in plan.slots:
        by_request.setdefault(slot.request, []).append(slot)
    period = Period(start=settings.first_day, end=settings.last_day)
    interventions = []
    for index, row in enumerate(rows):
        slots = sorted(by_request.get(index, ()), key=lambda s: s.number)
        if slots:
            interventions.append(_scheduled(row, slots, period, at))
        else:
            interventions.append(row.intervention)
    return Network.empty().with_records([*schools.values(), *interventions])


def _scheduled(
    row: RequestRow, slots: Sequence[Slot], period: Period, at: dt.datetime
) -> Intervention:
    """The row's intervention taken from requested to scheduled, with ``slots`` as sessions."""
    sessions = [
        Session(
            start=slot.starts_at,
            end=slot.ends_at,
            location=f"{row.school.name}, {row.location}",
            trainer=slot.trainer,
        )
        for slot in slots
    ]
    # Fixed event ids keep a re-run's events equal too, not only its records.
    base = str(row.intervention.id)
    intervention, _ = start_intervention_intake(
        row.intervention, by=PLANNER, at=at, event_id=stable_id(EventId, base, "intake")
    )
    intervention, _ = agree_intervention(
        intervention, period=period, by=PLANNER, at=at, event_id=stable_id(EventId, base, "agree")
    )
    intervention, _ = schedule_intervention(
        intervention,
        sessions=sessions,
        by=PLANNER,
        at=at,
        event_id=stable_id(EventId, base, "schedule"),
    )
    return intervention
