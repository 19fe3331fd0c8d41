"""Checks of part of a store: one arrondissement, what changed, or all of it region by region.

Each check picks its *subjects*, gathers around them what the rules need (see
:func:`~halt_core.scoped.gather`), runs the rule set on that small network, and keeps the
violations about its subjects. Those are exactly the violations a check of the whole store
reports about the same records: the rules that compare records with each other (a trainer's
sessions, duplicate collaborations, a forum's meetings, an ended collaboration's work) read the
records they compare through the store's indexes, and the report says how many each read.

A rule whose needs are not known (a plugin's rule that does not declare what it reads, or a
network rule without a known wider read) cannot be scoped: a scoped check leaves it out and
names it in :attr:`ScopedReport.not_run`; :func:`check_by_region` then checks the whole store
at once instead.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from halt_core.model import Area, Arrondissement, Gazetteer, Network
from halt_core.rules import Report, RuleSet, RuleSettings, Subject, Violation
from halt_core.scoped._gathering import WIDER_READS, gather
from halt_core.storage import UnitOfWork

__all__ = [
    "ScopedReport",
    "check_arrondissement",
    "check_by_region",
    "check_changed",
    "check_spanning",
    "unscopable",
]

Progress = Callable[[str, int, int], None]
"""Told ``(scope, done, total)`` as :func:`check_by_region` goes from scope to scope."""


@attrs.frozen
class ScopedReport:
    """The violations about the records a scoped check was about, and what it read.

    Attributes:
        report: the violations about the subjects, in rule order.
        scope: what the check was about, in words (``"arrondissement Amsterdam"``).
        subjects: how many records it reported on.
        held: the most records it held at once (its memory, in records).
        wider: per rule id, how many records it read for that rule beyond its subjects and
            what they refer to: the rules that looked wider than the scope.
        not_run: the ids of rules it left out, as their needs are not known (check the
            whole store for them).
        about: the ids of the records it reported on, per kind; empty for
            :func:`check_by_region`, which is about every record.

    """

    report: Report
    scope: str
    subjects: int
    held: int
    wider: Mapping[str, int] = attrs.field(factory=dict)
    not_run: tuple[str, ...] = ()
    about: Mapping[Subject, frozenset[uuid.UUID]] = attrs.field(factory=dict, repr=False)


def unscopable(rules: RuleSet) -> tuple[str, ...]:
    """The ids of the rules in ``rules`` a scoped check cannot run (see the module's docs)."""
    return tuple(rule.id for rule in rules if rule.reads is None and rule.id not in WIDER_READS)


def check_arrondissement(
    uow: UnitOfWork,
    arrondissement: Arrondissement,
    rules: RuleSet,
    *,
    gazetteer: Gazetteer | None = None,
    now: dt.datetime | None = None,
    settings: RuleSettings | None = None,
) -> ScopedReport:
    """Check the records in ``arrondissement``: those whose area lies inside it.

    Its subjects are the partners, collaborations, forums, interventions and referrals
    inside the arrondissement, and the meetings of those forums.
    """
    region = _region(uow, area=Area.arrondissement(arrondissement))
    scope = f"arrondissement {arrondissement.value}"
    return _check(uow, scope, region, rules, gazetteer, now, settings, whole_forums=True)


def check_spanning(
    uow: UnitOfWork,
    rules: RuleSet,
    *,
    gazetteer: Gazetteer | None = None,
    now: dt.datetime | None = None,
    settings: RuleSettings | None = None,
) -> ScopedReport:
    """Check the records in no single arrondissement: national ones, and those spanning more.

    With a check of each arrondissement, this covers every record once.
    """
    region = _region(uow, spanning=True)
    scope = "records in no single arrondissement"
    return _check(uow, scope, region, rules, gazetteer, now, settings, whole_forums=True)


def check_changed(
    uow: UnitOfWork,
    since: dt.datetime,
    rules: RuleSet,
    *,
    gazetteer: Gazetteer | None = None,
    now: dt.datetime | None = None,
    settings: RuleSettings | None = None,
) -> ScopedReport:
    """Check the records added or saved since ``since``, and those whose checks they touch.

    Its subjects are the records changed since then (see
    :meth:`~halt_core.storage.Repository.changed_since`), every record that names a changed
    or deleted one (their checks read it), and the records a network rule compares a changed
    one with (a trainer's other sessions, its forum's other meetings, duplicates of a
    collaboration). Deleted records have no violations; what a deletion ends between two
    others (an overlap with the deleted record's session) is seen by a check of those.
    Raises :class:`~halt_core.storage.ChangesNotKept` for a store that does not keep when
    records changed.
    """
    changed: dict[Subject, list[Any]] = {}
    gone: list[uuid.UUID] = []
    for s in Subject:
        found = _repository(uow, s).changed_since(since)
        changed[s] = list(_repository(uow, s).find_many(found.stored))
        gone.extend(found.deleted)
    subjects = {s: {r.id: r for r in records} for s, records in changed.items()}
    # The checks of a record read what it names, and what that names: a changed partner
    # touches the forums naming it and their meetings too. Two steps back reach every reader.
    touched = [r.id for s in Subject for r in changed[s]] + gone
    for _ in range(2):
        if not touched:
            break
        named: list[uuid.UUID] = []
        for s in Subject:
            for record in _referencing(uow, s, touched, subjects[s].keys()):
                subjects[s][record.id] = record
                named.append(record.id)
        touched = named
    # What a network rule compares a changed record with is a subject too: its findings may
    # change with it.
    around = gather(uow, changed, [r.id for r in rules])
    network = around.network
    for s in Subject:
        if around.compared.get(s):
            for record in getattr(network, s.collection):
                if record.id in around.compared[s]:
                    subjects[s].setdefault(record.id, record)
    return _check(
        uow,
        f"changed since {since.isoformat(timespec='seconds')}",
        {s: list(records.values()) for s, records in subjects.items()},
        rules,
        gazetteer,
        now,
        settings,
    )


def check_by_region(
    uow: UnitOfWork,
    rules: RuleSet,
    *,
    gazetteer: Gazetteer | None = None,
    now: dt.datetime | None = None,
    settings: RuleSettings | None = None,
    progress: Progress | None = None,
) -> ScopedReport:
    """Check the whole store one arrondissement at a time, then what spans them.

    Reports exactly what a check of the whole network reports, holding one arrondissement's
    records (and what their rules need) at a time instead of every record: the memory of a
    national store's check is that of its largest region. When a rule cannot be scoped
    (:func:`unscopable`), the whole network is loaded and checked at once instead.
    """
    if unscopable(rules):
        network = uow.load_network()
        report = rules.check(network, gazetteer=gazetteer, now=now, settings=settings)
        return ScopedReport(report, "the whole store", _size(network), _size(network))
    scopes: list[Arrondissement | None] = [*Arrondissement, None]
    total = len(scopes) + 1
    violations: list[Violation] = []
    wider: dict[str, int] = {}
    subjects = held = meetings = 0
    forums: set[uuid.UUID] = set()

    def take(part: ScopedReport) -> None:
        nonlocal subjects, held, meetings
        violations.extend(part.report)
        for rule_id, count in part.wider.items():
            wider[rule_id] = wider.get(rule_id, 0) + count
        subjects += part.subjects
        held = max(held, part.held)
        meetings += len(part.about.get(Subject.MEETING, ()))
        forums.update(part.about.get(Subject.FORUM, ()))

    for done, scope in enumerate(scopes):
        if progress is not None:
            progress(scope.value if scope else "spanning", done, total)
        if scope is None:
            take(check_spanning(uow, rules, gazetteer=gazetteer, now=now, settings=settings))
        else:
            take(
                check_arrondissement(
                    uow, scope, rules, gazetteer=gazetteer, now=now, settings=settings
                )
            )
    if progress is not None:
        progress("meetings of no stored forum", len(scopes), total)
    # A meeting whose forum is not stored lies in no region: found when the count says so.
    if uow.meetings.count() > meetings:
        orphans = [m for m in uow.meetings.stream() if m.forum not in forums]
        take(_check(uow, "", {Subject.MEETING: orphans}, rules, gazetteer, now, settings))
    if progress is not None:
        progress("done", total, total)
    return ScopedReport(
        _in_rule_order(rules, violations),
        "the whole store, region by region",
        subjects,
        held,
        wider,
    )


def _check(
    uow: UnitOfWork,
    scope: str,
    subjects: Mapping[Subject, list[Any]],
    rules: RuleSet,
    gazetteer: Gazetteer | None,
    now: dt.datetime | None,
    settings: RuleSettings | None,
    *,
    whole_forums: bool = False,
) -> ScopedReport:
    not_run = unscopable(rules)
    runnable = rules.without(*not_run) if not_run else rules
    gathered = gather(uow, subjects, [r.id for r in runnable], whole_forums=whole_forums)
    report = runnable.check(
        gathered.network, gazetteer=gazetteer or uow.store.gazetteer, now=now, settings=settings
    )
    ids = gathered.subjects
    kept = Report(tuple(v for v in report if v.subject_id in ids[v.subject]))
    return ScopedReport(
        kept,
        scope,
        sum(len(i) for i in ids.values()),
        gathered.held,
        gathered.wider,
        not_run,
        ids,
    )


def _referencing(
    uow: UnitOfWork, subject: Subject, ids: list[uuid.UUID], held: Iterable[uuid.UUID]
) -> tuple[Any, ...]:
    if subject is Subject.PARTNER:
        return ()  # partners name nobody
    found: tuple[Any, ...] = _repository(uow, subject).referencing(ids, besides=set(held))
    return found


def _region(uow: UnitOfWork, **criteria: Any) -> dict[Subject, list[Any]]:
    """The subjects of a check of one part of the country.

    The records ``criteria`` select, of every kind with an area, and the meetings of the
    forums among them.
    """
    subjects: dict[Subject, list[Any]] = {
        s: list(_repository(uow, s).query(**criteria)) for s in Subject if s is not Subject.MEETING
    }
    subjects[Subject.MEETING] = _meetings_of(uow, subjects[Subject.FORUM])
    return subjects


def _meetings_of(uow: UnitOfWork, forums: list[Any]) -> list[Any]:
    if not forums:
        return []
    return list(uow.meetings.referencing([f.id for f in forums]))


def _repository(uow: UnitOfWork, subject: Subject) -> Any:
    return getattr(uow, subject.collection)


def _size(network: Network) -> int:
    return sum(len(getattr(network, s.collection)) for s in Subject)


def _in_rule_order(rules: RuleSet, violations: Iterable[Violation]) -> Report:
    order = {rule.id: n for n, rule in enumerate(rules)}
    found = sorted(violations, key=lambda v: order.get(v.rule_id, len(order)))
    return Report(tuple(found))
