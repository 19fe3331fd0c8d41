"""What an export reports it wrote is what it wrote: for every format and filter.

Each export is read back (rows, lines, documents, nodes, events) and counted by kind; the
report's ``written`` (which the ``halt export`` command prints as "Wrote ...") must be
exactly those counts: no kind it wrote none of, no record it was given but left out.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from halt_core.export import ExportReport, ZipSink, export
from halt_core.model import Forum, Meeting, Network, Partner, Referral
from tests._needs import graphviz
from tests.cli.conftest import Halt
from tests.export.conftest import GENERATED_AT


def _export(network: Network, format: str, **given: Any) -> tuple[ExportReport, bytes]:
    out = io.BytesIO()
    if format == "csv":
        with ZipSink(out) as sink:
            report = export(network, sink, format, generated_at=GENERATED_AT, **given)
    else:
        report = export(network, out, format, generated_at=GENERATED_AT, **given)
    return report, out.getvalue()


def _csv(data: bytes) -> Counter[str]:
    counted: Counter[str] = Counter()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                text = archive.read(name).decode("utf-8-sig")
                counted[name.removesuffix(".csv")] = sum(
                    1 for _ in csv.DictReader(io.StringIO(text))
                )
    return counted


def _json(data: bytes) -> Counter[str]:
    document = json.loads(data)
    return Counter(
        {k: len(v) for k, v in document.items() if k not in ("schema_version", "export")}
    )


def _jsonl(data: bytes) -> Counter[str]:
    lines = [json.loads(line) for line in data.splitlines()[1:] if line.strip()]
    return Counter(line["kind"] for line in lines)


def _xlsx(data: bytes) -> Counter[str]:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    counted = Counter(
        {
            sheet.title: sum(1 for _ in sheet.iter_rows(min_row=2))
            for sheet in book.worksheets
            if sheet.title != "about"
        }
    )
    book.close()
    return counted


_NODE_KINDS = {"p": "partners", "c": "collaborations", "f": "forums"}
_DOT_NODE = re.compile(r"^\s*([pcf])_[0-9a-f]{32} \[", re.MULTILINE)
_MERMAID_NODE = re.compile(r"^\s*([pcf])_[0-9a-f]{32}[(\[{]", re.MULTILINE)
_SVG_NODE = re.compile(r"<title>([pcf])_[0-9a-f]{32}</title>")


def _nodes(pattern: re.Pattern[str], data: bytes) -> Counter[str]:
    return Counter(_NODE_KINDS[kind] for kind in pattern.findall(data.decode()))


def _ics(network: Network, data: bytes) -> Counter[str]:
    from icalendar import Calendar

    from halt_core.notify.messages import session_uid

    intervention_of = {
        session_uid(session): intervention.id
        for intervention in network.interventions
        for session in (*intervention.sessions, *intervention.dropped_sessions)
    }
    counted: Counter[str] = Counter()
    interventions = set()
    for event in Calendar.from_ical(data).walk("VEVENT"):
        uid = str(event["UID"])
        if uid in intervention_of:
            interventions.add(intervention_of[uid])
        elif "-series@" in uid and "RECURRENCE-ID" not in event:
            counted["forums"] += 1  # a forum's series
        else:
            counted["meetings"] += 1  # a meeting of its own, or one in its forum's series
    counted["interventions"] = len(interventions)
    return +counted


def _read_back(network: Network, format: str, data: bytes) -> Counter[str]:
    if format == "csv":
        return _csv(data)
    if format == "json":
        return _json(data)
    if format == "jsonl":
        return _jsonl(data)
    if format == "xlsx":
        return _xlsx(data)
    if format == "dot":
        return _nodes(_DOT_NODE, data)
    if format == "mermaid":
        return _nodes(_MERMAID_NODE, data)
    if format == "svg":
        return _nodes(_SVG_NODE, data)
    assert format == "ics"
    return _ics(network, data)


def _some_partner(network: Network) -> str:
    # A partner sitting in a forum and taking part in an intervention: a calendar with both.
    in_forums = {member for forum in network.forums for member in forum.members}
    for intervention in network.interventions:
        taking_part = {intervention.school, intervention.commissioner, *intervention.partners}
        found = sorted(str(p) for p in taking_part & in_forums if p is not None)
        if intervention.sessions and found:
            return f"partner:{found[0]}"
    raise AssertionError("the demo has no partner in a forum with a planned intervention")


FILTERS: list[tuple[str, dict[str, Any]]] = [
    ("csv", {}),
    ("csv", {"kinds": [Partner, Meeting]}),
    ("csv", {"personal_data": "omit"}),
    ("json", {}),
    ("json", {"kinds": [Forum, Referral]}),
    ("jsonl", {"personal_data": "omit"}),
    ("jsonl", {"kinds": [Meeting]}),
    ("xlsx", {}),
    ("xlsx", {"kinds": [Partner, Forum]}),
    ("dot", {}),
    ("dot", {"settings": {"arrondissement": "Amsterdam"}}),
    ("dot", {"settings": {"unlinked": "true"}}),
    ("dot", {"kinds": [Partner, Forum]}),
    ("mermaid", {"settings": {"arrondissement": "Den Haag"}}),
    ("svg", {"settings": {"arrondissement": "Amsterdam"}}),
    ("ics", {}),
    ("ics", {"kinds": [Meeting]}),
    ("ics", {"settings": {"calendar": "forum"}}),
    ("ics", {"settings": {"calendar": "partner"}}),
]


def _name(format: str, given: dict[str, Any]) -> str:
    said = [t.__name__ for t in given.get("kinds", ())]
    said += [
        f"{k}={v}"
        for k, v in {**given, **given.get("settings", {})}.items()
        if k not in ("kinds", "settings")
    ]
    return "-".join([format, *said]) if said else format


@pytest.mark.parametrize(("format", "given"), FILTERS, ids=[_name(f, g) for f, g in FILTERS])
def test_an_export_reports_what_it_wrote(
    network: Network, format: str, given: dict[str, Any]
) -> None:
    if format in ("xlsx", "ics"):
        pytest.importorskip("openpyxl" if format == "xlsx" else "icalendar")
    if format == "svg":
        graphviz()
    calendar = given.get("settings", {}).get("calendar")
    if calendar == "forum":
        given = {"settings": {"calendar": f"forum:{network.forums[0].id}"}}
    elif calendar == "partner":
        given = {"settings": {"calendar": _some_partner(network)}}
    report, data = _export(network, format, **given)
    found = _read_back(network, format, data)
    assert dict(report.written) == dict(+found)
    assert report.total == sum(found.values())


def test_a_picture_of_one_arrondissement_reports_what_it_drew_not_what_it_was_given(
    network: Network,
) -> None:
    report, data = _export(network, "dot", settings={"arrondissement": "Amsterdam"})
    drawn = _nodes(_DOT_NODE, data)
    assert report.written["partners"] == drawn["partners"] < len(network.partners)


@pytest.mark.parametrize(
    ("format", "settings", "pattern"),
    [
        ("dot", ("arrondissement=Amsterdam",), _DOT_NODE),
        ("mermaid", (), _MERMAID_NODE),
    ],
)
def test_the_command_says_what_the_picture_drew(
    tmp_path: Path, format: str, settings: tuple[str, ...], pattern: re.Pattern[str]
) -> None:
    halt = Halt(tmp_path / "halt.sqlite3")
    assert halt("demo", "--size", "40").exit_code == 0
    given = [arg for setting in settings for arg in ("--set", setting)]
    out = tmp_path / f"network.{format}"
    result = halt("export", "--format", format, "--out", str(out), *given)
    assert result.exit_code == 0, result.output
    drawn = _nodes(pattern, out.read_bytes())
    kinds = ("partners", "collaborations", "forums")  # as a report lists them
    said = ", ".join(f"{drawn[kind]:,} {kind}" for kind in kinds if drawn[kind])
    assert f"Wrote {said} to " in result.output
