"""Excel workbooks (``.xlsx``): one sheet per record kind, typed cells, and an "about" sheet.

Needs openpyxl, the extra ``halt-core[xlsx]``. The sheets stream to temporary files as rows
come (openpyxl's write-only mode), so memory stays flat however many records there are; the
workbook is zipped into the sink at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from halt_core.errors import ExportFailed
from halt_core.export import TABLES, Cell, Exporter, ExportOptions, Sink, Table, table_for
from halt_core.hookspecs import hookimpl
from halt_core.model.periods import AMSTERDAM

if TYPE_CHECKING:
    from _typeshed import SizedBuffer, StrPath

__all__ = [
    "CUT_MARK",
    "DATETIME_FORMAT",
    "DATE_FORMAT",
    "FILE_NAME",
    "MAX_CELL_TEXT",
    "XlsxExporter",
    "halt_exporters",
]

FILE_NAME = "halt-export.xlsx"
"""The name the workbook is written under in the sink."""

MAX_CELL_TEXT = 32_767
"""The most characters (UTF-16 code units) Excel holds in one cell."""

CUT_MARK = "… [cut]"
"""How a text cut to fit :data:`MAX_CELL_TEXT` ends."""

DATE_FORMAT = "yyyy-mm-dd"
"""The number format of date cells."""

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
"""The number format of date-time cells (the value keeps seconds and milliseconds)."""

# Characters XML 1.0 cannot carry: a workbook holding them is damaged, so they are replaced.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_REPLACEMENT = "\ufffd"
_SAMPLE_ROWS = 100
_MAX_WIDTH = 60
_SPOOL_BYTES = 256 * 1024  # a larger workbook goes to disk: memory stays flat
_FIRST_EXCEL_DAY = dt.date(1900, 1, 1)
_MOMENT_TEXT = (
    "Europe/Amsterdam wall-clock time, to the millisecond: Excel cells carry no time zone, "
    "so the hour repeated when summer time ends reads the same twice"
)


class XlsxExporter:
    """Writes an Excel workbook: an "about" sheet, then one sheet per record kind present.

    The "about" sheet gives the format, when the export was made, what was done with personal
    data of youths (also the workbook's description) and the rows on each sheet. Each record
    sheet is named after its table in :data:`halt_core.export.TABLES` and has a bold, frozen
    header row, an auto filter over its rows and columns sized to their first rows.

    Cells keep their types: whole numbers are numbers, truth values booleans, None and empty
    text empty cells, dates Excel dates. Date-times are Excel date-times in Europe/Amsterdam
    wall-clock time, to the millisecond, because Excel cells hold no time zone; the "about"
    sheet says so. Dates before 1900, which Excel cannot hold, are written as ISO text. Text
    is always text, even when it starts with ``=`` or reads ``#N/A``; carriage returns become
    line breaks; characters a workbook cannot carry (control characters other than tab and line
    break, lone surrogates, U+FFFE, U+FFFF) are replaced by U+FFFD, and text longer than
    Excel's 32,767 characters is cut and ends with :data:`CUT_MARK`; the "about" sheet counts
    the cells so changed. The same records and export time give the same bytes.

    Settings: none.
    """

    name = "xlsx"
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = ".xlsx"
    accepts: tuple[type, ...] = tuple(TABLES)
    description = "an Excel workbook, one sheet per record kind"

    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        """Write ``records`` as one workbook, :data:`FILE_NAME`, to ``sink``."""
        options.check_settings(self.name, {})
        book = _Book(self.name, options)
        try:
            sheet: _Sheet | None = None
            for record in records:
                if sheet is None or type(record) is not sheet.table.type:
                    if sheet is not None:
                        sheet.finish()
                    sheet = book.sheet(table_for(type(record)))
                sheet.add(sheet.table.row(record))
            if sheet is not None:
                sheet.finish()
            book.finish()
        except BaseException:
            book.discard()
            raise
        # The sink is opened only now, so a failure above leaves nothing half-written.
        with sink.open(FILE_NAME, format=self.name) as stream:
            book.save(stream)


class _Book:
    """A write-only workbook being filled, and what its "about" sheet will say."""

    def __init__(self, format: str, options: ExportOptions) -> None:
        try:
            import openpyxl
        except ImportError:
            raise ExportFailed(
                format, "it needs openpyxl: install halt-core[xlsx] (pip install 'halt-core[xlsx]')"
            ) from None
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES
        from openpyxl.styles import Font
        from openpyxl.utils import get_column_letter
        from openpyxl.writer.excel import ExcelWriter

        self.format = format
        self.options = options
        self.workbook = openpyxl.Workbook(write_only=True)
        self.about: Any = self.workbook.create_sheet("about")
        self.cell = WriteOnlyCell
        self.column_letter = get_column_letter
        self.excel_writer = ExcelWriter
        self.error_codes = frozenset(ERROR_CODES)
        self.bold = Font(bold=True)
        self.rows: dict[str, int] = {}
        self.changed = 0

    def sheet(self, table: Table) -> _Sheet:
        """A new sheet for the records of ``table``."""
        if table.name in self.rows:
            raise ExportFailed(
                self.format,
                f"the {table.name} came in more than one group: give the records of each kind "
                "together (as a network or a store gives them)",
            )
        self.rows[table.name] = 0
        return _Sheet(self, table)

    def heading(self, sheet: Any, *names: str) -> list[Any]:
        """Bold cells for ``sheet`` holding ``names``."""
        cells = [self.cell(sheet, name) for name in names]
        for cell in cells:
            cell.font = self.bold
        return cells

    def cells(self, sheet: Any, row: Iterable[Cell]) -> list[Any]:
        """The values or openpyxl cells that write ``row`` to ``sheet`` as typed cells."""
        return [self._cell(sheet, value) for value in row]

    def _cell(self, sheet: Any, value: Cell) -> Any:
        if isinstance(value, str):
            if not value:
                return None  # an empty cell, not a cell holding no text
            text = self._text(value)
            if text.startswith("=") or text in self.error_codes:
                # openpyxl would write these as a formula or an error: keep them text.
                cell = self.cell(sheet, text)
                cell.data_type = "s"
                return cell
            return text
        if isinstance(value, dt.datetime):
            local = value.astimezone(AMSTERDAM)
            if local.date() < _FIRST_EXCEL_DAY:
                return value.isoformat()
            wall = local.replace(tzinfo=None, microsecond=local.microsecond // 1000 * 1000)
            return self._dated(sheet, wall, DATETIME_FORMAT)
        if isinstance(value, dt.date):
            if value < _FIRST_EXCEL_DAY:
                return value.isoformat()
            return self._dated(sheet, value, DATE_FORMAT)
        return value  # whole numbers, truth values and None are cells as they are

    def _dated(self, sheet: Any, value: dt.date, number_format: str) -> Any:
        cell = self.cell(sheet)
        cell.value = value
        cell.number_format = number_format
        return cell

    def _text(self, value: str) -> str:
        if "\r" in value:
            # An XML reader turns a carriage return into a line break anyway; say so here.
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        text = _NOT_IN_XML.sub(_REPLACEMENT, value)
        # A UTF-16 length is at most twice the length: only long texts need measuring.
        if 2 * len(text) > MAX_CELL_TEXT and len(text.encode("utf-16-le")) > 2 * MAX_CELL_TEXT:
            kept = text.encode("utf-16-le")[: 2 * (MAX_CELL_TEXT - len(CUT_MARK))]
            text = kept.decode("utf-16-le", errors="ignore") + CUT_MARK
        if text != value:
            self.changed += 1
        return text

    def finish(self) -> None:
        """Fill the "about" sheet and the workbook's properties."""
        options = self.options
        self.about.column_dimensions["A"].width = 16
        self.about.column_dimensions["B"].width = 100
        self.about.append(self.heading(self.about, "Halt network export"))
        self.about.append(["format", self.format])
        self.about.append(["generated_at", options.generated_at.isoformat()])
        self.about.append(["personal_data", options.personal_data.notice])
        self.about.append(["date-times", _MOMENT_TEXT])
        if self.changed:
            self.about.append(
                [
                    "changed_cells",
                    f"{self.changed} (characters a workbook cannot carry are shown as "
                    f"{_REPLACEMENT}; text over {MAX_CELL_TEXT:,} characters is cut and ends "
                    f"with {CUT_MARK!r})",
                ]
            )
        self.about.append([])
        self.about.append(self.heading(self.about, "sheet", "rows"))
        for name, count in self.rows.items():
            self.about.append([name, count])
        created = options.generated_at.astimezone(dt.UTC).replace(tzinfo=None)
        properties = self.workbook.properties
        properties.title = "Halt network export"
        properties.description = options.personal_data.notice
        properties.creator = "halt_core"
        properties.created = properties.modified = created

    def save(self, stream: BinaryIO) -> None:
        """Zip the workbook into ``stream``, through a spooled file if it cannot seek."""
        try:
            seekable = stream.seekable()
        except (AttributeError, OSError):
            seekable = False
        if seekable:
            self._save_to(stream)
            return
        # Written straight to a stream that cannot seek, a zip falls back to data descriptors;
        # a spooled file keeps the plain layout Excel itself writes.
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as spool:
            self._save_to(spool)
            spool.seek(0)
            shutil.copyfileobj(spool, stream)

    def discard(self) -> None:
        """Close the sheets and delete their temporary files, writing nothing anywhere."""
        # Saving is openpyxl's only public way to close a write-only sheet's temporary file;
        # an uncompressed archive that goes nowhere makes that cheap.
        with contextlib.suppress(Exception), open(os.devnull, "wb") as nowhere:
            archive = _StableZip(nowhere, (1980, 1, 1, 0, 0, 0), zipfile.ZIP_STORED)
            self.excel_writer(self.workbook, archive).save()

    def _save_to(self, stream: IO[bytes]) -> None:
        # openpyxl's Workbook.save stamps the current time into the workbook and its zip
        # members; writing through ExcelWriter keeps the export time instead.
        local = self.options.generated_at.astimezone(AMSTERDAM)
        moment = max(
            (1980, 1, 1, 0, 0, 0),
            (local.year, local.month, local.day, local.hour, local.minute, local.second),
        )
        archive = _StableZip(stream, moment, zipfile.ZIP_DEFLATED)
        self.excel_writer(self.workbook, archive).save()  # closes the archive


class _Sheet:
    """One record sheet: its first rows wait until the column widths are known."""

    def __init__(self, book: _Book, table: Table) -> None:
        self.book = book
        self.table = table
        self.sheet: Any = book.workbook.create_sheet(table.name)
        self.waiting: list[tuple[Cell, ...]] | None = []

    def add(self, row: tuple[Cell, ...]) -> None:
        """Write ``row`` (the first rows once the sample for the column widths is in)."""
        self.book.rows[self.table.name] += 1
        if self.waiting is None:
            self.sheet.append(self.book.cells(self.sheet, row))
            return
        self.waiting.append(row)
        if len(self.waiting) >= _SAMPLE_ROWS:
            self._start()

    def _start(self) -> None:
        # Widths and panes go into the sheet before its first row: write-only mode needs that.
        assert self.waiting is not None
        sample = [self.table.header, *self.waiting]
        for index in range(len(self.table.header)):
            width = max(_width(row[index]) for row in sample)
            letter = self.book.column_letter(index + 1)
            self.sheet.column_dimensions[letter].width = min(width + 2, _MAX_WIDTH)
        self.sheet.freeze_panes = "A2"
        self.sheet.append(self.book.heading(self.sheet, *self.table.header))
        for row in self.waiting:
            self.sheet.append(self.book.cells(self.sheet, row))
        self.waiting = None

    def finish(self) -> None:
        """Write the rows still waiting and set the auto filter over the whole sheet."""
        if self.waiting is not None:
            self._start()
        last = self.book.column_letter(len(self.table.header))
        self.sheet.auto_filter.ref = f"A1:{last}{self.book.rows[self.table.name] + 1}"


def _width(value: Cell) -> int:
    """How many characters ``value`` takes on screen, on its longest line."""
    if value is None:
        return 0
    if isinstance(value, str):
        return max(len(line) for line in value.split("\n"))
    if isinstance(value, bool):
        return 5
    if isinstance(value, dt.datetime):
        return len("2026-01-01 00:00")
    if isinstance(value, dt.date):
        return len("2026-01-01")
    return len(str(value))


class _StableZip(zipfile.ZipFile):
    """A zip archive written with one time on every member, so equal exports are equal bytes."""

    def __init__(
        self, stream: IO[bytes], moment: tuple[int, int, int, int, int, int], compression: int
    ) -> None:
        super().__init__(stream, "w", compression=compression, allowZip64=True)
        self._moment = moment

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self._moment)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16  # what ZipFile gives a member written from bytes
        return info

    def writestr(
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: SizedBuffer | str,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """Write ``data`` as a member, stamped with the export time."""
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(
        self,
        filename: StrPath,
        arcname: StrPath | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        """Copy the file ``filename`` (a sheet openpyxl streamed) in as a member."""
        info = self._info(os.fspath(filename if arcname is None else arcname))
        info.file_size = os.path.getsize(filename)  # lets zipfile decide if it needs zip64
        with open(filename, "rb") as source, self.open(info, "w") as member:
            shutil.copyfileobj(source, member, 64 * 1024)


@hookimpl
def halt_exporters() -> list[Exporter]:
    """Provide the ``xlsx`` format."""
    return [XlsxExporter()]
