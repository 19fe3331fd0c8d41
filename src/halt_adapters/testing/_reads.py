"""The store kit's tests of the reads that hold a page: streams, references, counts, changes.

What :meth:`~halt_core.storage.Repository.stream`, ``find_many``, ``referencing``,
``count(**criteria)`` and ``changed_since`` must answer, from the adapter's primitives
``_select_page``, ``_referencing``, ``_count_selection`` and ``_changed_since``: the same as
the reads that hold everything (``query``), or as the network itself says.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_adapters.testing._kit_data import DEMO as _DEMO
from halt_adapters.testing._kit_data import STORE_SETTINGS as _STORE_SETTINGS
from halt_core.errors import InvalidValue
from halt_core.model import Area, Arrondissement, Meeting, Period
from halt_core.storage import (
    ChangesNotKept,
    RecordKind,
    Repository,
    Store,
    UnitOfWork,
)
from halt_core.storage.reading import Reading

__all__ = ["ReadsConformance"]

_AREAS = (
    Area.arrondissement(Arrondissement.AMSTERDAM),
    Area.municipality("GM0363"),
    Area.safety_region("VR13"),
    Area.country(),
)
_PERIOD = Period(start=_DEMO.as_of, end=_DEMO.as_of + dt.timedelta(days=60))
_MOST_VALUES = 3  # per column, so the tests stay quick


def _criteria(uow: UnitOfWork, kind: RecordKind[Any]) -> list[dict[str, Any]]:
    """Criteria to ask a repository of ``kind``: none, each column's values, areas, periods."""
    records = getattr(_DEMO.network, kind.name)
    indexes = [kind.index(record, uow.store.gazetteer) for record in records]
    found: list[dict[str, Any]] = [{}]
    for column in ("kind", "status", "level", "owner"):
        values = sorted({getattr(index, column) for index in indexes} - {None}, key=str)
        found += [{column: value} for value in values[:_MOST_VALUES]]
    found += [{"period": _PERIOD}, {"period": Period(start=_DEMO.as_of)}]
    if kind.type is not Meeting:  # meetings have no area of their own
        found += [{"area": area} for area in _AREAS]
        found += [{"spanning": True}, {"spanning": True, "area": _AREAS[2]}]
        kinds = sorted(index.kind for index in indexes if index.kind is not None)
        if kinds:
            found.append({"kind": kinds[0], "area": _AREAS[1], "period": _PERIOD})
    return found


def _keys_of(uow: UnitOfWork, kind: RecordKind[Any], value: Any) -> set[str]:
    """Every reference key of ``value``, as the network says: its owner's and the rest."""
    keys = set(kind.references(value))
    owner = kind.index(value, uow.store.gazetteer).owner
    if owner is not None:
        keys.add(str(owner))
    return keys


def _ids(values: Any) -> list[uuid.UUID]:
    return [value.id for value in values]


def _after(moment: dt.datetime) -> dt.datetime:
    """A moment strictly after ``moment`` by the clock: what a later write is stamped with."""
    while (now := dt.datetime.now(dt.UTC)) <= moment:
        continue
    return now


