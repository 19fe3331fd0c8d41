"""``halt plan`` refuses a time the clocks skip, and takes a repeated one with its offset."""

import json
from typing import Any

import pytest

from .conftest import Halt
from .test_commands import first_id, one_line_error

SPRING_GAP = (
    "on 29 March 2026 the clocks go forward from 02:00 to 03:00: 02:30 does not exist in the "
    "Netherlands; choose 03:30 (or 01:30)"
)
AUTUMN_FOLD = (
    "on 25 October 2026 the clocks go back from 03:00 to 02:00: 02:30 happens twice in the "
    "Netherlands; say which (fold=0: summer time, the first, 02:30+02:00; fold=1: winter "
    "time, the second, 02:30+01:00); in --session write 02:30+02:00 for the first or "
    "02:30+01:00 for the second"
)


def sessions_of(halt: Halt, intervention: str) -> list[dict[str, Any]]:
    result = halt("interventions", "show", intervention, "--format", "json")
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["sessions"]
    return found


def agreed(halt: Halt) -> str:
    """An intervention agreed for the autumn of 2026, the fold of 25 October included."""
    requested = first_id(halt, "interventions", status="requested")
    for args in (
        ["advance", requested, "intake", "--at", "2026-09-02 10:00"],
        ["advance", requested, "agree", "--from", "2026-10-01", "--to", "2026-12-20"],
    ):
        result = halt(*args, "--by", "tester")
        assert result.exit_code == 0, result.output
    return requested


@pytest.mark.parametrize(
    ("session", "message"),
    [
        (
            "2026-03-29 02:30-04:00 @ aula",
            f"--session '2026-03-29 02:30-04:00 @ aula': {SPRING_GAP}",
        ),
        ("2026-03-29 01:00-02:30 @ aula", SPRING_GAP),
        ("2026-03-29 02:30+01:00-04:00 @ aula", SPRING_GAP),  # an offset does not help
        (
            "2026-10-25 02:30-04:00 @ aula",
            f"--session '2026-10-25 02:30-04:00 @ aula': {AUTUMN_FOLD}",
        ),
        ("2026-10-25 01:30-02:30 @ aula", AUTUMN_FOLD),
        (
            "2026-10-05 09:00+01:00-10:00 @ aula",
            "09:00+01:00 is not a time on a Dutch clock on 2026-10-05; there it is 09:00+02:00",
        ),
        ("2026-10-25 02:45+02:00-02:15+02:00 @ aula", "ends (02:15) before it starts (02:45)"),
    ],
)
def test_a_time_the_clocks_skip_or_repeat_unsaid_is_refused_in_words(
    halt: Halt, session: str, message: str
) -> None:
    intervention = agreed(halt)
    before = halt.snapshot()
    result = halt("plan", intervention, "--session", session, "--by", "tester")
    assert result.exit_code == 2
    assert message in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_the_offset_says_which_of_the_two_times_is_meant(halt: Halt) -> None:
    intervention = agreed(halt)
    result = halt(
        "plan",
        intervention,
        "--session",
        "2026-10-25 02:30+02:00-02:50+02:00 @ aula",  # the first 02:30, summer time
        "--session",
        "2026-10-25 02:30+01:00-04:00 @ aula",  # the second, an hour later
        "--session",
        "2026-10-26 02:30+01:00-03:00 @ aula",  # a day without a change: the offset fits
        "--by",
        "tester",
    )
    assert result.exit_code == 0, result.output
    planned = [(s["start"], s["end"]) for s in sessions_of(halt, intervention)]
    assert planned == [
        ("2026-10-25T02:30:00+02:00", "2026-10-25T02:50:00+02:00"),
        ("2026-10-25T02:30:00+01:00", "2026-10-25T04:00:00+01:00"),
        ("2026-10-26T02:30:00+01:00", "2026-10-26T03:00:00+01:00"),
    ]


def test_a_session_across_the_fold_lasts_its_real_length(halt: Halt) -> None:
    intervention = agreed(halt)
    # 02:45 summer time to 02:15 winter time: thirty minutes, though the clock went back.
    result = halt(
        "plan", intervention, "--session", "2026-10-25 02:45+02:00-02:15+01:00 @ aula",
        "--by", "tester",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [only] = sessions_of(halt, intervention)
    assert (only["start"], only["end"]) == (
        "2026-10-25T02:45:00+02:00",
        "2026-10-25T02:15:00+01:00",
    )


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("2026-03-29 02:30", SPRING_GAP),
        (
            "2026-10-25 02:30",
            AUTUMN_FOLD.split("; in --session")[0] + "; write 2026-10-25 02:30+02:00 for the "
            "first or 2026-10-25 02:30+01:00 for the second",
        ),
    ],
)
def test_at_refuses_the_same_times_in_the_same_words(halt: Halt, at: str, message: str) -> None:
    requested = first_id(halt, "interventions", status="requested")
    before = halt.snapshot()
    result = halt("advance", requested, "intake", "--at", at, "--by", "tester")
    assert result.exit_code == 2
    assert f"--at: '{at}': {message}" in one_line_error(result.stderr)
    assert halt.snapshot() == before


def test_the_help_says_how_to_choose(halt: Halt) -> None:
    result = halt("plan", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "02:30+01:00 for the second (winter time)" in text
    assert "+02:00 for the first (summer time)" in text
