"""The export format ``markdown``: the network as Markdown tables, a table per record kind.

Columns are those of :data:`halt_core.export.TABLES` (the CSV and Excel exports use them too).
Records are written as they come, one row at a time, so an export of a large store holds one
record at a time.

This module is the plugin named ``plugin-template-markdown`` in ``pyproject.toml``: halt_core
imports it and calls :func:`halt_exporters`.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

from halt_core.export import TABLES, Cell, ExportOptions, Sink, Table
from halt_core.hookspecs import hookimpl

__all__ = ["FILE_NAME", "MarkdownTables", "halt_exporters"]

FILE_NAME = "network.md"
"""The one file the format writes."""

_SETTINGS = {"title": "the title at the top (default: Halt's network)"}


class MarkdownTables:
    """The records as Markdown tables under a heading per kind, in ``network.md``.

    The file starts with the title, the time of the export and what was done with personal
    data of youths.

    Settings:
        title: the title at the top (default: ``Halt's network``).

    """

    name = "markdown"
    media_type = "text/markdown"
    extension = ".md"
    accepts: tuple[type, ...] = tuple(TABLES)
    description = "the network as Markdown tables, one per record kind"

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int] | None:
        """Write the header, then a table per kind of ``records``, a row as each comes."""
        options.check_settings(self.name, _SETTINGS)  # first: refuse unknown settings
        title = options.text("title", "Halt's network")
        with sink.open(FILE_NAME, format=self.name) as out:
            _line(out, f"# {_text(title)}")
            _line(out, "")
            _line(out, f"Exported {options.generated_at.isoformat()}.")
            _line(out, "")
            _line(out, f"> {options.personal_data.notice}")  # required in every export
            for record_type, group in itertools.groupby(records, type):
                _table(out, TABLES[record_type], group)
        return None  # every record given was written: the export counts them


def _table(out: BinaryIO, table: Table, records: Iterable[Any]) -> None:
    _line(out, "")
    _line(out, f"## {table.name}")
    _line(out, "")
    _line(out, "| " + " | ".join(table.header) + " |")
    _line(out, "|" + " --- |" * len(table.header))
    for record in records:
        _line(out, "| " + " | ".join(_cell(cell) for cell in table.row(record)) + " |")


def _cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, dt.date):  # dates and date-times
        return cell.isoformat()
    return _text(str(cell))


def _text(text: str) -> str:
    """``text`` on one line, with the characters Markdown tables give a meaning escaped."""
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(text.split())


def _line(out: BinaryIO, text: str) -> None:
    out.write(text.encode("utf-8") + b"\n")


@hookimpl
def halt_exporters() -> Iterable[Any]:
    """The export formats of this plugin."""
    return [MarkdownTables()]
