"""Rule sets: the rules a tool checks with, a whole check, and an incremental one."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Iterable, Iterator
from typing import Any

import attrs

from halt_core.errors import HaltError, InvalidValue, NotFound
from halt_core.model import (
    Collaboration,
    Forum,
    Gazetteer,
    Intervention,
    Meeting,
    Network,
    Partner,
    Referral,
)
from halt_core.model.settings import RuleSettings
from halt_core.rules._context import CheckContext
from halt_core.rules._incremental import carry_over, same_terms
from halt_core.rules._report import Report, _as_set
from halt_core.rules._rule import Rule
from halt_core.rules._violations import _SUBJECT_OF, RuleError, Severity, Subject, Violation

__all__ = ["RuleSet"]


def _unique_rules(instance: RuleSet, attribute: Any, rules: tuple[Rule, ...]) -> None:
    ids = [rule.id for rule in rules]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise InvalidValue("RuleSet", "rules", twice, "each rule id may occur once")


@attrs.frozen
class RuleSet:
    """A set of rules that checks a network and reports *every* violation.

    :func:`default_rules` gives the built-in set; tools add their own rules with
    :meth:`with_rules` and turn built-in ones off with :meth:`without`. Checking never raises
    for a violation: it returns a :class:`Report`.

    Attributes:
        rules: the rules, in the order they were added.

    """

    rules: tuple[Rule, ...] = attrs.field(validator=_unique_rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return any(rule.id == rule_id for rule in self.rules)

    def rule(self, rule_id: str) -> Rule:
        """The rule with ``rule_id``; :class:`~halt_core.errors.NotFound` if there is none."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise NotFound("rule", rule_id, f"the rules here are {', '.join(self.ids())}")

    def ids(self) -> tuple[str, ...]:
        """The ids of the rules, in order."""
        return tuple(rule.id for rule in self.rules)

    def with_rules(self, *rules: Rule) -> RuleSet:
        """A rule set with ``rules`` added; an id already present is an error."""
        return RuleSet((*self.rules, *rules))

    def without(self, *rule_ids: str) -> RuleSet:
        """A rule set without the rules of ``rule_ids``; an unknown id is an error."""
        for rule_id in rule_ids:
            self.rule(rule_id)
        off = set(rule_ids)
        return RuleSet(tuple(rule for rule in self.rules if rule.id not in off))

    def only(
        self,
        *,
        severity: Severity | Iterable[Severity] | None = None,
        subject: Subject | Iterable[Subject] | None = None,
    ) -> RuleSet:
        """The rules of ``severity`` that check ``subject`` (each may be one or several)."""
        severities, subjects = _as_set(severity), _as_set(subject)
        return RuleSet(
            tuple(
                r
                for r in self.rules
                if (severities is None or r.severity in severities)
                and (subjects is None or r.subject in subjects)
            )
        )

    def check(
        self,
        network: Network,
        *,
        gazetteer: Gazetteer | None = None,
        now: dt.datetime | None = None,
        settings: RuleSettings | None = None,
        changed: Collection[uuid.UUID] | None = None,
        previous: Report | None = None,
    ) -> Report:
        """Check ``network`` with every rule and report every violation.

        ``now`` is the moment "the past" ends (default: the current time); pass it to get the
        same report every time. ``settings`` overrides the facts of law and practice the rules
        use. Raises :class:`RuleError` only when a rule itself fails.

        **Incremental check.** A tool that keeps a report up to date while it changes a few
        records passes the ids of the records it added, replaced or removed as ``changed``,
        and the whole report of the network before the change (made by this rule set) as
        ``previous``. The result is a *partial* report: the violations about the subjects that
        were checked again, which :attr:`Report.rechecked` names per rule, and
        ``previous.updated(partial)`` is exactly the whole report of ``network``::

            report = rules.check(network, now=now)
            network = network.with_records([changed_intervention])
            partial = rules.check(network, changed=[changed_intervention.id], previous=report)
            report = report.updated(partial)

        Only what the changed records can affect is checked again: record rules that declare
        what they read (``record_rule(..., reads=...)``) check the changed records and the
        records that refer to them; network rules with a ``recheck`` check the groups the
        changed records were and are in (a trainer's sessions, a forum's meetings). Any other
        rule runs whole. The check reuses the indexes of ``previous``'s check and updates them
        (``previous`` gives them up: using it again rebuilds them), so a chain of incremental
        checks costs in proportion to the changes. ``now``, ``gazetteer`` and ``settings``
        default to those of ``previous``. Other ones, a report from another rule set, a report
        not made by a check (or unpickled), or ``changed`` or ``previous`` alone make every rule
        run whole: the partial report then says every rule was checked again, and updating any
        report with it gives the whole report.
        """
        if changed is None and previous is None:
            context = CheckContext(network, gazetteer, now, settings)
            context.rule_ids = self.ids()
            return Report(_sorted(self._run(context)), context=context)
        return self._recheck(network, changed, previous, gazetteer, now, settings)

    def _run(self, context: CheckContext) -> Iterator[Violation]:
        for rule in self.rules:
            try:
                yield from rule.check(context)
            except HaltError:
                raise
            except Exception as exc:
                raise RuleError(rule.id, exc) from exc

    def _recheck(
        self,
        network: Network,
        changed: Collection[uuid.UUID] | None,
        previous: Report | None,
        gazetteer: Gazetteer | None,
        now: dt.datetime | None,
        settings: RuleSettings | None,
    ) -> Report:
        before = None if previous is None else previous._context
        if (
            changed is None
            or previous is None
            or before is None
            or before.rule_ids != self.ids()
            or not same_terms(before, gazetteer, now, settings)
        ):
            # Nothing to build on: every rule whole, and every rule of either set replaced.
            if before is not None:
                gazetteer = gazetteer or before.gazetteer
                now = now or before.now
                settings = settings or before.settings
            context = CheckContext(network, gazetteer, now, settings)
            context.rule_ids = self.ids()
            ids = {v.rule_id for v in previous or ()} | set(self.ids())
            whole = _sorted(self._run(context))
            return Report(whole, rechecked=dict.fromkeys(sorted(ids)), context=context)
        context, changes = carry_over(before, network, changed)
        context.rule_ids = self.ids()
        rechecked: dict[str, frozenset[uuid.UUID] | None] = {}
        violations: list[Violation] = []
        for rule in self.rules:
            try:
                if rule.recheck is None:
                    rechecked[rule.id] = None
                    violations.extend(rule.check(context))
                    continue
                subjects, found = rule.recheck(context, changes)
                if subjects:
                    rechecked[rule.id] = frozenset(subjects)
                    violations.extend(found)
            except HaltError:
                raise
            except Exception as exc:
                raise RuleError(rule.id, exc) from exc
        return Report(_sorted(violations), rechecked=rechecked, context=context)

    def check_value(
        self,
        value: Partner | Collaboration | Forum | Meeting | Intervention | Referral,
        network: Network | None = None,
        *,
        gazetteer: Gazetteer | None = None,
        now: dt.datetime | None = None,
        settings: RuleSettings | None = None,
    ) -> Report:
        """Check one record, as part of ``network`` (or on its own), and report its violations.

        The record is added to the network (replacing the one with its id) and the report
        keeps the violations about it, including those that name it as related.
        """
        if type(value) not in _SUBJECT_OF:
            raise InvalidValue(
                "RuleSet",
                "value",
                value,
                f"expected one of {', '.join(t.__name__ for t in _SUBJECT_OF)}",
            )
        whole = (network or Network.empty()).with_records([value])
        report = self.check(whole, gazetteer=gazetteer, now=now, settings=settings)
        return report.filter(subject_id=value.id)


def _sorted(violations: Iterable[Violation]) -> tuple[Violation, ...]:
    return tuple(sorted(violations, key=lambda v: v.sort_key))
