"""The how-to pages for plugin authors keep their promises.

- Their Python type-checks with ``mypy --strict``, as an author's would: every
  ``code-block:: python`` of ``docs/howto/*.rst`` and of the hook reference (a block whose
  first line is a comment naming a file, ``# src/my_package/markdown_export.py``, is written
  to that file, so the blocks of a page can import each other) and every Python file a page
  includes.
- The store how-to names every primitive of the storage contract.
- The exporter how-to's example passes the export kit.
- Every test of the conformance kits has a docstring saying what it checks.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from halt_adapters.testing import ExporterConformance, NotifierConformance, StoreConformance
from halt_core.export import Exporter
from halt_core.plugins import exporter as find_exporter
from halt_core.plugins import plugin_manager
from halt_core.storage import Outbox, Repository, Store, UnitOfWork

ROOT = Path(__file__).resolve().parent.parent
HOWTO = ROOT / "docs" / "howto"
PAGES = [*sorted(HOWTO.glob("*.rst")), ROOT / "docs" / "reference" / "hookspecs.rst"]
_FILE_COMMENT = re.compile(r"# ((?:[\w.-]+/)*[\w.-]+\.py)")
_INCLUDE = re.compile(r"^\s*\.\. literalinclude:: (\S+\.py)\s*$", re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    """The code of every ``code-block:: python`` on ``page``, dedented."""
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks = []
    for number, line in enumerate(lines):
        if line.strip() != ".. code-block:: python":
            continue
        directive = len(line) - len(line.lstrip())
        body: list[str] = []
        for following in lines[number + 1 :]:
            indent = len(following) - len(following.lstrip())
            if following.strip() and indent <= directive:
                break
            body.append(following)
        content = [b for b in body if b.strip() and not b.strip().startswith(":")]
        margin = min(len(b) - len(b.lstrip()) for b in content)
        code = "\n".join(b[margin:] for b in body if not b.strip().startswith(":"))
        blocks.append(code.strip("\n") + "\n")
    return blocks


def included_python(page: Path) -> list[Path]:
    """The Python files ``page`` includes with ``literalinclude``."""
    text = page.read_text(encoding="utf-8")
    return [(page.parent / found).resolve() for found in _INCLUDE.findall(text)]


def test_every_page_has_python_to_check() -> None:
    assert {p.name for p in PAGES} >= {
        "plugin-authors.rst",
        "write-a-store-adapter.rst",
        "write-an-exporter.rst",
    }
    assert all(python_blocks(page) or included_python(page) for page in PAGES)


def test_the_python_of_the_how_to_pages_passes_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (the tests dependency group has it)")
    written: list[Path] = []
    for page in PAGES:
        for number, code in enumerate(python_blocks(page)):
            named = _FILE_COMMENT.fullmatch(code.splitlines()[0])
            relative = named[1] if named else f"{page.stem.replace('-', '_')}_{number}.py"
            target = tmp_path / "docs" / relative
            assert not target.exists(), f"two blocks write {relative}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(code, encoding="utf-8")
            written.append(target)
    source = tmp_path / "docs" / "src"
    for folder in [p for p in source.rglob("*") if p.is_dir()]:
        (folder / "__init__.py").touch()  # packages, as an author's src/my_package is
    included = sorted({path for page in PAGES for path in included_python(page)})
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n", encoding="utf-8")  # nothing but --strict
    paths = [source, ROOT / "examples" / "plugin_template" / "src"]
    env = {**os.environ, "MYPYPATH": os.pathsep.join(map(str, paths))}
    done = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--config-file", str(config)),
            *("--cache-dir", str(tmp_path / "cache"), "--python-executable", sys.executable),
            *map(str, written),
            *map(str, included),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_store_how_to_names_every_primitive() -> None:
    text = (HOWTO / "write-a-store-adapter.rst").read_text(encoding="utf-8")
    primitives = {
        name
        for contract in (Store, UnitOfWork, Repository, Outbox)
        for name in contract.__abstractmethods__
    }
    assert len(primitives) == 19
    for name in sorted(primitives | {"_page", "_translate"}):
        assert f"``{name}" in text, f"the store how-to does not explain {name}"
    assert "three on the store, six on the unit of work, six on a repository and four" in text


def _howto_exporter_module() -> types.ModuleType:
    """The module the exporter how-to writes, run from its first code block."""
    page = HOWTO / "write-an-exporter.rst"
    (code,) = [b for b in python_blocks(page) if "def halt_exporters" in b]
    module = types.ModuleType("my_package.markdown_export")
    exec(compile(code, str(page), "exec"), module.__dict__)
    return module


class TestTheExporterOfTheHowTo(ExporterConformance):
    """The exporter of ``write-an-exporter.rst`` passes the kit that page tells authors to use."""

    @pytest.fixture
    def exporter(self) -> Exporter:
        exporter: Exporter = _howto_exporter_module().MarkdownForums()
        return exporter

    def test_it_is_installed_through_its_entry_point(self, exporter: Exporter) -> None:
        """Not installed here: its module's hook provides it instead."""
        manager = plugin_manager(entry_points=False, plugins=[_howto_exporter_module()])
        assert type(find_exporter(exporter.name, manager)).__name__ == type(exporter).__name__


@pytest.mark.parametrize(
    "kit", [StoreConformance, ExporterConformance, NotifierConformance], ids=lambda k: k.__name__
)
def test_every_test_of_the_kits_says_what_it_checks(kit: type) -> None:
    tests = [name for name in dir(kit) if name.startswith("test_")]
    assert tests
    silent = [name for name in tests if not (getattr(kit, name).__doc__ or "").strip()]
    assert not silent, f"give these tests of {kit.__name__} a docstring: {silent}"
