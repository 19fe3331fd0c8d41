"""Every field of every model and event class has a category; the sensitive ones the right one."""

from __future__ import annotations

import importlib
import json
import pkgutil
import typing
from collections.abc import Iterable, Iterator
from types import ModuleType

import attrs
import pytest

import halt_core.events
import halt_core.model
from halt_core.errors import InvalidValue
from halt_core.events import EVENT_TYPES
from halt_core.ids import ReferralId
from halt_core.model import ContactPoint, Partner
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.categories import (
    BY_STRICTNESS,
    CATEGORY_KEY,
    Category,
    categories_of,
    category_of,
    strictest,
)
from halt_core.serialization import json_schema, json_schemas
from halt_core.storage import RECORD_KINDS

C = Category


def _modules(package: ModuleType) -> Iterator[ModuleType]:
    yield package
    for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
        yield importlib.import_module(info.name)


def _attrs_classes() -> list[type]:
    """Every attrs class defined in halt_core.model and halt_core.events, private ones too,
    every event type and every kind of record."""
    found: dict[str, type] = {}
    for package in (halt_core.model, halt_core.events):
        for module in _modules(package):
            for obj in vars(module).values():
                if isinstance(obj, type) and attrs.has(obj) and obj.__module__ == module.__name__:
                    found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    for cls in [*EVENT_TYPES.values(), *(kind.type for kind in RECORD_KINDS.values())]:
        found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


CLASSES = _attrs_classes()


def unclassified(classes: Iterable[type]) -> list[str]:
    """``Class.field`` for every field without a category."""
    missing = []
    for cls in classes:
        for field in attrs.fields(cls):
            try:
                category_of(cls, field.name)
            except InvalidValue:
                missing.append(f"{cls.__name__}.{field.name}")
    return missing


def test_the_walk_finds_the_model_and_every_event() -> None:
    names = {cls.__name__ for cls in CLASSES}
    assert {
        "Partner",
        "PartnerKindProfile",
        "ContactPoint",
        "Area",
        "SafetyRegion",
        "Municipality",
        "Collaboration",
        "Agreement",
        "Forum",
        "ForumKindProfile",
        "Cadence",
        "Meeting",
        "AgendaItem",
        "CaseOnAgenda",
        "Period",
        "Intervention",
        "TargetGroup",
        "AgeRange",
        "Session",
        "Evaluation",
        "Referral",
        "Outcome",
        "Network",
        "Event",
        "ReferralEvent",
        "MeetingEvent",
        "NotificationEvent",
    } <= names
    assert {cls.__name__ for cls in EVENT_TYPES.values()} <= names
    assert "NotificationParked" in names


def test_every_field_of_every_model_and_event_class_has_a_category() -> None:
    assert unclassified(CLASSES) == []


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_categories_of_lists_every_field_in_order(cls: type) -> None:
    assert list(categories_of(cls)) == [f.name for f in attrs.fields(cls)]


def test_a_field_without_a_category_is_found() -> None:
    @attrs.frozen(kw_only=True)
    class Careless:
        name: str = attrs.field(metadata={CATEGORY_KEY: Category.ORGANISATIONAL})
        remark: str = ""  # added without a category
        spelled: str = attrs.field(default="", metadata={CATEGORY_KEY: "free_text"})  # not one

    assert unclassified([*CLASSES, Careless]) == ["Careless.remark", "Careless.spelled"]
    with pytest.raises(InvalidValue, match="every field needs a category"):
        category_of(Careless, "remark")
    with pytest.raises(InvalidValue, match="every field needs a category"):
        categories_of(Careless)


def test_an_unknown_field_or_a_class_that_is_not_attrs_is_refused() -> None:
    with pytest.raises(InvalidValue, match="expected a field of the class"):
        category_of(Partner, "shoe_size")
    with pytest.raises(InvalidValue, match="expected a field of the class"):
        category_of(dict, "name")


_BY_NAME = {cls.__name__: cls for cls in CLASSES}

