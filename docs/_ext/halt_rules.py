"""``.. rules-reference::``: every built-in rule, rendered from the rule objects themselves.

Each rule gets a section headed by its id and title, with its severity, subject, reason (the
rule function's docstring) and both message templates, so the page can never drift from the
code.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from halt_core.rules import BUILT_IN_RULES, Subject

_SUBJECT_TITLES = {
    Subject.PARTNER: "Partners",
    Subject.COLLABORATION: "Collaborations",
    Subject.FORUM: "Forums",
    Subject.MEETING: "Meetings",
    Subject.INTERVENTION: "Preventive interventions",
    Subject.REFERRAL: "Referrals",
}


class RulesReference(SphinxDirective):
    """Render the rules reference: a section per subject, a subsection per rule."""

    def run(self) -> list[nodes.Node]:
        """Build the sections from :data:`halt_core.rules.BUILT_IN_RULES`."""
        source = self.get_source_info()[0]
        lines: list[str] = []
        for subject, title in _SUBJECT_TITLES.items():
            rules = [rule for rule in BUILT_IN_RULES if rule.subject is subject]
            if not rules:
                continue
            lines += [title, "-" * len(title), ""]
            for rule in rules:
                heading = f"{rule.id}: {rule.title}"
                lines += [
                    f".. _{rule.id.lower()}:",
                    "",
                    heading,
                    "~" * len(heading),
                    "",
                    f":Severity: {rule.severity.value}",
                    f":Subject: {rule.subject.value}",
                    "",
                    *rule.reason.splitlines(),
                    "",
                    "Message (English):",
                    "",
                    f"   {_literal(rule.message_en)}",
                    "",
                    "Message (Dutch):",
                    "",
                    f"   {_literal(rule.message_nl)}",
                    "",
                ]
        container = nodes.section()
        container.document = self.state.document
        self.state.nested_parse(
            StringList(lines, source), self.content_offset, container, match_titles=True
        )
        return list(container.children)


def _literal(text: str) -> str:
    return "``" + text.replace("``", "`\u200b`") + "``"


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("rules-reference", RulesReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
