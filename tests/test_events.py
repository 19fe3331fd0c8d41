"""Events: every kind round-trips through the converter, and reading any event finds its class."""

import datetime as dt
import doctest
import importlib
import json
import pkgutil
import re
import uuid

import attrs
import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

import halt_core.events
from halt_core import (
    AMSTERDAM,
    EVENT_TYPES,
    CollaborationEvent,
    Event,
    EventId,
    InterventionEvent,
    InterventionScheduled,
    InterventionStatus,
    InvalidDocument,
    InvalidValue,
    MeetingEvent,
    NotificationEvent,
    Outcome,
    OutcomeResult,
    ReferralCompleted,
    ReferralEvent,
    ReferralStatus,
    Session,
    UnsupportedSchemaVersion,
    event_from_dict,
    event_from_json,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from halt_core.events import PartnerEvent
from halt_core.ids import CollaborationId, ForumId, InterventionId, MeetingId, ReferralId
from halt_core.model import CollaborationStatus
from halt_core.serialization import converter
from halt_core.testing import strategies as hs

EVENT_CLASSES = list(EVENT_TYPES.values())
FAMILIES = {
    InterventionEvent: "intervention",
    CollaborationEvent: "collaboration",
    ReferralEvent: "referral",
    MeetingEvent: "meeting",
    NotificationEvent: "notification",
    PartnerEvent: "partner",
}
T0 = dt.datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)
ID = uuid.UUID(int=7)


def family_of(cls):
    (family,) = [name for base, name in FAMILIES.items() if issubclass(cls, base)]
    return family


def concrete_subclasses(cls):
    for sub in cls.__subclasses__():
        if "type" in attrs.fields_dict(sub):
            yield sub
        yield from concrete_subclasses(sub)


def scheduled(**changes):
    values = {
        "id": EventId(ID),
        "occurred_at": T0,
        "actor": "tr.jansen",
        "intervention": InterventionId(ID),
        "from_status": InterventionStatus.AGREED,
        "to_status": InterventionStatus.SCHEDULED,
        "sessions": (Session(start=T0, end=T0 + dt.timedelta(hours=1), location="lokaal 8"),),
    }
    return InterventionScheduled(**{**values, **changes})


# -- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_every_event_round_trips_through_every_path(cls, data):
    event = data.draw(hs.events(cls))
    assert type(event) is cls
    document = to_json(event)
    assert from_json(document, cls) == event
    assert event_from_json(document) == event
    assert event_from_json(document.decode()) == event
    assert from_dict(to_dict(event), cls) == event
    assert event_from_dict(to_dict(event)) == event
    assert json.loads(document) == to_dict(event)


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda c: c.__name__)
@given(data=st.data())
def test_fast_and_slow_paths_agree_on_events(cls, data):
    event = data.draw(hs.events(cls))
    document = to_json(event)
    fast = msgspec.json.Decoder(cls).decode(document)
    slow = converter.structure(json.loads(document), cls)
    assert fast == slow == event


@given(hs.events())
def test_the_document_names_its_type_and_subject(event):
    document = to_dict(event)
    assert document["type"] == event.type
    assert EVENT_TYPES[event.type] is type(event)
    assert document[family_of(type(event))] == str(event.subject)
    assert document["schema_version"] == 1


@given(hs.moments())
def test_the_moment_is_kept_in_utc_and_means_the_same_instant(moment):
    event = scheduled(occurred_at=moment)
    assert event.occurred_at.tzinfo is dt.UTC
    # Compared in UTC: Python calls a wall time in a DST gap or fold unequal to every time
    # of another zone, even to its own instant.
    assert event.occurred_at == moment.astimezone(dt.UTC)
    assert event.occurred_at.utcoffset() == dt.timedelta(0)
    assert event_from_json(to_json(event)).occurred_at.tzinfo is dt.UTC


# -- type names -----------------------------------------------------------------------------------


TYPE_NAME = re.compile(r"nl\.halt\.(?P<subject>[a-z]+)\.(?P<what>[a-z]+(?:_[a-z]+)*)")
IRREGULAR_PAST_TENSES = {"made"}


def test_every_concrete_event_is_known_by_its_type_name():
    assert set(concrete_subclasses(Event)) == set(EVENT_CLASSES)
    assert len(set(EVENT_CLASSES)) == len(EVENT_CLASSES)


