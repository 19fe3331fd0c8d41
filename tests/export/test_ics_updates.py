"""Calendars that update: a client that imports export after export shows the store's present.

Each file is replayed into two independent clients (:mod:`._calendar_replay`): icalendar
with recurring-ical-events, and vobject. After every change the client shows exactly the
store's meetings and the sessions of its live interventions, each once, at the right local
time, with nothing stale and no occurrence the store does not hold (so no weekend one). A
meeting called off is kept in the store, marked, and no client shows it.
"""

import datetime as dt
import io
import uuid
from collections import Counter
from typing import Any

import attrs
import pytest

from halt_adapters.export._ics_events import CANCELLATIONS_SHOWN
from halt_core import connect
from halt_core.demo import Demo
from halt_core.export import export
from halt_core.ids import ForumId, MeetingId
from halt_core.lifecycle import cancel_meeting, reschedule_intervention
from halt_core.model import (
    AMSTERDAM,
    Cadence,
    Forum,
    Frequency,
    InterventionStatus,
    Meeting,
    Period,
    Session,
)
from halt_core.storage import RECORD_KINDS

from ._calendar_replay import Client, Shown, duplicates
from .conftest import GENERATED_AT

READERS = ("icalendar", "vobject")
LIVE = {InterventionStatus.CANCELLED, InterventionStatus.DECLINED}
UTC = dt.UTC


def calendar_of(uow: Any, at: dt.datetime = GENERATED_AT) -> bytes:
    out = io.BytesIO()
    export(uow, out, "ics", generated_at=at)
    return out.getvalue()


def second(moment: dt.datetime, *, up: bool = False) -> dt.datetime:
    cut = moment.astimezone(UTC).replace(microsecond=0)
    return cut + dt.timedelta(seconds=1) if up and moment.microsecond else cut


def present(uow: Any) -> Counter[tuple[dt.datetime, dt.datetime, str, str]]:
    """What a client should show: every meeting to be held, every session of live work."""
    forums = {f.id: f for f in uow.forums.iterate()}
    wanted: Counter[tuple[dt.datetime, dt.datetime, str, str]] = Counter()
    for meeting in uow.meetings.iterate():
        if meeting.cancelled:
            continue
        name = forums[meeting.forum].name
        wanted[(second(meeting.start), second(meeting.end, up=True), name, meeting.location)] += 1
    for work in uow.interventions.iterate():
        if work.status in LIVE:
            continue
        for session in work.sessions:
            when = (second(session.start), second(session.end, up=True))
            wanted[(*when, work.title, session.location)] += 1
    return wanted


def shows(client: Client) -> Counter[tuple[dt.datetime, dt.datetime, str, str]]:
    shown = client.shown()
    assert not duplicates(shown), f"{client.reader} shows these twice: {duplicates(shown)[:3]}"
    return Counter(s.what for s in shown)


@pytest.fixture
def store(demo: Demo) -> Any:
    store = connect("memory://")
    with store.unit_of_work() as uow:
        for kind in RECORD_KINDS.values():
            getattr(uow, kind.name).add_many(getattr(demo.network, kind.name))
    with store:
        yield store


def in_a_series(uow: Any) -> tuple[Forum, list[Meeting]]:
    """A weekday forum with a cadence and at least four meetings, its meetings by start."""
    meetings: dict[ForumId, list[Meeting]] = {}
    for meeting in uow.meetings.iterate():
        meetings.setdefault(meeting.forum, []).append(meeting)
    for forum in sorted(uow.forums.iterate(), key=lambda f: str(f.id)):
        held = sorted(meetings.get(forum.id, []), key=lambda m: m.start)
        if forum.cadence is not None and len(held) >= 4:
            return forum, held
    raise AssertionError("the demo has a forum with a cadence and four meetings")


