r"""CSV: one file per record kind, laid out by :data:`halt_core.export.TABLES`.

Each kind becomes ``<kind>.csv`` (``partners.csv``, ``interventions.csv``, ...): a header row
of the table's column names, then one row per record. Files are UTF-8 with ``\r\n`` line
ends, quoted only where a cell needs it. Cells are text: no value is an empty cell, truth
values ``true``/``false``, dates ``2026-09-01``, date-times ISO 8601 with their offset
(``2026-09-01T09:00:00+02:00``). A kind without records gets no file, unless it was asked
for by name (``kinds=[...]``, ``halt export --kind``): then its file holds the header only.

**Formulas.** A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, even from a CSV file: a partner named ``=HYPERLINK("http://...","klik hier")`` would
become a link in the reader's Excel or LibreOffice (CSV injection). So, as OWASP advises, a
*text* cell that begins with one of those, with a tab or a carriage return, or with their
full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20), is written with an apostrophe before it
(``'=1+1``), which spreadsheets show as text. Cells the exporter itself writes from typed
values (whole numbers such as a group size, dates, truth values) are never changed: they are
not text anyone typed. For a program that reads the files, ``neutralise_formulas=false``
writes every cell exactly as stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, BinaryIO

from halt_core.errors import ExportFailed, InvalidValue
from halt_core.export import TABLES, Cell, Exporter, ExportOptions, Sink, Table
from halt_core.hookspecs import hookimpl

__all__ = ["FORMULA_STARTS", "CsvExporter", "halt_exporters", "neutralised"]

_SETTINGS = {
    "delimiter": "the character between cells: ',' (default), ';' (Dutch Excel) or 'tab'",
    "bom": "true to start each file with a UTF-8 byte order mark, so Excel reads it as UTF-8",
    "neutralise_formulas": "true (default) to put an apostrophe before text cells that begin "
    "with = + - @, a tab or a carriage return, so spreadsheets do not run them as formulas; "
    "false for programs that read the files",
}
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""The first characters that make a spreadsheet read a text cell as a formula."""
_DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t"}
_BOM = b"\xef\xbb\xbf"

# The csv module writes None as an empty cell and other values as str() does, which is right
# for text, whole numbers and dates; truth values and date-times need their own text.
_FIXES: Mapping[type, Callable[[Any], str]] = {
    bool: {True: "true", False: "false"}.__getitem__,
    dt.datetime: dt.datetime.isoformat,
}


class CsvExporter:
    """Writes each record kind as a CSV file, with the columns of its table.

    Several kinds need a sink that takes several files (a zip archive or a folder); there a
    ``README.txt`` follows the CSV files, saying when the export was made, how many rows each
    file has and what was done with personal data of youths. A single stream takes one kind
    only (``kinds=[Partner]``) and has no room for that note: the
    :class:`~halt_core.export.ExportReport` carries it.

    Settings:
        delimiter: ``","`` (the default), ``";"`` (what Excel expects in Dutch settings) or
            ``"tab"``.
        bom: ``true`` to start each file with a UTF-8 byte order mark, so Excel detects the
            encoding; ``false`` by default.
        neutralise_formulas: ``true`` (the default) to write a text cell that a spreadsheet
            would run as a formula with an apostrophe before it (see
            :mod:`halt_adapters.export.csvfiles`); ``false`` to write every cell as stored,
            for programs that read the files.

    """

    name = "csv"
    media_type = "text/csv"
    extension = ".csv"
    accepts: tuple[type, ...] = tuple(TABLES)
    description = "one CSV file per record kind (several kinds: to a zip archive or a folder)"

    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        """Write one CSV file per kind of ``records``, then a README where there is room."""
        options.check_settings(self.name, _SETTINGS)
        chosen = options.text("delimiter", ",")
        delimiter = _DELIMITERS.get(chosen)
        if delimiter is None:
            raise InvalidValue("csv export", "delimiter", chosen, "',' (default), ';' or 'tab'")
        bom = options.flag("bom", False)
        neutral = options.flag("neutralise_formulas", True)
        if sink.single and options.kinds is not None and len(options.kinds) > 1:
            # Known before anything is written: refuse now, leaving the stream untouched.
            raise ExportFailed(
                self.name,
                f"it writes a file per record kind ({', '.join(options.kinds)}) and was given "
                "one stream: export to a .zip archive or a folder, or export one record kind",
            )
        rows: dict[str, int] = {}
        for record_type, group in itertools.groupby(records, type):
            table = TABLES[record_type]
            for name in _before(options.kinds, table.name, rows):  # asked for, but empty
                rows[name] = self._write(sink, _BY_NAME[name], (), delimiter, bom, neutral)
            rows[table.name] = self._write(sink, table, group, delimiter, bom, neutral)
        for name in _before(options.kinds, None, rows):
            rows[name] = self._write(sink, _BY_NAME[name], (), delimiter, bom, neutral)
        if not sink.single:
            with sink.open("README.txt", format=self.name) as stream:
                stream.write(_readme(rows, chosen, bom, neutral, options).encode())

    def _write(
        self,
        sink: Sink,
        table: Table,
        records: Iterable[Any],
        delimiter: str,
        bom: bool,
        neutral: bool,
    ) -> int:
        with sink.open(f"{table.name}.csv", format=self.name) as stream:
            if bom:
                stream.write(_BOM)
            return _write_table(stream, table, records, delimiter, neutral)


