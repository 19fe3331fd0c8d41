"""Carrying out the retention policy on a store: in batches, keeping counts, honouring holds.

:func:`read_plan` reads a store and makes the :class:`~halt_core.privacy.retention.PurgePlan`
of a day (a dry run is that plan, and nothing else). :func:`purge` carries it out one batch
per transaction, each run again on a retryable failure (:func:`halt_core.storage.retrying`);
:func:`apply` carries out one batch, or a whole plan, in a unit of work a caller opened.

Carrying out a plan checks every record again as it is then: a record changed since the
plan (an outcome corrected, a hold placed) is treated as it is now, and one already gone is
skipped. What goes:

- an expired referral is removed (through the one sanctioned path that bypasses
  :meth:`~halt_core.storage.Repository.delete`'s refusal of referrals), and with it every
  stored event about it, published or pending, and the deliveries of those events in any
  state (:meth:`~halt_core.storage.Outbox.forget`): a referral's events carry its statuses
  and outcome, justice data about the youth, and a notification not yet sent never goes
  out;
- an expired meeting keeps its forum, time, place and attendees, but loses its cases and,
  where youths were discussed, its agenda's free text; the cases and agenda items that name
  a youth under a hold stay. The meeting's events stay: they carry the forum, the time and
  the place, never the agenda or its cases (:mod:`halt_core.events.meetings`);
- the disclosure log forgets its entries past the log's period, except those about a youth
  under a hold.

Before a referral or a case goes, it is counted
(:func:`~halt_core.privacy.retention.referral_counts`,
:func:`~halt_core.privacy.retention.case_counts`) into the kept counts, in the same
transaction, so :func:`statistics` gives the same numbers before and after a purge.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import MeetingId, ReferralId
from halt_core.model import Meeting, Referral
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, KeptCount
from halt_core.privacy.retention import (
    DEFAULT_RETENTION,
    Expired,
    PurgeKind,
    PurgePlan,
    RetentionPolicy,
    case_counts,
    merge_counts,
    plan_purge,
    referral_counts,
)
from halt_core.storage import DisclosureQuery, Store, UnitOfWork, retrying

__all__ = ["PurgeBatch", "PurgeReport", "apply", "batches", "purge", "read_plan", "statistics"]


@attrs.frozen(kw_only=True)
class PurgeBatch:
    """The part of a plan one transaction carries out.

    Attributes:
        referrals: the expired referrals to look at (held or not: holds are read anew).
        meetings: the meetings whose cases or agenda have expired.
        disclosures: whether to forget the disclosure log's expired entries.

    """

    referrals: tuple[ReferralId, ...] = ()
    meetings: tuple[MeetingId, ...] = ()
    disclosures: bool = False


@attrs.frozen(kw_only=True)
class PurgeReport:
    """What a purge did.

    Attributes:
        today: the day it purged for.
        removed: per kind, how many went (cases and agenda items: taken off their meetings).
        held: what had expired but was kept under a legal hold, in plan order.
        counts: the counts kept for statistics of what went.
        skipped: records of the plan that had changed or gone by the time they were
            looked at again, and were left alone.
        events_forgotten: the stored events about the referrals that went, forgotten
            with them (their deliveries too).

    """

    today: dt.date
    removed: tuple[tuple[PurgeKind, int], ...] = tuple((kind, 0) for kind in PurgeKind)
    held: tuple[Expired, ...] = ()
    counts: tuple[KeptCount, ...] = ()
    skipped: int = 0
    events_forgotten: int = 0

    def removed_of(self, kind: PurgeKind) -> int:
        """How many of ``kind`` went."""
        return dict(self.removed)[kind]

    def __add__(self, other: PurgeReport) -> PurgeReport:
        """Two reports of one purge (two batches) as one."""
        if self.today != other.today:
            raise InvalidValue("PurgeReport", "today", other.today, f"expected {self.today}")
        mine, theirs = dict(self.removed), dict(other.removed)
        return PurgeReport(
            today=self.today,
            removed=tuple((kind, mine[kind] + theirs[kind]) for kind in PurgeKind),
            held=tuple(sorted((*self.held, *other.held), key=lambda e: e.sort_key)),
            counts=merge_counts(self.counts, other.counts),
            skipped=self.skipped + other.skipped,
            events_forgotten=self.events_forgotten + other.events_forgotten,
        )


def read_plan(
    uow: UnitOfWork, policy: RetentionPolicy = DEFAULT_RETENTION, *, today: dt.date
) -> PurgePlan:
    """The plan of what has expired in the store by ``today``; changes nothing (a dry run).

    Reads the referrals and meetings in batches (:meth:`~halt_core.storage.Repository.iterate`)
    and only the disclosures already past the log's period.
    """
    cutoff = policy.disclosures_cutoff(today)
    return plan_purge(
        policy,
        today=today,
        referrals=uow.referrals.iterate(),
        meetings=uow.meetings.iterate(),
        forums=uow.forums.iterate(),
        disclosures=uow.privacy_log.disclosures(DisclosureQuery(until=cutoff)),
        holds=uow.privacy_log.holds(),
    )


def batches(plan: PurgePlan, size: int = 500) -> tuple[PurgeBatch, ...]:
    """``plan`` cut into batches of at most ``size`` referrals or meetings.

    Held records are in them too, as holds are read again when a batch is carried out. The
    disclosure log's entries go in one batch of their own (one statement forgets them), last.
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InvalidValue("batches", "size", size, "expected a whole number of 1 or more")
    every = sorted((*plan.expired, *plan.held), key=lambda e: e.sort_key)
    referrals = list(
        dict.fromkeys(ReferralId(e.record) for e in every if e.kind is PurgeKind.REFERRAL)
    )
    meetings = list(
        dict.fromkeys(
            MeetingId(e.record) for e in every if e.kind in (PurgeKind.CASE, PurgeKind.AGENDA_ITEM)
        )
    )
    made = [
        PurgeBatch(referrals=tuple(referrals[start : start + size]))
        for start in range(0, len(referrals), size)
    ]
    made += [
        PurgeBatch(meetings=tuple(meetings[start : start + size]))
        for start in range(0, len(meetings), size)
    ]
    if any(e.kind is PurgeKind.DISCLOSURE for e in every):
        made.append(PurgeBatch(disclosures=True))
    return tuple(made)


