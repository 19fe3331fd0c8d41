"""Hostile input for every public class, and what must hold whatever it is.

A case starts from a valid value of a class (drawn by :mod:`halt_core.testing.strategies`),
turns it into a document and spoils it one way: a wrong type, a number too large, NaN,
nesting thousands deep, a 10 MB text, bytes that are not UTF-8, a lone surrogate, a key
given twice, NUL, a date in year 1 or 9999, a time without a zone, a name or a BSN where a
pseudonym belongs. Whatever comes out must be a value that round-trips, or a library error
that is short and shows no personal data.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import traceback
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import strategies as st

import halt_core
from halt_core import (
    FORUM_KINDS,
    PARTNER_KINDS,
    AgendaItem,
    Agreement,
    CaseOnAgenda,
    Gazetteer,
    HaltError,
    InvalidDocument,
    Level,
    Problem,
    ReferralId,
    from_dict,
    from_json,
    to_dict,
    to_json,
)
from halt_core.events import EVENT_TYPES, Event, event_from_dict, event_from_json
from halt_core.rules import RuleSettings
from halt_core.serialization.limits import MAX_DEPTH, MAX_MESSAGE_LENGTH, MAX_PROBLEMS
from halt_core.testing import strategies as hs
from tests.fuzz import _run

_GAZETTEER = Gazetteer.load()

# -- the classes ----------------------------------------------------------------------------------

STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    halt_core.Partner: hs.partners(),
    halt_core.ContactPoint: hs.contact_points(),
    halt_core.Collaboration: hs.collaborations(),
    Agreement: st.builds(Agreement, text=hs.names(200), agreed_on=st.none() | hs.dates()),
    halt_core.Forum: hs.forums(),
    halt_core.Cadence: hs.cadences(),
    halt_core.Meeting: hs.meetings(),
    AgendaItem: st.builds(AgendaItem, title=hs.names(80), notes=st.just("") | hs.names(80)),
    CaseOnAgenda: st.builds(
        CaseOnAgenda,
        youth=hs.pseudonyms(),
        municipality=hs.municipality_codes(),
        referral=st.none() | st.uuids(version=4).map(ReferralId),
    ),
    halt_core.Intervention: hs.interventions(),
    halt_core.TargetGroup: hs.target_groups(),
    halt_core.AgeRange: hs.age_ranges(),
    halt_core.Session: hs.sessions(),
    halt_core.Evaluation: hs.evaluations(),
    halt_core.Referral: hs.referrals(),
    halt_core.Outcome: hs.outcomes(),
    halt_core.Area: hs.areas(),
    halt_core.Period: hs.periods(),
    halt_core.SafetyRegion: st.sampled_from(_GAZETTEER.safety_regions),
    halt_core.Municipality: st.sampled_from(_GAZETTEER.municipalities),
    halt_core.PartnerKindProfile: st.sampled_from(list(PARTNER_KINDS.values())),
    halt_core.ForumKindProfile: st.sampled_from(list(FORUM_KINDS.values())),
    halt_core.Network: hs.networks(max_records=2),
    Problem: st.builds(
        Problem,
        # Text a Problem holds: no NUL, no lone surrogate (it refuses both).
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
        st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40),
    ),
    RuleSettings: st.builds(
        RuleSettings,
        halt_ages=hs.age_ranges(),
        max_settlement_hours=st.integers(1, 100),
        lesson_ages=hs.age_ranges(),
    ),
    **{cls: hs.events(cls) for cls in EVENT_TYPES.values()},
}
"""Every public model and event class with a strategy for its valid values."""

CLASSES = list(STRATEGIES)
EVENT_CLASSES = frozenset(EVENT_TYPES.values())
ABSTRACT_EVENTS = (
    Event,
    halt_core.InterventionEvent,
    halt_core.CollaborationEvent,
    halt_core.ReferralEvent,
    halt_core.MeetingEvent,
    halt_core.NotificationEvent,
    halt_core.PartnerEvent,
)
WITH_YOUTHS = frozenset({halt_core.Referral, CaseOnAgenda, halt_core.Meeting, halt_core.Network})
"""The classes that hold a youth's pseudonym, directly or in a part."""

RECORDS = (
    halt_core.Partner,
    halt_core.Collaboration,
    halt_core.Forum,
    halt_core.Meeting,
    halt_core.Intervention,
    halt_core.Referral,
)


