"""Forums Halt sits in, and their meetings.

A forum (overleg, beraad, platform) is a standing consultation with members. Steering forums
such as the AJB and APJ discuss policy and figures; case consultations (casusoverleggen) such
as the JCO discuss individual youths, and there Halt supplies information. What is usual for
each kind of forum is kept in one catalogue, :data:`FORUM_KINDS`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping
from types import MappingProxyType

import attrs

from halt_core.ids import CollaborationId, ForumId, MeetingId, PartnerId, ReferralId
from halt_core.model._categories import (
    FREE_TEXT,
    ORGANISATIONAL,
    PSEUDONYMOUS_REFERENCE,
    YOUTH_JUSTICE,
    YOUTH_PERSONAL,
)
from halt_core.model._checks import (
    MUNICIPALITY_CODE,
    check_types,
    free_text,
    matches,
    text,
    whole_number,
)
from halt_core.model.geography import Area, Level
from halt_core.model.partners import PartnerKind
from halt_core.model.periods import Period, check_time_slot
from halt_core.model.pseudonyms import YouthPseudonym, check_pseudonym

__all__ = [
    "FORUM_KINDS",
    "AgendaItem",
    "Cadence",
    "CaseOnAgenda",
    "Forum",
    "ForumKind",
    "ForumKindProfile",
    "Frequency",
    "HaltRole",
    "Meeting",
    "at_the_table",
]


class ForumKind(enum.StrEnum):
    """The kinds of forum Halt takes part in."""

    AJB = "ajb"
    """Arrondissementaal Jeugd Beraad: steering of the youth approach in an arrondissement."""
    APJ = "apj"
    """Arrondissementaal Platform Jeugdcriminaliteit: platform on youth crime."""
    JCO = "jco"
    """Justitieel casusoverleg: the justice partners' case consultation on individual youths."""
    SAFETY_HOUSE_CASE_CONSULTATION = "safety_house_case_consultation"
    """A case consultation in a Zorg- en Veiligheidshuis."""
    LOCAL_NETWORK = "local_network"
    """A local network consultation (lokaal netwerkoverleg) in a municipality."""
    NATIONAL_CONSULTATION = "national_consultation"
    """A national consultation (landelijk overleg) with ministries and national partners."""
    OTHER = "other"
    """Any other forum."""

    @property
    def profile(self) -> ForumKindProfile:
        """What is usual for this kind of forum (see :data:`FORUM_KINDS`)."""
        return FORUM_KINDS[self]


class HaltRole(enum.StrEnum):
    """The part Halt plays in a forum."""

    MEMBER = "member"
    """A full member (lid)."""
    INFORMATION_SUPPLIER = "information_supplier"
    """Supplies information on youths known to Halt (informatieleverancier)."""
    CHAIR = "chair"
    """Chairs the forum (voorzitter)."""
    GUEST = "guest"
    """Attends on invitation (gast)."""


@attrs.frozen(kw_only=True)
class ForumKindProfile:
    """What is usual for one :class:`ForumKind`.

    Attributes:
        dutch_name: the name Dutch colleagues use.
        english_name: the English name.
        level: the level forums of this kind work at, or None where any level is usual.
        discusses_cases: whether it discusses individual youths (a case consultation).
        usual_participants: the kinds of partner usually at the table besides Halt.
        halt_roles: the roles Halt may have in it.

    """

    dutch_name: str = attrs.field(metadata=ORGANISATIONAL)
    english_name: str = attrs.field(metadata=ORGANISATIONAL)
    level: Level | None = attrs.field(metadata=ORGANISATIONAL)
    discusses_cases: bool = attrs.field(metadata=ORGANISATIONAL)
    usual_participants: frozenset[PartnerKind] = attrs.field(metadata=ORGANISATIONAL)
    halt_roles: frozenset[HaltRole] = attrs.field(metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)


_STEERING_ROLES = frozenset({HaltRole.MEMBER, HaltRole.CHAIR, HaltRole.GUEST})
_CASE_ROLES = frozenset({HaltRole.INFORMATION_SUPPLIER})
_K = PartnerKind

