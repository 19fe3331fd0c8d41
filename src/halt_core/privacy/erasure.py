"""Erasure on request: one youth's data removed when the youth or a parent asks (AVG art. 17).

:func:`erase_youth` removes, in one unit of work, the youth's referrals and every stored
event about them, published or pending, with its deliveries (so a notification not yet sent
never goes out: :meth:`~halt_core.storage.Outbox.forget`), takes the youth off every
meeting's agenda (with the agenda items that name the youth's pseudonym), keeps the counts
of what went for statistics (as a purge does), and records an
:class:`~halt_core.privacy.log.Erasure` saying how much went, when, by whom and why.

A meeting's events stay: they carry the forum, the time and the place, never the agenda or
its cases (:mod:`halt_core.events.meetings`), so nothing in them is about the youth.

What stays, and why:

- the :class:`~halt_core.privacy.log.Erasure` itself, which names the pseudonym: without it
  Halt could not show that it answered the request (AVG art. 5(2), accountability); the
  pseudonym leads to nothing else any more;
- the disclosure log's entries about the youth: they are Halt's record of whom it gave the
  youth's data to, which Halt must be able to show to the youth and to the supervisor, and
  which Halt needs to tell those recipients of the erasure (AVG art. 19). They go when the
  log's own period ends (:mod:`halt_core.privacy.retention`);
- the counts kept for statistics, which say nothing about any one youth.

A youth under a legal hold is not erased: :class:`UnderLegalHold` says to lift the hold
first, once whatever it was placed for is over.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from halt_core.errors import HaltError, InvalidValue
from halt_core.model import Meeting, Referral
from halt_core.model.pseudonyms import PSEUDONYM_SHAPE, YouthPseudonym, pseudonym_problem
from halt_core.privacy.log import Erasure
from halt_core.privacy.retention import case_counts, mentions, merge_counts, referral_counts
from halt_core.storage import UnitOfWork

__all__ = ["UnderLegalHold", "erase_youth", "youth_records"]


class UnderLegalHold(HaltError):
    """A youth's data cannot be erased while a legal hold keeps it.

    Attributes:
        youth: the youth's pseudonym.
        reason: why the hold was placed.

    """

    def __init__(self, youth: YouthPseudonym, reason: str) -> None:
        self.youth = youth
        self.reason = reason
        super().__init__(
            f"{youth} is under a legal hold ({reason}), so its data may not be erased; once "
            f"the hold is no longer needed, lift it ('halt hold --lift {youth}', or "
            "uow.privacy_log.lift_hold) and erase again"
        )

    def in_dutch(self) -> str:
        """``... valt onder een bewaarplicht (...)``; the hold's reason stays as written."""
        return (
            f"{self.youth} valt onder een bewaarplicht ({self.reason}), dus de gegevens mogen "
            f"niet worden gewist; hef de bewaarplicht op zodra die niet meer nodig is "
            f"('halt hold --lift {self.youth}', of uow.privacy_log.lift_hold) en wis opnieuw"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.youth, self.reason))


def youth_records(
    uow: UnitOfWork, youth: YouthPseudonym
) -> tuple[tuple[Referral, ...], tuple[Meeting, ...]]:
    """The youth's referrals, and the meetings that have the youth on the agenda, by id.

    Reads every referral and meeting in batches: a store keeps no index by youth.
    """
    referrals = tuple(r for r in uow.referrals.iterate() if r.youth == youth)
    meetings = tuple(
        m
        for m in uow.meetings.iterate()
        if any(c.youth == youth for c in m.cases) or any(mentions(a, (youth,)) for a in m.agenda)
    )
    return referrals, meetings


def erase_youth(
    uow: UnitOfWork, youth: YouthPseudonym, *, by: str, reason: str, now: dt.datetime
) -> Erasure:
    """Erase ``youth``'s data in ``uow``, record the erasure and return it.

    Removes the youth's referrals, and the outbox's events about them with their deliveries
    (:meth:`~halt_core.storage.Outbox.forget`); takes the youth's cases off every meeting,
    and the agenda items that name the pseudonym (the rest of the meeting stays); keeps the
    counts of what went for statistics. Raises :class:`UnderLegalHold` when a hold keeps
    the youth's data, and :class:`~halt_core.errors.InvalidValue` (never repeating the
    value) when ``youth`` is not shaped like a pseudonym. The unit of work commits it all
    or nothing.
    """
    problem = pseudonym_problem(youth)
    if problem is not None:
        raise InvalidValue("erase_youth", "youth", problem, PSEUDONYM_SHAPE, withheld=True)
    for hold in uow.privacy_log.holds():
        if hold.youth == youth:
            raise UnderLegalHold(youth, hold.reason)
    referrals, meetings = youth_records(uow, youth)
    cases_removed = 0
    gone_cases: list[Meeting] = []
    for referral in referrals:
        uow.referrals._erase_for_privacy(
            referral, expected_version=uow.referrals.version_of(referral.id)
        )
    for meeting in meetings:
        current = uow.meetings.get(meeting.id)
        gone = tuple(c for c in current.cases if c.youth == youth)
        gone_cases.append(attrs.evolve(current, cases=gone))
        cases_removed += len(gone)
        uow.meetings.save(
            attrs.evolve(
                current,
                cases=tuple(c for c in current.cases if c.youth != youth),
                agenda=tuple(a for a in current.agenda if not mentions(a, (youth,))),
            )
        )
    uow.privacy_log.keep_counts(merge_counts(referral_counts(referrals), case_counts(gone_cases)))
    # The events about the youth's referrals go too, with their deliveries; so do those of a
    # referral a case of the youth names that is no longer stored (never another youth's).
    named = {c.referral for m in gone_cases for c in m.cases if c.referral is not None}
    events_forgotten = uow.outbox.forget(
        {r.id for r in referrals} | {id for id in named if uow.referrals.find(id) is None}
    )
    erasure = Erasure(
        youth=youth,
        at=now,
        by=by,
        reason=reason,
        referrals_removed=len(referrals),
        cases_removed=cases_removed,
        events_forgotten=events_forgotten,
    )
    uow.privacy_log.record_erasure(erasure)
    return erasure
