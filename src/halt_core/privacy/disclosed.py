"""What goes out under a sharing decision, and what went out, ready for the disclosure log.

An export or a message that carries data about youths under a
:class:`~halt_core.privacy.policy.SharingDecision` does two things with each record:

- :func:`within` shows the record as the decision allows it: every field of a category the
  decision does not allow is left out (emptied where the field may be empty; a record that
  cannot go without it is not shown at all);
- :class:`Gathered` notes what did go out: the fields of personal categories that hold
  something, the youths' pseudonyms and the referrals.

When the work is done, :meth:`Gathered.disclosed` says what went out as a :class:`Disclosed`,
which :meth:`Disclosed.disclosure` turns into the
:class:`~halt_core.privacy.log.Disclosure` the store records. Free text is not judged by
:func:`within`: whoever sends it decides first whether it goes out left out, scrubbed or as
typed, since free text may name anyone whatever its record's other fields allow.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from typing import Any, TypeVar

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.categories import Category, category_of
from halt_core.privacy.log import Disclosure
from halt_core.privacy.policy import LegalBasis, Purpose, SharingDecision
from halt_core.privacy.scrub import OMITTED

__all__ = ["Disclosed", "Gathered", "never_shown", "within"]

_T = TypeVar("_T")
_EMPTY: tuple[object, ...] = (None, "", ())


@attrs.frozen
class _Field:
    """What :func:`within` and :class:`Gathered` need to know of one field of a class."""

    name: str
    category: Category
    empty: Any  # the value that leaves it out, or attrs.NOTHING when it cannot be empty
    youth: bool  # holds a youth's pseudonym
    referral: bool  # holds a referral's id


def _holds(hint: Any, wanted: object) -> bool:
    return hint is wanted or any(_holds(arg, wanted) for arg in typing.get_args(hint))


def _empty_value(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]  # attrs types it as a function
        default = default.factory()
    return default if any(default is e or default == e for e in _EMPTY) else attrs.NOTHING


def _fields(cls: Any) -> tuple[_Field, ...]:
    """The fields of ``cls`` that are, or may hold, personal data (read once per class)."""
    return _fields_of(cls)


@functools.cache
def _fields_of(cls: Any) -> tuple[_Field, ...]:
    hints = typing.get_type_hints(cls)
    fields = (
        _Field(
            name=f.name,
            category=category_of(cls, f.name),
            empty=_empty_value(f),
            youth=_holds(hints[f.name], YouthPseudonym),
            referral=_holds(hints[f.name], ReferralId),
        )
        for f in attrs.fields(cls)
    )
    # Organisational data and professionals' contact data, and all they hold, never are.
    return tuple(field for field in fields if field.category.personal)


def _is_record(value: object) -> bool:
    return attrs.has(type(value))


def _records(value: object) -> bool:
    """Whether ``value`` is a record, or a non-empty tuple of records."""
    if isinstance(value, tuple):
        return bool(value) and all(_is_record(item) for item in value)
    return _is_record(value)


def within(value: _T, allowed: frozenset[Category]) -> _T | None:
    """``value`` showing only what ``allowed`` allows; None when it cannot be shown at all.

    A field of a category not in ``allowed`` is left out: emptied (None, ``""``, ``()``)
    when the field may be empty, and otherwise the record is not shown (None), since a
    required field cannot be left out and must not be made up. Records held by a field are
    judged the same way: one that cannot be shown is dropped from its tuple, or empties its
    field, or, where the field cannot be empty, hides its holder. Organisational data and
    professionals' contact data are always shown; free text is left as it is (see the
    module docstring).
    """
    changes: dict[str, Any] = {}
    for field in _fields(type(value)):
        current = getattr(value, field.name)
        if current is None or current == "" or current == ():
            continue
        if _records(current):
            shown = _within_held(current, allowed)
        elif field.category is Category.FREE_TEXT or field.category in allowed:
            continue
        else:
            shown = attrs.NOTHING
        if shown is attrs.NOTHING:
            shown = field.empty
            if shown is attrs.NOTHING:
                return None
        if shown is not current:
            changes[field.name] = shown
    if not changes:
        return value
    try:
        return attrs.evolve(value, **changes)  # type: ignore[misc]
    except InvalidValue:  # the rest no longer holds together without what was left out
        return None


def _within_held(current: Any, allowed: frozenset[Category]) -> Any:
    """The records of one field as ``allowed`` shows them; NOTHING when none can be."""
    if isinstance(current, tuple):
        kept = [within(item, allowed) for item in current]
        if all(new is old for new, old in zip(kept, current, strict=True)):
            return current
        shown = tuple(item for item in kept if item is not None)
        return shown if shown else attrs.NOTHING
    one = within(current, allowed)
    return attrs.NOTHING if one is None else one


def never_shown(cls: type, allowed: frozenset[Category]) -> bool:
    """Whether :func:`within` shows no record of ``cls`` under ``allowed``, whatever it holds.

    True when a field that cannot be empty, holding no records, is of a category not
    allowed: a referral's age, say, when personal data of a youth is not allowed.
    """
    return any(
        f.category is not Category.FREE_TEXT
        and f.category not in allowed
        and f.empty is attrs.NOTHING
        and not any(attrs.has(c) for c in _classes(typing.get_type_hints(cls)[f.name]))
        for f in _fields(cls)
    )


def _classes(hint: Any) -> tuple[Any, ...]:
    return (hint, *(c for arg in typing.get_args(hint) for c in _classes(arg)))


@attrs.define
class Gathered:
    """What went out so far, gathered record by record (see :meth:`add`).

    Attributes:
        youths: the pseudonyms of the youths shown.
        referrals: the ids of the referrals shown.
        fields: the fields of personal categories that held something, as ``Class.field``.

    """

    youths: set[YouthPseudonym] = attrs.field(factory=set)
    referrals: set[ReferralId] = attrs.field(factory=set)
    fields: set[str] = attrs.field(factory=set)

    def add(self, value: object) -> None:
        """Note what ``value`` (a record as it goes out) holds of personal categories."""
        cls = type(value)
        for field in _fields(cls):
            current = getattr(value, field.name)
            if current is None or current == "" or current == () or current == OMITTED:
                continue
            if _records(current):
                for item in current if isinstance(current, tuple) else (current,):
                    self.add(item)
                continue
            self.fields.add(f"{cls.__name__}.{field.name}")
            if field.youth:
                self.youths.add(current)
            if field.referral:
                self.referrals.add(current)

    def disclosed(
        self,
        *,
        purpose: Purpose,
        decision: SharingDecision,
        recipient: PartnerId | None = None,
        recipient_name: str | None = None,
    ) -> Disclosed | None:
        """What went out, on ``decision``; None when nothing of a personal category did."""
        if not self.fields:
            return None
        return Disclosed(
            purpose=purpose,
            decision=decision,
            recipient=recipient,
            recipient_name=recipient_name,
            youths=tuple(sorted(self.youths)),
            referrals=tuple(sorted(self.referrals)),
            fields=tuple(sorted(self.fields)),
        )


def _with_basis(instance: Disclosed, attribute: attrs.Attribute[Any], value: Any) -> None:
    basis = value.legal_basis
    if basis is None or basis is LegalBasis.NONE_NEEDED:
        raise InvalidValue(
            "Disclosed",
            "decision",
            value.rule,
            "a decision that allows personal data on a legal basis (this one names none)",
        )


@attrs.frozen(kw_only=True)
class Disclosed:
    """Data about youths that went out on one sharing decision, not yet in the log.

    Attributes:
        purpose: why it went out.
        decision: the policy's decision it went out on (it names a legal basis).
        recipient: the partner it went to; None when it went to no one partner (a file).
        recipient_name: the recipient as named at the time, if known.
        youths: the pseudonyms of the youths it was about, sorted.
        referrals: the referrals it was about, sorted.
        fields: what went out, as ``Class.field`` names, sorted.

    """

    purpose: Purpose
    decision: SharingDecision = attrs.field(validator=_with_basis)
    recipient: PartnerId | None = None
    recipient_name: str | None = None
    youths: tuple[YouthPseudonym, ...] = ()
    referrals: tuple[ReferralId, ...] = ()
    fields: tuple[str, ...] = ()

    def disclosure(
        self,
        *,
        at: dt.datetime,
        by: str,
        channel: str,
        recipient_name: str | None = None,
        forum: ForumId | None = None,
        meeting: MeetingId | None = None,
    ) -> Disclosure:
        """The log entry for this: made by ``by`` at ``at`` through ``channel``.

        ``recipient_name`` names the recipient when :attr:`recipient_name` does not (an
        export's file name, say).
        """
        name = self.recipient_name or recipient_name
        if not name:
            raise InvalidValue(
                "Disclosed", "recipient_name", name, "a name for the recipient, e.g. a file name"
            )
        basis = self.decision.legal_basis
        assert basis is not None  # checked when made
        return Disclosure(
            at=at,
            by=by,
            purpose=self.purpose,
            legal_basis=basis,
            rule=self.decision.rule,
            recipient=self.recipient,
            recipient_name=name,
            youths=self.youths,
            referrals=self.referrals,
            fields=self.fields,
            channel=channel,
            forum=forum,
            meeting=meeting,
        )
