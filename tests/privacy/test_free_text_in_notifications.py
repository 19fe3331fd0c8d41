"""Free text in notifications: reasons scrubbed, summaries left out, nothing about referrals."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core.events import (
    CollaborationSuspended,
    Event,
    InterventionCancelled,
    InterventionDeclined,
    InterventionEvaluated,
    MeetingCancelled,
    ReferralEvent,
    ReferralReturned,
)
from halt_core.ids import (
    CollaborationId,
    EventId,
    ForumId,
    InterventionId,
    MeetingId,
    PartnerId,
    ReferralId,
)
from halt_core.model import (
    AMSTERDAM,
    Area,
    Audience,
    CollaborationStatus,
    ContactPoint,
    Evaluation,
    Forum,
    ForumKind,
    HaltRole,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Level,
    Outcome,
    OutcomeResult,
    Partner,
    PartnerKind,
    Period,
    ReferralStatus,
    Session,
    TargetGroup,
)
from halt_core.notify import Recipient, cloud_event, compose
from halt_core.notify.cloudevents import cloud_event_data, encode_cloud_event
from halt_core.privacy.scrub import OMITTED, REMOVED, scrub
from halt_core.testing import strategies as hs

REASON = "Casus Y-BGW7LDL3 (Jan de Vries), geb. 03-04-2010, Dorpsstraat 12, bel 06-12345678"
GONE = ("Y-BGW7LDL3", "03-04-2010", "Dorpsstraat 12", "06-12345678")
T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=AMSTERDAM)
NOW = dt.datetime(2026, 8, 20, 9, 0, tzinfo=dt.UTC)


class Records:
    """Records by id, each at version 1: what messages look things up in."""

    def __init__(self, *values: Any) -> None:
        self.values = {v.id: v for v in values}

    def find(self, record_type: type[Any], id: uuid.UUID) -> Any:
        value = self.values.get(id)
        return value if isinstance(value, record_type) else None

    def version(self, record_type: type[object], id: uuid.UUID) -> int | None:
        return 1 if self.find(record_type, id) is not None else None


SCHOOL = Partner(
    id=PartnerId(uuid.uuid4()),
    name="OBS De Ark",
    kind=PartnerKind.SCHOOL,
    level=Level.LOCAL,
    area=Area.municipality("GM0363"),
    contact_points=(ContactPoint(role="directie", email="directie@deark.example.nl"),),
    brin="12AB",
)
FORUM = Forum(
    id=ForumId(uuid.uuid4()),
    name="JCO Amsterdam",
    kind=ForumKind.JCO,
    level=Level.REGIONAL,
    area=Area.municipality("GM0363"),
    members=(SCHOOL.id,),
    halt_role=HaltRole.INFORMATION_SUPPLIER,
    period=Period(start=T0.date()),
)
LESSON = Intervention(
    id=InterventionId(uuid.uuid4()),
    kind=InterventionKind.INFORMATION_LESSON,
    title="Voorlichting vuurwerk",
    target_group=TargetGroup(audience=Audience.PUPILS, description="groep 8"),
    area=Area.municipality("GM0363"),
    school=SCHOOL.id,
    sessions=(Session(start=T0, end=T0 + dt.timedelta(hours=1), location="aula"),),
    status=InterventionStatus.CANCELLED,
    requested_on=T0.date() - dt.timedelta(days=30),
)


def recipient(language: str) -> Recipient:
    return Recipient(partner=SCHOOL.id, name=SCHOOL.name, language=language, reason="school")


def meeting_cancelled(reason: str) -> MeetingCancelled:
    return MeetingCancelled(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        meeting=MeetingId(uuid.uuid4()),
        forum=FORUM.id,
        start=T0,
        end=T0 + dt.timedelta(hours=2),
        location="Veiligheidshuis",
        version=3,
        reason=reason,
    )


def intervention_cancelled(reason: str) -> InterventionCancelled:
    return InterventionCancelled(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        intervention=LESSON.id,
        from_status=InterventionStatus.SCHEDULED,
        to_status=InterventionStatus.CANCELLED,
        reason=reason,
    )


def everything_sent(event: Event) -> str:
    """Every mail (both languages: subject, text, HTML, calendar) and the CloudEvent body."""
    records = Records(SCHOOL, FORUM, LESSON)
    parts = [encode_cloud_event(event).decode()]
    for language in ("nl", "en"):
        message = compose(event, recipient(language), records)
        assert message is not None
        parts += [message.subject, message.text, message.html]
        parts += [repr(entry) for entry in message.calendar]
    return "\n".join(parts)


@pytest.mark.parametrize("event", [meeting_cancelled(REASON), intervention_cancelled(REASON)])
def test_a_cancellations_reason_is_scrubbed_in_the_mail_and_the_cloud_event(event: Event) -> None:
    sent = everything_sent(event)

    assert not [found for found in GONE if found in sent]
    assert REMOVED in sent
    message = compose(event, recipient("nl"), Records(SCHOOL, FORUM, LESSON))
    assert message is not None
    assert f"Reden: {scrub(REASON).text}" in message.text


def test_a_name_in_a_reason_is_not_recognised_as_the_docs_say() -> None:
    # Scrubbing cannot tell a name from other words: what is left of the reason keeps it.
    message = compose(meeting_cancelled(REASON), recipient("en"), Records(FORUM))
    assert message is not None
    assert "Jan de Vries" in message.text


def test_the_rest_of_a_message_is_as_before() -> None:
    message = compose(meeting_cancelled("ziekte voorzitter"), recipient("nl"), Records(FORUM))
    assert message is not None
    assert "Reden: ziekte voorzitter" in message.text


@given(hs.events())
def test_cloud_event_data_scrubs_every_reason_and_summary_and_keeps_referral_text_home(
    event: Event,
) -> None:
    data = cloud_event_data(event)
    if isinstance(event, ReferralEvent):
        assert "reason" not in data
        assert "outcome" not in data
        return
    reason = getattr(event, "reason", None)
    if reason is not None:
        assert data["reason"] == scrub(reason).text
    evaluation = getattr(event, "evaluation", None)
    if evaluation is not None:
        assert data["evaluation"]["summary"] == OMITTED
    assert json.loads(encode_cloud_event(event))["data"] == data


def declined(reason: str) -> InterventionDeclined:
    return InterventionDeclined(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        intervention=LESSON.id,
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason=reason,
    )


def suspended(reason: str) -> CollaborationSuspended:
    return CollaborationSuspended(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        collaboration=CollaborationId(uuid.uuid4()),
        from_status=CollaborationStatus.ACTIVE,
        to_status=CollaborationStatus.SUSPENDED,
        reason=reason,
    )


_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)


@given(
    _TEXT,
    st.sampled_from(GONE),
    _TEXT,
    st.sampled_from([declined, suspended, meeting_cancelled, intervention_cancelled]),
)
def test_a_planted_item_in_any_reason_leaves_in_no_cloud_event(
    before: str, planted: str, after: str, event_with: Any
) -> None:
    event = event_with(f"{before} {planted} {after}")
    assert planted not in json.dumps(cloud_event(event), ensure_ascii=False)


def test_an_evaluations_summary_is_left_out_of_the_cloud_event() -> None:
    event = InterventionEvaluated(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        intervention=LESSON.id,
        from_status=InterventionStatus.DELIVERED,
        to_status=InterventionStatus.EVALUATED,
        evaluation=Evaluation(evaluated_on=T0.date(), summary=REASON),
    )
    body = encode_cloud_event(event).decode()
    assert not [found for found in GONE if found in body]
    assert "Jan de Vries" not in body
    assert json.loads(body)["data"]["evaluation"]["summary"] == OMITTED


def test_a_referral_events_reason_never_reaches_a_webhook() -> None:
    event = ReferralReturned(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        referral=ReferralId(uuid.uuid4()),
        from_status=ReferralStatus.CARRIED_OUT,
        to_status=ReferralStatus.RETURNED,
        outcome=Outcome(result=OutcomeResult.NEGATIVE, decided_on=T0.date()),
        reason=REASON,
    )
    body = encode_cloud_event(event).decode()
    assert "Jan de Vries" not in body
    assert not [found for found in GONE if found in body]
