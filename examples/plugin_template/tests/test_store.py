"""The dictfile store keeps the storage contract: halt_core's conformance kit, and its own."""

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import halt_core
import pytest
from halt_adapters.testing import StoreConformance
from halt_core.plugins import installed_plugins
from halt_core.storage import SchemaTooNew, Store, StoreUnavailable

from halt_plugin_template.store import SCHEMA_VERSION


class TestDictFileStore(StoreConformance):
    """Every test of the kit, against a new store in pytest's temporary folder."""

    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        # Opened the way any tool opens it: through the URL and the plugin's entry point.
        store = halt_core.connect(f"dictfile:///{tmp_path}/halt.json")
        yield store
        store.close()

    @pytest.fixture
    def reopen(self, tmp_path: Path) -> Callable[[], Store]:
        return lambda: halt_core.connect(f"dictfile:///{tmp_path}/halt.json")

    @pytest.fixture
    def make_newer(self, tmp_path: Path) -> Callable[[], None]:
        def mark() -> None:  # what a newer release of this plugin would write
            path = tmp_path / "halt.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            data["schema_version"] = SCHEMA_VERSION + 1
            path.write_text(json.dumps(data), encoding="utf-8")

        return mark


def test_the_plugin_is_installed() -> None:
    found = {info.name: info.hooks for info in installed_plugins()}
    assert found.get("plugin-template-store") == ("halt_open_store", "halt_store_schemes")


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "halt.json"
    newer = json.dumps({"schema_version": SCHEMA_VERSION + 1})
    path.write_text(newer, encoding="utf-8")
    with pytest.raises(SchemaTooNew, match="upgrade"):
        halt_core.connect(f"dictfile:///{path}")
    assert path.read_text(encoding="utf-8") == newer


def test_urls_and_options_that_cannot_work_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="give the file"):
        halt_core.connect("dictfile://")
    with pytest.raises(StoreUnavailable, match="unknown options"):
        halt_core.connect(f"dictfile:///{tmp_path}/halt.json", colour="blue")
    (tmp_path / "not.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="not a halt store"):
        halt_core.connect(f"dictfile:///{tmp_path}/not.json")
