"""The machinery of rules, gathered from its modules: one place to import it from.

- :mod:`._violations`: severities, subjects, violations, findings and :class:`RuleError`;
- :mod:`._context`: :class:`CheckContext`, what a rule sees, with its shared indexes;
- :mod:`._rule`: :class:`Rule` and the :func:`record_rule` and :func:`network_rule` decorators;
- :mod:`._report`: :class:`Report`;
- :mod:`._ruleset`: :class:`RuleSet`, the whole check and the incremental one;
- :mod:`._changes` and :mod:`._incremental`: what an incremental check builds on.
"""

from __future__ import annotations

from halt_core.model.settings import (
    MAX_SETTLEMENT_HOURS,
    SAFETY_ADVICE_COMMISSIONERS,
    RuleSettings,
)
from halt_core.rules._changes import Changes
from halt_core.rules._context import CheckContext
from halt_core.rules._report import Report
from halt_core.rules._rule import Check, Rule, network_rule, record_rule
from halt_core.rules._ruleset import RuleSet
from halt_core.rules._violations import Finding, RuleError, Severity, Subject, Violation

__all__ = [
    "MAX_SETTLEMENT_HOURS",
    "SAFETY_ADVICE_COMMISSIONERS",
    "Changes",
    "Check",
    "CheckContext",
    "Finding",
    "Report",
    "Rule",
    "RuleError",
    "RuleSet",
    "RuleSettings",
    "Severity",
    "Subject",
    "Violation",
    "network_rule",
    "record_rule",
]
