"""The temporary files of an export are removed when it ends, whether it worked or failed.

A picture keeps what it draws in a scratch SQLite file (and ``svg``/``png`` their DOT text and
Graphviz's messages in unnamed temporary files): after the export, nothing of it is left in
the temporary folder, and a failed export leaves no half-written picture in its folder.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest

from halt_adapters.export import DirectorySink, _graphviz
from halt_adapters.export._scratch import Scratch
from halt_core.errors import ExportFailed
from halt_core.export import Sink, export
from halt_core.model import Network
from tests._needs import graphviz

from .conftest import GENERATED_AT


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder exports use here (empty at first)."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    return temporary


def scratch_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.startswith("halt-export-"))


def records_then_look(network: Network, folder: Path, seen: list[list[str]]) -> Iterator[Any]:
    """The network's records, then what the temporary folder holds once all were given."""
    yield from network.partners
    yield from network.collaborations
    yield from network.forums
    seen.append(scratch_files(folder))


class Failing(io.RawIOBase):
    """A stream that takes a little, then fails as a full disk does."""

    def __init__(self) -> None:
        self.taken = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.taken += len(data)
        if self.taken > 4096:
            raise OSError(28, "No space left on device")
        return len(data)


class FailingSink(Sink):
    """A sink whose file fails part way."""

    @contextlib.contextmanager
    def _open(self, name: str, format: str) -> Iterator[BinaryIO]:
        yield Failing()  # type: ignore[misc]


def test_a_scratch_file_is_removed_when_closed_or_left_failing(folder: Path) -> None:
    with Scratch("test", "CREATE TABLE t (x INTEGER);") as scratch:
        (name,) = scratch_files(folder)
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o600
        scratch.executemany("INSERT INTO t VALUES (?)", ((i,) for i in range(2000)))
        assert list(scratch.rows("SELECT sum(x) FROM t")) == [(1999 * 2000 // 2,)]
    assert scratch_files(folder) == []
    with (
        pytest.raises(ExportFailed, match="the test export failed"),
        Scratch("test", "CREATE TABLE t (x INTEGER);") as scratch,
    ):
        scratch.execute("INSERT INTO nowhere VALUES (1)")
    assert scratch_files(folder) == []


@pytest.mark.parametrize("format", ["dot", "mermaid", "svg", "png"])
def test_a_picture_leaves_no_temporary_file(network: Network, folder: Path, format: str) -> None:
    if format in ("svg", "png"):
        graphviz()
    seen: list[list[str]] = []
    out = io.BytesIO()
    report = export(
        records_then_look(network, folder, seen), out, format, generated_at=GENERATED_AT
    )
    assert report.total > 0
    assert out.getvalue()
    assert [len(names) for names in seen] == [1]  # the scratch file, while records came
    assert scratch_files(folder) == []


@pytest.mark.parametrize("format", ["dot", "mermaid"])
def test_a_picture_whose_file_fails_leaves_no_temporary_file(
    network: Network, folder: Path, format: str
) -> None:
    with pytest.raises(OSError, match="No space left"):
        export(network, FailingSink(), format, generated_at=GENERATED_AT)
    assert scratch_files(folder) == []


def test_a_picture_whose_records_fail_leaves_no_temporary_file(
    network: Network, folder: Path
) -> None:
    def failing() -> Iterator[Any]:
        yield from network.partners
        raise RuntimeError("the store went away")

    with pytest.raises(RuntimeError, match="went away"):
        export(failing(), io.BytesIO(), "dot", generated_at=GENERATED_AT)
    assert scratch_files(folder) == []


def fake_dot(folder: Path, script: str) -> None:
    fake = folder / "dot"
    fake.write_text("#!/bin/sh\n" + script)
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)


def test_a_dot_that_fails_part_way_leaves_no_partial_picture_and_no_temporary_file(
    network: Network, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # dot writes part of a picture, then fails: the folder gets no file, the error dot's words.
    programs = tmp_path / "bin"
    programs.mkdir()
    fake_dot(programs, "cat >/dev/null\nprintf '<svg>half'\necho 'Error: trouble' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    out = tmp_path / "out"
    with pytest.raises(ExportFailed, match="Graphviz 'dot' failed: Error: trouble"):
        export(network, DirectorySink(out), "svg", generated_at=GENERATED_AT)
    assert list(out.iterdir()) == []
    assert scratch_files(folder) == []


def test_a_dot_that_takes_too_long_is_stopped(
    network: Network, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programs = tmp_path / "bin"
    programs.mkdir()
    fake_dot(programs, "exec sleep 30\n")
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(_graphviz, "DOT_TIMEOUT_SECONDS", 0.5)
    with pytest.raises(ExportFailed, match=r"Graphviz 'dot' took longer than 0.5 s"):
        export(network, io.BytesIO(), "png", generated_at=GENERATED_AT)
    assert scratch_files(folder) == []


def test_a_dot_that_writes_nothing_fails_saying_so(
    network: Network, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programs = tmp_path / "bin"
    programs.mkdir()
    fake_dot(programs, "cat >/dev/null\nexit 0\n")
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    out = io.BytesIO()
    with pytest.raises(ExportFailed, match="Graphviz 'dot' failed: no output"):
        export(network, out, "png", generated_at=GENERATED_AT)
    assert out.getvalue() == b""
    assert scratch_files(folder) == []


def test_a_dot_that_says_a_lot_is_quoted_by_its_last_words(
    network: Network, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    programs = tmp_path / "bin"
    programs.mkdir()
    fake_dot(
        programs,
        "cat >/dev/null\nyes 'Warning: chatter' | head -c 1000000 >&2\n"
        "echo 'Error: the end' >&2\nexit 2\n",
    )
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ExportFailed) as caught:
        export(network, io.BytesIO(), "svg", generated_at=GENERATED_AT)
    said = str(caught.value)
    assert said.endswith("Error: the end")
    assert len(said) < 70_000