EXPECTED = [
    ("Referral", "id", C.PSEUDONYMOUS_REFERENCE),
    ("Referral", "youth", C.PSEUDONYMOUS_REFERENCE),
    ("Referral", "referrer", C.YOUTH_JUSTICE),
    ("Referral", "age_at_offence", C.YOUTH_PERSONAL),
    ("Referral", "municipality", C.YOUTH_PERSONAL),
    ("Referral", "offence", C.YOUTH_JUSTICE),
    ("Referral", "offence_date", C.YOUTH_JUSTICE),
    ("Referral", "referred_on", C.YOUTH_JUSTICE),
    ("Referral", "status", C.YOUTH_JUSTICE),
    ("Referral", "outcome", C.YOUTH_JUSTICE),
    ("Outcome", "result", C.YOUTH_JUSTICE),
    ("Outcome", "hours", C.YOUTH_JUSTICE),
    ("CaseOnAgenda", "youth", C.PSEUDONYMOUS_REFERENCE),
    ("CaseOnAgenda", "referral", C.PSEUDONYMOUS_REFERENCE),
    ("CaseOnAgenda", "municipality", C.YOUTH_PERSONAL),
    ("Meeting", "cases", C.YOUTH_PERSONAL),
    ("Meeting", "agenda", C.FREE_TEXT),
    ("Meeting", "location", C.ORGANISATIONAL),
    ("AgendaItem", "title", C.FREE_TEXT),
    ("AgendaItem", "notes", C.FREE_TEXT),
    ("ContactPoint", "role", C.ORGANISATIONAL),
    ("ContactPoint", "name", C.PROFESSIONAL_CONTACT),
    ("ContactPoint", "email", C.PROFESSIONAL_CONTACT),
    ("ContactPoint", "phone", C.PROFESSIONAL_CONTACT),
    ("Partner", "id", C.ORGANISATIONAL),
    ("Partner", "name", C.ORGANISATIONAL),
    ("Partner", "notes", C.FREE_TEXT),
    ("Partner", "contact_points", C.PROFESSIONAL_CONTACT),
    ("Forum", "name", C.ORGANISATIONAL),
    ("Intervention", "id", C.ORGANISATIONAL),
    ("Intervention", "title", C.ORGANISATIONAL),
    ("Session", "trainer", C.PROFESSIONAL_CONTACT),
    ("Session", "location", C.ORGANISATIONAL),
    ("TargetGroup", "description", C.FREE_TEXT),
    ("Evaluation", "summary", C.FREE_TEXT),
    ("Agreement", "text", C.FREE_TEXT),
    ("Event", "id", C.ORGANISATIONAL),
    ("Event", "actor", C.PROFESSIONAL_CONTACT),
    ("ReferralEvent", "referral", C.PSEUDONYMOUS_REFERENCE),
    ("ReferralEvent", "to_status", C.YOUTH_JUSTICE),
    ("ReferralCompleted", "outcome", C.YOUTH_JUSTICE),
    ("ReferralReturned", "reason", C.FREE_TEXT),
    ("MeetingCancelled", "location", C.ORGANISATIONAL),
    ("MeetingCancelled", "reason", C.FREE_TEXT),
    ("MeetingMoved", "previous_location", C.ORGANISATIONAL),
    ("NotificationParked", "reason", C.FREE_TEXT),
    ("InterventionCancelled", "reason", C.FREE_TEXT),
    ("CollaborationSuspended", "reason", C.FREE_TEXT),
]


@pytest.mark.parametrize(("owner", "field", "expected"), EXPECTED, ids=lambda v: str(v))
def test_the_sensitive_fields_have_their_category(
    owner: str, field: str, expected: Category
) -> None:
    assert category_of(_BY_NAME[owner], field) is expected


def _fields() -> list[tuple[type, attrs.Attribute]]:  # type: ignore[type-arg]
    return [(cls, f) for cls in CLASSES for f in attrs.fields(attrs.resolve_types(cls))]


