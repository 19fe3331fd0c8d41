"""Information sheets for a case consultation: what each partner at the table may see of a case.

At a case consultation (the JCO, a Zorg- en Veiligheidshuis consultation) Halt supplies
information about the youths on the agenda. For each case and each partner at the table for
it, :func:`information_sheet` asks the sharing policy and makes an
:class:`InformationSheet`: the fields the policy allows, and the ones it refuses, each with
the reason in English and Dutch. :func:`prepare_information_sheets` does that for every case
of one meeting, reading the store, and records one
:class:`~halt_core.privacy.log.Disclosure` per sheet that shows data about the youth, in the
same transaction: a sheet is never prepared without its record.

Who is at the table for a case: the partners it was discussed with
(:attr:`CaseOnAgenda.discussed_with <halt_core.model.CaseOnAgenda.discussed_with>`), else the
meeting's attendees, else the forum's members. A referral that is not stored, or that belongs
to another youth, gives no referral data: the sheet says so.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Any

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import MeetingId, PartnerId
from halt_core.model import (
    AMSTERDAM,
    CaseOnAgenda,
    Forum,
    Meeting,
    Partner,
    Referral,
    at_the_table,
)
from halt_core.model.words import dutch
from halt_core.privacy.categories import Category, category_of
from halt_core.privacy.log import Disclosure
from halt_core.privacy.policy import (
    DEFAULT_POLICY,
    Purpose,
    SharingDecision,
    SharingPolicy,
    SharingRequest,
)

if TYPE_CHECKING:
    from halt_core.storage.unit_of_work import UnitOfWork

__all__ = [
    "InformationSheet",
    "Redaction",
    "SheetLine",
    "information_sheet",
    "prepare_information_sheets",
]

CHANNEL = "information sheet"
"""The channel a sheet's disclosure is recorded with."""


@attrs.frozen(kw_only=True)
class SheetLine:
    """One field shown on a sheet.

    Attributes:
        field: the field, as ``Class.field``, e.g. ``"Referral.offence"``.
        category: its category.
        label: what it is called, in Dutch.
        value: its value, in Dutch words.

    """

    field: str
    category: Category
    label: str
    value: str


@attrs.frozen(kw_only=True)
class Redaction:
    """One field left off a sheet, and why.

    Attributes:
        field: the field, as ``Class.field``.
        category: its category.
        label: what it is called, in Dutch.
        reason_en: why it is left off, in English.
        reason_nl: why, in Dutch.

    """

    field: str
    category: Category
    label: str
    reason_en: str
    reason_nl: str


@attrs.frozen(kw_only=True)
class InformationSheet:
    """What one partner at a case consultation may see of one case.

    Attributes:
        meeting: the meeting.
        forum: its forum.
        case: the case on the agenda.
        recipient: the partner the sheet is for.
        decision: the policy's decision for this recipient.
        shown: the fields shown, in order.
        redacted: the fields left off, each with the reason.
        disclosure: the log entry recorded for this sheet; None while not recorded, or when
            it shows nothing about the youth (then nothing was disclosed).

    """

    meeting: Meeting
    forum: Forum
    case: CaseOnAgenda
    recipient: Partner
    decision: SharingDecision
    shown: tuple[SheetLine, ...]
    redacted: tuple[Redaction, ...]
    disclosure: Disclosure | None = None

    @property
    def discloses(self) -> bool:
        """Whether the sheet shows any data about the youth."""
        return any(line.category.personal for line in self.shown)

    def text(self) -> str:
        """The sheet as plain Dutch text, with what was left off and why."""
        start = self.meeting.start.astimezone(AMSTERDAM)
        youth = next((line.value for line in self.shown if line.label == "pseudoniem"), None)
        lines = [
            f"Informatieblad {self.forum.name}, {start:%d-%m-%Y %H:%M}",
            f"Voor: {self.recipient.name}",
            f"Casus: {youth or '(pseudoniem weggelaten)'}",
            "",
        ]
        if self.shown:
            width = max(len(line.label) for line in self.shown)
            lines += [f"  {line.label:<{width}}  {line.value}" for line in self.shown]
        else:
            lines.append("  (niets over de jongere)")
        if self.redacted:
            # One line per reason: a refused recipient has every field left off for one reason.
            by_reason: dict[str, list[str]] = {}
            for redaction in self.redacted:
                by_reason.setdefault(redaction.reason_nl, []).append(redaction.label)
            lines += ["", "Weggelaten:"]
            lines += [f"  {', '.join(labels)}: {reason}" for reason, labels in by_reason.items()]
        basis = self.decision.legal_basis
        lines += ["", f"Grondslag: {basis.dutch if basis else 'geen: niets gedeeld'}"]
        return "\n".join(lines)


