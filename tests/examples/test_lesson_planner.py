"""The lesson planner example runs as its README says, and its plans keep their promises."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shlex
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core import AMSTERDAM, Gazetteer

# Run as a script, planner.py has its folder on sys.path and imports its neighbours by their
# plain names; the tests import them the same way.
sys.path.insert(0, str(Path(__file__).parent.parent.parent / "examples" / "lesson_planner"))

import planner
from lesson_calendars import calendar_names
from lesson_csv import read_requests
from lesson_plan import LessonRequest, Plan, PlanSettings, Slot, Unplanned
from lesson_records import RequestRow
from lesson_scheduling import plan_sessions

ROOT = Path(__file__).parent.parent.parent
EXAMPLE = ROOT / "examples" / "lesson_planner"
SAMPLE = EXAMPLE / "requests.csv"
# What the README's command asks for; test_the_readme_command_is_the_one_tested keeps them equal.
FIRST_DAY, LAST_DAY = dt.date(2026, 10, 5), dt.date(2026, 11, 15)
TRAINERS = ("Anouk", "Bram", "Chris")
SETTINGS = PlanSettings(first_day=FIRST_DAY, last_day=LAST_DAY)


def readme_command() -> list[str]:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    lines = [line for line in readme.splitlines() if line.startswith("python examples/")]
    assert len(lines) == 1, "the README has one command to run the example"
    return shlex.split(lines[0])


def run_as_readme_says(out: Path) -> subprocess.CompletedProcess[str]:
    command = readme_command()
    command[0] = sys.executable
    command[command.index("--out") + 1] = str(out)
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def events_of(folder: Path) -> dict[str, list[icalendar.cal.Component]]:
    calendars = {}
    for path in sorted(folder.glob("*.ics")):
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        calendars[path.name] = list(calendar.walk("VEVENT"))
    return calendars


def sample_plan() -> tuple[list[RequestRow], Plan]:
    rows, errors = read_requests(
        SAMPLE.read_text(encoding="utf-8-sig"), source="requests.csv", requested_on=FIRST_DAY
    )
    assert errors == []
    return rows, plan_sessions([row.request for row in rows], TRAINERS, SETTINGS)


def test_the_readme_command_is_the_one_tested():
    command = readme_command()
    assert command[1:3] == [
        "examples/lesson_planner/planner.py",
        "examples/lesson_planner/requests.csv",
    ]
    assert command[command.index("--trainers") + 1] == ",".join(TRAINERS)
    assert command[command.index("--from") + 1] == FIRST_DAY.isoformat()
    assert command[command.index("--weeks") + 1] == "6"


def test_the_readme_command_prints_the_plan_and_writes_each_schools_calendar(tmp_path):
    done = run_as_readme_says(tmp_path / "calendars")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    assert "18 of 20 requests planned, 26 sessions" in out
    for trainer in TRAINERS:
        assert f"\n{trainer}: " in out
    assert "Mon 2026-10-05  09:00-10:30  Montessorischool Oost (Amsterdam), aula: " in out
    assert "Not planned (2):" in out
    assert "line 8: Voorlichtingsles online gedrag klas 1 (weerbaarheidsreeks)" in out
    assert "only 6 of its 8 sessions fit" in out
    assert "line 14: Ouderavond online gedrag ouders klas 1" in out
    assert "lie outside school hours 08:30-15:30" in out
    assert "Rules: no violations in 20 requests of 14 schools." in out

    rows, plan = sample_plan()
    names = calendar_names([row.school for row in rows], Gazetteer.load())
    expected: dict[tuple[str, dt.datetime, dt.datetime], Slot] = {
        (names[rows[s.request].school.id], s.starts_at, s.ends_at): s for s in plan.slots
    }
    calendars = events_of(tmp_path / "calendars")
    assert set(calendars) == {name for name, _, _ in expected}
    found: dict[tuple[str, dt.datetime, dt.datetime], Slot] = {}
    for name, events in calendars.items():
        for event in events:
            start = event.decoded("DTSTART").astimezone(AMSTERDAM)
            end = event.decoded("DTEND").astimezone(AMSTERDAM)
            key = (name, start, end)
            assert key in expected, f"{name} has an event at {start} that was not planned"
            assert key not in found, f"{name} has two events at {start}"
            slot = found[key] = expected[key]
            row = rows[slot.request]
            assert str(event["SUMMARY"]) == row.intervention.title
            assert str(event["LOCATION"]) == f"{row.school.name}, {row.location}"
            assert f"Trainer: {slot.trainer}" in str(event["DESCRIPTION"])
            assert start.weekday() < 5
            assert FIRST_DAY <= start.date() <= LAST_DAY
            assert dt.time(8, 30) <= start.time()
            assert end.time() <= dt.time(15, 30)
            assert start.date() == end.date()
    # Every planned session is in its school's calendar, once.
    assert len(found) == len(expected) == 26
    uids = [str(event["UID"]) for events in calendars.values() for event in events]
    assert len(set(uids)) == len(uids)

    # No trainer in two places at once, across all calendars, with travel time between schools.
    by_trainer: dict[str, list[tuple[str, dt.datetime, dt.datetime]]] = defaultdict(list)
    for (name, start, end), slot in found.items():
        by_trainer[slot.trainer].append((name, start, end))
    assert set(by_trainer) == set(TRAINERS)
    for sessions in by_trainer.values():
        for (a, a_start, a_end), (b, b_start, b_end) in itertools.combinations(sessions, 2):
            gap = dt.timedelta(minutes=0 if a == b else 30)
            assert a_end + gap <= b_start or b_end + gap <= a_start


def test_planning_the_same_requests_again_gives_the_same_calendars(tmp_path):
    first = run_as_readme_says(tmp_path / "first")
    again = run_as_readme_says(tmp_path / "again")
    assert first.returncode == again.returncode == 0
    assert first.stdout == again.stdout.replace(str(tmp_path / "again"), str(tmp_path / "first"))
    names = sorted(path.name for path in (tmp_path / "first").iterdir())
    assert names == sorted(path.name for path in (tmp_path / "again").iterdir())
    for name in names:
        one, other = (tmp_path / folder / name for folder in ("first", "again"))
        uids = {str(event["UID"]) for event in events_of(one.parent)[name]}
        assert uids == {str(event["UID"]) for event in events_of(other.parent)[name]}
        assert one.read_bytes() == other.read_bytes()


HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]
ROW = (
    "OBS De Regenboog,Amsterdam,voorlichtingsles,vuurwerk,groep 8,11-12,28,di do,08:30,12:00,2,90,"
    "lokaal 12,ib@obs-deregenboog.example,99AJ"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEADER.replace(",duur", "") + "\n" + ROW.replace(",90,", ","),
            "requests.csv:1: missing column 'duur' (minutes per session, 15 to 240); the header",
        ),
        (
            f"{HEADER}\n{ROW}\n{ROW.replace('08:30', '8h30')}",
            "requests.csv:3: column 'van': '8h30' is not a time; write HH:MM, e.g. 08:30",
        ),
        (
            f"{HEADER}\n{ROW.replace('12:00', '25:00')}",
            "requests.csv:2: column 'tot': '25:00' is not a time; write HH:MM, e.g. 08:30",
        ),
        (
            f"{HEADER}\n{ROW.replace('Amsterdam', 'Atlantis')}",
            "requests.csv:2: column 'gemeente': 'Atlantis' is not a municipality of 2024; use",
        ),
        (
            f"{HEADER}\n{ROW.replace('di do', 'di za')}",
            "requests.csv:2: column 'dagen': 'za': lessons are on school days, ma to vr",
        ),
        (
            f"{HEADER}\n{ROW.replace(',2,90,', ',2,0,')}",
            "requests.csv:2: column 'duur': '0' is not a whole number from 15 to 240",
        ),
        (
            f"{HEADER}\n{ROW.replace(',28,', ',28,,')}",
            "requests.csv:2: has 16 values for 15 columns; quote a value that contains",
        ),
    ],
)
def test_a_bad_file_gives_one_line_naming_where_and_writes_nothing(
    tmp_path, monkeypatch, capsys, text, expected
):
    monkeypatch.chdir(tmp_path)
    Path("requests.csv").write_text(text, encoding="utf-8")
    code = planner.main(
        ["requests.csv", "--trainers", "Anouk", "--from", "2026-10-05", "--out", "out"]
    )
    assert code == 2
    printed = capsys.readouterr()
    assert printed.out == ""
    assert len(printed.err.splitlines()) == 1
    assert printed.err.startswith(expected)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["requests.csv"]


def test_every_bad_row_gets_its_line(tmp_path, capsys):
    path = tmp_path / "requests.csv"
    path.write_text(
        f"{HEADER}\n{ROW.replace('11-12', 'elf')}\n{ROW}\n{ROW.replace('2,90', '11,90')}\n"
    )
    assert (
        planner.main(
            [str(path), "--trainers", "A", "--from", "2026-10-05", "--out", str(tmp_path / "out")]
        )
        == 2
    )
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{path}:2", f"{path}:4"]
    assert "column 'leeftijd'" in lines[0]
    assert "column 'lessen'" in lines[1]


def test_semicolons_a_bom_and_dutch_times_are_read(tmp_path, capsys):
    path = tmp_path / "requests.csv"
    text = (
        "\ufeff" + HEADER.replace(",", ";") + "\n" + ROW.replace(",", ";").replace("08:30", "8.30")
    )
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert (
        planner.main([str(path), "--trainers", "Anouk", "--from", "2026-10-05", "--out", str(out)])
        == 0
    )
    assert "Tue 2026-10-06  08:30-10:00  OBS De Regenboog (Amsterdam)" in capsys.readouterr().out
    assert [p.name for p in out.iterdir()] == ["obs-de-regenboog.ics"]


def test_a_trainer_code_the_model_refuses_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit:
        planner.main(
            [
                str(SAMPLE),
                "--trainers",
                "Anouk de Vries",
                "--from",
                "2026-10-05",
                "--out",
                str(tmp_path),
            ]
        )
    assert exit.value.code == 2
    assert "'Anouk de Vries' is not a trainer code" in capsys.readouterr().err


def test_closed_days_get_no_sessions(tmp_path, capsys):
    args = [
        str(SAMPLE),
        "--trainers",
        "Anouk,Bram,Chris",
        "--from",
        "2026-10-05",
        "--out",
        str(tmp_path),
    ]
    assert planner.main([*args, "--closed", "2026-10-05:2026-10-09"]) == 0
    days = re.findall(r"^  [A-Z][a-z]{2} (\d{4}-\d\d-\d\d)  ", capsys.readouterr().out, re.M)
    assert len(days) == 26
    assert min(days) == "2026-10-12"


# -- the pure planner -----------------------------------------------------------------------------


def clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


@st.composite
def requests(draw: st.DrawFn) -> LessonRequest:
    # Mostly windows that can hold a session, sometimes not (too short, evening, reversed).
    earliest = draw(st.integers(7 * 60, 15 * 60))
    latest = min(23 * 60 + 59, earliest + draw(st.integers(-60, 8 * 60)))
    return LessonRequest(
        place=draw(st.sampled_from(["school A", "school B", "school C"])),
        weekdays=draw(st.frozensets(st.integers(0, 4), min_size=1)),
        earliest=clock(earliest),
        latest=clock(max(0, latest)),
        sessions=draw(st.integers(1, 3)),
        minutes=draw(st.integers(15, 150)),
    )


@st.composite
def frames(draw: st.DrawFn) -> PlanSettings:
    # 2026-03-29 is a DST change: wall times in school hours are unaffected, and must stay so.
    first = draw(st.dates(dt.date(2026, 3, 16), dt.date(2026, 4, 3)))
    last = first + dt.timedelta(days=draw(st.integers(4, 27)))
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return PlanSettings(
        first_day=first,
        last_day=last,
        school_start=draw(st.sampled_from([dt.time(8, 0), dt.time(8, 30), dt.time(9, 15)])),
        school_end=draw(st.sampled_from([dt.time(12, 15), dt.time(15, 30), dt.time(16, 0)])),
        travel_minutes=draw(st.integers(0, 45)),
        days_between=draw(st.integers(0, 8)),
        step_minutes=draw(st.sampled_from([1, 5, 15])),
        closed=draw(st.frozensets(st.sampled_from(days), max_size=4)),
    )


def minutes(time: dt.time) -> int:
    return time.hour * 60 + time.minute


@given(
    st.lists(requests(), max_size=20),
    st.lists(
        st.sampled_from(["Anouk", "Bram", "Chris", "Dewi"]), min_size=1, max_size=4, unique=True
    ),
    frames(),
)
def test_a_plan_books_nobody_twice_keeps_to_the_windows_and_plans_requests_whole(
    requested, trainers, settings
):
    plan = plan_sessions(requested, trainers, settings)

    by_request: dict[int, list[Slot]] = defaultdict(list)
    for slot in plan.slots:
        by_request[slot.request].append(slot)
    left = [u.request for u in plan.unplanned]
    assert len(left) == len(set(left))
    assert set(left).isdisjoint(by_request)
    assert set(left) | set(by_request) == set(range(len(requested)))
    assert all(u.reason for u in plan.unplanned)

    for index, slots in by_request.items():
        request = requested[index]
        assert len(slots) == request.sessions
        assert sorted(s.number for s in slots) == list(range(1, request.sessions + 1))
        slots.sort(key=lambda s: s.number)
        assert len({s.trainer for s in slots}) == 1
        for earlier, later in itertools.pairwise(slots):
            assert (later.day - earlier.day).days >= max(1, settings.days_between)
        for s in slots:
            assert s.trainer in trainers
            assert s.place == request.place
            assert settings.first_day <= s.day <= settings.last_day
            assert s.day.weekday() in request.weekdays
            assert s.day not in settings.closed
            assert minutes(s.end) - minutes(s.start) == request.minutes
            assert max(request.earliest, settings.school_start) <= s.start
            assert s.end <= min(request.latest, settings.school_end)
            assert minutes(s.start) % settings.step_minutes == 0
            assert s.ends_at - s.starts_at == dt.timedelta(minutes=request.minutes)

    for a, b in itertools.combinations(plan.slots, 2):
        if a.trainer == b.trainer and a.day == b.day:
            gap = 0 if a.place == b.place else settings.travel_minutes
            assert minutes(a.end) + gap <= minutes(b.start) or minutes(b.end) + gap <= minutes(
                a.start
            ), f"{a.trainer} is booked twice: {a} and {b}"


@given(requests(), frames())
def test_a_request_alone_is_planned_exactly_when_it_fits(request, settings):
    plan = plan_sessions([request], ["Anouk"], settings)
    low = max(minutes(request.earliest), minutes(settings.school_start))
    high = min(minutes(request.latest), minutes(settings.school_end))
    first_start = -(-low // settings.step_minutes) * settings.step_minutes
    span = (settings.last_day - settings.first_day).days + 1
    every = [settings.first_day + dt.timedelta(days=n) for n in range(span)]
    days = [d for d in every if d.weekday() in request.weekdays and d not in settings.closed]
    spaced: list[dt.date] = []
    for day in days:
        if not spaced or (day - spaced[-1]).days >= settings.days_between:
            spaced.append(day)
    fits = first_start + request.minutes <= high and len(spaced) >= request.sessions
    assert (not plan.unplanned) == fits, plan.unplanned


def test_the_same_requests_give_the_same_plan():
    assert sample_plan() == sample_plan()


def test_a_request_no_trainer_has_room_for_is_reported_as_such():
    request = LessonRequest(
        place="school A",
        weekdays=frozenset({0}),
        earliest=dt.time(9, 0),
        latest=dt.time(10, 0),
        sessions=1,
        minutes=60,
    )
    settings = PlanSettings(first_day=dt.date(2026, 10, 5), last_day=dt.date(2026, 10, 9))
    plan = plan_sessions([request, request, request], ["Anouk", "Bram"], settings)
    assert [(s.request, s.trainer, s.start) for s in plan.slots] == [
        (0, "Anouk", dt.time(9, 0)),
        (1, "Bram", dt.time(9, 0)),
    ]
    assert plan.unplanned == (
        Unplanned(
            request=2,
            reason="the trainers are booked: at most 0 of its 1 sessions fit with one trainer",
        ),
    )


def test_schools_of_one_name_get_the_municipality_in_their_file_name():
    text = "\n".join(
        [HEADER, ROW, ROW.replace("groep 8", "groep 7"), ROW.replace("Amsterdam", "Zaanstad")]
    )
    rows, errors = read_requests(text, source="r.csv", requested_on=FIRST_DAY)
    assert errors == []
    assert rows[0].school.id == rows[1].school.id != rows[2].school.id
    names = calendar_names([row.school for row in rows], Gazetteer.load())
    assert sorted(names.values()) == [
        "obs-de-regenboog-amsterdam.ics",
        "obs-de-regenboog-zaanstad.ics",
    ]


def test_a_file_without_the_brin_column_reads_and_a_bad_brin_is_refused():
    old = HEADER.removesuffix(",brin") + "\n" + ROW.removesuffix(",99AJ")
    rows, errors = read_requests(old, source="old.csv", requested_on=FIRST_DAY)
    assert not errors
    assert rows[0].school.brin is None
    rows, errors = read_requests(f"{HEADER}\n{ROW}", source="new.csv", requested_on=FIRST_DAY)
    assert rows[0].school.brin == "99AJ"
    rows, errors = read_requests(
        f"{HEADER}\n{ROW.replace('99AJ', '9AJ')}", source="bad.csv", requested_on=FIRST_DAY
    )
    assert [(e.line, e.column) for e in errors] == [(2, "brin")]