FORUM_KINDS: Mapping[ForumKind, ForumKindProfile] = MappingProxyType(
    {
        ForumKind.AJB: ForumKindProfile(
            dutch_name="Arrondissementaal Jeugd Beraad (AJB)",
            english_name="arrondissement youth council",
            level=Level.REGIONAL,
            discusses_cases=False,
            usual_participants=frozenset(
                {_K.PUBLIC_PROSECUTION, _K.POLICE, _K.CHILD_PROTECTION_BOARD, _K.MUNICIPALITY}
            ),
            halt_roles=_STEERING_ROLES,
        ),
        ForumKind.APJ: ForumKindProfile(
            dutch_name="Arrondissementaal Platform Jeugdcriminaliteit (APJ)",
            english_name="arrondissement platform on youth crime",
            level=Level.REGIONAL,
            discusses_cases=False,
            usual_participants=frozenset(
                {_K.PUBLIC_PROSECUTION, _K.POLICE, _K.CHILD_PROTECTION_BOARD, _K.YOUTH_PROBATION}
            ),
            halt_roles=_STEERING_ROLES,
        ),
        ForumKind.JCO: ForumKindProfile(
            dutch_name="Justitieel casusoverleg (JCO)",
            english_name="justice case consultation",
            level=Level.REGIONAL,
            discusses_cases=True,
            usual_participants=frozenset(
                {_K.PUBLIC_PROSECUTION, _K.POLICE, _K.CHILD_PROTECTION_BOARD, _K.YOUTH_PROBATION}
            ),
            halt_roles=_CASE_ROLES,
        ),
        ForumKind.SAFETY_HOUSE_CASE_CONSULTATION: ForumKindProfile(
            dutch_name="Casusoverleg Zorg- en Veiligheidshuis",
            english_name="safety house case consultation",
            level=Level.REGIONAL,
            discusses_cases=True,
            usual_participants=frozenset(
                {_K.SAFETY_HOUSE, _K.POLICE, _K.PUBLIC_PROSECUTION, _K.MUNICIPALITY, _K.YOUTH_CARE}
            ),
            halt_roles=_CASE_ROLES,
        ),
        ForumKind.LOCAL_NETWORK: ForumKindProfile(
            dutch_name="Lokaal netwerkoverleg",
            english_name="local network consultation",
            level=Level.LOCAL,
            discusses_cases=False,
            usual_participants=frozenset(
                {_K.MUNICIPALITY, _K.POLICE, _K.WELFARE, _K.COMPULSORY_EDUCATION_OFFICE}
            ),
            halt_roles=frozenset(HaltRole),
        ),
        ForumKind.NATIONAL_CONSULTATION: ForumKindProfile(
            dutch_name="Landelijk overleg",
            english_name="national consultation",
            level=Level.NATIONAL,
            discusses_cases=False,
            usual_participants=frozenset(
                {
                    _K.MINISTRY_OF_JUSTICE_AND_SECURITY,
                    _K.PUBLIC_PROSECUTION,
                    _K.POLICE,
                    _K.CHILD_PROTECTION_BOARD,
                }
            ),
            halt_roles=_STEERING_ROLES,
        ),
        ForumKind.OTHER: ForumKindProfile(
            dutch_name="Overig overleg",
            english_name="other forum",
            level=None,
            discusses_cases=False,
            usual_participants=frozenset(),
            halt_roles=frozenset(HaltRole),
        ),
    }
)
"""The catalogue: every :class:`ForumKind` with its :class:`ForumKindProfile`."""


