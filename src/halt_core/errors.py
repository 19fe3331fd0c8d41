"""The library's errors: every one derives from :class:`HaltError`.

Catch :class:`HaltError` to handle anything halt_core raises on purpose. Each error says
what was wrong and how to fix it; the subclasses carry the details as attributes so a tool
can show them its own way.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import typing
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "AlreadyExists",
    "ConcurrencyConflict",
    "DeletionRefused",
    "ExportFailed",
    "HaltError",
    "IllegalTransition",
    "InvalidDocument",
    "InvalidValue",
    "NotFound",
    "NotLoaded",
    "Problem",
    "SchemaTooNew",
    "SharingRefused",
    "StoreUnavailable",
    "TransactionAborted",
    "TransitionRefused",
    "UnitOfWorkClosed",
    "UnknownFormat",
    "UnknownScheme",
    "UnsupportedSchemaVersion",
]


class HaltError(Exception):
    """Base of every error halt_core raises on purpose.

    ``except HaltError`` catches them all; anything else escaping the library is a bug.

    Attributes:
        retryable: whether the failed unit of work may succeed when run again, anew
            (see :func:`halt_core.storage.retrying`); False unless a subclass says so.

    """

    retryable: bool = False


class InvalidValue(HaltError, ValueError):
    """A model constructor was given a value that cannot be right.

    Raised by the validators of the model classes. The message names the class, the field,
    the offending value (at most :data:`~halt_core.serialization.limits.MAX_ECHO` characters
    of it) and what is allowed. A value that is personal data of a youth is never shown: the
    message describes its shape instead (``a name-like text``).

    Attributes:
        owner: the name of the class being built, e.g. ``"Partner"``.
        field: the name of the field that was wrong.
        value: the offending value; when ``withheld``, a description of its shape instead.
        allowed: a short description of what the field accepts.
        withheld: whether the value was personal data, kept out of the error.
        also: the other fields of the same value that were wrong too, when one check found
            several (the message names the first).

    """

    also: tuple[InvalidValue, ...] = ()

    def __init__(
        self, owner: str, field: str, value: object, allowed: str, *, withheld: bool = False
    ) -> None:
        self.owner = owner
        self.field = field
        self.value = value
        self.allowed = allowed
        self.withheld = withheld
        shown = str(value) if withheld else _short_repr(value)
        super().__init__(_bounded(f"{owner}.{field} cannot be {shown}: {allowed}"))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_invalid_value, (self.owner, self.field, self.value, self.allowed, self.withheld))


def _invalid_value(
    owner: str, field: str, value: object, allowed: str, withheld: bool
) -> InvalidValue:
    return InvalidValue(owner, field, value, allowed, withheld=withheld)


@attrs.frozen
class Problem:
    """One thing wrong with a document: where it is, and what was expected there.

    Attributes:
        path: a JSONPath-like location, ``$`` for the document itself, e.g.
            ``$.sessions[0].start``.
        message: what was wrong and what was expected, e.g.
            ``expected a date and time with a zone, like 2025-03-01T10:00:00+01:00``.

    """

    path: str
    message: str

    def __attrs_post_init__(self) -> None:
        from halt_core.model._checks import is_clean  # the model imports this module

        for name in ("path", "message"):
            text = getattr(self, name)
            if not isinstance(text, str) or not is_clean(text):
                raise InvalidValue(
                    "Problem", name, text, "expected text with no NUL and no lone surrogate"
                )

    def __str__(self) -> str:
        return f"{self.message} @ {self.path}"


class InvalidDocument(HaltError, ValueError):
    """Data could not be turned into a model value.

    Raised by :func:`halt_core.serialization.from_json` and
    :func:`~halt_core.serialization.from_dict`. It lists the problems found, not just the
    first, so a caller can fix a document in one go; a document with very many problems gets
    the first :data:`~halt_core.serialization.limits.MAX_PROBLEMS` of them and a count of the
    rest, so the message stays short
    (:data:`~halt_core.serialization.limits.MAX_MESSAGE_LENGTH`) whatever the document.

    Attributes:
        target: the name of the class the data was meant to become.
        problems: the problems listed, each a bad path with what was expected there: the
            first ones found, at most :data:`~halt_core.serialization.limits.MAX_PROBLEMS`.
        count: how many problems were found in all (more than ``problems`` holds when there
            were more than that).

    """

    def __init__(self, target: str, problems: Iterable[Problem], count: int | None = None) -> None:
        from halt_core.serialization.limits import MAX_MESSAGE_LENGTH, MAX_PROBLEMS

        found = list(problems)
        self.target = target
        self.problems = tuple(found[:MAX_PROBLEMS])
        self.count = max(count or 0, len(found))
        width = MAX_MESSAGE_LENGTH // (MAX_PROBLEMS + 1)
        lines = [_clip(f"  - {problem}", width) for problem in self.problems]
        if self.count > len(self.problems):
            lines.append(f"  ... and {self.count - len(self.problems):,} more")
        noun = "problem" if self.count == 1 else "problems"
        head = _clip(f"cannot read {target} from this data ({self.count:,} {noun})", width)
        super().__init__(f"{head}; fix these and try again:\n" + "\n".join(lines))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.target, self.problems, self.count))


class UnsupportedSchemaVersion(InvalidDocument):
    """A document carries a ``schema_version`` this version of halt_core cannot read.

    A newer version means the document was written by a newer halt_core: upgrade the
    library. A version that is not a positive whole number means the document is damaged.

    Attributes:
        found: the version found in the document.
        supported: the newest version this halt_core reads.

    """

    def __init__(self, target: str, found: object, supported: int) -> None:
        self.found = found
        self.supported = supported
        if isinstance(found, int) and not isinstance(found, bool) and found > supported:
            advice = (
                f"it was written by a newer halt_core (this one reads up to {supported}); "
                "upgrade halt-core to read it"
            )
        else:
            advice = f"expected a whole number from 1 to {supported}"
        super().__init__(
            target,
            [
                Problem(
                    "$.schema_version",
                    f"unsupported schema_version {_short_repr(found)}: {advice}",
                )
            ],
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.target, self.found, self.supported))


class NotFound(HaltError, LookupError):
    """A lookup by code, name or id found nothing.

    Attributes:
        what: the kind of thing looked up, e.g. ``"municipality"``.
        key: the code, name or id that was asked for.
        hint: how to find valid keys.

    """

    def __init__(self, what: str, key: object, hint: str) -> None:
        self.what = what
        self.key = key
        self.hint = hint
        shown = _clip(str(key)) if isinstance(key, str | uuid.UUID) else _short_repr(key)
        super().__init__(_bounded(f"no {what} {shown}: {hint}"))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.what, self.key, self.hint))

    def __str__(self) -> str:
        # LookupError subclasses such as KeyError quote their argument; keep the sentence.
        return str(self.args[0])


class IllegalTransition(HaltError):
    """A lifecycle transition was asked of a value in a state that does not allow it.

    Raised by the transitions in :mod:`halt_core.lifecycle` before anything is built. The
    message names the subject, its current state, the transition asked for and the ones
    its state allows.

    Attributes:
        subject: the kind of value, e.g. ``"intervention"``.
        subject_id: the value's id.
        current: the state it is in, e.g. ``InterventionStatus.REQUESTED``.
        requested: the name of the transition asked for, e.g. ``"schedule"``.
        target: the state that transition leads to.
        sources: the states that transition may start from.
        allowed: the transitions the current state allows, as ``(name, target)`` pairs;
            empty in a final state.

    """

    def __init__(
        self,
        subject: str,
        subject_id: object,
        current: object,
        requested: str,
        target: object,
        sources: Iterable[object],
        allowed: Iterable[tuple[str, object]],
    ) -> None:
        self.subject = subject
        self.subject_id = subject_id
        self.current = current
        self.requested = requested
        self.target = target
        self.sources = tuple(sources)
        self.allowed = tuple(allowed)
        now = _state(current)
        needs = " or ".join(_state(state) for state in self.sources)
        if self.allowed:
            options = ", ".join(f"{name} (to {_state(to)})" for name, to in self.allowed)
            advice = f"from {now} it may only: {options}"
        else:
            advice = f"{now} is a final state: no transition leaves it"
        super().__init__(
            f"cannot {requested} {subject} {subject_id}: it is {now}, and {requested} "
            f"(to {_state(target)}) starts only from {needs}; {advice}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (
                self.subject,
                self.subject_id,
                self.current,
                self.requested,
                self.target,
                self.sources,
                self.allowed,
            ),
        )


class TransitionRefused(HaltError):
    """A lifecycle transition lacks the data it needs, or the data does not fit the value.

    Raised by the transitions in :mod:`halt_core.lifecycle` before anything is built, e.g.
    when a schedule has no sessions or delivery is reported before the last session ended.

    Attributes:
        subject: the kind of value, e.g. ``"intervention"``.
        subject_id: the value's id.
        transition: the name of the transition, e.g. ``"schedule"``.
        problem: what is missing or wrong.
        hint: how to give what it needs.

    """

    def __init__(
        self, subject: str, subject_id: object, transition: str, problem: str, hint: str
    ) -> None:
        self.subject = subject
        self.subject_id = subject_id
        self.transition = transition
        self.problem = problem
        self.hint = hint
        super().__init__(f"cannot {transition} {subject} {subject_id}: {problem}; {hint}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.subject, self.subject_id, self.transition, self.problem, self.hint),
        )


def _state(state: object) -> str:
    # A state is an enum member; its value is how the docs and documents spell it.
    return str(getattr(state, "value", state))


def _short_repr(value: object) -> str:
    """``value`` as an error shows it: a few dozen characters at most, however big it is.

    Never slower than the characters it shows: a long text is cut before it is quoted, a
    container shows its first items and nests three levels at most (so a list that holds
    itself, or one nested ten thousand deep, is no problem), a huge number gives its size.
    Values under the key or field ``youth`` are left out: they are personal data.
    """
    from halt_core.serialization.limits import MAX_ECHO

    return _clip(_render(value, MAX_ECHO + 1, 0), MAX_ECHO)


def _clip(text: str, limit: int | None = None) -> str:
    if limit is None:
        from halt_core.serialization.limits import MAX_ECHO

        limit = MAX_ECHO
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _bounded(message: str) -> str:
    from halt_core.serialization.limits import MAX_MESSAGE_LENGTH

    return _clip(message, MAX_MESSAGE_LENGTH)


_PERSONAL = frozenset({"youth"})  # keys and fields whose values are never shown


class _Withheld:
    def __repr__(self) -> str:
        return "<withheld>"


_HIDDEN = _Withheld()


def _render(value: object, budget: int, depth: int) -> str:
    if isinstance(value, enum.Enum):
        return repr(value)
    if isinstance(value, str):
        return repr(value[:budget])
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() <= 3 * budget:
            return repr(value)
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"<about {digits:,} digits>"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.date | dt.time):
        # Dates and times read as people write them (2026-03-29 02:30+02:00), not as reprs.
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, type):
        return value.__qualname__
    if isinstance(value, dict):
        items = (
            (k, _HIDDEN if isinstance(k, str) and k in _PERSONAL else v) for k, v in value.items()
        )
        return _sequence("{", "}", items, budget, depth, pairs=True)
    if isinstance(value, list | tuple | set | frozenset):
        brackets = (
            "()"
            if isinstance(value, tuple)
            else "{}"
            if isinstance(value, set | frozenset)
            else "[]"
        )
        return _sequence(brackets[0], brackets[1], value, budget, depth, pairs=False)
    if attrs.has(type(value)):
        fields = attrs.fields(typing.cast(Any, type(value)))
        items = (
            (f.name, _HIDDEN if f.name in _PERSONAL else getattr(value, f.name, None))
            for f in fields
        )
        name = type(value).__name__
        return _sequence(f"{name}(", ")", items, budget - len(name), depth, pairs=True, eq=True)
    try:
        return repr(value)[:budget]
    except Exception:  # a repr that fails must not hide the error being reported
        return f"<{type(value).__name__}>"


def _sequence(
    opening: str,
    closing: str,
    items: Iterable[Any],
    budget: int,
    depth: int,
    *,
    pairs: bool,
    eq: bool = False,
) -> str:
    if depth >= 3:
        return f"{opening}...{closing}"
    parts: list[str] = []
    used = len(opening)
    for item in items:
        if used > budget:
            parts.append("...")
            break
        if pairs:
            key, inner = item
            left = key if eq else _render(key, budget - used, depth + 1)
            text = f"{left}{'=' if eq else ': '}{_render(inner, budget - used, depth + 1)}"
        else:
            text = _render(item, budget - used, depth + 1)
        parts.append(text)
        used += len(text) + 2
    return opening + ", ".join(parts) + closing


# -- stores ---------------------------------------------------------------------------------


class AlreadyExists(HaltError, ValueError):
    """Records were added with ids that are already stored; none of them was stored.

    Attributes:
        kind: the kind of record, e.g. ``"partners"``.
        ids: the ids that were taken.

    """

    def __init__(self, kind: str, ids: Sequence[str], hint: str = "") -> None:
        self.kind = kind
        self.ids = tuple(ids)
        shown = ", ".join(self.ids[:5]) + (
            f" and {len(self.ids) - 5} more" if len(self.ids) > 5 else ""
        )
        advice = hint or "use save() to change a stored record, or give the new one a new id"
        super().__init__(f"{kind} already stored with id {shown}; nothing was added: {advice}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.ids))


class ConcurrencyConflict(HaltError):
    """A record was saved over a version someone else had already replaced.

    Nothing was written: read the record again, apply the change to the new version, and save
    that (:func:`halt_core.storage.retrying` runs a whole block again). No update is ever
    lost silently. Retryable.

    Attributes:
        kind: the kind of record, e.g. ``"intervention"`` (None for a
            :class:`TransactionAborted`).
        id: the record's id (None for a :class:`TransactionAborted`).
        expected: the version this unit of work read and saved over (or was told to expect).
        actual: the version stored now.

    """

    retryable = True
    kind: str | None
    id: uuid.UUID | None
    expected: int | None
    actual: int | None

    def __init__(self, kind: str, id: uuid.UUID, expected: int, actual: int) -> None:
        self.kind = kind
        self.id = id
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"{kind} {id} was changed by someone else: this unit of work expected version "
            f"{expected}, the store now holds version {actual}; nothing was saved. Read it "
            "again, apply the change, and save that"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id, self.expected, self.actual))


class TransactionAborted(ConcurrencyConflict):
    """The database broke off a unit of work to settle a conflict with another one.

    A deadlock (two units of work each waiting for a row the other holds) or a serialization
    failure. Nothing of the unit of work was stored; run the whole block again (which
    :func:`halt_core.storage.retrying` does). Retryable.

    Attributes:
        url: the store's URL (without secrets).
        reason: what the database said.

    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        self.kind = self.id = self.expected = self.actual = None
        HaltError.__init__(
            self,
            f"the store at {url} broke off this unit of work to settle a conflict with "
            f"another one ({reason}); nothing of it was stored. Run it again: "
            "halt_core.storage.retrying does that",
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.reason))


