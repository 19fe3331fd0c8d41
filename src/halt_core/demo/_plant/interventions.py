"""Planters of the rules about interventions."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from halt_core.demo._build import Builder
from halt_core.demo._plant._common import (
    _arrondissement,
    _city,
    _ended,
    _far_slot,
    _intervention,
    _name,
    _planned,
    _session,
    _town,
)
from halt_core.demo._plant._registry import UNKNOWN_MUNICIPALITY, planter
from halt_core.ids import PartnerId
from halt_core.model import (
    AgeRange,
    Area,
    Audience,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Partner,
    PartnerKind,
    Period,
    Session,
    TargetGroup,
)


def _school_of(b: Builder, i: Intervention) -> Partner:
    return b.first_local(i.area.codes[0], PartnerKind.SCHOOL)


@planter("HC-INTERV-001")
def _lesson_without_school(b: Builder) -> uuid.UUID:
    group = TargetGroup(
        audience=Audience.PUPILS, description="groep 8", age_range=AgeRange(minimum=10, maximum=12)
    )
    return _intervention(b, kind=InterventionKind.INFORMATION_LESSON, target_group=group).id


@planter("HC-INTERV-002")
def _lesson_for_toddlers(b: Builder) -> uuid.UUID:
    group = TargetGroup(
        audience=Audience.PUPILS, description="groep 2", age_range=AgeRange(minimum=5, maximum=6)
    )
    i = _intervention(b, kind=InterventionKind.INFORMATION_LESSON, target_group=group)
    b.interventions[-1] = attrs.evolve(i, school=_school_of(b, i).id)
    return i.id


@planter("HC-INTERV-003")
def _advice_for_municipality(b: Builder) -> uuid.UUID:
    group = TargetGroup(audience=Audience.EDUCATION_STAFF, description="team")
    return _intervention(b, kind=InterventionKind.SCHOOL_SAFETY_ADVICE, target_group=group).id


@planter("HC-INTERV-004")
def _mediation_with_parents(b: Builder) -> uuid.UUID:
    group = TargetGroup(audience=Audience.PARENTS, description="ouders")
    return _intervention(b, kind=InterventionKind.YOUTH_MEDIATION, target_group=group).id


@planter("HC-INTERV-005")
def _dialogue_regional(b: Builder) -> uuid.UUID:
    group = TargetGroup(audience=Audience.YOUTH_GROUP, description="jeugdgroep")
    return _intervention(
        b,
        kind=InterventionKind.GUIDED_DIALOGUE,
        target_group=group,
        area=Area.arrondissement(_arrondissement(b)),
    ).id


@planter("HC-INTERV-006")
def _vpt_for_pupils(b: Builder) -> uuid.UUID:
    group = TargetGroup(audience=Audience.PUPILS, description="leerlingen")
    return _intervention(b, kind=InterventionKind.SAFE_PUBLIC_TASK, target_group=group).id


@planter("HC-INTERV-007")
def _session_outside_period(b: Builder) -> uuid.UUID:
    session = _session(_far_slot(b))
    i = _planned(b, (session,))
    late = Period(start=session.end.date() + dt.timedelta(days=1))
    b.interventions[-1] = attrs.evolve(i, period=late)
    return i.id


@planter("HC-INTERV-008")
def _sessions_overlap(b: Builder) -> uuid.UUID:
    start = _far_slot(b)
    return _planned(b, (_session(start), _session(start + dt.timedelta(minutes=30)))).id


@planter("HC-INTERV-009")
def _trainer_double_booked(b: Builder) -> uuid.UUID:
    taken = [
        (i, s)
        for i in b.interventions
        if i.status not in (InterventionStatus.DECLINED, InterventionStatus.CANCELLED)
        for s in i.sessions
        if s.trainer is not None
    ]
    owner, existing = b.pick(taken)
    session = _session(existing.start + dt.timedelta(minutes=30), trainer=existing.trainer)
    town = _name(b, owner.area.codes[0])
    return _planned(b, (session,), area=owner.area, title=f"Maatwerk jeugd {town}").id


@planter("HC-INTERV-010")
def _delivered_in_future(b: Builder) -> uuid.UUID:
    i = _planned(b, (_session(_far_slot(b)),))
    b.interventions[-1] = attrs.evolve(i, status=InterventionStatus.DELIVERED)
    return i.id


@planter("HC-INTERV-011")
def _scheduled_without_sessions(b: Builder) -> uuid.UUID:
    period = Period(start=b.as_of, end=b.as_of + dt.timedelta(days=60))
    return _intervention(b, status=InterventionStatus.SCHEDULED, period=period).id


@planter("HC-INTERV-012")
def _evaluated_without_evaluation(b: Builder) -> uuid.UUID:
    i = _planned(b, (_session(_far_slot(b, days_ahead=-900)),))
    b.interventions[-1] = attrs.evolve(i, status=InterventionStatus.EVALUATED)
    return i.id


@planter("HC-INTERV-013")
def _unknown_reference(b: Builder) -> uuid.UUID:
    return _intervention(b, partners=(b.new_id(PartnerId),)).id


@planter("HC-INTERV-014")
def _police_commissions(b: Builder) -> uuid.UUID:
    police = b.regional[_arrondissement(b)][PartnerKind.POLICE]
    return _intervention(b, commissioner=police.id).id


@planter("HC-INTERV-015")
def _agreed_anonymous(b: Builder) -> uuid.UUID:
    period = Period(start=b.as_of, end=b.as_of + dt.timedelta(days=60))
    return _intervention(b, status=InterventionStatus.AGREED, period=period, commissioner=None).id


@planter("HC-INTERV-016")
def _no_problem_area(b: Builder) -> uuid.UUID:
    return _intervention(b, problem_areas=frozenset()).id


@planter("HC-INTERV-017")
def _session_ids_repeat(b: Builder) -> uuid.UUID:
    first = _session(_far_slot(b))
    second = _session(first.start + dt.timedelta(days=7))
    i = _planned(b, (first, second))
    twin = attrs.evolve(i.sessions[1], id=i.sessions[0].id)
    b.interventions[-1] = attrs.evolve(i, sessions=(i.sessions[0], twin))
    return i.id


@planter("HC-INTERV-018")
def _intervention_area_unknown(b: Builder) -> uuid.UUID:
    return _intervention(b, area=Area.municipality(UNKNOWN_MUNICIPALITY)).id


@planter("HC-INTERV-019")
def _session_of_days(b: Builder) -> uuid.UUID:
    start = _far_slot(b)
    long = Session(start=start, end=start + dt.timedelta(days=2), location="school")
    return _planned(b, (long,)).id


@planter("HC-INTERV-020")
def _another_commissioner(b: Builder) -> uuid.UUID:
    code = b.pick(sorted(c for c in b.active_commission if b.local[c][PartnerKind.SCHOOL]))
    commission = b.active_commission[code]
    school = b.first_local(code, PartnerKind.SCHOOL)
    return _intervention(
        b, area=Area.municipality(code), collaboration=commission.id, commissioner=school.id
    ).id


@planter("HC-INTERV-021")
def _commissioner_ended(b: Builder) -> uuid.UUID:
    code = _town(b)
    gone = _ended(b, _city(b, code))
    return _intervention(b, area=Area.municipality(code), commissioner=gone.id).id