@pytest.mark.parametrize("reader", READERS)
def test_replaying_exports_after_each_change_shows_the_store_as_it_is(store, reader):
    client = Client(reader)
    with store.unit_of_work() as uow:
        first = calendar_of(uow)
        client.take(first)
        assert shows(client) == present(uow)
        client.take(calendar_of(uow))  # the same export again changes nothing
        assert client.ignored == len(client.objects)
        ignored = client.ignored

    # A series meeting moved to the next day, another moved an hour, a forum ended half way.
    with store.unit_of_work() as uow:
        forum, meetings = in_a_series(uow)
        moved = meetings[1]
        uow.meetings.save(
            attrs.evolve(
                moved,
                start=moved.start + dt.timedelta(days=1),
                end=moved.end + dt.timedelta(days=1),
                location="Stadhuis, zaal 2",
            ),
            expected_version=1,
        )
        later = meetings[2]
        hour = dt.timedelta(hours=1)
        uow.meetings.save(
            attrs.evolve(later, start=later.start + hour, end=later.end + hour),
            expected_version=1,
        )
        ended, ended_meetings = _another_series(uow, forum.id)
        half = ended_meetings[len(ended_meetings) // 2].start.date()
        uow.forums.save(
            attrs.evolve(ended, period=attrs.evolve(ended.period, end=half)), expected_version=1
        )
        work = next(
            w
            for w in sorted(uow.interventions.iterate(), key=lambda w: str(w.id))
            if w.sessions and w.status is InterventionStatus.SCHEDULED
        )
        uow.interventions.save(
            attrs.evolve(work, status=InterventionStatus.CANCELLED), expected_version=1
        )
    with store.unit_of_work() as uow:
        second_file = calendar_of(uow, GENERATED_AT + dt.timedelta(days=30))
        client.take(second_file)
        assert shows(client) == present(uow)
        # Only what changed was taken: the two series, and the cancelled work.
        assert len(client.objects) - (client.ignored - ignored) >= 3

    # A subscriber who reads only the latest file sees the same.
    fresh = Client(reader)
    fresh.take(second_file)
    assert shows(fresh) == shows(client)


def _another_series(uow: Any, besides: ForumId) -> tuple[Forum, list[Meeting]]:
    meetings: dict[ForumId, list[Meeting]] = {}
    for meeting in uow.meetings.iterate():
        meetings.setdefault(meeting.forum, []).append(meeting)
    for forum in sorted(uow.forums.iterate(), key=lambda f: str(f.id), reverse=True):
        held = sorted(meetings.get(forum.id, []), key=lambda m: m.start)
        if forum.id != besides and forum.cadence is not None and len(held) >= 4:
            return forum, held
    raise AssertionError("the demo has two forums with a cadence")


@pytest.mark.parametrize("reader", READERS)
def test_a_moved_series_meeting_overrides_its_instance_and_keeps_the_series_uid(store, reader):
    with store.unit_of_work() as uow:
        forum, meetings = in_a_series(uow)
        before = Client(reader)
        before.take(calendar_of(uow))
        uids = {s.uid for s in before.shown()}
        moved = meetings[1]
        day = dt.timedelta(days=1)
        uow.meetings.save(
            attrs.evolve(moved, start=moved.start + day, end=moved.end + day), expected_version=1
        )
        after = Client(reader)
        after.take(calendar_of(uow))
        shown = after.shown()
        [event] = [s for s in shown if s.start == second(moved.start + day)]
        assert event.uid == f"{forum.id}-series@halt.nl"
        assert {s.uid for s in shown} == uids


def _meeting(forum: Forum, start: dt.datetime) -> Meeting:
    return Meeting(
        id=MeetingId(uuid.uuid5(uuid.NAMESPACE_URL, start.isoformat())),
        forum=forum.id,
        start=start,
        end=start + dt.timedelta(hours=2),
        location="Stadhuis",
    )


@pytest.mark.parametrize("reader", READERS)
def test_local_times_read_right_in_summer_and_winter_2025_to_2030(demo, reader):
    forum = attrs.evolve(
        demo.network.forums[0],
        cadence=Cadence(frequency=Frequency.WEEKLY, interval=1),
        period=Period(start=dt.date(2025, 1, 1)),
    )
    # A weekly series on Thursdays at 10:00, held every week from 2025 through 2030.
    start = dt.datetime(2025, 1, 2, 10, 0, tzinfo=AMSTERDAM)
    weeks = [start + dt.timedelta(weeks=n) for n in range(52 * 6)]
    meetings = [_meeting(forum, moment) for moment in weeks]
    single = attrs.evolve(forum, id=ForumId(uuid.uuid4()), cadence=None)
    singles = [
        attrs.evolve(_meeting(single, dt.datetime(y, m, 15, 14, 30, tzinfo=AMSTERDAM)))
        for y in range(2025, 2031)
        for m in (1, 7)
    ]
    out = io.BytesIO()
    export([forum, single, *meetings, *singles], out, "ics", generated_at=GENERATED_AT)
    client = Client(reader)
    client.take(out.getvalue())
    shown: list[Shown] = client.shown()
    assert len(shown) == len(meetings) + len(singles)
    summer = 0
    for occurrence in shown:
        local = occurrence.start.astimezone(AMSTERDAM)
        assert (local.hour, local.minute) in {(10, 0), (14, 30)}, occurrence
        summer += local.utcoffset() == dt.timedelta(hours=2)
    assert summer > len(shown) / 3
    data = out.getvalue()
    assert b"RDATE" not in data
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in data


@pytest.mark.parametrize("reader", READERS)
def test_moving_dropping_and_adding_sessions_updates_the_client_without_stale_events(store, reader):
    client = Client(reader)
    with store.unit_of_work() as uow:
        client.take(calendar_of(uow))
        work = next(
            w
            for w in sorted(uow.interventions.iterate(), key=lambda w: str(w.id))
            if len(w.sessions) >= 2 and w.status is InterventionStatus.SCHEDULED
        )
        first, second_session, *rest = work.sessions
        week = dt.timedelta(days=7)
        # The first session moves a week on, the second is dropped, one is added at the end.
        moved = attrs.evolve(first, start=first.start + week, end=first.end + week)
        last = (rest or [second_session])[-1]
        added = Session(start=last.start + 2 * week, end=last.end + 2 * week, location="gymzaal")
        planned, event = reschedule_intervention(
            work, sessions=(moved, *rest, added), by="planner", at=GENERATED_AT
        )
        assert event.moved == (first.id,)
        assert event.dropped == (second_session.id,)
        assert planned.dropped_sessions == (second_session,)
        uow.interventions.save(planned, expected_version=1)
    with store.unit_of_work() as uow:
        client.take(calendar_of(uow, GENERATED_AT + dt.timedelta(days=1)))
        assert shows(client) == present(uow)
        [shown] = [s for s in client.shown() if s.uid == f"{first.id}@halt.nl"]
        assert shown.what[0] == second(moved.start)  # the same event, moved


def sequences(data: bytes) -> dict[str, int]:
    """The SEQUENCE of each calendar object (a series' master's, for a series) by UID."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(event["UID"]): int(str(event["SEQUENCE"]))
        for event in calendar.walk("VEVENT")
        if "RECURRENCE-ID" not in event
    }


def call_off(uow: Any, meeting: Meeting, at: dt.datetime) -> Meeting:
    """Cancel ``meeting`` as a tool does: the marked meeting saved over the stored one."""
    stored = uow.meetings.get_versioned(meeting.id)
    cancelled, event = cancel_meeting(
        stored.value, version=stored.version, reason="te weinig aanmeldingen", by="pl", at=at
    )
    uow.meetings.save(cancelled, expected_version=event.version)
    uow.outbox.add(event)
    return cancelled


@pytest.mark.parametrize("reader", READERS)
def test_cancelled_meetings_leave_every_client_that_imported_them(store, reader):
    at = dt.datetime(2025, 9, 1, 12, 0, tzinfo=AMSTERDAM)  # before every demo meeting
    client = Client(reader)
    with store.unit_of_work() as uow:
        first = calendar_of(uow, at)
        client.take(first)
        forum, meetings = in_a_series(uow)
        alone = next(
            m
            for m in sorted(uow.meetings.iterate(), key=lambda m: (m.start, str(m.id)))
            if uow.forums.get(m.forum).cadence is None
        )
        # The series' first meeting (its DTSTART), one inside it, and a meeting of its own.
        called_off = [call_off(uow, m, at) for m in (meetings[0], meetings[2], alone)]
    series = f"{forum.id}-series@halt.nl"
    with store.unit_of_work() as uow:
        second_file = calendar_of(uow, at + dt.timedelta(days=1))
        client.take(second_file)
        assert shows(client) == present(uow)
        gone = {second(m.start) for m in called_off}
        assert not gone & {s.start for s in client.shown()}
        fresh = Client(reader)
        fresh.take(second_file)
        assert shows(fresh) == present(uow)
    # The meeting of its own is cancelled under its UID; both objects are newer revisions.
    before, after = sequences(first), sequences(second_file)
    own = f"{alone.id}@halt.nl"
    assert after[own] == before[own] + 1
    assert after[series] == before[series] + 2
    assert b"STATUS:CANCELLED" in second_file
    assert len(uow_meetings(store)) == len(uow_meetings(store, cancelled=False)) + 3

    # Long after, the cancellations are left out; the series' SEQUENCE does not fall.
    last_end = max(m.end for m in uow_meetings(store))
    late = last_end + CANCELLATIONS_SHOWN + dt.timedelta(days=1)
    with store.unit_of_work() as uow:
        third_file = calendar_of(uow, late)
        client.take(third_file)
        assert shows(client) == present(uow)
        latest = Client(reader)
        latest.take(third_file)
        assert shows(latest) == present(uow)
    assert own not in sequences(third_file)
    assert sequences(third_file)[series] >= after[series]


def uow_meetings(store: Any, *, cancelled: bool | None = None) -> list[Meeting]:
    with store.unit_of_work() as uow:
        return [m for m in uow.meetings.iterate() if cancelled is None or m.cancelled is cancelled]


@pytest.mark.parametrize("reader", READERS)
def test_a_series_whose_every_meeting_is_called_off_shows_nothing(demo, reader):
    forum = attrs.evolve(demo.network.forums[0], cadence=Cadence(frequency=Frequency.WEEKLY))
    start = dt.datetime(2026, 10, 1, 10, 0, tzinfo=AMSTERDAM)
    meetings = [_meeting(forum, start + dt.timedelta(weeks=n)) for n in range(4)]
    client = Client(reader)
    with connect("memory://") as store:
        with store.unit_of_work() as uow:
            uow.forums.add(forum)
            uow.meetings.add_many(meetings)
        with store.unit_of_work() as uow:
            client.take(calendar_of(uow))
            assert len(client.shown()) == 4
            for meeting in meetings:
                call_off(uow, meeting, GENERATED_AT)
        with store.unit_of_work() as uow:
            out = io.BytesIO()
            report = export(uow, out, "ics", generated_at=GENERATED_AT)
    client.take(out.getvalue())
    assert client.shown() == []
    assert report.written["meetings"] == 4  # each is cancelled in the calendar
