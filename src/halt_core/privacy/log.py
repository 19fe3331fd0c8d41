"""What the store records about privacy: disclosures, legal holds, erasures and kept counts.

These are the entries of the privacy log a store keeps beside the network
(:class:`halt_core.storage.PrivacyLog`):

- a :class:`Disclosure` says that data about one or more youths went to a recipient: who
  disclosed it, to whom, which fields, about which youths and referrals, for what purpose,
  on what legal basis and when. Entries are only ever added through the API;
- a :class:`LegalHold` keeps one youth's data past its retention period (a complaint, a
  court case), until it is lifted;
- an :class:`Erasure` records that one youth's data was erased on request, and how much;
- a :class:`KeptCount` is a number kept for statistics when the records it counts are
  purged: referrals by year, municipality, offence and outcome, cases discussed by year.

The fields of these classes are classified like the model's
(:mod:`halt_core.privacy.categories`): a log entry that names a youth is itself personal
data, and is shown to that youth on a subject-access request.
"""

from __future__ import annotations

import datetime as dt
import uuid

import attrs

from halt_core.ids import ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model._categories import (
    FREE_TEXT,
    ORGANISATIONAL,
    PSEUDONYMOUS_REFERENCE,
)
from halt_core.model._checks import aware_datetime, check_types, free_text, text, whole_number
from halt_core.model.pseudonyms import YouthPseudonym, check_pseudonym
from halt_core.privacy.policy import LegalBasis, Purpose

__all__ = ["Disclosure", "Erasure", "KeptCount", "LegalHold"]


def _utc(value: dt.datetime) -> dt.datetime:
    # Kept in UTC: an Amsterdam time in a summer-time gap or fold would not equal itself after
    # a round trip through JSON (a rule of Python's datetime), and the stores return UTC.
    # Anything else is left for the validator to refuse.
    if isinstance(value, dt.datetime) and value.utcoffset() is not None:
        return value.astimezone(dt.UTC)
    return value


def _pseudonyms(instance: object, attribute: attrs.Attribute[object], value: object) -> None:
    for pseudonym in value:  # type: ignore[attr-defined]
        check_pseudonym(instance, attribute, pseudonym)


