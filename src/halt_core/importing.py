"""Importing records into a store: every record checked, then all of them stored or none.

:func:`import_records` adds records (read from an export, or made in Python) through a unit
of work, the storage contract, and refuses the whole import when any record is wrong::

    from halt_core.importing import import_records

    with store.unit_of_work() as uow:
        report = import_records(uow, records, source="partners.jsonl")
        # the records are added; leaving the block commits them

What it always refuses, listing every such problem (up to :data:`MAX_PROBLEMS`):

- a place the store's municipal division does not know: an area naming an unknown
  municipality, safety region or arrondissement, or a referral or a case on a meeting's
  agenda in an unknown municipality (:meth:`~halt_core.model.Gazetteer.knows`);
- an id given twice in the records (each record is added, never changed, by an import);
- an id the store already holds;
- a reference to a record that is neither among the records nor in the store: a partner
  (members, commissioners, schools, referrers, a meeting's attendees, those a case was
  discussed with), a collaboration, a forum, or the referral of a case.

When none of these is found, the rules check the records, together with the stored records
they refer to (:func:`halt_core.rules.default_rules`, or the ``rules`` given). Their *errors*
about the imported records refuse the import too, unless ``allow_rule_errors``: then the
records are added and the report lists the errors let through. Warnings and advice never
refuse anything; the report lists them.

Refused, nothing of the import stays in the unit of work: it is rolled back (with anything
else done in it since its last commit, so give an import a unit of work of its own) and
:class:`ImportRefused` lists the problems. Accepted, the records are added, and the caller
commits (leaving the ``with`` block does).

Memory: the records are checked and added as they come, a batch at a time, but they are
also kept until the end for the rules, which check them as one network; the stored records
they refer to are read by id, never the whole store.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any

import attrs

from halt_core.errors import (
    AlreadyExists,
    HaltError,
    InvalidDocument,
    InvalidValue,
    NotFound,
    Problem,
)
from halt_core.model import (
    Area,
    AreaKind,
    Collaboration,
    Forum,
    Gazetteer,
    Intervention,
    Meeting,
    Network,
    Partner,
    Record,
    Referral,
)
from halt_core.rules import Report, RuleSet, Violation, default_rules
from halt_core.storage import RECORD_KINDS, Repository, UnitOfWork

__all__ = ["MAX_PROBLEMS", "ImportRefused", "ImportReport", "import_records"]

MAX_PROBLEMS = 20
"""The most problems an :class:`ImportRefused` lists; it counts the rest ("and 7 more")."""

_BATCH = 2000  # records added to the store at a time
_LOOKUP = 500  # ids looked up in the store at a time

Key = tuple[str, uuid.UUID]
"""A record's kind name and id: ids are unique within a kind."""


class ImportRefused(InvalidDocument):
    """An import was refused: nothing of it was stored.

    The message lists the problems, each with where its record is (``line 7``,
    ``$.partners[3]``, ``record 12``) and what to do, at most :data:`MAX_PROBLEMS` of them,
    then how many more there are.

    Attributes:
        source: what was imported, as the caller named it (a file name).
        problems: the problems listed, each a :class:`~halt_core.errors.Problem` whose
            ``path`` is where the record is.
        count: how many problems were found in all (more than ``problems`` holds when
            there were more than :data:`MAX_PROBLEMS`).

    """

    def __init__(self, source: str, problems: Iterable[Problem], count: int | None = None) -> None:
        self.source = source
        self.target = source
        self.problems = tuple(problems)
        self.count = len(self.problems) if count is None else max(count, len(self.problems))
        noun = "problem" if self.count == 1 else "problems"
        lines = [f"  - {problem.path}: {problem.message}" for problem in self.problems]
        if self.count > len(self.problems):
            lines.append(f"  ... and {self.count - len(self.problems)} more")
        HaltError.__init__(
            self,
            f"nothing was imported: {source} has {self.count} {noun}; fix them (or leave those "
            "records out) and import again:\n" + "\n".join(lines),
        )

    def in_dutch(self) -> str:
        """``er is niets geïmporteerd: ... heeft 2 problemen; ...``, each problem in Dutch."""
        noun = "probleem" if self.count == 1 else "problemen"
        lines = [f"  - {p.path}: {p.message_nl}" for p in self.problems]
        if self.count > len(self.problems):
            lines.append(f"  ... en nog {self.count - len(self.problems)}")
        return (
            f"er is niets geïmporteerd: {self.source} heeft {self.count} {noun}; herstel ze "
            "(of laat die records weg) en importeer opnieuw:\n" + "\n".join(lines)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.problems, self.count))


