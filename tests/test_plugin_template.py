"""The plugin template (examples/plugin_template): its plugins fit the contract and pass the kits.

The template's own tests run against it installed in a virtual environment of its own,
outside this repository (``python examples/plugin_template/check.py``, which
``nox -s plugin_template`` runs). Here its modules are loaded from the source tree and given
to a plugin manager directly, so a change to halt_core that breaks the template fails the
ordinary test run too, without installing anything.
"""

from __future__ import annotations

import importlib
import json
import sys
import tomllib
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from halt_adapters.testing import ExporterConformance, StoreConformance
from halt_core.export import Exporter
from halt_core.plugins import HaltPluginManager, open_store, plugin_manager
from halt_core.plugins import exporter as find_exporter
from halt_core.storage import Store

TEMPLATE = Path(__file__).resolve().parent.parent / "examples" / "plugin_template"
PYPROJECT = tomllib.loads((TEMPLATE / "pyproject.toml").read_text(encoding="utf-8"))
ENTRY_POINTS: dict[str, str] = PYPROJECT["project"]["entry-points"]["halt"]


def template_module(name: str) -> types.ModuleType:
    """A module of the template's package, imported from its source folder."""
    source = str(TEMPLATE / "src")
    if source not in sys.path:
        sys.path.append(source)
    return importlib.import_module(name)


def manager_of(name: str) -> HaltPluginManager:
    """A plugin manager holding the template's plugin (entry-point name) ``name`` only."""
    module = template_module(ENTRY_POINTS[name])
    return plugin_manager(entry_points=False, plugins=[module], strict=True)


def test_the_package_builds_with_hatchling_and_needs_only_halt_core() -> None:
    assert PYPROJECT["build-system"]["build-backend"] == "hatchling.build"
    assert [d.split(">")[0] for d in PYPROJECT["project"]["dependencies"]] == ["halt-core"]
    test_extra = PYPROJECT["project"]["optional-dependencies"]["test"]
    assert any(d.startswith("halt-core[testing]") for d in test_extra)
    assert any(d.startswith("mypy") for d in test_extra)
    assert (TEMPLATE / "src" / "halt_plugin_template" / "py.typed").exists()


@pytest.mark.parametrize(
    ("name", "hooks"),
    [
        ("plugin-template-store", {"halt_store_schemes", "halt_open_store"}),
        ("plugin-template-markdown", {"halt_exporters"}),
    ],
)
def test_each_entry_point_is_a_module_whose_hooks_fit_the_contract(
    name: str, hooks: set[str]
) -> None:
    manager = manager_of(name)  # strict: a hook that does not fit raises here
    (plugin,) = [p for _, p in manager.list_name_plugin()]
    assert {caller.name for caller in manager.get_hookcallers(plugin) or ()} == hooks


def test_the_readme_says_how_to_install_test_type_check_publish_and_debug() -> None:
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    for said in (
        'pip install -e ".[test]"',
        "halt-core[testing]",
        "pytest",
        "mypy --strict",
        "python -m build",
        "twine upload",
        "HALT_STRICT_PLUGINS=1",
        "HALT_BLOCK_PLUGINS=",
        "python -m halt_core.plugins",
        "halt_core.plugins.trace",
        "StoreConformance",
        "ExporterConformance",
    ):
        assert said in readme, said


class TestTemplateStore(StoreConformance):
    """The template's dictfile store, opened through its hook, passes the storage kit."""

    @pytest.fixture
    def reopen(self, tmp_path: Path) -> Callable[[], Store]:
        manager = manager_of("plugin-template-store")
        return lambda: open_store(f"dictfile:///{tmp_path}/halt.json", manager)

    @pytest.fixture
    def store(self, reopen: Callable[[], Store]) -> Iterator[Store]:
        store = reopen()
        yield store
        store.close()

    @pytest.fixture
    def make_newer(self, tmp_path: Path) -> Callable[[], None]:
        newest: int = template_module("halt_plugin_template.store").SCHEMA_VERSION

        def mark() -> None:
            path = tmp_path / "halt.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            data["schema_version"] = newest + 1
            path.write_text(json.dumps(data), encoding="utf-8")

        return mark


class TestTemplateMarkdown(ExporterConformance):
    """The template's markdown format passes the export kit."""

    @pytest.fixture
    def exporter(self) -> Any:
        return template_module("halt_plugin_template.markdown").MarkdownTables()

    def test_it_is_installed_through_its_entry_point(self, exporter: Exporter) -> None:
        """Not installed here: the module its entry point names provides it instead."""
        provided = find_exporter(exporter.name, manager_of("plugin-template-markdown"))
        assert type(provided) is type(exporter)
