"""The JSON Schema of the document format: valid, true to what to_json writes, and strict."""

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_core import (
    SCHEMA_VERSION,
    InvalidDocument,
    InvalidValue,
    from_json,
    new_id,
    to_dict,
    to_json,
)
from halt_core.events import (
    EVENT_TYPES,
    Event,
    InterventionEvent,
    InterventionScheduled,
    ReferralCompleted,
)
from halt_core.ids import PartnerId
from halt_core.model import (
    Area,
    Collaboration,
    ContactPoint,
    Forum,
    Intervention,
    Level,
    Meeting,
    Partner,
    PartnerKind,
    Period,
    Referral,
)
from halt_core.model.registers import KVK_SHAPE, OIN_SHAPE
from halt_core.serialization import json_schema, json_schemas
from halt_core.storage import RECORD_KINDS
from halt_core.testing import strategies

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# RFC 3339, as JSON Schema's "date-time" means it: jsonschema checks it only with an extra
# package installed, so the tests check it themselves, with the offset required.
_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_moment(text: object) -> bool:
    if not isinstance(text, str):
        return True
    return bool(_RFC3339.fullmatch(text)) and dt.datetime.fromisoformat(text).tzinfo is not None


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, format_checker=FORMATS)


SCHEMAS = json_schemas()
VALIDATORS = {kind: validator(schema) for kind, schema in SCHEMAS.items()}


def errors(kind: str, document: Any) -> list[str]:
    found = VALIDATORS[kind].iter_errors(document)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found)


def written(value: Any) -> Any:
    """``value`` as to_json writes it, read back as plain JSON."""
    return json.loads(to_json(value))


def a_partner(**changes: Any) -> Partner:
    fields: dict[str, Any] = {
        "id": new_id(PartnerId),
        "name": "Basisschool De Regenboog",
        "kind": PartnerKind.SCHOOL,
        "level": Level.LOCAL,
        "area": Area.municipality("GM0363"),
        "contact_points": (ContactPoint(role="administratie", phone="020 123 4567"),),
        "oin": "00000001003214345000",
        "kvk": "12345678",
        "brin": "12ab01",
    }
    return Partner(**{**fields, **changes})


# -- the schemas themselves ---------------------------------------------------------------------


def test_there_is_a_schema_for_every_kind_of_record_and_for_events() -> None:
    assert list(SCHEMAS) == [*(kind.name for kind in RECORD_KINDS.values()), "events"]


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_every_schema_is_valid_json_schema_of_draft_2020_12(kind: str) -> None:
    schema = SCHEMAS[kind]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT
    assert schema["$id"] == f"urn:halt-core:schema:{SCHEMA_VERSION}:{schema['title']}"
    assert json.loads(json.dumps(schema)) == schema  # plain JSON


@pytest.mark.parametrize("cls", [*(kind.type for kind in RECORD_KINDS.values()), Event])
def test_json_schemas_holds_the_schema_of_each_class(cls: type) -> None:
    assert json_schema(cls) in SCHEMAS.values()


@pytest.mark.parametrize("cls", list(EVENT_TYPES.values()))
def test_every_kind_of_event_has_a_schema_of_its_own(cls: type) -> None:
    schema = json_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$ref"] == f"#/$defs/{cls.__name__}"
    assert schema["$defs"][cls.__name__] == SCHEMAS["events"]["$defs"][cls.__name__]


def test_a_family_of_events_is_any_of_its_kinds() -> None:
    schema = json_schema(InterventionEvent)
    kinds = [c.__name__ for c in EVENT_TYPES.values() if issubclass(c, InterventionEvent)]
    assert schema["oneOf"] == [{"$ref": f"#/$defs/{name}"} for name in kinds]
    assert len(SCHEMAS["events"]["oneOf"]) == len(EVENT_TYPES)


def test_every_call_gives_a_new_schema() -> None:
    first = json_schema(Partner)
    first["$defs"]["Partner"]["properties"].clear()
    assert json_schema(Partner)["$defs"]["Partner"]["properties"]


@pytest.mark.parametrize("cls", [int, dict, "Partner", None, attrs.Attribute, PartnerKind])
def test_only_model_and_event_classes_have_a_schema(cls: Any) -> None:
    with pytest.raises(InvalidValue, match="expected a model or event class"):
        json_schema(cls)


# -- what the schema says about fields ----------------------------------------------------------


def partner_properties() -> dict[str, Any]:
    properties: dict[str, Any] = SCHEMAS["partners"]["$defs"]["Partner"]["properties"]
    return properties


