"""Bugs planted in the memory store's privacy log, one at a time, for the storage kit to catch.

The example JSON store keeps no privacy log (it leaves ``UnitOfWork._privacy_log`` to its
default), so the log's bugs are planted in the memory store instead: each
:class:`PrivacyLogMutant` is ``memory://`` with one method of
:class:`~halt_adapters.storage._memory_privacy_log.MemoryPrivacyLog` done wrong. The tests of
:class:`~halt_adapters.testing._privacy_log.PrivacyLogConformance` run against each mutant,
in a process of its own, from ``tests/adapters/test_store_kit_mutations.py``, with the
plugin of ``_store_mutants.py``; each must fail for some test.

By hand (``privacy_log_none`` is the memory store without a bug)::

    HALT_PRIVACY_LOG_MUTANTS=privacy_log_none,privacy_log_until_is_inclusive PYTHONPATH=. \
        pytest -p tests.adapters._store_mutants tests/adapters/_privacy_log_mutants.py
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence

import attrs
import pytest

from halt_adapters.storage._memory_privacy_log import MemoryPrivacyLog
from halt_adapters.storage.memory import MemoryStore, _MemoryUnitOfWork
from halt_adapters.testing._privacy_log import PrivacyLogConformance
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, Erasure, KeptCount, LegalHold
from halt_core.storage import DisclosureQuery, PrivacyLog, Store, StoreUnavailable

VARIABLE = "HALT_PRIVACY_LOG_MUTANTS"
"""The environment variable naming the mutants to run against, separated by commas."""


# -- disclosures --------------------------------------------------------------------------------


class _RecordsOutsideTheTransaction(MemoryPrivacyLog):
    def _insert_disclosure(self, disclosure: Disclosure) -> None:
        super()._insert_disclosure(disclosure)
        committed = self._mem._memory._data.privacy.disclosures  # at once: a rollback keeps it
        committed.update(self._writing().disclosures)


class _ReplacesATakenId(MemoryPrivacyLog):
    def _insert_disclosure(self, disclosure: Disclosure) -> None:
        self._writing().disclosures.pop(disclosure.id, None)
        super()._insert_disclosure(disclosure)


class _RenamesEarlierRecipients(MemoryPrivacyLog):
    def _insert_disclosure(self, disclosure: Disclosure) -> None:
        super()._insert_disclosure(disclosure)
        disclosures = self._writing().disclosures  # "keeps the recipient's newest name"
        for id, earlier in list(disclosures.items()):
            if earlier.recipient == disclosure.recipient:
                disclosures[id] = attrs.evolve(earlier, recipient_name=disclosure.recipient_name)


class _QueryIgnoresTheYouth(MemoryPrivacyLog):
    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        return super()._select_disclosures(attrs.evolve(query, youth=None))


class _QueryByTheFirstYouthOnly(MemoryPrivacyLog):
    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        found = super()._select_disclosures(attrs.evolve(query, youth=None))
        return [d for d in found if query.youth is None or d.youths[0] == query.youth]


class _UntilIsInclusive(MemoryPrivacyLog):
    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        if query.until is None:
            return super()._select_disclosures(query)
        found = super()._select_disclosures(attrs.evolve(query, until=None))
        return [d for d in found if d.at <= query.until]


class _SinceIsExclusive(MemoryPrivacyLog):
    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        found = super()._select_disclosures(query)
        return [d for d in found if query.since is None or d.at > query.since]


class _ListsInIdOrder(MemoryPrivacyLog):
    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        return sorted(super()._select_disclosures(query), key=lambda d: d.id)


class _ForgetsTheMomentItself(MemoryPrivacyLog):
    def _delete_disclosures_before(
        self, moment: dt.datetime, keep: Sequence[YouthPseudonym]
    ) -> int:
        return super()._delete_disclosures_before(moment + dt.timedelta(microseconds=1), keep)


class _ForgetsTheKeptToo(MemoryPrivacyLog):
    def _delete_disclosures_before(
        self, moment: dt.datetime, keep: Sequence[YouthPseudonym]
    ) -> int:
        return super()._delete_disclosures_before(moment, ())


class _ForgetsButCountsNothing(MemoryPrivacyLog):
    def _delete_disclosures_before(
        self, moment: dt.datetime, keep: Sequence[YouthPseudonym]
    ) -> int:
        super()._delete_disclosures_before(moment, keep)
        return 0


# -- holds, erasures, counts, times ---------------------------------------------------------------


class _KeepsTheFirstHold(MemoryPrivacyLog):
    def _put_hold(self, hold: LegalHold) -> None:
        if hold.youth not in self._reading().holds:
            super()._put_hold(hold)


class _LiftingAlwaysSaysThereWasOne(MemoryPrivacyLog):
    def _delete_hold(self, youth: YouthPseudonym) -> bool:
        super()._delete_hold(youth)
        return True


class _ErasuresIgnoreTheYouth(MemoryPrivacyLog):
    def _select_erasures(self, youth: YouthPseudonym | None) -> Sequence[Erasure]:
        return super()._select_erasures(None)


class _CountsReplaceInsteadOfAdding(MemoryPrivacyLog):
    def _add_counts(self, counts: Sequence[KeptCount]) -> None:
        self._writing().counts.update({count.key: count for count in counts})


class _CountsAddedHalfBeforeRefusing(MemoryPrivacyLog):
    def _add_counts(self, counts: Sequence[KeptCount]) -> None:
        for count in counts:  # each kept before the next is checked
            super()._add_counts([count])


# -- the mutants --------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PrivacyLogMutant:
    """The memory store with one bug in its privacy log.

    Attributes:
        name: the mutant's name, for ``HALT_PRIVACY_LOG_MUTANTS``.
        bug: what is wrong, in a sentence.
        log: the privacy log's class.

    """

    name: str
    bug: str
    log: type[MemoryPrivacyLog] = MemoryPrivacyLog

    def open(self) -> Store:
        """A new memory store with the mutated privacy log."""
        mutant = self

        class UnitOfWork(_MemoryUnitOfWork):
            def _privacy_log(self) -> PrivacyLog:
                return mutant.log(self)

        class MutantStore(MemoryStore):
            def unit_of_work(self) -> UnitOfWork:
                if self._closed:
                    raise StoreUnavailable(self.url, "the store is closed")
                return UnitOfWork(self)

        return MutantStore()


def _mutants(*mutants: PrivacyLogMutant) -> Mapping[str, PrivacyLogMutant]:
    return {mutant.name: mutant for mutant in mutants}


def _mutant(log: type[MemoryPrivacyLog], bug: str) -> PrivacyLogMutant:
    name = "privacy_log" + "".join(
        f"_{c.lower()}" if c.isupper() else c for c in log.__name__.lstrip("_")
    )
    return PrivacyLogMutant(name=name, bug=bug, log=log)


PRIVACY_LOG_MUTANTS = _mutants(
    _mutant(_RecordsOutsideTheTransaction, "_insert_disclosure writes at once: rollback keeps it"),
    _mutant(_ReplacesATakenId, "_insert_disclosure replaces the disclosure whose id it takes"),
    _mutant(_RenamesEarlierRecipients, "recording changes the recipient_name of earlier ones"),
    _mutant(_QueryIgnoresTheYouth, "_select_disclosures ignores the youth asked"),
    _mutant(_QueryByTheFirstYouthOnly, "_select_disclosures looks at a disclosure's first youth"),
    _mutant(_UntilIsInclusive, "_select_disclosures takes those at `until` too"),
    _mutant(_SinceIsExclusive, "_select_disclosures leaves out those at `since`"),
    _mutant(_ListsInIdOrder, "_select_disclosures gives them in id order, not oldest first"),
    _mutant(_ForgetsTheMomentItself, "_delete_disclosures_before removes those at the moment"),
    _mutant(_ForgetsTheKeptToo, "_delete_disclosures_before removes those about held youths"),
    _mutant(_ForgetsButCountsNothing, "_delete_disclosures_before says it removed none"),
    _mutant(_KeepsTheFirstHold, "_put_hold keeps the hold there was instead of replacing it"),
    _mutant(_LiftingAlwaysSaysThereWasOne, "_delete_hold says there was a hold, also when not"),
    _mutant(_ErasuresIgnoreTheYouth, "_select_erasures gives every youth's erasures"),
    _mutant(_CountsReplaceInsteadOfAdding, "_add_counts replaces a kept count instead of adding"),
    _mutant(_CountsAddedHalfBeforeRefusing, "_add_counts keeps part of a call it refuses"),
)
"""Every bug planted in the privacy log, by name."""

WITHOUT_A_BUG = PrivacyLogMutant(name="privacy_log_none", bug="none: the memory store as it is")
"""The memory store through the same classes, to show that the harness itself passes."""


class _PrivacyLogSuite(PrivacyLogConformance):
    """The kit's privacy log tests, against the mutant named by the class attribute."""

    mutant: PrivacyLogMutant

    @pytest.fixture
    def store(self) -> Iterator[Store]:
        store = self.mutant.open()
        yield store
        store.close()

    @pytest.fixture
    def reopen(self) -> Callable[[], Store] | None:
        return None  # memory keeps nothing once closed


def _chosen() -> list[PrivacyLogMutant]:
    names = [n.strip() for n in os.environ.get(VARIABLE, "").split(",") if n.strip()]
    return [
        WITHOUT_A_BUG if name == WITHOUT_A_BUG.name else PRIVACY_LOG_MUTANTS[name] for name in names
    ]


for _chosen_mutant in _chosen():  # a test class per mutant: Test_privacy_log_..., ...
    globals()[f"Test_{_chosen_mutant.name}"] = type(
        f"Test_{_chosen_mutant.name}", (_PrivacyLogSuite,), {"mutant": _chosen_mutant}
    )
