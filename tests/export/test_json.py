import io
import json
import zipfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from halt_adapters.export.jsonfiles import (
    JsonExporter,
    JsonLinesExporter,
    read_json,
    read_jsonl,
)
from halt_core.errors import (
    ExportFailed,
    HaltError,
    InvalidDocument,
    InvalidValue,
    UnsupportedSchemaVersion,
)
from halt_core.export import ZipSink, export
from halt_core.model import Network, Record
from halt_core.plugins import exporter
from halt_core.serialization import from_dict, to_dict
from halt_core.storage import RECORD_KINDS
from halt_core.testing import strategies as hs

from .conftest import GENERATED_AT

KINDS = {kind.name: kind.type for kind in RECORD_KINDS.values()}
INCLUDED = (
    "personal data of youths is included as stored, for the purpose: test; "
    "free text is included as typed"
)


def exported(source: Any, format: str, **options: Any) -> bytes:
    out = io.BytesIO()
    export(source, out, format, generated_at=GENERATED_AT, **options)
    return out.getvalue()


def included(network: Network, format: str) -> bytes:
    """Every record as stored: personal data included, free text kept."""
    return exported(network, format, personal_data="include", purpose="test", free_text="keep")


def records_of(network: Network) -> list[Record]:
    return [record for kind in KINDS for record in getattr(network, kind)]


def test_both_formats_are_installed_for_every_kind() -> None:
    assert isinstance(exporter("json"), JsonExporter)
    assert isinstance(exporter("jsonl"), JsonLinesExporter)
    assert exporter("json").accepts == exporter("jsonl").accepts == tuple(KINDS.values())
    assert exporter("jsonl").media_type == "application/jsonl"


def test_json_holds_a_header_and_every_record_in_full(network: Network) -> None:
    document = json.loads(included(network, "json"))
    assert list(document) == ["schema_version", "export", *KINDS]
    assert document["schema_version"] == 1
    assert document["export"] == {
        "format": "json",
        "generated_at": "2026-09-01T12:00:00+02:00",
        "personal_data": INCLUDED,
        "personal_data_mode": "include",
        "purpose": "test",
        "free_text": "keep",
    }
    for kind, record_type in KINDS.items():
        records = getattr(network, kind)
        assert len(document[kind]) == len(records)
        for written, record in zip(document[kind], records, strict=True):
            assert written == to_dict(record)
            assert from_dict(written, record_type) == record


def test_jsonl_holds_a_header_line_then_a_record_a_line(network: Network) -> None:
    lines = included(network, "jsonl").decode().split("\n")
    assert lines[-1] == ""  # every line ends with \n
    header, *records = (json.loads(line) for line in lines[:-1])
    assert header == {
        "schema_version": 1,
        "export": {
            "format": "jsonl",
            "generated_at": "2026-09-01T12:00:00+02:00",
            "personal_data": INCLUDED,
            "personal_data_mode": "include",
            "purpose": "test",
            "free_text": "keep",
        },
    }
    expected = records_of(network)
    assert len(records) == len(expected)
    for line, record in zip(records, expected, strict=True):
        assert list(line) == ["kind", "record"]
        assert KINDS[line["kind"]] is type(record)
        assert line["record"] == to_dict(record)
        assert from_dict(line["record"], type(record)) == record


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_the_header_says_youths_were_pseudonymised_by_default(
    network: Network, format: str
) -> None:
    data = exported(network, format)
    header = json.loads(data if format == "json" else data.split(b"\n", 1)[0])
    assert header["export"]["personal_data_mode"] == "pseudonymise"
    assert header["export"]["personal_data"].startswith("personal data of youths is pseudonym")
    assert header["export"]["purpose"] is None
    assert header["export"]["free_text"] == "omit"
    assert "free text (notes, agreements, agenda items" in header["export"]["personal_data"]


