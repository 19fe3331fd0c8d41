"""The notifications example runs as its README says, on SQLite and on PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parent.parent.parent / "examples" / "notify" / "notify_example.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def check(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Every notification arrived." in done.stdout
    assert "plan: 3 delivered, 2 retried, 0 dead" in done.stdout  # the receiver's two 503s
    assert "[CANCEL " in done.stdout


def test_the_example_on_a_new_sqlite_file() -> None:
    check(run())


def test_the_example_on_postgresql(postgres_url: str, postgres_schema: str) -> None:
    separator = "&" if "?" in postgres_url else "?"
    check(run("--store", f"{postgres_url}{separator}schema={postgres_schema}"))
