"""The machinery of rules: severities, violations, rules, rule sets and reports."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import inspect
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from halt_core.errors import HaltError, InvalidValue, NotFound
from halt_core.model import (
    AMSTERDAM,
    Area,
    AreaKind,
    Collaboration,
    Forum,
    Gazetteer,
    Intervention,
    Meeting,
    Network,
    Partner,
    Referral,
)
from halt_core.model._checks import text
from halt_core.model.settings import (
    MAX_SETTLEMENT_HOURS,
    SAFETY_ADVICE_COMMISSIONERS,
    RuleSettings,
)

__all__ = [
    "MAX_SETTLEMENT_HOURS",
    "SAFETY_ADVICE_COMMISSIONERS",
    "CheckContext",
    "Finding",
    "Report",
    "Rule",
    "RuleError",
    "RuleSet",
    "RuleSettings",
    "Severity",
    "Subject",
    "Violation",
    "network_rule",
    "record_rule",
]


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

# A word right before a field, e.g. "Opdracht {name}": left out when the value already
# starts with it ("Opdracht Zaanstad"), so a message never reads "Opdracht Opdracht Zaanstad".
# The same for a field before a field: "{kind_nl} {title}" with "Jongerenbemiddeling" and
# "Jongerenbemiddeling Park" reads "Jongerenbemiddeling Park".
_WORD_BEFORE_FIELD = re.compile(r"(?<![\w{])([^\W\d_][\w'-]*) \{(\w+)\}")
_FIELD_BEFORE_FIELD = re.compile(r"\{(\w+)\} (?=\{(\w+)\})")
_RULE_ID = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-[0-9]{3}")


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


class CheckContext:
    """What a rule sees: the network, the gazetteer, the moment of checking, and indexes.

    Rules read it; they never change it. The indexes are built on first use and shared by
    all rules of one check.

    Attributes:
        network: the network being checked.
        gazetteer: the municipal division areas are resolved against.
        now: the moment of checking (aware); "in the past" means before it.
        settings: the facts of law and practice the rules use.

    """

    def __init__(
        self,
        network: Network,
        gazetteer: Gazetteer | None = None,
        now: dt.datetime | None = None,
        settings: RuleSettings | None = None,
    ) -> None:
        if now is not None and now.utcoffset() is None:
            raise InvalidValue(
                "CheckContext", "now", now, "expected a date and time with a time zone"
            )
        self.network = network
        self.gazetteer = gazetteer or Gazetteer.load()
        self.now = now or dt.datetime.now(AMSTERDAM)
        self.settings = settings or RuleSettings()
        self._codes: dict[Area, frozenset[str] | None] = {}
        self._members: dict[uuid.UUID, frozenset[uuid.UUID]] = {}

    @property
    def today(self) -> dt.date:
        """The day of :attr:`now` in Europe/Amsterdam."""
        return self.now.astimezone(AMSTERDAM).date()

    def partner(self, id: uuid.UUID | None) -> Partner | None:
        """The partner with ``id``, or None when there is none (or ``id`` is None)."""
        return None if id is None else self._partners.get(id)

    def forum(self, id: uuid.UUID | None) -> Forum | None:
        """The forum with ``id``, or None when there is none."""
        return None if id is None else self._forums.get(id)

    def collaboration(self, id: uuid.UUID | None) -> Collaboration | None:
        """The collaboration with ``id``, or None when there is none."""
        return None if id is None else self._collaborations.get(id)

    def referral(self, id: uuid.UUID | None) -> Referral | None:
        """The referral with ``id``, or None when there is none."""
        return None if id is None else self._referrals.get(id)

    def members(self, forum: Forum) -> frozenset[uuid.UUID]:
        """The ids of ``forum``'s members, as a set made once per forum and check."""
        try:
            return self._members[forum.id]
        except KeyError:
            members = self._members[forum.id] = frozenset(forum.members)
            return members

    def codes(self, area: Area) -> frozenset[str] | None:
        """The municipality codes in ``area``, or None when the area names unknown codes."""
        try:
            return self._codes[area]
        except KeyError:
            codes = (
                self.gazetteer.municipality_codes_in(area) if self.gazetteer.knows(area) else None
            )
            self._codes[area] = codes
            return codes

    def unknown_codes(self, area: Area) -> tuple[str, ...]:
        """The codes ``area`` names that the gazetteer does not know; empty when it knows all.

        For municipalities, each unknown municipality code; for a safety region or an
        arrondissement, its code.
        """
        if self.codes(area) is not None:
            return ()
        if area.kind in (AreaKind.MUNICIPALITY, AreaKind.MUNICIPALITIES):
            return (
                tuple(code for code in area.codes if self.codes(Area.municipality(code)) is None)
                or area.codes
            )
        return area.codes

    def inside(self, outer: Area, inner: Area) -> bool | None:
        """Whether ``inner`` lies inside ``outer``; None when either names unknown codes."""
        outer_codes, inner_codes = self.codes(outer), self.codes(inner)
        if outer_codes is None or inner_codes is None:
            return None
        if inner.level.value == "national":
            return outer.level.value == "national"
        return inner_codes <= outer_codes

    @functools.cached_property
    def _partners(self) -> dict[uuid.UUID, Partner]:
        return {p.id: p for p in self.network.partners}

    @functools.cached_property
    def _forums(self) -> dict[uuid.UUID, Forum]:
        return {f.id: f for f in self.network.forums}

    @functools.cached_property
    def _collaborations(self) -> dict[uuid.UUID, Collaboration]:
        return {c.id: c for c in self.network.collaborations}

    @functools.cached_property
    def _referrals(self) -> dict[uuid.UUID, Referral]:
        return {r.id: r for r in self.network.referrals}