def test_the_partner_schema_has_the_register_numbers_with_their_patterns() -> None:
    properties = partner_properties()
    assert properties["oin"]["pattern"] == f"^{OIN_SHAPE.pattern}$" == "^[0-9]{20}$"
    assert properties["kvk"]["pattern"] == f"^{KVK_SHAPE.pattern}$" == "^[0-9]{8}$"
    assert properties["brin"]["pattern"] == "^[0-9]{2}[A-Z]{2}(?:[0-9]{2})?$"
    for name in ("oin", "kvk", "brin"):
        assert name not in SCHEMAS["partners"]["$defs"]["Partner"]["required"]
        assert {"type": "null"} in properties[name]["anyOf"]
    assert "organisatie-identificatienummer" in properties["oin"]["description"]


def test_every_field_metadata_keyword_is_in_the_schema() -> None:
    checked: set[str] = set()
    for schema in SCHEMAS.values():
        for component in schema["$defs"].values():
            cls = next(
                (c for c in _attrs_classes() if c.__name__ == component["title"]),
                None,
            )
            if cls is None or "properties" not in component:
                continue
            for field in attrs.fields(cls):
                for keyword, value in field.metadata.get("json_schema", {}).items():
                    assert component["properties"][field.name][keyword] == value
                    checked.add(f"{cls.__name__}.{field.name}")
    assert checked >= {
        "ContactPoint.email",
        "ContactPoint.phone",
        "Partner.oin",
        "Partner.kvk",
        "Partner.brin",
    }


def _attrs_classes() -> list[type]:
    import halt_core.events
    import halt_core.model

    modules = (halt_core.model, halt_core.events)
    found = [getattr(m, name) for m in modules for name in m.__all__]
    return [c for c in found if isinstance(c, type) and attrs.has(c)]


def test_e_mail_addresses_and_phone_numbers_have_their_formats() -> None:
    contact = SCHEMAS["partners"]["$defs"]["ContactPoint"]["properties"]
    assert contact["email"]["format"] == "idn-email"  # international addresses are accepted
    assert contact["email"]["maxLength"] == 254
    assert contact["phone"]["pattern"] == r"^\+[1-9][0-9]{6,14}$"


def test_the_validators_lengths_ranges_and_codes_are_in_the_schema() -> None:
    properties = partner_properties()
    assert (properties["name"]["minLength"], properties["name"]["maxLength"]) == (1, 200)
    assert properties["notes"]["maxLength"] == 2000
    assert "minLength" not in properties["notes"]  # notes may be empty
    contact = SCHEMAS["partners"]["$defs"]["ContactPoint"]["properties"]
    assert (contact["name"]["minLength"], contact["name"]["maxLength"]) == (1, 100)  # optional
    referral = SCHEMAS["referrals"]["$defs"]["Referral"]["properties"]
    assert (referral["age_at_offence"]["minimum"], referral["age_at_offence"]["maximum"]) == (0, 30)
    assert referral["municipality"]["pattern"] == "^GM[0-9]{4}$"
    cadence = SCHEMAS["forums"]["$defs"]["Cadence"]["properties"]
    assert (cadence["interval"]["minimum"], cadence["interval"]["maximum"]) == (1, 12)


def test_moments_are_date_times_and_days_are_dates() -> None:
    meeting = SCHEMAS["meetings"]["$defs"]["Meeting"]["properties"]
    assert meeting["start"]["format"] == meeting["end"]["format"] == "date-time"
    period = SCHEMAS["forums"]["$defs"]["Period"]["properties"]
    assert period["start"]["format"] == "date"
    scheduled = SCHEMAS["events"]["$defs"]["InterventionScheduled"]["properties"]
    assert scheduled["occurred_at"]["format"] == "date-time"


def test_every_field_of_the_records_is_described() -> None:
    for kind in RECORD_KINDS.values():
        properties = SCHEMAS[kind.name]["$defs"][kind.type.__name__]["properties"]
        undescribed = [name for name, p in properties.items() if not p.get("description")]
        assert not undescribed, kind.name


def test_a_document_says_its_schema_version_and_an_event_its_type() -> None:
    for schema in SCHEMAS.values():
        assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
        assert schema["required"] == ["schema_version"]
    for name, cls in EVENT_TYPES.items():
        component = SCHEMAS["events"]["$defs"][cls.__name__]
        assert "type" in component["required"]
        assert component["properties"]["type"]["enum"] == [name]


# -- documents to_json writes are valid ---------------------------------------------------------

WRITTEN: dict[str, Callable[[], st.SearchStrategy[Any]]] = {  # made when a test runs
    "partners": strategies.partners,
    "collaborations": strategies.collaborations,
    "forums": strategies.forums,
    "meetings": strategies.meetings,
    "interventions": strategies.interventions,
    "referrals": strategies.referrals,
    "events": strategies.events,
}


def test_there_is_a_strategy_for_every_kind() -> None:
    assert set(WRITTEN) == set(SCHEMAS)


