"""Stored records the model now refuses: normalised where they can be, set aside where not.

The model grows stricter over time. Since the built-in stores' schema version 3, a contact
point's e-mail address must pass `email-validator` and its phone number `phonenumbers`
(see :mod:`halt_core.model.contacts`), where earlier versions took any ``x@y.z`` and any six
digits. A store written before holds values the model now refuses (``a..b@x.nl``,
``123456``) or spells differently (``020-1234567``, ``Team@EXAMPLE.NL``); reading them as
they are would fail.

So a store, when it migrates, runs every stored document through a repair here, once, before
anything reads it:

- a value the model can normalise is replaced by its normalised form (``+31201234567``,
  ``Team@example.nl``);
- a value it refuses is taken out of the document and reported as a :class:`SetAside`
  (the record, where in its document, the value as it was, and why);
- a contact point left with neither an e-mail address nor a phone number is taken out
  whole, and reported whole.

The record then loads, and nothing is dropped silently: the store keeps the reports, which
:meth:`UnitOfWork.set_aside() <halt_core.storage.UnitOfWork.set_aside>` lists and
``halt check`` shows. Fields a repair does not name are left exactly as they were.

This module does no I/O: a repair takes the plain decoded JSON of one document and returns
the repaired document and the reports; the adapter reads and writes them::

    >>> import datetime as dt
    >>> document = {"id": "5e1f0000-0000-4000-8000-000000000001", "contact_points": [
    ...     {"role": "meldpunt", "email": "a..b@x.nl", "phone": "020-1234567"}]}
    >>> repaired, reports = repair_partner_document(
    ...     document, schema_version=3, at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC))
    >>> repaired["contact_points"]
    [{'role': 'meldpunt', 'email': None, 'phone': '+31201234567'}]
    >>> [(r.path, r.value) for r in reports]
    [('$.contact_points[0].email', 'a..b@x.nl')]
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from halt_core.errors import InvalidValue
from halt_core.model.contacts import (
    EMAIL_ALLOWED,
    PHONE_ALLOWED,
    email_problem,
    normalise_email,
    normalise_phone,
    phone_problem,
)

__all__ = ["SetAside", "repair_partner_document"]


@attrs.frozen(kw_only=True)
class SetAside:
    """A stored value a store's migration took out of a record, because the model refuses it.

    Attributes:
        kind: the kind of record, named as in :data:`~halt_core.storage.RECORD_KINDS`:
            ``"partners"``.
        record_id: the record's id.
        path: where the value was in the record's document *as it was stored before the
            migration*, e.g. ``$.contact_points[1].email``; positions count from 0. A whole
            contact point has a path like ``$.contact_points[2]``.
        value: the value as it was stored, as text; a whole contact point as compact JSON,
            so its role and name are kept with it.
        reason: what is wrong with it, in English.
        schema_version: the schema version of the store's migration that set it aside.
        at: when the migration ran (a moment with its offset).

    """

    kind: str
    record_id: uuid.UUID
    path: str
    value: str
    reason: str
    schema_version: int
    at: dt.datetime

    def __attrs_post_init__(self) -> None:
        for name in ("kind", "path", "value", "reason"):
            if not isinstance(getattr(self, name), str):
                raise InvalidValue("SetAside", name, getattr(self, name), "expected text")
        if not isinstance(self.record_id, uuid.UUID):
            raise InvalidValue("SetAside", "record_id", self.record_id, "expected a uuid.UUID")
        version = self.schema_version
        if type(version) is not int or version < 1:
            raise InvalidValue("SetAside", "schema_version", version, "expected a number >= 1")
        if not isinstance(self.at, dt.datetime) or self.at.utcoffset() is None:
            raise InvalidValue(
                "SetAside", "at", self.at, "expected a datetime with its offset (tzinfo set)"
            )


_Check = Callable[[str], str | None]

# Each contact point field: the normalising function, the function that says what is wrong,
# and the words the reason starts with.
_FIELDS: tuple[tuple[str, Callable[[str], str], _Check, str], ...] = (
    ("email", normalise_email, email_problem, EMAIL_ALLOWED),
    ("phone", normalise_phone, phone_problem, PHONE_ALLOWED),
)
_NOTHING_LEFT = (
    "a contact point needs an e-mail address or a phone number, so it was set aside whole"
)
_NONE_GIVEN = "it has neither an e-mail address nor a phone number, which a contact point needs"


def repair_partner_document(
    document: Mapping[str, Any],
    *,
    schema_version: int,
    at: dt.datetime,
    record_id: uuid.UUID | None = None,
) -> tuple[dict[str, Any], list[SetAside]]:
    """Normalise the contact points of one stored partner document; report what cannot be.

    ``document`` is the partner's stored JSON, decoded (as :func:`json.loads` gives it); it
    is not changed. Returns the repaired document, a new dict, and what was set aside, in
    document order:

    - every contact point's ``email`` and ``phone`` in their normalised form;
    - a value the model refuses set to null (absent), and reported with its path, the
      value as text and the reason;
    - a contact point left with neither removed, and reported as one :class:`SetAside`
      whose value is the whole contact point as it was stored, as compact JSON.

    Every other field is left as it is, also when it is not what the model expects: the
    repair is for the contact points only. Repairing a repaired document changes nothing
    and reports nothing.

    ``schema_version`` and ``at`` are recorded on every report; ``record_id`` is the
    record's id as the store knows it (by default the document's ``"id"``). Raises
    :class:`~halt_core.errors.InvalidValue` when there is no id to report under.
    """
    repaired = dict(document)
    points = document.get("contact_points")
    if not isinstance(points, list):
        return repaired, []
    reports: list[tuple[str, str, str]] = []  # path, value, reason
    kept: list[Any] = []
    for position, point in enumerate(points):
        if not isinstance(point, Mapping):
            kept.append(point)  # not a contact point at all: for the decoder to refuse
            continue
        fixed, problems = _repair_point(point)
        where = f"$.contact_points[{position}]"
        if fixed.get("email") is None and fixed.get("phone") is None:
            reasons = [f"its {_WORDS[field]} is not valid: {why}" for field, _, _, why in problems]
            reasons.append(_NOTHING_LEFT if problems else _NONE_GIVEN)
            reports.append((where, _compact(point), "; ".join(reasons)))
            continue
        reports.extend(
            (f"{where}.{field}", shown, f"{allowed}: {why}")
            for field, shown, allowed, why in problems
        )
        kept.append(fixed)
    repaired["contact_points"] = kept
    if not reports:
        return repaired, []
    owner = record_id if record_id is not None else _id_of(document)
    return repaired, [
        SetAside(
            kind="partners",
            record_id=owner,
            path=path,
            value=value,
            reason=reason,
            schema_version=schema_version,
            at=at,
        )
        for path, value, reason in reports
    ]


_WORDS = {"email": "e-mail address", "phone": "phone number"}


_Problem = tuple[str, str, str, str]  # field, the value as text, what is allowed, what is wrong


def _repair_point(point: Mapping[str, Any]) -> tuple[dict[str, Any], list[_Problem]]:
    """The contact point with its values normalised or nulled; what is wrong with each nulled."""
    fixed = dict(point)
    problems: list[_Problem] = []
    for field, normalise, problem_of, allowed in _FIELDS:
        value = point.get(field)
        if value is None:
            continue
        problem = problem_of(value) if isinstance(value, str) else "it is not text"
        if problem is None:
            fixed[field] = normalise(value)
            continue
        fixed[field] = None
        shown = value if isinstance(value, str) else _compact(value)
        problems.append((field, shown, allowed, problem))
    return fixed, problems


def _compact(value: object) -> str:
    """``value`` as compact JSON text, its keys in their stored order."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _id_of(document: Mapping[str, Any]) -> uuid.UUID:
    found = document.get("id")
    try:
        return uuid.UUID(str(found))
    except ValueError:
        raise InvalidValue(
            "repair_partner_document",
            "record_id",
            found,
            "the document has no valid id: pass record_id, the id the store keeps it under",
        ) from None
