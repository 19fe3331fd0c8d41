"""Subject access: everything held about one youth, as a document the youth or a parent reads.

A youth (or a parent) may ask what Halt holds about them and to whom Halt gave it (AVG art.
15). :func:`gather` collects, from records given to it, everything held under one pseudonym
into a :class:`SubjectAccessReport`: the referrals, the meetings where the youth was on the
agenda (with the forum's name, the day, who was at the table, and the agenda items that name
the pseudonym), every disclosure in the log, the erasures and the legal holds.
:func:`read_subject_access` reads those records from a store. :func:`as_text` and
:func:`as_html` (in :mod:`halt_core.privacy.subject_access_document`) write the report in
plain Dutch.

Nothing of another youth goes in: a disclosure about several youths names only this one
(and says there were others), referral ids are this youth's only, and any other youth's
pseudonym in an agenda item is replaced by ``[andere jongere]``. What cannot be found: a
youth named in free text by name rather than pseudonym (the store has no names to look
for), and free text of agenda items that do not name the pseudonym.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model import (
    CaseOnAgenda,
    Forum,
    ForumKind,
    Gazetteer,
    Meeting,
    Partner,
    Referral,
)
from halt_core.model.pseudonyms import YouthPseudonym
from halt_core.privacy.log import Disclosure, Erasure, LegalHold
from halt_core.privacy.policy import DEFAULT_POLICY, Purpose, SharingPolicy, SharingRequest
from halt_core.privacy.retention import DEFAULT_RETENTION, RetentionPolicy, mentions
from halt_core.storage import DisclosureQuery, UnitOfWork

__all__ = [
    "OTHER_YOUTH",
    "SUBJECT",
    "DisclosureEntry",
    "MeetingEntry",
    "ReferralEntry",
    "SubjectAccessReport",
    "fields_shown",
    "gather",
    "read_subject_access",
    "record_subject_access",
]

OTHER_YOUTH = "[andere jongere]"
"""What stands in an agenda item where it named another youth."""

SUBJECT = "de jongere of een ouder"
"""The recipient a subject-access disclosure names."""


@attrs.frozen(kw_only=True)
class ReferralEntry:
    """One referral of the youth.

    Attributes:
        referral: the referral as held.
        referrer: the name of the partner that referred the youth (its id when unknown).
        municipality: the municipality's name and code, e.g. ``"Zaanstad (GM0479)"``.
        kept_until: the day its retention period ends.

    """

    referral: Referral
    referrer: str
    municipality: str
    kept_until: dt.date


@attrs.frozen(kw_only=True)
class MeetingEntry:
    """A meeting where the youth was on the agenda, or named in it.

    Attributes:
        meeting: the meeting's id.
        forum: the forum's name (its id when unknown).
        forum_kind: the kind of forum, when known.
        start: when the meeting began.
        location: where it was.
        cases: the youth's cases on its agenda (empty when the youth was only named in an
            agenda item).
        municipalities: the names and codes of the cases' municipalities.
        discussed_with: the names of the partners at the table while the youth was
            discussed: those the cases name, else the meeting's attendees.
        agenda: the agenda items that name the youth, as ``(title, notes)``, other youths'
            pseudonyms replaced by :data:`OTHER_YOUTH`.
        kept_until: the day the retention period of its cases ends.
        cancelled_on: the day the meeting was called off, or None when it was held (or is
            still to come). A called-off meeting is listed, since the agenda that names the
            youth is kept, but nobody discussed the youth there: ``discussed_with`` is empty.

    """

    meeting: MeetingId
    forum: str
    forum_kind: ForumKind | None
    start: dt.datetime
    location: str
    cases: tuple[CaseOnAgenda, ...]
    municipalities: tuple[str, ...]
    discussed_with: tuple[str, ...]
    agenda: tuple[tuple[str, str], ...]
    kept_until: dt.date
    cancelled_on: dt.date | None = None


@attrs.frozen(kw_only=True)
class DisclosureEntry:
    """A disclosure of the youth's data, as the log holds it.

    Attributes:
        disclosure: the log's entry, naming only this youth and this youth's referrals.
        forum: the name of the forum it was shared at, if any.
        with_others: whether the same disclosure was about other youths too.
        kept_until: the day the entry's retention period ends.

    """

    disclosure: Disclosure
    forum: str | None
    with_others: bool
    kept_until: dt.date


@attrs.frozen(kw_only=True)
class SubjectAccessReport:
    """Everything held about one youth.

    Attributes:
        youth: the pseudonym asked about.
        made_at: when the report was made.
        policy: the retention policy the ``kept_until`` days follow.
        referrals: the referrals, oldest first.
        meetings: the meetings where the youth was on the agenda, oldest first.
        disclosures: every disclosure of the youth's data, oldest first.
        holds: the legal hold on the youth's data, if there is one.
        erasures: the erasures of the youth's data done before, oldest first.

    """

    youth: YouthPseudonym
    made_at: dt.datetime
    policy: RetentionPolicy = DEFAULT_RETENTION
    referrals: tuple[ReferralEntry, ...] = ()
    meetings: tuple[MeetingEntry, ...] = ()
    disclosures: tuple[DisclosureEntry, ...] = ()
    holds: tuple[LegalHold, ...] = ()
    erasures: tuple[Erasure, ...] = ()

    @property
    def empty(self) -> bool:
        """Whether nothing at all is held under the pseudonym."""
        return not (
            self.referrals or self.meetings or self.disclosures or self.holds or self.erasures
        )


def _name(forum: Forum | None) -> str | None:
    return None if forum is None else forum.name


def _others_out(text: str, others: Iterable[YouthPseudonym]) -> str:
    for other in sorted(others, key=len, reverse=True):
        pattern = r"(?<![A-Za-z0-9_\-])" + re.escape(other) + r"(?![A-Za-z0-9_\-])"
        text = re.sub(pattern, OTHER_YOUTH, text, flags=re.IGNORECASE)
    return text


def gather(
    youth: YouthPseudonym,
    *,
    made_at: dt.datetime,
    policy: RetentionPolicy = DEFAULT_RETENTION,
    referrals: Iterable[Referral] = (),
    meetings: Iterable[Meeting] = (),
    forums: Iterable[Forum] = (),
    partners: Iterable[Partner] = (),
    disclosures: Iterable[Disclosure] = (),
    erasures: Iterable[Erasure] = (),
    holds: Iterable[LegalHold] = (),
    gazetteer: Gazetteer | None = None,
    others: Iterable[YouthPseudonym] = (),
) -> SubjectAccessReport:
    """The report on ``youth`` from these records; records of other youths are passed over.

    ``forums`` and ``partners`` give the names of the forums and partners the youth's
    records refer to; ``gazetteer`` the names of municipalities. Every pseudonym met in the
    records other than ``youth``, and those in ``others``, is kept out of the agenda items
    shown.
    """
    referrals, meetings, disclosures = list(referrals), list(meetings), list(disclosures)
    forum_of: Mapping[ForumId, Forum] = {f.id: f for f in forums}
    name_of: Mapping[PartnerId, str] = {p.id: p.name for p in partners}
    others = set(others) | {r.youth for r in referrals}
    others |= {c.youth for m in meetings for c in m.cases}
    others |= {y for d in disclosures for y in d.youths}
    others.discard(youth)
    own = [r for r in referrals if r.youth == youth]
    own_ids: frozenset[ReferralId] = frozenset(r.id for r in own)

    def place(code: str) -> str:
        if gazetteer is not None and code in gazetteer:
            return f"{gazetteer.municipality(code).name} ({code})"
        return code

    referral_entries = [
        ReferralEntry(
            referral=r,
            referrer=name_of.get(r.referrer, str(r.referrer)),
            municipality=place(r.municipality),
            kept_until=policy.referral_expires_on(r),
        )
        for r in sorted(own, key=lambda r: (r.referred_on, str(r.id)))
    ]
    meeting_entries = []
    for m in sorted(meetings, key=lambda m: (m.start, str(m.id))):
        cases = tuple(
            attrs.evolve(c, referral=c.referral if c.referral in own_ids else None)
            for c in m.cases
            if c.youth == youth
        )
        agenda = tuple(
            (_others_out(a.title, others), _others_out(a.notes, others))
            for a in m.agenda
            if mentions(a, (youth,))
        )
        if not cases and not agenda:
            continue
        at_table = {p for c in cases if c.discussed_with is not None for p in c.discussed_with}
        if not at_table or any(c.discussed_with is None for c in cases):
            at_table |= set(m.attendees)
        if m.cancelled:
            at_table = set()  # called off: no one sat at the table
        forum = forum_of.get(m.forum)
        meeting_entries.append(
            MeetingEntry(
                meeting=m.id,
                forum=forum.name if forum else str(m.forum),
                forum_kind=forum.kind if forum else None,
                start=m.start,
                location=m.location,
                cases=cases,
                municipalities=tuple(sorted({place(c.municipality) for c in cases})),
                discussed_with=tuple(sorted(name_of.get(p, str(p)) for p in at_table)),
                agenda=agenda,
                kept_until=policy.cases_expire_on(m),
                cancelled_on=m.cancelled_on,
            )
        )
    disclosure_entries = [
        DisclosureEntry(
            disclosure=attrs.evolve(
                d, youths=(youth,), referrals=tuple(r for r in d.referrals if r in own_ids)
            ),
            forum=_name(forum_of.get(d.forum)) if d.forum is not None else None,
            with_others=len(set(d.youths)) > 1,
            kept_until=policy.disclosure_expires_on(d),
        )
        for d in sorted(disclosures, key=lambda d: (d.at, str(d.id)))
        if youth in d.youths
    ]
    return SubjectAccessReport(
        youth=youth,
        made_at=made_at,
        policy=policy,
        referrals=tuple(referral_entries),
        meetings=tuple(meeting_entries),
        disclosures=tuple(disclosure_entries),
        holds=tuple(h for h in holds if h.youth == youth),
        erasures=tuple(sorted((e for e in erasures if e.youth == youth), key=lambda e: e.at)),
    )


def read_subject_access(
    uow: UnitOfWork,
    youth: YouthPseudonym,
    *,
    now: dt.datetime,
    policy: RetentionPolicy = DEFAULT_RETENTION,
) -> SubjectAccessReport:
    """The report on ``youth`` from the store ``uow`` works in; reads, changes nothing.

    Reads every referral and meeting in batches (a store keeps no index by youth), the
    forums and partners they name, and the youth's entries of the privacy log.
    """
    referrals: list[Referral] = []
    pseudonyms: set[YouthPseudonym] = set()
    for r in uow.referrals.iterate():
        pseudonyms.add(r.youth)
        if r.youth == youth:
            referrals.append(r)
    meetings: list[Meeting] = []
    for m in uow.meetings.iterate():
        pseudonyms.update(c.youth for c in m.cases)
        if any(c.youth == youth for c in m.cases) or any(mentions(a, (youth,)) for a in m.agenda):
            meetings.append(m)
    disclosures = uow.privacy_log.disclosures(DisclosureQuery(youth=youth))
    pseudonyms.update(y for d in disclosures for y in d.youths)
    forum_ids = {m.forum for m in meetings} | {d.forum for d in disclosures if d.forum}
    partner_ids = {r.referrer for r in referrals} | {p for m in meetings for p in m.attendees}
    partner_ids |= {p for m in meetings for c in m.cases for p in c.discussed_with or ()}
    forums = [f for f in map(uow.forums.find, sorted(forum_ids, key=str)) if f is not None]
    partners = [p for p in map(uow.partners.find, sorted(partner_ids, key=str)) if p is not None]
    return gather(
        youth,
        made_at=now,
        policy=policy,
        referrals=referrals,
        meetings=meetings,
        forums=forums,
        partners=partners,
        disclosures=disclosures,
        erasures=uow.privacy_log.erasures(youth),
        holds=uow.privacy_log.holds(),
        gazetteer=uow.store.gazetteer,
        others=pseudonyms,
    )


_REFERRAL_FIELDS = (
    "Referral.id",
    "Referral.referrer",
    "Referral.youth",
    "Referral.age_at_offence",
    "Referral.offence",
    "Referral.offence_date",
    "Referral.referred_on",
    "Referral.municipality",
    "Referral.status",
    "Referral.outcome",
)


def fields_shown(report: SubjectAccessReport) -> tuple[str, ...]:
    """What the report's document shows, as ``Class.field`` names, for its disclosure."""
    shown: list[str] = []
    if report.referrals:
        shown += _REFERRAL_FIELDS
    if any(entry.cases for entry in report.meetings):
        shown += ["CaseOnAgenda.youth", "CaseOnAgenda.municipality", "CaseOnAgenda.discussed_with"]
    if any(entry.agenda for entry in report.meetings):
        shown.append("Meeting.agenda")
    if report.disclosures:
        shown.append("Disclosure")
    if report.holds:
        shown.append("LegalHold")
    if report.erasures:
        shown.append("Erasure")
    return tuple(shown) or ("CaseOnAgenda.youth",)  # the pseudonym, at least


