"""The end of a partner: the organisation closed, merged or stopped working with Halt.

Partners have no status, and so no :class:`~halt_core.lifecycle.machine.Lifecycle`; ending
one is told as a transition's change is: :func:`end_partner` takes the partner, who acts
(``by``), when (``at``) and the data the step needs, and returns the ended partner with the
:class:`~halt_core.events.PartnerEnded` event. The partner is kept, so the work done with it
still names it; the rules report new work with it (see :class:`~halt_core.model.Partner`).
"""

from __future__ import annotations

import datetime as dt

import attrs

from halt_core.errors import InvalidValue, TransitionRefused
from halt_core.events.partners import PartnerEnded
from halt_core.ids import EventId, new_id
from halt_core.lifecycle._steps import check_actor
from halt_core.model.partners import Partner

__all__ = ["end_partner"]


def end_partner(
    partner: Partner,
    *,
    on: dt.date,
    reason: str,
    by: str,
    at: dt.datetime,
    event_id: EventId | None = None,
) -> tuple[Partner, PartnerEnded]:
    """End ``partner`` on the day ``on`` (its last day), saying why.

    The partner gets :attr:`~halt_core.model.Partner.ended_on` and
    :attr:`~halt_core.model.Partner.end_reason`; the event carries both. Refused for a
    partner that has already ended, without a reason, or when ``on`` is not a day (a
    ``datetime.date``). Pass ``event_id`` for a fixed event id; a random one otherwise.
    """
    _check_who_and_when(partner, by, at)
    if partner.ended_on is not None:
        raise _refused(
            partner,
            f"it already ended on {partner.ended_on.isoformat()}",
            "a partner ends once; to correct the day or the reason, change the record",
        )
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise _refused(
            partner,
            f"on must be a day (a datetime.date), got {on!r}",
            "pass on=date(...), e.g. on=date(2025, 12, 31)",
        )
    if not isinstance(reason, str) or not reason.strip():
        raise _refused(
            partner,
            f"no reason was given (got {reason!r})",
            "pass reason='...' saying why in a few words; listeners and the audit trail show it",
        )
    event = PartnerEnded(
        id=event_id or new_id(EventId),
        occurred_at=at,
        actor=by,
        partner=partner.id,
        ended_on=on,
        reason=reason,
    )
    # The event checked the reason's length; the partner keeps it as the event has it.
    return attrs.evolve(partner, ended_on=on, end_reason=event.reason), event


def _check_who_and_when(partner: object, by: object, at: object) -> None:
    if not isinstance(partner, Partner):
        raise InvalidValue("end_partner", "partner", partner, "expected a Partner")
    check_actor("end_partner", by, at)


def _refused(partner: Partner, problem: str, hint: str) -> TransitionRefused:
    return TransitionRefused("partner", partner.id, "end", problem, hint)
