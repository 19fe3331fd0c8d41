"""Check the plugin template as an author gets it, outside this repository.

halt_core's CI runs this (``nox -s plugin_template``); an author's copy does not need it::

    python examples/plugin_template/check.py [HALT_CORE] [--keep]

It copies the template into a new temporary folder, makes a virtual environment there, and
installs halt-core with its ``testing`` extra from ``HALT_CORE`` (a folder or a wheel; by
default this repository) together with the template and its ``test`` extra, as the README
says (``pip install -e ".[test]"``). Then, with ``HALT_STRICT_PLUGINS=1``, it lists the
installed plugins, runs the template's tests and ``mypy --strict``. It needs Python 3.11 or
newer, and PyPI for the dependencies; uv installs when it is on ``PATH``, pip otherwise. Each
step prints its time; the exit status is 1 when one fails. ``--keep`` leaves the folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LEFT_OUT = shutil.ignore_patterns(
    "check.py",  # this script: halt_core's own check, not part of a plugin
    ".venv",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
    ".hypothesis",
    "build",
    "dist",
)
PLUGINS = ("plugin-template-store", "plugin-template-markdown")


class StepFailed(Exception):
    """A step of the check failed; the message says which, with its output."""


def run(title: str, command: Sequence[str | Path], **options: object) -> str:
    """Run ``command``, printing ``title`` and its time; its output, or StepFailed."""
    print(f"--- {title}: {' '.join(str(part) for part in command)}", flush=True)
    started = time.monotonic()
    done: subprocess.CompletedProcess[str] = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        **options,  # type: ignore[call-overload]
    )
    seconds = time.monotonic() - started
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise StepFailed(f"{title} failed (exit status {done.returncode}):\n{output}")
    print(f"    done in {seconds:.1f} s", flush=True)
    return output


def check(halt_core: Path, work: Path) -> None:
    """Copy, install, list, test and type-check the template in the folder ``work``."""
    plugin = work / "halt-plugin-template"
    shutil.copytree(HERE, plugin, ignore=LEFT_OUT)
    venv = work / "venv"
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    uv = shutil.which("uv")
    if uv:
        run("make a virtual environment", [uv, "venv", "--quiet", "--python", sys.executable, venv])
        install: list[str | Path] = [uv, "pip", "install", "--quiet", "--python", python]
    else:
        run("make a virtual environment", [sys.executable, "-m", "venv", venv])
        install = [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    run(
        "install halt-core[testing] and the template with its test extra",
        [*install, f"halt-core[testing] @ {halt_core.as_uri()}", "-e", f"{plugin}[test]"],
    )
    env = {**os.environ, "HALT_STRICT_PLUGINS": "1"}
    env.pop("HALT_BLOCK_PLUGINS", None)
    listed = run("list the plugins", [python, "-m", "halt_core.plugins"], cwd=work, env=env)
    missing = [name for name in PLUGINS if name not in listed]
    if missing or "dictfile://" not in listed or "markdown" not in listed:
        raise StepFailed(f"the template's plugins are not all listed ({missing}):\n{listed}")
    run(
        "run its tests",
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=plugin,
        env=env,
    )
    run("type-check it: mypy --strict", [python, "-m", "mypy", "--strict"], cwd=plugin, env=env)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, run the check, report; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "halt_core",
        nargs="?",
        default=str(ROOT),
        help="where to install halt-core from: its source folder or a wheel (default: %(default)s)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    halt_core = Path(args.halt_core).resolve()
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="halt-plugin-template-"))
    try:
        check(halt_core, work)
    except StepFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(f"the plugin template passed in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