def _frozen_counts(counts: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(counts))


def _frozen_places(places: Mapping[uuid.UUID, str]) -> Mapping[uuid.UUID, str]:
    return MappingProxyType(dict(places))


@attrs.frozen(kw_only=True)
class ImportReport:
    """What an accepted import added, and what the rules said about it.

    Attributes:
        added: how many records of each kind were added, by kind name (``"partners"``), in
            the order of a network; kinds without records are left out.
        violations: what the rules found about the imported records: warnings and advice,
            and, when the import was told to allow them, the errors it let through.
        places: where the records the violations are about were read, by id (see
            :meth:`where`).

    """

    added: Mapping[str, int] = attrs.field(converter=_frozen_counts)
    violations: Report
    places: Mapping[uuid.UUID, str] = attrs.field(factory=dict, converter=_frozen_places)

    def where(self, violation: Violation) -> str:
        """Where the imported record ``violation`` is about was read (``line 7``), or ``""``."""
        for id in (violation.subject_id, *violation.related):
            if id in self.places:
                return self.places[id]
        return ""

    @property
    def total(self) -> int:
        """How many records were added in all."""
        return sum(self.added.values())

    @property
    def let_through(self) -> Report:
        """The rule errors in the imported records that ``allow_rule_errors`` let through."""
        return self.violations.errors


