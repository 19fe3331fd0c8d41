"""The one converter: round trips, the fast and slow paths, the format and its errors."""

import datetime as dt
import json
import uuid
from typing import Any

import attrs
import cattrs
import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core import (
    SCHEMA_VERSION,
    InvalidDocument,
    InvalidValue,
    UnsupportedSchemaVersion,
    event_from_json,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from halt_core.ids import ForumId, MeetingId
from halt_core.model import (
    AMSTERDAM,
    AgeRange,
    Area,
    Collaboration,
    Forum,
    Intervention,
    Meeting,
    Network,
    Partner,
    Period,
    Referral,
    Session,
)
from halt_core.serialization import _nesting_depth, converter
from halt_core.serialization.limits import MAX_DEPTH, MAX_ECHO, MAX_PROBLEMS
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


# -- hostile input: only library errors, short messages -------------------------------------------


def nested(depth: int, opening: bytes = b"[", closing: bytes = b"]") -> bytes:
    return opening * depth + closing * depth


@pytest.mark.parametrize("data", [nested(998), nested(MAX_DEPTH + 1), nested(100_000)])
def test_json_nested_too_deep_is_refused_before_decoding(data):
    for read in (lambda: from_json(data, Partner), lambda: from_json(data.decode(), Network)):
        with pytest.raises(InvalidDocument) as info:
            read()
        assert [p.path for p in info.value.problems] == ["$"]
        assert f"deeper than {MAX_DEPTH} levels" in str(info.value)


def nested_objects(depth: int) -> str:
    deep = "1"
    for _ in range(depth):
        deep = f'{{"a":{deep}}}'
    return deep


def test_nesting_up_to_the_limit_is_read_as_plain_json():
    document = json.dumps({**to_dict(Area.country()), "kind": 5})[:-1]
    at_limit = document + f',"deep":{nested_objects(MAX_DEPTH - 1)}}}'
    assert _nesting_depth(at_limit.encode()) == MAX_DEPTH
    with pytest.raises(InvalidDocument) as info:  # read in full, to report the bad kind
        from_json(at_limit, Area)
    assert [p.path for p in info.value.problems] == ["$.kind"]
    too_deep = document + f',"deep":{nested_objects(MAX_DEPTH)}}}'
    with pytest.raises(InvalidDocument, match="deeper than") as info:
        from_json(too_deep, Area)
    assert [p.path for p in info.value.problems] == ["$"]


@pytest.mark.parametrize("depth", [MAX_DEPTH, 500])
def test_a_valid_document_is_read_whatever_keys_it_does_not_know_hold(depth):
    # The fast path reads the class's own fields and skips the rest without building them.
    document = json.dumps(to_dict(Area.country()))[:-1] + f',"deep":{nested_objects(depth)}}}'
    assert from_json(document, Area) == Area.country()


def test_a_key_too_deep_for_msgspec_to_skip_is_refused_as_too_deep():
    # msgspec guards its recursion while it skips (a RecursionError, caught); the document is
    # then read as plain JSON, which refuses what is too deep before decoding it.
    document = json.dumps(to_dict(Area.country()))[:-1] + f',"deep":{nested_objects(100_000)}}}'
    with pytest.raises(InvalidDocument, match="deeper than"):
        from_json(document, Area)


@pytest.mark.parametrize(
    ("data", "depth"),
    [
        (b"[]", 1),
        (b'{"a":"[[[[{{{{"}', 1),  # brackets in strings do not count
        (b'{"a":"\\"[[[[","b":[[]]}', 3),  # nor after an escaped quote
        (b'["\\\\",[[]]]', 3),  # an escaped backslash ends before the quote
        (b'["]]]]", [[[]]]]', 4),
        (b'"[[[[[[]', 0),  # a string that never ends holds the rest, closing brackets too
        (b"]]]]" + b"[" * 10, 10 - 4),
    ],
)
def test_the_depth_scan_reads_strings_as_json_does(data, depth):
    # Wrapped in more brackets than the limit, so the scan cannot answer from the count.
    wrapped = b"[" * 40 + data + b"]" * 40
    expected = 40 + depth if b'"[[[[[[]' not in data else 40
    assert _nesting_depth(wrapped) == max(expected, 40)


JSON_TREES = st.recursive(
    st.none() | st.text(max_size=5),
    lambda children: st.lists(children) | st.dictionaries(st.text(max_size=5), children),
    max_leaves=60,
)


def depth(node):
    if isinstance(node, list):
        return 1 + max(map(depth, node), default=0)
    if isinstance(node, dict):
        return 1 + max(map(depth, node.values()), default=0)
    return 0


@given(JSON_TREES)
def test_the_depth_scan_agrees_with_the_nesting_of_the_data(data):
    raw = json.dumps(data).encode()
    if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH:  # below that, the count is the answer
        assert _nesting_depth(raw) == depth(data)
    assert _nesting_depth(raw) >= depth(data)


@given(hs.networks(max_records=2))
def test_halt_core_documents_nest_six_levels_at_most(network):
    # the network, its meetings, a meeting, its cases, a case, whom the case was discussed with
    assert depth(json.loads(to_json(network))) <= 6


def test_a_str_with_a_lone_surrogate_is_not_json_text():
    document = json.dumps(to_dict(Area.country()), ensure_ascii=False)
    bad = document[:-1] + ', "note": "\ud800"}'
    with pytest.raises(InvalidDocument, match="lone surrogate") as info:
        from_json(bad, Area)
    assert [p.path for p in info.value.problems] == ["$"]
    with pytest.raises(InvalidDocument, match="lone surrogate"):
        event_from_json(bad)


@pytest.mark.parametrize("bad", ["\ud800", "a\udfffb", "a\x00b"])
@pytest.mark.parametrize("field", ["name", "kind", "id", "notes"])
@given(partner=hs.partners())
def test_text_that_cannot_be_stored_is_refused_naming_the_field(partner, field, bad):
    document = to_dict(partner)
    document[field] = bad
    with pytest.raises(InvalidDocument) as info:
        from_dict(document, Partner)
    assert [p.path for p in info.value.problems] == [f"$.{field}"]
    if "\x00" in bad:
        with pytest.raises(InvalidDocument) as info:
            from_json(json.dumps(document), Partner)
        assert [p.path for p in info.value.problems] == [f"$.{field}"]


def test_a_key_the_class_does_not_know_may_hold_anything():
    area = Area.country()
    assert from_dict({**to_dict(area), "\ud800": "\x00"}, Area) == area


@pytest.mark.parametrize(
    "moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-05:00", "1969-12-31T23:59:59Z"]
)
def test_moments_outside_the_years_of_the_model_are_refused(moment):
    start = dt.datetime(2025, 3, 1, 10, tzinfo=AMSTERDAM)
    document = to_dict(hs_session(start))
    document["start"] = moment
    for read in (
        lambda: from_dict(document, Session),
        lambda: from_json(json.dumps(document), Session),
    ):
        with pytest.raises(InvalidDocument) as info:
            read()
        assert [p.path for p in info.value.problems] == ["$.start"]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1969-12-31", "2200-01-01"])
