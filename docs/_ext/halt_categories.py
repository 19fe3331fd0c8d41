"""``.. field-categories::``: the category of every field of every model and event class.

Read from the fields' metadata (:func:`halt_core.privacy.categories.categories_of`) while the
docs are built: one section per module of :mod:`halt_core.model` and :mod:`halt_core.events`,
one table per attrs class defined there ("field -- category"), in the order of the source.
A field without a category is shown as such and reported as a warning, which ``-W`` makes an
error, so the page can never hide an unclassified field.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import attrs
from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

import halt_core.events
import halt_core.model
from halt_core.errors import InvalidValue
from halt_core.privacy.categories import category_of

logger = logging.getLogger(__name__)

_PACKAGES = (halt_core.model, halt_core.events)
_CATEGORY = "halt_core.privacy.categories.Category"


def _modules(package: ModuleType) -> Iterator[ModuleType]:
    yield package
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            yield importlib.import_module(info.name)


def _classes(module: ModuleType) -> list[type]:
    """The public attrs classes ``module`` defines, in the order it defines them."""
    return [
        obj
        for name, obj in vars(module).items()
        if isinstance(obj, type)
        and attrs.has(obj)
        and obj.__module__ == module.__name__
        and not name.startswith("_")
    ]


def _table(cls: type, location: tuple[str, int]) -> list[str]:
    lines = [
        f".. list-table:: :class:`~{cls.__module__}.{cls.__qualname__}`",
        "   :header-rows: 1",
        "   :widths: 40 60",
        "",
        "   * - field",
        "     - category",
    ]
    for field in attrs.fields(cls):
        try:
            category = category_of(cls, field.name)
        except InvalidValue:
            logger.warning(
                "%s.%s has no category: give it one in its metadata (halt_core.privacy)",
                cls.__qualname__,
                field.name,
                location=location,
            )
            shown = "**none**"
        else:
            shown = f":attr:`{category.value} <{_CATEGORY}.{category.name}>`"
        lines += [f"   * - ``{field.name}``", f"     - {shown}"]
    return [*lines, ""]


class FieldCategoriesDirective(SphinxDirective):
    """One section per module and one table per class: each field with its category."""

    def run(self) -> list[nodes.Node]:
        """Build the sections."""
        location = self.get_source_info()
        lines: list[str] = []
        for package in _PACKAGES:
            for module in _modules(package):
                classes = _classes(module)
                if not classes:
                    continue
                title = f"``{module.__name__}``"
                lines += [title, "~" * len(title), ""]
                for cls in classes:
                    lines += _table(cls, (location[0] or "", location[1] or 0))
        container = nodes.section()
        container.document = self.state.document
        nested_parse_with_titles(self.state, StringList(lines, location[0]), container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directive."""
    app.add_directive("field-categories", FieldCategoriesDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