@pytest.mark.parametrize(("name", "cls"), EVENT_TYPES.items(), ids=list(EVENT_TYPES))
def test_type_names_say_subject_and_what_happened_in_the_past_tense(name, cls):
    match = TYPE_NAME.fullmatch(name)
    assert match is not None
    assert match["subject"] == family_of(cls)
    words = match["what"].split("_")
    assert any(w.endswith("ed") or w in IRREGULAR_PAST_TENSES for w in words), name
    assert attrs.fields_dict(cls)["type"].default == name
    # The class name says the same: nl.halt.referral.agreements_made is ReferralAgreementsMade.
    spelled = match["subject"].capitalize() + "".join(w.capitalize() for w in words)
    assert cls.__name__ == spelled


def test_the_module_docstring_example_holds():
    assert doctest.testmod(halt_core.events, raise_on_error=True).attempted >= 1


# -- the package ----------------------------------------------------------------------------------


def event_modules():
    for info in pkgutil.iter_modules(halt_core.events.__path__):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"halt_core.events.{info.name}")


def test_the_package_exports_every_name_of_its_modules_and_no_other():
    names = [name for module in event_modules() for name in module.__all__]
    assert sorted(names) == sorted(halt_core.events.__all__)
    for module in event_modules():
        for name in module.__all__:
            assert getattr(halt_core.events, name) is getattr(module, name)


@pytest.mark.parametrize("cls", [*EVENT_CLASSES, *FAMILIES], ids=lambda c: c.__name__)
def test_each_event_lives_in_the_module_of_its_family(cls):
    assert cls.__module__ == f"halt_core.events.{family_of(cls)}s"


# -- construction ---------------------------------------------------------------------------------


BASES: dict[type[Event], dict[str, object]] = {
    Event: {},
    InterventionEvent: {
        "intervention": InterventionId(ID),
        "from_status": InterventionStatus.AGREED,
        "to_status": InterventionStatus.SCHEDULED,
    },
    CollaborationEvent: {
        "collaboration": CollaborationId(ID),
        "from_status": CollaborationStatus.ACTIVE,
        "to_status": CollaborationStatus.ENDED,
    },
    ReferralEvent: {
        "referral": ReferralId(ID),
        "from_status": ReferralStatus.INTAKE,
        "to_status": ReferralStatus.REFUSED,
    },
    MeetingEvent: {"meeting": MeetingId(ID), "forum": ForumId(ID)},
}


@pytest.mark.parametrize("base", BASES, ids=lambda c: c.__name__)
def test_the_bases_are_not_built_directly(base):
    with pytest.raises(TypeError, match="build one of its subclasses"):
        base(id=EventId(ID), occurred_at=T0, actor="x", **BASES[base])


@pytest.mark.parametrize(
    ("field", "bad"),
    [
        ("occurred_at", dt.datetime(2025, 3, 1, 10, 0)),
        ("actor", ""),
        ("actor", "   "),
        ("actor", "x" * 101),
        ("sessions", ()),
    ],
)
def test_impossible_events_are_refused(field, bad):
    with pytest.raises(InvalidValue) as info:
        scheduled(**{field: bad})
    assert (info.value.owner, info.value.field) == ("InterventionScheduled", field)


def test_an_outcome_must_match_the_event():
    negative = Outcome(result=OutcomeResult.NEGATIVE, decided_on=dt.date(2025, 3, 1))
    with pytest.raises(InvalidValue, match="'positive'"):
        ReferralCompleted(
            id=EventId(ID),
            occurred_at=T0,
            actor="x",
            referral=ReferralId(ID),
            from_status=ReferralStatus.CARRIED_OUT,
            to_status=ReferralStatus.COMPLETED,
            outcome=negative,
        )


def test_the_type_cannot_be_set_to_another_name():
    event = scheduled()
    assert event.type == "nl.halt.intervention.scheduled"
    document = {**to_dict(event), "type": "nl.halt.intervention.agreed"}
    with pytest.raises(InvalidDocument) as info:
        from_dict(document, InterventionScheduled)
    assert [p.path for p in info.value.problems] == ["$.type"]


# -- reading any event ----------------------------------------------------------------------------


def problems(exc_info):
    return [(p.path, p.message) for p in exc_info.value.problems]


def test_an_unknown_type_is_refused_naming_the_known_ones():
    document = {**to_dict(scheduled()), "type": "nl.halt.intervention.planned"}
    for read in (lambda: event_from_dict(document), lambda: event_from_json(json.dumps(document))):
        with pytest.raises(InvalidDocument) as info:
            read()
        [(path, message)] = problems(info)
        assert path == "$.type"
        assert "unknown event type 'nl.halt.intervention.planned'" in message
        assert all(repr(name) in message for name in EVENT_TYPES)
        assert info.value.target == "Event"


