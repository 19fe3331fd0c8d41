"""The privacy log in the memory store: disclosures, legal holds, erasures and kept counts.

The entries live beside the records, in the store's data, and change the way records do:
recording a disclosure or an erasure, placing or lifting a hold, keeping counts and
forgetting old disclosures are writes, made on the unit of work's own copy under the
store's one writer's lock and published whole at commit; a rollback discards them. Reads
see the unit of work's own copy once it wrote, what is committed before.

Entries are frozen attrs instances, kept as they were recorded (their times in UTC), so no
later write can change one. The choices the contract leaves open are those of the SQL
stores (:mod:`halt_adapters.storage._privacy_entries`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from halt_adapters.storage._moments import utc
from halt_adapters.storage._privacy_entries import (
    MAX_COUNT,
    count_too_large,
    disclosure_in_utc,
    erasure_in_utc,
    hold_in_utc,
    taken,
)
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, Erasure, KeptCount, LegalHold
from halt_core.storage import DisclosureQuery, PrivacyLog

if TYPE_CHECKING:
    from halt_adapters.storage.memory import _MemoryUnitOfWork

__all__ = ["Entries", "MemoryPrivacyLog"]


@attrs.define
class Entries:
    """The privacy log as the memory store keeps it: one per committed state and working copy.

    Attributes:
        disclosures: each disclosure by its id.
        holds: each legal hold by its youth.
        erasures: each erasure by its id.
        counts: each kept count by its key.

    """

    disclosures: dict[uuid.UUID, Disclosure] = attrs.Factory(dict)
    holds: dict[YouthPseudonym, LegalHold] = attrs.Factory(dict)
    erasures: dict[uuid.UUID, Erasure] = attrs.Factory(dict)
    counts: dict[tuple[str, int, str, str], KeptCount] = attrs.Factory(dict)

    def copy(self) -> Entries:
        """A copy whose tables can change without changing these (the entries are frozen)."""
        return Entries(
            disclosures=dict(self.disclosures),
            holds=dict(self.holds),
            erasures=dict(self.erasures),
            counts=dict(self.counts),
        )


class MemoryPrivacyLog(PrivacyLog):
    """The privacy log of one memory unit of work."""

    def __init__(self, uow: _MemoryUnitOfWork) -> None:
        super().__init__(uow)
        self._mem = uow

    def _reading(self) -> Entries:
        return self._mem.data().privacy

    def _writing(self) -> Entries:
        return self._mem.writing().privacy

    # -- disclosures ----------------------------------------------------------------------------

    def _insert_disclosure(self, disclosure: Disclosure) -> None:
        kept = disclosure_in_utc(disclosure)
        disclosures = self._writing().disclosures
        if kept.id in disclosures:
            raise taken("disclosures", kept)
        disclosures[kept.id] = kept

    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        found = (d for d in self._reading().disclosures.values() if query.matches(d))
        return sorted(found, key=lambda d: (d.at, d.id))

    def _delete_disclosures_before(
        self, moment: dt.datetime, keep: Sequence[YouthPseudonym]
    ) -> int:
        moment = utc(moment, "PrivacyLog", "moment")
        spared = set(keep)

        def going(d: Disclosure) -> bool:
            return d.at < moment and spared.isdisjoint(d.youths)

        if not any(going(d) for d in self._reading().disclosures.values()):
            return 0  # nothing to forget: no write, so no writer's lock
        disclosures = self._writing().disclosures
        old = [id for id, d in disclosures.items() if going(d)]
        for id in old:
            del disclosures[id]
        return len(old)

    # -- legal holds ----------------------------------------------------------------------------

    def _put_hold(self, hold: LegalHold) -> None:
        kept = hold_in_utc(hold)
        self._writing().holds[kept.youth] = kept

    def _delete_hold(self, youth: YouthPseudonym) -> bool:
        if youth not in self._reading().holds:
            return False
        return self._writing().holds.pop(youth, None) is not None

    def _select_holds(self) -> Sequence[LegalHold]:
        return sorted(self._reading().holds.values(), key=lambda h: h.youth)

    # -- erasures -------------------------------------------------------------------------------

    def _insert_erasure(self, erasure: Erasure) -> None:
        kept = erasure_in_utc(erasure)
        erasures = self._writing().erasures
        if kept.id in erasures:
            raise taken("erasures", kept)
        erasures[kept.id] = kept

    def _select_erasures(self, youth: YouthPseudonym | None) -> Sequence[Erasure]:
        found = (e for e in self._reading().erasures.values() if youth is None or e.youth == youth)
        return sorted(found, key=lambda e: (e.at, e.id))

    # -- kept counts ----------------------------------------------------------------------------

    def _add_counts(self, counts: Sequence[KeptCount]) -> None:
        if not counts:
            return
        kept = self._writing().counts
        added: dict[tuple[str, int, str, str], KeptCount] = {}
        for count in counts:  # every sum checked before one is kept: all or nothing
            earlier = added.get(count.key) or kept.get(count.key)
            total = count.count + (0 if earlier is None else earlier.count)
            if total > MAX_COUNT:
                raise count_too_large(count)
            added[count.key] = attrs.evolve(count, count=total)
        kept.update(added)

    def _select_counts(self) -> Sequence[KeptCount]:
        return sorted(self._reading().counts.values(), key=lambda c: c.key)