def apply(uow: UnitOfWork, plan: PurgePlan, batch: PurgeBatch | None = None) -> PurgeReport:
    """Carry out ``batch`` of ``plan`` (the whole plan without one) in ``uow``.

    Every record is looked at again as it is now, with the holds as they are now; see the
    module's description. The counts of what goes are kept in the same unit of work.
    """
    if batch is None:
        every = batches(plan, size=max(1, len(plan.expired) + len(plan.held)))
        report = PurgeReport(today=plan.today)
        for part in every:
            report += apply(uow, plan, part)
        return report
    policy, today = plan.policy, plan.today
    held = frozenset(hold.youth for hold in uow.privacy_log.holds())
    removed = dict.fromkeys(PurgeKind, 0)
    kept: list[Expired] = []
    skipped = 0
    gone_referrals: list[Referral] = []
    stripped: list[Meeting] = []
    for referral_id in batch.referrals:
        referral = uow.referrals.find(referral_id)
        if referral is None:
            skipped += 1
            continue
        now_plan = plan_purge(policy, today=today, referrals=(referral,), holds=held)
        if now_plan.held:
            kept.extend(now_plan.held)
        elif now_plan.expired:
            gone_referrals.append(referral)
            uow.referrals._erase_for_privacy(referral)
            removed[PurgeKind.REFERRAL] += 1
        else:
            skipped += 1
    for meeting_id in batch.meetings:
        meeting = uow.meetings.find(meeting_id)
        if meeting is None:
            skipped += 1
            continue
        forum = uow.forums.find(meeting.forum)
        now_plan = plan_purge(
            policy,
            today=today,
            meetings=(meeting,),
            forums=() if forum is None else (forum,),
            holds=held,
        )
        kept.extend(now_plan.held)
        if not now_plan.expired:
            if not now_plan.held:
                skipped += 1
            continue
        going = {(e.kind, e.position) for e in now_plan.expired}
        cases = [(PurgeKind.CASE, i) not in going for i in range(len(meeting.cases))]
        agenda = [(PurgeKind.AGENDA_ITEM, i) not in going for i in range(len(meeting.agenda))]
        gone = tuple(case for case, stays in zip(meeting.cases, cases, strict=True) if not stays)
        stripped.append(attrs.evolve(meeting, cases=gone))
        uow.meetings.save(
            attrs.evolve(
                meeting,
                cases=tuple(c for c, stays in zip(meeting.cases, cases, strict=True) if stays),
                agenda=tuple(a for a, stays in zip(meeting.agenda, agenda, strict=True) if stays),
            )
        )
        removed[PurgeKind.CASE] += len(gone)
        removed[PurgeKind.AGENDA_ITEM] += agenda.count(False)
    if batch.disclosures:
        went, held_entries = _forget_disclosures(uow, policy, today, held)
        removed[PurgeKind.DISCLOSURE] += went
        kept.extend(held_entries)
    counts = merge_counts(referral_counts(gone_referrals), case_counts(stripped))
    uow.privacy_log.keep_counts(counts)
    events_forgotten = uow.outbox.forget(r.id for r in gone_referrals) if gone_referrals else 0
    return PurgeReport(
        today=today,
        removed=tuple(removed.items()),
        held=tuple(sorted(kept, key=lambda e: e.sort_key)),
        counts=counts,
        skipped=skipped,
        events_forgotten=events_forgotten,
    )


