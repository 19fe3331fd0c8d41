"""The store kit's tests of the outbox: events stored, pending, published, read, forgotten."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_adapters.testing._kit_data import DEMO as _DEMO
from halt_adapters.testing._kit_data import STORE_SETTINGS as _STORE_SETTINGS
from halt_adapters.testing._kit_data import declined as _declined
from halt_adapters.testing._kit_data import (
    events_in_reverse_id_order as _events_in_reverse_id_order,
)
from halt_core.errors import AlreadyExists
from halt_core.events import Event
from halt_core.model import InterventionStatus
from halt_core.storage import Store

__all__ = ["OutboxConformance"]


class OutboxConformance:
    """The outbox tests of :class:`~halt_adapters.testing.StoreConformance`."""

    def test_events_are_stored_with_the_records_they_describe(self, store: Store) -> None:
        """Events are pending after the commit, oldest first; one marked published is not."""
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

    def test_pending_events_keep_the_order_they_were_added_in(self, store: Store) -> None:
        """``pending`` is oldest first across commits, whatever the ids.

        ``limit`` takes the oldest; publishing some keeps the others in order.
        """
        events = _events_in_reverse_id_order(_DEMO.network.interventions[0], 6)
        for batch in (events[:2], events[2:3], events[3:]):
            with store.unit_of_work() as uow:
                uow.outbox.add(*batch)
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == tuple(events)
            assert uow.outbox.pending(limit=4) == tuple(events[:4])
            uow.outbox.mark_published([events[1].id, events[3].id])
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == (events[0], events[2], events[4], events[5])

    def test_marking_published_is_part_of_the_transaction(self, store: Store) -> None:
        """``mark_published`` rolled back leaves the events pending; committed, it holds."""
        events = _events_in_reverse_id_order(_DEMO.network.interventions[0], 2)
        with store.unit_of_work() as uow:
            uow.outbox.add(*events)
        with store.unit_of_work() as uow:
            uow.outbox.mark_published([events[0].id])
            uow.rollback()
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == tuple(events)
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
        """The commit listener hears of committed events only, once, after the commit."""
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

    def test_forgetting_removes_the_events_about_subjects_published_or_pending(
        self, store: Store
    ) -> None:
        """``forget`` removes the events about the subjects asked, published or pending.

        It says how many went, events of other subjects stay pending in order, and a
        forgotten id is stored again without AlreadyExists (so it really went, published
        ones too). Forgetting again finds nothing.
        """
        first, second = _DEMO.network.interventions[:2]
        about_first = _events_in_reverse_id_order(first, 3)
        about_second = _events_in_reverse_id_order(second, 2)
        with store.unit_of_work() as uow:
            uow.outbox.add(about_first[0], about_second[0], about_first[1])
        with store.unit_of_work() as uow:
            uow.outbox.add(about_second[1], about_first[2])
            uow.outbox.mark_published([about_first[0].id, about_second[0].id])
        with store.unit_of_work() as uow:
            assert uow.outbox.forget([first.id, uuid.uuid4()]) == 3
            assert uow.outbox.pending() == (about_second[1],)
        with store.unit_of_work() as uow:
            assert uow.outbox.forget(iter([first.id])) == 0
            assert uow.outbox.forget([]) == 0
            assert uow.outbox.pending() == (about_second[1],)
            uow.outbox.add(*about_first)  # gone, so each id may be stored again
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == (about_second[1], *about_first)

    def test_forgetting_is_part_of_the_transaction(self, store: Store) -> None:
        """``forget`` rolled back leaves every event; committed, they are gone.

        Events about the subjects added in the same unit of work are not stored at commit.
        """
        intervention = _DEMO.network.interventions[0]
        events = _events_in_reverse_id_order(intervention, 3)
        with store.unit_of_work() as uow:
            uow.outbox.add(*events[:2])
        with store.unit_of_work() as uow:
            assert uow.outbox.forget([intervention.id]) == 2
            uow.rollback()
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == tuple(events[:2])
            uow.outbox.add(events[2])
            assert uow.outbox.forget([intervention.id]) == 3
            assert uow.outbox.added == ()
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == ()

    @given(data=st.data())
    @_STORE_SETTINGS
    def test_forgetting_leaves_exactly_the_events_of_other_subjects(
        self, store: Store, data: st.DataObject
    ) -> None:
        """Whatever events, published or not, forgetting some subjects leaves the others'.

        The pending ones stay in the order they were added in; the count is of every event
        of the subjects forgotten.
        """
        subjects = _DEMO.network.interventions[:4]
        made = data.draw(
            st.lists(
                st.tuples(st.integers(0, len(subjects) - 1), st.booleans()), min_size=1, max_size=12
            )
        )
        forgotten = data.draw(st.sets(st.integers(0, len(subjects) - 1)))
        events = [_declined(subjects[n], f"nummer {i}") for i, (n, _) in enumerate(made)]
        with store.unit_of_work() as uow:
            stale = uow.outbox.pending()
            uow.outbox.mark_published([event.id for event in stale])
            uow.outbox.add(*events)
        with store.unit_of_work() as uow:
            uow.outbox.mark_published(
                [event.id for event, (_, published) in zip(events, made, strict=True) if published]
            )
        going = [subjects[n].id for n in sorted(forgotten)]
        with store.unit_of_work() as uow:
            assert uow.outbox.forget(going) == sum(n in forgotten for n, _ in made)
        with store.unit_of_work() as uow:
            assert uow.outbox.pending() == tuple(
                event
                for event, (n, published) in zip(events, made, strict=True)
                if not published and n not in forgotten
            )
            uow.outbox.forget([s.id for s in subjects])  # leave nothing for the next example

    def test_about_gives_one_records_events_oldest_first_published_or_pending(
        self, store: Store
    ) -> None:
        """``about`` reads the stored events of one subject, in the order they were added.

        Published events are among them, other subjects' are not, and the events added in
        the unit of work asking are not (they are not stored yet).
        """
        first, second = _DEMO.network.interventions[:2]
        about_first = _events_in_reverse_id_order(first, 3)
        about_second = _events_in_reverse_id_order(second, 2)
        with store.unit_of_work() as uow:
            uow.outbox.add(about_first[0], about_second[0], about_first[1])
        with store.unit_of_work() as uow:
            uow.outbox.mark_published([about_first[0].id])
            uow.outbox.add(about_first[2], about_second[1])
            assert uow.outbox.about(first.id) == tuple(about_first[:2])
        with store.unit_of_work() as uow:
            assert uow.outbox.about(first.id) == tuple(about_first)
            assert uow.outbox.about(second.id) == tuple(about_second)
            assert uow.outbox.about(uuid.uuid4()) == ()
            uow.outbox.forget([first.id])
            assert uow.outbox.about(first.id) == ()

    @given(data=st.data())
    @_STORE_SETTINGS
    def test_about_agrees_with_what_was_added_whatever_the_subjects(
        self, store: Store, data: st.DataObject
    ) -> None:
        """For any events over a few subjects, ``about`` gives each subject's, in order."""
        subjects = _DEMO.network.interventions[4:8]
        made = data.draw(st.lists(st.integers(0, len(subjects) - 1), min_size=1, max_size=10))
        events = [_declined(subjects[n], f"nummer {i}") for i, n in enumerate(made)]
        with store.unit_of_work() as uow:
            uow.outbox.add(*events)
        with store.unit_of_work() as uow:
            for n, subject in enumerate(subjects):
                expected = tuple(e for e, m in zip(events, made, strict=True) if m == n)
                assert uow.outbox.about(subject.id) == expected
            uow.outbox.forget([s.id for s in subjects])  # leave nothing for the next example
