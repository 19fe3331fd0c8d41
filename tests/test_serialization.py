"""The one converter: round trips, the fast and slow paths, the format and its errors."""

import datetime as dt
import json
import uuid

import attrs
import cattrs
import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core import (
    SCHEMA_VERSION,
    InvalidDocument,
    UnsupportedSchemaVersion,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from halt_core.ids import ForumId, MeetingId
from halt_core.model import (
    AMSTERDAM,
    Area,
    Collaboration,
    Forum,
    Intervention,
    Meeting,
    Network,
    Partner,
    Referral,
)
from halt_core.serialization import converter
from halt_core.testing import strategies as hs

ANY_MODEL = st.one_of(
    hs.partners(),
    hs.collaborations(),
    hs.forums(),
    hs.meetings(),
    hs.interventions(),
    hs.referrals(),
    hs.areas(),
    hs.periods(),
    hs.sessions(),
    hs.contact_points(),
)
MODEL_TYPES = [Partner, Collaboration, Forum, Meeting, Intervention, Referral, Network]


@given(ANY_MODEL)
def test_every_value_round_trips_through_json_unchanged(value):
    assert from_json(to_json(value), type(value)) == value


@given(ANY_MODEL)
def test_every_value_round_trips_through_dicts_unchanged(value):
    assert from_dict(to_dict(value), type(value)) == value


@given(ANY_MODEL)
def test_dicts_and_json_are_the_same_document(value):
    assert json.loads(to_json(value)) == to_dict(value)


@given(ANY_MODEL)
def test_fast_and_slow_paths_agree(value):
    data = to_json(value)
    fast = msgspec.json.Decoder(type(value)).decode(data)
    slow = converter.structure(json.loads(data), type(value))
    assert fast == slow == value


@given(hs.networks(max_records=3))
def test_a_network_round_trips(network):
    assert from_json(to_json(network), Network) == network


@given(ANY_MODEL)
def test_documents_start_with_the_schema_version(value):
    data = to_json(value)
    assert data.startswith(b'{"schema_version":%d,' % SCHEMA_VERSION)
    assert next(iter(to_dict(value))) == "schema_version"


@given(ANY_MODEL)
def test_the_written_document_is_plain_json(value):
    def plain(node):
        if isinstance(node, dict):
            return all(isinstance(k, str) and plain(v) for k, v in node.items())
        if isinstance(node, list):
            return all(plain(v) for v in node)
        return node is None or type(node) in (str, int, float, bool)

    assert plain(to_dict(value))


@given(hs.interventions())
def test_sets_are_sorted_lists_and_enums_are_values(intervention):
    doc = to_dict(intervention)
    assert doc["problem_areas"] == sorted(p.value for p in intervention.problem_areas)
    assert doc["kind"] == intervention.kind.value
    assert type(doc["kind"]) is str
    assert doc["id"] == str(intervention.id)


def test_dates_and_times_are_iso_8601_with_their_offset():
    meeting = Meeting(
        id=MeetingId(uuid.UUID(int=1)),
        forum=ForumId(uuid.UUID(int=2)),
        start=dt.datetime(2025, 7, 1, 9, 30, tzinfo=AMSTERDAM),
        end=dt.datetime(2025, 7, 1, 11, 0, tzinfo=dt.UTC),
        location="Veiligheidshuis",
    )
    doc = to_dict(meeting)
    assert doc["start"] == "2025-07-01T09:30:00+02:00"
    assert doc["end"] == "2025-07-01T13:00:00+02:00"  # kept in Europe/Amsterdam


def test_a_document_without_schema_version_is_read_as_the_current_one():
    area = Area.municipality("GM0363")
    doc = to_dict(area)
    del doc["schema_version"]
    assert from_dict(doc, Area) == area
    assert from_json(json.dumps(doc), Area) == area


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 0, -1, "1", True, None, 1.5])
def test_another_schema_version_is_refused_with_advice(version):
    doc = {**to_dict(Area.country()), "schema_version": version}
    with pytest.raises(UnsupportedSchemaVersion) as info:
        from_json(json.dumps(doc), Area)
    assert info.value.problems[0].path == "$.schema_version"
    if version == SCHEMA_VERSION + 1:
        assert "upgrade halt-core" in str(info.value)


def test_unknown_keys_are_ignored_on_both_paths():
    doc = {**to_dict(Area.country()), "added_in_a_later_version": [1, 2]}
    assert from_dict(doc, Area) == Area.country()
    assert from_json(json.dumps(doc).encode(), Area) == Area.country()


