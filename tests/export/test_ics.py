import datetime as dt
import io
import re
import sys
import uuid
from collections import Counter, defaultdict
from typing import Any

import attrs
import hypothesis
import icalendar
import pytest
from dateutil import rrule  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from halt_core.errors import ExportFailed, HaltError, InvalidValue
from halt_core.export import OMITTED, ExportReport, export
from halt_core.ids import ForumId, MeetingId
from halt_core.model import (
    AMSTERDAM,
    AgendaItem,
    Cadence,
    Forum,
    Frequency,
    Meeting,
    Network,
    PartnerKind,
    Period,
)
from halt_core.plugins import exporter
from halt_core.testing import strategies as hs

from .conftest import GENERATED_AT

STATUS = {
    "requested": "TENTATIVE",
    "intake": "TENTATIVE",
    "agreed": "CONFIRMED",
    "scheduled": "CONFIRMED",
    "delivered": "CONFIRMED",
    "evaluated": "CONFIRMED",
    "declined": "CANCELLED",
    "cancelled": "CANCELLED",
}
UTC = dt.UTC
# How far a meeting may be moved off its slot per week or month of the cadence (at most).
REACH = {"WEEKLY": dt.timedelta(days=3), "MONTHLY": dt.timedelta(days=14)}


def ics(source: Any, **options: Any) -> tuple[bytes, ExportReport]:
    out = io.BytesIO()
    options.setdefault("generated_at", GENERATED_AT)
    report = export(source, out, "ics", **options)
    return out.getvalue(), report


def read(data: bytes) -> Any:
    return icalendar.Calendar.from_ical(data)


def by_uid(calendar: Any) -> dict[str, list[Any]]:
    found = defaultdict(list)
    for event in calendar.walk("VEVENT"):
        found[str(event["UID"])].append(event)
    return found


def key(event: Any) -> tuple[str, dt.datetime | None]:
    replaces = event.get("RECURRENCE-ID")
    return str(event["UID"]), replaces.dt.astimezone(UTC) if replaces is not None else None


def instant(event: Any, name: str) -> dt.datetime:
    moment: dt.datetime = event[name].dt
    assert moment.tzinfo is not None
    return moment.astimezone(UTC)


def second(moment: dt.datetime, *, up: bool = False) -> dt.datetime:
    # iCalendar times have no fractions: starts are cut to the second, ends rounded up.
    cut = moment.astimezone(UTC).replace(microsecond=0)
    return cut + dt.timedelta(seconds=1) if up and moment.microsecond else cut


def series_uid(forum: Forum) -> str:
    return f"{forum.id}-series@halt.nl"


def masters(calendar: Any) -> dict[str, Any]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT") if "RRULE" in e}


def excluded(master: Any) -> set[dt.datetime]:
    found = master.get("EXDATE", [])
    lists = found if isinstance(found, list) else [found]
    return {d.dt.astimezone(UTC) for dates in lists for d in dates.dts}


def expand(master: Any, last: dt.datetime) -> list[dt.datetime]:
    start = master["DTSTART"].dt
    rule = rrule.rrulestr(master["RRULE"].to_ical().decode(), dtstart=start)
    return [moment.astimezone(UTC) for moment in rule.between(start, last, inc=True)]


def overrides(events: dict[str, list[Any]], forum: Forum) -> dict[dt.datetime, Any]:
    return {
        e["RECURRENCE-ID"].dt.astimezone(UTC): e
        for e in events.get(series_uid(forum), [])
        if "RECURRENCE-ID" in e
    }


def unfolded(data: bytes) -> str:
    return data.decode().replace("\r\n ", "")


def the_event_of(meeting: Meeting, forum: Forum, events: dict[str, list[Any]]):
    found = list(events.get(f"{meeting.id}@halt.nl", []))
    found += [
        e
        for e in events.get(series_uid(forum), [])
        if "RECURRENCE-ID" in e and instant(e, "DTSTART") == second(meeting.start)
    ]
    assert len(found) == 1, f"meeting {meeting.id} shows {len(found)} times"
    return found[0]


@pytest.fixture(scope="module")
def demo_ics(network: Network) -> tuple[bytes, ExportReport]:
    return ics(network)


@pytest.fixture(scope="module")
def calendar(demo_ics: tuple[bytes, ExportReport]) -> Any:
    return read(demo_ics[0])


