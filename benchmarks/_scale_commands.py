"""The scale benchmark's commands: the ``halt`` CLI timed in-process, its peak memory apart.

Time: the CLI is imported once and each command runs through ``cli.main(args,
standalone_mode=False)`` with standard output and error going to files, best of several runs
(the interpreter's start-up and the imports are not the command's work: ``imports.py`` measures
them). Memory: each command once more in a fresh interpreter, its peak resident set size
printed in MB (10^6 bytes): ``VmHWM`` of ``/proc/self/status``, which the interpreter reads as
it ends. Not ``ru_maxrss`` from :func:`os.wait4`: Linux counts in it the peak of the memory the
child had before its ``exec``, which after ``fork``/``vfork`` is this (large) process's, so every
command would seem to take at least what the benchmark itself holds. Where there is no
``/proc`` (not Linux), ``ru_maxrss`` it is, and the note says so.

A command the CLI does not know yet (a usage error, exit code 2: an option or a format it
refuses) is "not available": the row says so and the run goes on.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import math
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import halt_adapters
from halt_adapters.cli import cli

OUT = "{out}"
"""Stands in an argument list for a fresh output path (``export --out``)."""

# The command, then its own peak (VmHWM, KiB) and the seconds main() took, written to the
# file named first: the seconds leave out the interpreter's start-up and the CLI's import.
_RUN = """
import sys, time
from halt_adapters.cli import main
start = time.perf_counter()
try:
    main(sys.argv[2:])
finally:
    seconds = time.perf_counter() - start
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    except OSError:
        peak = ""
    with open(sys.argv[1], "w", encoding="ascii") as out:
        out.write(f"{peak} {seconds}")
"""
_USAGE = 2  # the CLI's exit code for an option, value or format it refuses


@dataclasses.dataclass(frozen=True)
class Command:
    """One command of the benchmark.

    Attributes:
        name: its row in the table, e.g. ``"check --arrondissement A"``.
        args: its arguments after ``halt --store URL``; :data:`OUT` is a fresh output path.
        floor: which floor it is compared with (a key of ``_scale_floors.FLOORS``).
        one_place: whether it is about one arrondissement or municipality (time within 2x of
            its floor; memory at 10^6 within 1.3x of 10^5).
        streamed: whether it streams (memory at 10^6 within 1.2x of 10^5).
        checks: whether exit code 1 is a result (``halt check`` found errors), not a failure.

    """

    name: str
    args: tuple[str, ...]
    floor: str
    one_place: bool = False
    streamed: bool = False
    checks: bool = False


def commands(arrondissement: str, municipality: str, since: str) -> list[Command]:
    """The commands, about arrondissement A and municipality M (a code); ``since`` is T."""
    a, m = arrondissement, municipality
    jsonl = ("--format", "jsonl")
    return [
        Command("network --arrondissement A", ("network", "--arrondissement", a), "network", True),
        Command(
            "check --arrondissement A",
            ("check", "--arrondissement", a),
            "area",
            one_place=True,
            checks=True,
        ),
        Command("check", ("check",), "everything", checks=True),
        Command(
            "list --arrondissement A jsonl",
            ("interventions", "list", "--arrondissement", a, *jsonl),
            "interventions in A",
            one_place=True,
            streamed=True,
        ),
        Command(
            "list --municipality M jsonl",
            ("interventions", "list", "--municipality", m, *jsonl),
            "interventions in M",
            one_place=True,
            streamed=True,
        ),
        Command(
            "list --status scheduled jsonl",
            ("interventions", "list", "--status", "scheduled", *jsonl),
            "scheduled",
            streamed=True,
        ),
        Command(
            "list --status scheduled (table)",
            ("interventions", "list", "--status", "scheduled"),
            "scheduled, first 50",
        ),
        Command(
            "export --format jsonl",
            ("export", "--format", "jsonl", "--out", OUT),
            "everything",
            streamed=True,
        ),
        Command(
            "check --changed-since T",
            ("check", "--changed-since", since),
            "changed",
            checks=True,
        ),
    ]


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What running a command gave: its best time and peak memory, or why there is none.

    Attributes:
        seconds: the best in-process time, or None.
        peak_mb: the fresh process's peak resident set size in MB, or None.
        problem: "not available: ..." or "failed: ...", when the command did not run.

    """

    seconds: float | None
    peak_mb: float | None
    problem: str | None = None