def public_attrs_classes() -> set[type]:
    """Every attrs class ``halt_core.__all__`` names."""
    found = set()
    for name in halt_core.__all__:
        obj = getattr(halt_core, name)
        if isinstance(obj, type) and attrs.has(obj):
            found.add(obj)
    return found


# -- values that belong nowhere -------------------------------------------------------------------

TEN_MB = "x" * 10_000_000
PERSONAL = (
    "Jan de Vries",
    "Anna Bakker-de Boer",
    "JanDeVries2011",
    "JANSEN2011",
    "123456782",  # passes the 11-test: BSN-shaped
    "Y-123456782",
    "jan.devries@example.nl",
    "06-12345678",
    "+31 6 12345678",
    "03-04-2010",
    "20100403",
    "Mohammed El Amrani",
)
"""Values that must never come back in an error when they are given as a youth's pseudonym."""

EXTREME_MOMENTS = (
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:30:00+23:59",
    "9999-12-31T23:59:59-05:00",
    "9999-12-31T23:59:59.999999-23:59",
    "1969-12-31T23:59:59Z",
    "1936-06-01T12:00:00+00:19",
    "2200-01-01",
    "2199-12-31T23:59:59.999999Z",
)
NAIVE_MOMENTS = ("2025-03-01T10:00:00", "2025-03-30T02:30:00", "2025-03-01 10:00")
ODD_TEXT = (
    "\u2028",
    "\ufeff",
    "\x1b[31mrood\x1b[0m",
    "e\u0301",
    "\U0001d54f",
    "\uffff",
    "\x7f",
    '=HYPERLINK("http://x")',
    "\r\n",
    "' OR 1=1 --",
    "\u202egnp.exe",
    "a" * 2000,
    " ",
)
BAD_UTF8 = (
    b"\xff",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"\xc0\xaf",
    b"\x80",
    b"\xe2\x82",
)

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([0, -1, 2**63, 10**400, -(10**400)]),
    st.floats(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.just([]),
    st.just({}),
)
"""JSON-able values of any type."""

ODD_PYTHON = st.one_of(
    JUNK,
    st.sampled_from(
        [
            object(),
            b"bytes",
            dt.date(1, 1, 1),
            dt.date(9999, 12, 31),
            dt.date(2025, 3, 1),
            dt.datetime(2025, 3, 1, 10),
            dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
            dt.datetime(2025, 3, 1, 10, tzinfo=dt.UTC),
            uuid.UUID(int=7),
            Level.LOCAL,
            frozenset({1}),
            (1, "x"),
            ("\x00",),
            float("nan"),
            math.inf,
            "\x00",
            "\ud800",
            "a\udfffb",
            TEN_MB,
            *PERSONAL,
        ]
    ),
)
"""Python values of any type, for constructors."""


# -- documents ------------------------------------------------------------------------------------


@attrs.frozen
class Case:
    """One hostile input: as Python data, as JSON text and as JSON bytes (where it has them)."""

    mutation: str
    data: Any = attrs.field(default=None, repr=False)
    has_data: bool = False
    text: str | None = attrs.field(default=None, repr=False)
    raw: bytes | None = attrs.field(default=None, repr=False)

    def __repr__(self) -> str:
        # Short, so that a failing example of 10 MB prints in a few lines.
        shown = (self.text or repr(self.raw) or "")[:300]
        return (
            f"Case({self.mutation!r}, {len(self.text or self.raw or ''):,} characters: {shown!r})"
        )


def _placeholder(n: int) -> str:
    return f"__halt_fuzz_{n}__"


def json_text(doc: Any, literals: dict[str, str] | None = None, ascii: bool = False) -> str | None:
    """``doc`` as JSON text, each placeholder string replaced by its raw JSON literal."""
    try:
        text = json.dumps(doc, ensure_ascii=ascii, allow_nan=True)
    except (ValueError, TypeError, RecursionError):  # a loop, a number too long for str()
        return None
    for placeholder, literal in (literals or {}).items():
        text = text.replace(json.dumps(placeholder), literal)
    return text


def _encode(text: str | None) -> bytes | None:
    if text is None:
        return None
    return text.encode(
        "utf-8", "surrogatepass"
    )  # a lone surrogate becomes bytes that are not UTF-8