_BY_NAME = {table.name: table for table in TABLES.values()}


def _before(kinds: tuple[str, ...] | None, name: str | None, done: Mapping[str, int]) -> list[str]:
    """The kinds expected before ``name`` (all, for None) that have no file yet."""
    if kinds is None:
        return []
    until = kinds.index(name) if name in kinds else len(kinds)
    return [k for k in kinds[:until] if k not in done]


def neutralised(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text: ``'=1+1`` for ``=1+1``.

    A text that begins with a character of :data:`FORMULA_STARTS` gets an apostrophe before
    it; any other is returned as it is.
    """
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _write_table(
    stream: BinaryIO, table: Table, records: Iterable[Any], delimiter: str, neutral: bool = True
) -> int:
    """Write the header and a row per record to ``stream``; return the number of rows."""
    rows = _Rows(table, neutral)
    wrapper = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        writer = csv.writer(wrapper, delimiter=delimiter)
        writer.writerow(table.header)
        writer.writerows(map(rows.cells, records))
    finally:
        wrapper.detach()  # flushes, and leaves the stream to the sink to close
    return rows.count


class _Rows:
    """The cells of records as the csv module writes them right, fixing only what needs it.

    Each column holds one type of cell (or None), so the fix of a column is chosen once,
    from its first cell that is not None; most columns need none. Text columns are
    neutralised (when asked): their fix looks at the first character only.
    """

    def __init__(self, table: Table, neutral: bool = True) -> None:
        self.getters = tuple(column.get for column in table.columns)  # table.row, inlined
        self.unseen = list(range(len(self.getters)))  # columns with only None so far
        self.fixes: list[tuple[int, Callable[[Any], str]]] = []
        self.neutral = neutral
        self.count = 0

    def cells(self, record: Any) -> list[Cell]:
        """The cells of ``record``, with truth values and date-times as text."""
        self.count += 1
        cells = [get(record) for get in self.getters]
        if self.unseen:
            self._learn(cells)
        for index, fix in self.fixes:
            cell = cells[index]
            if cell is not None:
                cells[index] = fix(cell)
        return cells

    def _learn(self, cells: list[Cell]) -> None:
        unseen = []
        for index in self.unseen:
            cell = cells[index]
            if cell is None:
                unseen.append(index)
            elif type(cell) in _FIXES:
                self.fixes.append((index, _FIXES[type(cell)]))
            elif self.neutral and isinstance(cell, str):
                self.fixes.append((index, neutralised))
        self.unseen = unseen


def _readme(
    rows: Mapping[str, int], delimiter: str, bom: bool, neutral: bool, options: ExportOptions
) -> str:
    files = "\n".join(f"  {name}.csv: {count} rows" for name, count in rows.items())
    encoding = "UTF-8 with a byte order mark" if bom else "UTF-8"
    formulas = (
        "A text cell that begins with = + - @, a tab or a carriage return starts with an\n"
        "apostrophe ('=1+1), so a spreadsheet shows it as text instead of running it as a\n"
        "formula; numbers and dates are as they are.\n"
        if neutral
        else "Every cell is as stored: text that begins with = + - or @ is not neutralised, so\n"
        "do not open these files in a spreadsheet.\n"
    )
    return (
        "Halt network export: CSV, one file per record kind\n"
        f"generated at: {options.generated_at.isoformat()}\n"
        f"files:\n{files or '  none: there were no records'}\n"
        f"personal data: {options.personal_data.notice}\n"
        "\n"
        f"The files are {encoding}, cells separated by {delimiter!r}; the first row names the\n"
        "columns. Dates read 2026-09-01, times 2026-09-01T09:00:00+02:00 (with their UTC offset),\n"
        "truth values true or false; an empty cell has no value. Lists are joined in one cell:\n"
        "the JSON export has the full structure.\n"
        f"{formulas}"
    )


@hookimpl
def halt_exporters() -> list[Exporter]:
    """halt_core's CSV format."""
    return [CsvExporter()]