def test_youths_and_referral_ids_are_replaced_by_tokens_in_json_by_default(
    network: Network,
) -> None:
    document = json.loads(exported(network, "json"))
    tokens = {r["youth"] for r in document["referrals"]}
    assert all(token.startswith("X-") for token in tokens)
    assert len(tokens) == len({r.youth for r in network.referrals})
    ids = {r["id"] for r in document["referrals"]}
    assert len(ids) == len(network.referrals)
    assert ids.isdisjoint(str(r.id) for r in network.referrals)
    for written, record in zip(document["referrals"], network.referrals, strict=True):
        assert {k: v for k, v in written.items() if k not in ("youth", "id")} == {
            k: v for k, v in to_dict(record).items() if k not in ("youth", "id")
        }


def test_two_json_exports_cannot_be_joined_on_referral_ids(noted: Network) -> None:
    def referral_ids(document: dict[str, Any]) -> set[str]:
        ids = {r["id"] for r in document["referrals"]}
        links = {c["referral"] for m in document["meetings"] for c in m["cases"]}
        assert links
        assert links <= ids  # within one export, every case still leads to its referral
        return ids

    first = referral_ids(json.loads(exported(noted, "json")))
    second = referral_ids(json.loads(exported(noted, "json")))
    assert first.isdisjoint(second)


def test_read_json_gives_the_network_back(network: Network) -> None:
    assert read_json(included(network, "json")) == network
    assert read_json(io.BytesIO(included(network, "json"))) == network
    assert read_json(included(network, "json").decode()) == network


def test_read_jsonl_gives_the_records_back_in_order(network: Network) -> None:
    assert list(read_jsonl(included(network, "jsonl"))) == records_of(network)
    assert list(read_jsonl(io.BytesIO(included(network, "jsonl")))) == records_of(network)
    text = io.StringIO(included(network, "jsonl").decode())
    assert Network.empty().with_records(read_jsonl(text)) == network


def test_kinds_without_records_are_empty_lists(network: Network) -> None:
    document = json.loads(exported(network.partners[:2], "json"))
    assert [len(document[kind]) for kind in KINDS] == [2, 0, 0, 0, 0, 0]
    assert read_json(exported([], "json")) == Network.empty()
    assert list(read_jsonl(exported([], "jsonl"))) == []


def test_json_goes_into_a_zip_as_one_member(network: Network) -> None:
    out = io.BytesIO()
    with ZipSink(out) as sink:
        report = export(
            network, sink, "json", personal_data="include", purpose="test", free_text="keep"
        )
    assert report.files == ("network.json",)
    with zipfile.ZipFile(out) as archive:
        assert read_json(archive.read("network.json")) == network


def test_a_kind_in_two_groups_is_refused_by_json(network: Network) -> None:
    records = [*network.partners[:2], *network.forums[:1], *network.partners[2:3]]
    with pytest.raises(ExportFailed, match=r"partners came in two groups"):
        exported(records, "json")


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_any_setting_is_refused_naming_it(network: Network, format: str) -> None:
    with pytest.raises(InvalidValue, match=r"'indent'.*it has none") as caught:
        exported(network, format, settings={"indent": 2})
    assert isinstance(caught.value, HaltError)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hs.networks(max_records=2))
def test_any_network_round_trips_through_json_and_jsonl(network: Network) -> None:
    assert read_json(included(network, "json")) == network
    assert list(read_jsonl(included(network, "jsonl"))) == records_of(network)


# -- reading bad input ------------------------------------------------------------------------


def jsonl_lines(network: Network) -> list[str]:
    return included(network, "jsonl").decode().splitlines()


def test_a_bad_record_line_is_named_with_its_path(network: Network) -> None:
    lines = jsonl_lines(network)
    line = json.loads(lines[2])
    line["record"]["name"] = 5
    lines[2] = json.dumps(line)
    with pytest.raises(InvalidDocument, match=r"cannot read line 3 ") as caught:
        list(read_jsonl(lines))
    assert [p.path for p in caught.value.problems] == ["$.record.name"]
    assert isinstance(caught.value, HaltError)


def test_records_before_a_bad_line_are_given_first(network: Network) -> None:
    lines = jsonl_lines(network)
    lines[4] = "{not json"
    read = read_jsonl(lines)
    assert [next(read) for _ in range(3)] == records_of(network)[:3]
    with pytest.raises(InvalidDocument, match=r"(?s)line 5 .*not valid JSON"):
        next(read)


