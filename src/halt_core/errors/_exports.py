"""Errors of exports: a format nobody installed, a file that could not be written, a refusal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from halt_core.errors._base import HaltError
from halt_core.errors._phrases import PHRASEBOOK
from halt_core.errors._showing import short_repr

__all__ = ["ExportFailed", "SharingRefused", "UnknownFormat"]


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
            f"no installed exporter writes the format {short_repr(format)}; the installed "
            f"formats are {names}. Check the name, or install the plugin that provides it"
        )

    def in_dutch(self) -> str:
        """``geen geïnstalleerde exporter schrijft het formaat ...``."""
        names = ", ".join(self.installed) or "geen"
        return (
            f"geen geïnstalleerde exporter schrijft het formaat {short_repr(self.format)}; de "
            f"geïnstalleerde formaten zijn {names}. Controleer de naam, of installeer de "
            "plugin die het levert"
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

    def in_dutch(self) -> str:
        """``de export als ... is mislukt: ...``."""
        return f"de export als {self.format} is mislukt: {PHRASEBOOK.say(self.reason)}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.format, self.reason))


class SharingRefused(HaltError):
    """The sharing policy does not let data about youths go where it was asked to go.

    Raised, for instance, by an export asked to include personal data of youths for a
    purpose and recipient no rule of the policy allows
    (:class:`~halt_core.privacy.policy.SharingPolicy`). The message gives the policy's
    reason in English; :attr:`reason_nl` has it in Dutch, and ``message("nl")`` uses it.

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

    def in_dutch(self) -> str:
        """``het deelbeleid weigert ...: <reden_nl> (regel ...)``."""
        instead = f"; {PHRASEBOOK.say(self.hint)}" if self.hint else ""
        return (
            f"het deelbeleid weigert {PHRASEBOOK.say(self.what)}: {self.reason_nl} "
            f"(regel {self.rule}){instead}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            type(self),
            (self.what, self.rule, self.reason_en, self.reason_nl, self.hint),
        )
