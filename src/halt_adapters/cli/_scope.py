"""What a scoped ``halt check`` says at the end: what it checked, and what it read besides."""

from __future__ import annotations

from halt_adapters.cli._context import App
from halt_core.scoped import ScopedReport

__all__ = ["print_scope"]

_WORDS = {
    "en": {
        "checked": "Checked {scope}: {subjects:,} records, holding at most {held:,} at once.",
        "wider": "Rules that read records outside it: {rules}.",
        "read": "{rule} ({count:,} records)",
        "not run": (
            "Not run, as what they read is not known: {rules}; a check of the whole store "
            "runs them."
        ),
    },
    "nl": {
        "checked": (
            "Gecontroleerd: {scope}: {subjects:,} records, met ten hoogste {held:,} tegelijk "
            "in het geheugen."
        ),
        "wider": "Regels die records daarbuiten lazen: {rules}.",
        "read": "{rule} ({count:,} records)",
        "not run": (
            "Niet uitgevoerd, omdat niet bekend is wat ze lezen: {rules}; een controle van de "
            "hele opslag voert ze uit."
        ),
    },
}


def print_scope(app: App, scoped: ScopedReport, language: str, scope: tuple[str, str]) -> None:
    """Print what ``scoped`` checked (``scope``: its name in English and Dutch) and read."""
    words = _WORDS[language]
    name = scope[1] if language == "nl" else scope[0]
    app.console.print(
        "\n" + words["checked"].format(scope=name, subjects=scoped.subjects, held=scoped.held),
        highlight=False,
        markup=False,
    )
    if scoped.wider:
        read = ", ".join(
            words["read"].format(rule=rule, count=count)
            for rule, count in sorted(scoped.wider.items())
        )
        app.console.print(words["wider"].format(rules=read), highlight=False, markup=False)
    if scoped.not_run:
        app.console.print(
            words["not run"].format(rules=", ".join(scoped.not_run)),
            highlight=False,
            markup=False,
        )
