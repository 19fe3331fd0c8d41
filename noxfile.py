"""Development sessions: ``nox -s tests lint typecheck docs`` (the default), and ``bench``.

Long-running suites, each quick by default and thorough with ``-- --long``: ``reliability``
(the stores under concurrent writers, kills and dropped connections), ``fuzz`` (hostile
input at every public boundary) and ``notify`` (notifications under faults, with real
servers). ``kit`` runs the store kit against every bug planted in the example stores.
``plugin_template`` tries the plugin template outside the repository, as an author gets it.

Before a release, and in CI: ``reuse`` (licence metadata), ``api`` (the public API against
its snapshot) and ``release`` (build, check and smoke-test the sdist and wheel).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "typecheck", "docs"]

ROOT = Path(__file__).parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")


def group(name: str) -> list[str]:
    """The requirements of one dependency group in pyproject.toml."""
    return list(nox.project.dependency_groups(PYPROJECT, name))


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against the package as installed (not the source tree)."""
    # The example plugin is installed like any third-party plugin; its tests use the entry point.
    session.install(".[cli]", "./examples/jsonfile_store", *group("tests"))
    env = {"HYPOTHESIS_PROFILE": "ci"} if os.environ.get("CI") else {}
    session.run("pytest", *session.posargs, env=env)


@nox.session
def reliability(session: nox.Session) -> None:
    """The stores under concurrent writers, SIGKILLs and dropped sessions; prints its figures.

    Quick by default (a few minutes); ``nox -s reliability -- --long`` multiplies every count.
    """
    session.install(".[cli]", *group("tests"))
    env = {"HALT_RELIABILITY": "1", "HYPOTHESIS_PROFILE": "ci"}
    session.run("pytest", "tests/reliability", "-p", "no:cacheprovider", *session.posargs, env=env)


@nox.session
def fuzz(session: nox.Session) -> None:
    """Hostile input for every public model and event class; prints the inputs per class.

    A few thousand inputs per class by default; ``nox -s fuzz -- --long`` tries 100,000.
    """
    session.install(".[cli]", *group("tests"))
    env = {"HALT_FUZZ": "1", "HYPOTHESIS_PROFILE": "ci"}
    session.run("pytest", "tests/fuzz", "-p", "no:cacheprovider", *session.posargs, env=env)


@nox.session
def kit(session: nox.Session) -> None:
    """The store kit against planted bugs: every mutant of the example stores must fail it.

    The kit runs once per mutant, in two processes side by side: a few minutes, so it is a
    session of its own (beside the test suite in CI), not part of ``nox -s tests``.
    """
    session.install(".[cli]", "./examples/jsonfile_store", *group("tests"))
    env = {"HALT_KIT_MUTATIONS": "1", "HYPOTHESIS_PROFILE": "ci"}
    session.run(
        "pytest",
        "tests/adapters/test_store_kit_mutations.py",
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env=env,
    )


@nox.session
def notify(session: nox.Session) -> None:
    """Notifications under faults: receivers down, dispatchers killed mid-send, two at once.

    Real servers on loopback, on SQLite and PostgreSQL; the quick run takes about half a
    minute, ``nox -s notify -- --long`` queues 50 times the events and kills 20 dispatchers.
    """
    session.install(".[cli]", *group("tests"))
    env = {"HALT_NOTIFY": "1", "HYPOTHESIS_PROFILE": "ci"}
    session.run(
        "pytest", "tests/notify/faults", "-p", "no:cacheprovider", *session.posargs, env=env
    )


@nox.session
def plugin_template(session: nox.Session) -> None:
    """Copy examples/plugin_template out of the repository, install it, run its tests, mypy."""
    session.run("python", "examples/plugin_template/check.py", str(ROOT), *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint rules and formatting."""
    session.install(*group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Mypy, strict on src/ (settings in pyproject.toml)."""
    session.install(".[cli]", *group("typecheck"), *group("bench"))
    session.run("mypy", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the Sphinx docs; every warning is an error."""
    session.install(".[testing,cli]", *group("docs"))
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "docs",
        "docs/_build/html",
        *session.posargs,
    )


@nox.session
def bench(session: nox.Session) -> None:
    """Run every benchmark script; pass arguments after ``--``, e.g. ``-- --quick``."""
    session.install(".[cli]", *group("bench"))
    for script in sorted((ROOT / "benchmarks").glob("[!_]*.py")):  # _name.py: shared helpers
        session.run("python", str(script), *session.posargs)


@nox.session
def reuse(session: nox.Session) -> None:
    """Every file's copyright and licence are known (REUSE specification, see REUSE.toml)."""
    session.install(*group("reuse"))
    session.run("reuse", "lint")


@nox.session
def api(session: nox.Session) -> None:
    """Fail on a breaking change to the public API; ``-- --update`` rewrites the snapshot.

    The snapshot is api/halt_core.json; what it covers is in tools/api_check.py.
    """
    # The source tree itself, not an installed copy (which a reused venv may hold stale):
    # its dependencies, and the testing extra's, as griffe imports every module.
    project = PYPROJECT["project"]
    session.install(*project["dependencies"], *project["optional-dependencies"]["testing"])
    session.install(*group("api"))
    session.run("python", "tools/api_check.py", *session.posargs, env={"PYTHONPATH": "src"})


@nox.session
def release(session: nox.Session) -> None:
    """Build the sdist and wheel into dist/, check them, try the wheel, write the SBOM."""
    session.install(*group("release"))
    dist = ROOT / "dist"
    if dist.is_dir():
        shutil.rmtree(dist)
    session.run("python", "-m", "build", "--installer", "uv", "--outdir", str(dist), str(ROOT))
    (sdist,) = dist.glob("*.tar.gz")
    (wheel,) = dist.glob("*.whl")
    session.run("twine", "check", "--strict", str(sdist), str(wheel))
    session.run("check-wheel-contents", str(wheel))
    session.run("python", "tools/release_check.py", str(dist))