def test_days_outside_the_years_of_the_model_are_refused(day):
    for read in (
        lambda: from_dict({"start": day}, Period),
        lambda: from_json(json.dumps({"start": day}), Period),
    ):
        with pytest.raises(InvalidDocument) as info:
            read()
        assert [p.path for p in info.value.problems] == ["$.start"]
        assert "1970-01-01 to 2199-12-31" in str(info.value)


def hs_session(start):
    return Session(start=start, end=start + dt.timedelta(hours=1), location="school")


@pytest.mark.parametrize("n", [MAX_PROBLEMS + 1, 200_000])
def test_an_error_lists_the_first_problems_and_counts_the_rest(n):
    for read in (
        lambda: from_dict({"partners": [1] * n}, Network),
        lambda: from_json(b'{"partners":[' + b",".join([b"1"] * n) + b"]}", Network),
    ):
        with pytest.raises(InvalidDocument) as info:
            read()
        error = info.value
        assert error.count == n
        assert [p.path for p in error.problems] == [f"$.partners[{i}]" for i in range(MAX_PROBLEMS)]
        assert str(error).endswith(f"... and {n - MAX_PROBLEMS:,} more")
        assert len(str(error)) < 2_000


def test_problems_of_nested_collections_are_counted_too():
    bad_session = {"start": "x"}  # and no end, no location: 3 problems
    document = {"sessions": [bad_session] * 1000}
    with pytest.raises(InvalidDocument) as info:
        from_dict(document, Intervention)
    # 3 problems a session, and the intervention's own required fields.
    required = {"id", "kind", "title", "target_group", "area", "requested_on"}
    assert info.value.count == 3 * 1000 + len(required)
    assert len(info.value.problems) == MAX_PROBLEMS


