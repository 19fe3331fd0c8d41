"""Retention: how long personal data of youths is kept, and what has expired by a given day.

Personal data may be kept no longer than its purpose needs (AVG art. 5(1)(e)). A
:class:`RetentionPolicy` says how long, per kind of record; :func:`plan_purge` lists, from
the records, the legal holds and a day, what has expired by then (a :class:`PurgePlan`).
Nothing here reads or writes a store: :mod:`halt_core.privacy.purging` reads the records,
carries a plan out in batches and keeps counts for statistics.

The Halt-like defaults (:data:`DEFAULT_RETENTION`), each one a setting, not a law:

- **referrals**: 5 years after the referral ended: the day its outcome was decided, or,
  for a referral never decided (refused, or still open), the day it was received. Halt
  keeps the registration of a settlement about that long; set the period Halt's own
  privacy statement names;
- **cases on meeting agendas**: 2 years after the meeting: the youths discussed (the
  :class:`~halt_core.model.CaseOnAgenda` entries), and the agenda's free text of a meeting
  where youths were discussed (a case consultation's, or any meeting with cases), which may
  name them. The meeting itself (forum, time, place, who attended) is organisational and
  stays;
- **disclosure log entries**: 5 years after the disclosure: long enough to answer a youth
  or a supervisor who asks who received what, no longer.

A record's period counts from the day it ended (:attr:`Expired.ended`) and it expires on
the same day so many years later (:attr:`Expired.expired_on`; 29 February counts on to
28 February). From that day on it is listed. A record about a youth under a legal hold
(:class:`~halt_core.privacy.log.LegalHold`) is listed apart, as held, and kept. An agenda
item is held when its title or notes name a youth under a hold; a disclosure when one of
the youths it was about is under a hold (it names the others too, and is kept whole).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping

import attrs

from halt_core.model import AMSTERDAM, Forum, Meeting, Referral
from halt_core.model._checks import check_types, whole_number
from halt_core.model.forums import AgendaItem
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, KeptCount, LegalHold

__all__ = [
    "DEFAULT_RETENTION",
    "Expired",
    "PurgeKind",
    "PurgePlan",
    "RetentionPolicy",
    "add_years",
    "case_counts",
    "meeting_day",
    "mentions",
    "merge_counts",
    "plan_purge",
    "referral_counts",
]

_YEARS = whole_number(1, 100)


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` so many years later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, and the year it lands in is a common year
        return day.replace(year=day.year + years, day=28)


def meeting_day(meeting: Meeting) -> dt.date:
    """The day a meeting took place, in Europe/Amsterdam."""
    return meeting.start.astimezone(AMSTERDAM).date()


@attrs.frozen(kw_only=True)
class RetentionPolicy:
    """How many years each kind of record is kept after it ended.

    Attributes:
        referral_years: years a referral is kept after its outcome was decided (or, never
            decided, after it was received).
        case_years: years the youths on a meeting's agenda, and the free text of an agenda
            where youths were discussed, are kept after the meeting.
        disclosure_years: years a disclosure log entry is kept after the disclosure.

    """

    referral_years: int = attrs.field(default=5, validator=_YEARS)
    case_years: int = attrs.field(default=2, validator=_YEARS)
    disclosure_years: int = attrs.field(default=5, validator=_YEARS)

    def __attrs_post_init__(self) -> None:
        check_types(self)

    def referral_ended(self, referral: Referral) -> dt.date:
        """The day a referral ended: its outcome's day, or the day it was received."""
        return referral.outcome.decided_on if referral.outcome else referral.referred_on

    def referral_expires_on(self, referral: Referral) -> dt.date:
        """The first day a referral is past its period."""
        return add_years(self.referral_ended(referral), self.referral_years)

    def cases_expire_on(self, meeting: Meeting) -> dt.date:
        """The first day the cases (and agenda free text) of a meeting are past their period."""
        return add_years(meeting_day(meeting), self.case_years)

    def disclosure_expires_on(self, disclosure: Disclosure) -> dt.date:
        """The first day a disclosure log entry is past its period."""
        return add_years(disclosure.at.astimezone(AMSTERDAM).date(), self.disclosure_years)

    def disclosures_cutoff(self, today: dt.date) -> dt.datetime:
        """The moment before which every disclosure is past its period on ``today``.

        Midnight (Europe/Amsterdam) after the last day whose disclosures expire by
        ``today``; :meth:`disclosure_expires_on` agrees with it for every disclosure.
        """
        last = add_years(today, -self.disclosure_years)
        while add_years(last + dt.timedelta(days=1), self.disclosure_years) <= today:
            last += dt.timedelta(days=1)
        while add_years(last, self.disclosure_years) > today:
            last -= dt.timedelta(days=1)
        return dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=AMSTERDAM)


