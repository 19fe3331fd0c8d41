"""``halt <kind> list``: tables capped at --limit, and JSON and JSON Lines written as read."""

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import halt_adapters
from halt_adapters.cli._output import DEFAULT_LIMIT, FLUSH_EVERY, write_json_array, write_jsonl
from halt_core import connect
from halt_core.model import Area, Arrondissement, HaltRole
from halt_core.serialization import to_dict
from halt_core.storage.reading import Reading

from .conftest import DEMO_PARTNERS, Halt

KINDS = ("partners", "forums", "collaborations", "interventions", "referrals")
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MORE = re.compile(
    r"^\.\.\. and ([\d,]+) more: --limit 0 shows them all, --format jsonl streams them for tools$",
    re.MULTILINE,
)


def listed(halt: Halt, kind: str, *args: str) -> str:
    result = halt(kind, "list", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def rows(table: str) -> list[str]:
    """The ids in a table's rows: one a row, in the first column."""
    return [line.split()[1] for line in table.splitlines() if _ID.search(line)]


def more(table: str) -> int | None:
    """The count of the '... and N more' line, or None without one."""
    found = MORE.findall(table)
    assert len(found) <= 1, table
    return int(found[0].replace(",", "")) if found else None


def title_count(table: str, title: str) -> int:
    found = re.search(rf"^{title} \(([\d,]+)\)$", table, re.MULTILINE)
    assert found, table
    return int(found[1].replace(",", ""))


def jsonl(text: str) -> list[dict[str, Any]]:
    assert text == "" or text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def stored(halt: Halt, kind: str, **criteria: Any) -> list[Any]:
    with connect(halt.url) as store, store.unit_of_work() as uow:
        return list(getattr(uow, kind).query(**criteria))


# -- tables ---------------------------------------------------------------------------------


def test_a_table_shows_the_first_50_rows_and_counts_the_rest(halt: Halt) -> None:
    table = listed(halt, "partners")
    shown = rows(table)
    assert len(shown) == DEFAULT_LIMIT == 50
    assert title_count(table, "Partners") == DEMO_PARTNERS
    assert more(table) == DEMO_PARTNERS - 50
    # The first rows, in the order of the store: the same as the first of the JSON array.
    everything = json.loads(listed(halt, "partners", "--format", "json"))
    assert shown == [document["id"] for document in everything[:50]]


def test_limit_0_shows_every_row(halt: Halt) -> None:
    table = listed(halt, "partners", "--limit", "0")
    assert len(rows(table)) == DEMO_PARTNERS == title_count(table, "Partners")
    assert more(table) is None


def test_limit_3_shows_three_rows(halt: Halt) -> None:
    table = listed(halt, "partners", "--limit", "3")
    assert len(rows(table)) == 3
    assert more(table) == DEMO_PARTNERS - 3
    assert title_count(table, "Partners") == DEMO_PARTNERS


def test_a_limit_of_exactly_what_matches_says_nothing_more(halt: Halt) -> None:
    table = listed(halt, "partners", "--limit", str(DEMO_PARTNERS))
    assert len(rows(table)) == DEMO_PARTNERS
    assert more(table) is None


@pytest.mark.parametrize(
    ("kind", "title", "filters"),
    [
        ("interventions", "Interventions", ["--status", "scheduled"]),  # counted by the store
        ("referrals", "Referrals", ["--arrondissement", "Amsterdam"]),  # the store, by area
        ("forums", "Forums", ["--role", "information_supplier"]),  # counted by reading the rest
    ],
)
def test_the_more_line_counts_what_the_filters_match(
    halt: Halt, kind: str, title: str, filters: list[str]
) -> None:
    matching = jsonl(listed(halt, kind, "--format", "jsonl", *filters))
    assert len(matching) > 2
    table = listed(halt, kind, "--limit", "2", *filters)
    assert rows(table) == [document["id"] for document in matching[:2]]
    assert more(table) == len(matching) - 2
    assert title_count(table, title) == len(matching)


def test_referrals_by_area_are_those_of_its_municipalities(halt: Halt) -> None:
    with connect(halt.url) as store:
        inside = store.gazetteer.municipality_codes_in(
            Area.arrondissement(Arrondissement.named("Rotterdam"))
        )
    everything = jsonl(listed(halt, "referrals", "--format", "jsonl"))
    found = jsonl(listed(halt, "referrals", "--format", "jsonl", "--arrondissement", "Rotterdam"))
    assert found
    assert found == [d for d in everything if d["municipality"] in inside]


def test_forums_by_role_are_filtered_as_they_stream(halt: Halt) -> None:
    found = jsonl(listed(halt, "forums", "--format", "jsonl", "--role", "information_supplier"))
    expected = [
        f.id for f in stored(halt, "forums") if f.halt_role is HaltRole.INFORMATION_SUPPLIER
    ]
    assert [d["id"] for d in found] == [str(i) for i in expected]


# -- JSON and JSON Lines ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_jsonl_lines_are_the_documents_of_the_json_array(halt: Halt, kind: str) -> None:
    lines = jsonl(listed(halt, kind, "--format", "jsonl"))
    array = json.loads(listed(halt, kind, "--format", "json"))
    assert lines == array
    # Every record, whatever the table's limit, each the converter's document.
    expected = [to_dict(r) for r in stored(halt, kind)]
    if kind == "referrals":  # a list is an overview: the youth is for 'referrals show'
        for document in expected:
            document.pop("youth")
    assert lines == json.loads(json.dumps(expected))


def test_json_is_one_array_written_a_document_at_a_time(halt: Halt) -> None:
    text = listed(halt, "partners", "--format", "json")
    assert text.startswith("[\n{")
    assert text.endswith("}\n]\n")
    assert len(json.loads(text)) == DEMO_PARTNERS
    assert text.count(",\n{") == DEMO_PARTNERS - 1  # one document a line


@pytest.mark.parametrize("output", ["json", "jsonl"])
def test_a_limit_given_caps_json_too(halt: Halt, output: str) -> None:
    text = listed(halt, "partners", "--format", output, "--limit", "3")
    documents = json.loads(text) if output == "json" else jsonl(text)
    everything = jsonl(listed(halt, "partners", "--format", "jsonl"))
    assert len(everything) == DEMO_PARTNERS
    assert documents == everything[:3]


@pytest.mark.parametrize("where", ["an empty store", "a filter matching nothing"])
def test_an_empty_answer_in_each_format(halt: Halt, empty: Halt, where: str) -> None:
    if where == "an empty store":
        assert empty("init").exit_code == 0
        run, filters = empty, []
    else:
        run, filters = halt, ["--to", "1970-01-01"]
    table = listed(run, "interventions", *filters)
    assert title_count(table, "Interventions") == 0
    assert rows(table) == []
    assert more(table) is None
    assert listed(run, "interventions", "--format", "json", *filters) == "[]\n"
    assert listed(run, "interventions", "--format", "jsonl", *filters) == ""


@pytest.mark.parametrize("output", ["table", "json", "jsonl"])
def test_a_negative_limit_is_refused_in_one_line(halt: Halt, output: str) -> None:
    result = halt("partners", "list", "--format", output, "--limit", "-1")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert "--limit" in lines[0]
    assert "0 to show them all" in lines[0]
    assert result.stdout == ""


# -- written as read ---------------------------------------------------------------------------


@pytest.fixture
def written_at_each_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The bytes on standard output each time the store's stream gives a record."""
    original = Reading.stream
    written: list[int] = []

    def stream(self: Reading[Any], **criteria: Any) -> Iterator[Any]:
        for record in original(self, **criteria):
            written.append(len(sys.stdout.buffer.getvalue()))  # type: ignore[union-attr]
            yield record

    monkeypatch.setattr(Reading, "stream", stream)
    return written


@pytest.mark.parametrize("output", ["jsonl", "json"])
def test_the_first_document_is_written_before_the_last_record_is_read(
    halt: Halt, written_at_each_read: list[int], output: str
) -> None:
    data = listed(halt, "interventions", "--format", output).encode()
    lines = data.splitlines(keepends=True)
    assert len(written_at_each_read) == len(json.loads(data) if output == "json" else lines)
    assert len(written_at_each_read) > FLUSH_EVERY
    assert written_at_each_read[0] == 0  # nothing before the first read
    # When the last record was read, every one before it was out already.
    if output == "jsonl":
        assert written_at_each_read[-1] == len(data) - len(lines[-1])
    else:  # all but ",\n", the last document, "\n]\n"
        assert written_at_each_read[-1] == len(data) - len(lines[-1]) - len(lines[-2]) - 2


class Flushed(io.BytesIO):
    """A binary stream that remembers what had been flushed (what a pipe's reader had)."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = b""

    def flush(self) -> None:
        super().flush()
        self.flushed = self.getvalue()


@pytest.mark.parametrize("writer", [write_jsonl, write_json_array])
def test_writers_flush_the_first_document_at_once_and_then_per_batch(writer: Any) -> None:
    out = Flushed()
    count = FLUSH_EVERY * 2 + 5
    flushed_before: list[bytes] = []

    def documents() -> Iterator[Any]:
        for n in range(count):
            flushed_before.append(out.flushed)
            yield {"n": n} if n % 2 else b'{"n":%d}' % n  # already encoded, or not

    assert writer(documents(), out) == count
    assert flushed_before[1].rstrip(b",\n[").endswith(b'{"n":0}')  # the first, at once
    # When the last is read, everything up to the last full batch is out.
    assert flushed_before[-1].count(b"\n") >= FLUSH_EVERY * 2
    written = out.getvalue()
    assert out.flushed == written  # and the rest at the end
    found = json.loads(written) if writer is write_json_array else jsonl(written.decode())
    assert found == [{"n": n} for n in range(count)]


def test_a_reader_that_stops_early_ends_the_command_quietly(halt: Halt) -> None:
    """``halt interventions list --format jsonl | head -1``: exit 0, no traceback."""
    src = Path(halt_adapters.__file__).parents[1]
    process = subprocess.Popen(
        [
            *(sys.executable, "-c", "from halt_adapters.cli import main; main()"),
            *("--store", halt.url, "interventions", "list", "--format", "jsonl"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(src)},
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as head does once it has its line
    with process.stderr:
        errors = process.stderr.read()
    assert process.wait(timeout=120) == 0, errors
    assert json.loads(first)["id"]
    assert errors == b""


def test_export_jsonl_to_standard_output_also_writes_as_it_reads(
    halt: Halt, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = Reading.iterate_versioned
    written: list[int] = []

    def iterate_versioned(self: Reading[Any], batch_size: int = 1000) -> Iterator[Any]:
        for versioned in original(self, batch_size):
            written.append(len(sys.stdout.buffer.getvalue()))  # type: ignore[union-attr]
            yield versioned

    monkeypatch.setattr(Reading, "iterate_versioned", iterate_versioned)
    result = halt("export", "--format", "jsonl", "--out", "-")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(written) == len(lines) - 1  # a header line, then one line per record read
    # Lines are written a batch at a time, long before the last record is read.
    assert 0 < written[-1] < len(result.stdout.encode())
    assert written[-1] >= len("\n".join(lines[: len(lines) // 2]))
