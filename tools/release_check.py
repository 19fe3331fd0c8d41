"""Check a release's sdist and wheel as a user would get them; write the SBOM beside them.

``nox -s release`` builds the sdist and the wheel into ``dist/``, runs ``twine check`` and
``check-wheel-contents``, then this script::

    python tools/release_check.py dist

It fails (exit 1, saying every problem it found) when

- the sdist holds something that must not ship (a virtual environment, an SQLite store,
  caches, ``.nox``, built docs, Hypothesis' database, test artefacts, ...) or lacks a file
  that must (the licence texts, ``REUSE.toml``, the package data);
- the wheel lacks a file of the packages' sources in the sdist (so a package-data file left
  out of the wheel's build configuration fails here), ``halt_core/py.typed``, the gazetteer's
  data, the licence texts, the ``halt`` command or one of the built-in plugins' entry points;
- the wheel, installed with the ``cli`` extra into a fresh virtual environment and run from
  a temporary folder (outside the source tree), cannot fill a store with ``halt demo``, pass
  ``halt check``, export every built-in format, or find the built-in plugins through their
  entry points.

Then it writes the CycloneDX SBOM of that environment (``cyclonedx-py environment``) to
``dist/<name>-<version>.cdx.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent

# Folders that never ship: environments, caches, build output, local stores and artefacts.
FORBIDDEN_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".venv",
        "venv",
        ".nox",
        ".tox",
        "__pycache__",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".hypothesis",
        ".ipynb_checkpoints",
        "node_modules",
        "htmlcov",
        "dist",
        "build",
        "_build",
        "_artifacts",
        "calendars",
    }
)
FORBIDDEN_SUFFIXES = (
    ".pyc",
    ".pyo",
    ".sqlite",
    ".sqlite3",
    ".sqlite3-wal",
    ".sqlite3-shm",
    ".sqlite3-journal",
    ".db",
    ".whl",
    ".tar.gz",
    ".cdx.json",
    ".egg-info",
)
FORBIDDEN_NAMES = frozenset({".coverage", ".env", ".DS_Store", "halt.sqlite3"})

# Files a release must carry, in the sdist (relative to its top folder) and in the wheel.
SDIST_REQUIRED = (
    "PKG-INFO",
    "pyproject.toml",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
    "LICENSES/EUPL-1.2.txt",
    "LICENSES/CC-BY-4.0.txt",
    "REUSE.toml",
    "src/halt_core/py.typed",
    "src/halt_adapters/py.typed",
    "src/halt_core/data/municipalities-2024.csv",
)
WHEEL_REQUIRED = (
    "halt_core/__init__.py",
    "halt_core/py.typed",
    "halt_core/data/municipalities-2024.csv",
    "halt_adapters/__init__.py",
    "halt_adapters/py.typed",
    "halt_adapters/cli/__init__.py",
)
LICENCE_TITLE = "EUROPEAN UNION PUBLIC LICENCE v. 1.2"
EUPL_FILES = ("LICENSE", "LICENSES/EUPL-1.2.txt")  # the first holds the second's whole text

Check = Callable[[Path], str | None]
"""Looks at an exported file; returns what is wrong with it, or None."""


def _starts_with(prefix: bytes) -> Check:
    def check(path: Path) -> str | None:
        with path.open("rb") as stream:
            head = stream.read(len(prefix))
        return None if head == prefix else f"does not start with {prefix!r}"

    return check


def _contains(*texts: bytes) -> Check:
    def check(path: Path) -> str | None:
        data = path.read_bytes()
        missing = [t for t in texts if t not in data]
        return f"lacks {missing}" if missing else None

    return check


def _json_document(path: Path) -> str | None:
    document = json.loads(path.read_bytes())
    return None if document.get("partners") else "holds no partners"


def _json_lines(path: Path) -> str | None:
    lines = path.read_bytes().splitlines()
    for line in lines:
        json.loads(line)
    return None if len(lines) > 1 else "holds no records"


def _zip_with(*names: str) -> Check:
    def check(path: Path) -> str | None:
        with zipfile.ZipFile(path) as archive:
            missing = sorted(set(names) - set(archive.namelist()))
        return f"lacks {missing}" if missing else None

    return check


# Every built-in export format: the file ``halt export`` writes, and how to tell it is right.
EXPORTS: Mapping[str, tuple[str, Check]] = {
    "csv": ("network-csv.zip", _zip_with("partners.csv", "forums.csv", "interventions.csv")),
    "json": ("network.json", _json_document),
    "jsonl": ("network.jsonl", _json_lines),
    "xlsx": ("network.xlsx", _zip_with("xl/workbook.xml")),
    "ics": ("network.ics", _starts_with(b"BEGIN:VCALENDAR")),
    "dot": ("network.gv", _contains(b"graph halt_network {", b" -- ")),
    "mermaid": ("network.mmd", _contains(b"flowchart")),
    "svg": ("network.svg", _contains(b"<svg")),
    "png": ("network.png", _starts_with(b"\x89PNG\r\n\x1a\n")),
}


def project() -> dict[str, object]:
    """The ``[project]`` table of pyproject.toml."""
    with (ROOT / "pyproject.toml").open("rb") as stream:
        table: dict[str, object] = tomllib.load(stream)["project"]
    return table


def declared_plugins() -> set[str]:
    """The names of the built-in plugins: the ``halt`` entry points pyproject.toml declares."""
    entry_points = project()["entry-points"]
    assert isinstance(entry_points, dict)
    return set(entry_points["halt"])


# -- the archives -------------------------------------------------------------------------------


def forbidden(path: str) -> str | None:
    """Why ``path`` (inside an archive, relative to its top) must not ship, or None."""
    parts = PurePosixPath(path).parts
    for folder in parts[:-1]:
        if folder in FORBIDDEN_FOLDERS or folder.endswith(".egg-info"):
            return f"inside {folder}/"
    if parts[:2] == (".ci", "venv"):
        return "the CI's virtual environment"
    name = parts[-1]
    if name in FORBIDDEN_NAMES or name.endswith(FORBIDDEN_SUFFIXES):
        return "a local file (store, cache, build output or secret)"
    return None


def sdist_files(sdist: Path) -> list[str]:
    """The sdist's files, relative to its top folder (``halt_core-1.0/``)."""
    with tarfile.open(sdist) as archive:
        names = [m.name for m in archive.getmembers() if m.isfile()]
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) != 1:
        raise SystemExit(f"{sdist.name}: expected one top folder, found {sorted(tops)}")
    return sorted(name.split("/", 1)[1] for name in names)