def _when(value: Any) -> str:
    return f"{value:%d-%m-%Y}" if isinstance(value, dt.date) else str(value)


def _word(value: Any) -> str:
    return dutch(value) if isinstance(value, enum.Enum) else str(value)


# The fields a sheet can show, in order: (class, field, Dutch label).
_CASE_FIELDS: tuple[tuple[str, str], ...] = (
    ("youth", "pseudoniem"),
    ("municipality", "gemeente"),
)
_REFERRAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("referrer", "verwijzer"),
    ("age_at_offence", "leeftijd bij het feit"),
    ("offence", "feit"),
    ("offence_date", "datum feit"),
    ("referred_on", "verwezen op"),
    ("status", "stand van zaken"),
    ("outcome", "afloop"),
)
_AGENDA_LABEL = "agendapunten en aantekeningen"


def _outcome(referral: Referral) -> str:
    outcome = referral.outcome
    if outcome is None:
        return "nog niet bekend"
    hours = f", {outcome.hours} uur" if outcome.hours is not None else ""
    return f"{dutch(outcome.result)} op {_when(outcome.decided_on)}{hours}"


def information_sheet(
    *,
    meeting: Meeting,
    forum: Forum,
    case: CaseOnAgenda,
    recipient: Partner,
    referral: Referral | None,
    partner_names: dict[PartnerId, str] | None = None,
    policy: SharingPolicy = DEFAULT_POLICY,
) -> InformationSheet:
    """The sheet for ``recipient`` about ``case`` at ``meeting``, as ``policy`` decides.

    ``referral`` is the stored referral the case names (None when it names none or it is
    not stored); one that belongs to another youth is not used. ``partner_names`` names the
    referrer on the sheet (its id otherwise).
    """
    usable = referral if referral is not None and referral.youth == case.youth else None
    decision = policy.decide(
        SharingRequest(
            purpose=Purpose.CASE_CONSULTATION,
            recipient=recipient,
            forum=forum,
            meeting=meeting,
            referral=usable,
        )
    )
    shown: list[SheetLine] = []
    redacted: list[Redaction] = []

    def consider(cls: type, name: str, label: str, value: str) -> None:
        category = category_of(cls, name)
        field = f"{cls.__name__}.{name}"
        if decision.allows(category):
            shown.append(SheetLine(field=field, category=category, label=label, value=value))
        else:
            redacted.append(
                Redaction(
                    field=field,
                    category=category,
                    label=label,
                    reason_en=decision.reason_en,
                    reason_nl=decision.reason_nl,
                )
            )

    for name, label in _CASE_FIELDS:
        consider(CaseOnAgenda, name, label, str(getattr(case, name)))
    if usable is not None:
        names = partner_names or {}
        for name, label in _REFERRAL_FIELDS:
            if name == "referrer":
                value = names.get(usable.referrer, str(usable.referrer))
            elif name == "outcome":
                value = _outcome(usable)
            else:
                raw = getattr(usable, name)
                value = _when(raw) if isinstance(raw, dt.date) else _word(raw)
            consider(Referral, name, label, value)
    else:
        why_en, why_nl = _missing_referral(case, referral)
        redacted.append(
            Redaction(
                field="Referral",
                category=Category.YOUTH_JUSTICE,
                label="verwijzing",
                reason_en=why_en,
                reason_nl=why_nl,
            )
        )
    if meeting.agenda:
        # Typed text may name anyone; a sheet never carries it (only subject access does).
        redacted.append(
            Redaction(
                field="Meeting.agenda",
                category=Category.FREE_TEXT,
                label=_AGENDA_LABEL,
                reason_en="free text may name anyone; it is not shared at a case consultation",
                reason_nl="vrije tekst kan iedereen noemen; die wordt in een casusoverleg niet "
                "gedeeld",
            )
        )
    return InformationSheet(
        meeting=meeting,
        forum=forum,
        case=case,
        recipient=recipient,
        decision=decision,
        shown=tuple(shown),
        redacted=tuple(redacted),
    )


