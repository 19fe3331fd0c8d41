"""Reports: the violations one check found, in a stable order, and how to bring one up to date."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from halt_core.rules._context import CheckContext
from halt_core.rules._violations import Severity, Subject, Violation

__all__ = ["Report"]


@attrs.frozen
class Report:
    """The violations one check found, in a stable order (severity, rule, subject, ids).

    Iterate over it, or filter it: ``report.filter(severity=Severity.ERROR)``.

    An incremental check (``RuleSet.check(network, changed=ids, previous=report)``) returns a
    *partial* report: the violations about the subjects it checked again, and in
    :attr:`rechecked` which those were. ``previous.updated(partial)`` is then the whole report
    of the new network, exactly what a full check reports, and it can be the ``previous`` of
    the next incremental check.

    Attributes:
        violations: every violation found, in report order.
        rechecked: None for the report of a whole check; for a partial report, per rule id,
            the ids of the subjects checked again (None: the rule was run whole). Its
            violations replace the previous report's violations of those rules about those
            subjects.

    """

    violations: tuple[Violation, ...]
    rechecked: Mapping[str, frozenset[uuid.UUID] | None] | None = attrs.field(
        default=None, kw_only=True, hash=False
    )
    # The check's context, with its indexes: the next incremental check takes them over.
    _context: CheckContext | None = attrs.field(
        default=None, kw_only=True, eq=False, repr=False, alias="context"
    )

    def __reduce__(self) -> tuple[Any, ...]:
        # The context (the network and its indexes) stays behind: a copy is a plain report.
        return (_report, (self.violations, self.rechecked))

    def __iter__(self) -> Iterator[Violation]:
        return iter(self.violations)

    def __len__(self) -> int:
        return len(self.violations)

    def __bool__(self) -> bool:
        return bool(self.violations)

    def filter(
        self,
        *,
        severity: Severity | Iterable[Severity] | None = None,
        subject: Subject | Iterable[Subject] | None = None,
        rule_id: str | Iterable[str] | None = None,
        subject_id: uuid.UUID | None = None,
    ) -> Report:
        """The violations matching every criterion given; each may be one value or several."""
        severities = _as_set(severity)
        subjects = _as_set(subject)
        rule_ids = _as_set(rule_id)
        return Report(
            tuple(
                v
                for v in self.violations
                if (severities is None or v.severity in severities)
                and (subjects is None or v.subject in subjects)
                and (rule_ids is None or v.rule_id in rule_ids)
                and (subject_id is None or v.subject_id == subject_id or subject_id in v.related)
            )
        )

    @property
    def errors(self) -> Report:
        """The violations of severity error."""
        return self.filter(severity=Severity.ERROR)

    @property
    def warnings(self) -> Report:
        """The violations of severity warning."""
        return self.filter(severity=Severity.WARNING)

    @property
    def advice(self) -> Report:
        """The violations of severity advice."""
        return self.filter(severity=Severity.ADVICE)

    @property
    def partial(self) -> bool:
        """Whether this is the partial report of an incremental check."""
        return self.rechecked is not None

    def updated(self, partial: Report) -> Report:
        """The report brought up to date with the ``partial`` report of an incremental check.

        Drops this report's violations of the rules and subjects ``partial`` checked again,
        adds ``partial``'s violations, and keeps the report order. When this report is the
        whole report of the previous network and ``partial`` came from
        ``check(new_network, changed=ids, previous=this)``, the result is exactly the whole
        report of the new network. Given a whole report, it returns that report.
        """
        rechecked = partial.rechecked
        if rechecked is None:  # a whole report replaces everything
            return partial
        kept = [
            v
            for v in self.violations
            if v.rule_id not in rechecked
            or ((subjects := rechecked[v.rule_id]) is not None and v.subject_id not in subjects)
        ]
        kept.extend(partial.violations)
        kept.sort(key=lambda v: v.sort_key)
        return Report(tuple(kept), context=partial._context)

    def counts(self) -> dict[str, int]:
        """How many violations each rule found, by rule id."""
        counts: dict[str, int] = {}
        for violation in self.violations:
            counts[violation.rule_id] = counts.get(violation.rule_id, 0) + 1
        return counts


def _as_set(value: Any) -> frozenset[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):  # a str enum or a rule id: one value, not its characters
        return frozenset({value})
    return frozenset(value)


def _report(
    violations: tuple[Violation, ...], rechecked: Mapping[str, frozenset[uuid.UUID] | None] | None
) -> Report:
    return Report(violations, rechecked=rechecked)