def check_sdist(sdist: Path) -> tuple[list[str], list[str]]:
    """The problems of ``sdist``, and its files."""
    files = sdist_files(sdist)
    problems = [f"{sdist.name}: {path}: {why}" for path in files if (why := forbidden(path))]
    problems += [f"{sdist.name}: lacks {path}" for path in SDIST_REQUIRED if path not in files]
    if not problems:
        with tarfile.open(sdist) as archive:
            top = archive.getnames()[0].split("/", 1)[0]
            texts = [archive.extractfile(f"{top}/{name}") for name in EUPL_FILES]
            if not _holds_eupl(*(t.read() if t else b"" for t in texts)):
                problems.append(f"{sdist.name}: LICENSE lacks the official text of the EUPL")
    return problems, files


def _holds_eupl(licence: bytes, official: bytes) -> bool:
    """Whether ``licence`` holds the whole ``official`` text of the EUPL v1.2."""
    return LICENCE_TITLE.encode() in official and official in licence


def check_wheel(wheel: Path, sdist_listing: Iterable[str]) -> list[str]:
    """The problems of ``wheel``, given the files of the sdist it was built from."""
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        dist_info = next(n.split("/", 1)[0] for n in names if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(f"{dist_info}/METADATA").decode("utf-8")
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode("utf-8")
        licences = [f"{dist_info}/licenses/{name}" for name in EUPL_FILES]
        texts = [archive.read(name) if name in names else b"" for name in licences]
    problems = [f"{wheel.name}: {name}: {why}" for name in names if (why := forbidden(name))]
    # Every file of the packages' sources (code and package data) is in the wheel.
    sources = [p.removeprefix("src/") for p in sdist_listing if p.startswith("src/")]
    required = {*WHEEL_REQUIRED, *sources}
    problems += [f"{wheel.name}: lacks {name}" for name in sorted(required - names)]
    shipped = ["LICENSE", *(p for p in sdist_listing if p.startswith("LICENSES/"))]
    problems += [
        f"{wheel.name}: lacks the licence file {name}"
        for name in shipped
        if f"{dist_info}/licenses/{name}" not in names
    ]
    if not _holds_eupl(*texts):
        problems.append(f"{wheel.name}: {licences[0]} lacks the official text of the EUPL")
    if "License-Expression: " not in metadata:
        problems.append(f"{wheel.name}: METADATA has no License-Expression")
    sections = _entry_points(entry_points)
    if sections.get("console_scripts", {}).get("halt") != "halt_adapters.cli:main":
        problems.append(f"{wheel.name}: no console script halt = halt_adapters.cli:main")
    missing = declared_plugins() - set(sections.get("halt", {}))
    if missing:
        problems.append(f"{wheel.name}: entry points lack the plugins {sorted(missing)}")
    return problems


def _entry_points(text: str) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        elif "=" in line:
            name, _, value = line.partition("=")
            current[name.strip()] = value.strip()
    return sections


# -- the installed wheel ------------------------------------------------------------------------


def run(
    command: Sequence[str | Path], *, cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``command``; show it, and fail with its output if it fails."""
    print("$", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"exit code {result.returncode}:\n{result.stdout}{result.stderr}".rstrip())
    return result


def fresh_venv(folder: Path, wheel: Path) -> Path:
    """A new virtual environment with ``wheel`` and its ``cli`` extra; its python."""
    python = folder / "bin" / "python"
    requirement = f"{wheel.resolve()}[cli]"
    uv = shutil.which("uv")
    if uv:  # faster, and leaves no pip in the environment (nor in its SBOM)
        run([uv, "venv", "--quiet", "--python", sys.executable, folder], cwd=folder.parent)
        run([uv, "pip", "install", "--quiet", "--python", python, requirement], cwd=folder.parent)
    else:
        run([sys.executable, "-m", "venv", folder], cwd=folder.parent)
        run([python, "-m", "pip", "install", "--quiet", requirement], cwd=folder.parent)
    return python


def smoke_test(python: Path, work: Path) -> list[str]:
    """Use the installed ``halt`` as a user would, from ``work``; the problems found."""
    halt = python.parent / "halt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "HALT_"))}
    env["HALT_STORE_URL"] = f"sqlite:///{(work / 'store.sqlite3').as_posix()}"
    env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    problems = []
    where = run([python, "-c", "import halt_core; print(halt_core.__file__)"], cwd=work, env=env)
    if not Path(where.stdout.strip()).is_relative_to(python.parent.parent):
        problems.append(f"halt_core was imported from {where.stdout.strip()}, not the wheel")
    version = run([halt, "--version"], cwd=work, env=env).stdout
    if str(project()["version"]) not in version:
        problems.append(f"halt --version says {version.strip()!r}")
    run([halt, "demo"], cwd=work, env=env)
    run([halt, "check"], cwd=work, env=env)
    for name, (filename, check) in EXPORTS.items():
        out = work / filename
        run([halt, "export", "--format", name, "--out", out], cwd=work, env=env)
        wrong = check(out) if out.is_file() else "was not written"
        if wrong:
            problems.append(f"halt export --format {name}: {filename} {wrong}")
    listing = run([halt, "plugins"], cwd=work, env=env).stdout
    problems += [f"halt plugins does not list {n}" for n in declared_plugins() if n not in listing]
    problems += [f"halt plugins does not list format {n}" for n in EXPORTS if n not in listing]
    discovery = (
        "import importlib.metadata as m, json; from halt_core.plugins import exporters;"
        "print(json.dumps([sorted(e.name for e in m.entry_points(group='halt')),"
        " sorted(exporters())]))"
    )
    found, formats = json.loads(run([python, "-c", discovery], cwd=work, env=env).stdout)
    if missing := declared_plugins() - set(found):
        problems.append(f"entry points group 'halt' lacks {sorted(missing)}")
    if missing := set(EXPORTS) - set(formats):
        problems.append(f"the plugin manager finds no exporter for {sorted(missing)}")
    return problems


def write_sbom(python: Path, dist: Path) -> Path:
    """Write the CycloneDX SBOM of the environment of ``python`` into ``dist``."""
    cyclonedx = shutil.which("cyclonedx-py")
    if cyclonedx is None:
        raise SystemExit("cyclonedx-py is not installed (the release dependency group has it)")
    target = dist / f"{str(project()['name']).replace('-', '_')}-{project()['version']}.cdx.json"
    run(
        [
            cyclonedx,
            "environment",
            "--pyproject",
            ROOT / "pyproject.toml",
            "--mc-type",
            "library",
            "--output-reproducible",
            "--output-file",
            target,
            python,
        ],
        cwd=ROOT,
    )
    components = {c["name"] for c in json.loads(target.read_bytes()).get("components", [])}
    dependencies = project()["dependencies"]
    assert isinstance(dependencies, list)
    expected = {str(d).split(">")[0].split("[")[0].split("=")[0].strip() for d in dependencies}
    if missing := expected - components:
        raise SystemExit(f"{target.name} lacks the dependencies {sorted(missing)}")
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Check the sdist and wheel in the folder given; write the SBOM there."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("dist", type=Path, help="the folder holding one sdist and one wheel")
    args = parser.parse_args(argv)
    dist: Path = args.dist.resolve()
    sdists, wheels = sorted(dist.glob("*.tar.gz")), sorted(dist.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        raise SystemExit(f"{dist}: expected one sdist and one wheel, found {sdists + wheels}")
    problems, listing = check_sdist(sdists[0])
    print(f"{sdists[0].name}: {len(listing)} files:")
    for path in listing:
        print(f"  {path}")
    problems += check_wheel(wheels[0], listing)
    if not problems:
        with tempfile.TemporaryDirectory(prefix="halt-release-") as temporary:
            work = Path(temporary) / "work"
            work.mkdir()
            python = fresh_venv(Path(temporary) / "venv", wheels[0])
            problems += smoke_test(python, work)
            if not problems:
                print(f"SBOM: {write_sbom(python, dist)}")
    for problem in problems:
        print(f"release check: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"release check: {sdists[0].name} and {wheels[0].name} are ready")
    return 0


if __name__ == "__main__":
    sys.exit(main())
