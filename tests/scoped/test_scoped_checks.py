"""Scoped checks report exactly what a whole check reports about their records.

A check of one arrondissement, of what changed since a moment, of the records in no single
arrondissement, or of the whole store region by region, reads only what its records need;
whatever the network (every plantable fault, and the changes of the incremental check's
property test: overlaps, duplicates, dangling references made and unmade), its violations
must be exactly the whole check's violations about the same records.
"""

from __future__ import annotations

import collections
import datetime as dt
import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import halt_core
from halt_core.model import Arrondissement, Network
from halt_core.rules import Report, Subject, default_rules
from halt_core.scoped import (
    check_arrondissement,
    check_by_region,
    check_changed,
    check_spanning,
    unscopable,
)
from halt_core.storage import RECORD_KINDS, Store
from tests.rules.test_incremental import BASES, RULES, _changes

DEFAULT = default_rules()


def _store(network: Network) -> Store:
    store = halt_core.connect("memory://")
    with store.unit_of_work() as uow:
        uow.add_network(network)
        uow.commit()
    return store


def _found(violations: Any) -> collections.Counter[tuple[str, str, str, tuple[str, ...]]]:
    return collections.Counter(
        (v.rule_id, str(v.subject_id), v.message_en, tuple(map(str, v.related))) for v in violations
    )


def _about(report: Report, about: dict[Subject, frozenset[uuid.UUID]]) -> Any:
    return _found(v for v in report if v.subject_id in about.get(v.subject, frozenset()))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASES) - 1), st.data())
def test_a_check_region_by_region_reports_what_a_whole_check_reports(base, data):
    demo = BASES[base]
    after, _ = _changes(data.draw, demo.network)
    with _store(after) as store, store.unit_of_work() as uow:
        scoped = check_by_region(uow, DEFAULT, now=demo.now)
    whole = DEFAULT.check(after, now=demo.now)
    assert _found(scoped.report) == _found(whole)
    assert scoped.subjects == sum(after.counts().values())
    assert scoped.held < scoped.subjects  # one region at a time, never all at once


@pytest.mark.parametrize("base", range(len(BASES)))
def test_the_arrondissementen_and_the_rest_cover_every_record_once(base):
    demo = BASES[base]
    whole = DEFAULT.check(demo.network, now=demo.now)
    seen: collections.Counter[uuid.UUID] = collections.Counter()
    with _store(demo.network) as store, store.unit_of_work() as uow:
        for arrondissement in Arrondissement:
            scoped = check_arrondissement(uow, arrondissement, DEFAULT, now=demo.now)
            _expect_inside(scoped.about, arrondissement, demo.network, store)
            assert _found(scoped.report) == _about(whole, dict(scoped.about))
            seen.update(id for ids in scoped.about.values() for id in ids)
        rest = check_spanning(uow, DEFAULT, now=demo.now)
        assert _found(rest.report) == _about(whole, dict(rest.about))
        seen.update(id for ids in rest.about.values() for id in ids)
    # Every record once, but meetings of a forum that is not stored: they lie in no region
    # (check_by_region checks them after the regions).
    forums = {f.id for f in demo.network.forums}
    every = [
        r.id
        for name in RECORD_KINDS.values()
        for r in getattr(demo.network, name.name)
        if name.name != "meetings" or r.forum in forums
    ]
    assert seen == collections.Counter(every)
    assert len(every) < sum(demo.network.counts().values())  # the demo plants such meetings


def _expect_inside(
    about: Any, arrondissement: Arrondissement, network: Network, store: Store
) -> None:
    """The subjects are the records indexed in the arrondissement and its forums' meetings."""
    inside: dict[Subject, set[uuid.UUID]] = {s: set() for s in Subject}
    for s in Subject:
        if s is Subject.MEETING:
            continue
        kind = RECORD_KINDS[s.record_type]
        for record in getattr(network, s.collection):
            if kind.index(record, store.gazetteer).arrondissement == arrondissement.value:
                inside[s].add(record.id)
    inside[Subject.MEETING] = {m.id for m in network.meetings if m.forum in inside[Subject.FORUM]}
    assert {s: set(ids) for s, ids in about.items()} == inside