def _missing_referral(case: CaseOnAgenda, referral: Referral | None) -> tuple[str, str]:
    if case.referral is None:
        return (
            "the case names no referral",
            "de casus noemt geen verwijzing",
        )
    if referral is None:
        return (
            f"referral {case.referral} is not stored",
            f"verwijzing {case.referral} is niet vastgelegd",
        )
    return (
        f"referral {case.referral} belongs to another youth; its data is not shown",
        f"verwijzing {case.referral} hoort bij een andere jongere; die gegevens worden niet "
        "getoond",
    )


def prepare_information_sheets(
    uow: UnitOfWork,
    meeting: MeetingId,
    *,
    by: str,
    policy: SharingPolicy = DEFAULT_POLICY,
    now: dt.datetime | None = None,
) -> tuple[InformationSheet, ...]:
    """Prepare the sheets for every case on ``meeting``'s agenda and record their disclosures.

    For each case and each partner at the table for it (:func:`recipients_of`), one sheet
    (:func:`information_sheet`); each sheet that shows data about the youth is recorded in
    ``uow.privacy_log`` as a :class:`~halt_core.privacy.log.Disclosure` made by ``by`` at
    ``now`` (default: the current time), and carries it. Nothing is committed here: the
    disclosures commit with ``uow``, and a sheet must not be handed out before they did.

    Raises :class:`~halt_core.errors.NotFound` for a meeting, forum or partner that is not
    stored, :class:`~halt_core.errors.InvalidValue` for a meeting that was called off, and
    :class:`~halt_core.storage.PrivacyLogUnsupported` for a store that keeps no privacy
    log, before anything is recorded.
    """
    log = uow.privacy_log  # refuses first when the store cannot record disclosures
    stored_meeting = uow.meetings.get(meeting)
    if stored_meeting.cancelled_on is not None:
        raise InvalidValue(
            "prepare_information_sheets",
            "meeting",
            meeting,
            f"a meeting that is held; this one was called off on "
            f"{stored_meeting.cancelled_on:%d-%m-%Y}, so no case is discussed at it",
        )
    forum = uow.forums.get(stored_meeting.forum)
    at = now or dt.datetime.now(dt.UTC)
    wanted = {
        partner
        for case in stored_meeting.cases
        for partner in at_the_table(case, stored_meeting, forum)
    }
    referral_ids = {case.referral for case in stored_meeting.cases if case.referral is not None}
    found = (uow.referrals.find(id) for id in sorted(referral_ids))
    referrals = {r.id: r for r in found if r is not None}
    partners = {p.id: p for p in uow.partners.get_many(sorted(wanted))}
    referrers = {r.referrer for r in referrals.values()} - partners.keys()
    names = {p.id: p.name for p in (*partners.values(), *uow.partners.get_many(sorted(referrers)))}
    sheets: list[InformationSheet] = []
    for case in stored_meeting.cases:
        referral = referrals.get(case.referral) if case.referral is not None else None
        for partner_id in at_the_table(case, stored_meeting, forum):
            sheet = information_sheet(
                meeting=stored_meeting,
                forum=forum,
                case=case,
                recipient=partners[partner_id],
                referral=referral,
                partner_names=names,
                policy=policy,
            )
            if sheet.discloses:
                sheet = attrs.evolve(sheet, disclosure=_disclosure(sheet, by=by, at=at))
                assert sheet.disclosure is not None
                log.record(sheet.disclosure)
            sheets.append(sheet)
    return tuple(sheets)


def _disclosure(sheet: InformationSheet, *, by: str, at: dt.datetime) -> Disclosure:
    decision = sheet.decision
    assert decision.legal_basis is not None  # a sheet that discloses had a rule allow it
    referral = sheet.case.referral
    shows_referral = any(line.field.startswith("Referral.") for line in sheet.shown)
    return Disclosure(
        at=at,
        by=by,
        purpose=Purpose.CASE_CONSULTATION,
        legal_basis=decision.legal_basis,
        rule=decision.rule,
        recipient=sheet.recipient.id,
        recipient_name=sheet.recipient.name,
        youths=(sheet.case.youth,),
        referrals=(referral,) if referral is not None and shows_referral else (),
        fields=tuple(line.field for line in sheet.shown if line.category.personal),
        channel=CHANNEL,
        forum=sheet.forum.id,
        meeting=sheet.meeting.id,
    )
