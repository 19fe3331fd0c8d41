"""The storage conformance suite: what every store adapter must do, as pytest tests.

An adapter author subclasses :class:`StoreConformance` in a test module and provides the
fixture ``store``: an open, empty store. Open it with :func:`halt_core.connect`, as a tool
would, so the test also covers the plugin's entry point and its ``halt_open_store`` hook::

    from collections.abc import Callable, Iterator
    from pathlib import Path

    import pytest

    import halt_core
    from halt_adapters.testing import StoreConformance
    from halt_core.storage import Store


    class TestMyStore(StoreConformance):
        @pytest.fixture
        def store(self, tmp_path: Path) -> Iterator[Store]:
            store = halt_core.connect(f"mystore:///{tmp_path}/halt.db")
            yield store
            store.close()

        @pytest.fixture
        def reopen(self, tmp_path: Path) -> Callable[[], Store]:
            return lambda: halt_core.connect(f"mystore:///{tmp_path}/halt.db")

Every test of the suite then runs against that store: each repository operation, bulk paths,
queries on every index column (compared with what the index columns say), paging through
:meth:`~halt_core.storage.Repository.iterate` at batch boundaries, rollback, reads after a
commit or a rollback, version conflicts (interleaved and from two threads), versions that
never repeat for an id (deleted and added again), saves and deletes with
``expected_version``, the deletion policy, the outbox (its order, duplicate event ids,
publishing inside the transaction, forgetting the events about given subjects, published or
pending), what a new store set aside (nothing: see
:meth:`~halt_core.storage.UnitOfWork.set_aside`), hypothesis round trips of every model, and
the reads that hold a page (``stream`` against ``query``, ``find_many``, ``referencing`` by
owner, other references and trainers as saves and deletes change them, ``count`` with
criteria, ``changed_since`` where the adapter keeps it: the tests of
:class:`~halt_adapters.testing._reads.ReadsConformance`), the deliveries of notifications
(taking outbox events, claims and their leases, outcomes,
dead letters, threads claiming at once: the tests of
:class:`~halt_adapters.testing._deliveries.DeliveriesConformance`, which are skipped, saying
so, for a store whose adapter keeps no deliveries), and the privacy log (disclosures and
their queries, legal holds, erasures, kept counts, all inside the transaction: the tests of
:class:`~halt_adapters.testing._privacy_log.PrivacyLogConformance`, skipped the same way for
a store whose adapter keeps no privacy log).

Two more fixtures add the tests that look at a store opened again; without them those tests
are skipped, saying so:

``reopen``
    A callable that opens another store on the same data (a store that keeps nothing once
    closed, like ``memory://``, leaves it out). With it, the suite checks that records,
    versions, tombstones, index columns and the outbox (pending and published events) are
    all there after the store was closed and opened again, and that a commit is visible to a
    store opened while the first is still open.
``make_newer``
    A callable that changes the stored data the way a newer release of your adapter would:
    it raises the stored schema version by one (in the JSON example, ``"schema_version"`` in
    the file; in SQL, a row in the schema table). The suite calls it on a closed store, then
    checks that ``reopen`` refuses the data with :class:`~halt_core.errors.SchemaTooNew`.
    Leave it out if your storage has no schema version of its own.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_adapters.testing._deliveries import DeliveriesConformance
from halt_adapters.testing._kit_data import DEMO as _DEMO
from halt_adapters.testing._kit_data import STORE_SETTINGS as _STORE_SETTINGS
from halt_adapters.testing._kit_data import declined as _declined
from halt_adapters.testing._kit_data import (
    events_in_reverse_id_order as _events_in_reverse_id_order,
)
from halt_adapters.testing._outbox import OutboxConformance
from halt_adapters.testing._privacy_log import PrivacyLogConformance
from halt_adapters.testing._reads import ReadsConformance
from halt_core.errors import InvalidValue, NotFound
from halt_core.ids import PartnerId, new_id
from halt_core.model import (
    Area,
    Arrondissement,
    Collaboration,
    CollaborationStatus,
    Forum,
    InterventionKind,
    InterventionStatus,
    Meeting,
    Network,
    Partner,
    PartnerKind,
    Period,
    Referral,
)
from halt_core.storage import (
    AlreadyExists,
    ConcurrencyConflict,
    DeletionRefused,
    Index,
    NotLoaded,
    RecordKind,
    Repository,
    SchemaTooNew,
    Store,
    UnitOfWorkClosed,
    Versioned,
)
from halt_core.testing import strategies as hs

__all__ = ["StoreConformance"]

_RECORDS = st.one_of(
    hs.partners(),
    hs.collaborations(),
    hs.forums(),
    hs.meetings(),
    hs.interventions(),
    hs.referrals(),
)


def _by_id(values: Iterable[Any]) -> dict[uuid.UUID, Any]:
    return {value.id: value for value in values}


# -- what a query must find, from the index columns ---------------------------------------------

_PERIODS = (
    Period(start=_DEMO.as_of, end=_DEMO.as_of + dt.timedelta(days=30)),
    Period(start=_DEMO.as_of),  # open-ended
    Period(start=_DEMO.as_of, end=_DEMO.as_of),  # one day
    Period(start=_DEMO.as_of - dt.timedelta(days=400), end=_DEMO.as_of - dt.timedelta(days=200)),
    Period(start=dt.date(2000, 1, 1), end=dt.date(2000, 12, 31)),  # before everything
)
_MOST_VALUES = 6  # per column, so a query test stays quick


def _overlaps(index: Index, period: Period) -> bool:
    if index.starts is None:
        return False
    return (index.ends is None or index.ends >= period.start) and (
        period.end is None or index.starts <= period.end
    )


def _queries(kind: RecordKind[Any], indexes: Sequence[Index]) -> Iterator[dict[str, Any]]:
    """The criteria to ask a repository of ``kind``: each value found in each column."""
    for column in ("kind", "status", "level", "owner"):
        values = sorted({getattr(index, column) for index in indexes} - {None}, key=str)
        for value in values[:_MOST_VALUES]:
            yield {column: value}
    for period in _PERIODS:
        yield {"period": period}
    kinds = sorted(index.kind for index in indexes if index.kind is not None)
    if kinds:
        yield {"kind": kinds[0], "period": _PERIODS[0]}


def _check_queries(uow: Any, expected: Any) -> None:
    """Every query of :func:`_queries` finds exactly the records whose index columns match.

    ``expected`` is the network the store holds. Index columns hold enum members' values, so
    the criteria are given as those values (``query`` takes either).
    """
    gazetteer = uow.store.gazetteer
    repo: Repository[Any]
    for repo in uow.repositories():
        records = getattr(expected, repo.kind.name)
        indexes = [repo.kind.index(record, gazetteer) for record in records]
        for criteria in _queries(repo.kind, indexes):
            period = criteria.get("period")
            columns = {c: v for c, v in criteria.items() if c != "period"}
            wanted = sorted(
                str(record.id)
                for record, index in zip(records, indexes, strict=True)
                if all(getattr(index, c) == v for c, v in columns.items())
                and (period is None or _overlaps(index, period))
            )
            found = [str(record.id) for record in repo.query(**criteria)]
            assert found == wanted, (
                f"{repo.kind.name}.query({criteria}): {len(found)} records, expected {len(wanted)}"
            )


@contextlib.contextmanager
def _reopened(store: Store, reopen: Callable[[], Store]) -> Iterator[Store]:
    """``store`` closed, and another opened on its data (closed after the block)."""
    store.close()
    again = reopen()
    try:
        yield again
    finally:
        again.close()


class StoreConformance(
    OutboxConformance, ReadsConformance, DeliveriesConformance, PrivacyLogConformance
):
    """The tests every store adapter passes; subclass it and provide a ``store`` fixture."""

    @pytest.fixture
    def reopen(self) -> Callable[[], Store] | None:
        """Override: a callable that opens another store on the data of ``store``.

        The tests that need it are skipped while it is None (the default), as for a store
        that keeps nothing once closed.
        """
        return None

    @pytest.fixture
    def make_newer(self) -> Callable[[], None] | None:
        """Override: a callable that raises the stored schema version by one.

        It is called after ``store`` is closed, and changes the stored data the way a newer
        release of the adapter would mark it (the schema version ``store.schema_version + 1``),
        so the suite can check that ``reopen`` then raises
        :class:`~halt_core.errors.SchemaTooNew`. Leave it None (the default) if the storage
        keeps no schema version of its own.
        """
        return None

    @pytest.fixture
    def filled(self, store: Store) -> Store:
        """The store with the demo network in it."""
        with store.unit_of_work() as uow:
            uow.add_network(_DEMO.network)
        return store

    # -- adding and reading -----------------------------------------------------------------

    @_STORE_SETTINGS
    @given(record=_RECORDS)
    def test_every_model_round_trips_through_the_store(self, store: Store, record: Any) -> None:
        """Every kind of record, as hypothesis makes it, reads back as added, at version 1."""
        # The store lives across examples, so each example gets an id of its own.
        record = attrs.evolve(record, id=uuid.uuid4())
        with store.unit_of_work() as uow:
            uow.repository(type(record)).add(record)
        with store.unit_of_work() as uow:
            repo = uow.repository(type(record))
            assert repo.get(record.id) == record
            assert repo.version_of(record.id) == 1

    def test_a_whole_network_round_trips(self, filled: Store) -> None:
        """A whole network added in one unit of work loads back, record for record."""
        with filled.unit_of_work() as uow:
            loaded = uow.load_network()
        for name, records in _DEMO.network.counts().items():
            assert len(getattr(loaded, name)) == records
            assert _by_id(getattr(loaded, name)) == _by_id(getattr(_DEMO.network, name))

    def test_get_many_keeps_the_order_asked(self, filled: Store) -> None:
        """``get_many`` returns the records in the order their ids were asked in."""
        ids = [p.id for p in _DEMO.network.partners[:10]][::-1]
        with filled.unit_of_work() as uow:
            assert [p.id for p in uow.partners.get_many(ids)] == ids

    def test_a_missing_id_is_not_found(self, filled: Store) -> None:
        """``find`` gives None for an unknown id; ``get`` and ``get_many`` raise NotFound for it."""
        missing = uuid.uuid4()
        with filled.unit_of_work() as uow:
            assert uow.partners.find(missing) is None
            with pytest.raises(NotFound, match=str(missing)):
                uow.partners.get(missing)
            with pytest.raises(NotFound, match=str(missing)):
                uow.partners.get_many([_DEMO.network.partners[0].id, missing])

    def test_counts(self, filled: Store) -> None:
        """``count`` of every repository is the number of records of its kind."""
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                assert repo.count() == len(getattr(_DEMO.network, repo.kind.name))

    def test_a_batch_with_a_taken_id_adds_nothing(self, filled: Store) -> None:
        """``add_many`` with a taken id raises AlreadyExists naming it, adds none; work goes on."""
        taken = _DEMO.network.partners[0]
        fresh = attrs.evolve(taken, id=new_id(PartnerId))
        with filled.unit_of_work() as uow:
            with pytest.raises(AlreadyExists, match=str(taken.id)):
                uow.partners.add_many([fresh, taken])
            assert uow.partners.find(fresh.id) is None
            uow.partners.add(attrs.evolve(taken, id=new_id(PartnerId)))  # the work goes on
        with filled.unit_of_work() as uow:
            assert uow.partners.find(fresh.id) is None
            assert uow.partners.count() == len(_DEMO.network.partners) + 1

    def test_an_id_twice_in_one_batch_adds_nothing(self, store: Store) -> None:
        """An id given twice to ``add_many`` is AlreadyExists, and nothing is added."""
        partner = _DEMO.network.partners[0]
        with store.unit_of_work() as uow:
            with pytest.raises(AlreadyExists):
                uow.partners.add_many([partner, partner])
            assert uow.partners.count() == 0

    def test_a_value_of_another_kind_is_refused(self, store: Store) -> None:
        """A forum given to the partners repository is refused, naming the right one."""
        with store.unit_of_work() as uow, pytest.raises(InvalidValue, match=r"uow\.forums"):
            uow.partners.add(_DEMO.network.forums[0])  # type: ignore[arg-type]

    def test_bulk_add_and_load(self, store: Store) -> None:
        """``add_many`` returns how many it added, and ``all`` reads them all back."""
        interventions = _DEMO.network.interventions
        with store.unit_of_work() as uow:
            assert uow.interventions.add_many(interventions) == len(interventions)
        with store.unit_of_work() as uow:
            assert _by_id(uow.interventions.all()) == _by_id(interventions)

    # -- saving and versions ----------------------------------------------------------------

    def test_saving_bumps_the_version(self, filled: Store) -> None:
        """Each save raises the version by one; the last save is what is stored."""
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow:
            read = uow.partners.get(partner.id)
            assert uow.partners.save(attrs.evolve(read, name="Nieuwe naam")) == 2
            assert uow.partners.save(attrs.evolve(read, name="Nog een naam")) == 3
        with filled.unit_of_work() as uow:
            assert uow.partners.get(partner.id).name == "Nog een naam"
            assert uow.partners.version_of(partner.id) == 3

    def test_saving_what_was_not_read_is_refused(self, filled: Store) -> None:
        """Saving a record not read here (and without ``expected_version``) is NotLoaded."""
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow, pytest.raises(NotLoaded, match=str(partner.id)):
            uow.partners.save(partner)

    def test_a_stale_save_is_a_conflict_and_changes_nothing(self, filled: Store) -> None:
        """A save over a version another unit of work replaced since is a conflict; theirs stays."""
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as first, filled.unit_of_work() as second:
            mine = first.partners.get(partner.id)
            theirs = second.partners.get(partner.id)
            second.partners.save(attrs.evolve(theirs, name="Theirs"))
            second.commit()
            with pytest.raises(ConcurrencyConflict) as info:
                first.partners.save(attrs.evolve(mine, name="Mine"))
            assert (info.value.expected, info.value.actual) == (1, 2)
            assert str(partner.id) in str(info.value)
        with filled.unit_of_work() as uow:
            assert uow.partners.get(partner.id).name == "Theirs"

    def test_two_threads_saving_one_record_one_wins(self, filled: Store) -> None:
        """Two threads read one record, then both save it: one saves, the other gets a conflict."""
        partner = _DEMO.network.partners[1]
        both_read = threading.Barrier(2, timeout=30)
        outcomes: list[str] = []

        def change(name: str) -> None:
            try:
                with filled.unit_of_work() as uow:
                    read = uow.partners.get(partner.id)
                    both_read.wait()
                    uow.partners.save(attrs.evolve(read, name=name))
                outcomes.append("saved")
            except ConcurrencyConflict:
                outcomes.append("conflict")

        threads = [threading.Thread(target=change, args=(n,)) for n in ("A", "B")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(outcomes) == ["conflict", "saved"]
        with filled.unit_of_work() as uow:
            assert uow.partners.get(partner.id).name in {"A", "B"}
            assert uow.partners.version_of(partner.id) == 2

    # -- versions across units of work and deletions ----------------------------------------------

    def test_get_versioned_gives_the_stored_version(self, filled: Store) -> None:
        """``get_versioned`` returns the record with its stored version, or NotFound."""
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow:
            uow.partners.save(attrs.evolve(uow.partners.get(partner.id), name="Twee"))
        with filled.unit_of_work() as uow:
            read = uow.partners.get_versioned(partner.id)
            assert read == Versioned(attrs.evolve(partner, name="Twee"), 2)
            with pytest.raises(NotFound):
                uow.partners.get_versioned(uuid.uuid4())

    def test_a_save_with_expected_version_needs_no_read(self, filled: Store) -> None:
        """A version carried from an earlier unit of work saves, once; a stale one conflicts."""
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow:
            shown = uow.partners.get_versioned(partner.id)  # e.g. a form is shown
        with filled.unit_of_work() as uow:  # ... and submitted in a later request
            changed = attrs.evolve(shown.value, name="Via het formulier")
            assert uow.partners.save(changed, expected_version=shown.version) == 2
        with filled.unit_of_work() as uow:  # the same form submitted twice
            with pytest.raises(ConcurrencyConflict) as info:
                uow.partners.save(attrs.evolve(shown.value, name="Oud"), expected_version=1)
            assert (info.value.expected, info.value.actual) == (1, 2)
        with filled.unit_of_work() as uow:
            assert uow.partners.get_versioned(partner.id) == Versioned(changed, 2)

    def test_expected_version_overrides_the_version_read(self, filled: Store) -> None:
        """Given, ``expected_version`` is what the save checks, not what was read here."""
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow:
            read = uow.partners.get(partner.id)
            with pytest.raises(ConcurrencyConflict):
                uow.partners.save(attrs.evolve(read, name="X"), expected_version=7)
            assert uow.partners.save(attrs.evolve(read, name="Y"), expected_version=1) == 2

    def test_expected_version_of_a_missing_record_is_not_found(self, store: Store) -> None:
        """Saving or deleting an id that is not stored, with a version, is NotFound."""
        meeting = _DEMO.network.meetings[0]
        with store.unit_of_work() as uow:
            with pytest.raises(NotFound):
                uow.meetings.save(meeting, expected_version=1)
            with pytest.raises(NotFound):
                uow.meetings.delete(meeting, expected_version=1)

    @pytest.mark.parametrize("version", [0, -1, True, "1", 1.0])
    def test_expected_version_must_be_a_version_number(self, filled: Store, version: Any) -> None:
        """Anything but a whole number of 1 or more is refused before the store is asked."""
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow, pytest.raises(InvalidValue, match="expected_version"):
            uow.partners.save(partner, expected_version=version)

    def test_a_delete_with_expected_version(self, filled: Store) -> None:
        """A delete with a stale version conflicts and keeps the record; the right one deletes."""
        meeting = _DEMO.network.meetings[0]
        with filled.unit_of_work() as uow:
            uow.meetings.save(uow.meetings.get(meeting.id))
        with filled.unit_of_work() as uow:
            with pytest.raises(ConcurrencyConflict):
                uow.meetings.delete(meeting, expected_version=1)
            assert uow.meetings.find(meeting.id) == meeting
            uow.meetings.delete(meeting, expected_version=2)
        with filled.unit_of_work() as uow:
            assert uow.meetings.find(meeting.id) is None

    def test_an_id_added_again_after_deletion_goes_on_counting(self, store: Store) -> None:
        """Versions never repeat for an id: deleted at 2, it comes back at 3, then 4."""
        meeting = _DEMO.network.meetings[0]
        with store.unit_of_work() as uow:
            assert uow.meetings.add(meeting) == 1
            assert uow.meetings.save(meeting) == 2
            uow.meetings.delete(meeting)
        with store.unit_of_work() as uow:
            assert uow.meetings.add(meeting) == 3
            assert uow.meetings.version_of(meeting.id) == 3
        with store.unit_of_work() as uow:
            assert uow.meetings.version_of(meeting.id) == 3
            assert uow.meetings.save(uow.meetings.get(meeting.id)) == 4

    def test_a_bulk_add_mixing_new_and_deleted_ids(self, store: Store) -> None:
        """``add_many`` of new ids and ids deleted before: new ones at 1, the others go on."""
        first, second, third = _DEMO.network.meetings[:3]
        with store.unit_of_work() as uow:
            uow.meetings.add_many([first, second])
            uow.meetings.delete(second)
        with store.unit_of_work() as uow:
            assert uow.meetings.add_many([second, third]) == 2
            assert uow.meetings.version_of(second.id) == 2
            assert uow.meetings.version_of(third.id) == 1
        with store.unit_of_work() as uow:
            assert [uow.meetings.version_of(m.id) for m in (first, second, third)] == [1, 2, 1]
            with pytest.raises(AlreadyExists, match=str(second.id)):
                uow.meetings.add_many([second])

    def test_a_stale_unit_of_work_cannot_write_over_a_record_added_again(
        self, filled: Store
    ) -> None:
        """The ABA case: read, then someone deletes and re-adds the id; the stale write fails."""
        meeting = _DEMO.network.meetings[0]
        with filled.unit_of_work() as stale:
            old = stale.meetings.get(meeting.id)
            with filled.unit_of_work() as other:
                other.meetings.delete(other.meetings.get(meeting.id))
                other.meetings.add(attrs.evolve(meeting, location="opnieuw"))
            with pytest.raises(ConcurrencyConflict) as info:
                stale.meetings.save(attrs.evolve(old, location="verouderd"))
            assert (info.value.expected, info.value.actual) == (1, 2)
            with pytest.raises(ConcurrencyConflict):
                stale.meetings.delete(old)
            with pytest.raises(ConcurrencyConflict):
                stale.meetings.save(old, expected_version=1)
        with filled.unit_of_work() as uow:
            assert uow.meetings.get_versioned(meeting.id) == Versioned(
                attrs.evolve(meeting, location="opnieuw"), 2
            )

    def test_a_deleted_record_is_gone_from_every_read(self, filled: Store) -> None:
        """After deletion no read shows the record: find, get_many, count, query, iterate."""
        meeting = _DEMO.network.meetings[0]
        with filled.unit_of_work() as uow:
            uow.meetings.delete(uow.meetings.get(meeting.id))
        with filled.unit_of_work() as uow:
            assert uow.meetings.find(meeting.id) is None
            with pytest.raises(NotFound):
                uow.meetings.version_of(meeting.id)
            with pytest.raises(NotFound):
                uow.meetings.get_many([meeting.id])
            assert uow.meetings.count() == len(_DEMO.network.meetings) - 1
            assert meeting.id not in _by_id(uow.meetings.query(owner=meeting.forum))
            assert meeting.id not in _by_id(uow.meetings.all())
            assert meeting.id not in _by_id(list(uow.meetings.iterate(7)))

    def test_a_record_deleted_since_it_was_read_is_not_found_on_save(self, filled: Store) -> None:
        """Saving over a record another unit of work deleted is NotFound, saying so."""
        meeting = _DEMO.network.meetings[0]
        with filled.unit_of_work() as first:
            mine = first.meetings.get(meeting.id)
            with filled.unit_of_work() as second:
                second.meetings.delete(second.meetings.get(meeting.id))
            with pytest.raises(NotFound, match="deleted since it was read"):
                first.meetings.save(mine)

    def test_a_rolled_back_deletion_keeps_the_record_and_its_version(self, filled: Store) -> None:
        """A deletion that is rolled back leaves the record as it was, at its version."""
        meeting = _DEMO.network.meetings[0]
        with filled.unit_of_work() as uow:
            uow.meetings.delete(uow.meetings.get(meeting.id))
            uow.rollback()
            assert uow.meetings.get_versioned(meeting.id) == Versioned(meeting, 1)
            assert uow.meetings.save(meeting) == 2

    # -- transactions -------------------------------------------------------------------------

    def test_an_exception_rolls_everything_back(self, store: Store) -> None:
        """An exception in the ``with`` block stores none of its records and none of its events."""
        partner, forum = _DEMO.network.partners[0], _DEMO.network.forums[0]
        intervention = _DEMO.network.interventions[0]

        class Boom(Exception):
            pass

        def fail_halfway() -> None:
            with store.unit_of_work() as uow:
                uow.partners.add(partner)
                uow.forums.add(forum)
                uow.outbox.add(_declined(intervention))
                raise Boom

        with pytest.raises(Boom):
            fail_halfway()
        with store.unit_of_work() as uow:
            assert uow.partners.count() == uow.forums.count() == 0
            assert uow.outbox.pending() == ()

    def test_rollback_discards_and_commit_keeps(self, store: Store) -> None:
        """``commit`` in the block keeps what came before it; ``rollback`` drops what came after."""
        first, second = _DEMO.network.partners[:2]
        with store.unit_of_work() as uow:
            uow.partners.add(first)
            uow.commit()
            uow.partners.add(second)
            uow.rollback()
        with store.unit_of_work() as uow:
            assert uow.partners.find(first.id) == first
            assert uow.partners.find(second.id) is None

    def test_after_a_commit_or_rollback_reads_see_the_latest_commits(self, store: Store) -> None:
        """Work after ``commit`` or ``rollback`` is a new transaction: it reads what is stored now.

        Its own commit included, and what other units of work committed in between.
        """
        first, second, third = _DEMO.network.partners[:3]
        with store.unit_of_work() as uow:
            assert uow.partners.find(first.id) is None  # a first read, before the others commit
            with store.unit_of_work() as other:
                other.partners.add(first)
            uow.rollback()
            assert uow.partners.find(first.id) == first
            uow.partners.add(second)
            uow.commit()
            assert uow.partners.find(second.id) == second
            with store.unit_of_work() as other:
                other.partners.add(third)
            uow.commit()
            assert uow.partners.find(third.id) == third
            assert uow.partners.count() == 3

    def test_a_closed_unit_of_work_refuses_work(self, store: Store) -> None:
        """After its ``with`` block, a unit of work raises UnitOfWorkClosed."""
        with store.unit_of_work() as uow:
            pass
        with pytest.raises(UnitOfWorkClosed):
            uow.partners.add(_DEMO.network.partners[0])

    def test_a_new_store_has_set_nothing_aside(self, store: Store) -> None:
        """A new store's ``set_aside()`` is empty, also after commits; closed, it refuses."""
        with store.unit_of_work() as uow:
            assert uow.set_aside() == ()
            uow.partners.add(_DEMO.network.partners[0])
        with store.unit_of_work() as uow:
            assert uow.set_aside() == ()
        with pytest.raises(UnitOfWorkClosed):
            uow.set_aside()

    # -- deleting ---------------------------------------------------------------------------------

    def test_deleting_follows_the_domain(self, filled: Store) -> None:
        """Deleting follows the domain: requested work and meetings go, the rest is refused."""
        requested = next(
            i for i in _DEMO.network.interventions if i.status is InterventionStatus.REQUESTED
        )
        undeletable = (
            InterventionStatus.REQUESTED,
            InterventionStatus.DECLINED,
            InterventionStatus.CANCELLED,
        )
        agreed = next(i for i in _DEMO.network.interventions if i.status not in undeletable)
        with filled.unit_of_work() as uow:
            uow.interventions.delete(requested)
            with pytest.raises(DeletionRefused, match="cancel it"):
                uow.interventions.delete(agreed)
            with pytest.raises(DeletionRefused, match="refer to them"):
                uow.partners.delete(_DEMO.network.partners[0])
            uow.meetings.delete(_DEMO.network.meetings[0])
        with filled.unit_of_work() as uow:
            assert uow.interventions.find(requested.id) is None
            assert uow.interventions.find(agreed.id) == agreed
            assert uow.meetings.find(_DEMO.network.meetings[0].id) is None

    def test_deleting_a_changed_record_is_a_conflict(self, filled: Store) -> None:
        """Deleting a record another unit of work saved since it was read is a conflict."""
        proposed = next(
            c for c in _DEMO.network.collaborations if c.status is CollaborationStatus.PROPOSED
        )
        with filled.unit_of_work() as first, filled.unit_of_work() as second:
            mine = first.collaborations.get(proposed.id)
            theirs = second.collaborations.get(proposed.id)
            second.collaborations.save(attrs.evolve(theirs, name="Hernoemd"))
            second.commit()
            with pytest.raises(ConcurrencyConflict):
                first.collaborations.delete(mine)

    # -- queries ----------------------------------------------------------------------------------

    def test_queries_by_kind_and_status_match_the_network(self, filled: Store) -> None:
        """Queries by kind, status and both find what the network's own searches find."""
        network = _DEMO.network
        with filled.unit_of_work() as uow:
            for kind in PartnerKind:
                assert _by_id(uow.partners.query(kind=kind)) == _by_id(
                    network.find_partners(kind=kind)
                )
            for status in InterventionStatus:
                assert _by_id(uow.interventions.query(status=status)) == _by_id(
                    network.find_interventions(status=status)
                )
            for work in InterventionKind:
                both = uow.interventions.query(kind=work, status=InterventionStatus.SCHEDULED)
                assert _by_id(both) == _by_id(
                    network.find_interventions(kind=work, status=InterventionStatus.SCHEDULED)
                )

    @pytest.mark.parametrize(
        "area",
        [
            Area.arrondissement(Arrondissement.AMSTERDAM),
            Area.municipality("GM0363"),
            Area.safety_region("VR13"),
            Area.country(),
        ],
        ids=str,
    )
    def test_queries_by_area_match_the_network(self, filled: Store, area: Area) -> None:
        """Queries by area (arrondissement, municipality, region, country) match the network."""
        network = _DEMO.network
        with filled.unit_of_work() as uow:
            assert _by_id(uow.partners.query(area=area)) == _by_id(network.find_partners(area=area))
            assert _by_id(uow.forums.query(area=area)) == _by_id(network.find_forums(area=area))
            assert _by_id(uow.interventions.query(area=area)) == _by_id(
                network.find_interventions(area=area)
            )
            assert _by_id(uow.referrals.query(area=area)) == _by_id(
                network.find_referrals(area=area)
            )

    def test_queries_by_period_and_owner(self, filled: Store) -> None:
        """Queries by period and by owner find what the network finds."""
        network = _DEMO.network
        day = _DEMO.as_of
        period = Period(start=day, end=day + dt.timedelta(days=30))
        with filled.unit_of_work() as uow:
            found = uow.collaborations.query(period=period)
            expected = [c for c in network.collaborations if c.period.overlaps(period)]
            assert _by_id(found) == _by_id(expected)
            forum = network.meetings[0].forum
            assert _by_id(uow.meetings.query(owner=forum)) == _by_id(network.meetings_of(forum))
            referrer = network.referrals[0].referrer
            assert _by_id(uow.referrals.query(owner=referrer)) == _by_id(
                network.find_referrals(referrer=referrer)
            )

    def test_every_index_column_selects_what_it_holds(self, filled: Store) -> None:
        """Every kind, status, level, owner and period finds exactly what the index columns hold.

        In every repository; periods open-ended, of one day, and long ago. The expected
        records are worked out from :data:`~halt_core.storage.RECORD_KINDS`' index columns,
        so a ``_select`` that leaves out a row it should return fails here.
        """
        with filled.unit_of_work() as uow:
            _check_queries(uow, _DEMO.network)

    def test_query_results_are_ordered_by_id(self, filled: Store) -> None:
        """Query results come ordered by the text of their ids."""
        with filled.unit_of_work() as uow:
            ids = [str(p.id) for p in uow.partners.all()]
        assert ids == sorted(ids)

    @pytest.mark.parametrize("batch_size", [1, 7, 1000])
    def test_iterating_reads_every_record_in_id_order(self, filled: Store, batch_size: int) -> None:
        """``iterate`` reads what ``all`` reads, in id order, each record once, across batches.

        A ``_page`` that repeats or skips the row at a batch boundary fails; one that never
        ends fails too, instead of hanging (batch size 1 is tried on the smaller kinds only,
        to stay quick).
        """
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                if batch_size == 1 and repo.count() > 50:
                    continue
                expected = list(repo.all())
                read = list(itertools.islice(repo.iterate(batch_size), len(expected) + 1))
                assert [r.id for r in read] == [r.id for r in expected], repo.kind.name
                assert read == expected, repo.kind.name

    def test_iterating_ends_after_a_full_last_batch(self, filled: Store) -> None:
        """With a batch size that divides the count, the empty page after the last one ends it."""
        count = len(_DEMO.network.partners)
        with filled.unit_of_work() as uow:
            expected = list(uow.partners.all())
            for batch_size in sorted({count, count // 2, count // 4}):
                read = list(itertools.islice(uow.partners.iterate(batch_size), count + 1))
                assert read == expected, f"batch_size={batch_size}"

    def test_iterating_with_a_bad_batch_size_is_refused(self, filled: Store) -> None:
        """``iterate`` refuses a batch size below 1 with InvalidValue."""
        with filled.unit_of_work() as uow, pytest.raises(InvalidValue, match="batch_size"):
            next(uow.partners.iterate(0))

    # -- reopening ---------------------------------------------------------------------------------

    def test_a_store_from_a_newer_halt_core_is_refused(
        self,
        store: Store,
        reopen: Callable[[], Store] | None,
        make_newer: Callable[[], None] | None,
    ) -> None:
        """Data marked newer by ``make_newer`` is refused on reopening with SchemaTooNew."""
        if reopen is None or make_newer is None:
            pytest.skip("this store has no schema to mark newer (no `make_newer` fixture)")
        supported = store.schema_version
        store.close()
        make_newer()
        with pytest.raises(SchemaTooNew, match="upgrade halt-core") as info:
            reopen()
        assert (info.value.found, info.value.supported) == (supported + 1, supported)

    def test_data_survives_reopening(
        self, store: Store, reopen: Callable[[], Store] | None
    ) -> None:
        """A commit is seen by a store opened while the first is still open: durable at commit."""
        if reopen is None:
            pytest.skip("this store keeps nothing once closed (no `reopen` fixture)")
        partner = _DEMO.network.partners[0]
        with store.unit_of_work() as uow:
            uow.partners.add(partner)
        again = reopen()
        try:
            assert again.schema_version == store.schema_version
            with again.unit_of_work() as uow:
                assert uow.partners.get(partner.id) == partner
        finally:
            again.close()

    def test_versions_go_on_after_reopening(
        self, store: Store, reopen: Callable[[], Store] | None
    ) -> None:
        """Versions and tombstones are stored: after reopening, a re-added id goes on."""
        if reopen is None:
            pytest.skip("this store keeps nothing once closed (no `reopen` fixture)")
        kept, dropped = _DEMO.network.meetings[:2]
        with store.unit_of_work() as uow:
            uow.meetings.add_many([kept, dropped])
            uow.meetings.save(kept)
            uow.meetings.delete(dropped)
        store.close()
        again = reopen()
        try:
            with again.unit_of_work() as uow:
                assert uow.meetings.get_versioned(kept.id) == Versioned(kept, 2)
                assert uow.meetings.find(dropped.id) is None
                assert uow.meetings.count() == 1
                assert uow.meetings.add(dropped) == 2
        finally:
            again.close()

    def test_records_and_versions_survive_reopening(
        self, filled: Store, reopen: Callable[[], Store] | None
    ) -> None:
        """After closing and reopening, every record is there as last saved, at its version.

        A deleted one stays deleted, and comes back at the next version.
        """
        if reopen is None:
            pytest.skip("this store keeps nothing once closed (no `reopen` fixture)")
        partner, meeting = _DEMO.network.partners[0], _DEMO.network.meetings[0]
        renamed = attrs.evolve(partner, name="Na heropenen")
        with filled.unit_of_work() as uow:
            uow.partners.save(attrs.evolve(uow.partners.get(partner.id), name="Tussendoor"))
            uow.partners.save(renamed)
            uow.meetings.delete(uow.meetings.get(meeting.id))
        expected = {
            **{name: _by_id(getattr(_DEMO.network, name)) for name in _DEMO.network.counts()},
        }
        expected["partners"][partner.id] = renamed
        del expected["meetings"][meeting.id]
        with _reopened(filled, reopen) as again, again.unit_of_work() as uow:
            for repo in uow.repositories():
                assert _by_id(repo.all()) == expected[repo.kind.name], repo.kind.name
                assert repo.count() == len(expected[repo.kind.name]), repo.kind.name
            assert uow.partners.get_versioned(partner.id) == Versioned(renamed, 3)
            assert uow.partners.version_of(_DEMO.network.partners[1].id) == 1
            assert uow.meetings.find(meeting.id) is None
            assert uow.meetings.add(meeting) == 2

    def test_the_outbox_survives_reopening(
        self, store: Store, reopen: Callable[[], Store] | None
    ) -> None:
        """After reopening, pending events are there in order, and published ones are not.

        An event id stored before reopening is still refused.
        """
        if reopen is None:
            pytest.skip("this store keeps nothing once closed (no `reopen` fixture)")
        events = _events_in_reverse_id_order(_DEMO.network.interventions[0], 4)
        with store.unit_of_work() as uow:
            uow.outbox.add(*events[:3])
        with store.unit_of_work() as uow:
            uow.outbox.add(events[3])
            uow.outbox.mark_published([events[1].id])
        with _reopened(store, reopen) as again:
            with again.unit_of_work() as uow:
                assert uow.outbox.pending() == (events[0], events[2], events[3])
                uow.outbox.mark_published([events[0].id])

            def again_stored() -> None:
                with again.unit_of_work() as uow:
                    uow.outbox.add(events[1])

            with pytest.raises(AlreadyExists, match=str(events[1].id)):
                again_stored()
            with _reopened(again, reopen) as third, third.unit_of_work() as uow:
                assert uow.outbox.pending() == (events[2], events[3])

    def test_queries_after_reopening_find_what_the_index_columns_hold(
        self, filled: Store, reopen: Callable[[], Store] | None
    ) -> None:
        """Index columns are stored too: after reopening, queries find what they found before.

        The queries of :meth:`test_every_index_column_selects_what_it_holds`, and paging.
        """
        if reopen is None:
            pytest.skip("this store keeps nothing once closed (no `reopen` fixture)")
        with _reopened(filled, reopen) as again, again.unit_of_work() as uow:
            _check_queries(uow, _DEMO.network)
            assert [p.id for p in uow.partners.iterate(7)] == [p.id for p in uow.partners.all()]


_ = (Collaboration, Forum, Meeting, Network, Partner, Referral)  # the kinds the suite covers
