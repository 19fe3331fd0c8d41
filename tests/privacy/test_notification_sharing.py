"""Notifications ask the sharing policy: a referral's step to whom it allows, recorded when sent."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import halt_core
from halt_adapters.notify.dispatcher import ACTOR, Dispatcher
from halt_core.events import (
    EVENT_TYPES,
    Event,
    MeetingCancelled,
    MeetingEvent,
    MeetingMoved,
    MeetingPlanned,
    ReferralCompleted,
    ReferralEvent,
)
from halt_core.ids import EventId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    Area,
    ContactPoint,
    Forum,
    Level,
    Meeting,
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Partner,
    PartnerKind,
    Referral,
    ReferralStatus,
)
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.model.words import dutch, english
from halt_core.notify import Notification, Notifier, Recipient, RetryPolicy, Route, compose
from halt_core.notify.routing import DEFAULT_ROUTES, recipients
from halt_core.privacy.categories import Category
from halt_core.privacy.policy import (
    ALWAYS_SHARED,
    DEFAULT_POLICY,
    LegalBasis,
    Purpose,
    SharingDecision,
    SharingPolicy,
    SharingRequest,
    SharingRule,
)
from halt_core.storage import Store, UnitOfWork
from halt_core.testing import strategies as hs

REFERRAL_EVENTS = [cls for cls in EVENT_TYPES.values() if issubclass(cls, ReferralEvent)]
MEETING_EVENTS = [MeetingPlanned, MeetingMoved, MeetingCancelled]
T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=AMSTERDAM)


class Records:
    """Records by id, each at version 1."""

    def __init__(self, *values: Any) -> None:
        self.values = {v.id: v for v in values}

    def find(self, record_type: type[Any], id: uuid.UUID) -> Any:
        value = self.values.get(id)
        return value if isinstance(value, record_type) else None

    def version(self, record_type: type[object], id: uuid.UUID) -> int | None:
        return 1 if self.find(record_type, id) is not None else None


def to(partner: Partner, language: str = "nl") -> Recipient:
    return Recipient(partner=partner.id, name=partner.name, language=language)


def sent_text(message: Any) -> str:
    return "\n".join([message.subject, message.text, message.html, *map(repr, message.calendar)])


def allowing(categories: Iterable[Category], basis: LegalBasis | None) -> SharingPolicy:
    decision = SharingDecision(
        allowed=frozenset({*ALWAYS_SHARED, *categories}),
        legal_basis=basis,
        rule="test-allowing",
        reason_en="as the test allows",
        reason_nl="zoals de test toestaat",
    )
    rule = SharingRule(
        name="test-allowing",
        purposes=frozenset({Purpose.REPORT_TO_REFERRER}),
        decide=lambda request: decision,
    )
    return SharingPolicy((rule,))


policies = st.just(DEFAULT_POLICY) | st.builds(
    allowing,
    st.sets(st.sampled_from([c for c in Category if c.personal])),
    st.sampled_from([*LegalBasis, None]),
)


@st.composite
def told(draw: st.DrawFn) -> tuple[Event, Referral, Partner, bool]:
    """A referral event, its referral, and a partner: its referrer, or another."""
    referral = draw(hs.referrals())
    drawn = draw(hs.events(draw(st.sampled_from(REFERRAL_EVENTS))))
    assert isinstance(drawn, ReferralEvent)
    event = attrs.evolve(drawn, referral=referral.id)
    partner = draw(hs.partners())
    referrer = draw(st.booleans())
    if referrer:
        partner = attrs.evolve(partner, id=referral.referrer)
    return event, referral, partner, referrer


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(told(), policies, st.sampled_from(["nl", "en"]))
def test_a_referral_is_told_only_as_the_policy_allows_and_never_names_the_youth(
    case: tuple[Event, Referral, Partner, bool], policy: SharingPolicy, language: str
) -> None:
    event, referral, partner, _ = case
    assert isinstance(event, ReferralEvent)
    message = compose(event, to(partner, language), Records(referral, partner), policy)
    decision = policy.decide(
        SharingRequest(purpose=Purpose.REPORT_TO_REFERRER, recipient=partner, referral=referral)
    )
    allowed = (
        decision.allows(Category.PSEUDONYMOUS_REFERENCE)
        and decision.allows(Category.YOUTH_JUSTICE)
        and decision.legal_basis not in (None, LegalBasis.NONE_NEEDED)
    )
    if not allowed:
        assert message is None
        return
    assert message is not None
    text = sent_text(message)
    assert str(referral.id) in text
    status = dutch(event.to_status) if language == "nl" else english(event.to_status)
    assert status in text
    assert referral.youth not in text  # a pseudonym never goes out in a message
    if referral.offence is not OffenceCategory.OTHER:  # "other" is a word of any text
        assert dutch(referral.offence) not in text
        assert english(referral.offence) not in text
    disclosed = message.disclosed
    assert disclosed is not None
    assert disclosed.purpose is Purpose.REPORT_TO_REFERRER
    assert disclosed.decision == decision
    assert (disclosed.recipient, disclosed.recipient_name) == (partner.id, partner.name)
    assert (disclosed.youths, disclosed.referrals) == ((referral.youth,), (referral.id,))
    assert disclosed.fields == ("Referral.id", "Referral.status")


@given(told())
def test_under_the_default_policy_only_the_referrer_hears_of_a_referral(
    case: tuple[Event, Referral, Partner, bool],
) -> None:
    event, referral, partner, referrer = case
    message = compose(event, to(partner), Records(referral, partner))
    assert (message is not None) is referrer
    if message is not None:
        assert message.disclosed is not None
        assert message.disclosed.decision.rule == "report-to-referrer"


@given(told())
def test_a_referral_no_longer_stored_is_told_to_no_one(
    case: tuple[Event, Referral, Partner, bool],
) -> None:
    event, _, partner, _ = case
    assert compose(event, to(partner), Records(partner)) is None


PLANTED_YOUTHS = (YouthPseudonym("Y-BGW7LDL3"), YouthPseudonym("Y-ABCD2345"))
PLANTED_TITLE = "Casus Y-BGW7LDL3 (Jan de Vries)"


@st.composite
def meeting_told(draw: st.DrawFn) -> tuple[Event, Meeting, Forum, Partner]:
    """A meeting event about a stored meeting of a stored forum, youths and agenda planted.

    The meeting's cases name :data:`PLANTED_YOUTHS` and its agenda :data:`PLANTED_TITLE`, so
    finding them in a message is not a chance match with a generated name.
    """
    forum = draw(hs.forums())
    meeting = draw(hs.meetings(forum.id))
    cases = tuple(
        attrs.evolve(case, youth=PLANTED_YOUTHS[i % 2]) for i, case in enumerate(meeting.cases)
    )
    agenda = tuple(attrs.evolve(item, title=PLANTED_TITLE) for item in meeting.agenda)
    meeting = attrs.evolve(meeting, cases=cases, agenda=agenda)
    event = draw(hs.events(draw(st.sampled_from(MEETING_EVENTS))))
    assert isinstance(event, MeetingEvent)
    event = attrs.evolve(event, meeting=meeting.id, forum=forum.id)
    return event, meeting, forum, draw(hs.partners())


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(meeting_told(), policies)
def test_a_meeting_message_carries_organisational_data_only(
    case: tuple[Event, Meeting, Forum, Partner], policy: SharingPolicy
) -> None:
    event, meeting, forum, partner = case
    message = compose(event, to(partner), Records(meeting, forum, partner), policy)
    assert message is not None
    assert message.disclosed is None
    text = sent_text(message)
    assert not [youth for youth in PLANTED_YOUTHS if youth in text]
    assert PLANTED_TITLE not in text
    assert not [c.referral for c in meeting.cases if c.referral and str(c.referral) in text]


def test_the_default_routes_tell_the_referrer_and_a_route_to_anyone_else_tells_nothing(
    referral_and_partners: tuple[Referral, Partner, Partner],
) -> None:
    referral, referrer, other = referral_and_partners
    event = completed(referral)
    records = Records(referral, referrer, other)
    (found,) = recipients(event, records)
    assert found.partner == referrer.id
    assert compose(event, found, records) is not None
    everyone = Route(
        name="mytool-everyone",
        event_types=frozenset({event.type}),
        select=lambda event, records: (other.id,),
    )
    also = recipients(event, records, (*DEFAULT_ROUTES, everyone))
    assert [r.partner for r in also] == [referrer.id, other.id]
    assert compose(event, also[1], records) is None


# -- the dispatcher records what it sent -------------------------------------------------------


@pytest.fixture
def referral_and_partners() -> tuple[Referral, Partner, Partner]:
    referrer = partner_with_mail("Politie Zaanstreek", "halt@politie.example.nl")
    other = partner_with_mail("OBS De Ark", "directie@deark.example.nl")
    referral = Referral(
        id=ReferralId(uuid.uuid4()),
        referrer=referrer.id,
        youth=YouthPseudonym("Y-ABCD2345"),
        age_at_offence=15,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=T0.date() - dt.timedelta(days=40),
        referred_on=T0.date() - dt.timedelta(days=30),
        municipality="GM0479",
        status=ReferralStatus.COMPLETED,
        outcome=Outcome(result=OutcomeResult.POSITIVE, decided_on=T0.date()),
    )
    return referral, referrer, other


def partner_with_mail(name: str, email: str) -> Partner:
    return Partner(
        id=PartnerId(uuid.uuid4()),
        name=name,
        kind=PartnerKind.POLICE,
        level=Level.LOCAL,
        area=Area.municipality("GM0479"),
        contact_points=(ContactPoint(role="contact", email=email),),
    )


def completed(referral: Referral) -> ReferralCompleted:
    assert referral.outcome is not None
    return ReferralCompleted(
        id=EventId(uuid.uuid4()),
        occurred_at=T0,
        actor="tester",
        referral=referral.id,
        from_status=ReferralStatus.CARRIED_OUT,
        to_status=ReferralStatus.COMPLETED,
        outcome=referral.outcome,
    )


class Collector(Notifier):
    """A partner notifier that keeps what it is given."""

    name = "collect:"
    for_partners = True

    def __init__(self) -> None:
        self.sent: list[Notification] = []

    def send(self, notification: Notification) -> None:
        self.sent.append(notification)


def filled(store: Store, *values: Any) -> None:
    with store.unit_of_work() as uow:
        for value in values:
            repository = uow.referrals if isinstance(value, Referral) else uow.partners
            repository.add(value)


def test_a_referral_told_to_its_referrer_is_recorded_once_it_is_sent(
    referral_and_partners: tuple[Referral, Partner, Partner],
) -> None:
    referral, referrer, other = referral_and_partners
    collector = Collector()
    with halt_core.connect("memory://") as store:
        filled(store, referrer, other, referral)
        with store.unit_of_work() as uow:
            uow.outbox.add(completed(referral))
        done = Dispatcher(store, [collector], policy=RetryPolicy(min_backoff=0)).run_once()
        with store.unit_of_work() as uow:
            (entry,) = uow.privacy_log.disclosures()
    assert done.delivered == 1
    (notification,) = collector.sent
    assert notification.message is not None
    assert notification.message.disclosed is not None
    assert entry.by == ACTOR
    assert entry.channel == "notification collect"
    assert (entry.recipient, entry.recipient_name) == (referrer.id, referrer.name)
    assert (entry.youths, entry.referrals) == ((referral.youth,), (referral.id,))
    assert entry.fields == ("Referral.id", "Referral.status")
    assert (entry.purpose, entry.legal_basis, entry.rule) == (
        Purpose.REPORT_TO_REFERRER,
        LegalBasis.WJSG,
        "report-to-referrer",
    )


def test_a_store_that_keeps_no_privacy_log_sends_no_data_about_a_youth(
    referral_and_partners: tuple[Referral, Partner, Partner], monkeypatch: pytest.MonkeyPatch
) -> None:
    referral, referrer, other = referral_and_partners
    collector = Collector()
    with halt_core.connect("memory://") as store:
        filled(store, referrer, other, referral)
        with store.unit_of_work() as uow:
            uow.outbox.add(completed(referral))
            monkeypatch.setattr(type(uow), "_privacy_log", UnitOfWork._privacy_log)
        done = Dispatcher(store, [collector], policy=RetryPolicy(min_backoff=0)).run_once()
    assert done.dead == 1
    assert [n for n in collector.sent if n.message is not None] == []