def places(doc: Any) -> list[tuple[Any, Any]]:
    """Every (container, key) in ``doc`` below its top: where a value can be swapped."""
    found: list[tuple[Any, Any]] = []
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            items: Iterator[tuple[Any, Any]] = iter(node.items())
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            continue
        for key, value in items:
            found.append((node, key))
            stack.append(value)
    return found


def _string_places(doc: Any, pattern: re.Pattern[str] | None = None) -> list[tuple[Any, Any]]:
    return [
        (c, k)
        for c, k in places(doc)
        if isinstance(c[k], str) and (pattern is None or pattern.match(c[k]))
    ]


def _youth_places(doc: Any) -> list[tuple[Any, Any]]:
    return [(c, k) for c, k in places(doc) if k == "youth"]


_DATE_LIKE = re.compile(r"\d{4}-\d\d-\d\d")
_MOMENT_LIKE = re.compile(r"\d{4}-\d\d-\d\dT")


def _deep(depth: int, kind: str) -> tuple[Any, str]:
    """A value nested ``depth`` levels deep, as Python data and as JSON text."""
    value: Any = 1
    if kind == "list":
        for _ in range(depth):
            value = [value]
        return value, "[" * depth + "1" + "]" * depth
    for _ in range(depth):
        value = {"a": value}
    return value, '{"a":' * depth + "1" + "}" * depth


Mutation = Callable[[st.DrawFn, Any], Case]


def _swap(
    draw: st.DrawFn, doc: Any, value: Any, where: list[tuple[Any, Any]] | None = None
) -> None:
    where = where if where is not None else places(doc)
    if where:
        container, key = draw(st.sampled_from(where))
        container[key] = value
    elif isinstance(doc, dict):
        doc["added"] = value


def _data_case(name: str, doc: Any, literals: dict[str, str] | None = None) -> Case:
    text = json_text(doc, literals)
    return Case(name, doc, True, text, _encode(json_text(doc, literals, ascii=True)))


def wrong_type(draw: st.DrawFn, doc: Any) -> Case:
    _swap(draw, doc, draw(JUNK))
    return _data_case("wrong type", doc)


def huge_number(draw: st.DrawFn, doc: Any) -> Case:
    digits = draw(st.sampled_from([400, 4_300, 5_000, 100_000]))
    sign = draw(st.sampled_from(["", "-"]))
    _swap(draw, doc, _placeholder(1))
    text = json_text(doc, {_placeholder(1): sign + "9" * digits})
    data = None
    if digits <= 4_300:
        data = int(sign + "9" * digits)
        _replace_everywhere(doc, _placeholder(1), data)
    return Case("huge number", data, data is not None, text, _encode(text))


def _replace_everywhere(doc: Any, old: Any, new: Any) -> None:
    for container, key in places(doc):
        if isinstance(container[key], str) and container[key] == old:
            container[key] = new


def not_a_number(draw: st.DrawFn, doc: Any) -> Case:
    number = draw(st.sampled_from([math.nan, math.inf, -math.inf]))
    _swap(draw, doc, number)
    return _data_case("NaN", doc)  # json writes NaN and Infinity, which are not JSON


def deep(draw: st.DrawFn, doc: Any) -> Case:
    depth = draw(
        st.sampled_from([MAX_DEPTH - 3, MAX_DEPTH, MAX_DEPTH + 1, 999, 5_000] * 3 + [100_000])
    )
    value, literal = _deep(depth, draw(st.sampled_from(["list", "object"])))
    if draw(st.booleans()):
        _swap(draw, doc, _placeholder(2))
    elif isinstance(doc, dict):
        doc["deep_unknown_key"] = _placeholder(2)
    text = json_text(doc, {_placeholder(2): literal})
    _replace_everywhere(doc, _placeholder(2), value)
    return Case("depth", doc, True, text, _encode(text))


def holds_itself(draw: st.DrawFn, doc: Any) -> Case:
    loop: list[Any] = []
    loop.append(loop)
    _swap(draw, doc, draw(st.sampled_from([loop, {"a": loop}])))
    return Case("holds itself", doc, True)


def long_text(draw: st.DrawFn, doc: Any) -> Case:
    size = draw(st.sampled_from([201, 2_001, 65, 1_001, 100_000] * 4 + [10_000_000]))
    _swap(draw, doc, TEN_MB[:size], _string_places(doc) or None)
    return _data_case("long text", doc)


