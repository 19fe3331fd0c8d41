import datetime as dt
import io
import pathlib
import re
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from halt_adapters.export import DirectorySink
from halt_adapters.export.xlsx import CUT_MARK, MAX_CELL_TEXT, XlsxExporter
from halt_core.errors import ExportFailed, HaltError, InvalidValue
from halt_core.export import TABLES, Exporter, ExportReport, ZipSink, export
from halt_core.model import Agreement, Intervention, Meeting, Network, Partner, Referral
from halt_core.model.periods import AMSTERDAM
from halt_core.plugins import exporter
from halt_core.testing import strategies as hs
from tests.export.conftest import GENERATED_AT

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEPT = {"personal_data": "include", "purpose": "test", "free_text": "keep"}
"""Every record as stored, free text too: for tests of how cells are written."""


def xlsx(source: Any, **options: Any) -> bytes:
    out = io.BytesIO()
    export(source, out, "xlsx", generated_at=GENERATED_AT, **options)
    return out.getvalue()


def workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def as_read(value: Any) -> Any:
    """A cell of ``Table.row`` as openpyxl reads it back from a workbook."""
    if isinstance(value, str) and not value:
        return None
    if isinstance(value, dt.datetime):
        wall = value.astimezone(AMSTERDAM).replace(tzinfo=None)
        return wall.replace(microsecond=wall.microsecond // 1000 * 1000)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return value


def rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


def first(book: Any, kind: str, column: str) -> Any:
    """The cell of ``column`` in the first record row of the ``kind`` sheet."""
    sheet = book[kind]
    index = [c.value for c in sheet[1]].index(column)
    return sheet.cell(row=2, column=index + 1)


def about(book: Any) -> dict[str, Any]:
    return {row[0]: row[1] for row in rows(book["about"]) if row[0] is not None}


@pytest.fixture(scope="module")
def included(network: Network) -> bytes:
    return xlsx(network, **KEPT)


@pytest.fixture(scope="module")
def included_book(included: bytes) -> Any:
    return workbook(included)


@pytest.fixture(scope="module")
def pseudonymised(network: Network) -> tuple[ExportReport, Any]:
    out = io.BytesIO()
    report = export(network, out, "xlsx", generated_at=GENERATED_AT)
    return report, workbook(out.getvalue())


def test_the_exporter_is_registered_under_xlsx():
    found = exporter("xlsx")
    assert isinstance(found, XlsxExporter)
    assert isinstance(found, Exporter)
    assert (found.media_type, found.extension) == (MEDIA_TYPE, ".xlsx")
    assert set(found.accepts) == set(TABLES)


def test_the_demo_network_reads_back_sheet_by_sheet_and_row_by_row(network, included_book):
    book = included_book
    assert book.sheetnames == ["about", *(table.name for table in TABLES.values())]
    for table in TABLES.values():
        records = getattr(network, table.name)
        assert records, table.name
        header, *body = rows(book[table.name])
        assert header == table.header
        assert body == [tuple(as_read(cell) for cell in table.row(r)) for r in records]


def test_every_record_sheet_has_a_bold_frozen_header_a_filter_and_sized_columns(
    network, included_book
):
    book = included_book
    for table in TABLES.values():
        sheet = book[table.name]
        count = len(getattr(network, table.name))
        last = get_column_letter(len(table.header))
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{last}{count + 1}"
        assert all(cell.font.bold for cell in sheet[1])
        for index, name in enumerate(table.header, start=1):
            width = sheet.column_dimensions[get_column_letter(index)].width
            assert len(name) + 2 <= width <= 60


def test_dates_and_date_times_are_typed_cells_with_a_date_format(network, included_book):
    book = included_book
    requested = first(book, "interventions", "requested_on")
    assert requested.is_date
    assert requested.number_format == "yyyy-mm-dd"
    assert requested.value == as_read(network.interventions[0].requested_on)
    start = first(book, "meetings", "start")
    assert start.is_date
    assert start.number_format == "yyyy-mm-dd hh:mm"
    assert start.value == network.meetings[0].start.astimezone(AMSTERDAM).replace(tzinfo=None)
    age = first(book, "referrals", "age_at_offence")
    assert (age.value, age.data_type) == (network.referrals[0].age_at_offence, "n")


def test_the_about_sheet_gives_format_time_zone_counts_and_privacy_notice(pseudonymised):
    report, book = pseudonymised
    assert report.files == ("halt-export.xlsx",)
    assert report.media_type == MEDIA_TYPE
    facts = about(book)
    assert facts["format"] == "xlsx"
    assert facts["generated_at"] == "2026-09-01T12:00:00+02:00"
    assert facts["personal_data"] == report.personal_data
    assert "pseudonymised" in report.personal_data
    assert "Europe/Amsterdam" in facts["date-times"]
    assert "changed_cells" not in facts
    for name, count in report.written.items():
        assert facts[name] == count
    assert book.properties.description == report.personal_data
    assert book.properties.title == "Halt network export"
    assert book.properties.created == dt.datetime(2026, 9, 1, 10, 0)


def test_youths_are_pseudonymised_by_default(network, pseudonymised):
    sheet = pseudonymised[1]["referrals"]
    youths = [row[2] for row in rows(sheet)[1:]]
    assert len(youths) == len(network.referrals)
    assert all(youth.startswith("X-") for youth in youths)
    assert not set(youths) & {r.youth for r in network.referrals}


def test_omitting_personal_data_leaves_out_the_referrals_sheet_and_says_so(network: Network):
    book = workbook(xlsx(network, kinds=[Partner, Referral], personal_data="omit"))
    assert book.sheetnames == ["about", "partners"]
    assert "left out" in about(book)["personal_data"]
    assert "referrals" not in about(book)


def test_kinds_keeps_only_those_sheets(network: Network):
    book = workbook(xlsx(network, kinds=[Partner]))
    assert book.sheetnames == ["about", "partners"]
    assert about(book)["partners"] == len(network.partners)


def test_nothing_to_export_gives_only_the_about_sheet():
    book = workbook(xlsx([]))
    assert book.sheetnames == ["about"]
    assert about(book)["sheet"] == "rows"


def test_two_exports_of_the_same_records_are_the_same_bytes(network, included):
    # Pseudonyms differ per export by design, so compare with youths included.
    assert xlsx(network, **KEPT) == included


def test_an_unseekable_zip_member_and_a_folder_get_the_same_workbook(network, tmp_path):
    expected = xlsx(network, kinds=[Partner])
    archive = io.BytesIO()
    with ZipSink(archive) as sink:
        export(network, sink, "xlsx", kinds=[Partner], generated_at=GENERATED_AT)
    assert zipfile.ZipFile(archive).read("halt-export.xlsx") == expected
    export(network, DirectorySink(tmp_path), "xlsx", kinds=[Partner], generated_at=GENERATED_AT)
    assert (tmp_path / "halt-export.xlsx").read_bytes() == expected


def partner(network: Network, **changes: Any) -> Partner:
    return attrs.evolve(network.partners[0], **changes)


def test_text_that_looks_like_a_formula_or_an_error_stays_text(network: Network):
    record = partner(network, name="#N/A", notes='=HYPERLINK("http://x","y")')
    book = workbook(xlsx([record], **KEPT))
    name, notes = first(book, "partners", "name"), first(book, "partners", "notes")
    assert (name.value, name.data_type) == ("#N/A", "s")
    assert (notes.value, notes.data_type) == ('=HYPERLINK("http://x","y")', "s")


def test_characters_a_workbook_cannot_carry_are_replaced_and_counted(network: Network):
    # NUL and lone surrogates never get this far: the model refuses them.
    record = partner(network, notes="a\x01b\x0bc\x1fd\uffffe\tf\ng")
    book = workbook(xlsx([record], **KEPT))
    assert first(book, "partners", "notes").value == "a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng"
    assert about(book)["changed_cells"].startswith("1 (")


def test_carriage_returns_become_line_breaks(network: Network):
    record = partner(network, notes="one\r\ntwo\rthree\n")
    book = workbook(xlsx([record], **KEPT))
    assert first(book, "partners", "notes").value == "one\ntwo\nthree\n"


def test_text_too_long_for_a_cell_is_cut_and_marked(network: Network):
    # Emoji take two UTF-16 units each, Excel's unit of length: 20,038 characters overflow.
    agreements = tuple(Agreement(text="\N{GRINNING FACE}" * 1000) for _ in range(20))
    record = attrs.evolve(network.collaborations[0], agreements=agreements)
    book = workbook(xlsx([record], **KEPT))
    cell = first(book, "collaborations", "agreements").value
    assert cell.endswith(CUT_MARK)
    assert len(cell.encode("utf-16-le")) // 2 <= MAX_CELL_TEXT
    assert len(cell.encode("utf-16-le")) // 2 > MAX_CELL_TEXT - len(CUT_MARK) - 2
    assert "; ".join(a.text for a in agreements).startswith(cell.removesuffix(CUT_MARK))
    assert about(book)["changed_cells"].startswith("1 (")


@pytest.mark.parametrize(
    ("day", "read"),
    [  # the days the model accepts (halt_core.serialization.limits), first and last
        (dt.date(1970, 1, 1), dt.datetime(1970, 1, 1)),
        (dt.date(2000, 2, 29), dt.datetime(2000, 2, 29)),
        (dt.date(2199, 12, 31), dt.datetime(2199, 12, 31)),
    ],
)
def test_dates_are_excel_dates(network, day, read):
    record = attrs.evolve(network.interventions[0], requested_on=day)
    assert first(workbook(xlsx([record])), "interventions", "requested_on").value == read


def openpyxl_temporary_files() -> set[pathlib.Path]:
    return set(pathlib.Path(tempfile.gettempdir()).glob("openpyxl.*"))


def test_a_kind_given_in_two_groups_is_refused_leaving_no_files(network: Network):
    # More meetings than the sample for the column widths: their sheet is streaming.
    records = [*network.partners, *network.meetings, network.partners[0]]
    before = openpyxl_temporary_files()
    out = io.BytesIO()
    with pytest.raises(ExportFailed, match="together"):
        export(records, out, "xlsx", generated_at=GENERATED_AT)
    assert out.getvalue() == b""
    assert openpyxl_temporary_files() <= before


def test_a_failing_source_leaves_no_temporary_files(network: Network):
    def failing() -> Iterator[Any]:
        yield from network.meetings
        raise OSError("the store went away")

    before = openpyxl_temporary_files()
    with pytest.raises(OSError, match="went away"):
        xlsx(failing())
    assert openpyxl_temporary_files() <= before


def test_unknown_settings_are_refused_naming_the_setting(network: Network):
    with pytest.raises(InvalidValue, match="delimiter") as caught:
        xlsx(network, settings={"delimiter": ";"})
    assert isinstance(caught.value, HaltError)
    assert (caught.value.field, caught.value.value) == ("settings", "delimiter")


def test_without_openpyxl_the_export_says_to_install_the_extra(network, monkeypatch):
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    out = io.BytesIO()
    with pytest.raises(ExportFailed, match=re.escape("halt-core[xlsx]")) as caught:
        export(network, out, "xlsx", generated_at=GENERATED_AT)
    assert isinstance(caught.value, HaltError)
    assert out.getvalue() == b""


def unique(records: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(records, max_size=3, unique_by=lambda r: r.id)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unique(hs.partners()), unique(hs.meetings()), unique(hs.interventions()))
def test_drawn_records_read_back_cell_by_cell(
    partners: list[Partner], meetings: list[Meeting], interventions: list[Intervention]
):
    records = [*partners, *meetings, *interventions]
    book = workbook(xlsx(records, **KEPT))
    for kind in (partners, meetings, interventions):
        if kind:
            table = TABLES[type(kind[0])]
            expected = [tuple(as_read(cell) for cell in table.row(r)) for r in kind]
            assert rows(book[table.name])[1:] == expected


def as_text_read(text: str) -> str | None:
    """What the exporter's documented text rules make of ``text``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "\ufffd", text)
    return text or None


# What the model accepts in text (no NUL, no lone surrogate) that a workbook cannot hold.
awkward = st.sampled_from("\x01\x0b\x1f\r\n\t\ufffe\uffff=#_ ")


@settings(max_examples=40, deadline=None)
@given(st.text(awkward | st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40))
def test_any_text_reads_back_by_the_documented_rules(network: Network, text: str):
    record = partner(network, notes=text)
    assert first(workbook(xlsx([record], **KEPT)), "partners", "notes").value == as_text_read(text)
