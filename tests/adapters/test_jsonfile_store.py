"""The example plugin in examples/jsonfile_store passes the conformance suite, as installed.

The plugin is a package of its own: install it with ``pip install -e examples/jsonfile_store``
(``nox -s tests`` does). Its store is opened the way any tool opens it, through
``halt_core.connect`` and the ``halt`` entry-point group.
"""

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest

import halt_core
from halt_adapters.testing import StoreConformance
from halt_core.demo import generate
from halt_core.plugins import installed_plugins, store_schemes
from halt_core.storage import RECORD_KINDS, SchemaTooNew, Store, StoreUnavailable
from halt_core.storage.records import Index
from tests.adapters._written_before import CLEAN, check_migrated, partner_rows, same_reports

try:
    import halt_jsonfile_store
except ImportError as exc:  # a missing install must fail the run, not skip these tests
    pytest.fail(
        f"cannot import the example plugin ({exc}): install it with "
        "`pip install -e examples/jsonfile_store` (nox -s tests does)",
        pytrace=False,
    )


class TestJsonFileStore(StoreConformance):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[Store]:
        store = halt_core.connect(f"jsonfile:///{tmp_path}/halt.json")
        yield store
        store.close()

    @pytest.fixture
    def reopen(self, tmp_path: Path) -> Callable[[], Store]:
        return lambda: halt_core.connect(f"jsonfile:///{tmp_path}/halt.json")

    @pytest.fixture
    def make_newer(self, tmp_path: Path) -> Callable[[], None]:
        def mark() -> None:
            path = tmp_path / "halt.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            data["schema_version"] = halt_jsonfile_store.SCHEMA_VERSION + 1
            path.write_text(json.dumps(data), encoding="utf-8")

        return mark


def test_the_plugin_is_installed_through_its_entry_point() -> None:
    found = {info.name: info for info in installed_plugins()}
    assert "jsonfile" in found, "examples/jsonfile_store is not registered in the halt group"
    info = found["jsonfile"]
    assert info.hooks == ("halt_open_store", "halt_store_schemes")
    assert info.distribution is not None
    assert info.distribution.startswith("halt-jsonfile-store ")
    assert "jsonfile" in store_schemes()


def test_a_new_store_is_a_readable_json_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "halt.json"
    partner = generate(seed=1, size=40).network.partners[0]
    with halt_core.connect(f"jsonfile:///{path}") as store, store.unit_of_work() as uow:
        assert isinstance(store, halt_jsonfile_store.JsonFileStore)
        assert store.schema_version == halt_jsonfile_store.SCHEMA_VERSION
        uow.partners.add(partner)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == halt_jsonfile_store.SCHEMA_VERSION
    stored = data["partners"][str(partner.id)]
    assert stored["version"] == 1
    assert stored["document"]["name"] == partner.name
    assert stored["index"]["kind"] == partner.kind.value
    assert data["events"] == []
    assert sorted(p.name for p in path.parent.iterdir()) == ["halt.json", "halt.json.lock"]


def test_a_file_from_a_newer_plugin_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "halt.json"
    newer = json.dumps({"schema_version": halt_jsonfile_store.SCHEMA_VERSION + 1})
    path.write_text(newer, encoding="utf-8")
    with pytest.raises(SchemaTooNew, match="upgrade") as info:
        halt_core.connect(f"jsonfile:///{path}")
    assert info.value.found == halt_jsonfile_store.SCHEMA_VERSION + 1
    assert path.read_text(encoding="utf-8") == newer


def test_urls_and_options_that_cannot_work_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="give the file"):
        halt_core.connect("jsonfile://")
    with pytest.raises(StoreUnavailable, match="unknown options"):
        halt_core.connect(f"jsonfile:///{tmp_path}/halt.json", colour="blue")
    (tmp_path / "not.json").write_text("[1, 2", encoding="utf-8")
    with pytest.raises(StoreUnavailable, match="not a halt store"):
        halt_core.connect(f"jsonfile:///{tmp_path}/not.json")


def test_a_relative_path_is_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    halt_core.connect("jsonfile:///stores/halt.json").close()
    assert (tmp_path / "stores" / "halt.json").is_file()


def test_a_writer_waits_for_another_and_gives_up_after_the_timeout(tmp_path: Path) -> None:
    url = f"jsonfile:///{tmp_path}/halt.json"
    partners = generate(seed=1, size=40).network.partners
    with halt_core.connect(url) as first, halt_core.connect(url, lock_timeout=0.2) as second:
        with first.unit_of_work() as writing:
            writing.partners.add(partners[0])  # holds the lock until the block ends
            with (
                pytest.raises(StoreUnavailable, match="too long"),
                second.unit_of_work() as waiting,
            ):
                waiting.partners.add(partners[1])
        with second.unit_of_work() as uow:
            uow.partners.add(partners[1])
            assert uow.partners.count() == 2


def test_two_processes_saving_one_record_one_wins(tmp_path: Path) -> None:
    url = f"jsonfile:///{tmp_path}/shared.json"
    partner = generate(seed=1, size=40).network.partners[0]
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        uow.partners.add(partner)
    script = Path(__file__).with_name("_save_in_process.py")
    go = tmp_path / "go"
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), url, str(partner.id), name, str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("A", "B")
    ]
    go.touch()
    outcomes = sorted(run.communicate(timeout=120)[0].strip() for run in runs)
    assert outcomes == ["conflict", "saved"]
    with halt_core.connect(url) as store, store.unit_of_work() as uow:
        assert uow.partners.get(partner.id).name in {"A", "B"}
        assert uow.partners.version_of(partner.id) == 2


def _file_of_format_2(path: Path) -> Path:
    """The partners of tests/fixtures/store-schema-2.sql in a file of format 2."""
    columns = [field.name for field in attrs.fields(Index)]
    partners = {
        row["id"]: {
            "version": row["version"],
            "document": json.loads(row["document"]),
            "index": {column: row[column] for column in columns},
        }
        for row in partner_rows()
    }
    data = {
        "schema_version": 2,
        **{kind.name: {} for kind in RECORD_KINDS.values()},
        "partners": partners,
        "tombstones": {kind.name: {} for kind in RECORD_KINDS.values()},
        "events": [],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_file_of_format_2_is_migrated_once_and_reports_what_it_set_aside(
    tmp_path: Path,
) -> None:
    path = _file_of_format_2(tmp_path / "oud.json")
    since = dt.datetime.now(dt.UTC)
    with halt_core.connect(f"jsonfile:///{path}") as store:
        found = check_migrated(store, since)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == halt_jsonfile_store.SCHEMA_VERSION == 3
    assert [entry["path"] for entry in data["set_aside"]] == [item.path for item in found]
    clean = data["partners"][str(CLEAN)]["document"]
    assert clean == json.loads(
        next(row["document"] for row in partner_rows() if row["id"] == str(CLEAN))
    )
    written = path.stat().st_mtime_ns
    with halt_core.connect(f"jsonfile:///{path}") as store:  # again: nothing more to do
        assert same_reports(check_migrated(store, since), found)
    assert path.stat().st_mtime_ns == written  # opened, not rewritten
