"""The privacy log a store keeps beside the network: disclosures, legal holds, erasures, counts.

Every disclosure of data about a youth is recorded in the same transaction as the work that
prepared it (:func:`halt_core.privacy.sheets.prepare_information_sheets`, an export that
includes personal data), so a disclosure is never made without its record. The log is
append-only through this API: there is no call to change or remove one entry; only the
retention policy (:mod:`halt_core.privacy.retention`) removes entries past the log's own
period, through :meth:`PrivacyLog.forget_disclosures_before`.

An adapter that keeps the log implements the primitives of :class:`PrivacyLog` and returns
it from :meth:`UnitOfWork._privacy_log`; one that does not leaves the default, which raises
:class:`PrivacyLogUnsupported`, so that nothing is disclosed from a store that cannot record
it.
"""

from __future__ import annotations

import abc
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from halt_core.errors import HaltError, InvalidValue
from halt_core.ids import PartnerId
from halt_core.model.pseudonyms import (
    PSEUDONYM_SHAPE,
    YouthPseudonym,
    check_pseudonym,
    pseudonym_problem,
)
from halt_core.privacy.log import Disclosure, Erasure, KeptCount, LegalHold

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = ["DisclosureQuery", "PrivacyLog", "PrivacyLogUnsupported"]


class PrivacyLogUnsupported(HaltError):
    """The store's adapter keeps no privacy log, so nothing may be disclosed from it.

    Attributes:
        store: the store's URL, secrets hidden.

    """

    def __init__(self, store: str) -> None:
        self.store = store
        super().__init__(
            f"the store {store} keeps no privacy log, so it cannot record disclosures, legal "
            "holds or erasures; use SQLite, PostgreSQL or memory, or an adapter that "
            "implements halt_core.storage.PrivacyLog"
        )

    def in_dutch(self) -> str:
        """``de opslag ... houdt geen privacylog bij ...``."""
        return (
            f"de opslag {self.store} houdt geen privacylog bij, dus kan geen verstrekkingen, "
            "bewaarplichten of wissingen vastleggen; gebruik SQLite, PostgreSQL of memory, of "
            "een adapter die halt_core.storage.PrivacyLog implementeert"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.store,))


def _aware(instance: object, attribute: attrs.Attribute[Any], value: dt.datetime | None) -> None:
    if isinstance(value, dt.datetime) and value.utcoffset() is None:
        raise InvalidValue(
            "DisclosureQuery", attribute.name, value, "expected a time with a time zone"
        )


