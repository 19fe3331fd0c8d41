"""``halt check`` on a store written before the model checked contact points.

Opening the store (``tests/fixtures/store-schema-2.sql``) migrates it; ``halt check`` then
lists what the migration set aside, per record, after the rules' report: in text (English or
Dutch) and in JSON, as warnings under the id HC-STORE-001 that leave the exit code alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.adapters._written_before import NAMES, SET_ASIDE, load_fixture

from .conftest import Halt

AT = ("--at", "2026-09-01 12:00")


@pytest.fixture
def old(tmp_path: Path) -> Halt:
    """``halt`` on a copy of the store written before."""
    return Halt(load_fixture(tmp_path / "oud.sqlite3"))


def _section(text: str, heading: str) -> list[str]:
    """The lines of the set-aside section of ``halt check``'s text, heading first."""
    lines = text.splitlines()
    (start,) = [n for n, line in enumerate(lines) if heading in line]
    return [line for line in lines[start:] if line.strip()]


def _exit_code_of(documents: list[dict[str, Any]]) -> int:
    return 1 if any(d["severity"] == "error" for d in documents) else 0


def test_check_lists_what_was_set_aside_per_record_in_text(old: Halt) -> None:
    as_json = json.loads(old("check", *AT, "--format", "json").stdout)
    result = old("check", *AT)
    assert result.exit_code == _exit_code_of(as_json), result.output  # warnings only
    section = _section(result.stdout, "Set aside when the store was migrated")
    assert section[0] == "WARNING: Set aside when the store was migrated (4, in 3 record(s))"
    records = [line.split() for line in section if "HC-STORE-001" in line]
    assert [(words[1], words[2]) for words in records] == [
        ("partner", str(id)) for id in dict.fromkeys(id for id, *_ in SET_ASIDE)
    ]
    for line in section:
        if "HC-STORE-001" in line:
            id = line.split()[2]
            assert line.endswith(next(NAMES[i] for i in NAMES if str(i) == id))
    text = "\n".join(section)
    for _, path, value, words in SET_ASIDE:
        assert f"{path}: {value!r} (schema version 3, " in text
        assert words in text
    # Each record's items come right under its line.
    school = next(n for n, line in enumerate(section) if "Het Amsterdams Lyceum" in line)
    assert "$.contact_points[1]: " in section[school + 1]
    assert "$.contact_points[2].phone: '12-34-56'" in section[school + 3]


def test_check_lists_what_was_set_aside_in_dutch(old: Halt) -> None:
    result = old("check", *AT, "--lang", "nl")
    section = _section(result.stdout, "Terzijde gelegd bij de migratie van de opslag")
    assert section[0] == (
        "WAARSCHUWING: Terzijde gelegd bij de migratie van de opslag (4, in 3 record(s))"
    )
    assert "(schemaversie 3, " in section[2]


def test_check_reports_what_was_set_aside_in_json_as_warnings(old: Halt) -> None:
    result = old("check", *AT, "--format", "json")
    documents = json.loads(result.stdout)
    assert result.exit_code == _exit_code_of(documents)
    found = [d for d in documents if d["rule_id"] == "HC-STORE-001"]
    assert documents[-len(found) :] == found  # after the rules' violations
    assert [(d["subject_id"], d["set_aside"]["path"]) for d in found] == [
        (str(id), path) for id, path, _, _ in SET_ASIDE
    ]
    for document, (id, path, value, words) in zip(found, SET_ASIDE, strict=True):
        # The keys every violation has, so tools reading the list need no change:
        assert document["severity"] == "warning"
        assert document["subject"] == "partner"
        assert document["related"] == []
        assert f"took {path} out of partner {NAMES[id]}: {value!r}" in document["message_en"]
        assert f"haalde {path} uit partner {NAMES[id]}" in document["message_nl"]
        assert words in document["message_en"]
        detail = document["set_aside"]
        assert (detail["kind"], detail["name"]) == ("partners", NAMES[id])
        assert (detail["value"], detail["schema_version"]) == (value, 3)
        assert words in detail["reason"]


def test_a_second_check_reports_the_same_and_migrates_nothing_again(old: Halt) -> None:
    first = json.loads(old("check", *AT, "--format", "json").stdout)
    snapshot = old.snapshot()
    second = json.loads(old("check", *AT, "--format", "json").stdout)
    assert second == first
    assert old.snapshot() == snapshot


def test_a_store_with_nothing_set_aside_shows_no_section(empty: Halt) -> None:
    assert empty("init").exit_code == 0
    result = empty("check", *AT)
    assert result.exit_code == 0, result.output
    assert "Set aside" not in result.stdout
    assert json.loads(empty("check", *AT, "--format", "json").stdout) == []
