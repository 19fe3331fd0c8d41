"""The pure half of notifications: routes, messages, calendar entries, retries, CloudEvents."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core.events import (
    InterventionCancelled,
    InterventionEvaluated,
    InterventionRescheduled,
    InterventionScheduled,
    MeetingCancelled,
    MeetingMoved,
    ReferralCompleted,
)
from halt_core.ids import EventId, ForumId, InterventionId, MeetingId, PartnerId, ReferralId
from halt_core.model import (
    AMSTERDAM,
    Area,
    Audience,
    ContactPoint,
    Evaluation,
    Forum,
    ForumKind,
    HaltRole,
    Intervention,
    InterventionKind,
    InterventionStatus,
    Level,
    Meeting,
    OffenceCategory,
    Outcome,
    OutcomeResult,
    Partner,
    PartnerKind,
    Period,
    Referral,
    ReferralStatus,
    Session,
    TargetGroup,
    YouthPseudonym,
)
from halt_core.notify import (
    DEFAULT_ROUTES,
    Recipient,
    RetryPolicy,
    Route,
    SignatureInvalid,
    cloud_event,
    compose,
    recipients,
    sign,
    verify_signature,
)
from halt_core.notify.messages import meeting_uid, session_uid
from halt_core.testing import strategies as hs

T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=AMSTERDAM)
NOW = dt.datetime(2026, 8, 20, 9, 0, tzinfo=dt.UTC)


class Records:
    """Records in a dict, with versions: what the dispatcher gives routes and messages."""

    def __init__(self, *values: Any) -> None:
        self.values: dict[uuid.UUID, Any] = {v.id: v for v in values}
        self.versions: dict[uuid.UUID, int] = dict.fromkeys(self.values, 1)

    def find(self, record_type: type[Any], id: uuid.UUID) -> Any:
        value = self.values.get(id)
        return value if isinstance(value, record_type) else None

    def version(self, record_type: type[object], id: uuid.UUID) -> int | None:
        return self.versions.get(id) if self.find(record_type, id) is not None else None


def partner(name: str, kind: PartnerKind, email: str | None, language: str = "nl") -> Partner:
    points = (ContactPoint(role="contact", email=email),) if email else ()
    return Partner(
        id=PartnerId(uuid.uuid4()),
        name=name,
        kind=kind,
        level=Level.LOCAL,
        area=Area.municipality("GM0363"),
        contact_points=points,
        language=language,  # type: ignore[arg-type]
    )


SCHOOL = partner("OBS De Ark", PartnerKind.SCHOOL, "directie@deark.example.nl")
TOWN = partner("Gemeente Amsterdam", PartnerKind.MUNICIPALITY, "jeugd@amsterdam.example.nl", "en")
POLICE = partner("Politie Amsterdam", PartnerKind.POLICE, "halt@politie.example.nl")


def session(day: int, hour: int = 10) -> Session:
    start = T0 + dt.timedelta(days=day, hours=hour - 10)
    return Session(start=start, end=start + dt.timedelta(hours=1), location="aula")


def lesson(
    *sessions: Session, status: InterventionStatus = InterventionStatus.SCHEDULED
) -> Intervention:
    return Intervention(
        id=InterventionId(uuid.uuid4()),
        kind=InterventionKind.INFORMATION_LESSON,
        title="Voorlichting vuurwerk",
        target_group=TargetGroup(audience=Audience.PUPILS, description="groep 8"),
        area=Area.municipality("GM0363"),
        commissioner=TOWN.id,
        school=SCHOOL.id,
        period=Period(start=T0.date(), end=T0.date() + dt.timedelta(days=60)),
        sessions=sessions,
        status=status,
        requested_on=T0.date() - dt.timedelta(days=30),
    )


def scheduled(intervention: Intervention) -> InterventionScheduled:
    return InterventionScheduled(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        intervention=intervention.id,
        from_status=InterventionStatus.AGREED,
        to_status=InterventionStatus.SCHEDULED,
        sessions=intervention.sessions,
    )


# -- routes -------------------------------------------------------------------------------------


def test_a_planned_lesson_goes_to_the_school_and_the_commissioner_once_each() -> None:
    work = lesson(session(0))
    found = recipients(scheduled(work), Records(work, SCHOOL, TOWN))
    assert [(r.partner, r.reason) for r in found] == [
        (SCHOOL.id, "school"),
        (TOWN.id, "commissioner"),
    ]
    assert found[0].email == "directie@deark.example.nl"
    assert found[1].language == "en"


def test_a_partner_named_by_two_routes_is_told_once_with_both_reasons() -> None:
    work = attrs.evolve(lesson(session(0)), school=None)  # the commissioner plans it
    (only,) = recipients(scheduled(work), Records(work, TOWN))
    assert (only.partner, only.reason) == (TOWN.id, "school, commissioner")


def test_a_status_change_goes_to_the_commissioner_only() -> None:
    work = lesson(session(0), status=InterventionStatus.EVALUATED)
    event = InterventionEvaluated(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        intervention=work.id,
        from_status=InterventionStatus.DELIVERED,
        to_status=InterventionStatus.EVALUATED,
        evaluation=Evaluation(evaluated_on=T0.date(), summary="goed"),
    )
    assert [r.partner for r in recipients(event, Records(work, SCHOOL, TOWN))] == [TOWN.id]


def test_meeting_changes_go_to_the_forums_members_and_a_missing_partner_is_skipped() -> None:
    forum = Forum(
        id=ForumId(uuid.uuid4()),
        name="JCO Amsterdam",
        kind=ForumKind.JCO,
        level=Level.REGIONAL,
        area=Area.municipality("GM0363"),
        members=(POLICE.id, TOWN.id, PartnerId(uuid.uuid4())),
        halt_role=HaltRole.MEMBER,
        period=Period(start=T0.date()),
    )
    event = MeetingMoved(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        meeting=MeetingId(uuid.uuid4()),
        forum=forum.id,
        start=T0,
        end=T0 + dt.timedelta(hours=1),
        location="Bureau",
        previous_start=T0 - dt.timedelta(days=1),
        previous_end=T0 - dt.timedelta(days=1) + dt.timedelta(hours=1),
        previous_location="Bureau",
    )
    found = recipients(event, Records(forum, POLICE, TOWN))
    assert [r.partner for r in found] == [POLICE.id, TOWN.id]


OUTCOME = Outcome(result=OutcomeResult.POSITIVE, decided_on=T0.date(), hours=6)


def test_a_referral_outcome_goes_back_to_the_referrer_without_personal_data() -> None:
    referral = Referral(
        id=ReferralId(uuid.uuid4()),
        referrer=POLICE.id,
        youth=YouthPseudonym("Y-ABCD2345"),
        age_at_offence=15,
        offence=OffenceCategory.SHOPLIFTING,
        offence_date=T0.date() - dt.timedelta(days=40),
        referred_on=T0.date() - dt.timedelta(days=30),
        municipality="GM0363",
        status=ReferralStatus.COMPLETED,
        outcome=OUTCOME,
    )
    event = ReferralCompleted(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        referral=referral.id,
        from_status=ReferralStatus.CARRIED_OUT,
        to_status=ReferralStatus.COMPLETED,
        outcome=OUTCOME,
    )
    records = Records(referral, POLICE)
    (police,) = recipients(event, records)
    message = compose(event, police, records)
    assert message is not None
    everything = message.subject + message.text + message.html
    assert str(referral.id) in everything
    for personal in ("Y-ABCD2345", "shoplifting", "winkeldiefstal"):
        assert personal not in everything


def test_routes_are_data_a_tool_can_extend() -> None:
    extra = Route(
        name="mytool-town",
        event_types=frozenset({"nl.halt.intervention.scheduled"}),
        select=lambda event, records: (TOWN.id,),
        description="tell the town too",
    )
    work = attrs.evolve(lesson(session(0)), commissioner=None)
    routes = (*DEFAULT_ROUTES, extra)
    found = recipients(scheduled(work), Records(work, SCHOOL, TOWN), routes)
    assert [(r.partner, r.reason) for r in found] == [
        (SCHOOL.id, "school"),
        (TOWN.id, "mytool-town"),
    ]


# -- messages and calendar entries --------------------------------------------------------------


def _recipient(p: Partner) -> Recipient:
    return Recipient(partner=p.id, name=p.name, email=None, language=p.language)


def test_a_planned_lesson_is_an_invitation_in_dutch_with_the_exports_uids() -> None:
    work = lesson(session(0), session(7))
    records = Records(work)
    records.versions[work.id] = 4
    message = compose(scheduled(work), _recipient(SCHOOL), records)
    assert message is not None
    assert message.language == "nl"
    assert message.subject == "Gepland: Voorlichting vuurwerk"
    assert message.text.startswith("Beste OBS De Ark,")
    assert "01-09-2026 10:00-11:00, aula" in message.text
    assert [(e.method, e.uid, e.sequence) for e in message.calendar] == [
        ("REQUEST", session_uid(work.sessions[0]), 4),
        ("REQUEST", session_uid(work.sessions[1]), 4),
    ]


def test_html_escapes_what_people_typed() -> None:
    work = attrs.evolve(lesson(session(0)), title="<script>alert(1)</script> & co")
    message = compose(scheduled(work), _recipient(TOWN), Records(work))
    assert message is not None
    assert "<script>" not in message.html
    assert "&lt;script&gt;" in message.html
    assert message.language == "en"
    assert message.subject.startswith("Planned: ")


def test_a_dropped_session_is_cancelled_and_the_rest_updated() -> None:
    before = lesson(session(0), session(7), session(14)).sessions  # each with its id
    day = dt.timedelta(days=1)
    moved = [attrs.evolve(s, start=s.start + day, end=s.end + day) for s in before[:2]]
    work = lesson(*moved)
    event = InterventionRescheduled(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        intervention=work.id,
        from_status=InterventionStatus.SCHEDULED,
        to_status=InterventionStatus.SCHEDULED,
        sessions=work.sessions,
        previous_sessions=before,
    )
    records = Records(work)
    records.versions[work.id] = 7
    message = compose(event, _recipient(SCHOOL), records)
    assert message is not None
    assert [(e.method, e.uid) for e in message.calendar] == [
        ("REQUEST", session_uid(before[0])),  # moved: the same event, updated
        ("REQUEST", session_uid(before[1])),
        ("CANCEL", session_uid(before[2])),  # dropped
    ]
    assert {e.sequence for e in message.calendar} == {7}


def test_a_cancelled_lesson_cancels_every_session() -> None:
    work = lesson(session(0), session(7), status=InterventionStatus.CANCELLED)
    event = InterventionCancelled(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        intervention=work.id,
        from_status=InterventionStatus.SCHEDULED,
        to_status=InterventionStatus.CANCELLED,
        reason="school gesloten",
    )
    message = compose(event, _recipient(SCHOOL), Records(work))
    assert message is not None
    assert {e.method for e in message.calendar} == {"CANCEL"}
    assert "school gesloten" in message.text


def test_a_cancelled_meeting_outranks_the_last_invitation() -> None:
    meeting = Meeting(
        id=MeetingId(uuid.uuid4()),
        forum=ForumId(uuid.uuid4()),
        start=T0,
        end=T0 + dt.timedelta(hours=2),
        location="Stadhuis",
    )
    event = MeetingCancelled(
        id=EventId(uuid.uuid4()),
        occurred_at=NOW,
        actor="tester",
        meeting=meeting.id,
        forum=meeting.forum,
        start=meeting.start,
        end=meeting.end,
        location=meeting.location,
        version=3,
        reason="te weinig zaken",
    )
    message = compose(event, _recipient(POLICE), Records())
    assert message is not None
    (entry,) = message.calendar
    assert (entry.method, entry.uid, entry.sequence) == ("CANCEL", meeting_uid(meeting.id), 4)


def test_an_event_about_a_record_that_is_gone_says_nothing() -> None:
    work = lesson(session(0))
    assert compose(scheduled(work), _recipient(SCHOOL), Records()) is None


# -- retries ------------------------------------------------------------------------------------


@given(st.integers(1, 200), st.floats(0, 600), st.randoms(use_true_random=False))
def test_the_backoff_grows_within_its_bounds(
    attempts: int, minimum: float, rng: random.Random
) -> None:
    policy = RetryPolicy(min_backoff=minimum, max_backoff=max(minimum, 3600))
    wait = policy.backoff(attempts, rng).total_seconds()
    ceiling = min(policy.max_backoff, minimum * 2 ** min(attempts - 1, 60))  # as capped
    assert ceiling / 2 - 1e-6 <= wait <= ceiling + 1e-6


def test_the_policy_refuses_what_cannot_be_meant() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError, match="max_backoff"):
        RetryPolicy(min_backoff=60, max_backoff=10)
    assert RetryPolicy(max_attempts=3).gives_up(3)
    assert not RetryPolicy(max_attempts=3).gives_up(2)


# -- CloudEvents and signatures -----------------------------------------------------------------

PERSONAL_KEYS = {"youth", "age_at_offence", "offence", "offence_date", "reason", "outcome"}


@given(hs.events())
def test_every_event_is_a_cloudevent_with_references_only(event: Any) -> None:
    envelope = cloud_event(event)
    assert envelope["specversion"] == "1.0"
    assert envelope["id"] == str(event.id)
    assert envelope["type"] == event.type
    assert envelope["subject"] == str(event.subject)
    assert envelope["time"].endswith("Z")
    json.dumps(envelope)  # JSON all the way down
    if event.type.startswith("nl.halt.referral."):
        assert not PERSONAL_KEYS & set(envelope["data"])


@given(st.binary(max_size=2000), st.text(min_size=16, max_size=64), st.integers(0, 10**11))
def test_a_signature_verifies_only_for_its_body_secret_and_time(
    body: bytes, secret: str, moment: int
) -> None:
    header = sign(body, secret, moment)
    assert verify_signature(body, header, secret, now=moment + 10) == moment
    with pytest.raises(SignatureInvalid, match="HMAC"):
        verify_signature(body + b"x", header, secret, now=moment)
    with pytest.raises(SignatureInvalid, match="HMAC"):
        verify_signature(body, header, secret + "x", now=moment)
    with pytest.raises(SignatureInvalid, match="from now"):
        verify_signature(body, header, secret, tolerance=300, now=moment + 301)


@pytest.mark.parametrize("header", [None, "", "v1=abc", "t=abc,v1=def", "t=1" + "0" * 20])
def test_a_malformed_signature_says_so(header: str | None) -> None:
    with pytest.raises(SignatureInvalid):
        verify_signature(b"{}", header, "s" * 16, now=1)


def test_only_who_attends_gets_the_invitation() -> None:
    work = lesson(session(0))
    records = Records(work)
    to_town = compose(scheduled(work), _recipient(TOWN), records)
    to_school = compose(scheduled(work), _recipient(SCHOOL), records)
    assert to_town is not None
    assert to_school is not None
    assert to_town.calendar == ()
    assert len(to_school.calendar) == 1
