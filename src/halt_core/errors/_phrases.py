"""Dutch for the English free texts errors carry: a phrasebook of sentence templates."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

import attrs

__all__ = ["PHRASEBOOK", "Phrasebook"]

_SPLITS = ("; ", ". ")  # where a text that has no template whole is tried in parts
_LONG = 2000  # characters: a longer text is matched whole by one-part templates only
_CACHED = 4096  # look-ups kept; most texts repeat, those with values in them vary
_MISSES_KEPT = 1000


class Phrasebook:
    """English sentence templates with their Dutch, for the free texts of errors.

    An error's English message is written where it is raised, often with a free text in it:
    what a field allows, why a store could not be used, what a transition lacks.
    :meth:`HaltError.message("nl") <halt_core.errors.HaltError.message>` builds each class's Dutch
    sentence from its attributes and looks those free texts up here. A template names its
    variable parts in braces; the same names fill the Dutch::

        ("expected a whole number from {low} to {high}",
         "verwacht een geheel getal van {low} tot en met {high}")

    A part written ``{name:nl}`` on the English side is looked up in turn before it goes into
    the Dutch, so ``("expected {what:nl}", "verwacht {what}")`` translates whatever phrase
    ``what`` is. Templates are tried from the most specific (the most fixed characters) to the
    least. A text no template matches whole is tried in its parts, split at ``"; "`` and at
    ``". "``; a text that still has no Dutch keeps its English, so a message is never lost, and
    is listed by :meth:`Phrasebook.missing`.

    halt_core's own phrases are loaded on the first look-up; adapters and plugins add theirs
    with :meth:`Phrasebook.add`.

    Use the shared :data:`~halt_core.errors.PHRASEBOOK`; a separate book is for tests and
    tools that want their own.

    Attributes:
        modules: the modules whose ``PHRASES`` the book holds, or will hold once first used.

    """

    def __init__(self, pairs: Iterable[tuple[str, str]] = (), *, modules: Iterable[str] = ()):
        """A book holding ``pairs``, and the ``PHRASES`` of ``modules`` once first used."""
        self._exact: dict[str, str] = {}
        self._templates: list[_Template] = []
        self.modules: tuple[str, ...] = ()
        self._pending: list[str] = []
        self._cache: dict[str, str | None] = {}
        self._misses: dict[str, None] = {}
        self._loading = threading.Lock()
        self.add(pairs)
        for name in modules:
            self.add_module(name)

    def add(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Add ``(english, dutch)`` templates; a later one wins over an equal earlier one.

        Raises:
            InvalidValue: when a Dutch template names a part its English one does not.

        """
        for english, dutch in pairs:
            names, pattern, translated = _compile(english)
            unknown = _names(dutch) - names
            if unknown:
                from halt_core.errors._values import InvalidValue

                raise InvalidValue(
                    "Phrasebook",
                    "pairs",
                    (english, dutch),
                    "a Dutch template may name only the parts of its English one; not in the "
                    f"English: {', '.join(sorted(unknown))}",
                )
            if not names:
                self._exact[english] = dutch
                continue
            pieces = tuple(piece for piece in _PART.split(english)[::3] if piece)
            # In front: the sort below is stable, so a later template wins over an equal one.
            self._templates.insert(0, _Template(pieces, len(names), pattern, dutch, translated))
        self._templates.sort(key=lambda template: -sum(map(len, template.pieces)))
        self._cache.clear()

    def add_module(self, name: str) -> None:
        """Add the ``PHRASES`` pairs of module ``name`` when the book is first used.

        So an adapter package registers its phrases on import without importing them.
        """
        if name not in self.modules:
            self.modules += (name,)
            self._pending.append(name)
            self._cache.clear()

    def dutch(self, english: str) -> str | None:
        """The Dutch of ``english``, or None when no template (or set of parts) fits it."""
        self._load()
        if english in self._cache:
            return self._cache[english]
        found = self._whole(english)
        if found is None:
            found = self._parts(english)
        if len(self._cache) >= _CACHED:
            self._cache.clear()
        self._cache[english] = found
        return found

    def say(self, english: str) -> str:
        """The Dutch of ``english``, or the English itself when there is none.

        A text without Dutch is kept, for :meth:`missing`.
        """
        found = self.dutch(english)
        if found is not None:
            return found
        if len(self._misses) < _MISSES_KEPT:
            self._misses[english] = None
        return english

    def missing(self) -> tuple[str, ...]:
        """The texts :meth:`say` had no Dutch for, in the order first asked (at most 1,000)."""
        return tuple(self._misses)

    def _load(self) -> None:
        if not self._pending:
            return
        import importlib

        with self._loading:  # errors are made in many threads; each module is added once
            while self._pending:
                module = importlib.import_module(self._pending[0])
                self.add(module.PHRASES)
                self._pending.pop(0)

    def _whole(self, english: str) -> str | None:
        text, end = _without_stop(english)
        exact = self._exact.get(text)
        if exact is not None:
            return exact + end
        long = len(text) > _LONG
        for template in self._templates:
            # A regex of several lazy parts can take cubic time on a long text full of its
            # separators (": "): only templates whose fixed pieces all occur are tried, and
            # on a long text (a renderer's whole output) only those of one part.
            if (long and template.parts > 1) or not all(p in text for p in template.pieces):
                continue
            match = template.pattern.fullmatch(text)
            if match is None:
                continue
            dutch, translated = template.dutch, template.translated
            parts = match.groupdict()
            for name in translated:
                inner = self.dutch(parts[name])
                if inner is None:
                    break
                parts[name] = inner
            else:
                return _fill(dutch, parts) + end
        return None

    def _parts(self, english: str) -> str | None:
        for separator in _SPLITS:
            if separator not in english:
                continue
            pieces = english.split(separator)
            found = [self._whole(piece) or self._parts(piece) for piece in pieces]
            if all(piece is not None for piece in found):
                return separator.join(piece for piece in found if piece is not None)
        return None


_PART = re.compile(r"\{(\w+)(:nl)?\}")


@attrs.frozen
class _Template:
    pieces: tuple[str, ...]  # the fixed text between the parts
    parts: int
    pattern: re.Pattern[str]
    dutch: str
    translated: frozenset[str]  # the parts looked up in turn


def _names(template: str) -> set[str]:
    return {match.group(1) for match in _PART.finditer(template)}


def _compile(english: str) -> tuple[frozenset[str], re.Pattern[str], frozenset[str]]:
    names: set[str] = set()
    translated: set[str] = set()
    pattern = []
    position = 0
    for match in _PART.finditer(english):
        pattern.append(re.escape(english[position : match.start()]))
        name = match.group(1)
        if name in names:
            pattern.append(f"(?P={name})")
        else:
            pattern.append(f"(?P<{name}>.+?)")
        names.add(name)
        if match.group(2):
            translated.add(name)
        position = match.end()
    pattern.append(re.escape(english[position:]))
    return frozenset(names), re.compile("".join(pattern), re.DOTALL), frozenset(translated)


def _fill(template: str, parts: dict[str, str]) -> str:
    return _PART.sub(lambda match: parts[match.group(1)], template)


def _without_stop(text: str) -> tuple[str, str]:
    # "... again." and "... again" are one phrase: the full stop is kept, not translated.
    return (text[:-1], ".") if text.endswith(".") and not text.endswith("..") else (text, "")


PHRASEBOOK = Phrasebook(
    modules=[
        "halt_core.errors._dutch.model",
        "halt_core.errors._dutch.library",
    ]
)
