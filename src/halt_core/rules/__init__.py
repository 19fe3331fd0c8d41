"""Rules: what may happen in Halt's collaboration network, and why not.

:func:`default_rules` returns the built-in :class:`RuleSet`; ``RuleSet.check(network)``
returns a :class:`Report` of *every* violation, each explained in English and Dutch::

    report = default_rules().check(network)
    for violation in report.errors:
        print(violation.rule_id, violation.message("nl"))

A tool adds its own rules (made with :func:`record_rule` or :func:`network_rule`) with
:meth:`RuleSet.with_rules`, and turns built-in ones off by id with :meth:`RuleSet.without`.
Rules never raise for a violation; they report it.

A tool that changes a few records keeps its report up to date with an incremental check,
which checks again only what the changes can affect::

    partial = rules.check(new_network, changed=ids, previous=report)
    report = report.updated(partial)  # exactly what rules.check(new_network) reports
"""

from __future__ import annotations

from halt_core.rules import collaborations, forums, interventions, partners, referrals
from halt_core.rules._core import (
    SAFETY_ADVICE_COMMISSIONERS,
    Changes,
    CheckContext,
    Finding,
    Report,
    Rule,
    RuleError,
    RuleSet,
    RuleSettings,
    Severity,
    Subject,
    Violation,
    network_rule,
    record_rule,
)

__all__ = [
    "BUILT_IN_RULES",
    "SAFETY_ADVICE_COMMISSIONERS",
    "Changes",
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
    "default_rules",
    "network_rule",
    "record_rule",
]

BUILT_IN_RULES: tuple[Rule, ...] = (
    *partners.RULES,
    *collaborations.RULES,
    *forums.RULES,
    *interventions.RULES,
    *referrals.RULES,
)
"""Every built-in rule, grouped by subject."""


def default_rules() -> RuleSet:
    """The built-in rule set: every rule in :data:`BUILT_IN_RULES`."""
    return RuleSet(BUILT_IN_RULES)
