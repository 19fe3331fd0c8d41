r"""Plan schools' requests for Halt lessons over a team of trainers, and write the calendars.

Run it from the root of the repository once halt-core is installed with its ``ics`` extra::

    python examples/lesson_planner/planner.py examples/lesson_planner/requests.csv \
        --trainers "Anouk,Bram,Chris" --from 2026-10-05 --weeks 6 --out calendars/

It reads the requests (one CSV row each, see README.md), plans every session inside school
hours on the school's preferred weekdays without booking a trainer twice, moves each planned
request through its lifecycle to *scheduled*, lets the rules check the result, prints the plan
per trainer and writes one iCalendar file per school. The same input gives the same output,
calendar UIDs included, so a school that imports its calendar again gets no duplicates.

This module is the command line only; the work is done by its neighbours, imported by their
plain names (running a script puts its folder on ``sys.path``): :mod:`lesson_csv` reads the
requests, :mod:`lesson_scheduling` plans them, :mod:`lesson_records` makes the halt_core
records and :mod:`lesson_calendars` the calendars.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from halt_core import AMSTERDAM, Gazetteer, HaltError, Network, Partner
from halt_core.rules import Report, default_rules

from lesson_calendars import school_calendars
from lesson_csv import parse_time, read_requests
from lesson_plan import WEEKDAYS, Plan, PlanSettings
from lesson_records import RequestRow, build_network
from lesson_scheduling import plan_sessions

__all__ = ["main"]


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-10-05") from None


def _trainers(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    bad = [name for name in names if not re.fullmatch(r"[A-Za-z0-9._-]{1,32}", name)]
    if bad:
        raise argparse.ArgumentTypeError(
            f"{bad[0]!r} is not a trainer code: 1 to 32 letters, digits, '.', '_' or '-'"
        )
    if not names or len(set(names)) < len(names):
        raise argparse.ArgumentTypeError("give one or more different codes, e.g. 'Anouk,Bram'")
    return names


def _hours(value: str) -> tuple[dt.time, dt.time]:
    first, _, last = value.partition("-")
    start, end = parse_time(first), parse_time(last)
    if start is None or end is None:
        raise argparse.ArgumentTypeError(f"{value!r} is not like 08:30-15:30")
    if end <= start:
        raise argparse.ArgumentTypeError(f"{value!r} ends before it starts")
    return start, end


def _closed(value: str) -> list[dt.date]:
    first, _, last = value.partition(":")
    start, end = _day(first), _day(last or first)
    if end < start:
        raise argparse.ArgumentTypeError(f"{value!r} ends before it starts")
    return [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]


def _count(low: int, high: int) -> Callable[[str], int]:
    def count(value: str) -> int:
        if not value.isdigit() or not low <= int(value) <= high:
            raise argparse.ArgumentTypeError(
                f"{value!r} is not a whole number from {low} to {high}"
            )
        return int(value)

    return count


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner.py",
        description="Plan schools' requests for Halt lessons and write their calendars.",
    )
    parser.add_argument("requests", type=Path, help="the requests CSV (see README.md)")
    parser.add_argument(
        "--trainers", type=_trainers, required=True, help="trainer codes, e.g. 'Anouk,Bram,Chris'"
    )
    parser.add_argument(
        "--from",
        dest="first_day",
        type=_day,
        required=True,
        metavar="DAY",
        help="first day, e.g. 2026-10-05",
    )
    parser.add_argument(
        "--weeks", type=_count(1, 52), default=6, metavar="N", help="how many weeks (6)"
    )
    parser.add_argument("--out", type=Path, required=True, help="folder for the .ics files")
    parser.add_argument(
        "--school-hours",
        type=_hours,
        default=(dt.time(8, 30), dt.time(15, 30)),
        metavar="HH:MM-HH:MM",
        help="when sessions may be (08:30-15:30, Europe/Amsterdam)",
    )
    parser.add_argument(
        "--travel",
        type=_count(0, 240),
        default=30,
        metavar="MINUTES",
        help="least time between a trainer's sessions at different schools (30)",
    )
    parser.add_argument(
        "--days-between",
        type=_count(0, 28),
        default=7,
        metavar="DAYS",
        help="least days between two sessions of one request (7: weekly)",
    )
    parser.add_argument(
        "--closed",
        type=_closed,
        action="append",
        default=[],
        metavar="DAY[:DAY]",
        help="days without sessions, e.g. a holiday 2026-10-17:2026-10-25 (repeatable)",
    )
    parser.add_argument(
        "--planned-on",
        type=_day,
        metavar="DAY",
        help="the day the plan is made, stamped on records and calendars (the day before --from)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the planner with command-line arguments ``argv``; return the exit code.

    0 when the plan is made (requests that could not be planned are reported, not failed),
    2 for bad arguments or a bad CSV (then nothing is written), 1 when the calendars cannot
    be written.
    """
    args = _parser().parse_args(argv)
    school_start, school_end = args.school_hours
    settings = PlanSettings(
        first_day=args.first_day,
        last_day=args.first_day + dt.timedelta(weeks=args.weeks, days=-1),
        school_start=school_start,
        school_end=school_end,
        travel_minutes=args.travel,
        days_between=args.days_between,
        closed=frozenset(day for days in args.closed for day in days),
    )
    planned_on = args.planned_on or args.first_day - dt.timedelta(days=1)
    # A fixed moment, not the clock: it is the events' time and the calendars' DTSTAMP.
    at = dt.datetime.combine(planned_on, dt.time(12, 0), tzinfo=AMSTERDAM)
    gazetteer = Gazetteer.load()
    try:
        text = args.requests.read_text(encoding="utf-8-sig")  # -sig: Excel starts with a BOM
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.requests}: cannot read it: {exc}", file=sys.stderr)
        return 2
    rows, errors = read_requests(
        text, source=str(args.requests), requested_on=planned_on, gazetteer=gazetteer
    )
    if errors:
        for error in errors:
            print(error, file=sys.stderr)
        return 2

    plan = plan_sessions([row.request for row in rows], args.trainers, settings)
    network = build_network(rows, plan, settings, at)
    report = default_rules().check(network, now=at, gazetteer=gazetteer)
    try:
        calendars = school_calendars(network, at, gazetteer)
        args.out.mkdir(parents=True, exist_ok=True)
        for name, (_, content) in calendars.items():
            (args.out / name).write_bytes(content)
    except (HaltError, OSError) as exc:
        print(f"cannot write the calendars: {exc}", file=sys.stderr)
        return 1
    _print_plan(rows, plan, args.trainers, settings, gazetteer)
    _print_report(report, network)
    print(f"\nCalendars in {args.out}:")
    for name, (school, _) in calendars.items():
        sessions = sum(len(i.sessions) for i in network.interventions if i.school == school.id)
        print(f"  {name:<40} {sessions:>2} session(s)  {_school(school, gazetteer)}")
    return 0