def _mentions(tp: object, wanted: object) -> bool:
    if tp is wanted:
        return True
    return any(_mentions(arg, wanted) for arg in typing.get_args(tp))


def test_every_pseudonym_and_referral_id_is_a_pseudonymous_reference() -> None:
    leads = [
        f"{cls.__name__}.{f.name}"
        for cls, f in _fields()
        if _mentions(f.type, YouthPseudonym) or _mentions(f.type, ReferralId)
    ]
    assert "Referral.youth" in leads
    assert "ReferralEvent.referral" in leads
    for cls, f in _fields():
        if f"{cls.__name__}.{f.name}" in leads:
            assert category_of(cls, f.name) is C.PSEUDONYMOUS_REFERENCE, (cls, f.name)


@pytest.mark.parametrize("name", ["notes", "reason", "summary", "description"])
def test_what_people_type_is_free_text(name: str) -> None:
    typed = [(cls, f) for cls, f in _fields() if f.name == name]
    assert typed
    for cls, _ in typed:
        assert category_of(cls, name) is C.FREE_TEXT, cls


def _records_in(tp: object) -> list[type]:
    """The attrs classes a field of type ``tp`` holds (in a tuple, an Optional, ...)."""
    if isinstance(tp, type) and attrs.has(tp):
        return [tp]
    return [cls for arg in typing.get_args(tp) for cls in _records_in(arg)]


def _deep(cls: type) -> set[Category]:
    found = set()
    for f in attrs.fields(attrs.resolve_types(cls)):
        inner = _records_in(f.type)
        found |= {c for r in inner for c in _deep(r)} if inner else {category_of(cls, f.name)}
    return found


def test_a_field_holding_records_has_the_strictest_category_of_their_fields() -> None:
    checked = []
    for cls, f in _fields():
        inner = _records_in(f.type)
        if inner:
            deepest = strictest(c for r in inner for c in _deep(r))
            assert category_of(cls, f.name) is deepest, (cls.__name__, f.name, deepest)
            checked.append(f"{cls.__name__}.{f.name}")
    assert {"Meeting.cases", "Partner.contact_points", "Network.referrals"} <= set(checked)


def test_personal_is_everything_about_a_youth_and_nothing_about_organisations() -> None:
    assert {c for c in Category if c.personal} == {
        C.YOUTH_PERSONAL,
        C.YOUTH_JUSTICE,
        C.PSEUDONYMOUS_REFERENCE,
        C.FREE_TEXT,
    }
    assert not C.ORGANISATIONAL.personal
    assert not C.PROFESSIONAL_CONTACT.personal


def test_strictest_orders_every_category() -> None:
    assert set(BY_STRICTNESS) == set(Category)
    assert len(BY_STRICTNESS) == len(Category)
    assert strictest([C.ORGANISATIONAL]) is C.ORGANISATIONAL
    assert strictest([C.YOUTH_JUSTICE, C.PSEUDONYMOUS_REFERENCE]) is C.YOUTH_JUSTICE
    assert strictest(iter([C.YOUTH_PERSONAL, C.YOUTH_JUSTICE])) is C.YOUTH_PERSONAL
    assert strictest(list(Category)) is C.FREE_TEXT
    with pytest.raises(InvalidValue, match="at least one"):
        strictest([])


def test_the_category_keeps_the_json_schema_keywords_and_stays_out_of_the_schemas() -> None:
    email = attrs.fields(ContactPoint).email.metadata
    assert email[CATEGORY_KEY] is C.PROFESSIONAL_CONTACT
    assert email["json_schema"] == {"format": "idn-email", "maxLength": 254}
    assert "json_schema" in attrs.fields(Partner).oin.metadata
    schema = json_schema(Partner)
    contact = schema["$defs"]["ContactPoint"]["properties"]
    assert contact["email"]["format"] == "idn-email"
    assert contact["phone"]["pattern"].startswith("^\\+")
    for document in json_schemas().values():
        text = json.dumps(document)
        assert '"category"' not in text
        assert "professional_contact" not in text