def _recording(pages: list[int], read: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """``read`` (a page primitive), noting how many rows each page it returns holds."""

    def recorded(*args: Any) -> list[Any]:
        rows = read(*args)
        pages.append(len(rows))
        return rows

    return recorded


def _selected(index: Any, selection: Any) -> bool:
    """Whether a row with ``index`` matches every criterion of ``selection`` exactly."""
    for column in ("kind", "status", "level", "arrondissement", "municipality", "owner"):
        wanted = getattr(selection, column)
        if wanted is not None and getattr(index, column) != wanted:
            return False
    if selection.spanning and index.arrondissement is not None:
        return False
    period = selection.overlapping
    if period is not None:
        if index.starts is None or (index.ends is not None and index.ends < period.start):
            return False
        if period.end is not None and index.starts > period.end:
            return False
    return True


class ReadsConformance:
    """The tests of streamed, referencing, counting and changed-since reads."""

    # -- stream -----------------------------------------------------------------------------

    @_STORE_SETTINGS
    @given(data=st.data())
    def test_stream_answers_what_query_answers(self, filled: Store, data: st.DataObject) -> None:
        """``stream(**criteria)`` gives exactly ``query(**criteria)``, in order, at any batch size.

        Criteria on every index column, areas of every kind and periods, alone and together;
        batch sizes from 1, so every page boundary is crossed.
        """
        with filled.unit_of_work() as uow:
            repo: Repository[Any] = data.draw(
                st.sampled_from(list(uow.repositories())), "repository"
            )
            criteria = data.draw(st.sampled_from(_criteria(uow, repo.kind)), "criteria")
            batch_size = data.draw(st.integers(min_value=1, max_value=60), "batch_size")
            expected = repo.query(**criteria)
            assert tuple(repo.stream(**criteria, batch_size=batch_size)) == expected

    def test_stream_matches_query_for_every_criterion(self, filled: Store) -> None:
        """Every criterion of every repository streams what it queries (batch size 7)."""
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                for criteria in _criteria(uow, repo.kind):
                    found = _ids(repo.stream(**criteria, batch_size=7))
                    assert found == _ids(repo.query(**criteria)), (repo.kind.name, criteria)

    @pytest.mark.parametrize("criteria", [{}, {"period": Period(start=dt.date(2000, 1, 1))}])
    def test_stream_reads_a_page_at_a_time(self, filled: Store, criteria: dict[str, Any]) -> None:
        """A stream asks for pages of at most ``batch_size`` rows, and only as it is read.

        The first record comes after one page was read, not the whole answer.
        """
        with filled.unit_of_work() as uow:
            repo = uow.interventions
            total = len(repo.query(**criteria))
            assert total > 20, "the demo network should hold enough interventions"
            pages: list[int] = []
            # The primitive a stream reads with: _page for everything, else _select_page.
            name = "_select_page" if criteria else "_page"
            setattr(repo, name, _recording(pages, getattr(repo, name)))
            stream = repo.stream(**criteria, batch_size=5)
            next(stream)
            assert len(pages) == 1
            rest = list(stream)
            assert 1 + len(rest) == total
            assert len(pages) >= total // 5
            assert max(pages) <= 5

    def test_spanning_selects_what_lies_in_no_single_arrondissement(self, filled: Store) -> None:
        """``spanning=True`` finds the records without an arrondissement, streamed and counted."""
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                if repo.kind.type is Meeting:
                    continue
                values = getattr(_DEMO.network, repo.kind.name)
                expected = sorted(
                    (
                        str(v.id)
                        for v in values
                        if repo.kind.index(v, uow.store.gazetteer).arrondissement is None
                    ),
                )
                found = [str(v.id) for v in repo.stream(spanning=True, batch_size=3)]
                assert found == expected, repo.kind.name
                assert repo.count(spanning=True) == len(expected), repo.kind.name

    def test_a_store_that_selects_exactly_returns_no_more(self, filled: Store) -> None:
        """An adapter that sets ``exact_selections`` returns only the rows that match.

        Its queries skip their exact check after decoding, so ``_select`` and
        ``_select_page`` must each hold exactly the rows whose index columns match every
        criterion of the selection. Adapters that do not say so are not held to it.
        """
        with filled.unit_of_work() as uow:
            gazetteer = uow.store.gazetteer
            for repo in uow.repositories():
                if not repo.exact_selections:
                    continue
                values = getattr(_DEMO.network, repo.kind.name)
                for criteria in _criteria(uow, repo.kind):
                    selection = repo._selection(
                        criteria.get("kind"),
                        criteria.get("status"),
                        criteria.get("level"),
                        criteria.get("area"),
                        criteria.get("period"),
                        criteria.get("owner"),
                        criteria.get("spanning", False),
                    )
                    expected = sorted(
                        str(v.id)
                        for v in values
                        if _selected(repo.kind.index(v, gazetteer), selection)
                    )
                    with uow._guard():
                        rows = repo._select(selection)
                        page = repo._select_page(selection, None, len(values) + 1)
                    where = (repo.kind.name, criteria)
                    assert sorted(str(row[0]) for row in rows) == expected, where
                    assert [str(row[0]) for row in page] == expected, where

    # -- find_many --------------------------------------------------------------------------

    def test_find_many_leaves_out_ids_not_stored(self, filled: Store) -> None:
        """``find_many`` answers the stored records among the ids, in the order given, once each."""
        first, second = _DEMO.network.forums[:2]
        missing = uuid.uuid4()
        with filled.unit_of_work() as uow:
            found = uow.forums.find_many([second.id, missing, first.id, second.id])
            assert found == (second, first)
            assert uow.forums.find_many([missing]) == ()
            assert uow.forums.find_many([]) == ()

    # -- referencing ------------------------------------------------------------------------

    def test_referencing_finds_who_names_the_ids(self, filled: Store) -> None:
        """``referencing`` finds every record owned by or naming the ids, in every repository.

        Partners (named by collaborations, forums, meetings, interventions), forums (owning
        meetings), collaborations (owning forums and interventions); checked against the
        network's records.
        """
        network = _DEMO.network
        named: list[Any] = [
            *network.partners[:6],
            *network.forums[:3],
            *network.collaborations[:3],
            *network.referrals[:3],
        ]
        wanted = {str(value.id) for value in named}
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                values = getattr(network, repo.kind.name)
                expected = sorted(
                    (v for v in values if _keys_of(uow, repo.kind, v) & wanted),
                    key=lambda v: str(v.id),
                )
                found = repo.referencing([value.id for value in named])
                assert _ids(found) == _ids(expected), repo.kind.name
                assert repo.referencing() == ()
                held = set(_ids(expected[::2]))
                rest = repo.referencing([value.id for value in named], besides=held)
                assert _ids(rest) == [v.id for v in expected if v.id not in held]

    def test_referencing_by_owner_alone(self, filled: Store) -> None:
        """A forum's meetings are found by the forum's id, as ``query(owner=)`` finds them."""
        forum = _DEMO.network.meetings[0].forum
        with filled.unit_of_work() as uow:
            found = uow.meetings.referencing([forum])
            assert set(_ids(uow.meetings.query(owner=forum))) <= set(_ids(found))
            assert all(
                meeting.forum == forum or str(forum) in uow.meetings.kind.references(meeting)
                for meeting in found
            )

    def test_referencing_by_trainer(self, filled: Store) -> None:
        """``referencing(trainers=...)`` finds the interventions with a session of the trainer."""
        network = _DEMO.network
        trainers = sorted(
            {s.trainer for i in network.interventions for s in i.sessions if s.trainer}
        )
        assert trainers, "the demo network should book trainers"
        some = trainers[:2]
        expected = [i for i in network.interventions if any(s.trainer in some for s in i.sessions)]
        with filled.unit_of_work() as uow:
            found = uow.interventions.referencing(trainers=some)
            assert set(_ids(found)) == set(_ids(expected))
            assert uow.interventions.referencing(trainers=["nobody-at-all"]) == ()
            # A trainer's key is never taken for an id, nor an id for a trainer.
            assert uow.partners.referencing(trainers=some) == ()

    def test_references_follow_saves_and_deletes(self, filled: Store) -> None:
        """After a save the old references are gone and the new ones found; a delete drops all."""
        network = _DEMO.network
        forum = next(f for f in network.forums if len(f.members) >= 2)
        dropped, kept = forum.members[0], forum.members[1]
        added = next(p.id for p in network.partners if p.id not in forum.members)
        meeting = next(m for m in network.meetings if m.attendees)
        attendee = meeting.attendees[0]
        with filled.unit_of_work() as uow:
            uow.forums.save(
                attrs.evolve(forum, members=(*forum.members[1:], added)),
                expected_version=1,
            )
            uow.meetings.delete(meeting, expected_version=1)
        with filled.unit_of_work() as uow:
            assert forum.id not in _ids(uow.forums.referencing([dropped]))
            assert forum.id in _ids(uow.forums.referencing([added]))
            assert forum.id in _ids(uow.forums.referencing([kept]))
            assert meeting.id not in _ids(uow.meetings.referencing([meeting.forum]))
            assert meeting.id not in _ids(uow.meetings.referencing([attendee]))
            uow.meetings.add(meeting)
        with filled.unit_of_work() as uow:  # added again: its references are back
            assert meeting.id in _ids(uow.meetings.referencing([attendee]))

    # -- count ------------------------------------------------------------------------------

    def test_count_with_criteria_is_what_query_finds(self, filled: Store) -> None:
        """``count(**criteria)`` is ``len(query(**criteria))`` for every criterion and area."""
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                for criteria in _criteria(uow, repo.kind):
                    expected = len(repo.query(**criteria))
                    assert repo.count(**criteria) == expected, (repo.kind.name, criteria)

    def test_count_follows_writes(self, filled: Store) -> None:
        """A count by criteria sees what this unit of work deleted, and what it added again."""
        meeting = _DEMO.network.meetings[0]
        with filled.unit_of_work() as uow:
            before = uow.meetings.count(owner=meeting.forum)
            uow.meetings.delete(meeting, expected_version=1)
            assert uow.meetings.count(owner=meeting.forum) == before - 1
            uow.meetings.add(meeting)
            assert uow.meetings.count(owner=meeting.forum) == before

    # -- changed_since ----------------------------------------------------------------------

    def _keeps_changes(self, store: Store) -> bool:
        with store.unit_of_work() as uow:
            return type(uow.partners)._changed_since is not Reading._changed_since

    def test_changed_since_sees_adds_saves_and_deletes(self, store: Store) -> None:
        """What was added, saved or deleted at or after a moment is changed; before it, not.

        Deletions come as ``deleted``; a record added again after its deletion is stored.
        """
        if not self._keeps_changes(store):
            pytest.skip("this store's adapter does not keep when records changed")
        network = _DEMO.network
        early, saved, gone, late = network.meetings[:4]
        start = dt.datetime.now(dt.UTC)
        with store.unit_of_work() as uow:
            uow.meetings.add_many([early, saved, gone])
        with store.unit_of_work() as uow:
            first = uow.meetings.changed_since(start)
            assert set(first.stored) == {early.id, saved.id, gone.id}
            assert first.deleted == ()
            assert list(first.stored) == sorted(first.stored, key=str)
        moment = _after(dt.datetime.now(dt.UTC))
        with store.unit_of_work() as uow:
            uow.meetings.save(attrs.evolve(saved, location="Elders"), expected_version=1)
            uow.meetings.delete(gone, expected_version=1)
            uow.meetings.add(late)
        with store.unit_of_work() as uow:
            changed = uow.meetings.changed_since(moment)
            assert set(changed.stored) == {saved.id, late.id}
            assert changed.deleted == (gone.id,)
            assert len(changed) == 3
            assert uow.partners.changed_since(moment) == uow.partners.changed_since(start)
            assert not uow.partners.changed_since(start)
            assert not uow.meetings.changed_since(_after(dt.datetime.now(dt.UTC)))
            uow.meetings.add(gone)
        with store.unit_of_work() as uow:
            again = uow.meetings.changed_since(moment)
            assert gone.id in again.stored
            assert again.deleted == ()

    def test_changed_since_takes_an_aware_moment(self, store: Store) -> None:
        """A moment without its time zone is refused, saying so."""
        with store.unit_of_work() as uow, pytest.raises(InvalidValue):
            uow.partners.changed_since(dt.datetime(2026, 1, 1))

    def test_an_adapter_that_keeps_no_changes_says_so(self, store: Store) -> None:
        """Without ``_changed_since``, ``changed_since`` raises ChangesNotKept naming the store."""
        with store.unit_of_work() as uow:
            repo = uow.partners
            # The default primitive, as an adapter that does not implement it has it.
            repo._changed_since = functools.partial(Reading._changed_since, repo)  # type: ignore[method-assign]
            with pytest.raises(ChangesNotKept) as info:
                repo.changed_since(dt.datetime.now(dt.UTC))
            assert info.value.store == store.url

    def test_changes_are_read_in_the_unit_of_work(self, store: Store) -> None:
        """A unit of work sees its own writes as changed; a rolled back write never was."""
        if not self._keeps_changes(store):
            pytest.skip("this store's adapter does not keep when records changed")
        partner = _DEMO.network.partners[0]
        start = dt.datetime.now(dt.UTC)
        with store.unit_of_work() as uow:
            uow.partners.add(partner)
            assert uow.partners.changed_since(start).stored == (partner.id,)
            uow.rollback()
        with store.unit_of_work() as uow:
            assert not uow.partners.changed_since(start)
