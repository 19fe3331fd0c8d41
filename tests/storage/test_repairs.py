"""repair_partner_document: normalises what it can, sets aside (and reports) what it cannot.

The examples pin the spellings an earlier version stored; the properties hold for any mix
of valid, differently spelled and invalid values: repairing twice changes nothing more, the
result always decodes as a Partner, and every value taken out is in a report.
"""

import copy
import datetime as dt
import doctest
import json
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core.errors import HaltError, InvalidValue
from halt_core.model import Partner
from halt_core.model.contacts import normalise_email, normalise_phone
from halt_core.serialization import from_dict, to_dict
from halt_core.storage import SetAside, repair_partner_document, repairs
from halt_core.testing import strategies as hs

AT = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
ID = uuid.UUID("5e1f0000-0000-4000-8000-0000000000a1")


def _repair(document: dict[str, Any], **given: Any) -> tuple[dict[str, Any], list[SetAside]]:
    return repair_partner_document(document, schema_version=3, at=AT, **given)


def _document(*points: Any) -> dict[str, Any]:
    return {"schema_version": 1, "id": str(ID), "name": "Politie", "contact_points": list(points)}


def _point(role: str = "meldpunt", **values: Any) -> dict[str, Any]:
    return {"role": role, "name": None, "email": None, "phone": None, **values}


# -- examples -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "stored", "kept"),
    [
        ("phone", "020-1234567", "+31201234567"),
        ("phone", "+31 (0)20 123 4567", "+31201234567"),
        ("phone", "0612345678", "+31612345678"),
        ("phone", "0031 20 123 4567", "+31201234567"),
        ("email", "Team@EXAMPLE.NL", "Team@example.nl"),
        ("email", "team@example.nl", "team@example.nl"),
    ],
)
def test_a_value_in_another_spelling_is_normalised_and_not_reported(
    field: str, stored: str, kept: str
) -> None:
    repaired, reports = _repair(_document(_point(**{field: stored})))
    assert repaired["contact_points"] == [_point(**{field: kept})]
    assert reports == []


@pytest.mark.parametrize(
    ("field", "stored", "reason"),
    [
        ("email", "a..b@x.nl", "two periods in a row"),
        ("email", "team@x_y.nl", "invalid characters"),
        ("phone", "123456", "not a Dutch phone number"),
        ("phone", "12-34-56", "not a Dutch phone number"),
    ],
)
def test_an_invalid_value_is_taken_out_and_reported_where_it_was(
    field: str, stored: str, reason: str
) -> None:
    other = {"email": "team@example.nl"} if field == "phone" else {"phone": "+31201234567"}
    document = _document(_point("eerste", **other), _point(**{field: stored}, **other))
    repaired, reports = _repair(document)
    assert repaired["contact_points"][1] == {**_point(**other), field: None}
    (report,) = reports
    assert report == SetAside(
        kind="partners",
        record_id=ID,
        path=f"$.contact_points[1].{field}",
        value=stored,
        reason=report.reason,
        schema_version=3,
        at=AT,
    )
    assert reason in report.reason
    assert report.reason.startswith("expected ")


def test_a_contact_point_left_with_nothing_is_taken_out_whole_keeping_its_role_and_name() -> None:
    gone = _point("conciërge", name="J. de Vries", email="a..b@x.nl")
    document = _document(gone, _point("administratie", phone="0612345678"))
    repaired, reports = _repair(document)
    assert repaired["contact_points"] == [_point("administratie", phone="+31612345678")]
    (report,) = reports
    assert report.path == "$.contact_points[0]"
    assert json.loads(report.value) == gone
    assert "conciërge" in report.value  # the text as it is, not \\u-escaped
    assert "two periods in a row" in report.reason
    assert "set aside whole" in report.reason


def test_both_values_invalid_is_one_report_naming_both() -> None:
    repaired, reports = _repair(_document(_point(email="team@x_y.nl", phone="123456")))
    assert repaired["contact_points"] == []
    (report,) = reports
    assert "e-mail address is not valid" in report.reason
    assert "phone number is not valid" in report.reason


def test_a_value_that_is_not_text_is_set_aside_as_json() -> None:
    repaired, reports = _repair(_document(_point(email="team@example.nl", phone=201234567)))
    assert repaired["contact_points"] == [_point(email="team@example.nl")]
    assert [(r.path, r.value, r.reason) for r in reports] == [
        ("$.contact_points[0].phone", "201234567", reports[0].reason)
    ]
    assert "not text" in reports[0].reason


def test_other_fields_and_shapes_it_does_not_know_are_left_alone() -> None:
    document = _document(_point(phone="020-1234567"), "not a contact point")
    document["notes"] = "a..b@x.nl staat in de notities"
    repaired, reports = _repair(document)
    assert repaired["notes"] == document["notes"]
    assert repaired["contact_points"][1] == "not a contact point"
    assert reports == []
    for shapeless in ({"id": str(ID)}, {"id": str(ID), "contact_points": "x"}):
        assert _repair(shapeless) == (shapeless, [])


