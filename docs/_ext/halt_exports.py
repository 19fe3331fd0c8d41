"""``.. exports::``: everything ``halt_core`` exports, grouped by the module that defines it.

Generated from ``halt_core.__all__``, so the list on the package's reference page can never
miss a name or keep one that is gone.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import halt_core


def _public_modules() -> list[ModuleType]:
    found = []
    for info in pkgutil.walk_packages(halt_core.__path__, prefix="halt_core."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            try:
                found.append(importlib.import_module(info.name))
            except ImportError:  # a module needing an extra that is not installed
                continue
    return found


def _home(name: str, obj: object, modules: list[ModuleType]) -> str:
    """The most specific public module that exports ``name`` as this very object."""
    homes = [
        m.__name__
        for m in modules
        if name in getattr(m, "__all__", ()) and getattr(m, name, None) is obj
    ]
    return max(homes, key=len) if homes else "halt_core"


class ExportsDirective(SphinxDirective):
    """List ``halt_core.__all__`` as one autosummary table per defining module."""

    def run(self) -> list[nodes.Node]:
        """Build the tables."""
        modules = _public_modules()
        groups: dict[str, list[str]] = {}
        for name in halt_core.__all__:
            if name.startswith("__"):
                continue
            groups.setdefault(_home(name, getattr(halt_core, name), modules), []).append(name)
        lines: list[str] = []
        for module in sorted(groups):
            lines += [
                f":mod:`{module}`:",
                "",
                f".. currentmodule:: {module}",
                "",
                ".. autosummary::",
                "   :nosignatures:",
                "",
                *(f"   {name}" for name in groups[module]),
                "",
            ]
        lines += [".. currentmodule:: halt_core", ""]
        container = nodes.container()
        self.state.nested_parse(StringList(lines, self.get_source_info()[0]), 0, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("exports", ExportsDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
