"""The base every error of halt_core derives from, and its messages in two languages."""

from __future__ import annotations

from typing import Literal

__all__ = ["LANGUAGES", "HaltError", "Language"]

Language = Literal["en", "nl"]
LANGUAGES: tuple[Language, ...] = ("en", "nl")


class HaltError(Exception):
    """Base of every error halt_core raises on purpose.

    ``except HaltError`` catches them all; anything else escaping the library is a bug.
    ``str(error)`` is the English message; :meth:`message` gives it in English or Dutch.

    Attributes:
        retryable: whether the failed unit of work may succeed when run again, anew
            (see :func:`halt_core.storage.retrying`); False unless a subclass says so.

    """

    retryable: bool = False

    def message(self, language: str = "en") -> str:
        """What went wrong and how to fix it, in ``language``: ``"en"`` or ``"nl"``.

        English is ``str(self)``. Dutch is :meth:`in_dutch`: every error of halt_core
        builds it from its attributes, with the free texts it carries (what a field
        allows, why a store refused) looked up in :data:`~halt_core.errors.PHRASEBOOK`.

        Raises:
            InvalidValue: for another language.

        """
        if language == "en":
            return str(self)
        if language == "nl":
            return self.in_dutch()
        from halt_core.errors._values import InvalidValue

        raise InvalidValue(type(self).__name__, "language", language, "expected 'en' or 'nl'")

    def in_dutch(self) -> str:
        """The message in Dutch.

        Each error class of halt_core builds it from its attributes. This default, for an
        error class of a plugin or tool, looks the whole English message up in
        :data:`~halt_core.errors.PHRASEBOOK` (add its Dutch there with
        :meth:`~halt_core.errors.Phrasebook.add`) and gives the English when it has none.
        """
        from halt_core.errors._phrases import PHRASEBOOK

        return PHRASEBOOK.say(str(self))