@pytest.fixture(scope="module")
def school(network: Network):
    sessions: Counter[uuid.UUID] = Counter()
    for intervention in network.interventions:
        if intervention.school is not None:
            sessions[intervention.school] += len(intervention.sessions)
    schools = {p.id: p for p in network.partners if p.kind is PartnerKind.SCHOOL}
    best = max(schools, key=lambda s: (sessions[s], str(s)))
    assert sessions[best] > 0
    return schools[best]


def test_the_exporter_is_registered_as_ics():
    found = exporter("ics")
    assert (found.name, found.media_type, found.extension) == ("ics", "text/calendar", ".ics")


def test_every_session_is_one_event_with_its_title_place_times_status_and_school(network, calendar):
    events = by_uid(calendar)
    partners = {p.id: p for p in network.partners}
    seen = 0
    for intervention in network.interventions:
        for number, session in enumerate(intervention.sessions, start=1):
            [event] = events[f"{session.id}@halt.nl"]
            assert event["SUMMARY"] == intervention.title
            assert event["LOCATION"] == session.location
            assert instant(event, "DTSTART") == second(session.start)
            assert instant(event, "DTEND") == second(session.end, up=True)
            assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
            assert event["STATUS"] == STATUS[intervention.status.value]
            assert event["ORGANIZER"].params["CN"] == "Halt"
            lines = str(event["DESCRIPTION"]).split("\n")
            assert lines[0] == "Kind: " + intervention.kind.value.replace("_", " ")
            # By default free text is left out, so the target group says only who it is.
            assert lines[1].startswith(f"Target group: {OMITTED} (")
            assert (f"Trainer: {session.trainer}" in lines) is (session.trainer is not None)
            assert lines[-1] == f"Session {number} of {len(intervention.sessions)}"
            if intervention.school is None:
                assert "ATTENDEE" not in event
            else:
                school = partners[intervention.school]
                email = next(c.email for c in school.contact_points if c.email)
                assert event["ATTENDEE"].params["CN"] == school.name
                assert str(event["ATTENDEE"]) == f"mailto:{email}"
            seen += 1
    assert seen > 500


def test_every_meeting_shows_exactly_once_with_its_forum_place_times_and_agenda(network, calendar):
    events = by_uid(calendar)
    forums = {f.id: f for f in network.forums}
    kept = by_uid(read(ics(network, personal_data="include", purpose="t", free_text="keep")[0]))
    case_consultations = 0
    for meeting in network.meetings:
        forum = forums[meeting.forum]
        event = the_event_of(meeting, forum, events)
        assert event["SUMMARY"] == forum.name
        assert event["LOCATION"] == meeting.location
        assert instant(event, "DTSTART") == second(meeting.start)
        assert instant(event, "DTEND") == second(meeting.end, up=True)
        assert event["STATUS"] == "CONFIRMED"
        # Free text is left out by default, agenda titles with it: nothing to show.
        assert "DESCRIPTION" not in event
        event = the_event_of(meeting, forum, kept)
        if forum.kind.profile.discusses_cases:
            # A case consultation's agenda titles name its cases: never in a calendar.
            assert "DESCRIPTION" not in event
            case_consultations += 1
        else:
            titles = "\n".join(f"- {item.title}" for item in meeting.agenda)
            assert event["DESCRIPTION"] == f"Agenda:\n{titles}"
    assert 0 < case_consultations < len(network.meetings)


@pytest.mark.parametrize(
    "asked",
    [
        {},
        {"personal_data": "omit"},
        {"free_text": "scrub"},
        {"personal_data": "include", "purpose": "t", "free_text": "keep"},
    ],
)
def test_a_case_consultations_agenda_never_reaches_the_calendar(network, asked):
    # The privacy officer's finding: the agenda title went into the event's description.
    title = "Casus Y-BGW7LDL3 (Jan de Vries)"
    forum = next(f for f in network.forums if f.kind.profile.discusses_cases)
    meeting = next(m for m in network.meetings if m.forum == forum.id)
    planted = attrs.evolve(meeting, agenda=(AgendaItem(title=title, notes=title),))
    alone = attrs.evolve(network, meetings=(planted,))
    data, report = ics(alone, kinds=[Forum, Meeting], **asked)
    assert report.written["meetings"] == 1
    text = unfolded(data)
    assert "Jan de Vries" not in text
    assert "BGW7LDL3" not in text
    assert "Casus" not in text
    # Without its forum, a meeting may be a case consultation: no agenda either.
    data, _ = ics(alone, kinds=[Meeting], **asked)
    assert "Casus" not in unfolded(data)


