"""Every built-in export format passes the export conformance kit, as a plugin's would.

Each class gives the kit one of halt-core's own exporters, made as a plugin author makes
theirs, and, where the format's bytes are not plain UTF-8 text, a reader that gives the text
they hold (a workbook's XML parts, a calendar's unfolded lines).
"""

from __future__ import annotations

import html
import inspect
import io
import itertools
import uuid
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest

from halt_adapters.export.csvfiles import CsvExporter
from halt_adapters.export.graph import DotExporter, MermaidExporter, PngExporter, SvgExporter
from halt_adapters.export.ics import IcsExporter
from halt_adapters.export.jsonfiles import JsonExporter, JsonLinesExporter
from halt_adapters.export.xlsx import XlsxExporter
from halt_adapters.testing import ExporterConformance
from halt_adapters.testing.exporting import Reader, _Kit, _Provides, _utf8, sample_network
from halt_core.export import Exporter, ExportOptions, Sink
from halt_core.model import Forum, Partner
from halt_core.plugins import plugin_manager
from tests._needs import graphviz


def read_workbook(name: str, data: bytes) -> str:
    """The text of every XML part of a workbook (a zip archive), entities decoded."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        parts = [book.read(part).decode("utf-8") for part in book.namelist()]
    return html.unescape("\n".join(parts))


def read_calendar(name: str, data: bytes) -> str:
    """An iCalendar file's text, its long lines unfolded and its text values unescaped."""
    text = data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    for escaped, plain in (("\\,", ","), ("\\;", ";"), ("\\n", "\n"), ("\\N", "\n")):
        text = text.replace(escaped, plain)
    return text.replace("\\\\", "\\")


def read_svg(name: str, data: bytes) -> str:
    """An SVG picture's text, XML entities decoded."""
    return html.unescape(data.decode("utf-8"))


class TestCsv(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return CsvExporter()


class TestJson(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return JsonExporter()


class TestJsonLines(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return JsonLinesExporter()


class TestXlsx(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return XlsxExporter()

    @pytest.fixture
    def reader(self) -> Reader:
        return read_workbook


class TestIcs(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return IcsExporter()

    @pytest.fixture
    def reader(self) -> Reader:
        return read_calendar


class TestDot(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return DotExporter()


class TestMermaid(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        return MermaidExporter()


class TestSvg(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        graphviz()
        return SvgExporter()

    @pytest.fixture
    def reader(self) -> Reader:
        return read_svg


class TestPng(ExporterConformance):
    @pytest.fixture
    def exporter(self) -> Exporter:
        graphviz()  # the notice and title are iTXt chunks: plain UTF-8 inside the PNG
        return PngExporter()

    @pytest.fixture
    def export_settings(self) -> Mapping[str, object]:
        return {"arrondissement": "Amsterdam"}  # a smaller picture renders sooner


# -- the kit catches what a format does wrong -----------------------------------------------


class Names:
    """Partner and forum names, one a line, under the privacy notice: passes the kit."""

    name = "names"
    media_type = "text/plain"
    extension = ".txt"
    accepts: tuple[type, ...] = (Partner, Forum)
    description = "partner and forum names, one per line"

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int] | None:
        options.check_settings(self.name, {})
        with sink.open("names.txt", format=self.name) as out:
            out.write(self.header(options))
            for record in records:
                out.write(f"{record.name}\n".encode())
        return None

    def header(self, options: ExportOptions) -> bytes:
        return f"# {options.personal_data.notice}\n".encode()


class NoNotice(Names):
    def header(self, options: ExportOptions) -> bytes:
        return b"# names\n"


class NoSettingsChecked(Names):
    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        with sink.open("names.txt", format=self.name) as out:
            out.write(self.header(options))
            out.writelines(f"{record.name}\n".encode() for record in records)


class SettingsCheckedLate(Names):
    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        with sink.open("names.txt", format=self.name) as out:
            out.write(self.header(options))
            options.check_settings(self.name, {})
            out.writelines(f"{record.name}\n".encode() for record in records)


class HoldsEveryRecord(Names):
    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int] | None:
        return super().export(sorted(records, key=lambda r: r.name), sink, options)


class NotRepeatable(Names):
    def header(self, options: ExportOptions) -> bytes:
        return super().header(options) + f"# export {uuid.uuid4()}\n".encode()


class Seeks(Names):
    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        options.check_settings(self.name, {})
        with sink.open("names.txt", format=self.name) as out:
            start = out.tell()
            out.write(self.header(options))
            out.writelines(f"{record.name}\n".encode() for record in records)
            out.seek(start)  # to rewrite the header with counts, say
            out.write(self.header(options))


class AFileAKindUnchecked(Names):
    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        options.check_settings(self.name, {})
        for record_type, group in itertools.groupby(records, type):
            with sink.open(f"{record_type.__name__}.txt", format=self.name) as out:
                out.write(self.header(options))
                out.writelines(f"{record.name}\n".encode() for record in group)


class BadlyNamed(Names):
    name = "Names List"


class CountsWhatItWasNotGiven(Names):
    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int]:
        super().export(records, sink, options)
        return {"partners": 10_000}


PLANTED = [
    NoNotice,
    NoSettingsChecked,
    SettingsCheckedLate,
    HoldsEveryRecord,
    NotRepeatable,
    Seeks,
    AFileAKindUnchecked,
    BadlyNamed,
    CountsWhatItWasNotGiven,
]


def kit_failures(exporter: Exporter, tmp_path: Path) -> list[str]:
    """The kit's tests that fail for ``exporter`` (all but the installation check)."""
    suite = ExporterConformance()
    kit = _Kit(
        exporter=exporter,
        reader=_utf8,
        network=sample_network(),
        settings={},
        manager=plugin_manager(entry_points=False, plugins=[_Provides(exporter)], strict=True),
    )
    arguments: dict[str, Any] = {"exporter": exporter, "exporter_kit": kit}
    failed = []
    for name in dir(suite):
        if not name.startswith("test_") or name == "test_it_is_installed_through_its_entry_point":
            continue
        method = getattr(suite, name)
        variants: list[dict[str, Any]] = [{}]
        for mark in getattr(method, "pytestmark", []):
            if mark.name == "parametrize":
                variants = [{mark.args[0]: value} for value in mark.args[1]]
        for n, variant in enumerate(variants):
            given = {**arguments, "tmp_path": tmp_path / f"{name}{n}", **variant}
            given["tmp_path"].mkdir()
            wanted = inspect.signature(method).parameters
            try:
                method(**{key: value for key, value in given.items() if key in wanted})
            except pytest.skip.Exception:
                pass
            except (Exception, pytest.fail.Exception):
                failed.append(name)
    return failed


def test_the_kit_passes_a_small_format_that_keeps_the_contract(tmp_path: Path) -> None:
    assert kit_failures(Names(), tmp_path) == []


@pytest.mark.parametrize("planted", PLANTED, ids=lambda cls: cls.__name__)
def test_the_kit_catches_a_format_that_breaks_the_contract(
    planted: type[Names], tmp_path: Path
) -> None:
    assert kit_failures(planted(), tmp_path), f"the kit passed {planted.__name__}"
