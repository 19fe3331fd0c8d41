"""Records for the retention, erasure and subject-access tests: a few youths, many records.

The strategies draw from a small pool of pseudonyms, so that holds, referrals, cases,
agenda items and disclosures of one youth meet in one store.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs
from hypothesis import strategies as st

import halt_core
from halt_core.ids import ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    AgendaItem,
    Area,
    CaseOnAgenda,
    Forum,
    ForumKind,
    Level,
    Meeting,
    Network,
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Period,
    Referral,
    ReferralStatus,
)
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, LegalHold
from halt_core.privacy.policy import LegalBasis, Purpose
from halt_core.storage import Store, UnitOfWork
from halt_core.testing import strategies as hs

POOL = tuple(YouthPseudonym(f"Y-{n}A7K{n}Q2M") for n in range(1, 5))
"""The youths the records are about."""

NOW = dt.datetime(2036, 1, 1, 12, tzinfo=dt.UTC)


@attrs.frozen(kw_only=True)
class Records:
    """What one store holds: the network, the disclosure log and the holds."""

    network: Network
    disclosures: tuple[Disclosure, ...]
    holds: tuple[LegalHold, ...]

    def store(self, url: str = "memory://") -> Store:
        """A store holding these records (the caller closes it)."""
        store = halt_core.connect(url)
        with store.unit_of_work() as uow:
            self.fill(uow)
        return store

    def fill(self, uow: UnitOfWork) -> None:
        """Add everything to ``uow``."""
        uow.add_network(self.network)
        for disclosure in self.disclosures:
            uow.privacy_log.record(disclosure)
        for hold in self.holds:
            uow.privacy_log.place_hold(hold)


youths = st.sampled_from(POOL)


@st.composite
def referrals(draw: st.DrawFn) -> Referral:
    """A referral of a youth of the pool."""
    return attrs.evolve(draw(hs.referrals()), youth=draw(youths))


@st.composite
def agenda_items(draw: st.DrawFn) -> AgendaItem:
    """An agenda item that may name a youth of the pool."""
    named = draw(st.none() | youths)
    title = draw(hs.names(60))
    if named is not None:
        title = f"Casus {named.lower() if draw(st.booleans()) else named}"
    return AgendaItem(title=title, notes=draw(st.sampled_from(["", "zie verslag"])))


@st.composite
def meetings(draw: st.DrawFn, forums: tuple[Forum, ...]) -> Meeting:
    """A meeting of one of ``forums``, with cases and agenda items of the pool's youths."""
    meeting = draw(hs.meetings(draw(st.sampled_from(forums)).id))
    cases = tuple(attrs.evolve(case, youth=draw(youths)) for case in meeting.cases)
    agenda = tuple(draw(st.lists(agenda_items(), max_size=3)))
    return attrs.evolve(meeting, cases=cases, agenda=agenda)


@st.composite
def disclosures(draw: st.DrawFn) -> Disclosure:
    """A disclosure about one or more youths of the pool."""
    about = tuple(draw(st.lists(youths, min_size=1, max_size=3, unique=True)))
    return Disclosure(
        id=draw(st.uuids()),
        at=draw(hs.moments()),
        by="test",
        purpose=draw(st.sampled_from(list(Purpose))),
        legal_basis=draw(st.sampled_from(list(LegalBasis))),
        rule="test",
        recipient=draw(st.none() | st.uuids().map(PartnerId)),
        recipient_name="Politie Zaanstreek",
        youths=about,
        fields=("Referral.offence", "CaseOnAgenda.youth"),
        channel="information sheet",
    )


def _unique(values: st.SearchStrategy[Any], max_size: int) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(values, max_size=max_size, unique_by=lambda v: v.id).map(tuple)


@st.composite
def records(draw: st.DrawFn) -> Records:
    """A store's worth of records about the pool's youths."""
    forums = draw(st.lists(hs.forums(), min_size=1, max_size=3, unique_by=lambda f: f.id))
    network = Network(
        forums=tuple(forums),
        meetings=draw(_unique(meetings(tuple(forums)), 6)),
        referrals=draw(_unique(referrals(), 6)),
    )
    held = draw(st.lists(youths, max_size=2, unique=True))
    holds = tuple(
        LegalHold(youth=y, reason="bezwaarprocedure", placed_at=NOW, placed_by="test") for y in held
    )
    return Records(network=network, disclosures=draw(_unique(disclosures(), 5)), holds=holds)


def days() -> st.SearchStrategy[dt.date]:
    """Days a purge may run on: from before the first record to after the last expires."""
    return st.dates(dt.date(2016, 1, 1), dt.date(2045, 12, 31))


def forum(kind: ForumKind = ForumKind.JCO, name: str = "JCO Zaanstreek") -> Forum:
    """A forum of ``kind`` in Amsterdam."""
    return Forum(
        id=ForumId(uuid.uuid4()),
        name=name,
        kind=kind,
        level=kind.profile.level or Level.REGIONAL,
        area=Area.arrondissement("Amsterdam")
        if kind.profile.level is Level.REGIONAL
        else Area.municipality("GM0363"),
        halt_role=sorted(kind.profile.halt_roles)[0],
        period=Period(start=dt.date(2015, 1, 1)),
    )


def meeting(
    of: Forum,
    day: dt.date,
    *,
    cases: tuple[CaseOnAgenda, ...] = (),
    agenda: tuple[AgendaItem, ...] = (),
) -> Meeting:
    """A meeting of ``of`` on ``day``, 10:00 to 12:00 in Amsterdam."""
    start = dt.datetime.combine(day, dt.time(10), tzinfo=AMSTERDAM)
    return Meeting(
        id=MeetingId(uuid.uuid4()),
        forum=of.id,
        start=start,
        end=start + dt.timedelta(hours=2),
        location="Veiligheidshuis Zaanstreek",
        cases=cases,
        agenda=agenda,
    )


def referral(
    youth: YouthPseudonym,
    referred_on: dt.date,
    *,
    decided_on: dt.date | None = None,
    referrer: PartnerId | None = None,
) -> Referral:
    """A shoplifting referral of ``youth`` in Zaanstad, completed when ``decided_on`` is given."""
    return Referral(
        id=ReferralId(uuid.uuid4()),
        referrer=referrer or PartnerId(uuid.uuid4()),
        youth=youth,
        age_at_offence=14,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=referred_on - dt.timedelta(days=10),
        referred_on=referred_on,
        municipality="GM0479",
        status=ReferralStatus.COMPLETED if decided_on else ReferralStatus.INTAKE,
        outcome=Outcome(result=OutcomeResult.POSITIVE, decided_on=decided_on, hours=6)
        if decided_on
        else None,
    )
