"""The installed ``halt`` command, run as a user runs it: a process, on a terminal or not."""

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from halt_core.rules import default_rules

# The command installed beside this interpreter, never a `halt` found first on PATH (on Linux
# that can be the system's shutdown command).
HALT = str(Path(sys.executable).parent / "halt")


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``halt`` with a pseudo-terminal as its standard output and error."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [HALT, *args], stdout=follower, stderr=follower, stdin=subprocess.DEVNULL, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HALT_STORE_URL": f"sqlite:///{tmp_path / 'halt.sqlite3'}",
        "TERM": "xterm-256color",
        "COLUMNS": "120",
    }


def test_the_readme_main_job_runs_end_to_end(env: dict[str, str]) -> None:
    done = subprocess.run([HALT, "demo"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "Demo network (seed 2024, size 200)" in done.stdout
    assert "Where Halt works, by arrondissement" in done.stdout
    assert f"{len(default_rules())} rules checked the network: no violations." in done.stdout
    assert "Saved the demo network" in done.stderr
    # Not a terminal: no progress bar, no colour codes.
    assert "\x1b[" not in done.stdout + done.stderr
    assert "Saving" not in done.stderr


def test_long_operations_show_progress_on_a_terminal(env: dict[str, str], tmp_path: Path) -> None:
    code, shown = run_on_a_terminal(["demo", "--size", "400"], env)
    assert code == 0, shown
    assert "Saving" in shown
    assert "\x1b[" in shown  # drawn with terminal codes
    code, shown = run_on_a_terminal(
        [
            "export",
            "--format",
            "jsonl",
            "--out",
            str(tmp_path / "all.jsonl"),
            "--personal-data",
            "include",
            "--purpose",
            "moving the store",
        ],
        env,
    )
    assert code == 0, shown
    assert "Exporting jsonl" in shown
    target = {**env, "HALT_STORE_URL": f"sqlite:///{tmp_path / 'copy.sqlite3'}"}
    code, shown = run_on_a_terminal(["import", str(tmp_path / "all.jsonl")], target)
    assert code == 0, shown
    assert "Importing all.jsonl" in shown


def test_an_error_is_one_line_and_the_exit_code_says_what_kind(env: dict[str, str]) -> None:
    done = subprocess.run(
        [HALT, "partners", "list"], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("Error: there is no store at")


def test_the_readme_main_job_line_works_on_a_fresh_copy(tmp_path: Path) -> None:
    # The line exactly as the README gives it, run in a copy of the project as it is in git,
    # with a home of its own: a new venv, the package installed from PyPI's dependencies,
    # and `halt demo` on the default store.
    root = Path(__file__).parent.parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    line = readme.split("# The main job:", 1)[1].splitlines()[1]
    assert line.startswith("python3 -m venv .venv")
    assert line.endswith("halt demo")
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, capture_output=True, check=True
    ).stdout.split(b"\0")
    copy = tmp_path / "project"
    for name in filter(None, files):
        source = root / name.decode()
        if source.is_file():
            (copy / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name.decode())
    home = tmp_path / "home"
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    done = subprocess.run(
        ["bash", "-c", line], cwd=copy, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "Demo network (seed 2024, size 200)" in done.stdout
    assert f"{len(default_rules())} rules checked the network: no violations." in done.stdout
    assert (home / ".local" / "share" / "halt" / "halt.sqlite3").exists()