@attrs.frozen(kw_only=True)
class Disclosure:
    """A record that data about youths went to a recipient.

    Attributes:
        id: the entry's id.
        at: when it was disclosed, with a time zone (kept in UTC).
        by: who disclosed it: a user name or the tool that did, e.g. ``"halt export"``.
        purpose: why.
        legal_basis: the ground in law it rests on.
        rule: the name of the sharing rule that allowed it (see
            :class:`~halt_core.privacy.policy.SharingDecision`).
        recipient: the partner that received it; None when the youth or a parent did
            (subject access) or when it left Halt as a file for no one partner (an export).
        recipient_name: the recipient as named at the time, e.g. ``"Politie Zaanstreek"``,
            ``"de jongere of een ouder"`` or the export's file name.
        youths: the pseudonyms of the youths the data was about.
        referrals: the referrals it was about, if any.
        fields: what went out, as ``Class.field`` names, e.g. ``"Referral.offence"``.
        channel: how it went out, e.g. ``"information sheet"``, ``"export csv"``.
        forum: the forum it was shared at, for a case consultation.
        meeting: the meeting of that forum.

    """

    id: uuid.UUID = attrs.field(factory=uuid.uuid4, metadata=ORGANISATIONAL)
    at: dt.datetime = attrs.field(converter=_utc, validator=aware_datetime, metadata=ORGANISATIONAL)
    by: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    purpose: Purpose = attrs.field(metadata=ORGANISATIONAL)
    legal_basis: LegalBasis = attrs.field(metadata=ORGANISATIONAL)
    rule: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    recipient: PartnerId | None = attrs.field(metadata=ORGANISATIONAL)
    recipient_name: str = attrs.field(validator=text(300), metadata=ORGANISATIONAL)
    youths: tuple[YouthPseudonym, ...] = attrs.field(
        validator=_pseudonyms, metadata=PSEUDONYMOUS_REFERENCE
    )
    referrals: tuple[ReferralId, ...] = attrs.field(default=(), metadata=PSEUDONYMOUS_REFERENCE)
    fields: tuple[str, ...] = attrs.field(metadata=ORGANISATIONAL)
    channel: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    forum: ForumId | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    meeting: MeetingId | None = attrs.field(default=None, metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class LegalHold:
    """One youth's data kept past its retention period, until the hold is lifted.

    Attributes:
        youth: the youth's pseudonym.
        reason: why, e.g. ``"bezwaarprocedure 2026-14"``; free text, kept short.
        placed_at: when the hold was placed, with a time zone (kept in UTC).
        placed_by: who placed it.

    """

    youth: YouthPseudonym = attrs.field(validator=check_pseudonym, metadata=PSEUDONYMOUS_REFERENCE)
    reason: str = attrs.field(validator=text(500), metadata=FREE_TEXT)
    placed_at: dt.datetime = attrs.field(
        converter=_utc, validator=aware_datetime, metadata=ORGANISATIONAL
    )
    placed_by: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class Erasure:
    """A record that one youth's data was erased on request (AVG art. 17).

    The pseudonym stays in this record, so that a later question ("did you erase it?") can
    be answered; it leads to nothing else any more.

    Attributes:
        id: the entry's id.
        youth: the pseudonym of the youth whose data was erased.
        at: when, with a time zone (kept in UTC).
        by: who erased it.
        reason: the request it answers, e.g. ``"verzoek ouder 2026-11-02"``.
        referrals_removed: how many of the youth's referrals were removed.
        cases_removed: how many times the youth was taken off a meeting's agenda.
        events_forgotten: how many stored events about the youth's referrals went (with
            their deliveries); 0 in an erasure recorded before events were forgotten.

    """

    id: uuid.UUID = attrs.field(factory=uuid.uuid4, metadata=ORGANISATIONAL)
    youth: YouthPseudonym = attrs.field(validator=check_pseudonym, metadata=PSEUDONYMOUS_REFERENCE)
    at: dt.datetime = attrs.field(converter=_utc, validator=aware_datetime, metadata=ORGANISATIONAL)
    by: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    reason: str = attrs.field(default="", validator=free_text(500), metadata=FREE_TEXT)
    referrals_removed: int = attrs.field(
        default=0, validator=whole_number(0, 10**6), metadata=ORGANISATIONAL
    )
    cases_removed: int = attrs.field(
        default=0, validator=whole_number(0, 10**6), metadata=ORGANISATIONAL
    )
    events_forgotten: int = attrs.field(
        default=0, validator=whole_number(0, 10**9), metadata=ORGANISATIONAL
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True, order=True)
class KeptCount:
    """A number kept for statistics when the records it counts were purged.

    Attributes:
        kind: what was counted, e.g. ``"referrals"`` or ``"cases"``.
        year: the year counted (of the referral, of the meeting).
        municipality: the CBS code of the municipality, e.g. ``"GM0363"``.
        detail: what else the count is split by, e.g. ``"shoplifting/positive"``; may be
            empty.
        count: how many.

    """

    kind: str = attrs.field(validator=text(50), metadata=ORGANISATIONAL)
    year: int = attrs.field(validator=whole_number(1900, 2200), metadata=ORGANISATIONAL)
    municipality: str = attrs.field(validator=free_text(10), metadata=ORGANISATIONAL)
    detail: str = attrs.field(default="", validator=free_text(200), metadata=ORGANISATIONAL)
    count: int = attrs.field(validator=whole_number(0, 10**9), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)

    @property
    def key(self) -> tuple[str, int, str, str]:
        """What identifies the count: kind, year, municipality and detail."""
        return (self.kind, self.year, self.municipality, self.detail)
