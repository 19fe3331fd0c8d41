"""A broken plugin never takes the library down: it is skipped, named, and can be blocked.

The plugins here are installed for real: a ``*.dist-info`` folder with entry points and a
module beside it, on ``sys.path``, as pip would leave them.
"""

import logging
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from halt_core.plugins import (
    PluginError,
    broken_plugins,
    exporters,
    installed_plugins,
    open_store,
    plugin_manager,
    store_schemes,
)

HALT = str(Path(sys.executable).parent / "halt")

BROKEN = {
    # name: (distribution, module source)
    "fails-import": (
        "halt-fails-import",
        "import halt_core\nraise ImportError('needs the package libfoo, which is missing')\n",
    ),
    "misspelled": (
        "halt-misspelled",
        """
        from halt_core.hookspecs import hookimpl

        @hookimpl
        def halt_exporter():
            return []
        """,
    ),
    "raises-in-exporters": (
        "halt-raises",
        """
        from halt_core.hookspecs import hookimpl

        @hookimpl
        def halt_exporters():
            raise RuntimeError("the template folder is missing")

        @hookimpl
        def halt_store_schemes():
            return ["raiser"]
        """,
    ),
}


def install(folder: Path, name: str, distribution: str, source: str) -> None:
    """Install a one-module plugin package into ``folder``, as pip would."""
    module = name.replace("-", "_") + "_plugin"
    info = folder / f"{distribution.replace('-', '_')}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(f"[halt]\n{name} = {module}\n")
    (folder / f"{module}.py").write_text(textwrap.dedent(source))


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The three broken plugins of the issue, installed beside the built-ins."""
    folder = tmp_path / "site"
    folder.mkdir()
    for name, (distribution, source) in BROKEN.items():
        install(folder, name, distribution, source)
    monkeypatch.syspath_prepend(str(folder))
    for variable in ("HALT_STRICT_PLUGINS", "HALT_BLOCK_PLUGINS"):
        monkeypatch.delenv(variable, raising=False)
    return folder


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_broken_plugins_are_skipped_and_named_and_the_rest_works(
    broken: Path, caplog: pytest.LogCaptureFixture
) -> None:
    manager = plugin_manager()
    assert {"memory", "sqlite", "export-csv"} <= {p.name for p in installed_plugins(manager)}
    assert "csv" in exporters(manager)
    assert "raiser" in store_schemes(manager)  # its other hooks keep working
    with open_store("memory://", manager) as store, store.unit_of_work() as uow:
        assert uow.partners.count() == 0
    found = {b.name: b for b in broken_plugins(manager)}
    assert set(found) == set(BROKEN)
    assert found["fails-import"].distribution == "halt-fails-import 1.2.3"
    assert (
        "cannot be imported: ImportError: needs the package libfoo" in found["fails-import"].cause
    )
    assert "(did you mean halt_exporters?)" in found["misspelled"].cause
    assert found["raises-in-exporters"].hook == "halt_exporters"
    assert "RuntimeError: the template folder is missing" in found["raises-in-exporters"].cause
    lines = warnings_of(caplog)
    assert len(lines) == 3  # one line each, once, however often the hook is called
    exporters(manager)
    assert len(warnings_of(caplog)) == 3
    for line in lines:
        assert "\n" not in line
        name = next(n for n in BROKEN if f"halt plugin {n} " in line)
        assert f"({BROKEN[name][0]} 1.2.3)" in line
        assert f"HALT_BLOCK_PLUGINS={name}" in line


def test_a_blocked_broken_plugin_is_not_even_loaded(
    broken: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALT_BLOCK_PLUGINS", "fails-import,misspelled")
    manager = plugin_manager(blocked=["raises-in-exporters"])
    exporters(manager)
    assert broken_plugins(manager) == ()
    assert warnings_of(caplog) == []


def test_strict_mode_makes_a_broken_plugin_an_error(
    broken: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALT_STRICT_PLUGINS", "1")
    with pytest.raises(PluginError, match=r"halt plugin fails-import \(halt-fails-import 1.2.3\)"):
        plugin_manager()
    manager = plugin_manager(blocked=["fails-import", "misspelled"])
    with pytest.raises(PluginError, match="raises-in-exporters") as info:
        exporters(manager)
    assert isinstance(info.value.__cause__, RuntimeError)


def test_wrong_argument_names_say_which_the_hook_offers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    source = """
        from halt_core.hookspecs import hookimpl

        @hookimpl
        def halt_open_store(uri, options):
            return None
    """
    install(tmp_path, "wrong-args", "halt-wrong-args", source)
    monkeypatch.syspath_prepend(str(tmp_path))
    manager = plugin_manager()
    (broken,) = broken_plugins(manager)
    assert "halt_open_store(uri, options)" in broken.cause
    assert "offers only the arguments (url, options)" in broken.cause


def test_a_function_without_hookimpl_gets_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    install(tmp_path, "forgot", "halt-forgot", "def halt_exporters():\n    return []\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    manager = plugin_manager()
    assert broken_plugins(manager) == ()
    (line,) = warnings_of(caplog)
    assert "forgot defines halt_exporters without @hookimpl" in line


def test_a_store_a_broken_plugin_may_provide_is_a_plugin_error(broken: Path) -> None:
    manager = plugin_manager()
    with pytest.raises(PluginError, match="fails-import: cannot be imported"):
        open_store("libfoo:///x", manager)


def test_an_exception_in_a_first_result_hook_names_plugin_and_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = """
        from halt_core.hookspecs import hookimpl

        @hookimpl
        def halt_open_store(url, options):
            return {}["no such key"]
    """
    install(tmp_path, "opener", "halt-opener", source)
    monkeypatch.syspath_prepend(str(tmp_path))
    manager = plugin_manager()
    with pytest.raises(PluginError, match="halt plugin opener raised KeyError in halt_open_store"):
        open_store("memory://", manager)


def run_halt(*args: str, folder: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PYTHONPATH": str(folder),
        "HALT_STORE_URL": f"sqlite:///{folder}/halt.sqlite3",
        **env,
    }
    for variable in ("HALT_STRICT_PLUGINS", "HALT_BLOCK_PLUGINS"):
        if variable not in env:
            environment.pop(variable, None)
    return subprocess.run(
        [HALT, *args], capture_output=True, text=True, env=environment, check=False
    )


@pytest.mark.parametrize(
    "args",
    [["plugins"], ["partners", "list"], ["export", "--format", "csv", "--out", "{folder}/csv"]],
    ids=lambda args: args[0],
)
def test_the_command_works_beside_broken_plugins(broken: Path, args: list[str]) -> None:
    assert run_halt("init", folder=broken).returncode == 0
    done = run_halt(*(a.format(folder=broken) for a in args), folder=broken)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    for name in ("fails-import", "misspelled"):
        assert f"halt plugin {name} " in done.stderr
    strict = run_halt(
        *(a.format(folder=broken) for a in args), folder=broken, HALT_STRICT_PLUGINS="1"
    )
    assert strict.returncode != 0
    assert "Traceback" not in strict.stderr
    assert len([line for line in strict.stderr.splitlines() if line.strip()]) == 1


def test_halt_plugins_lists_the_broken_plugins_with_their_cause(broken: Path) -> None:
    done = run_halt("plugins", folder=broken, COLUMNS="200")
    assert done.returncode == 0, done.stderr
    listed = done.stdout.split("Broken plugins (skipped)")[1]
    for name in BROKEN:
        assert f"HALT_BLOCK_PLUGINS={name}" in listed
    assert "halt_exporters" in listed  # the hook the raising one failed in


def test_trace_plugins_logs_every_hook_call(tmp_path: Path) -> None:
    done = run_halt("--trace-plugins", "plugins", folder=tmp_path)
    assert done.returncode == 0, done.stderr
    traced = [line for line in done.stderr.splitlines() if line.startswith("trace: ")]
    assert any("halt_exporters() -> export-csv" in line for line in traced), done.stderr
    assert all(line.endswith(" ms") for line in traced)
    quiet = run_halt("plugins", folder=tmp_path)
    assert "trace: " not in quiet.stderr
