"""Rules: a named check with its reason and messages, and the decorators that make them."""

from __future__ import annotations

import inspect
import itertools
import operator
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Set
from typing import TYPE_CHECKING, Any

import attrs

from halt_core.errors import InvalidValue
from halt_core.model._checks import text
from halt_core.rules._context import CheckContext, Chosen
from halt_core.rules._violations import (
    _RECORD_TYPE,
    Finding,
    RuleError,
    Severity,
    Subject,
    Violation,
)

if TYPE_CHECKING:
    from halt_core.rules._changes import Changes

__all__ = ["Check", "Recheck", "Rule", "network_rule", "record_rule"]

# A word right before a field, e.g. "Opdracht {name}": left out when the value already
# starts with it ("Opdracht Zaanstad"), so a message never reads "Opdracht Opdracht Zaanstad".
# The same for a field before a field: "{kind_nl} {title}" with "Jongerenbemiddeling" and
# "Jongerenbemiddeling Park" reads "Jongerenbemiddeling Park".
_WORD_BEFORE_FIELD = re.compile(r"(?<![\w{])([^\W\d_][\w'-]*) \{(\w+)\}")
_FIELD_BEFORE_FIELD = re.compile(r"\{(\w+)\} (?=\{(\w+)\})")
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{3}")


Check = Callable[[CheckContext], Iterable[Violation]]
Recheck = Callable[[CheckContext, "Changes"], tuple[Set[uuid.UUID], Iterator[Violation]]]
"""A rule's incremental check: the ids of the subjects it checked again, and their violations."""
FindAgain = Callable[[CheckContext, "Changes"], tuple[Set[uuid.UUID], Iterable[Finding]]]
"""A network rule's incremental check: the subject ids it checked again, and their findings."""


def _check_id(instance: object, attribute: Any, value: str) -> None:
    if not isinstance(value, str) or _RULE_ID.fullmatch(value) is None:
        raise InvalidValue(
            "Rule", "id", value, "expected upper-case words and a 3-digit number, e.g. HC-FORUM-003"
        )


@attrs.frozen(kw_only=True, eq=False)
class Rule:
    """A named check of the network, with its reason and its messages in two languages.

    Make rules with the :func:`record_rule` and :func:`network_rule` decorators rather than by
    hand. Two rules are the same when their ids are.

    Attributes:
        id: the stable id, e.g. ``HC-FORUM-003``; a tool's own rules use its own prefix.
        severity: how serious a violation of it is.
        subject: the kind of record it checks.
        title: a short name, e.g. ``"forum level matches its kind"``.
        reason: why the rule exists, in the domain (the rule function's docstring).
        message_en: the English message template; ``{name}`` fields are filled from findings.
        message_nl: the Dutch message template.
        check: the function that finds the violations in a :class:`CheckContext`.
        reads: for a record rule, the kinds of record it looks up through the checked
            record's references (and theirs); None when it did not say, so that an
            incremental check runs it whole.
        recheck: the rule's incremental check (see :meth:`RuleSet.check` with ``changed``):
            given the context of the new network and the changes, the ids of the subjects it
            checked again and their violations, which replace all its violations about those
            subjects. None: an incremental check runs the rule whole.

    """

    id: str = attrs.field(validator=_check_id)
    severity: Severity
    subject: Subject
    title: str = attrs.field(validator=text(120))
    reason: str = attrs.field(validator=text(4000))
    message_en: str = attrs.field(validator=text(1000))
    message_nl: str = attrs.field(validator=text(1000))
    check: Check = attrs.field(repr=False)
    reads: frozenset[Subject] | None = attrs.field(default=None, repr=False)
    recheck: Recheck | None = attrs.field(default=None, repr=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Rule) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    def violation(
        self,
        subject_id: uuid.UUID,
        values: Mapping[str, object],
        related: tuple[uuid.UUID, ...] = (),
    ) -> Violation:
        """A violation of this rule about ``subject_id``, its messages filled from ``values``."""
        try:
            en = _without_repeats(self.message_en, values).format_map(values)
            nl = _without_repeats(self.message_nl, values).format_map(values)
        except (KeyError, IndexError, ValueError) as exc:
            raise RuleError(self.id, exc) from exc
        return Violation(
            rule_id=self.id,
            severity=self.severity,
            subject=self.subject,
            subject_id=subject_id,
            message_en=en,
            message_nl=nl,
            related=related,
        )