DEFAULT_RETENTION = RetentionPolicy()
"""The Halt-like defaults: referrals 5 years, cases on agendas 2 years, the log 5 years."""


class PurgeKind(enum.StrEnum):
    """What the retention policy removes, in the order reports list it."""

    REFERRAL = "referral"
    """A referral, removed whole."""
    CASE = "case"
    """A youth on a meeting's agenda, taken off it."""
    AGENDA_ITEM = "agenda_item"
    """An agenda item (free text) of a meeting where youths were discussed."""
    DISCLOSURE = "disclosure"
    """An entry of the disclosure log."""


_ORDER = {kind: number for number, kind in enumerate(PurgeKind)}


@attrs.frozen(kw_only=True)
class Expired:
    """One record, or one part of a meeting, past its retention period.

    Attributes:
        kind: what it is.
        record: the id of the referral, the meeting (for a case or an agenda item) or the
            disclosure.
        position: for a case or an agenda item, its place in the meeting's list, from 0.
        youths: the youths it is about (for an agenda item: those of the meeting's cases
            it names, and those of the holds it names).
        ended: the day its period counts from.
        expired_on: the first day past its period.
        held_by: the youths whose legal holds keep it; empty when it may go.

    """

    kind: PurgeKind
    record: uuid.UUID
    position: int | None = None
    youths: tuple[YouthPseudonym, ...] = ()
    ended: dt.date
    expired_on: dt.date
    held_by: tuple[YouthPseudonym, ...] = ()

    @property
    def held(self) -> bool:
        """Whether a legal hold keeps it."""
        return bool(self.held_by)

    @property
    def sort_key(self) -> tuple[int, dt.date, str, int]:
        """The order plans and reports list it in: kind, expiry day, record, position."""
        return (_ORDER[self.kind], self.expired_on, str(self.record), self.position or 0)


@attrs.frozen(kw_only=True)
class PurgePlan:
    """What has expired by ``today``: what may go, and what legal holds keep.

    A plan is what ``halt purge --dry-run`` prints; carrying it out
    (:func:`halt_core.privacy.purging.apply`) checks every record again as it is then.

    Attributes:
        policy: the retention policy it follows.
        today: the day it was made for.
        expired: what may go, in :attr:`Expired.sort_key` order.
        held: what has expired but is kept under a legal hold, in the same order.

    """

    policy: RetentionPolicy
    today: dt.date
    expired: tuple[Expired, ...] = ()
    held: tuple[Expired, ...] = ()

    def of_kind(self, kind: PurgeKind, *, held: bool = False) -> tuple[Expired, ...]:
        """What of ``kind`` may go (or, with ``held``, is kept under a hold)."""
        return tuple(e for e in (self.held if held else self.expired) if e.kind is kind)

    def summary(self) -> Mapping[PurgeKind, tuple[int, int]]:
        """Per kind: how many may go, and how many are kept under a hold."""
        going = Counter(e.kind for e in self.expired)
        kept = Counter(e.kind for e in self.held)
        return {kind: (going[kind], kept[kind]) for kind in PurgeKind}

    @property
    def empty(self) -> bool:
        """Whether nothing has expired."""
        return not self.expired and not self.held


_BOUNDARY = r"(?<![A-Za-z0-9_\-]){}(?![A-Za-z0-9_\-])"


def mentions(item: AgendaItem, youths: Iterable[YouthPseudonym]) -> tuple[YouthPseudonym, ...]:
    """The pseudonyms among ``youths`` that ``item``'s title or notes name, in any case."""
    text = f"{item.title}\n{item.notes}"
    return tuple(
        sorted(
            {
                youth
                for youth in youths
                if re.search(_BOUNDARY.format(re.escape(youth)), text, re.IGNORECASE)
            }
        )
    )


def _meeting_parts(
    meeting: Meeting, expires: dt.date, holds: Collection[YouthPseudonym], case_forum: bool
) -> Iterator[Expired]:
    ended = meeting_day(meeting)
    for position, case in enumerate(meeting.cases):
        held = (case.youth,) if case.youth in holds else ()
        yield Expired(
            kind=PurgeKind.CASE,
            record=meeting.id,
            position=position,
            youths=(case.youth,),
            ended=ended,
            expired_on=expires,
            held_by=held,
        )
    if not (case_forum or meeting.cases):
        return
    on_agenda = {case.youth for case in meeting.cases}
    for position, item in enumerate(meeting.agenda):
        named = mentions(item, on_agenda | set(holds))
        yield Expired(
            kind=PurgeKind.AGENDA_ITEM,
            record=meeting.id,
            position=position,
            youths=named,
            ended=ended,
            expired_on=expires,
            held_by=tuple(y for y in named if y in holds),
        )


