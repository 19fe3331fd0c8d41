"""Rules about preventive interventions: what each kind needs, and when its sessions are.

The rules live in private modules, one per idea (``_intervention_kinds``,
``_intervention_sessions``, ``_intervention_records``); this module gathers them in the order of
:data:`RULES`.
"""

from __future__ import annotations

from halt_core.rules._intervention_kinds import (
    group_work_is_local,
    lesson_ages_fit,
    lesson_at_school,
    safe_public_task_for_education_staff,
    safety_advice_for_a_school,
    works_with_a_youth_group,
)
from halt_core.rules._intervention_records import (
    agreed_work_names_commissioner,
    commissioner_of_the_commission,
    evaluation_matches_status,
    intervention_area_exists,
    intervention_commissioner_may_commission,
    intervention_references_exist,
    names_a_problem_area,
    work_with_partners_not_ended,
)
from halt_core.rules._intervention_sessions import (
    delivered_sessions_in_past,
    planned_work_has_sessions,
    session_ids_unique,
    session_within_one_day,
    sessions_do_not_overlap,
    sessions_inside_period,
    trainer_in_one_place,
)

__all__ = ["RULES"]

RULES = (
    lesson_at_school,
    lesson_ages_fit,
    safety_advice_for_a_school,
    works_with_a_youth_group,
    group_work_is_local,
    safe_public_task_for_education_staff,
    sessions_inside_period,
    sessions_do_not_overlap,
    trainer_in_one_place,
    delivered_sessions_in_past,
    planned_work_has_sessions,
    evaluation_matches_status,
    intervention_references_exist,
    intervention_commissioner_may_commission,
    agreed_work_names_commissioner,
    names_a_problem_area,
    session_ids_unique,
    intervention_area_exists,
    session_within_one_day,
    commissioner_of_the_commission,
    work_with_partners_not_ended,
)
"""The built-in intervention rules."""