def test_the_calendar_holds_nothing_but_meetings_sessions_and_one_series_per_cadence(
    network, calendar
):
    events = calendar.walk("VEVENT")
    keys = [key(e) for e in events]
    assert len(set(keys)) == len(keys)
    sessions = sum(len(i.sessions) for i in network.interventions)
    series = sum(1 for f in network.forums if f.cadence and network.meetings_of(f.id))
    assert len(events) == len(network.meetings) + sessions + series
    starts = [(instant(e, "DTSTART"), *key(e)[:1]) for e in events]
    assert starts == sorted(starts)


def test_a_forum_with_a_cadence_is_one_series_whose_occurrences_are_its_meetings(network, calendar):
    events = by_uid(calendar)
    series = masters(calendar)
    for forum in network.forums:
        meetings = sorted(network.meetings_of(forum.id), key=lambda m: m.start)
        if forum.cadence is None:
            assert series_uid(forum) not in series
            continue
        master = series[series_uid(forum)]
        rule = master["RRULE"]
        assert rule["FREQ"] == [forum.cadence.frequency.value.upper()]
        assert rule["INTERVAL"] == [forum.cadence.interval]
        # The series ends: at its last meeting, and never after the forum's last day.
        [until] = rule["UNTIL"]
        assert until.astimezone(UTC) <= second(meetings[-1].start) + REACH[rule["FREQ"][0]]
        if forum.period.end is not None:
            assert until.astimezone(AMSTERDAM).date() <= forum.period.end
        assert master["SUMMARY"] == forum.name
        occurrences = set(expand(master, until))
        replaced = overrides(events, forum)
        assert instant(master, "DTSTART") in replaced
        # Every occurrence is a meeting or excluded, never both, and the last is a meeting.
        assert set(replaced) | excluded(master) == occurrences
        assert not set(replaced) & excluded(master)
        assert until.astimezone(UTC) in replaced
        weekend = {m.start.weekday() for m in meetings} & {5, 6}
        assert {o.astimezone(AMSTERDAM).weekday() for o in occurrences} & {5, 6} <= weekend
        for slot, event in replaced.items():
            moved = abs(event["DTSTART"].dt.date() - slot.astimezone(AMSTERDAM).date())
            assert moved <= REACH[rule["FREQ"][0]] * forum.cadence.interval


def test_the_calendar_says_who_made_it_and_what_was_done_with_personal_data(demo_ics, calendar):
    data, report = demo_ics
    assert calendar["PRODID"] == "-//Halt//halt_core//NL"
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["X-WR-CALNAME"] == "Halt"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Amsterdam"
    assert calendar["X-WR-CALDESC"] == report.personal_data
    assert calendar["DESCRIPTION"] == report.personal_data
    assert report.files == ("halt-calendar.ics",)
    assert b"\r\n" in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_the_vtimezone_gives_every_event_the_offset_zoneinfo_gives(calendar):
    [zone] = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "Europe/Amsterdam"
    own = zone.to_tz(lookup_tzid=False)  # built from the VTIMEZONE's rules, not tzdata
    for event in calendar.walk("VEVENT"):
        for name in ("DTSTART", "DTEND"):
            moment = event[name].dt
            wall = moment.replace(tzinfo=None)
            assert wall.replace(tzinfo=own).utcoffset() == moment.utcoffset()


def test_no_youth_on_a_case_consultation_agenda_reaches_the_calendar(network):
    youths = {case.youth for meeting in network.meetings for case in meeting.cases}
    assert youths
    meetings = [Forum, Meeting]
    data, _ = ics(network, kinds=meetings, personal_data="include", purpose="test: no leaks")
    text = unfolded(data)
    assert not [youth for youth in youths if youth in text]
    assert not re.search(r"\bY-[A-Z0-9]{8}\b", text)
    pseudonymised, _ = ics(network, kinds=meetings)
    assert not re.search(r"\bX-[A-Z2-7]{16}\b", unfolded(pseudonymised))