def test_a_huge_value_is_echoed_in_a_few_dozen_characters():
    huge = "x" * 10_000_000
    with pytest.raises(UnsupportedSchemaVersion) as version:
        from_dict({"schema_version": huge}, Partner)
    assert len(str(version.value)) < 400
    with pytest.raises(InvalidDocument) as info:
        from_dict({**to_dict(Area.country()), "kind": huge}, Area)
    assert len(str(info.value)) < 1_000
    assert "x" * (MAX_ECHO + 1) not in str(info.value)


@pytest.mark.parametrize(
    "number", [10**400, -(10**5000), float("nan"), float("inf")], ids=["big", "huge", "nan", "inf"]
)
def test_numbers_python_cannot_show_or_json_cannot_hold_are_refused(number):
    document = {"minimum": number, "maximum": 12}
    with pytest.raises(InvalidDocument) as info:
        from_dict(document, AgeRange)
    assert [p.path for p in info.value.problems] == ["$.minimum"]
    assert len(str(info.value)) < 500


@pytest.mark.parametrize(
    "literal",
    [b"1" + b"0" * 5000, b"1e999", b"-1e999", b"NaN", b"Infinity"],
    ids=["huge", "1e999", "-1e999", "NaN", "Infinity"],
)
def test_number_literals_python_cannot_hold_are_refused(literal):
    with pytest.raises(InvalidDocument) as info:
        from_json(b'{"minimum":' + literal + b',"maximum":12}', AgeRange)
    assert len(str(info.value)) < 500


def test_a_value_that_holds_itself_is_refused_without_recursing():
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(InvalidDocument) as info:
        from_dict({"minimum": loop, "maximum": {"a": loop}}, AgeRange)
    assert {p.path for p in info.value.problems} == {"$.minimum", "$.maximum"}


def test_a_class_that_is_not_a_document_type_is_refused_in_one_line():
    from halt_core.lifecycle import INTERVENTION_LIFECYCLE, Lifecycle, Transition

    classes: list[Any] = [
        Lifecycle,
        Transition,
        dict,
        list[Partner],
        "Partner",
        INTERVENTION_LIFECYCLE,
    ]
    for cls in classes:
        with pytest.raises(InvalidValue, match="expected a model or event class") as info:
            from_json(b"{}", cls)
        assert "\n" not in str(info.value)
        with pytest.raises(InvalidValue, match="expected a model or event class"):
            from_dict({}, cls)


@pytest.mark.parametrize("data", [5, None, 10**9, ["{}"], object()])
def test_data_that_is_not_json_text_is_refused(data):
    with pytest.raises(InvalidValue, match="expected JSON text"):
        from_json(data, Partner)


@pytest.mark.parametrize(
    "value", ["\ud800", {"a": object()}, 10**5000], ids=["surrogate", "object", "huge"]
)
def test_what_json_cannot_hold_is_not_written(value):
    with pytest.raises(InvalidValue, match="JSON cannot hold it"):
        to_json(value)


def test_duplicate_keys_read_as_the_last_one():
    document = b'{"minimum":1,"minimum":5,"maximum":12}'
    assert from_json(document, AgeRange) == AgeRange(minimum=5, maximum=12)
    with pytest.raises(InvalidDocument) as info:
        from_json(b'{"minimum":1,"minimum":"x","maximum":12}', AgeRange)
    assert [p.path for p in info.value.problems] == ["$.minimum"]
