"""The storage kit's tests of the privacy log (see :mod:`halt_core.storage.privacy_log`).

:class:`PrivacyLogConformance` is part of
:class:`~halt_adapters.testing.storage.StoreConformance`: its tests run against every store
whose adapter keeps the privacy log (implements ``UnitOfWork._privacy_log``), and are
skipped, saying so, for one that does not (``uow.privacy_log`` raises
:class:`~halt_core.storage.PrivacyLogUnsupported`: nothing can be disclosed from it).

They check what :class:`~halt_core.storage.PrivacyLog` promises, most of it as hypothesis
properties: recorded disclosures come back equal, oldest first; a query by youth,
recipient, since and until selects exactly what :meth:`DisclosureQuery.matches
<halt_core.storage.DisclosureQuery.matches>` selects; an entry is never changed by later
writes, and an id recorded again is refused; a rollback leaves nothing of the log's writes;
kept counts add up across calls (and threads), never past 10**9; a hold replaces the one on
the same youth, and lifting says whether there was one; ``forget_disclosures_before``
removes exactly the older disclosures but those about youths to keep; erasures by youth,
oldest first; times given in any zone come back as the same moments, in UTC; and all of it
is there after reopening.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from halt_adapters.testing._deliveries import _run_threads
from halt_adapters.testing._kit_data import STORE_SETTINGS
from halt_core.errors import AlreadyExists, InvalidValue
from halt_core.ids import PartnerId
from halt_core.model import AMSTERDAM
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, Erasure, KeptCount, LegalHold
from halt_core.privacy.policy import LegalBasis, Purpose
from halt_core.storage import (
    DisclosureQuery,
    PrivacyLogUnsupported,
    Store,
    UnitOfWork,
    retrying,
)
from halt_core.testing import strategies as hs

__all__ = ["PrivacyLogConformance"]

_T0 = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
_STEP = dt.timedelta(minutes=30)
_ZONES = (
    dt.UTC,
    AMSTERDAM,
    dt.timezone(dt.timedelta(hours=1)),
    dt.timezone(-dt.timedelta(hours=5)),
)
_FAR_FUTURE = dt.datetime(9999, 1, 1, tzinfo=dt.UTC)
_YOUTHS = tuple(YouthPseudonym(p) for p in ("JA-K3M9Q2X7", "JB-P4R8T1W6", "JC-Z5N2H8D3"))
_RECIPIENTS = tuple(PartnerId(uuid.UUID(int=n)) for n in (0xA1, 0xB2))
_MAX_COUNT = 10**9

# A grid of six moments half an hour apart (no change of summer time near), each given in
# one of four zones: disclosures and query bounds that often fall on the same moment.
_GRID = st.builds(
    lambda step, zone: (_T0 + step * _STEP).astimezone(zone),
    st.integers(0, 5),
    st.sampled_from(_ZONES),
)
_POOLED = hs.disclosures(
    youths=st.sampled_from(_YOUTHS),
    recipients=st.sampled_from([None, *_RECIPIENTS]),
    at=_GRID,
)
_QUERIES = st.builds(
    DisclosureQuery,
    youth=st.none() | st.sampled_from(_YOUTHS),
    recipient=st.none() | st.sampled_from(_RECIPIENTS),
    since=st.none() | _GRID,
    until=st.none() | _GRID,
)


def _unique(entries: st.SearchStrategy[Any], max_size: int = 8) -> st.SearchStrategy[list[Any]]:
    return st.lists(entries, max_size=max_size, unique_by=lambda entry: entry.id)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def _as_kept(entry: Any) -> Any:
    """``entry`` as a store gives it back: its times the same moments, in UTC."""
    if isinstance(entry, LegalHold):
        return attrs.evolve(entry, placed_at=_utc(entry.placed_at))
    return attrs.evolve(entry, at=_utc(entry.at))


def _in_utc(entries: Sequence[Any]) -> bool:
    return all(
        (e.placed_at if isinstance(e, LegalHold) else e.at).utcoffset() == dt.timedelta(0)
        for e in entries
    )


def _fresh(erasure: Erasure) -> Erasure:
    """``erasure`` with a new id: erasures stay, and hypothesis repeats ids across examples."""
    return attrs.evolve(erasure, id=uuid.uuid4())


def _oldest_first(entries: Sequence[Any]) -> list[Any]:
    return sorted((_as_kept(e) for e in entries), key=lambda e: (e.at, e.id))


def _clear(store: Store) -> None:
    """Forget every disclosure and lift every hold: what an example before left."""
    with store.unit_of_work() as uow:
        uow.privacy_log.forget_disclosures_before(_FAR_FUTURE)
        for hold in uow.privacy_log.holds():
            uow.privacy_log.lift_hold(hold.youth)
    with store.unit_of_work() as uow:
        assert uow.privacy_log.disclosures() == ()
        assert uow.privacy_log.holds() == ()


def _record(store: Store, disclosures: Sequence[Disclosure]) -> None:
    """Record ``disclosures`` in two units of work: the first half, then the rest."""
    half = len(disclosures) // 2
    for batch in (disclosures[:half], disclosures[half:]):
        with store.unit_of_work() as uow:
            for disclosure in batch:
                uow.privacy_log.record(disclosure)


def _disclosures(store: Store, query: DisclosureQuery | None = None) -> tuple[Disclosure, ...]:
    with store.unit_of_work() as uow:
        return uow.privacy_log.disclosures(query)


def _snapshot_of(uow: UnitOfWork) -> tuple[Any, ...]:
    """Everything the log gives back in ``uow``, to compare before and after."""
    log = uow.privacy_log
    return (log.disclosures(), log.holds(), log.erasures(), log.counts())


def _snapshot(store: Store) -> tuple[Any, ...]:
    """Everything the log of ``store`` gives back, in a unit of work of its own."""
    with store.unit_of_work() as uow:
        return _snapshot_of(uow)


def _added(counts: dict[tuple[str, int, str, str], int], more: Sequence[KeptCount]) -> None:
    for count in more:
        counts[count.key] = counts.get(count.key, 0) + count.count


def _counts(store: Store) -> dict[tuple[str, int, str, str], int]:
    with store.unit_of_work() as uow:
        kept = uow.privacy_log.counts()
    assert list(kept) == sorted(kept, key=lambda c: c.key), "counts come in key order"
    assert len({c.key for c in kept}) == len(kept), "one count per key"
    return {count.key: count.count for count in kept}


def _one(**changes: Any) -> Disclosure:
    values: dict[str, Any] = {
        "at": _T0,
        "by": "conformance",
        "purpose": Purpose.CASE_CONSULTATION,
        "legal_basis": LegalBasis.WJSG,
        "rule": "case consultation: own cases",
        "recipient": _RECIPIENTS[0],
        "recipient_name": "Politie Zaanstreek",
        "youths": (_YOUTHS[0],),
        "fields": ("Referral.offence",),
        "channel": "information sheet",
    }
    values.update(changes)
    return Disclosure(**values)


def _hold(youth: YouthPseudonym, reason: str, at: dt.datetime = _T0) -> LegalHold:
    return LegalHold(youth=youth, reason=reason, placed_at=at, placed_by="conformance")


def _erasure(youth: YouthPseudonym, at: dt.datetime = _T0, **changes: Any) -> Erasure:
    return Erasure(youth=youth, at=at, by="conformance", **changes)


class PrivacyLogConformance:
    """The tests of the privacy log; part of ``StoreConformance``, needing its ``store``."""

    @pytest.fixture
    def logging_store(self, store: Store) -> Store:
        """The store, when its adapter keeps the privacy log; the test is skipped when not."""
        try:
            with store.unit_of_work() as uow:
                uow.privacy_log  # noqa: B018 (made on first use: raises when unsupported)
        except PrivacyLogUnsupported:
            pytest.skip(
                "this store keeps no privacy log (its adapter leaves "
                "UnitOfWork._privacy_log to the default), so nothing may be disclosed from it"
            )
        return store

    # -- disclosures ----------------------------------------------------------------------------

    @STORE_SETTINGS
    @given(disclosures=_unique(hs.disclosures()))
    def test_recorded_disclosures_come_back_equal(
        self, logging_store: Store, disclosures: list[Disclosure]
    ) -> None:
        """What is recorded comes back equal (times in UTC), oldest first, then by id."""
        _clear(logging_store)
        _record(logging_store, disclosures)
        stored = _disclosures(logging_store)
        assert list(stored) == _oldest_first(disclosures)
        assert _in_utc(stored)

    @STORE_SETTINGS
    @given(disclosures=_unique(_POOLED, 12), queries=st.lists(_QUERIES, min_size=1, max_size=6))
    def test_queries_select_what_the_query_matches(
        self,
        logging_store: Store,
        disclosures: list[Disclosure],
        queries: list[DisclosureQuery],
    ) -> None:
        """A query by youth, recipient, since and until gives exactly those it matches.

        In the same order as all of them: oldest first, then by id. ``since`` is inclusive,
        ``until`` exclusive, and bounds in any zone are the same moments.
        """
        _clear(logging_store)
        _record(logging_store, disclosures)
        every = _oldest_first(disclosures)
        with logging_store.unit_of_work() as uow:
            for query in queries:
                found = uow.privacy_log.disclosures(query)
                assert list(found) == [d for d in every if query.matches(d)], query

    @STORE_SETTINGS
    @given(first=_unique(_POOLED, 4), later=_unique(_POOLED, 6), data=st.data())
    def test_entries_are_never_changed_by_later_writes(
        self,
        logging_store: Store,
        first: list[Disclosure],
        later: list[Disclosure],
        data: st.DataObject,
    ) -> None:
        """Disclosures and erasures stay exactly as recorded, whatever is written after them.

        Later disclosures to the same recipients and youths, holds, erasures and counts
        change no earlier entry.
        """
        _clear(logging_store)
        later = [d for d in later if d.id not in {f.id for f in first}]
        erasure = _fresh(data.draw(hs.erasures(st.sampled_from(_YOUTHS))))
        _record(logging_store, first)
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.record_erasure(erasure)
        _record(logging_store, later)
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.place_hold(data.draw(hs.legal_holds(st.sampled_from(_YOUTHS))))
            uow.privacy_log.record_erasure(_fresh(data.draw(hs.erasures(st.sampled_from(_YOUTHS)))))
            uow.privacy_log.keep_counts(data.draw(st.lists(hs.kept_counts(1000), max_size=3)))
        mine = {d.id for d in first}
        assert [d for d in _disclosures(logging_store) if d.id in mine] == _oldest_first(first)
        with logging_store.unit_of_work() as uow:
            kept = [e for e in uow.privacy_log.erasures() if e.id == erasure.id]
        assert kept == [_as_kept(erasure)]

    def test_an_id_recorded_again_is_refused(self, logging_store: Store) -> None:
        """A disclosure or erasure whose id is taken is refused; the stored one stays."""
        disclosure = _one()
        erasure = _erasure(_YOUTHS[0], reason="verzoek ouder")
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.record(disclosure)
            uow.privacy_log.record_erasure(erasure)
        with pytest.raises(AlreadyExists), logging_store.unit_of_work() as uow:
            uow.privacy_log.record(attrs.evolve(disclosure, recipient_name="iemand anders"))
        with pytest.raises(AlreadyExists), logging_store.unit_of_work() as uow:
            uow.privacy_log.record_erasure(attrs.evolve(erasure, reason="anders"))
        with logging_store.unit_of_work() as uow:
            assert uow.privacy_log.disclosures() == (disclosure,)
            assert uow.privacy_log.erasures(_YOUTHS[0]) == (erasure,)

    @STORE_SETTINGS
    @given(
        disclosures=_unique(_POOLED, 6),
        moments=st.lists(_GRID, min_size=1, max_size=3),
        keep=st.lists(st.sampled_from(_YOUTHS), max_size=3),
    )
    def test_forgetting_removes_exactly_the_older_disclosures(
        self,
        logging_store: Store,
        disclosures: list[Disclosure],
        moments: list[dt.datetime],
        keep: list[YouthPseudonym],
    ) -> None:
        """``forget_disclosures_before`` removes those made before the moment, and counts them.

        One made at the moment itself stays; so does every later one, unchanged, and every
        one about a youth in ``keep`` (a youth under a legal hold), whoever else it is about.
        """
        _clear(logging_store)
        _record(logging_store, disclosures)
        left = _oldest_first(disclosures)

        def goes(d: Disclosure, moment: dt.datetime) -> bool:
            return d.at < moment and not set(d.youths) & set(keep)

        for moment in moments:
            with logging_store.unit_of_work() as uow:
                forgotten = uow.privacy_log.forget_disclosures_before(moment, keep=iter(keep))
            assert forgotten == sum(1 for d in left if goes(d, moment))
            left = [d for d in left if not goes(d, moment)]
            assert list(_disclosures(logging_store)) == left

    def test_forgetting_needs_an_aware_moment(self, logging_store: Store) -> None:
        """A moment without a time zone is refused, and nothing is forgotten."""
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.record(_one())
        with pytest.raises(InvalidValue), logging_store.unit_of_work() as uow:
            uow.privacy_log.forget_disclosures_before(dt.datetime(2030, 1, 1))
        assert len(_disclosures(logging_store)) == 1

    def test_forgetting_refuses_a_youth_to_keep_that_is_no_pseudonym(
        self, logging_store: Store
    ) -> None:
        """A ``keep`` that is not a pseudonym is refused, not shown, and nothing is forgotten."""
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.record(_one())
        with pytest.raises(InvalidValue) as refused, logging_store.unit_of_work() as uow:
            uow.privacy_log.forget_disclosures_before(
                _FAR_FUTURE,
                keep=[_YOUTHS[0], YouthPseudonym("Jan de Vries")],
            )
        assert "Jan de Vries" not in str(refused.value)
        assert len(_disclosures(logging_store)) == 1

    # -- the transaction ------------------------------------------------------------------------

    def test_a_rollback_leaves_nothing(self, logging_store: Store) -> None:
        """Every write of the log is part of the unit of work: seen in it, undone by rollback.

        Recording, erasures, holds placed and lifted, counts kept and disclosures forgotten
        are all undone by ``rollback()`` and by an exception leaving the block; the log is
        then exactly as it was.
        """
        with logging_store.unit_of_work() as uow:
            log = uow.privacy_log
            log.record(_one(at=_T0 - _STEP))
            log.place_hold(_hold(_YOUTHS[0], "bezwaar 1"))
            log.record_erasure(_erasure(_YOUTHS[1]))
            log.keep_counts([KeptCount(kind="cases", year=2026, municipality="GM0363", count=4)])
        before = _snapshot(logging_store)

        def write_everything(uow: UnitOfWork) -> None:
            log = uow.privacy_log
            log.record(_one(youths=(_YOUTHS[2],)))
            assert len(log.disclosures()) == 2, "a unit of work reads its own writes"
            assert log.forget_disclosures_before(_T0) == 1
            assert log.lift_hold(_YOUTHS[0])
            log.place_hold(_hold(_YOUTHS[1], "bezwaar 2"))
            log.record_erasure(_erasure(_YOUTHS[2]))
            log.keep_counts(
                [
                    KeptCount(kind="cases", year=2026, municipality="GM0363", count=1),
                    KeptCount(kind="referrals", year=2025, municipality="", count=2),
                ]
            )
            assert _snapshot_of(uow) != before

        with logging_store.unit_of_work() as uow:
            write_everything(uow)
            uow.rollback()
            assert _snapshot_of(uow) == before
        assert _snapshot(logging_store) == before

        class Boom(Exception):
            pass

        def fail_halfway() -> None:
            with logging_store.unit_of_work() as uow:
                write_everything(uow)
                raise Boom()

        with pytest.raises(Boom):
            fail_halfway()
        assert _snapshot(logging_store) == before

    # -- legal holds ----------------------------------------------------------------------------

    @STORE_SETTINGS
    @given(
        steps=st.lists(
            st.tuples(
                st.sampled_from(["place", "lift"]),
                hs.legal_holds(st.sampled_from(_YOUTHS)),
            ),
            max_size=10,
        )
    )
    def test_holds_replace_per_youth_and_lifting_says_whether_there_was_one(
        self, logging_store: Store, steps: list[tuple[str, LegalHold]]
    ) -> None:
        """A hold replaces the one on its youth; ``lift_hold`` is True only if there was one.

        ``holds()`` gives the last hold placed on every youth not lifted since, by youth.
        """
        _clear(logging_store)
        expected: dict[YouthPseudonym, LegalHold] = {}
        for action, hold in steps:
            with logging_store.unit_of_work() as uow:
                if action == "place":
                    uow.privacy_log.place_hold(hold)
                    expected[hold.youth] = _as_kept(hold)
                else:
                    assert uow.privacy_log.lift_hold(hold.youth) == (hold.youth in expected)
                    expected.pop(hold.youth, None)
        with logging_store.unit_of_work() as uow:
            holds = uow.privacy_log.holds()
        assert list(holds) == [expected[youth] for youth in sorted(expected)]
        assert _in_utc(holds)

    # -- erasures -------------------------------------------------------------------------------

    @STORE_SETTINGS
    @given(erasures=_unique(hs.erasures(st.sampled_from(_YOUTHS))))
    def test_erasures_come_back_oldest_first_and_by_youth(
        self, logging_store: Store, erasures: list[Erasure]
    ) -> None:
        """Erasures come back equal (times in UTC), oldest first; of one youth when asked."""
        erasures = [_fresh(erasure) for erasure in erasures]
        with logging_store.unit_of_work() as uow:
            for erasure in erasures:
                uow.privacy_log.record_erasure(erasure)
        mine = {e.id for e in erasures}
        with logging_store.unit_of_work() as uow:
            every = uow.privacy_log.erasures()
            assert [e for e in every if e.id in mine] == _oldest_first(erasures)
            assert list(every) == sorted(every, key=lambda e: (e.at, e.id))
            assert _in_utc(every)
            for youth in _YOUTHS:
                of_youth = uow.privacy_log.erasures(youth)
                assert [e for e in every if e.youth == youth] == list(of_youth)

    # -- kept counts ----------------------------------------------------------------------------

    @STORE_SETTINGS
    @given(calls=st.lists(st.lists(hs.kept_counts(10**6), max_size=5), max_size=4))
    def test_counts_add_up_across_calls(
        self, logging_store: Store, calls: list[list[KeptCount]]
    ) -> None:
        """Each count is added to the one kept with its key; ``counts()`` in key order.

        Counts of one key in one call add up too, and a count of 0 is kept as one.
        """
        expected = _counts(logging_store)
        for counts in calls:
            with logging_store.unit_of_work() as uow:
                uow.privacy_log.keep_counts(counts)
            _added(expected, counts)
        assert _counts(logging_store) == expected

    def test_a_count_past_the_limit_is_refused_and_nothing_of_the_call_is_added(
        self, logging_store: Store
    ) -> None:
        """Adding that would take a count past 10**9 raises InvalidValue; that call adds nothing.

        Not even the counts of the call before the one that would pass; and the unit of
        work goes on.
        """
        full = KeptCount(kind="referrals", year=2026, municipality="GM0363", count=_MAX_COUNT - 1)
        other = KeptCount(kind="cases", year=2026, municipality="GM0363", count=3)
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.keep_counts([full])
        before = _counts(logging_store)
        with logging_store.unit_of_work() as uow:
            with pytest.raises(InvalidValue):
                uow.privacy_log.keep_counts([other, attrs.evolve(full, count=2)])
            assert {c.key: c.count for c in uow.privacy_log.counts()} == before
            uow.privacy_log.keep_counts([attrs.evolve(full, count=1)])
        _added(before, [attrs.evolve(full, count=1)])
        assert _counts(logging_store) == before

    def test_threads_keeping_counts_at_once_lose_none(self, logging_store: Store) -> None:
        """Four threads adding to the same counts at once: every addition is kept."""
        key: dict[str, Any] = {"kind": "referrals", "year": 2025, "municipality": "GM0344"}
        calls = 5
        before = _counts(logging_store)

        def add(n: int) -> None:
            for _ in range(calls):
                for attempt in retrying(logging_store, attempts=10):
                    with attempt as uow:
                        uow.privacy_log.keep_counts(
                            [
                                KeptCount(**key, detail="shared", count=1),
                                KeptCount(**key, detail=f"thread {n}", count=2),
                            ]
                        )

        assert _run_threads(4, add) == []
        found = _counts(logging_store)
        shared = ("referrals", 2025, "GM0344", "shared")
        assert found[shared] == before.get(shared, 0) + 4 * calls
        for n in range(4):
            mine = ("referrals", 2025, "GM0344", f"thread {n}")
            assert found[mine] == before.get(mine, 0) + 2 * calls

    # -- times and reopening --------------------------------------------------------------------

    def test_since_includes_a_disclosure_at_that_moment(self, logging_store: Store) -> None:
        """``since`` is inclusive: a disclosure made at exactly that moment is selected."""
        _clear(logging_store)
        disclosure = _one()
        _record(logging_store, [disclosure])
        with logging_store.unit_of_work() as uow:
            found = uow.privacy_log.disclosures(DisclosureQuery(since=disclosure.at))
            assert [d.id for d in found] == [disclosure.id]

    def test_every_youth_of_a_disclosure_finds_it(self, logging_store: Store) -> None:
        """A disclosure about several youths is found by each of them, not only the first."""
        _clear(logging_store)
        disclosure = _one(youths=(_YOUTHS[0], _YOUTHS[1]))
        _record(logging_store, [disclosure])
        with logging_store.unit_of_work() as uow:
            for youth in (_YOUTHS[0], _YOUTHS[1]):
                found = uow.privacy_log.disclosures(DisclosureQuery(youth=youth))
                assert [d.id for d in found] == [disclosure.id], youth

    def test_log_times_come_back_as_the_same_moments_in_utc(self, logging_store: Store) -> None:
        """Times given in any zone are kept as moments and read back aware, in UTC."""
        at = dt.datetime(2026, 9, 1, 11, 59, 30, 123456, tzinfo=AMSTERDAM)  # 09:59:30 UTC
        disclosure = _one(at=at)
        hold = _hold(_YOUTHS[0], "bezwaar", dt.datetime(2026, 3, 29, 3, 30, tzinfo=AMSTERDAM))
        erasure = _erasure(_YOUTHS[1], dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=AMSTERDAM))
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.record(disclosure)
            uow.privacy_log.place_hold(hold)
            uow.privacy_log.record_erasure(erasure)
        with logging_store.unit_of_work() as uow:
            (stored,) = uow.privacy_log.disclosures()
            (held,) = uow.privacy_log.holds()
            (erased,) = uow.privacy_log.erasures()
            later = DisclosureQuery(since=dt.datetime(2026, 9, 1, 9, 59, 30, 123457, tzinfo=dt.UTC))
            assert uow.privacy_log.disclosures(later) == ()
        assert (stored, held, erased) == (_as_kept(disclosure), _as_kept(hold), _as_kept(erasure))
        assert stored.at == at
        assert _in_utc([stored, held, erased])

    def test_the_log_survives_reopening(
        self, logging_store: Store, reopen: Callable[[], Store] | None
    ) -> None:
        """After reopening, every entry is there as it was, and counts go on adding up."""
        if reopen is None:
            pytest.skip("this store keeps nothing once closed (no `reopen` fixture)")
        count = KeptCount(kind="cases", year=2026, municipality="GM0363", count=5)
        with logging_store.unit_of_work() as uow:
            uow.privacy_log.record(_one())
            uow.privacy_log.place_hold(_hold(_YOUTHS[0], "bezwaar"))
            uow.privacy_log.record_erasure(_erasure(_YOUTHS[1], referrals_removed=3))
            uow.privacy_log.keep_counts([count])
        before = _snapshot(logging_store)
        logging_store.close()
        again = reopen()
        try:
            assert _snapshot(again) == before
            with again.unit_of_work() as uow:
                uow.privacy_log.keep_counts([count])
            assert _counts(again) == {count.key: 10}
        finally:
            again.close()