@pytest.mark.parametrize("kind", list(WRITTEN))
@given(data=st.data())
def test_every_document_to_json_writes_is_valid(kind: str, data: st.DataObject) -> None:
    value = data.draw(WRITTEN[kind]())
    assert errors(kind, written(value)) == []
    assert errors(kind, to_dict(value)) == []  # the same format on the dict path


@given(st.deferred(strategies.events))
def test_an_event_is_valid_against_the_schema_of_its_own_kind_only(event: Event) -> None:
    document = written(event)
    assert validator(json_schema(type(event))).is_valid(document)
    other = ReferralCompleted if not isinstance(event, ReferralCompleted) else InterventionScheduled
    assert not validator(json_schema(other)).is_valid(document)


def test_the_demo_network_is_valid() -> None:
    from halt_core.demo import generate

    network = generate(seed=7, size=20).network
    for kind in RECORD_KINDS.values():
        for record in getattr(network, kind.name):
            assert errors(kind.name, written(record)) == []


def test_keys_the_schema_does_not_know_are_allowed_as_readers_ignore_them() -> None:
    partner = a_partner()
    document = written(partner) | {"added_in_a_later_version": [1, 2]}
    assert errors("partners", document) == []
    assert from_json(json.dumps(document), Partner) == partner


# -- wrong documents are not --------------------------------------------------------------------


def with_changes(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``document`` with the key at ``path`` (``a/0/b``) set, or removed for ``...``."""
    copy: dict[str, Any] = json.loads(json.dumps(document))
    *parents, last = path.split("/")
    where: Any = copy
    for step in parents:
        where = where[int(step)] if isinstance(where, list) else where[step]
    if value is ...:
        del where[last]
    else:
        where[last] = value
    return copy


@pytest.mark.parametrize(
    ("path", "value", "error"),
    [
        ("oin", "0000000100321434500", "oin: '0000000100321434500' does not match"),  # 19 digits
        ("oin", "0000000100321434500X", "oin: '0000000100321434500X' does not match"),
        ("oin", 12345678901234567890, "oin: 12345678901234567890 is not valid under any"),
        ("kvk", "1234567", "kvk: '1234567' does not match"),
        ("brin", "12ABC", "brin: '12ABC' does not match"),
        ("contact_points/0/phone", "020 123 4567", "does not match '^\\\\+[1-9][0-9]{6,14}$'"),
        ("contact_points/0/phone", "+0201234567", "does not match"),
        ("contact_points/0/email", "x" * 250 + "@example.nl", "is too long"),
        ("contact_points/0/role", "", "should be non-empty"),
        ("name", "x" * 201, "is too long"),
        ("name", ..., "'name' is a required property"),
        ("kind", "bakery", "'bakery' is not one of"),
        ("id", "not-an-id", "'not-an-id' is not a 'uuid'"),
        ("schema_version", 2, "schema_version: 1 was expected"),
        ("schema_version", ..., "'schema_version' is a required property"),
    ],
)
def test_a_wrong_partner_is_not_valid(path: str, value: Any, error: str) -> None:
    document = with_changes(written(a_partner()), path, value)
    found = errors("partners", document)
    assert any(error in message for message in found), found


def test_an_e_mail_address_needs_its_at_sign() -> None:
    document = with_changes(written(a_partner()), "contact_points/0/email", "team.example.nl")
    assert "contact_points/0/email: 'team.example.nl' is not a 'idn-email'" in errors(
        "partners", document
    )


@pytest.mark.parametrize(
    ("path", "value"),
    [("oin", "0000000100321434500"), ("kvk", "1234567"), ("brin", "12ABC"), ("name", ...)],
)
def test_what_the_schema_refuses_from_json_refuses_too(path: str, value: Any) -> None:
    document = with_changes(written(a_partner()), path, value)
    with pytest.raises(InvalidDocument):
        from_json(json.dumps(document), Partner)


def test_a_moment_without_its_offset_is_not_valid() -> None:
    meeting = SCHEMAS["meetings"]
    document = {
        "schema_version": 1,
        "id": str(new_id(PartnerId)),
        "forum": str(new_id(PartnerId)),
        "start": "2026-11-26T09:30:00",
        "end": "2026-11-26T11:00:00+01:00",
        "location": "Stadhuis",
    }
    found = sorted(validator(meeting).iter_errors(document), key=str)
    assert [list(e.absolute_path) for e in found] == [["start"]]


@given(st.deferred(strategies.events))
def test_an_event_without_its_type_is_not_valid(event: Event) -> None:
    document = written(event)
    del document["type"]
    assert errors("events", document)
    assert not validator(json_schema(type(event))).is_valid(document)


@pytest.mark.parametrize("cls", [Collaboration, Forum, Intervention, Meeting, Referral, Period])
def test_any_model_class_has_a_valid_schema(cls: type) -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema(cls))
