"""Rules about collaborations: who takes part, who commissions, where and when.

The rules live in private modules, one per idea (``_collaboration_partners``,
``_collaboration_areas``, ``_collaboration_life``); this module gathers them in the order of
:data:`RULES`.
"""

from __future__ import annotations

from halt_core.rules._collaboration_areas import (
    collaboration_area_exists,
    collaboration_area_matches_level,
    regional_collaboration_stays_in_area,
)
from halt_core.rules._collaboration_life import (
    active_collaboration_within_period,
    ended_collaboration_has_period_end,
    ended_collaboration_plans_nothing,
    no_duplicate_active_collaborations,
)
from halt_core.rules._collaboration_partners import (
    chain_cooperation_is_for_chain_partners,
    collaboration_has_partner,
    collaboration_partner_once,
    collaboration_partners_exist,
    collaboration_partners_not_ended,
    commission_has_commissioner,
    commissioner_may_commission,
)

__all__ = ["RULES"]

RULES = (
    collaboration_has_partner,
    collaboration_partner_once,
    collaboration_partners_exist,
    commission_has_commissioner,
    commissioner_may_commission,
    chain_cooperation_is_for_chain_partners,
    regional_collaboration_stays_in_area,
    no_duplicate_active_collaborations,
    ended_collaboration_plans_nothing,
    collaboration_area_matches_level,
    collaboration_area_exists,
    active_collaboration_within_period,
    ended_collaboration_has_period_end,
    collaboration_partners_not_ended,
)
"""The built-in collaboration rules."""
