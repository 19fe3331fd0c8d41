"""The events of a referral, one for each step of its lifecycle.

Each is returned by a transition of :mod:`halt_core.lifecycle.referrals`, next to the
referral it changed.
"""

from __future__ import annotations

import uuid
from typing import Any, Literal

import attrs

from halt_core.events.base import _REASON_LENGTH, Event, _family
from halt_core.ids import ReferralId
from halt_core.model._categories import (
    FREE_TEXT,
    ORGANISATIONAL,
    PSEUDONYMOUS_REFERENCE,
    YOUTH_JUSTICE,
)
from halt_core.model._checks import Validator, fail, text
from halt_core.model.referrals import Outcome, OutcomeResult, ReferralStatus

__all__ = [
    "ReferralAgreementsMade",
    "ReferralCarriedOut",
    "ReferralCompleted",
    "ReferralEvent",
    "ReferralIntakeStarted",
    "ReferralRefused",
    "ReferralReturned",
]


def _outcome_with(result: OutcomeResult) -> Validator:
    def check(instance: object, attribute: Any, value: Outcome) -> None:
        if isinstance(value, Outcome) and value.result is not result:
            raise fail(instance, attribute, value, f"expected an outcome with result {result!r}")

    return check


@_family
@attrs.frozen(kw_only=True)
class ReferralEvent(Event):
    """Something that happened to a referral.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral it happened to.
        from_status: the referral's status before.
        to_status: the referral's status after.

    """

    referral: ReferralId = attrs.field(metadata=PSEUDONYMOUS_REFERENCE)
    from_status: ReferralStatus = attrs.field(metadata=YOUTH_JUSTICE)
    to_status: ReferralStatus = attrs.field(metadata=YOUTH_JUSTICE)

    @property
    def subject(self) -> uuid.UUID:
        """The referral's id."""
        return self.referral


@attrs.frozen(kw_only=True)
class ReferralIntakeStarted(ReferralEvent):
    """The intake with the youth and the parents started.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``received``.
        to_status: ``intake``.
        type: ``nl.halt.referral.intake_started``.

    """

    type: Literal["nl.halt.referral.intake_started"] = attrs.field(
        default="nl.halt.referral.intake_started", metadata=ORGANISATIONAL
    )


@attrs.frozen(kw_only=True)
class ReferralAgreementsMade(ReferralEvent):
    """Agreements were made with the youth: apologies, repair of damage, assignments.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``intake``.
        to_status: ``agreements_made``.
        type: ``nl.halt.referral.agreements_made``.

    """

    type: Literal["nl.halt.referral.agreements_made"] = attrs.field(
        default="nl.halt.referral.agreements_made", metadata=ORGANISATIONAL
    )


@attrs.frozen(kw_only=True)
class ReferralCarriedOut(ReferralEvent):
    """The youth carried out the agreements; the decision is next.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``agreements_made``.
        to_status: ``carried_out``.
        type: ``nl.halt.referral.carried_out``.

    """

    type: Literal["nl.halt.referral.carried_out"] = attrs.field(
        default="nl.halt.referral.carried_out", metadata=ORGANISATIONAL
    )


@attrs.frozen(kw_only=True)
class ReferralCompleted(ReferralEvent):
    """The Halt settlement ended positively: the youth is not prosecuted.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``carried_out``.
        to_status: ``completed``.
        type: ``nl.halt.referral.completed``.
        outcome: the positive outcome, as the public prosecutor is to be told.

    """

    type: Literal["nl.halt.referral.completed"] = attrs.field(
        default="nl.halt.referral.completed", metadata=ORGANISATIONAL
    )
    outcome: Outcome = attrs.field(
        validator=_outcome_with(OutcomeResult.POSITIVE), metadata=YOUTH_JUSTICE
    )


@attrs.frozen(kw_only=True)
class ReferralReturned(ReferralEvent):
    """The Halt settlement ended negatively: back to the referrer and the public prosecutor.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``agreements_made`` or ``carried_out``.
        to_status: ``returned``.
        type: ``nl.halt.referral.returned``.
        outcome: the negative outcome.
        reason: why it was returned, in a few words.

    """

    type: Literal["nl.halt.referral.returned"] = attrs.field(
        default="nl.halt.referral.returned", metadata=ORGANISATIONAL
    )
    outcome: Outcome = attrs.field(
        validator=_outcome_with(OutcomeResult.NEGATIVE), metadata=YOUTH_JUSTICE
    )
    reason: str = attrs.field(validator=text(_REASON_LENGTH), metadata=FREE_TEXT)


@attrs.frozen(kw_only=True)
class ReferralRefused(ReferralEvent):
    """The referral did not meet the conditions of a Halt settlement.

    Attributes:
        id: the event's id.
        occurred_at: when it happened, kept in UTC.
        actor: who did it.
        referral: the referral.
        from_status: ``received`` or ``intake``.
        to_status: ``refused``.
        type: ``nl.halt.referral.refused``.
        reason: which condition it did not meet, in a few words.

    """

    type: Literal["nl.halt.referral.refused"] = attrs.field(
        default="nl.halt.referral.refused", metadata=ORGANISATIONAL
    )
    reason: str = attrs.field(validator=text(_REASON_LENGTH), metadata=FREE_TEXT)
