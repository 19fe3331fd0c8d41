"""The facts of law and practice that the rules and the lifecycles both follow.

Ages Halt handles, the most hours of a Halt settlement, the ages a lesson is for, who
commissions school safety advice: data with documented defaults, not code, so a tool passes
its own when the law or practice changes. One place for them: the rules
(:meth:`halt_core.rules.RuleSet.check`) and the lifecycles
(:func:`halt_core.lifecycle.complete_referral`) take the same :class:`RuleSettings`, so what
is reported and what is refused never disagree. Also importable from :mod:`halt_core.rules`.
"""

from __future__ import annotations

import attrs

from halt_core.model._categories import ORGANISATIONAL
from halt_core.model._checks import check_types, whole_number
from halt_core.model.interventions import AgeRange
from halt_core.model.partners import PartnerKind

__all__ = ["MAX_SETTLEMENT_HOURS", "SAFETY_ADVICE_COMMISSIONERS", "RuleSettings"]

_HALT_AGES = AgeRange(minimum=12, maximum=17)
_LESSON_AGES = AgeRange(minimum=9, maximum=18)

MAX_SETTLEMENT_HOURS = 20
"""The most hours a Halt settlement may take by law (art. 77e Wetboek van Strafrecht).

The default of :attr:`RuleSettings.max_settlement_hours`, which the rules *and* the
referral lifecycle (:func:`~halt_core.lifecycle.complete_referral`) use: pass your own
settings to both when the law changes.
"""

SAFETY_ADVICE_COMMISSIONERS: frozenset[PartnerKind] = frozenset(
    {
        PartnerKind.SCHOOL,
        PartnerKind.MUNICIPALITY,
        PartnerKind.MINISTRY_OF_EDUCATION,
        PartnerKind.MINISTRY_OF_THE_INTERIOR,
        PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY,
    }
)
"""The kinds of partner that commission school safety advice by default: the school itself,
its municipality (which commissions most of Halt's preventive work) and the ministries."""


@attrs.frozen(kw_only=True)
class RuleSettings:
    """Facts of law and practice the rules use, as data with documented defaults.

    They change more often than code should: pass your own to :meth:`RuleSet.check`.

    Attributes:
        halt_ages: the ages at the offence Halt handles: 12 up to the 18th birthday (art. 77e
            Wetboek van Strafrecht).
        max_settlement_hours: the most hours a Halt settlement may take (20); a whole number
            from 1 to 100.
        lesson_ages: the ages an information lesson is given to: primary school years 7 and 8
            (about 10 to 12) and secondary school (up to 18), with a year's margin.
        safety_advice_commissioners: the kinds of partner that may commission school safety
            advice (:data:`SAFETY_ADVICE_COMMISSIONERS`: a school, a municipality, a ministry).

    Each is checked when the settings are made: an :class:`~halt_core.model.AgeRange` for the
    ages, an ``int`` for the hours, a frozenset of :class:`~halt_core.model.PartnerKind` for
    the commissioners; anything else raises :class:`~halt_core.errors.InvalidValue`.

    The referral lifecycle takes the same settings
    (:func:`~halt_core.lifecycle.complete_referral`), so what the rules report and what the
    lifecycle refuses come from one place.

    """

    # Settings, not records: no personal data, so organisational like the model's catalogues.
    halt_ages: AgeRange = attrs.field(default=_HALT_AGES, metadata=ORGANISATIONAL)
    max_settlement_hours: int = attrs.field(
        default=MAX_SETTLEMENT_HOURS, validator=whole_number(1, 100), metadata=ORGANISATIONAL
    )
    lesson_ages: AgeRange = attrs.field(default=_LESSON_AGES, metadata=ORGANISATIONAL)
    safety_advice_commissioners: frozenset[PartnerKind] = attrs.field(
        default=SAFETY_ADVICE_COMMISSIONERS, metadata=ORGANISATIONAL
    )

    def __attrs_post_init__(self) -> None:
        check_types(self)