class NotLoaded(HaltError):
    """A record was saved or deleted without being read in the same unit of work.

    The unit of work saves over the version it read, so it needs to have read one.

    Attributes:
        kind: the kind of record.
        id: the record's id.

    """

    def __init__(self, kind: str, id: uuid.UUID) -> None:
        self.kind = kind
        self.id = id
        super().__init__(
            f"{kind} {id} was not read in this unit of work, so there is no version to save "
            f"over: get() it first, change that value, and save it (or add() a new record)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id))


class DeletionRefused(HaltError):
    """The domain does not allow deleting this record.

    Attributes:
        kind: the kind of record.
        id: the record's id.
        reason: why not, and what to do instead.

    """

    def __init__(self, kind: str, id: uuid.UUID, reason: str) -> None:
        self.kind = kind
        self.id = id
        self.reason = reason
        super().__init__(f"{kind} {id} cannot be deleted: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.kind, self.id, self.reason))


class UnitOfWorkClosed(HaltError):
    """A unit of work was used outside its ``with`` block."""

    def __init__(self) -> None:
        super().__init__(
            "this unit of work is not open: use it inside `with store.unit_of_work() as uow:`"
        )


class UnknownScheme(HaltError, ValueError):
    """No installed plugin opens stores for a URL's scheme.

    Attributes:
        url: the URL asked for (without a password).
        installed: the schemes the installed plugins open.

    """

    def __init__(self, url: str, installed: Iterable[str]) -> None:
        self.url = url
        self.installed = tuple(sorted(installed))
        schemes = ", ".join(f"{s}://" for s in self.installed) or "none"
        super().__init__(
            f"no installed plugin opens {url!r}; the installed store schemes are {schemes}. "
            "Check the URL, or install the plugin for its scheme"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.installed))


class UnknownFormat(HaltError, ValueError):
    """No installed exporter has the format name asked for.

    Attributes:
        format: the name asked for.
        installed: the names of the installed export formats.

    """

    def __init__(self, format: str, installed: Iterable[str]) -> None:
        self.format = format
        self.installed = tuple(sorted(installed))
        names = ", ".join(self.installed) or "none"
        super().__init__(
            f"no installed exporter writes the format {_short_repr(format)}; the installed "
            f"formats are {names}. Check the name, or install the plugin that provides it"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.format, self.installed))