def _youth(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None:
        check_pseudonym(instance, attribute, value)


@attrs.frozen(kw_only=True)
class DisclosureQuery:
    """Which disclosures to list; every condition given must hold.

    Attributes:
        youth: only those about this youth.
        recipient: only those to this partner.
        since: only those at or after this moment (with a time zone).
        until: only those before this moment (with a time zone).

    """

    youth: YouthPseudonym | None = attrs.field(default=None, validator=_youth)
    recipient: PartnerId | None = None
    since: dt.datetime | None = attrs.field(default=None, validator=_aware)
    until: dt.datetime | None = attrs.field(default=None, validator=_aware)

    def matches(self, disclosure: Disclosure) -> bool:
        """Whether ``disclosure`` is one this query lists."""
        return (
            (self.youth is None or self.youth in disclosure.youths)
            and (self.recipient is None or disclosure.recipient == self.recipient)
            and (self.since is None or disclosure.at >= self.since)
            and (self.until is None or disclosure.at < self.until)
        )


class PrivacyLog(abc.ABC):
    """One unit of work's view of the privacy log.

    Made by the unit of work (:attr:`UnitOfWork.privacy_log`); what it writes commits or
    rolls back with the rest of the unit of work.
    """

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow

    # -- primitives an adapter implements ------------------------------------------------------

    @abc.abstractmethod
    def _insert_disclosure(self, disclosure: Disclosure) -> None:
        """Keep ``disclosure``; its id is new."""

    @abc.abstractmethod
    def _select_disclosures(self, query: DisclosureQuery) -> Sequence[Disclosure]:
        """The disclosures ``query`` matches (:meth:`DisclosureQuery.matches`).

        Oldest first: by ``at``, then ``id``.
        """

    @abc.abstractmethod
    def _delete_disclosures_before(
        self, moment: dt.datetime, keep: Sequence[YouthPseudonym]
    ) -> int:
        """Remove the disclosures made before ``moment``; return how many.

        Those about any youth in ``keep`` (distinct pseudonyms, sorted) stay, whoever else
        they were about too.
        """

    @abc.abstractmethod
    def _put_hold(self, hold: LegalHold) -> None:
        """Keep ``hold``, replacing a hold on the same youth."""

    @abc.abstractmethod
    def _delete_hold(self, youth: YouthPseudonym) -> bool:
        """Remove the hold on ``youth``; whether there was one."""

    @abc.abstractmethod
    def _select_holds(self) -> Sequence[LegalHold]:
        """Every hold, by youth."""

    @abc.abstractmethod
    def _insert_erasure(self, erasure: Erasure) -> None:
        """Keep ``erasure``; its id is new."""

    @abc.abstractmethod
    def _select_erasures(self, youth: YouthPseudonym | None) -> Sequence[Erasure]:
        """The erasures (of ``youth`` only, if given), oldest first."""

    @abc.abstractmethod
    def _add_counts(self, counts: Sequence[KeptCount]) -> None:
        """Add each count to the kept count with the same key, or keep it as a new one."""

    @abc.abstractmethod
    def _select_counts(self) -> Sequence[KeptCount]:
        """Every kept count, in key order."""

    # -- the API -------------------------------------------------------------------------------

    def record(self, disclosure: Disclosure) -> None:
        """Record that ``disclosure`` was made, in this unit of work's transaction."""
        self.uow._check_open()
        with self.uow._guard():
            self._insert_disclosure(disclosure)

    def disclosures(self, query: DisclosureQuery | None = None) -> tuple[Disclosure, ...]:
        """The disclosures ``query`` selects (every one without a query), oldest first."""
        self.uow._check_open()
        with self.uow._guard():
            return tuple(self._select_disclosures(query or DisclosureQuery()))

    def forget_disclosures_before(
        self, moment: dt.datetime, *, keep: Iterable[YouthPseudonym] = ()
    ) -> int:
        """Remove the disclosures made before ``moment``, but those about ``keep``; how many.

        For the retention policy only (:func:`halt_core.privacy.purging.purge`): the log's
        own entries are personal data and are kept no longer than its period. An entry about
        a youth in ``keep`` (the youths under a legal hold) stays as it is, whoever else it
        was about too.
        """
        if moment.utcoffset() is None:
            raise InvalidValue("PrivacyLog", "moment", moment, "expected a time with a time zone")
        spared: list[YouthPseudonym] = []
        for youth in keep:
            problem = pseudonym_problem(youth)
            if problem is not None:
                raise InvalidValue("PrivacyLog", "keep", problem, PSEUDONYM_SHAPE, withheld=True)
            spared.append(youth)
        self.uow._check_open()
        with self.uow._guard():
            return self._delete_disclosures_before(moment, sorted(set(spared)))

    def place_hold(self, hold: LegalHold) -> None:
        """Keep ``hold.youth``'s data past its retention period (replaces an earlier hold)."""
        self.uow._check_open()
        with self.uow._guard():
            self._put_hold(hold)

    def lift_hold(self, youth: YouthPseudonym) -> bool:
        """Lift the hold on ``youth``; whether there was one."""
        self.uow._check_open()
        with self.uow._guard():
            return self._delete_hold(youth)

    def holds(self) -> tuple[LegalHold, ...]:
        """Every legal hold, by youth."""
        self.uow._check_open()
        with self.uow._guard():
            return tuple(self._select_holds())

    def record_erasure(self, erasure: Erasure) -> None:
        """Record that a youth's data was erased on request."""
        self.uow._check_open()
        with self.uow._guard():
            self._insert_erasure(erasure)

    def erasures(self, youth: YouthPseudonym | None = None) -> tuple[Erasure, ...]:
        """The erasures recorded (of ``youth`` only, if given), oldest first."""
        self.uow._check_open()
        with self.uow._guard():
            return tuple(self._select_erasures(youth))

    def keep_counts(self, counts: Iterable[KeptCount]) -> None:
        """Add ``counts`` to the counts kept for statistics (same key: added up)."""
        merged: dict[tuple[str, int, str, str], KeptCount] = {}
        for count in counts:
            earlier = merged.get(count.key)
            merged[count.key] = (
                count if earlier is None else attrs.evolve(count, count=earlier.count + count.count)
            )
        if not merged:
            return
        self.uow._check_open()
        with self.uow._guard():
            self._add_counts(sorted(merged.values()))

    def counts(self) -> tuple[KeptCount, ...]:
        """Every count kept for statistics, in key order."""
        self.uow._check_open()
        with self.uow._guard():
            return tuple(self._select_counts())
