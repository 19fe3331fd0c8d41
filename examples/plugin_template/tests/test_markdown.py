"""The markdown format keeps the export contract: halt_core's conformance kit, and its own."""

import io

import pytest
from halt_adapters.testing import ExporterConformance
from halt_adapters.testing.exporting import GENERATED_AT, sample_network
from halt_core.export import export
from halt_core.model import Forum

from halt_plugin_template.markdown import MarkdownTables


class TestMarkdownTables(ExporterConformance):
    """Every test of the kit, against the format as its plugin provides it."""

    @pytest.fixture
    def exporter(self) -> MarkdownTables:
        return MarkdownTables()


def test_a_table_per_kind_with_a_row_per_record() -> None:
    network = sample_network()
    out = io.BytesIO()
    export(network, out, "markdown", kinds=[Forum], generated_at=GENERATED_AT)
    lines = out.getvalue().decode().splitlines()
    assert lines[0] == "# Halt's network"
    start = lines.index("## forums")
    rows = [line for line in lines[start + 4 :] if line.startswith("| ")]
    assert len(rows) == len(network.forums)
    assert network.forums[0].name in rows[0]


def test_the_title_is_a_setting() -> None:
    out = io.BytesIO()
    export([], out, "markdown", settings={"title": "Forums | Amsterdam"})
    assert out.getvalue().startswith(b"# Forums \\| Amsterdam\n")
