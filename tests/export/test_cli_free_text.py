"""``halt export --free-text``: free text is left out unless the command line says otherwise."""

import csv
import io
from pathlib import Path

import attrs
import pytest

from halt_core import connect
from tests.cli.conftest import Halt

NOTE = "Casus Y-BGW7LDL3, geb. 03-04-2010"


@pytest.fixture
def halt(tmp_path: Path) -> Halt:
    halt = Halt(tmp_path / "halt.sqlite3")
    assert halt("demo", "--size", "12").exit_code == 0
    with connect(halt.url) as store, store.unit_of_work() as uow:
        for partner in uow.partners.all():
            uow.partners.save(attrs.evolve(partner, notes=NOTE))
    return halt


def notes(halt: Halt, *args: str) -> set[str]:
    result = halt("export", "--format", "csv", "--kind", "partners", "--out", "-", *args)
    assert result.exit_code == 0, result.output
    return {row["notes"] for row in csv.DictReader(io.StringIO(result.stdout))}


def test_free_text_is_left_out_by_default_and_the_notice_says_so(halt: Halt) -> None:
    assert notes(halt) == {""}
    result = halt("export", "--format", "csv", "--kind", "partners", "--out", "-")
    assert "free text (notes, agreements, agenda items" in result.stderr


def test_free_text_can_be_scrubbed_or_kept_when_including(halt: Halt) -> None:
    assert notes(halt, "--free-text", "scrub") == {"Casus [verwijderd], geb. [verwijderd]"}
    include = ("--personal-data", "include", "--purpose", "test")
    assert notes(halt, *include, "--free-text", "keep") == {NOTE}


def test_keeping_free_text_without_including_is_refused(halt: Halt) -> None:
    result = halt(
        "export", "--format", "csv", "--kind", "partners", "--out", "-", "--free-text", "keep"
    )
    assert result.exit_code != 0
    assert "free text is kept as typed only when" in result.output
    assert NOTE not in result.stdout