def test_the_document_given_is_not_changed() -> None:
    document = _document(_point(email="a..b@x.nl", phone="020-1234567"), _point(email="x@@y"))
    before = copy.deepcopy(document)
    _repair(document)
    assert document == before


def test_the_id_given_wins_over_the_documents_and_one_is_needed() -> None:
    other = uuid.UUID("5e1f0000-0000-4000-8000-0000000000ff")
    _, reports = _repair(_document(_point(email="a..b@x.nl")), record_id=other)
    assert reports[0].record_id == other
    nameless = {"contact_points": [_point(email="a..b@x.nl")]}
    with pytest.raises(InvalidValue, match="pass record_id"):
        _repair(nameless)
    assert _repair({"contact_points": [_point(phone="0612345678")]})[1] == []  # nothing to file


@pytest.mark.parametrize(
    "change",
    [
        {"kind": 1},
        {"record_id": str(ID)},
        {"schema_version": 0},
        {"schema_version": True},
        {"at": dt.datetime(2026, 12, 1)},  # a naive moment
        {"value": None},
    ],
)
def test_a_set_aside_with_a_wrong_field_is_a_library_error(change: dict[str, Any]) -> None:
    fields: dict[str, Any] = {
        "kind": "partners",
        "record_id": ID,
        "path": "$.contact_points[0].email",
        "value": "a..b@x.nl",
        "reason": "two periods",
        "schema_version": 3,
        "at": AT,
    }
    with pytest.raises(HaltError, match=f"SetAside.{next(iter(change))}"):
        SetAside(**{**fields, **change})


def test_the_module_example_runs() -> None:
    assert doctest.testmod(repairs).failed == 0


# -- properties -----------------------------------------------------------------------------------

_INVALID_EMAILS = ["a..b@x.nl", "team@x_y.nl", "team.@example.nl", "@example.nl", "team", ""]
_INVALID_PHONES = ["123456", "12-34-56", "+99 12345678", "020 123 4567 ext. 12", "", "telefoon"]


def _respelled_emails() -> st.SearchStrategy[str]:
    return hs.email_addresses().map(
        lambda a: a.partition("@")[0] + "@" + a[a.index("@") + 1 :].upper()
    )


def _values(field: str) -> st.SearchStrategy[Any]:
    if field == "email":
        known = st.sampled_from(_INVALID_EMAILS)
        valid = hs.email_addresses() | _respelled_emails()
        noise = st.text(max_size=20)
    else:
        known = st.sampled_from(_INVALID_PHONES)
        valid = hs.phone_numbers()
        noise = st.text(alphabet="0123456789 +-()", max_size=16)
    return st.none() | valid | known | noise | st.integers(0, 10**9)


_POINTS = st.fixed_dictionaries(
    {
        "role": hs.names(40),
        "name": st.none() | hs.names(40),
        "email": _values("email"),
        "phone": _values("phone"),
    }
)


@st.composite
def stored_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid partner's document whose contact points were written by a laxer version."""
    document: dict[str, Any] = to_dict(draw(hs.partners()))
    document["contact_points"] = draw(st.lists(_POINTS, max_size=4))
    return document


@given(stored_documents())
def test_repairing_a_repaired_document_changes_nothing_and_reports_nothing(
    document: dict[str, Any],
) -> None:
    repaired, _ = _repair(document)
    assert _repair(repaired) == (repaired, [])


@given(stored_documents())
def test_a_repaired_document_decodes_as_a_partner(document: dict[str, Any]) -> None:
    repaired, _ = _repair(document)
    partner = from_dict(repaired, Partner)
    assert to_dict(partner)["contact_points"] == repaired["contact_points"]


@given(stored_documents())
def test_every_value_taken_out_is_reported_and_the_rest_kept_normalised(
    document: dict[str, Any],
) -> None:
    repaired, reports = _repair(document)
    by_path = {report.path: report for report in reports}
    assert len(by_path) == len(reports)  # one report per place
    assert all(r.record_id == uuid.UUID(document["id"]) for r in reports)
    kept = iter(repaired["contact_points"])
    for position, point in enumerate(document["contact_points"]):
        where = f"$.contact_points[{position}]"
        if where in by_path:  # taken out whole: the whole point is in the report
            assert json.loads(by_path[where].value) == point
            continue
        fixed = next(kept)
        assert (fixed["role"], fixed["name"]) == (point["role"], point["name"])
        for field, normalise in (("email", normalise_email), ("phone", normalise_phone)):
            value = point[field]
            if f"{where}.{field}" in by_path:
                assert fixed[field] is None
                shown = value if isinstance(value, str) else json.dumps(value)
                assert by_path[f"{where}.{field}"].value == shown
            elif value is None:
                assert fixed[field] is None
            else:
                assert fixed[field] == normalise(value)
    assert next(kept, None) is None
    untouched = {k: v for k, v in document.items() if k != "contact_points"}
    assert {k: v for k, v in repaired.items() if k != "contact_points"} == untouched