def _without_repeats(template: str, values: Mapping[str, object]) -> str:
    """``template`` without each word before a field whose value already starts with it."""

    def repeats(word: object, field: str) -> bool:
        value = values.get(field)
        return (
            isinstance(word, str)
            and bool(word)
            and isinstance(value, str)
            and value.casefold().startswith(f"{word.casefold()} ")
        )

    def keep_word(match: re.Match[str]) -> str:
        word, field = match.group(1), match.group(2)
        return f"{{{field}}}" if repeats(word, field) else match.group(0)

    def keep_field(match: re.Match[str]) -> str:
        first, second = match.group(1), match.group(2)
        return "" if repeats(values.get(first), second) else match.group(0)

    return _FIELD_BEFORE_FIELD.sub(keep_field, _WORD_BEFORE_FIELD.sub(keep_word, template))


def _describe(function: Callable[..., Any]) -> str:
    doc = inspect.getdoc(function)
    if not doc:
        raise InvalidValue(
            "Rule",
            "reason",
            function.__name__,
            "give the rule function a docstring that explains the rule in the domain",
        )
    return doc


def record_rule(
    id: str,
    severity: Severity,
    subject: Subject,
    *,
    title: str,
    en: str,
    nl: str,
    reads: Iterable[Subject] | None = None,
    where: Mapping[str, Iterable[object]] | None = None,
) -> Callable[[Callable[[Any, CheckContext], Iterable[Mapping[str, object] | Finding]]], Rule]:
    """Turn a function that checks one record into a :class:`Rule`.

    The function takes a record of ``subject`` and the :class:`CheckContext`, and yields one
    dict of message values (or a :class:`Finding`) per violation; its docstring is the rule's
    reason::

        @record_rule("MYTOOL-PARTNER-001", Severity.ADVICE, Subject.PARTNER,
                     title="partner has notes",
                     en="Partner {name} has no notes.", nl="Partner {name} heeft geen notities.")
        def partner_has_notes(partner, context):
            \"\"\"Notes help colleagues who take over a contact.\"\"\"
            if not partner.notes:
                yield {"name": partner.name}

    ``reads`` lets an incremental check (``RuleSet.check(..., changed=ids)``) check only the
    records a change can affect: the kinds of record the function looks up in the context
    through the checked record's references, directly or through a looked-up record's
    references (a meeting's forum, and that forum's members: ``reads=(Subject.FORUM,
    Subject.PARTNER)``); ``reads=()`` when it reads the record alone. A rule given ``reads``
    reports only about the record it checks. Without ``reads`` an incremental check runs the
    rule over every record, which is always right but not fast.

    ``where`` says which records the rule is about, by the values of their fields: the
    function is called only for records whose field ``name`` holds one of the given values,
    for every name given (``where={"kind": [InterventionKind.INFORMATION_LESSON]}``). A check
    picks those records without calling Python per record, so a rule about a few kinds or
    statuses costs little on the others. The values are compared by equality and hashed.
    """
    chosen = None if where is None else _chosen(id, subject, where)

    def decorate(
        function: Callable[[Any, CheckContext], Iterable[Mapping[str, object] | Finding]],
    ) -> Rule:
        def findings(context: CheckContext) -> Iterator[tuple[uuid.UUID, _Found]]:
            records = getattr(context.network, subject.collection)
            if chosen is not None:
                records = context.chosen(subject.collection, chosen)
            # Most records break no rule: calling the function and running what it returns
            # happen in C (map, tuple, filter), and only records with findings reach Python.
            results = map(tuple, map(function, records, itertools.repeat(context)))
            for record, found in filter(_SECOND, zip(records, results, strict=True)):
                for one in found:
                    yield record.id, one

        if reads is None:
            return _rule(id, severity, subject, title, en, nl, function, findings)
        kinds = frozenset(reads)

        def again(context: CheckContext, changes: Changes) -> tuple[Set[uuid.UUID], _Findings]:
            subjects = changes.affected(subject, kinds)
            index = changes.index(subject)

            def found() -> _Findings:
                for subject_id in subjects:
                    record = index.get(subject_id)
                    if record is None:
                        continue  # removed: its violations go, none come
                    if chosen is not None and not _is_chosen(record, chosen):
                        continue  # not a record the rule is about: it finds nothing
                    for one in function(record, context):
                        if isinstance(one, Finding) and one.subject_id not in (None, record.id):
                            raise RuleError(
                                id,
                                ValueError("a record rule with reads= reports on its record"),
                            )
                        yield record.id, one

            return subjects, found()

        return _rule(id, severity, subject, title, en, nl, function, findings, again, kinds)

    return decorate