class ExportFailed(HaltError):
    """An export could not be written as asked; the message says why and what to do.

    Raised, for instance, when a format that writes one file per record kind is given a
    single stream for several kinds, or when a renderer the format needs is not installed.

    Attributes:
        format: the export format's name.
        reason: what went wrong and how to fix it.

    """

    def __init__(self, format: str, reason: str) -> None:
        self.format = format
        self.reason = reason
        super().__init__(f"the {format} export failed: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.format, self.reason))


class SharingRefused(HaltError):
    """The sharing policy does not let data about youths go where it was asked to go.

    Raised, for instance, by an export asked to include personal data of youths for a
    purpose and recipient no rule of the policy allows
    (:class:`~halt_core.privacy.policy.SharingPolicy`). The message gives the policy's
    reason in English; :attr:`reason_nl` has it in Dutch.

    Attributes:
        what: what was refused, e.g. ``"including personal data of youths in an export"``.
        rule: the name of the policy's rule that decided (``"default"`` when none did).
        reason_en: the policy's reason, in English.
        reason_nl: the policy's reason, in Dutch.
        hint: what can be done instead; may be empty.

    """

    def __init__(
        self, what: str, rule: str, reason_en: str, reason_nl: str, hint: str = ""
    ) -> None:
        self.what = what
        self.rule = rule
        self.reason_en = reason_en
        self.reason_nl = reason_nl
        self.hint = hint
        instead = f"; {hint}" if hint else ""
        super().__init__(f"the sharing policy refuses {what}: {reason_en} (rule {rule}){instead}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.what, self.rule, self.reason_en, self.reason_nl, self.hint),
        )


class SchemaTooNew(HaltError):
    """A store's schema was written by a newer halt_core than this one.

    Attributes:
        url: the store's URL.
        found: the schema version in the store.
        supported: the newest schema version this halt_core knows.

    """

    def __init__(self, url: str, found: int, supported: int) -> None:
        self.url = url
        self.found = found
        self.supported = supported
        super().__init__(
            f"the store at {url} has schema version {found}, newer than this halt_core knows "
            f"({supported}); upgrade halt-core to open it (nothing was changed)"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.url, self.found, self.supported))


class StoreUnavailable(HaltError):
    """A store could not be opened, reached or written.

    The reason says what went wrong and what to do. ``retryable`` is True where running the
    unit of work again, in a new one, can help: a connection the server dropped, a lock not
    granted in time, a database busy beyond its timeout. It is False for what needs a
    person: a wrong URL or password, a full disk, a file that is not a halt store.

    Attributes:
        url: the store's URL (without secrets).
        reason: what went wrong, and what to do.
        retryable: whether running the unit of work again may succeed.

    """

    def __init__(self, url: str, reason: str, *, retryable: bool = False) -> None:
        self.url = url
        self.reason = reason
        self.retryable = retryable
        super().__init__(f"cannot use the store at {url}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (_store_unavailable, (self.url, self.reason, self.retryable))


def _store_unavailable(url: str, reason: str, retryable: bool) -> StoreUnavailable:
    return StoreUnavailable(url, reason, retryable=retryable)
