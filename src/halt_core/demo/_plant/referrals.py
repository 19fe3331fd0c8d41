"""Planters of the rules about referrals."""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from halt_core.demo._build import Builder
from halt_core.demo._plant._common import (
    _ended,
    _referral,
    _town,
)
from halt_core.demo._plant._registry import UNKNOWN_MUNICIPALITY, planter
from halt_core.ids import PartnerId
from halt_core.model import (
    OffenceCategory,
    Outcome,
    OutcomeResult,
    PartnerKind,
    ReferralStatus,
)


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


@planter("HC-REFERRAL-009")
def _referrer_ended(b: Builder) -> uuid.UUID:
    referral = _referral(b)
    referrer = next(p for p in b.partners if p.id == referral.referrer)
    gone = _ended(b, referrer, days_ago=60)  # ended before the referral came in
    b.referrals[-1] = attrs.evolve(referral, referrer=gone.id)
    return referral.id