class Runner:
    """Runs commands against one store, in-process (timed) and in fresh processes (memory).

    Args:
        url: the store's URL.
        folder: a folder for outputs (standard output, errors, exports); emptied as it goes.

    """

    def __init__(self, url: str, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self.counter = 0

    def _args(self, command: Command) -> tuple[list[str], Path | None]:
        self.counter += 1
        out = self.folder / f"export-{self.counter}.jsonl"
        args = [str(out) if a == OUT else a for a in command.args]
        return ["--store", self.url, *args], (out if OUT in command.args else None)

    def once(self, command: Command) -> tuple[float, int, str]:
        """Run ``command`` in this process once: seconds, exit code, first line of errors."""
        args, out = self._args(command)
        stdout, stderr = self.folder / "stdout.txt", self.folder / "stderr.txt"
        try:
            with (
                stdout.open("w", encoding="utf-8") as sink,
                stderr.open("w", encoding="utf-8") as errors,
                contextlib.redirect_stdout(sink),
                contextlib.redirect_stderr(errors),
            ):
                start = time.perf_counter()
                code = cli.main(args, prog_name="halt", standalone_mode=False)
                elapsed = time.perf_counter() - start
        finally:
            if out is not None:
                out.unlink(missing_ok=True)
        said = stderr.read_text(encoding="utf-8").strip().splitlines()
        return elapsed, code if isinstance(code, int) else 0, said[0] if said else ""

    def best(self, command: Command, repeat: int) -> tuple[float | None, str | None]:
        """The best of ``repeat`` in-process runs, or None and why the command did not run.

        A full collection runs (untimed) before each run; the collector stays on during it.
        """
        best = math.inf
        for _ in range(repeat):
            gc.collect()
            elapsed, code, said = self.once(command)
            if code == _USAGE:
                return None, f"not available: {said or 'usage error'}"
            if code != 0 and not (code == 1 and command.checks):
                return None, f"failed (exit code {code}): {said}"
            best = min(best, elapsed)
        return best, None

    def fresh(self, command: Command) -> Fresh:
        """Run ``command`` once in a fresh interpreter: its peak memory, time, exit code."""
        args, out = self._args(command)
        try:
            return run_fresh([sys.executable, "-c", _RUN], args)
        finally:
            if out is not None:
                out.unlink(missing_ok=True)

    def run(self, command: Command, repeat: int, *, enough: float | None = None) -> Outcome:
        """Measure ``command``'s memory in a fresh process, then its time (best of ``repeat``).

        With ``enough`` (``--quick``), a command whose fresh run took at least ``enough``
        seconds is not run again: that run's time counts (timed inside it, around ``main``:
        without the start-up, with the first call's lazy work, small beside ``enough``).
        """
        ran = self.fresh(command)
        if ran.code == _USAGE:
            return Outcome(None, None, f"not available: {ran.said or 'usage error'}")
        if ran.code != 0 and not (ran.code == 1 and command.checks):
            failed = f"failed in a fresh interpreter (exit code {ran.code}): {ran.said}"
            return Outcome(None, None, failed)
        if enough is not None and ran.seconds is not None and ran.seconds >= enough:
            return Outcome(ran.seconds, ran.peak_mb)
        seconds, problem = self.best(command, repeat)
        if problem is not None:
            return Outcome(None, None, problem)
        return Outcome(seconds, ran.peak_mb)


@dataclasses.dataclass(frozen=True)
class Fresh:
    """One run in a fresh interpreter.

    Attributes:
        peak_mb: its peak resident set size in MB.
        seconds: how long ``main`` took in it, if it said.
        code: its exit code.
        said: the first line of its standard error.

    """

    peak_mb: float
    seconds: float | None
    code: int
    said: str


def run_fresh(program: Sequence[str], args: Sequence[str]) -> Fresh:
    """Run ``program`` (a :data:`_RUN`-like script) with ``args``, output to /dev/null.

    The script writes its own ``VmHWM`` (KiB) and time into the file named by its first
    argument; without a ``VmHWM``, the peak is ``ru_maxrss`` from :func:`os.wait4` (see the
    module's note).
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(_source_paths())}
    with (
        open(os.devnull, "wb") as null,
        tempfile.TemporaryFile() as errors,
        tempfile.NamedTemporaryFile("r", encoding="ascii", suffix=".peak") as told,
    ):
        process = subprocess.Popen(
            [*program, told.name, *args], stdout=null, stderr=errors, env=env
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak, _, seconds = told.read().strip().partition(" ")
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip().splitlines()
    return Fresh(
        (int(peak) if peak else usage.ru_maxrss) * 1024 / 1e6,
        float(seconds) if seconds else None,
        process.returncode,
        said[0] if said else "",
    )


def baseline_mb() -> float:
    """The peak resident set size of a fresh interpreter that only imports the CLI, in MB."""
    return run_fresh([sys.executable, "-c", _RUN.replace("main(sys.argv[2:])", "pass")], []).peak_mb


def _source_paths() -> list[str]:
    """PYTHONPATH for the fresh interpreters: where this process found halt_adapters first."""
    here = str(Path(halt_adapters.__file__).resolve().parent.parent)
    rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return [here, *rest]
