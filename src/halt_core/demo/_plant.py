"""Planters: each adds to a clean demo network exactly one violation of one rule.

A planter adds new records (or copies of existing ones) built to break its rule and nothing
else, and returns the id of the record the violation will be about. Tests use them to check
that every rule finds what it must, and only that.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import attrs

from halt_core.demo._build import Builder
from halt_core.ids import CollaborationId, ForumId, InterventionId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    AgeRange,
    Area,
    Arrondissement,
    Audience,
    Collaboration,
    CollaborationKind,
    CollaborationStatus,
    Forum,
    ForumKind,
    HaltRole,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Level,
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Partner,
    PartnerKind,
    Period,
    ProblemArea,
    Referral,
    ReferralStatus,
    Session,
    TargetGroup,
    WorkDomain,
)
from halt_core.privacy.policy import may_receive_justice_data

Planter = Callable[[Builder], uuid.UUID]
PLANTERS: dict[str, Planter] = {}

UNKNOWN_MUNICIPALITY = "GM9998"  # a well-formed code no division has


def planter(rule_id: str) -> Callable[[Planter], Planter]:
    """Register a planter for ``rule_id``."""

    def register(function: Planter) -> Planter:
        PLANTERS[rule_id] = function
        return function

    return register


# -- shared helpers -----------------------------------------------------------------------------


def _far_slot(b: Builder, days_ahead: int = 700) -> dt.datetime:
    """A moment far from every generated one, different for every call on ``b``."""
    n = b.planted
    b.planted += 1
    day = b.as_of + dt.timedelta(days=days_ahead + n // 4)
    return dt.datetime.combine(day, dt.time(8 + 3 * (n % 4), 0), AMSTERDAM)


def _session(start: dt.datetime, minutes: int = 90, trainer: str | None = None) -> Session:
    return Session(
        start=start, end=start + dt.timedelta(minutes=minutes), location="school", trainer=trainer
    )


def _town(b: Builder) -> str:
    """A municipality with every local kind of partner."""
    return b.pick(b.with_kinds(PartnerKind.MUNICIPALITY, PartnerKind.SCHOOL, PartnerKind.WELFARE))


def _name(b: Builder, code: str) -> str:
    return b.gazetteer.municipality(code).name


def _city(b: Builder, code: str) -> Partner:
    return b.first_local(code, PartnerKind.MUNICIPALITY)


def _intervention(b: Builder, **changes: Any) -> Intervention:
    """A clean requested piece of tailored work, with ``changes`` applied."""
    code = _town(b)
    base = Intervention(
        id=b.new_id(InterventionId),
        kind=InterventionKind.TAILORED,
        title=f"Maatwerk jeugd {_name(b, code)}",
        problem_areas=frozenset({ProblemArea.SHOPLIFTING}),
        target_group=TargetGroup(audience=Audience.PROFESSIONALS, description="winkelpersoneel"),
        area=Area.municipality(code),
        commissioner=_city(b, code).id,
        status=InterventionStatus.REQUESTED,
        requested_on=b.as_of,
    )
    value = attrs.evolve(base, **changes)
    b.interventions.append(value)
    return value


def _planned(b: Builder, sessions: tuple[Session, ...], **changes: Any) -> Intervention:
    first = min(s.start for s in sessions).date()
    last = max(s.end for s in sessions).date()
    period = Period(start=first - dt.timedelta(days=1), end=last + dt.timedelta(days=1))
    return _intervention(
        b, sessions=sessions, period=period, status=InterventionStatus.SCHEDULED, **changes
    )


def _referral(b: Builder, **changes: Any) -> Referral:
    """A clean referral received last month, with ``changes`` applied."""
    code = b.pick(list(b.local))
    arrondissement = b.gazetteer.arrondissement_of(code)
    base = Referral(
        id=b.new_id(ReferralId),
        referrer=b.regional[arrondissement][PartnerKind.POLICE].id,
        youth=b.pseudonym(),
        age_at_offence=15,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=b.as_of - dt.timedelta(days=30),
        referred_on=b.as_of - dt.timedelta(days=25),
        municipality=code,
    )
    value = attrs.evolve(base, **changes)
    b.referrals.append(value)
    return value


def _collaboration(b: Builder, **changes: Any) -> Collaboration:
    """A clean proposed local network of a municipality, with ``changes`` applied."""
    code = _town(b)
    base = Collaboration(
        id=b.new_id(CollaborationId),
        name=f"Samenwerking jeugd {_name(b, code)}",
        kind=CollaborationKind.NETWORK,
        domain=WorkDomain.PREVENTIVE,
        level=Level.LOCAL,
        area=Area.municipality(code),
        partners=(_city(b, code).id,),
        period=Period(start=b.as_of - dt.timedelta(days=100)),
        status=CollaborationStatus.PROPOSED,
    )
    value = attrs.evolve(base, **changes)
    b.collaborations.append(value)
    return value


def _forum(b: Builder, **changes: Any) -> Forum:
    """A clean local forum of kind 'other' (no usual participants), with ``changes`` applied."""
    code = _town(b)
    base = Forum(
        id=b.new_id(ForumId),
        name=f"Overleg jeugd {_name(b, code)}",
        kind=ForumKind.OTHER,
        level=Level.LOCAL,
        area=Area.municipality(code),
        members=(_city(b, code).id,),
        halt_role=HaltRole.MEMBER,
        period=Period(start=dt.date(2015, 1, 1)),
    )
    value = attrs.evolve(base, **changes)
    b.forums.append(value)
    return value


def _forum_of(b: Builder, kind: ForumKind) -> Forum:
    return b.pick([f for f in b.forums if f.kind is kind])


def _arrondissement(b: Builder) -> Arrondissement:
    return b.pick(b.arrondissements)


# -- partners -----------------------------------------------------------------------------------


def _other_partner(
    b: Builder,
    *,
    name: str = "Stichting Jeugd en Buurt",
    kind: PartnerKind = PartnerKind.OTHER,
    contact: bool = True,
    **changes: Any,
) -> Partner:
    """A new local partner, of kind 'other' (usual at every level) unless ``kind`` says.

    It has the registry numbers its kind has (a school its BRIN, ...); ``changes`` are
    applied after, e.g. ``brin=None`` to take the BRIN away.
    """
    base = b.partner(name, kind, Level.LOCAL, Area.municipality(_town(b)), contact=contact)
    value = attrs.evolve(base, **changes)
    b.partners[-1] = value
    return value


@planter("HC-PARTNER-001")
def _partner_level(b: Builder) -> uuid.UUID:
    return _other_partner(b, level=Level.NATIONAL).id


@planter("HC-PARTNER-002")
def _partner_area(b: Builder) -> uuid.UUID:
    return _other_partner(b, area=Area.municipality(UNKNOWN_MUNICIPALITY)).id


@planter("HC-PARTNER-003")
def _partner_usual_level(b: Builder) -> uuid.UUID:
    a = _arrondissement(b)
    return _other_partner(
        b, kind=PartnerKind.SCHOOL, level=Level.REGIONAL, area=Area.arrondissement(a)
    ).id


@planter("HC-PARTNER-004")
def _partner_contact(b: Builder) -> uuid.UUID:
    return _other_partner(b, contact=False).id


@planter("HC-PARTNER-005")
def _school_without_brin(b: Builder) -> uuid.UUID:
    return _other_partner(b, name="OBS De Speelwei", kind=PartnerKind.SCHOOL, brin=None).id


@planter("HC-PARTNER-006")
def _government_without_oin(b: Builder) -> uuid.UUID:
    return _other_partner(
        b, name="Bureau Leerplicht", kind=PartnerKind.COMPULSORY_EDUCATION_OFFICE, oin=None
    ).id


@planter("HC-PARTNER-007")
def _brin_not_a_school(b: Builder) -> uuid.UUID:
    # a BRIN no school of the demo has, so only the kind is wrong
    return _other_partner(b, brin=b.contacts.brin()).id


# -- collaborations -----------------------------------------------------------------------------


@planter("HC-COLLAB-001")
def _no_partner(b: Builder) -> uuid.UUID:
    return _collaboration(b, partners=()).id


@planter("HC-COLLAB-002")
def _partner_twice(b: Builder) -> uuid.UUID:
    c = _collaboration(b)
    b.collaborations[-1] = attrs.evolve(c, partners=(*c.partners, *c.partners))
    return c.id


@planter("HC-COLLAB-003")
def _unknown_partner(b: Builder) -> uuid.UUID:
    return _collaboration(b, partners=(b.new_id(PartnerId),)).id


@planter("HC-COLLAB-004")
def _no_commissioner(b: Builder) -> uuid.UUID:
    return _collaboration(b, kind=CollaborationKind.COMMISSION).id


@planter("HC-COLLAB-005")
def _commissioner_may_not(b: Builder) -> uuid.UUID:
    police = b.regional[_arrondissement(b)][PartnerKind.POLICE]
    return _collaboration(b, kind=CollaborationKind.COMMISSION, commissioner=police.id).id


@planter("HC-COLLAB-006")
def _chain_with_school(b: Builder) -> uuid.UUID:
    code = _town(b)
    partners = (_city(b, code).id, b.first_local(code, PartnerKind.SCHOOL).id)
    return _collaboration(
        b, kind=CollaborationKind.CHAIN_COOPERATION, area=Area.municipality(code), partners=partners
    ).id


@planter("HC-COLLAB-007")
def _regional_outside(b: Builder) -> uuid.UUID:
    codes = b.with_kinds(PartnerKind.MUNICIPALITY)
    inside, outside = b.rng.sample(codes, 2)
    return _collaboration(
        b,
        level=Level.REGIONAL,
        area=Area.municipalities([inside]),
        partners=(_city(b, outside).id,),
    ).id


@planter("HC-COLLAB-008")
def _duplicate(b: Builder) -> uuid.UUID:
    originals = [
        c
        for c in b.collaborations
        if c.status is CollaborationStatus.ACTIVE and c.period.end is None and c.partners
    ]
    original = b.pick(originals)
    copy = attrs.evolve(
        original,
        id=b.new_id(CollaborationId),
        period=Period(start=original.period.start + dt.timedelta(days=1)),
    )
    b.collaborations.append(copy)
    return copy.id


@planter("HC-COLLAB-009")
def _ended_with_meeting(b: Builder) -> uuid.UUID:
    ended = _collaboration(
        b,
        status=CollaborationStatus.ENDED,
        period=Period(start=b.as_of - dt.timedelta(days=400), end=b.as_of - dt.timedelta(days=30)),
    )
    forum = _forum(b, collaboration=ended.id)
    b.meetings.append(b.meeting(forum, _far_slot(b), cases=0))
    return ended.id


@planter("HC-COLLAB-010")
def _collaboration_level(b: Builder) -> uuid.UUID:
    return _collaboration(b, level=Level.NATIONAL).id


# -- forums and meetings ------------------------------------------------------------------------


def _justice(b: Builder) -> tuple[Partner, ...]:
    r = b.regional[_arrondissement(b)]
    return tuple(
        r[k]
        for k in (
            PartnerKind.PUBLIC_PROSECUTION,
            PartnerKind.POLICE,
            PartnerKind.CHILD_PROTECTION_BOARD,
            PartnerKind.YOUTH_PROBATION,
        )
    )


@planter("HC-FORUM-001")
def _forum_level(b: Builder) -> uuid.UUID:
    code = _town(b)
    members = (*_justice(b), _city(b, code))
    return _forum(
        b, kind=ForumKind.AJB, members=tuple(p.id for p in members), area=Area.municipality(code)
    ).id


@planter("HC-FORUM-002")
def _forum_missing_member(b: Builder) -> uuid.UUID:
    a = _arrondissement(b)
    members = _justice(b)[:3]  # no youth probation
    return _forum(
        b,
        kind=ForumKind.APJ,
        level=Level.REGIONAL,
        area=Area.arrondissement(a),
        members=tuple(p.id for p in members),
    ).id


@planter("HC-FORUM-003")
def _forum_role(b: Builder) -> uuid.UUID:
    a = _arrondissement(b)
    return _forum(
        b,
        name=f"JCO {a.value}",
        kind=ForumKind.JCO,
        level=Level.REGIONAL,
        area=Area.arrondissement(a),
        members=tuple(p.id for p in _justice(b)),
        halt_role=HaltRole.CHAIR,
    ).id


@planter("HC-FORUM-004")
def _forum_unknown_member(b: Builder) -> uuid.UUID:
    return _forum(b, members=(b.new_id(PartnerId),)).id


@planter("HC-FORUM-005")
def _meeting_unknown_forum(b: Builder) -> uuid.UUID:
    stray = attrs.evolve(_forum_of(b, ForumKind.AJB), id=b.new_id(ForumId))
    meeting = b.meeting(stray, _far_slot(b), cases=0)
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-006")
def _case_elsewhere(b: Builder) -> uuid.UUID:
    jco = _forum_of(b, ForumKind.JCO)
    inside = {m.code for m in b.gazetteer.municipalities_in(jco.area)}
    elsewhere = b.pick([m.code for m in b.gazetteer if m.code not in inside])
    meeting = b.meeting(jco, _far_slot(b), cases=1)
    meeting = attrs.evolve(meeting, cases=(attrs.evolve(meeting.cases[0], municipality=elsewhere),))
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-007")
def _case_in_steering_forum(b: Builder) -> uuid.UUID:
    ajb = _forum_of(b, ForumKind.AJB)
    meeting = b.meeting(ajb, _far_slot(b), cases=1)
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-008")
def _meeting_overlap(b: Builder) -> uuid.UUID:
    existing = b.pick(b.meetings[: b.built_meetings])
    forum = next(f for f in b.forums if f.id == existing.forum)
    meeting = b.meeting(forum, existing.start + dt.timedelta(minutes=30), cases=0)
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-009")
def _meeting_before_forum(b: Builder) -> uuid.UUID:
    forum = b.pick([f for f in b.forums if f.kind is ForumKind.AJB])
    b.planted += 1  # a day of its own, so two planted meetings of one forum do not overlap
    day = forum.period.start - dt.timedelta(days=30 + b.planted)
    before = dt.datetime.combine(day, dt.time(10), AMSTERDAM)
    meeting = b.meeting(forum, before, cases=0)
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-010")
def _attendee_not_a_member(b: Builder) -> uuid.UUID:
    ajb = _forum_of(b, ForumKind.AJB)
    guest = b.national[PartnerKind.PUBLIC_PROSECUTION]  # members are regional partners
    meeting = b.meeting(ajb, _far_slot(b), cases=0)
    meeting = attrs.evolve(meeting, attendees=(*ajb.members, guest.id))
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-011")
def _case_shared_with_non_member(b: Builder) -> uuid.UUID:
    jco = _forum_of(b, ForumKind.JCO)
    outsider = b.national[PartnerKind.POLICE]  # a chain partner, not at a regional JCO
    meeting = b.meeting(jco, _far_slot(b), cases=1)
    (case,) = meeting.cases
    at_the_table = case.discussed_with or meeting.attendees  # without youth work or a school
    case = attrs.evolve(case, discussed_with=(*at_the_table, outsider.id))
    meeting = attrs.evolve(meeting, cases=(case,))
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-012")
def _school_hears_a_case(b: Builder) -> uuid.UUID:
    # a JCO of chain partners only (not one planted here before), in a role of its own
    jco = b.pick(
        [
            f
            for f in b.forums
            if f.kind is ForumKind.JCO
            and all(may_receive_justice_data(b.kinds[p]) for p in f.members)
        ]
    )
    inside = {m.code for m in b.gazetteer.municipalities_in(jco.area)}
    school = b.first_local(
        b.pick(sorted(inside & set(b.with_kinds(PartnerKind.SCHOOL)))), PartnerKind.SCHOOL
    )
    forum = attrs.evolve(
        jco,
        id=b.new_id(ForumId),
        name=f"{jco.name} met scholen",
        members=(*jco.members, school.id),
        halt_role=HaltRole.INFORMATION_SUPPLIER,
    )
    b.forums.append(forum)
    meeting = b.meeting(forum, _far_slot(b), cases=1)
    # the school stays at the table for the case
    (case,) = meeting.cases
    meeting = attrs.evolve(
        meeting, attendees=forum.members, cases=(attrs.evolve(case, discussed_with=None),)
    )
    b.meetings.append(meeting)
    return meeting.id


@planter("HC-FORUM-013")
def _case_of_another_referral(b: Builder) -> uuid.UUID:
    jco = _forum_of(b, ForumKind.JCO)
    meeting = b.meeting(jco, _far_slot(b), cases=1)
    (case,) = meeting.cases
    others = [r for r in b.referrals if r.youth != case.youth]
    # a referral the network does not have, or one of another youth
    referral = b.new_id(ReferralId) if b.rng.random() < 0.5 else b.pick(others).id
    meeting = attrs.evolve(meeting, cases=(attrs.evolve(case, referral=referral),))
    b.meetings.append(meeting)
    return meeting.id


# -- interventions ------------------------------------------------------------------------------


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


# -- referrals ----------------------------------------------------------------------------------


@planter("HC-REFERRAL-001")
def _school_refers(b: Builder) -> uuid.UUID:
    school = b.first_local(_town(b), PartnerKind.SCHOOL)
    return _referral(b, referrer=school.id).id


@planter("HC-REFERRAL-002")
def _unknown_referrer(b: Builder) -> uuid.UUID:
    return _referral(b, referrer=b.new_id(PartnerId)).id


@planter("HC-REFERRAL-003")
def _too_old(b: Builder) -> uuid.UUID:
    return _referral(b, age_at_offence=19).id


@planter("HC-REFERRAL-004")
def _referred_before_offence(b: Builder) -> uuid.UUID:
    return _referral(b, referred_on=b.as_of - dt.timedelta(days=40)).id


@planter("HC-REFERRAL-005")
def _referred_in_future(b: Builder) -> uuid.UUID:
    return _referral(b, referred_on=b.as_of + dt.timedelta(days=10)).id


@planter("HC-REFERRAL-006")
def _unknown_municipality(b: Builder) -> uuid.UUID:
    return _referral(b, municipality=UNKNOWN_MUNICIPALITY).id


@planter("HC-REFERRAL-007")
def _police_refers_truancy(b: Builder) -> uuid.UUID:
    return _referral(b, offence=OffenceCategory.TRUANCY).id


@planter("HC-REFERRAL-008")
def _too_many_hours(b: Builder) -> uuid.UUID:
    outcome = Outcome(result=OutcomeResult.POSITIVE, decided_on=b.as_of, hours=25)
    return _referral(b, status=ReferralStatus.COMPLETED, outcome=outcome).id