def test_a_partners_calendar_holds_the_sessions_and_meetings_it_takes_part_in(network, school):
    police = next(p for p in network.partners if p.kind is PartnerKind.POLICE)
    for partner in (school, police):
        calendar = read(ics(network, settings={"calendar": f"partner:{partner.id}"})[0])
        assert calendar["X-WR-CALNAME"] == partner.name
        events = by_uid(calendar)
        expected = {
            f"{s.id}@halt.nl"
            for i in network.interventions
            if partner.id in (i.school, i.commissioner, *i.partners)
            for s in (*i.sessions, *i.dropped_sessions)
        }
        forums = [f for f in network.forums if partner.id in f.members]
        for forum in forums:
            expected |= {series_uid(forum)} if forum.cadence else set()
            for meeting in network.meetings_of(forum.id):
                expected.add(str(the_event_of(meeting, forum, events)["UID"]))
        assert set(events) == expected
        assert expected


def test_a_schools_calendar_exported_twice_is_byte_for_byte_the_same(network, school):
    settings = {"calendar": f"partner:{school.id}"}
    first, _ = ics(network, settings=settings)
    again, _ = ics(network, settings=settings)
    assert first == again


def test_importing_a_later_export_of_a_schools_calendar_adds_no_duplicates(network, school):
    settings = {"calendar": f"partner:{school.id}"}
    later = GENERATED_AT + dt.timedelta(days=30, hours=3)
    first = read(ics(network, settings=settings)[0]).walk("VEVENT")
    second = read(ics(network, settings=settings, generated_at=later)[0]).walk("VEVENT")
    merged = {key(e): e for e in [*first, *second]}
    assert len(merged) == len(first) == len(second) > 0

    def content(event):
        return {name: event[name].to_ical() for name in event}

    # Unchanged events are the same whenever exported: DTSTAMP is not the export's time.
    assert [content(e) for e in first] == [content(e) for e in second]
    stable = dt.datetime(1970, 1, 1, tzinfo=UTC)
    assert {instant(e, "DTSTAMP") for e in first} == {instant(e, "LAST-MODIFIED") for e in first}
    assert {instant(e, "DTSTAMP") for e in first} == {stable}
    # A network's records count as first versions: a meeting or session is at SEQUENCE 0, a
    # series at the sum of its meetings' versions (as from a store just filled with them).
    for event in first:
        uid = str(event["UID"])
        if uid.endswith("-series@halt.nl"):
            forum = ForumId(uuid.UUID(uid.removesuffix("-series@halt.nl")))
            assert int(event["SEQUENCE"]) == len(network.meetings_of(forum)), uid
        else:
            assert int(event["SEQUENCE"]) == 0, uid


def test_a_moved_session_keeps_its_uid_so_calendars_update_it(network, school):
    moving = next(i for i in network.interventions if i.school == school.id and i.sessions)
    first = moving.sessions[0]
    moved = attrs.evolve(
        first, start=first.start + dt.timedelta(days=2), end=first.end + dt.timedelta(days=2)
    )
    changed = network.with_records([attrs.evolve(moving, sessions=(moved, *moving.sessions[1:]))])
    settings = {"calendar": f"partner:{school.id}"}
    before = {key(e): e for e in read(ics(network, settings=settings)[0]).walk("VEVENT")}
    after = {key(e): e for e in read(ics(changed, settings=settings)[0]).walk("VEVENT")}
    assert before.keys() == after.keys()
    uid = (f"{first.id}@halt.nl", None)
    assert instant(after[uid], "DTSTART") == second(moved.start)
    assert instant(before[uid], "DTSTART") == second(first.start)