def record_subject_access(
    uow: UnitOfWork,
    report: SubjectAccessReport,
    *,
    by: str,
    channel: str,
    at: dt.datetime,
    policy: SharingPolicy = DEFAULT_POLICY,
) -> Disclosure:
    """Record in ``uow``'s privacy log that ``report`` was given to the youth or a parent.

    The disclosure names the youth, the youth's referrals and what the document shows
    (:func:`fields_shown`); its rule and legal basis are the policy's answer for subject
    access. Record it in the unit of work that read the report, and give the document
    out only once that unit of work committed.
    """
    decision = policy.decide(SharingRequest(purpose=Purpose.SUBJECT_ACCESS))
    if decision.legal_basis is None:
        raise InvalidValue(
            "record_subject_access",
            "policy",
            decision.rule,
            f"the policy refuses subject access ({decision.reason_en}); a youth's right of "
            "access cannot be refused by configuration: keep the subject-access rule",
        )
    disclosure = Disclosure(
        at=at,
        by=by,
        purpose=Purpose.SUBJECT_ACCESS,
        legal_basis=decision.legal_basis,
        rule=decision.rule,
        recipient=None,
        recipient_name=SUBJECT,
        youths=(report.youth,),
        referrals=tuple(entry.referral.id for entry in report.referrals),
        fields=fields_shown(report),
        channel=channel,
    )
    uow.privacy_log.record(disclosure)
    return disclosure
