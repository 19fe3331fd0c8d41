"""What the planters share: free moments, sessions, towns and records to start from."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from halt_core.demo._build import Builder
from halt_core.ids import CollaborationId, ForumId, InterventionId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
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
    Partner,
    PartnerKind,
    Period,
    ProblemArea,
    Referral,
    Session,
    TargetGroup,
    WorkDomain,
)


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


def _ended(b: Builder, partner: Partner, days_ago: int = 200) -> Partner:
    """A copy of ``partner`` under a name of its own, that ended ``days_ago`` days back.

    Only in :attr:`Builder.partners`, not among the local ones other planters pick from.
    """
    value = attrs.evolve(
        partner,
        id=b.new_id(PartnerId),
        name=f"{partner.name} (opgeheven)",
        ended_on=b.as_of - dt.timedelta(days=days_ago),
        end_reason="opgegaan in een fusieorganisatie",
    )
    b.partners.append(value)
    return value