def test_a_forums_calendar_holds_only_its_meetings_and_series(network):
    forum = next(f for f in network.forums if f.cadence is not None)
    calendar = read(ics(network, settings={"calendar": f"forum:{forum.id}"})[0])
    assert calendar["X-WR-CALNAME"] == forum.name
    events = by_uid(calendar)
    meetings = network.meetings_of(forum.id)
    for meeting in meetings:
        the_event_of(meeting, forum, events)
    assert len(calendar.walk("VEVENT")) == len(meetings) + 1
    assert {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")} == {forum.name}


def test_the_report_counts_what_the_calendar_shows_not_what_it_was_given(network, calendar):
    forum = next(f for f in network.forums if f.cadence is not None)
    meetings = network.meetings_of(forum.id)
    data, report = ics(network, settings={"calendar": f"forum:{forum.id}"})
    assert report.written == {"forums": len(masters(read(data))), "meetings": len(meetings)}
    assert report.written["forums"] == 1
    _, everything = ics(network)
    assert everything.written == {
        "forums": len(masters(calendar)),
        "meetings": len(network.meetings),
        "interventions": sum(1 for i in network.interventions if i.sessions),
    }
    assert ics([])[1].written == {}


def test_the_organizer_setting_gives_the_sessions_an_address(network):
    data, _ = ics(network.interventions[:40], settings={"organizer": "preventie@halt.example"})
    organizers = {str(e["ORGANIZER"]) for e in read(data).walk("VEVENT")}
    assert organizers == {"mailto:preventie@halt.example"}


def test_no_records_give_a_valid_calendar_with_only_its_time_zone():
    calendar = read(ics([])[0])
    assert calendar.walk("VEVENT") == []
    assert [z["TZID"] for z in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


@pytest.mark.parametrize(
    ("settings", "field", "value"),
    [
        ({"colour": "red"}, "settings", "colour"),
        ({"calendar": "school:12"}, "calendar", "school:12"),
        ({"calendar": "forum:not-a-uuid"}, "calendar", "forum:not-a-uuid"),
        ({"calendar": f"partner:{uuid.UUID(int=7)}"}, "calendar", f"partner:{uuid.UUID(int=7)}"),
        ({"organizer": "Halt team"}, "organizer", "Halt team"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(network, settings, field, value):
    out = io.BytesIO()
    with pytest.raises(InvalidValue) as refused:
        export(network, out, "ics", settings=settings, generated_at=GENERATED_AT)
    assert (refused.value.field, refused.value.value) == (field, value)
    assert isinstance(refused.value, HaltError)
    assert out.getvalue() == b""


def test_a_partners_id_does_not_name_a_forum(network):
    partner = network.partners[0]
    with pytest.raises(InvalidValue, match="calendar"):
        ics(network, settings={"calendar": f"forum:{partner.id}"})


def test_without_icalendar_the_export_says_which_extra_to_install(network, monkeypatch):
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(ExportFailed, match=re.escape("halt-core[ics]")) as failed:
        ics(network)
    assert isinstance(failed.value, HaltError)


@given(
    slots=st.lists(hs.time_slots(), min_size=1, max_size=4),
    place=hs.names(80),
    sessions=st.lists(hs.sessions(), min_size=1, max_size=3),
)
def test_meeting_and_session_times_across_dst_changes_read_back_as_the_same_instants(
    network, slots, place, sessions
):
    forum = attrs.evolve(network.forums[0], cadence=None)
    meetings = [
        Meeting(
            id=MeetingId(uuid.UUID(int=n)), forum=forum.id, start=start, end=end, location=place
        )
        for n, (start, end) in enumerate(slots, start=1)
    ]
    work = attrs.evolve(network.interventions[0], sessions=tuple(sessions))
    calendar = read(ics([forum, *meetings, work])[0])
    events = by_uid(calendar)
    for meeting in meetings:
        event = the_event_of(meeting, forum, events)
        assert instant(event, "DTSTART") == second(meeting.start)
        assert instant(event, "DTEND") == second(meeting.end, up=True)
        assert event["LOCATION"] == place
    for session in sessions:
        [event] = events[f"{session.id}@halt.nl"]
        assert instant(event, "DTSTART") == second(session.start)
        assert instant(event, "DTEND") == second(session.end, up=True)
        assert event["LOCATION"] == session.location
    own = calendar.walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    for event in calendar.walk("VEVENT"):
        moment = event["DTSTART"].dt
        if "TZID" in event["DTSTART"].params:
            assert moment.replace(tzinfo=own).utcoffset() == moment.utcoffset()


def _meetings_near_a_cadence(forum: Forum) -> st.SearchStrategy[list[Meeting]]:
    """Meetings on the forum's rhythm, some moved within their day, some on other days."""
    assert forum.cadence is not None
    cadence = forum.cadence

    @st.composite
    def build(draw: st.DrawFn) -> list[Meeting]:
        first = draw(hs.moments()).astimezone(AMSTERDAM).replace(second=0, microsecond=0)
        rule = rrule.rrule(
            rrule.WEEKLY if cadence.frequency is Frequency.WEEKLY else rrule.MONTHLY,
            interval=cadence.interval,
            dtstart=first.replace(tzinfo=None),
            count=8,
        )
        days = [slot.date() for slot in rule]
        days += draw(st.lists(hs.dates(first.date(), days[-1]), max_size=3))
        picked = draw(st.lists(st.sampled_from(days), min_size=1, max_size=8))
        meetings = []
        for day in sorted({first.date(), *picked}):
            hour = draw(st.sampled_from([first.hour, 9, 14, 2]))
            start = dt.datetime.combine(day, dt.time(hour, first.minute), AMSTERDAM)
            meetings.append(
                Meeting(
                    id=MeetingId(draw(st.uuids())),
                    forum=forum.id,
                    start=start,
                    end=start + dt.timedelta(minutes=90),
                    location="vergaderzaal",
                )
            )
        return meetings

    return build()


@given(forum=hs.forums(), cadence=hs.cadences(), ends=st.booleans(), data=st.data())
def test_a_series_and_its_meetings_show_every_meeting_once_and_nothing_else(
    forum, cadence, ends, data
):
    forum = attrs.evolve(forum, cadence=cadence)
    meetings = data.draw(_meetings_near_a_cadence(forum))
    since = meetings[0].start.date() - dt.timedelta(days=60)
    until = data.draw(hs.dates(since, meetings[-1].start.date())) if ends else None
    forum = attrs.evolve(forum, period=Period(start=since, end=until))
    calendar = read(ics([forum, *meetings])[0])
    events = by_uid(calendar)
    for meeting in meetings:
        the_event_of(meeting, forum, events)
    master = masters(calendar).get(series_uid(forum))
    singles = [e for e in calendar.walk("VEVENT") if "RRULE" not in e]
    assert len(singles) == len(meetings)
    if master is None:
        hypothesis.event("no series")
        return
    [until] = master["RRULE"]["UNTIL"]
    occurrences = set(expand(master, until))
    replaced = set(overrides(events, forum))
    hypothesis.event(f"replaced {min(len(replaced), 3)}, excluded {min(len(excluded(master)), 3)}")
    hypothesis.event(f"until: {'UNTIL' in master['RRULE']}, day {meetings[0].start.day > 28}")
    assert replaced <= occurrences
    assert replaced | excluded(master) == occurrences
    assert not replaced & excluded(master)


def a_meeting(forum: Forum, start: dt.datetime) -> Meeting:
    return Meeting(
        id=MeetingId(uuid.uuid5(uuid.NAMESPACE_URL, start.isoformat())),
        forum=forum.id,
        start=start,
        end=start + dt.timedelta(hours=1),
        location="Stadhuis",
    )


def test_a_meeting_in_the_second_run_of_the_hour_the_clocks_go_back_keeps_its_instant(network):
    forum = network.forums[0]
    second_run = dt.datetime(2025, 10, 26, 2, 30, fold=1, tzinfo=AMSTERDAM)
    meeting = a_meeting(attrs.evolve(forum, cadence=None), second_run)
    [event] = read(ics([attrs.evolve(forum, cadence=None), meeting])[0]).walk("VEVENT")
    assert instant(event, "DTSTART") == dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC)


def test_a_monthly_series_keeps_the_weekday_of_the_month_and_a_moved_meeting_overrides_its_slot(
    network,
):
    forum = attrs.evolve(
        network.forums[0],
        cadence=Cadence(frequency=Frequency.MONTHLY, interval=1),
        period=Period(start=dt.date(2025, 1, 1)),
    )
    # Second Thursdays, but March's moved to the Monday after and May's called off.
    days = [dt.date(2025, 1, 9), dt.date(2025, 2, 13), dt.date(2025, 3, 17), dt.date(2025, 4, 10)]
    days.append(dt.date(2025, 6, 12))
    meetings = [a_meeting(forum, dt.datetime.combine(d, dt.time(9, 30), AMSTERDAM)) for d in days]
    calendar = read(ics([forum, *meetings])[0])
    events = by_uid(calendar)
    assert set(events) == {series_uid(forum)}
    master = masters(calendar)[series_uid(forum)]
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;UNTIL=20250612T073000Z;INTERVAL=1;BYDAY=2TH"
    replaced = {
        slot.astimezone(AMSTERDAM).date(): e["DTSTART"].dt.date()
        for slot, e in overrides(events, forum).items()
    }
    assert replaced == {**{d: d for d in days if d.day != 17}, dt.date(2025, 3, 13): days[2]}
    assert {d.astimezone(AMSTERDAM).date() for d in excluded(master)} == {dt.date(2025, 5, 8)}