def _forget_disclosures(
    uow: UnitOfWork, policy: RetentionPolicy, today: dt.date, held: frozenset[YouthPseudonym]
) -> tuple[int, list[Expired]]:
    """Forget the log's expired entries but those about a held youth; how many, and those."""
    log = uow.privacy_log
    cutoff = policy.disclosures_cutoff(today)
    keep: dict[object, Disclosure] = {}
    for youth in sorted(held):
        for entry in log.disclosures(DisclosureQuery(youth=youth, until=cutoff)):
            keep[entry.id] = entry
    forgotten = log.forget_disclosures_before(cutoff, keep=held)
    plan = plan_purge(policy, today=today, disclosures=keep.values(), holds=held)
    return forgotten, list(plan.held)


def purge(
    store: Store,
    policy: RetentionPolicy = DEFAULT_RETENTION,
    *,
    today: dt.date,
    batch_size: int = 500,
    attempts: int = 5,
    on_batch: Callable[[int, int], None] | None = None,
) -> PurgeReport:
    """Remove from ``store`` what has expired by ``today``, one transaction per batch.

    Reads the plan (:func:`read_plan`), cuts it into batches of ``batch_size``
    (:func:`batches`) and carries each out (:func:`apply`) in its own unit of work, run
    again up to ``attempts`` times on a retryable failure. ``on_batch(done, total)`` is
    called after each batch. A failure that is not retryable stops the purge: the batches
    before it stay done, and running the purge again finishes the work.
    """
    with store.unit_of_work() as uow:
        plan = read_plan(uow, policy, today=today)
    parts = batches(plan, batch_size)
    report = PurgeReport(today=today)
    for number, part in enumerate(parts, start=1):
        for attempt in retrying(store, attempts=attempts):
            with attempt as uow:
                done = apply(uow, plan, part)
        report += done
        if on_batch is not None:
            on_batch(number, len(parts))
    return report


def statistics(uow: UnitOfWork) -> tuple[KeptCount, ...]:
    """The counts of referrals and cases: those kept for statistics plus those still held.

    The same before and after a purge or an erasure: what goes is counted first.
    """
    return merge_counts(
        uow.privacy_log.counts(),
        referral_counts(uow.referrals.iterate()),
        case_counts(uow.meetings.iterate()),
    )
