"""The storage conformance suite: what every store adapter must do, as pytest tests.

An adapter author subclasses :class:`StoreConformance` in a test module and provides one
fixture, ``store``, that yields an open, empty store::

    import pytest
    from halt_adapters.testing import StoreConformance

    class TestMyStore(StoreConformance):
        @pytest.fixture
        def store(self, tmp_path):
            store = MyStore(tmp_path / "db")
            yield store
            store.close()

Every test of the suite then runs against that store: each repository operation, bulk paths,
queries, rollback, version conflicts (interleaved and from two threads), versions that never
repeat for an id (deleted and added again), saves and deletes with ``expected_version``, the
deletion policy, the outbox (duplicate event ids included), and hypothesis round trips of
every model through the store. A ``reopen`` fixture (a callable opening a second store on
the same data) adds the tests that need one; without it they are skipped, saying so.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halt_core.demo import generate
from halt_core.errors import InvalidValue, NotFound
from halt_core.events import Event, InterventionDeclined
from halt_core.ids import EventId, PartnerId, new_id
from halt_core.model import (
    AMSTERDAM,
    Area,
    Arrondissement,
    Collaboration,
    CollaborationStatus,
    Forum,
    Intervention,
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
    NotLoaded,
    SchemaTooNew,
    Store,
    UnitOfWorkClosed,
    Versioned,
)
from halt_core.testing import strategies as hs

__all__ = ["StoreConformance"]

_STORE_SETTINGS = settings(
    max_examples=15,
    deadline=None,
    # The store fixture is made per test, not per example, and every example uses new ids;
    # each adapter's subclass runs the same test method, hence the differing executors.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
_RECORDS = st.one_of(
    hs.partners(),
    hs.collaborations(),
    hs.forums(),
    hs.meetings(),
    hs.interventions(),
    hs.referrals(),
)
_DEMO = generate(seed=5, size=40)
_NOW = dt.datetime(2026, 9, 1, 12, tzinfo=AMSTERDAM)


def _declined(intervention: Intervention, reason: str = "geen capaciteit") -> Event:
    return InterventionDeclined(
        id=new_id(EventId),
        occurred_at=_NOW,
        actor="conformance",
        intervention=intervention.id,
        from_status=InterventionStatus.REQUESTED,
        to_status=InterventionStatus.DECLINED,
        reason=reason,
    )


def _by_id(values: Sequence[Any]) -> dict[uuid.UUID, Any]:
    return {value.id: value for value in values}


class StoreConformance:
    """The tests every store adapter passes; subclass it and provide a ``store`` fixture."""

    @pytest.fixture
    def reopen(self) -> Callable[[], Store] | None:
        """Override to return a callable that opens a second store on the same data."""
        return None

    @pytest.fixture
    def make_newer(self) -> Callable[[], None] | None:
        """Override to return a callable that marks the stored schema one version newer."""
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
        # The store lives across examples, so each example gets an id of its own.
        record = attrs.evolve(record, id=uuid.uuid4())
        with store.unit_of_work() as uow:
            uow.repository(type(record)).add(record)
        with store.unit_of_work() as uow:
            repo = uow.repository(type(record))
            assert repo.get(record.id) == record
            assert repo.version_of(record.id) == 1

    def test_a_whole_network_round_trips(self, filled: Store) -> None:
        with filled.unit_of_work() as uow:
            loaded = uow.load_network()
        for name, records in _DEMO.network.counts().items():
            assert len(getattr(loaded, name)) == records
            assert _by_id(getattr(loaded, name)) == _by_id(getattr(_DEMO.network, name))

    def test_get_many_keeps_the_order_asked(self, filled: Store) -> None:
        ids = [p.id for p in _DEMO.network.partners[:10]][::-1]
        with filled.unit_of_work() as uow:
            assert [p.id for p in uow.partners.get_many(ids)] == ids

    def test_a_missing_id_is_not_found(self, filled: Store) -> None:
        missing = uuid.uuid4()
        with filled.unit_of_work() as uow:
            assert uow.partners.find(missing) is None
            with pytest.raises(NotFound, match=str(missing)):
                uow.partners.get(missing)
            with pytest.raises(NotFound, match=str(missing)):
                uow.partners.get_many([_DEMO.network.partners[0].id, missing])

    def test_counts(self, filled: Store) -> None:
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                assert repo.count() == len(getattr(_DEMO.network, repo.kind.name))

    def test_a_batch_with_a_taken_id_adds_nothing(self, filled: Store) -> None:
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
        partner = _DEMO.network.partners[0]
        with store.unit_of_work() as uow:
            with pytest.raises(AlreadyExists):
                uow.partners.add_many([partner, partner])
            assert uow.partners.count() == 0

    def test_a_value_of_another_kind_is_refused(self, store: Store) -> None:
        with store.unit_of_work() as uow, pytest.raises(InvalidValue, match=r"uow\.forums"):
            uow.partners.add(_DEMO.network.forums[0])  # type: ignore[arg-type]

    def test_bulk_add_and_load(self, store: Store) -> None:
        interventions = _DEMO.network.interventions
        with store.unit_of_work() as uow:
            assert uow.interventions.add_many(interventions) == len(interventions)
        with store.unit_of_work() as uow:
            assert _by_id(uow.interventions.all()) == _by_id(interventions)

    # -- saving and versions ----------------------------------------------------------------

    def test_saving_bumps_the_version(self, filled: Store) -> None:
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow:
            read = uow.partners.get(partner.id)
            assert uow.partners.save(attrs.evolve(read, name="Nieuwe naam")) == 2
            assert uow.partners.save(attrs.evolve(read, name="Nog een naam")) == 3
        with filled.unit_of_work() as uow:
            assert uow.partners.get(partner.id).name == "Nog een naam"
            assert uow.partners.version_of(partner.id) == 3

    def test_saving_what_was_not_read_is_refused(self, filled: Store) -> None:
        partner = _DEMO.network.partners[0]
        with filled.unit_of_work() as uow, pytest.raises(NotLoaded, match=str(partner.id)):
            uow.partners.save(partner)

    def test_a_stale_save_is_a_conflict_and_changes_nothing(self, filled: Store) -> None:
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
        first, second = _DEMO.network.partners[:2]
        with store.unit_of_work() as uow:
            uow.partners.add(first)
            uow.commit()
            uow.partners.add(second)
            uow.rollback()
        with store.unit_of_work() as uow:
            assert uow.partners.find(first.id) == first
            assert uow.partners.find(second.id) is None

    def test_a_closed_unit_of_work_refuses_work(self, store: Store) -> None:
        with store.unit_of_work() as uow:
            pass
        with pytest.raises(UnitOfWorkClosed):
            uow.partners.add(_DEMO.network.partners[0])

    # -- deleting ---------------------------------------------------------------------------------

    def test_deleting_follows_the_domain(self, filled: Store) -> None:
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

    def test_query_results_are_ordered_by_id(self, filled: Store) -> None:
        with filled.unit_of_work() as uow:
            ids = [str(p.id) for p in uow.partners.all()]
        assert ids == sorted(ids)

    @pytest.mark.parametrize("batch_size", [1, 7, 1000])
    def test_iterating_reads_every_record_in_id_order(self, filled: Store, batch_size: int) -> None:
        with filled.unit_of_work() as uow:
            for repo in uow.repositories():
                assert list(repo.iterate(batch_size)) == list(repo.all()), repo.kind.name

    def test_iterating_with_a_bad_batch_size_is_refused(self, filled: Store) -> None:
        with filled.unit_of_work() as uow, pytest.raises(InvalidValue, match="batch_size"):
            next(uow.partners.iterate(0))

    # -- the outbox -----------------------------------------------------------------------------

    def test_events_are_stored_with_the_records_they_describe(self, store: Store) -> None:
        requested = next(
            i for i in _DEMO.network.interventions if i.status is InterventionStatus.REQUESTED
        )
        events = [_declined(requested, "eerste"), _declined(requested, "tweede")]
        with store.unit_of_work() as uow:
            uow.interventions.add(requested)
            uow.outbox.add(*events)
            assert uow.outbox.added == tuple(events)
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == tuple(events)
            assert uow.outbox.pending(limit=1) == (events[0],)
            uow.outbox.mark_published([events[0].id])
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == (events[1],)

    def test_an_event_id_added_twice_is_refused(self, store: Store) -> None:
        """The same event id twice in one unit of work is AlreadyExists at once."""
        event = _declined(_DEMO.network.interventions[0])
        with store.unit_of_work() as uow:
            uow.outbox.add(event)
            with pytest.raises(AlreadyExists, match=str(event.id)):
                uow.outbox.add(event)
            assert uow.outbox.added == (event,)

    def test_an_event_id_stored_before_fails_the_commit_and_stores_nothing(
        self, store: Store
    ) -> None:
        """An event id already stored makes the commit fail with AlreadyExists; all rolls back."""
        event = _declined(_DEMO.network.interventions[0])
        partner = _DEMO.network.partners[0]
        with store.unit_of_work() as uow:
            uow.outbox.add(event)

        def again() -> None:
            with store.unit_of_work() as uow:
                uow.partners.add(partner)
                uow.outbox.add(event)

        with pytest.raises(AlreadyExists, match=str(event.id)):
            again()
        with store.unit_of_work() as uow:
            assert uow.partners.find(partner.id) is None
            assert uow.outbox.pending() == (event,)

    def test_listeners_hear_of_events_after_commit_only(self, store: Store) -> None:
        heard: list[Sequence[Event]] = []
        store._on_commit = heard.append
        intervention = _DEMO.network.interventions[0]
        with store.unit_of_work() as uow:
            uow.outbox.add(_declined(intervention))
            assert heard == []
            uow.rollback()
            uow.outbox.add(_declined(intervention, "opnieuw"))
        assert len(heard) == 1
        assert [e.reason for e in heard[0]] == ["opnieuw"]  # type: ignore[attr-defined]

    # -- reopening ---------------------------------------------------------------------------------

    def test_a_store_from_a_newer_halt_core_is_refused(
        self,
        store: Store,
        reopen: Callable[[], Store] | None,
        make_newer: Callable[[], None] | None,
    ) -> None:
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


_ = (Collaboration, Forum, Meeting, Network, Partner, Referral)  # the kinds the suite covers