def import_records(
    uow: UnitOfWork,
    records: Iterable[Record | tuple[str, Record]],
    *,
    source: str = "the records",
    allow_rule_errors: bool = False,
    rules: RuleSet | None = None,
    now: dt.datetime | None = None,
    max_problems: int = MAX_PROBLEMS,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check ``records`` and add them all through ``uow``, or refuse them all.

    ``records`` are model values, or ``(where, record)`` pairs saying where each was read
    (``"line 7"``), which the problems then name; plain records are named ``record 1``,
    ``record 2``, ... What is refused is in :mod:`halt_core.importing`. ``source`` names the
    records in messages (a file name). ``rules`` (default: the built-in rules) and ``now``
    (default: the current time) are what the rules check with; ``allow_rule_errors`` adds
    records the rules find errors in, listing those in the report. ``progress`` is called
    with the number of records read so far, after each batch. Memory: see the module.

    Raises :class:`ImportRefused` listing up to ``max_problems`` problems (the unit of work
    is rolled back: nothing of the import stays), and
    :class:`~halt_core.errors.InvalidValue` for an item that is no record. Errors of the
    store pass unchanged. The caller commits an accepted import.
    """
    if isinstance(max_problems, bool) or not isinstance(max_problems, int) or max_problems < 1:
        raise InvalidValue("import_records", "max_problems", max_problems, "a whole number >= 1")
    run = _Import(uow, source, max_problems)
    try:
        run.add(records, progress)
        run.resolve_references()
        run.refuse_if_wrong()
        found = run.check_rules(rules or default_rules(), now)
        errors = found.errors
        if errors and not allow_rule_errors:
            for violation in errors:
                run.problem(
                    run.where_about(violation),
                    _violation_text(violation, "en"),
                    dutch=_violation_text(violation, "nl"),
                )
            run.refuse_if_wrong()
    except ImportRefused:
        uow.rollback()
        raise
    return ImportReport(added=run.added(), violations=found, places=run.places_of(found))


def _violation_text(violation: Violation, language: str) -> str:
    return f"{violation.rule_id}: {violation.message(language)}"


def _located(records: Iterable[Record | tuple[str, Record]]) -> Iterator[tuple[str, Any]]:
    for number, item in enumerate(records, start=1):
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
            yield item[0], item[1]
        else:
            yield f"record {number}", item


class _Import:
    """The state of one import: what was read, where, and what is wrong with it."""

    def __init__(self, uow: UnitOfWork, source: str, max_problems: int) -> None:
        self.uow = uow
        self.source = source
        self.gazetteer: Gazetteer = uow.store.gazetteer
        self.max_problems = max_problems
        self.problems: list[Problem] = []
        self.count = 0
        # Every record read, by kind, and where each id was read (for duplicates and messages).
        self.held: dict[str, list[Any]] = {kind.name: [] for kind in RECORD_KINDS.values()}
        self.where: dict[Key, str] = {}
        self.repeated: dict[Key, tuple[str, list[str]]] = {}
        # References to records not read (yet): the first to refer to each, where, and how
        # many refer to it.
        self.pending: dict[Key, tuple[str, str]] = {}
        self.pending_count: dict[Key, int] = {}
        self.referred: dict[Key, Any] = {}  # stored records the imported ones refer to
        self.places: dict[Area, str | None] = {}

    # -- problems -------------------------------------------------------------------------

    def problem(self, where: str, message: str, *, dutch: str | None = None) -> None:
        """Note a problem (with its Dutch, if written); keep the first ``max_problems``."""
        self.count += 1
        if len(self.problems) < self.max_problems:
            self.problems.append(Problem(where, message, dutch=dutch))

    def refuse_if_wrong(self) -> None:
        if self.count:
            raise ImportRefused(self.source, self.problems, self.count)

    # -- reading and adding -----------------------------------------------------------------

    def add(
        self,
        records: Iterable[Record | tuple[str, Record]],
        progress: Callable[[int], None] | None,
    ) -> None:
        batch: list[Any] = []
        read = 0
        for where, record in _located(records):
            kind = RECORD_KINDS.get(type(record))
            if kind is None:
                raise InvalidValue(
                    "import_records",
                    "records",
                    record,
                    "expected records of the model (Partner, Collaboration, Forum, Meeting, "
                    "Intervention, Referral), or (where, record) pairs",
                )
            read += 1
            key = (kind.name, record.id)
            if key in self.where:
                described, places = self.repeated.setdefault(
                    key, (_describe(record), [self.where[key]])
                )
                places.append(where)
                continue
            self.where[key] = where
            self.held[kind.name].append(record)
            self._check_places(record, where)
            self._note_references(record, where)
            if batch and (type(batch[0]) is not type(record) or len(batch) >= _BATCH):
                self._store(batch)
                batch = []
                if progress is not None:
                    progress(read)
            batch.append(record)
        if batch:
            self._store(batch)
        if progress is not None:
            progress(read)
        for described, places in self.repeated.values():
            self.problem(
                places[1],
                f"{described} is {_times(len(places))} in {self.source}, at "
                f"{_places(places)}; give each record once",
            )

    def _store(self, batch: list[Any]) -> None:
        repository: Repository[Any] = self.uow.repository(type(batch[0]))
        try:
            repository.add_many(batch)
        except AlreadyExists as taken:
            # Nothing of the batch was added; the import will be refused (and rolled back).
            name = repository.kind.name
            by_id = {record.id: record for record in batch}
            for text in taken.ids:
                try:
                    key = (name, uuid.UUID(text))
                except ValueError:
                    self.problem(self.source, f"some {name} are in the store already")
                    continue
                record = by_id.get(key[1])
                self.problem(
                    self.where.get(key, self.source),
                    f"{_what(key) if record is None else _describe(record)} is in the store "
                    "already; an import only adds new records: leave it out, or import into "
                    "another store",
                )

    # -- places -----------------------------------------------------------------------------

    def _check_places(self, record: Any, where: str) -> None:
        for field, area in _areas(record):
            unknown = self._unknown(area)
            if unknown is not None:
                self.problem(where, f"{_describe(record)}: its {field} names {unknown}")
        for field, code in _municipalities(record):
            if code not in self.gazetteer:
                self.problem(
                    where,
                    f"{_describe(record)}: its {field} is {self._municipality_text(code)}",
                )

    def _unknown(self, area: Area) -> str | None:
        """What ``area`` names that the division does not know, or None when it knows all."""
        if area in self.places:
            return self.places[area]
        found: str | None = None
        if not self.gazetteer.knows(area):
            if area.kind is AreaKind.SAFETY_REGION:
                codes = ", ".join(r.code for r in self.gazetteer.safety_regions)
                found = (
                    f"safety region {area.codes[0]}, which does not exist; safety regions are "
                    f"{codes}"
                )
            elif area.kind in (AreaKind.MUNICIPALITY, AreaKind.MUNICIPALITIES):
                missing = [code for code in area.codes if code not in self.gazetteer]
                found = " and ".join(self._municipality_text(code) for code in missing)
            else:
                found = (
                    f"{area.kind.value} {' '.join(area.codes)}, which the {self.gazetteer.year} "
                    "municipal division does not know"
                )
        self.places[area] = found
        return found

    def _municipality_text(self, code: str) -> str:
        return (
            f"municipality {code}, which the {self.gazetteer.year} municipal division does not "
            "have; use a current CBS code (GM and 4 digits, e.g. GM0363 for Amsterdam)"
        )

    # -- references -------------------------------------------------------------------------

    def _note_references(self, record: Any, where: str) -> None:
        for field, target in _references(record):
            if target in self.where:
                continue
            if target not in self.pending:
                self.pending[target] = (where, f"{_describe(record)}: its {field}")
            self.pending_count[target] = self.pending_count.get(target, 0) + 1

    def resolve_references(self) -> None:
        """Note a problem for every record referred to that is neither read nor stored.

        One problem per absent record, at the first record referring to it. The stored
        records referred to are kept for the rules, and so are those *they* refer to, so
        every record rule sees the records it looks up.
        """
        wanted = {key for key in self.pending if key not in self.where}
        missing = self._read_stored(wanted)
        for key, (where, text) in self.pending.items():  # in the order first referred to
            if key not in missing:
                continue
            others = self.pending_count[key] - 1
            times = "time" if others == 1 else "times"
            also = "" if not others else f" (and referred to {others} more {times})"
            self.problem(
                where,
                f"{text} is {_what(key)}, which is neither in {self.source} nor in the store"
                + also,
            )
        # The records the stored ones refer to (a meeting's forum's collaboration): read too.
        for _ in range(3):  # meeting -> forum -> collaboration -> partners: three steps at most
            further = {
                target
                for record in list(self.referred.values())
                for _, target in _references(record)
                if target not in self.where and target not in self.referred
            }
            if not further:
                break
            self._read_stored(further)

    def _read_stored(self, keys: set[Key]) -> set[Key]:
        """Read the stored records of ``keys`` into :attr:`referred`; return the missing keys."""
        missing: set[Key] = set()
        by_kind: dict[str, list[uuid.UUID]] = {}
        for name, id in keys:
            by_kind.setdefault(name, []).append(id)
        for name, ids in by_kind.items():
            repository: Repository[Any] = getattr(self.uow, name)
            ids.sort(key=str)
            for start in range(0, len(ids), _LOOKUP):
                chunk = ids[start : start + _LOOKUP]
                try:
                    found = list(repository.get_many(chunk))
                except NotFound:  # some are missing: ask for each to learn which
                    found = [r for r in map(repository.find, chunk) if r is not None]
                for record in found:
                    self.referred[(name, record.id)] = record
                missing.update((name, id) for id in set(chunk) - {r.id for r in found})
        return missing

    # -- rules ------------------------------------------------------------------------------

    def check_rules(self, rules: RuleSet, now: dt.datetime | None) -> Report:
        """The rules' violations about the imported records (checked with what they refer to)."""
        everything: dict[str, list[Any]] = {name: list(held) for name, held in self.held.items()}
        for (name, _), record in self.referred.items():
            everything[name].append(record)
        network = Network(**{name: tuple(records) for name, records in everything.items()})
        report = rules.check(network, gazetteer=self.gazetteer, now=now)
        imported = {id for _, id in self.where}
        return Report(
            tuple(
                v
                for v in report
                if (v.subject.collection, v.subject_id) in self.where
                or any(id in imported for id in v.related)
            )
        )

    def where_about(self, violation: Violation) -> str:
        """Where the imported record a violation is about was read."""
        found = self.where.get((violation.subject.collection, violation.subject_id))
        for id in violation.related:
            found = found or self._where_id(id)
        return found or self.source

    def places_of(self, report: Report) -> dict[uuid.UUID, str]:
        """Where the imported records named in ``report`` were read, by id."""
        places: dict[uuid.UUID, str] = {}
        for violation in report:
            for id in (violation.subject_id, *violation.related):
                where = self._where_id(id)
                if where is not None:
                    places[id] = where
        return places

    def _where_id(self, id: uuid.UUID) -> str | None:
        for kind in RECORD_KINDS.values():
            found = self.where.get((kind.name, id))
            if found is not None:
                return found
        return None

    def added(self) -> dict[str, int]:
        return {name: len(held) for name, held in self.held.items() if held}


# -- what records hold ------------------------------------------------------------------------


def _areas(record: Any) -> Iterator[tuple[str, Area]]:
    if isinstance(record, Partner | Collaboration | Forum | Intervention):
        yield "area", record.area


def _municipalities(record: Any) -> Iterator[tuple[str, str]]:
    if isinstance(record, Referral):
        yield "municipality", record.municipality
    elif isinstance(record, Meeting):
        for index, case in enumerate(record.cases):
            yield f"case {index + 1}'s municipality", case.municipality


def _references(record: Any) -> Iterator[tuple[str, Key]]:
    """The records ``record`` refers to: ``(which field, (kind name, id))``."""
    if isinstance(record, Collaboration):
        for partner in record.partners:
            yield "partner", ("partners", partner)
        if record.commissioner is not None:
            yield "commissioner", ("partners", record.commissioner)
    elif isinstance(record, Forum):
        for partner in record.members:
            yield "member", ("partners", partner)
        if record.collaboration is not None:
            yield "collaboration", ("collaborations", record.collaboration)
    elif isinstance(record, Meeting):
        yield "forum", ("forums", record.forum)
        for partner in record.attendees:
            yield "attendee", ("partners", partner)
        for index, case in enumerate(record.cases):
            if case.referral is not None:
                yield f"case {index + 1}'s referral", ("referrals", case.referral)
            for partner in case.discussed_with or ():
                yield f"case {index + 1}'s partner at the table", ("partners", partner)
    elif isinstance(record, Intervention):
        if record.commissioner is not None:
            yield "commissioner", ("partners", record.commissioner)
        if record.school is not None:
            yield "school", ("partners", record.school)
        for partner in record.partners:
            yield "partner", ("partners", partner)
        if record.collaboration is not None:
            yield "collaboration", ("collaborations", record.collaboration)
    elif isinstance(record, Referral):
        yield "referrer", ("partners", record.referrer)


_SINGULAR = {
    "partners": "partner",
    "collaborations": "collaboration",
    "forums": "forum",
    "meetings": "meeting",
    "interventions": "intervention",
    "referrals": "referral",
}


def _what(key: Key) -> str:
    return f"{_SINGULAR[key[0]]} {key[1]}"


def _describe(record: Any) -> str:
    """A record as messages name it: its kind, its name or title where it has one, its id."""
    kind = _SINGULAR[RECORD_KINDS[type(record)].name]
    label = getattr(record, "name", None) or getattr(record, "title", None)
    return f"{kind} {label!r} ({record.id})" if label else f"{kind} {record.id}"


def _times(count: int) -> str:
    return "given twice" if count == 2 else f"given {count} times"


def _places(places: list[str]) -> str:
    """``lines 3 and 9`` for JSON Lines places, ``$.partners[1] and $.partners[4]`` else."""
    if all(place.startswith("line ") for place in places):
        numbers = [place.removeprefix("line ") for place in places]
        return "lines " + _joined(numbers)
    return _joined(places)


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
