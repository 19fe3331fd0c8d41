"""Planters of the rules about forums and meetings."""

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
    _forum,
    _forum_of,
    _town,
)
from halt_core.demo._plant._registry import UNKNOWN_MUNICIPALITY, planter
from halt_core.ids import ForumId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    Area,
    ForumKind,
    HaltRole,
    Level,
    Partner,
    PartnerKind,
)
from halt_core.privacy.policy import may_receive_justice_data


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


@planter("HC-FORUM-014")
def _forum_area_unknown(b: Builder) -> uuid.UUID:
    return _forum(b, area=Area.municipality(UNKNOWN_MUNICIPALITY)).id


@planter("HC-FORUM-015")
def _member_twice(b: Builder) -> uuid.UUID:
    code = _town(b)
    city, school = _city(b, code).id, b.first_local(code, PartnerKind.SCHOOL).id
    return _forum(b, area=Area.municipality(code), members=(city, school, city)).id


@planter("HC-FORUM-016")
def _member_ended(b: Builder) -> uuid.UUID:
    code = _town(b)
    gone = _ended(b, b.first_local(code, PartnerKind.WELFARE))
    return _forum(b, area=Area.municipality(code), members=(_city(b, code).id, gone.id)).id