def bad_utf8(draw: st.DrawFn, doc: Any) -> Case:
    bad = draw(st.sampled_from(BAD_UTF8))
    _swap(draw, doc, _placeholder(3), _string_places(doc) or None)
    text = json_text(doc)
    assert text is not None
    raw = text.encode().replace(json.dumps(_placeholder(3)).encode(), b'"a' + bad + b'b"')
    return Case("invalid UTF-8", raw=raw)


def surrogate(draw: st.DrawFn, doc: Any) -> Case:
    bad = draw(st.sampled_from(["\ud800", "a\udfffb", "\udc00\ud800", "\ud83d"]))
    if draw(st.booleans()) or not isinstance(doc, dict):
        _swap(draw, doc, bad, _string_places(doc) or None)
    else:
        doc[bad] = "a key that is not Unicode"
    text = json_text(doc)
    raw = _encode(json_text(doc, ascii=True))  # as \\ud800 escapes
    return Case("surrogate", doc, True, text, raw)


def duplicate_key(draw: st.DrawFn, doc: Any) -> Case:
    objects = [c[k] for c, k in places(doc) if isinstance(c[k], dict) and c[k]]
    if isinstance(doc, dict) and doc:
        objects.append(doc)
    if not objects:
        return wrong_type(draw, doc)
    target = draw(st.sampled_from(objects))
    key = draw(st.sampled_from(sorted(target)))
    other = json.dumps(draw(JUNK | st.just(target[key])), allow_nan=True)
    marker = _placeholder(4)
    if draw(st.booleans()):  # the other value first, the real one last (which wins)
        items = list(target.items())
        target.clear()
        target[marker] = 0
        target.update(items)
    else:
        target[marker] = 0
    text = json_text(doc)
    assert text is not None
    text = text.replace(f"{json.dumps(marker)}: 0", f"{json.dumps(key)}: {other}")
    return Case("duplicate key", text=text, raw=text.encode())


def nul(draw: st.DrawFn, doc: Any) -> Case:
    bad = draw(st.sampled_from(["\x00", "a\x00b", "Y-7F3K9Q2M\x00"]))
    if draw(st.booleans()) or not isinstance(doc, dict):
        _swap(draw, doc, bad, _string_places(doc) or None)
    else:
        doc["unknown\x00key"] = bad
    return _data_case("NUL", doc)


def extreme_year(draw: st.DrawFn, doc: Any) -> Case:
    where = _string_places(doc, _DATE_LIKE) or None
    _swap(draw, doc, draw(st.sampled_from(EXTREME_MOMENTS)), where)
    return _data_case("year 1 or 9999", doc)


def naive(draw: st.DrawFn, doc: Any) -> Case:
    where = _string_places(doc, _MOMENT_LIKE) or _string_places(doc, _DATE_LIKE) or None
    _swap(draw, doc, draw(st.sampled_from(NAIVE_MOMENTS)), where)
    return _data_case("naive date and time", doc)


def personal(draw: st.DrawFn, doc: Any) -> Case:
    value = draw(st.sampled_from(PERSONAL))
    _swap(draw, doc, value, _youth_places(doc) or _string_places(doc) or None)
    return _data_case("personal data", doc)


def odd_text(draw: st.DrawFn, doc: Any) -> Case:
    text = draw(
        st.sampled_from(ODD_TEXT)
        | st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=40)
    )
    _swap(draw, doc, text, _string_places(doc) or None)
    return _data_case("odd but valid text", doc)


def missing_or_unknown_key(draw: st.DrawFn, doc: Any) -> Case:
    objects = [c[k] for c, k in places(doc) if isinstance(c[k], dict)]
    if isinstance(doc, dict):
        objects.append(doc)
    if objects:
        target = draw(st.sampled_from(objects))
        if target and draw(st.booleans()):
            del target[draw(st.sampled_from(sorted(target)))]
        else:
            target[draw(st.text(max_size=10))] = draw(JUNK)
    return _data_case("missing or unknown key", doc)


def schema_version(draw: st.DrawFn, doc: Any) -> Case:
    # Hypothesis favours the first of a list: the costly 10 MB comes last, drawn now and then.
    value = draw(st.sampled_from([2, 0, "1", True, 1.0, None, [1], {"v": 1}, "9" * 1000, TEN_MB]))
    if isinstance(doc, dict):
        doc["schema_version"] = value
    return _data_case("schema_version", doc)


