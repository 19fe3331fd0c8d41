"""Run the benchmarks and write their output into the docs' performance page.

Usage (from the project root, with the project and its ``bench`` group installed)::

    python tools/performance_page.py                     # every script, full sizes
    python tools/performance_page.py rules imports       # some scripts, the rest kept
    python tools/performance_page.py --quick             # small sizes: to try the tool
    python tools/performance_page.py storage --options="--size 2000"   # options of the scripts

``scale`` runs with ``--long`` (its 10^6 stores; about ten times its 10^5 run) unless
``--quick`` is given, which every script gets instead of its page options.

It runs each ``benchmarks/NAME.py`` in turn (never two at once: they would slow each other
down) and writes ``docs/_performance/NAME.txt``, the script's output as printed, headed by the
day, the command and the machine, and then ``docs/_performance/targets.txt``: every target
line (met or MISSED) of every script's latest output, gathered in one list.
``docs/performance.rst`` includes those files, so the page shows the latest run of each script;
the page's own text says what the figures mean and what limits a missed target. A script that
fails leaves its old file in place and makes the tool exit with status 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
OUT = ROOT / "docs" / "_performance"
PAGE_OPTIONS = {"scale": ["--long"]}
"""Options a script runs with for the page (not under ``--quick``): ``scale`` at 10^6 too."""


def scripts() -> list[str]:
    """The benchmark scripts' names (``rules`` for ``benchmarks/rules.py``), sorted."""
    return sorted(p.stem for p in BENCHMARKS.glob("[!_]*.py"))


def machine() -> str:
    """One line: CPU count, memory and Python, for the head of each output."""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        memory = f", {pages / 2**30:.0f} GiB"
    except (ValueError, OSError):
        memory = ""
    return (
        f"{os.cpu_count()} cores{memory}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}"
    )


def run(name: str, extra: list[str]) -> str | None:
    """The output of ``benchmarks/NAME.py`` with ``extra`` options, or None if it failed."""
    command = [sys.executable, str(BENCHMARKS / f"{name}.py"), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    print(f"running {name} ...", file=sys.stderr, flush=True)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        print(f"{name} failed (status {done.returncode}):\n{done.stderr}", file=sys.stderr)
        return None
    shown = " ".join(["python", f"benchmarks/{name}.py", *extra])
    head = f"{dt.date.today():%Y-%m-%d}, {machine()}\n$ {shown}\n\n"
    return head + done.stdout.rstrip() + "\n"


def targets() -> str:
    """Every target line of the scripts' latest outputs, under the script's name."""
    lines = []
    for name in scripts():
        path = OUT / f"{name}.txt"
        if not path.is_file():
            continue
        found, inside = [], False
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.rstrip().endswith(":") and line.strip() in ("targets:", "verdicts:"):
                inside = True
            elif inside and line.startswith("  "):
                found.append(line.strip())
            else:
                inside = False
        if found:
            lines += [f"{name}.py", *(f"  {line}" for line in found), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the scripts named in ``argv`` (default: all) and write their pages' files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"scripts to run (default: all of {scripts()})")
    parser.add_argument("--quick", action="store_true", help="pass --quick to every script")
    parser.add_argument(
        "--options", default="", help='more options for every script run, e.g. "--size 2000"'
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(scripts()))
    if unknown:
        parser.error(f"no such benchmark: {', '.join(unknown)}; the scripts are {scripts()}")
    OUT.mkdir(parents=True, exist_ok=True)
    failed = []
    for name in args.names or scripts():
        own = ["--quick"] if args.quick else PAGE_OPTIONS.get(name, [])
        output = run(name, [*own, *args.options.split()])
        if output is None:
            failed.append(name)
            continue
        (OUT / f"{name}.txt").write_text(output, encoding="utf-8")
    (OUT / "targets.txt").write_text(targets(), encoding="utf-8")
    if failed:
        print(f"failed: {', '.join(failed)}; their old output is kept", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