def test_the_report_says_which_rules_looked_wider():
    demo = BASES[0]
    with _store(demo.network) as store, store.unit_of_work() as uow:
        parts = [check_arrondissement(uow, a, DEFAULT, now=demo.now) for a in Arrondissement]
    wider: collections.Counter[str] = collections.Counter()
    for part in parts:
        wider.update(part.wider)
        assert part.held >= part.subjects
    # The demo's planted trainer overlap crosses arrondissementen now and then; at least the
    # network rules that read around their subjects said so somewhere.
    assert set(wider) <= {"HC-COLLAB-008", "HC-COLLAB-009", "HC-FORUM-008", "HC-INTERV-009"}
    assert wider


def test_rules_that_do_not_say_what_they_read_are_named_and_run_by_the_whole_check():
    demo = BASES[1]
    assert set(unscopable(RULES)) == {"TOOL-PARTNER-001", "TOOL-FORUM-001"}
    with _store(demo.network) as store, store.unit_of_work() as uow:
        one = check_arrondissement(uow, Arrondissement.named("Amsterdam"), RULES, now=demo.now)
        assert set(one.not_run) == {"TOOL-PARTNER-001", "TOOL-FORUM-001"}
        assert not {v.rule_id for v in one.report} & set(one.not_run)
        whole = check_by_region(uow, RULES, now=demo.now)
        stored = uow.load_network()  # in the store's order, which the tool's rule depends on
    assert whole.scope == "the whole store"
    assert _found(whole.report) == _found(RULES.check(stored, now=demo.now))


# -- what changed -----------------------------------------------------------------------------


def _write(store: Store, before: Network, after: Network) -> set[uuid.UUID]:
    """Store ``after`` over ``before`` as a tool would; the ids written (deletions the store
    refuses are left out)."""
    written: set[uuid.UUID] = set()
    with store.unit_of_work() as uow:
        for kind in RECORD_KINDS.values():
            repository = getattr(uow, kind.name)
            old = {r.id: r for r in getattr(before, kind.name)}
            new = {r.id: r for r in getattr(after, kind.name)}
            for id, record in new.items():
                if id not in old:
                    repository.add(record)
                    written.add(id)
                elif record != old[id]:
                    repository.save(record, expected_version=repository.version_of(id))
                    written.add(id)
            for id, record in old.items():
                if id not in new and kind.deletable(record) is None:
                    repository.delete(record, expected_version=repository.version_of(id))
                    written.add(id)
        uow.commit()
    return written


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(BASES) - 1), st.data())
def test_a_check_of_what_changed_reports_what_a_whole_check_says_of_it(base, data):
    demo = BASES[base]
    after, _ = _changes(data.draw, demo.network)
    with _store(demo.network) as store:
        since = dt.datetime.now(dt.UTC)
        written = _write(store, demo.network, after)
        with store.unit_of_work() as uow:
            stored = uow.load_network()
            scoped = check_changed(uow, since, DEFAULT, now=demo.now)
    about = dict(scoped.about)
    whole = DEFAULT.check(stored, now=demo.now)
    assert _found(scoped.report) == _about(whole, about)
    held = {r.id for name in RECORD_KINDS.values() for r in getattr(stored, name.name)}
    assert written & held <= {id for ids in about.values() for id in ids}
    # Nothing outside it changed its violations: what it left out is as it was.
    outside = {
        s: frozenset(r.id for r in getattr(stored, s.collection)) - about[s] for s in Subject
    }
    deleted = written - held
    if not deleted:
        before = DEFAULT.check(demo.network, now=demo.now)
        assert _about(whole, outside) == _about(before, outside)


def test_nothing_changed_checks_nothing():
    demo = BASES[0]
    with _store(demo.network) as store, store.unit_of_work() as uow:
        scoped = check_changed(uow, dt.datetime.now(dt.UTC), DEFAULT, now=demo.now)
    assert scoped.subjects == 0
    assert not scoped.report