Check = Callable[[CheckContext], Iterable[Violation]]


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

    """

    id: str = attrs.field(validator=_check_id)
    severity: Severity
    subject: Subject
    title: str = attrs.field(validator=text(120))
    reason: str = attrs.field(validator=text(4000))
    message_en: str = attrs.field(validator=text(1000))
    message_nl: str = attrs.field(validator=text(1000))
    check: Check = attrs.field(repr=False)

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
    """

    def decorate(
        function: Callable[[Any, CheckContext], Iterable[Mapping[str, object] | Finding]],
    ) -> Rule:
        def findings(context: CheckContext) -> Iterator[tuple[uuid.UUID, _Found]]:
            for record in getattr(context.network, subject.collection):
                for found in function(record, context):
                    yield record.id, found

        return _rule(id, severity, subject, title, en, nl, function, findings)

    return decorate


def network_rule(
    id: str,
    severity: Severity,
    subject: Subject,
    *,
    title: str,
    en: str,
    nl: str,
) -> Callable[[Callable[[CheckContext], Iterable[Finding]]], Rule]:
    """Turn a function that checks the whole network into a :class:`Rule`.

    For rules that compare records with each other (overlaps, duplicates): the function
    takes the :class:`CheckContext` and yields a :class:`Finding` (with its ``subject_id``)
    per violation. Sort or group rather than compare every pair, so large networks stay fast.
    """

    def decorate(function: Callable[[CheckContext], Iterable[Finding]]) -> Rule:
        def findings(context: CheckContext) -> Iterator[tuple[uuid.UUID, _Found]]:
            for found in function(context):
                if found.subject_id is None:
                    raise RuleError(id, ValueError("a network rule must name the subject_id"))
                yield found.subject_id, found

        return _rule(id, severity, subject, title, en, nl, function, findings)

    return decorate


_Found = Mapping[str, object] | Finding


def _rule(
    id: str,
    severity: Severity,
    subject: Subject,
    title: str,
    en: str,
    nl: str,
    function: Callable[..., Any],
    findings: Callable[[CheckContext], Iterator[tuple[uuid.UUID, _Found]]],
) -> Rule:
    """A rule whose check turns ``findings`` (subject id and what was found) into violations."""

    def check(context: CheckContext) -> Iterator[Violation]:
        for subject_id, found in findings(context):
            if isinstance(found, Finding):
                yield rule.violation(found.subject_id or subject_id, found.values, found.related)
            else:
                yield rule.violation(subject_id, found)

    rule = Rule(
        id=id,
        severity=severity,
        subject=subject,
        title=title,
        reason=_describe(function),
        message_en=en,
        message_nl=nl,
        check=check,
    )
    return rule


@attrs.frozen
class Report:
    """The violations one check found, in a stable order (severity, rule, subject, ids).

    Iterate over it, or filter it: ``report.filter(severity=Severity.ERROR)``.

    Attributes:
        violations: every violation found, in report order.

    """

    violations: tuple[Violation, ...]

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
    ) -> Report:
        """Check ``network`` with every rule and report every violation.

        ``now`` is the moment "the past" ends (default: the current time); pass it to get the
        same report every time. ``settings`` overrides the facts of law and practice the rules
        use. Raises :class:`RuleError` only when a rule itself fails.
        """
        context = CheckContext(network, gazetteer, now, settings)
        found: list[Violation] = []
        for rule in self.rules:
            try:
                found.extend(rule.check(context))
            except HaltError:
                raise
            except Exception as exc:
                raise RuleError(rule.id, exc) from exc
        found.sort(key=lambda v: v.sort_key)
        return Report(tuple(found))

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