def truncated(draw: st.DrawFn, doc: Any) -> Case:
    text = json_text(doc)
    assert text is not None
    raw = text.encode()
    return Case("truncated", raw=raw[: draw(st.integers(0, max(0, len(raw) - 1)))])


def not_an_object(draw: st.DrawFn, doc: Any) -> Case:
    value = draw(JUNK | st.just([doc]) | st.just("{}"))
    return _data_case("not an object", value)


def valid(draw: st.DrawFn, doc: Any) -> Case:
    return _data_case("valid", doc)


MUTATIONS: tuple[Mutation, ...] = (
    wrong_type,
    huge_number,
    not_a_number,
    deep,
    holds_itself,
    long_text,
    bad_utf8,
    surrogate,
    duplicate_key,
    nul,
    extreme_year,
    naive,
    personal,
    odd_text,
    missing_or_unknown_key,
    schema_version,
    truncated,
    not_an_object,
    valid,
)


@st.composite
def cases(draw: st.DrawFn, cls: type) -> tuple[Any, list[Case]]:
    """A valid value of ``cls`` and one hostile input made from it by each mutation.

    Every mutation gets its turn in every example: a hypothesis draw would favour the first
    ones, and drawing the valid value is what costs.
    """
    value = draw(STRATEGIES[cls])
    return value, [mutation(draw, to_dict(value)) for mutation in MUTATIONS]


# -- what must hold -------------------------------------------------------------------------------


def youth_values(data: Any) -> set[str]:
    """The texts under a ``youth`` key in ``data``, long enough to look for in a message."""
    found = set()
    seen: set[int] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "youth" and isinstance(value, str) and len(value) >= 8:
                    found.add(value)
                if isinstance(value, dict | list) and len(stack) < 10_000:
                    stack.append(value)
        elif isinstance(node, list) and len(node) < 1_000:
            stack.extend(v for v in node if isinstance(v, dict | list))
    return found


def check_error(error: HaltError, personal: set[str]) -> None:
    """A library error for bad input: short, and without the personal data given."""
    message = str(error)
    assert len(message) <= MAX_MESSAGE_LENGTH, f"a message of {len(message):,} characters"
    assert len(repr(error)) <= MAX_MESSAGE_LENGTH + 100
    if isinstance(error, InvalidDocument):
        assert len(error.problems) <= MAX_PROBLEMS
        assert error.count >= len(error.problems) >= 1
    for value in personal:
        assert value not in message, f"a youth's pseudonym field came back: {message[:200]}"
    if personal:
        shown = "".join(traceback.format_exception(error))
        assert not any(value in shown for value in personal)


def check_value(value: Any, cls: type) -> None:
    """An accepted value: of the class asked for, and the same after a trip through JSON."""
    assert isinstance(value, cls)
    assert from_json(to_json(value), type(value)) == value
    assert from_dict(to_dict(value), type(value)) == value
    _run.accept(value)


def read_every_way(cls: type, case: Case, personal: set[str]) -> None:
    """Give ``case`` to every entry point that reads ``cls``; check what comes out.

    ``personal`` holds the pseudonyms of the valid value the case was made from; those in the
    case itself are added.
    """
    if case.has_data and cls in WITH_YOUTHS:
        personal = personal | youth_values(case.data)
    readers: list[tuple[type, Callable[[], Any]]] = []
    if case.has_data:
        readers.append((cls, lambda: from_dict(case.data, cls)))
        if cls in EVENT_CLASSES:
            readers.append((Event, lambda: event_from_dict(case.data)))
    sources: list[str | bytes | None] = [case.text, case.raw]
    if case.text is not None and case.raw is not None and case.text.isascii():
        sources = [case.raw] if case.raw == case.text.encode() else sources  # the same bytes
    for source in sources:
        if source is not None:
            readers.append((cls, functools.partial(from_json, source, cls)))
            if cls in EVENT_CLASSES:
                readers.append((Event, functools.partial(event_from_json, source)))
    for expected, read in readers:
        try:
            value = read()
        except HaltError as error:
            if case.mutation == "valid":
                pytest.fail(f"a valid document was refused: {error}")
            check_error(error, personal)
        else:
            check_value(value, expected)
