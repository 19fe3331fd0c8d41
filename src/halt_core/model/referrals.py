"""Referrals: the repressive side, kept minimal.

A referral (verwijzing) sends a youth who committed a minor offence to Halt for a Halt
settlement instead of prosecution. The model keeps only what the work needs: a pseudonym,
the age at the offence (not a date of birth), the category of offence, dates and the
outcome.
"""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from halt_core.errors import InvalidValue
from halt_core.ids import PartnerId, ReferralId
from halt_core.model._categories import PSEUDONYMOUS_REFERENCE, YOUTH_JUSTICE, YOUTH_PERSONAL
from halt_core.model._checks import (
    MUNICIPALITY_CODE,
    check_types,
    matches,
    optional,
    whole_number,
)
from halt_core.model.pseudonyms import YouthPseudonym, check_pseudonym

__all__ = [
    "OffenceCategory",
    "Outcome",
    "OutcomeResult",
    "Referral",
    "ReferralStatus",
]


class OffenceCategory(enum.StrEnum):
    """The category of the offence a youth is referred for."""

    SHOPLIFTING = "shoplifting"
    """Winkeldiefstal."""
    VANDALISM = "vandalism"
    """Vernieling / vandalisme."""
    FIREWORKS = "fireworks"
    """Vuurwerkovertreding."""
    NUISANCE = "nuisance"
    """Lichte overlast, e.g. public drunkenness or disturbance."""
    TRUANCY = "truancy"
    """Schoolverzuim (referred by a compulsory-education officer)."""
    MINOR_THEFT = "minor_theft"
    """Eenvoudige diefstal other than from a shop."""
    OTHER = "other"
    """Another offence designated for the Halt settlement."""


class ReferralStatus(enum.StrEnum):
    """Where a referral stands in its lifecycle."""

    RECEIVED = "received"
    """Aanmelding: received from the referrer."""
    INTAKE = "intake"
    """Intake with the youth and parents."""
    AGREEMENTS_MADE = "agreements_made"
    """Agreements made: apologies, repair of damage, learning assignments."""
    CARRIED_OUT = "carried_out"
    """The youth carried out the agreements; awaiting the decision."""
    COMPLETED = "completed"
    """Completed positively; the youth is not prosecuted."""
    RETURNED = "returned"
    """Completed negatively; returned to the referrer and the OM."""
    REFUSED = "refused"
    """Refused: the referral did not meet the conditions."""


class OutcomeResult(enum.StrEnum):
    """How a Halt settlement ended."""

    POSITIVE = "positive"
    """Afgerond positief."""
    NEGATIVE = "negative"
    """Afgerond negatief: returned to the referrer and the OM."""


_RESULT_OF_STATUS = {
    ReferralStatus.COMPLETED: OutcomeResult.POSITIVE,
    ReferralStatus.RETURNED: OutcomeResult.NEGATIVE,
}


@attrs.frozen(kw_only=True)
class Outcome:
    """How a referral ended; the public prosecutor is informed of it.

    Attributes:
        result: positive or negative.
        decided_on: the day it was decided.
        hours: the hours of the settlement that were carried out.

    """

    result: OutcomeResult = attrs.field(metadata=YOUTH_JUSTICE)
    decided_on: dt.date = attrs.field(metadata=YOUTH_JUSTICE)
    hours: int | None = attrs.field(
        default=None, validator=optional(whole_number(0, 100)), metadata=YOUTH_JUSTICE
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)


@attrs.frozen(kw_only=True)
class Referral:
    """A youth referred to Halt, held pseudonymously and minimally.

    The outcome is there exactly when the referral is completed or returned, and its result
    matches the status. Whether the referrer may refer, whether the age is one Halt handles
    and whether the dates are in order are rules (:mod:`halt_core.rules`), so a wrong record
    can still be loaded and corrected.

    Attributes:
        id: the referral's id.
        referrer: the partner that referred the youth.
        youth: the youth's pseudonym, never a name.
        age_at_offence: the youth's age in whole years on the day of the offence.
        offence: the category of the offence.
        offence_date: the day of the offence.
        referred_on: the day Halt received the referral.
        municipality: the CBS code of the municipality the referral belongs to.
        status: where it stands in its lifecycle.
        outcome: how it ended, once completed or returned.

    """

    # Categories: a referral is about one youth, so its id leads to one (a reference); who
    # referred the youth, its dates and its status are justice data about that youth.
    id: ReferralId = attrs.field(metadata=PSEUDONYMOUS_REFERENCE)
    referrer: PartnerId = attrs.field(metadata=YOUTH_JUSTICE)
    youth: YouthPseudonym = attrs.field(validator=check_pseudonym, metadata=PSEUDONYMOUS_REFERENCE)
    age_at_offence: int = attrs.field(validator=whole_number(0, 30), metadata=YOUTH_PERSONAL)
    offence: OffenceCategory = attrs.field(metadata=YOUTH_JUSTICE)
    offence_date: dt.date = attrs.field(metadata=YOUTH_JUSTICE)
    referred_on: dt.date = attrs.field(metadata=YOUTH_JUSTICE)
    municipality: str = attrs.field(
        validator=matches(MUNICIPALITY_CODE, "expected GM and 4 digits, e.g. GM0363"),
        metadata=YOUTH_PERSONAL,
    )
    status: ReferralStatus = attrs.field(default=ReferralStatus.RECEIVED, metadata=YOUTH_JUSTICE)
    outcome: Outcome | None = attrs.field(default=None, metadata=YOUTH_JUSTICE)

    def __attrs_post_init__(self) -> None:
        check_types(self)
        expected = _RESULT_OF_STATUS.get(self.status)
        if expected is None and self.outcome is not None:
            raise InvalidValue(
                "Referral",
                "outcome",
                self.outcome,
                f"a referral that is {self.status.value} has no outcome yet; "
                "only completed and returned referrals have one",
            )
        if expected is not None and (self.outcome is None or self.outcome.result is not expected):
            raise InvalidValue(
                "Referral",
                "outcome",
                self.outcome,
                f"a {self.status.value} referral needs an outcome with result {expected.value!r}",
            )