class Frequency(enum.StrEnum):
    """How often a forum with a fixed cadence meets."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"


@attrs.frozen(kw_only=True)
class Cadence:
    """A fixed rhythm of meetings: every ``interval`` weeks or months.

    Attributes:
        frequency: weekly or monthly.
        interval: every how many weeks or months, 1 to 12.

    """

    frequency: Frequency = attrs.field(metadata=ORGANISATIONAL)
    interval: int = attrs.field(default=1, validator=whole_number(1, 12), metadata=ORGANISATIONAL)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class Forum:
    """A standing consultation Halt takes part in.

    Attributes:
        id: the forum's id.
        name: its name, e.g. ``"JCO Amsterdam-Amstelland"``.
        kind: what kind of forum it is.
        level: the level it works at.
        area: the area it covers.
        members: the partners at the table besides Halt.
        halt_role: the part Halt plays in it.
        period: the forum's life: since when it meets, and until when if it ended.
        cadence: its fixed rhythm of meetings, if it has one.
        collaboration: the collaboration it belongs to, if any.
        notes: anything else worth knowing, free text.

    """

    id: ForumId = attrs.field(metadata=ORGANISATIONAL)
    name: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    kind: ForumKind = attrs.field(metadata=ORGANISATIONAL)
    level: Level = attrs.field(metadata=ORGANISATIONAL)
    area: Area = attrs.field(metadata=ORGANISATIONAL)
    members: tuple[PartnerId, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)
    halt_role: HaltRole = attrs.field(metadata=ORGANISATIONAL)
    period: Period = attrs.field(metadata=ORGANISATIONAL)
    cadence: Cadence | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    collaboration: CollaborationId | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    notes: str = attrs.field(default="", validator=free_text(), metadata=FREE_TEXT)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class AgendaItem:
    """One item on a meeting's agenda.

    Attributes:
        title: what is discussed, e.g. ``"Cijfers Halt-verwijzingen Q3"``.
        notes: more about it, free text.

    """

    # Typed at a case consultation, where a title may name a youth: free text.
    title: str = attrs.field(validator=text(200), metadata=FREE_TEXT)
    notes: str = attrs.field(default="", validator=free_text(), metadata=FREE_TEXT)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class CaseOnAgenda:
    """An individual youth discussed in a case consultation, by pseudonym only.

    Attributes:
        youth: the youth's pseudonym, never a name.
        municipality: the CBS code of the municipality the case belongs to.
        referral: the Halt referral the case concerns, if any.
        discussed_with: the partners at the table while the case was discussed, when some
            attendees left the table for it; None when it was discussed with every attendee
            of the meeting.

    """

    youth: YouthPseudonym = attrs.field(validator=check_pseudonym, metadata=PSEUDONYMOUS_REFERENCE)
    municipality: str = attrs.field(
        validator=matches(MUNICIPALITY_CODE, "expected GM and 4 digits, e.g. GM0363"),
        metadata=YOUTH_PERSONAL,
    )
    referral: ReferralId | None = attrs.field(default=None, metadata=PSEUDONYMOUS_REFERENCE)
    # That a partner discussed this youth at a justice table is justice data about the youth.
    discussed_with: tuple[PartnerId, ...] | None = attrs.field(default=None, metadata=YOUTH_JUSTICE)

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class Meeting:
    """One meeting of a forum.

    Attributes:
        id: the meeting's id.
        forum: the forum that meets.
        start: when it starts, with a time zone (kept in Europe/Amsterdam).
        end: when it ends, after the start.
        location: where, e.g. ``"Veiligheidshuis Zaanstreek, Zaandam"`` or ``"online"``.
        agenda: what is discussed.
        cases: for a case consultation, the youths on the agenda.
        attendees: the partners at the table (members of the forum, besides Halt); empty
            when not recorded.
        cancelled_on: the day the meeting was called off, or None while it is to be held
            (or was held). A called-off meeting is kept, marked, rather than deleted, so a
            calendar that imported it can be told (:func:`~halt_core.lifecycle.cancel_meeting`);
            it is not held: the rules and the calendar treat it so (:attr:`cancelled`).
        cancellation_reason: why it was called off, free text; empty when not told or not
            cancelled.

    """

    # A meeting is about a forum, not a youth: its id and time are organisational; the
    # youths on its agenda are in ``cases``.
    id: MeetingId = attrs.field(metadata=ORGANISATIONAL)
    forum: ForumId = attrs.field(metadata=ORGANISATIONAL)
    # Checked in __attrs_post_init__ with the order of the two: one call, not three.
    start: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    end: dt.datetime = attrs.field(metadata=ORGANISATIONAL)
    location: str = attrs.field(validator=text(200), metadata=ORGANISATIONAL)
    # The strictest category of the records' fields (halt_core.privacy.categories.strictest):
    # typed titles and notes; the youth's municipality (with the reference) for the cases.
    agenda: tuple[AgendaItem, ...] = attrs.field(default=(), metadata=FREE_TEXT)
    cases: tuple[CaseOnAgenda, ...] = attrs.field(default=(), metadata=YOUTH_PERSONAL)
    attendees: tuple[PartnerId, ...] = attrs.field(default=(), metadata=ORGANISATIONAL)
    # Documents written before meetings could be called off have neither: not cancelled.
    cancelled_on: dt.date | None = attrs.field(default=None, metadata=ORGANISATIONAL)
    # Typed by whoever called it off: free text, as long as an event's reason may be.
    cancellation_reason: str = attrs.field(
        default="", validator=free_text(1000), metadata=FREE_TEXT
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)
        check_time_slot(self, self.start, self.end)

    @property
    def cancelled(self) -> bool:
        """Whether the meeting was called off (:attr:`cancelled_on` is set): it is not held."""
        return self.cancelled_on is not None


def at_the_table(case: CaseOnAgenda, meeting: Meeting, forum: Forum) -> tuple[PartnerId, ...]:
    """The partners that heard ``case`` at ``meeting`` of ``forum``, each once, besides Halt.

    Those the case was discussed with (:attr:`CaseOnAgenda.discussed_with`) when recorded;
    else every attendee of the meeting; else, when attendance was not recorded either, every
    member of the forum, since no one is recorded to have left. The rules judge who heard a
    case by it, and the information sheets are made for these partners.
    """
    if case.discussed_with is not None:
        heard = case.discussed_with
    elif meeting.attendees:
        heard = meeting.attendees
    else:
        heard = forum.members
    return tuple(dict.fromkeys(heard))
