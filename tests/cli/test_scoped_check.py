"""``halt check --arrondissement`` and ``--changed-since``: the whole check's verdict, scoped."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import attrs
import pytest

from halt_core import connect
from halt_core.demo import generate, plantable_rules
from halt_core.model import InterventionStatus
from tests.cli.conftest import Halt
from tests.cli.test_commands import one_line_error

AT = "2026-09-01 12:00"


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of a demo with every plantable fault."""
    path = tmp_path_factory.mktemp("faulty") / "halt.sqlite3"
    demo = generate(seed=3, size=40, plant=plantable_rules())
    with connect(f"sqlite:///{path}") as store, store.unit_of_work() as uow:
        uow.add_network(demo.network)
        uow.commit()
    return path


def _inside(path: Path, arrondissement: str) -> set[str]:
    """The ids of the records in ``arrondissement``, as the store indexes them."""
    with sqlite3.connect(path) as connection:
        ids: set[str] = set()
        for table in ("partners", "collaborations", "forums", "interventions", "referrals"):
            rows = connection.execute(
                f"SELECT id FROM {table} WHERE arrondissement = ? AND deleted = 0",
                (arrondissement,),
            )
            ids.update(str(row[0]) for row in rows)
        forums = connection.execute(
            "SELECT id FROM forums WHERE arrondissement = ? AND deleted = 0", (arrondissement,)
        )
        for (forum,) in forums.fetchall():
            rows = connection.execute(
                "SELECT id FROM meetings WHERE owner = ? AND deleted = 0", (forum,)
            )
            ids.update(str(row[0]) for row in rows)
    return ids


@pytest.mark.parametrize("arrondissement", ["Amsterdam", "Oost-Brabant", "Noord-Nederland"])
def test_an_arrondissement_gets_what_the_whole_check_says_about_it(
    faulty: Path, arrondissement: str
) -> None:
    halt = Halt(faulty)
    whole = json.loads(halt("check", "--at", AT, "--format", "json").stdout)
    scoped = halt("check", "--at", AT, "--format", "json", "--arrondissement", arrondissement)
    assert scoped.exit_code == 1  # the planted errors include some here
    inside = _inside(faulty, arrondissement)
    expected = [v for v in whole if v["subject_id"] in inside and v["rule_id"] != "HC-STORE-001"]
    key = lambda v: (v["rule_id"], v["subject_id"], v["message_en"])  # noqa: E731
    assert sorted(json.loads(scoped.stdout), key=key) == sorted(expected, key=key)
    assert expected


def test_the_text_report_says_what_was_checked_and_what_rules_read_besides(faulty: Path) -> None:
    result = Halt(faulty)("check", "--at", AT, "--arrondissement", "amsterdam")
    assert "Checked arrondissement Amsterdam: " in result.stdout
    assert "records, holding at most" in result.stdout
    whole = Halt(faulty)("check", "--at", AT, "--lang", "nl")
    assert "Gecontroleerd: de hele opslag, regio voor regio:" in whole.stdout


def test_jsonl_is_the_json_array_a_line_at_a_time(faulty: Path) -> None:
    halt = Halt(faulty)
    array = json.loads(halt("check", "--at", AT, "--format", "json").stdout)
    lines = halt("check", "--at", AT, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == array
    assert len(lines) == len(array) > 0


def test_what_changed_since_a_moment_is_checked_alone(halt: Halt) -> None:
    since = dt.datetime.now(dt.UTC)
    nothing = halt("check", "--at", AT, "--format", "json", "--changed-since", since.isoformat())
    assert nothing.exit_code == 0, nothing.output
    assert json.loads(nothing.stdout) == []
    with connect(halt.url) as store, store.unit_of_work() as uow:
        scheduled = [
            i
            for i in uow.interventions.query(status=InterventionStatus.SCHEDULED)
            if len(i.sessions) == 1
        ]
        changed = attrs.evolve(scheduled[0], status=InterventionStatus.DELIVERED)
        uow.interventions.save(changed, expected_version=uow.interventions.version_of(changed.id))
        uow.commit()
    result = halt("check", "--at", AT, "--format", "json", "--changed-since", since.isoformat())
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    assert {v["subject_id"] for v in found} == {str(changed.id)}
    text = halt("check", "--at", AT, "--changed-since", since.isoformat())
    assert "Checked what changed since " in text.stdout
    later = dt.datetime.now(dt.UTC).isoformat()
    assert (
        json.loads(halt("check", "--at", AT, "--format", "json", "--changed-since", later).stdout)
        == []
    )


def test_scoped_checks_refuse_what_they_cannot_do(halt: Halt) -> None:
    both = halt("check", "--arrondissement", "Amsterdam", "--changed-since", "2026-01-01 00:00")
    assert both.exit_code == 2
    assert "not both" in one_line_error(both.stderr)
    unknown = halt("check", "--arrondissement", "Atlantis")
    assert unknown.exit_code == 2
    assert "is not an arrondissement" in one_line_error(unknown.stderr)
    bad = halt("check", "--changed-since", "last week")
    assert bad.exit_code == 2
    assert "--changed-since" in one_line_error(bad.stderr)
