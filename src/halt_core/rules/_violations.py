"""What a check reports: severities, subjects, violations, findings, and a failing rule."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from halt_core.errors import HaltError, InvalidValue
from halt_core.model import Collaboration, Forum, Intervention, Meeting, Partner, Referral

__all__ = ["Finding", "RuleError", "Severity", "Subject", "Violation"]


class Severity(enum.StrEnum):
    """How serious a violation is."""

    ERROR = "error"
    """The network is wrong: the work cannot go ahead like this."""
    WARNING = "warning"
    """Probably wrong, or risky: look at it."""
    ADVICE = "advice"
    """Allowed, but unusual: worth a second look."""

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for advice: the order reports use."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.ADVICE: 2}


class Subject(enum.StrEnum):
    """The kind of record a rule checks, and a violation is about."""

    PARTNER = "partner"
    COLLABORATION = "collaboration"
    FORUM = "forum"
    MEETING = "meeting"
    INTERVENTION = "intervention"
    REFERRAL = "referral"

    @property
    def record_type(self) -> type:
        """The model class of this kind of record."""
        return _RECORD_TYPE[self]

    @property
    def collection(self) -> str:
        """The name of the :class:`~halt_core.model.Network` field holding these records."""
        return f"{self.value}s"


_RECORD_TYPE: dict[Subject, type] = {
    Subject.PARTNER: Partner,
    Subject.COLLABORATION: Collaboration,
    Subject.FORUM: Forum,
    Subject.MEETING: Meeting,
    Subject.INTERVENTION: Intervention,
    Subject.REFERRAL: Referral,
}
_SUBJECT_OF = {record_type: subject for subject, record_type in _RECORD_TYPE.items()}


@attrs.frozen(kw_only=True, order=False)
class Violation:
    """One thing wrong with a network, explained in English and Dutch.

    Attributes:
        rule_id: the stable id of the rule that found it, e.g. ``HC-FORUM-003``.
        severity: how serious it is.
        subject: the kind of record it is about.
        subject_id: the id of that record.
        message_en: what is wrong, naming the offending values, in English.
        message_nl: the same in Dutch.
        related: ids of other records involved, e.g. the meeting it overlaps with.

    """

    rule_id: str
    severity: Severity
    subject: Subject
    subject_id: uuid.UUID
    message_en: str
    message_nl: str
    related: tuple[uuid.UUID, ...] = ()

    def message(self, language: str = "en") -> str:
        """The message in ``language``: ``"en"`` or ``"nl"``."""
        if language == "nl":
            return self.message_nl
        if language == "en":
            return self.message_en
        raise InvalidValue("Violation", "language", language, "expected 'en' or 'nl'")

    @property
    def sort_key(self) -> tuple[int, str, str, str, tuple[str, ...]]:
        """The order of reports: severity, rule, subject, then the ids involved."""
        return (
            self.severity.rank,
            self.rule_id,
            self.subject.value,
            str(self.subject_id),
            tuple(map(str, self.related)),
        )


@attrs.frozen(kw_only=True)
class Finding:
    """What a rule function reports: the record, the values for the messages, related ids.

    Rule functions usually yield plain dicts of message values; yield a :class:`Finding`
    when the violation is about another record than the one checked, or names related ones.

    Attributes:
        values: the values the rule's message templates name.
        subject_id: the record the violation is about (default: the record checked).
        related: ids of other records involved.

    """

    values: Mapping[str, object]
    subject_id: uuid.UUID | None = None
    related: tuple[uuid.UUID, ...] = ()


class RuleError(HaltError):
    """A rule failed while checking (a bug in the rule, not a violation).

    Attributes:
        rule_id: the rule that failed.
        cause: what the rule raised, as ``KeyError: 'name'``.

    """

    def __init__(self, rule_id: str, cause: BaseException) -> None:
        self.rule_id = rule_id
        self._raised = cause
        super().__init__(
            f"rule {rule_id} failed with {type(cause).__name__}: {cause}; this is a bug in the "
            f"rule, not in the network: report it, or turn the rule off with RuleSet.without"
            f"({rule_id!r})"
        )
        self.cause = f"{type(cause).__name__}: {cause}"

    def in_dutch(self) -> str:
        """``regel ... faalde met ...``; the cause stays as Python wrote it."""
        return (
            f"regel {self.rule_id} faalde met {self.cause}; dit is een fout in de regel, niet "
            f"in het netwerk: meld hem, of zet de regel uit met RuleSet.without({self.rule_id!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.rule_id, self._raised))
