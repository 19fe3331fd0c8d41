"""Errors about values and documents: a bad field, a document that cannot be read, no match."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import attrs

from halt_core.errors._base import HaltError
from halt_core.errors._phrases import PHRASEBOOK
from halt_core.errors._showing import bounded, clip, short_repr

__all__ = [
    "InvalidDocument",
    "InvalidValue",
    "NotFound",
    "Problem",
    "UnsupportedSchemaVersion",
]


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
        super().__init__(bounded(f"{owner}.{field} cannot be {self._shown()}: {allowed}"))

    def in_dutch(self) -> str:
        """``Partner.name mag niet '' zijn: verwacht ...``."""
        shown = PHRASEBOOK.say(self._shown()) if self.withheld else self._shown()
        allowed = PHRASEBOOK.say(self.allowed)
        return bounded(f"{self.owner}.{self.field} mag niet {shown} zijn: {allowed}")

    def _shown(self) -> str:
        return str(self.value) if self.withheld else short_repr(self.value)

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
        dutch: the message in Dutch, when whoever found the problem wrote one (a rule's
            violation has its own); None to look the English up in the phrasebook. Not
            compared: two problems are equal when place and English are.

    """

    path: str
    message: str
    dutch: str | None = attrs.field(default=None, kw_only=True, eq=False)

    def __attrs_post_init__(self) -> None:
        from halt_core.model._checks import is_clean  # the model imports this module

        for name in ("path", "message", "dutch"):
            text = getattr(self, name)
            if text is None and name == "dutch":
                continue
            if not isinstance(text, str) or not is_clean(text):
                raise InvalidValue(
                    "Problem", name, text, "expected text with no NUL and no lone surrogate"
                )

    @property
    def message_nl(self) -> str:
        """The message in Dutch: :attr:`dutch`, or the English looked up in the phrasebook."""
        return self.dutch if self.dutch is not None else PHRASEBOOK.say(self.message)

    def in_dutch(self) -> str:
        """The problem as ``str()`` gives it, its message in Dutch."""
        return f"{self.message_nl} @ {self.path}"

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
        from halt_core.serialization.limits import MAX_PROBLEMS

        found = list(problems)
        self.target = target
        self.problems = tuple(found[:MAX_PROBLEMS])
        self.count = max(count or 0, len(found))
        noun = "problem" if self.count == 1 else "problems"
        super().__init__(
            self._listed(
                f"cannot read {target} from this data ({self.count:,} {noun})",
                "fix these and try again",
                [str(problem) for problem in self.problems],
                f"and {self.count - len(self.problems):,} more",
            )
        )

    def in_dutch(self) -> str:
        """``kan Partner niet uit deze gegevens lezen (2 problemen); ...``, in Dutch."""
        noun = "probleem" if self.count == 1 else "problemen"
        target = PHRASEBOOK.dutch(self.target) or self.target  # a class name stays as it is
        return self._listed(
            f"kan {target} niet uit deze gegevens lezen ({dutch_number(self.count)} {noun})",
            "herstel deze en probeer het opnieuw",
            [problem.in_dutch() for problem in self.problems],
            f"en nog {dutch_number(self.count - len(self.problems))}",
        )

    def _listed(self, head: str, advice: str, problems: list[str], rest: str) -> str:
        from halt_core.serialization.limits import MAX_MESSAGE_LENGTH, MAX_PROBLEMS

        width = MAX_MESSAGE_LENGTH // (MAX_PROBLEMS + 1)
        lines = [clip(f"  - {problem}", width) for problem in problems]
        if self.count > len(self.problems):
            lines.append(f"  ... {rest}")
        return f"{clip(head, width)}; {advice}:\n" + "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.target, self.problems, self.count))


def dutch_number(number: int) -> str:
    """``number`` as Dutch writes it: ``12.345`` (a dot between thousands)."""
    return f"{number:,}".replace(",", ".")


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
                    f"unsupported schema_version {short_repr(found)}: {advice}",
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
        super().__init__(bounded(f"no {what} {self._shown()}: {hint}"))

    def in_dutch(self) -> str:
        """``geen gemeente 'Atlantis': ...``."""
        what, hint = PHRASEBOOK.say(self.what), PHRASEBOOK.say(self.hint)
        return bounded(f"geen {what} {self._shown()}: {hint}")

    def _shown(self) -> str:
        key = self.key
        return clip(str(key)) if isinstance(key, str | uuid.UUID) else short_repr(key)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.what, self.key, self.hint))

    def __str__(self) -> str:
        # LookupError subclasses such as KeyError quote their argument; keep the sentence.
        return str(self.args[0])
