"""``halt plan`` keeps the ids of sessions given again or moved, and remembers dropped ones."""

import json
from typing import Any

import pytest

from .conftest import Halt
from .test_commands import first_id, one_line_error

LYCEUM = "@ Het Lyceum"


def shown(halt: Halt, intervention: str) -> dict[str, Any]:
    result = halt("interventions", "show", intervention, "--format", "json")
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def agreed(halt: Halt) -> str:
    requested = first_id(halt, "interventions", status="requested")
    for args in (
        ["advance", requested, "intake", "--at", "2026-09-02 10:00"],
        ["advance", requested, "agree", "--from", "2026-10-01", "--to", "2026-12-20"],
    ):
        result = halt(*args, "--by", "tester")
        assert result.exit_code == 0, result.output
    return requested


def plan(halt: Halt, intervention: str, *sessions: str, more: tuple[str, ...] = ()) -> str:
    args = [arg for text in sessions for arg in ("--session", text)]
    result = halt("plan", intervention, *args, *more, "--by", "tester")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_moving_by_number_or_id_keeps_the_id_and_dropping_remembers(halt: Halt) -> None:
    intervention = agreed(halt)
    plan(
        halt,
        intervention,
        f"2026-10-05 09:00-10:30 {LYCEUM}",
        f"2026-10-12 09:00-10:30 {LYCEUM}",
        f"2026-10-19 09:00-10:30 {LYCEUM}",
        more=("--trainer", "anouk"),
    )
    first, second, third = shown(halt, intervention)["sessions"]
    # The first given again at its time, the second moved by number, the third dropped.
    out = plan(
        halt,
        intervention,
        f"2026-10-05 09:00-10:30 {LYCEUM}",
        f"#2 2026-10-13 13:00-14:30 {LYCEUM}, aula",
        f"2026-11-02 09:00-10:30 {LYCEUM}",
    )
    assert "Sessions: 1 moved, 1 added, 1 dropped." in out
    now = shown(halt, intervention)
    assert [s["id"] for s in now["sessions"][:2]] == [first["id"], second["id"]]
    assert now["sessions"][1]["start"] == "2026-10-13T13:00:00+02:00"
    assert now["sessions"][1]["trainer"] == "anouk"  # kept without --trainer
    assert now["sessions"][2]["id"] not in {first["id"], second["id"], third["id"]}
    assert now["sessions"][2]["trainer"] is None
    assert [s["id"] for s in now["dropped_sessions"]] == [third["id"]]
    # By (the start of) its id: the dropped one is planned again.
    out = plan(
        halt,
        intervention,
        f"2026-10-05 09:00-10:30 {LYCEUM}",
        f"#{second['id'][:8]} 2026-10-13 13:00-14:30 {LYCEUM}, aula",
        f"#{third['id']} 2026-10-26 09:00-10:30 {LYCEUM}",
    )
    assert "Sessions: 0 moved, 1 added, 1 dropped." in out
    again = shown(halt, intervention)
    assert [s["id"] for s in again["sessions"]] == [first["id"], second["id"], third["id"]]
    assert [s["id"] for s in again["dropped_sessions"]] == [now["sessions"][2]["id"]]


@pytest.mark.parametrize(
    ("session", "message"),
    [
        ("#4 2026-10-06 09:00-10:30 @ x", "the plan has 1 session, #1, as"),
        ("#0 2026-10-06 09:00-10:30 @ x", "the plan has 1 session, #1, as"),
        ("#abc 2026-10-06 09:00-10:30 @ x", "at least 8 characters of its id"),
        ("#ffffffff 2026-10-06 09:00-10:30 @ x", "no session has an id starting with"),
    ],
)
def test_a_wrong_reference_is_one_line_and_changes_nothing(
    halt: Halt, session: str, message: str
) -> None:
    intervention = agreed(halt)
    plan(halt, intervention, f"2026-10-05 09:00-10:30 {LYCEUM}")
    before = halt.snapshot()
    result = halt("plan", intervention, "--session", session)
    assert result.exit_code == 2
    assert message in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_one_session_given_twice_is_refused(halt: Halt) -> None:
    intervention = agreed(halt)
    plan(halt, intervention, f"2026-10-05 09:00-10:30 {LYCEUM}")
    result = halt(
        "plan",
        intervention,
        "--session",
        "#1 2026-10-06 09:00-10:30 @ x",
        "--session",
        "#1 2026-10-07 09:00-10:30 @ x",
    )
    assert result.exit_code == 2
    assert "that session is given twice" in one_line_error(result.stderr)


def test_a_reference_before_anything_is_planned_is_refused(halt: Halt) -> None:
    intervention = agreed(halt)
    result = halt("plan", intervention, "--session", "#1 2026-10-06 09:00-10:30 @ x")
    assert result.exit_code == 2
    assert "nothing is planned yet" in one_line_error(result.stderr)