@pytest.mark.parametrize("value", [None, 5, ["nl.halt.intervention.scheduled"]])
def test_a_missing_or_odd_type_is_refused(value):
    document = to_dict(scheduled())
    if value is None:
        del document["type"]
    else:
        document["type"] = value
    with pytest.raises(InvalidDocument) as info:
        event_from_json(json.dumps(document))
    [(path, message)] = problems(info)
    assert path == "$.type"
    assert ("required field missing" in message) is (value is None)


@pytest.mark.parametrize("data", [b"[1, 2]", b'"nl.halt.intervention.scheduled"', b"5"])
def test_json_that_is_not_an_object_is_refused(data):
    with pytest.raises(InvalidDocument) as info:
        event_from_json(data)
    assert problems(info) == [
        ("$", "expected an object with a 'type', like the output of to_json(event)")
    ]


@pytest.mark.parametrize("data", [[1], "x", None, 5])
def test_data_that_is_not_an_object_is_refused(data):
    with pytest.raises(InvalidDocument, match="expected an object"):
        event_from_dict(data)


def test_text_that_is_not_json_is_refused():
    with pytest.raises(InvalidDocument, match="not valid JSON"):
        event_from_json(b'{"type": ')


def test_bad_data_of_a_known_type_lists_every_bad_path():
    document = to_dict(scheduled())
    document["actor"] = " "
    document["occurred_at"] = "2025-03-01T10:00:00"
    document["sessions"] = []
    del document["intervention"]
    with pytest.raises(InvalidDocument) as info:
        event_from_json(json.dumps(document))
    assert info.value.target == "InterventionScheduled"
    assert {path for path, _ in problems(info)} == {
        "$.actor",
        "$.occurred_at",
        "$.sessions",
        "$.intervention",
    }


def test_a_newer_schema_version_is_refused():
    document = {**to_dict(scheduled()), "schema_version": 2}
    with pytest.raises(UnsupportedSchemaVersion):
        event_from_dict(document)
    with pytest.raises(UnsupportedSchemaVersion):
        event_from_json(json.dumps(document))


# -- hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [b"[" * 100_000 + b"]" * 100_000, '{"type":"\ud800"}', b'{"type":"\xff"}', 5],
    ids=["deep", "surrogate", "not UTF-8", "not text"],
)
def test_reading_any_event_from_hostile_data_raises_only_the_library_error(data):
    with pytest.raises((InvalidDocument, InvalidValue)) as info:
        event_from_json(data)
    assert len(str(info.value)) < 1_000


def test_an_unknown_type_of_any_size_is_echoed_in_a_few_dozen_characters():
    loop: list[object] = []
    loop.append(loop)
    for name in ("x" * 10_000_000, loop, 10**5000):
        with pytest.raises(InvalidDocument) as info:
            event_from_dict({**to_dict(scheduled()), "type": name})
        assert len(str(info.value)) < 1_000


@pytest.mark.parametrize(
    "occurred_at",
    [
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(1969, 12, 31, tzinfo=dt.UTC),
    ],
)
def test_a_moment_outside_the_years_of_the_model_is_refused_not_overflowed(occurred_at):
    with pytest.raises(InvalidValue, match="1970-01-01"):
        attrs.evolve(scheduled(), occurred_at=occurred_at)


def test_wrong_types_in_an_event_are_refused_where_they_are_given():
    event = scheduled()
    with pytest.raises(InvalidValue, match="not a list"):
        attrs.evolve(event, sessions=list(event.sessions))
    with pytest.raises(InvalidValue, match="InterventionStatus member"):
        attrs.evolve(event, from_status="agreed")
    with pytest.raises(InvalidValue, match="an Outcome"):
        ReferralCompleted(
            id=EventId(ID),
            occurred_at=T0,
            actor="x",
            referral=ReferralId(ID),
            from_status=ReferralStatus.CARRIED_OUT,
            to_status=ReferralStatus.COMPLETED,
            outcome="positive",  # type: ignore[arg-type]
        )


def test_an_actor_with_a_nul_is_refused():
    with pytest.raises(InvalidValue, match="NUL"):
        attrs.evolve(scheduled(), actor="tr\x00jansen")