@given(hs.interventions().filter(lambda i: len(i.sessions) >= 1))
def test_every_bad_path_is_reported_at_once(intervention):
    bad = to_dict(intervention)
    bad["title"] = "   "
    bad["kind"] = "lesson"
    bad["requested_on"] = "yesterday"
    bad["sessions"][0]["start"] = "2025-01-01T10:00:00"  # no zone
    bad["target_group"]["size"] = 0
    del bad["area"]
    with pytest.raises(InvalidDocument) as info:
        from_json(json.dumps(bad), Intervention)
    paths = {p.path for p in info.value.problems}
    assert paths == {
        "$.title",
        "$.kind",
        "$.requested_on",
        "$.sessions[0].start",
        "$.target_group.size",
        "$.area",
    }
    message = str(info.value)
    assert "required field missing" in message
    assert "'information_lesson'" in message  # says what is allowed


def test_checks_across_fields_are_reported_with_the_field():
    doc = {"start": "2025-03-02", "end": "2025-03-01"}
    with pytest.raises(InvalidDocument) as info:
        from_dict(doc, __import__("halt_core").Period)
    assert [p.path for p in info.value.problems] == ["$.end"]
    assert "before the start" in info.value.problems[0].message


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", 5), ("level", "regionaal"), ("contact_points", "none"), ("id", "not-a-uuid")],
)
@given(partner=hs.partners())
def test_wrong_json_types_are_refused_not_coerced(partner, field, value):
    doc = to_dict(partner)
    doc[field] = value
    with pytest.raises(InvalidDocument) as info:
        from_dict(doc, Partner)
    assert [p.path for p in info.value.problems] == [f"$.{field}"]


@pytest.mark.parametrize("cls", MODEL_TYPES)
@given(
    data=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=12), children, max_size=6)
        ),
        max_leaves=20,
    )
)
def test_random_json_raises_nothing_but_the_library_error(cls, data):
    check_value_or_library_error(lambda: from_json(json.dumps(data), cls), cls)


@pytest.mark.parametrize("cls", MODEL_TYPES)
@given(data=st.binary(max_size=64))
def test_random_bytes_raise_nothing_but_the_library_error(cls, data):
    check_value_or_library_error(lambda: from_json(data, cls), cls)


def check_value_or_library_error(read, cls):
    """``read()`` gives a ``cls`` or raises InvalidDocument with located problems."""
    try:
        value = read()
    except InvalidDocument as exc:
        error = exc
    else:
        assert isinstance(value, cls)
        return
    assert error.problems
    assert all(p.path.startswith("$") for p in error.problems)


@given(hs.partners(), st.data())
def test_mutated_documents_raise_nothing_but_the_library_error(partner, data):
    doc = to_dict(partner)
    key = data.draw(st.sampled_from(sorted(doc)))
    doc[key] = data.draw(st.none() | st.integers() | st.text(max_size=5) | st.lists(st.integers()))
    check_value_or_library_error(lambda: from_dict(doc, Partner), Partner)


def test_the_errors_pickle_with_their_details():
    import pickle

    with pytest.raises(InvalidDocument) as info:
        from_dict({"kind": "nowhere"}, Area)
    again = pickle.loads(pickle.dumps(info.value))
    assert again.problems == info.value.problems
    assert str(again) == str(info.value)


def test_the_converter_is_one_configured_cattrs_converter():
    assert isinstance(converter, cattrs.Converter)
    assert attrs.has(Partner)
    assert converter.unstructure(Area.country()) == {"kind": "country", "codes": []}


def test_a_wrong_literal_says_which_values_are_allowed():
    from halt_core.events import InterventionDeclined

    with pytest.raises(InvalidDocument) as info:
        from_dict({"type": "nl.halt.intervention.lost"}, InterventionDeclined)
    (problem,) = [p for p in info.value.problems if p.path == "$.type"]
    assert problem.message == (
        "expected one of 'nl.halt.intervention.declined', got text 'nl.halt.intervention.lost'"
    )


def test_several_bad_fields_of_one_value_are_all_reported():
    doc = {
        "start": "2025-03-01T10:00:00+01:00",
        "end": "2025-03-01T11:00:00+01:00",
        "location": " ",
        "trainer": "Tr. Jansen",
    }
    with pytest.raises(InvalidDocument) as info:
        from_dict(doc, __import__("halt_core").Session)
    assert sorted(p.path for p in info.value.problems) == ["$.location", "$.trainer"]


@given(hs.interventions())
def test_documents_with_reordered_keys_read_the_same(intervention):
    # PostgreSQL's JSONB, for one, reorders keys and adds spaces.
    doc = to_dict(intervention)
    reordered = json.dumps(dict(reversed(list(doc.items()))), indent=1).encode()
    assert from_json(reordered, Intervention) == intervention
    newer = json.dumps({**doc, "schema_version": SCHEMA_VERSION + 1}, sort_keys=True)
    with pytest.raises(UnsupportedSchemaVersion):
        from_json(newer, Intervention)