@pytest.mark.parametrize(
    ("line", "path", "message"),
    [
        ('{"kind":"partner","record":{}}', "$.kind", "unknown kind 'partner'.*partners"),
        ('{"record":{}}', "$", "missing required field `kind`"),
        ("[1, 2]", "$", "Expected `object`"),
    ],
)
def test_a_bad_envelope_is_named(network: Network, line: str, path: str, message: str) -> None:
    lines = [*jsonl_lines(network)[:2], line]
    with pytest.raises(InvalidDocument, match=message) as caught:
        list(read_jsonl(lines))
    assert caught.value.target == "line 3"
    assert caught.value.problems[0].path == path


def test_blank_lines_are_skipped_and_counted(network: Network) -> None:
    lines = jsonl_lines(network)
    spaced = [lines[0], "", *lines[1:3], "  ", "{}"]
    with pytest.raises(InvalidDocument, match=r"line 6 "):
        list(read_jsonl(spaced))


@pytest.mark.parametrize(
    "first", ['{"kind":"partners","record":{}}', "[]", "not json", '{"schema_version":1}']
)
def test_jsonl_must_start_with_the_header(first: str) -> None:
    with pytest.raises(InvalidDocument, match=r"(?s)line 1 .*expected the export header"):
        list(read_jsonl([first]))


def test_empty_jsonl_is_refused() -> None:
    with pytest.raises(InvalidDocument, match=r"empty: no header line"):
        list(read_jsonl(b"\n\n"))


def test_a_newer_jsonl_header_is_refused() -> None:
    with pytest.raises(UnsupportedSchemaVersion, match=r"newer halt_core") as caught:
        list(read_jsonl(['{"schema_version":2,"export":{}}', "anything"]))
    assert caught.value.found == 2


def test_a_newer_record_is_refused_with_its_place(network: Network) -> None:
    lines = jsonl_lines(network)
    lines[1] = lines[1].replace('"schema_version":1', '"schema_version":3')
    with pytest.raises(UnsupportedSchemaVersion, match=r"line 2 at \$\.record"):
        list(read_jsonl(lines))


def test_read_json_lists_every_bad_record_by_path(network: Network) -> None:
    document = json.loads(included(network, "json"))
    document["partners"][1]["name"] = ""
    document["meetings"][4]["start"] = "yesterday"
    with pytest.raises(InvalidDocument) as caught:
        read_json(json.dumps(document))
    paths = [p.path for p in caught.value.problems]
    assert paths == ["$.partners[1].name", "$.meetings[4].start"]
    assert caught.value.target == "Network"


def test_read_json_names_the_line_of_a_syntax_error(network: Network) -> None:
    data = included(network, "json").replace(
        b'"schema_version":1,"area"', b'"schema_version":1,,', 1
    )
    with pytest.raises(InvalidDocument, match=r"not valid JSON on line 3"):
        read_json(data)


@pytest.mark.parametrize(
    ("data", "path"),
    [("[]", "$"), ('{"partners": {}}', "$.partners")],
)
def test_read_json_refuses_the_wrong_shape(data: str, path: str) -> None:
    with pytest.raises(InvalidDocument) as caught:
        read_json(data)
    assert caught.value.problems[0].path == path


def test_read_json_refuses_repeated_ids(network: Network) -> None:
    document = json.loads(included(network, "json"))
    document["forums"].append(document["forums"][0])
    with pytest.raises(InvalidDocument, match=r"each id may occur once") as caught:
        read_json(json.dumps(document))
    assert caught.value.problems[0].path == "$.forums"


@pytest.mark.parametrize("version", [2, "1", True])
def test_read_json_refuses_another_schema_version(version: object) -> None:
    with pytest.raises(UnsupportedSchemaVersion):
        read_json(json.dumps({"schema_version": version, "export": {}}))


def test_a_newer_record_inside_json_is_refused_with_its_place(network: Network) -> None:
    document = json.loads(included(network, "json"))
    document["forums"][2]["schema_version"] = 2
    with pytest.raises(UnsupportedSchemaVersion, match=r"\$\.forums\[2\]"):
        read_json(json.dumps(document))