def _school(school: Partner, gazetteer: Gazetteer) -> str:
    return f"{school.name} ({gazetteer.municipality(school.area.codes[0]).name})"


def _print_plan(
    rows: Sequence[RequestRow],
    plan: Plan,
    trainers: Sequence[str],
    settings: PlanSettings,
    gazetteer: Gazetteer,
) -> None:
    planned = len(rows) - len(plan.unplanned)
    print(
        f"Lesson plan {settings.first_day} to {settings.last_day}, school hours "
        f"{settings.school_start:%H:%M}-{settings.school_end:%H:%M}: {planned} of {len(rows)} "
        f"requests planned, {len(plan.slots)} sessions."
    )
    for trainer in trainers:
        slots = [slot for slot in plan.slots if slot.trainer == trainer]
        busy = sum(slot.minutes for slot in slots)
        print(f"\n{trainer}: {len(slots)} session(s), {busy // 60} h {busy % 60:02d} min")
        for slot in slots:
            row = rows[slot.request]
            print(
                f"  {WEEKDAYS[slot.day.weekday()]} {slot.day}  {slot.start:%H:%M}-{slot.end:%H:%M}"
                f"  {_school(row.school, gazetteer)}, {row.location}: {row.intervention.title}"
                f" ({slot.number}/{row.request.sessions})"
            )
    if plan.unplanned:
        print(f"\nNot planned ({len(plan.unplanned)}):")
        for left in plan.unplanned:
            row = rows[left.request]
            print(
                f"  line {row.line}: {row.intervention.title}, {_school(row.school, gazetteer)}: "
                f"{left.reason}"
            )


def _print_report(report: Report, network: Network) -> None:
    counts = f"{len(network.interventions)} requests of {len(network.partners)} schools"
    if not report:
        print(f"\nRules: no violations in {counts}.")
        return
    print(f"\nRules: {len(report)} violation(s) in {counts}:")
    for violation in report:
        print(f"  {violation.severity.value:<7} {violation.rule_id}  {violation.message('en')}")


if __name__ == "__main__":
    sys.exit(main())