def network_rule(
    id: str,
    severity: Severity,
    subject: Subject,
    *,
    title: str,
    en: str,
    nl: str,
    recheck: FindAgain | None = None,
) -> Callable[[Callable[[CheckContext], Iterable[Finding]]], Rule]:
    """Turn a function that checks the whole network into a :class:`Rule`.

    For rules that compare records with each other (overlaps, duplicates): the function
    takes the :class:`CheckContext` and yields a :class:`Finding` (with its ``subject_id``)
    per violation. Sort or group rather than compare every pair, so large networks stay fast.

    An incremental check (``RuleSet.check(..., changed=ids)``) runs a network rule whole,
    unless ``recheck`` is given: a function of the context (of the new network) and the
    :class:`~halt_core.rules.Changes` that returns the ids of the subjects it checked again
    and the findings about them (all of them: they replace the rule's earlier violations about
    those subjects). Use ``changes.old`` and ``changes.new`` for the records before and after.
    """

    def decorate(function: Callable[[CheckContext], Iterable[Finding]]) -> Rule:
        def findings(context: CheckContext) -> Iterator[tuple[uuid.UUID, _Found]]:
            return _named(function(context))

        def _named(found: Iterable[Finding]) -> Iterator[tuple[uuid.UUID, _Found]]:
            for one in found:
                if one.subject_id is None:
                    raise RuleError(id, ValueError("a network rule must name the subject_id"))
                yield one.subject_id, one

        if recheck is None:
            return _rule(id, severity, subject, title, en, nl, function, findings)
        find_again = recheck

        def again(context: CheckContext, changes: Changes) -> tuple[Set[uuid.UUID], _Findings]:
            subjects, found = find_again(context, changes)
            return subjects, _named(found)

        return _rule(id, severity, subject, title, en, nl, function, findings, again)

    return decorate


def _chosen(id: str, subject: Subject, where: Mapping[str, Iterable[object]]) -> Chosen:
    """A record rule's ``where=`` as pairs of a field and a set of values, checked now.

    A field the subject's records lack, or a value that cannot be hashed, is a bug in the
    rule: a :class:`RuleError` when the rule is made, not at every check.
    """
    fields = attrs.fields_dict(_RECORD_TYPE[subject])
    try:
        for field in where:
            if field not in fields:
                raise AttributeError(f"{_RECORD_TYPE[subject].__name__} has no field {field!r}")
        return tuple((field, frozenset(values)) for field, values in where.items())
    except (AttributeError, TypeError) as exc:
        raise RuleError(id, exc) from exc


def _is_chosen(record: object, chosen: Chosen) -> bool:
    """Whether ``record`` is one a record rule with ``where=`` (as ``chosen``) is about."""
    return all(getattr(record, field) in values for field, values in chosen)


_Found = Mapping[str, object] | Finding
_SECOND = operator.itemgetter(1)
_Findings = Iterator[tuple[uuid.UUID, _Found]]


def _rule(
    id: str,
    severity: Severity,
    subject: Subject,
    title: str,
    en: str,
    nl: str,
    function: Callable[..., Any],
    findings: Callable[[CheckContext], _Findings],
    again: Callable[[CheckContext, Changes], tuple[Set[uuid.UUID], _Findings]] | None = None,
    reads: frozenset[Subject] | None = None,
) -> Rule:
    """A rule whose check turns ``findings`` (subject id and what was found) into violations.

    ``again``, when given, is its incremental check, turned into violations the same way.
    """

    def violations(found: _Findings) -> Iterator[Violation]:
        for subject_id, one in found:
            if isinstance(one, Finding):
                yield rule.violation(one.subject_id or subject_id, one.values, one.related)
            else:
                yield rule.violation(subject_id, one)

    def check(context: CheckContext) -> Iterator[Violation]:
        return violations(findings(context))

    recheck: Recheck | None = None
    if again is not None:
        find_again = again

        def rechecked(
            context: CheckContext, changes: Changes
        ) -> tuple[Set[uuid.UUID], Iterator[Violation]]:
            subjects, found = find_again(context, changes)
            return subjects, violations(found)

        recheck = rechecked

    rule = Rule(
        id=id,
        severity=severity,
        subject=subject,
        title=title,
        reason=_describe(function),
        message_en=en,
        message_nl=nl,
        check=check,
        reads=reads,
        recheck=recheck,
    )
    return rule