def plan_purge(
    policy: RetentionPolicy,
    *,
    today: dt.date,
    referrals: Iterable[Referral] = (),
    meetings: Iterable[Meeting] = (),
    forums: Iterable[Forum] = (),
    disclosures: Iterable[Disclosure] = (),
    holds: Iterable[LegalHold | YouthPseudonym] = (),
) -> PurgePlan:
    """What of these records has expired by ``today`` under ``policy``, and what holds keep.

    ``forums`` are those of the meetings (to know which discuss cases); a meeting whose
    forum is not given counts as a case consultation when it has cases. ``holds`` are the
    legal holds, or the pseudonyms of the youths under one. The order of the records given
    does not matter: the plan is sorted (:attr:`Expired.sort_key`).
    """
    held_youths = frozenset(h.youth if isinstance(h, LegalHold) else h for h in holds)
    case_forums = {f.id for f in forums if f.kind.profile.discusses_cases}
    found: list[Expired] = []
    for referral in referrals:
        expires = policy.referral_expires_on(referral)
        if expires <= today:
            found.append(
                Expired(
                    kind=PurgeKind.REFERRAL,
                    record=referral.id,
                    youths=(referral.youth,),
                    ended=policy.referral_ended(referral),
                    expired_on=expires,
                    held_by=(referral.youth,) if referral.youth in held_youths else (),
                )
            )
    for meeting in meetings:
        expires = policy.cases_expire_on(meeting)
        if expires <= today:
            found.extend(
                _meeting_parts(meeting, expires, held_youths, meeting.forum in case_forums)
            )
    for disclosure in disclosures:
        expires = policy.disclosure_expires_on(disclosure)
        if expires <= today:
            found.append(
                Expired(
                    kind=PurgeKind.DISCLOSURE,
                    record=disclosure.id,
                    youths=disclosure.youths,
                    ended=disclosure.at.astimezone(AMSTERDAM).date(),
                    expired_on=expires,
                    held_by=tuple(sorted(y for y in set(disclosure.youths) if y in held_youths)),
                )
            )
    found.sort(key=lambda e: e.sort_key)
    return PurgePlan(
        policy=policy,
        today=today,
        expired=tuple(e for e in found if not e.held),
        held=tuple(e for e in found if e.held),
    )


# -- counts kept for statistics ---------------------------------------------------------------

REFERRALS = "referrals"
"""The :attr:`KeptCount.kind` of referral counts."""
CASES = "cases"
"""The :attr:`KeptCount.kind` of counts of youths discussed at meetings."""


def _referral_key(referral: Referral) -> tuple[str, int, str, str]:
    ended = referral.outcome.result.value if referral.outcome else referral.status.value
    return (
        REFERRALS,
        referral.referred_on.year,
        referral.municipality,
        f"{referral.offence}/{ended}",
    )


def referral_counts(referrals: Iterable[Referral]) -> tuple[KeptCount, ...]:
    """Referrals counted by year received, municipality, and ``offence/outcome`` as detail.

    The outcome is the result (``positive``, ``negative``) of a decided referral, else its
    status (``refused``, ``intake``, ...): e.g. ``shoplifting/positive``.
    """
    return _counts(Counter(_referral_key(r) for r in referrals))


def case_counts(meetings: Iterable[Meeting]) -> tuple[KeptCount, ...]:
    """The youths on meetings' agendas, counted by the meeting's year and the municipality."""
    return _counts(
        Counter(
            (CASES, meeting_day(meeting).year, case.municipality, "")
            for meeting in meetings
            for case in meeting.cases
        )
    )


def merge_counts(*groups: Iterable[KeptCount]) -> tuple[KeptCount, ...]:
    """The counts of every group, added up per key, in key order."""
    total: Counter[tuple[str, int, str, str]] = Counter()
    for group in groups:
        for count in group:
            total[count.key] += count.count
    return _counts(total)


def _counts(counter: Counter[tuple[str, int, str, str]]) -> tuple[KeptCount, ...]:
    return tuple(
        KeptCount(kind=kind, year=year, municipality=municipality, detail=detail, count=n)
        for (kind, year, municipality, detail), n in sorted(counter.items())
        if n
    )
