"""A sink that writes an export's files into a folder."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from halt_core.errors import ExportFailed
from halt_core.export import Sink

__all__ = ["DirectorySink", "replace_when_done"]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


_MODE = 0o666 & ~_umask()  # what open() would give a new file


@contextlib.contextmanager
def replace_when_done(path: Path) -> Iterator[BinaryIO]:
    """A stream to a temporary file beside ``path``, moved onto ``path`` once complete.

    A failure leaves nothing: neither a half-written file nor the temporary one.
    """
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w+b") as stream:
            yield stream
        os.chmod(temporary, _MODE)  # mkstemp makes it private; an export is an ordinary file
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


class DirectorySink(Sink):
    """Files in a folder, one per file the exporter writes; the folder must be new or empty.

    An export's files belong together (the CSV files and the README saying what was done
    with personal data), so files of an earlier export must not sit among them: a folder
    that holds anything is refused before a file is written. Each file is written to a
    temporary name and renamed into place when it is complete, so a failed export never
    leaves a half-written file under the real name.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        super().__init__()
        self.folder = Path(folder)

    @contextlib.contextmanager
    def _open(self, name: str, format: str) -> Iterator[BinaryIO]:
        if not self.written:
            self._check_empty(format)
        with replace_when_done(self.folder / name) as stream:
            yield stream

    def _check_empty(self, format: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            held = sorted(p.name for p in self.folder.iterdir())
        except OSError as exc:
            raise ExportFailed(format, f"cannot use the folder {self.folder}: {exc}") from exc
        if held:
            shown = ", ".join(held[:3]) + (", ..." if len(held) > 3 else "")
            raise ExportFailed(
                format,
                f"the folder {self.folder} is not empty ({shown}): export into a new or empty "
                "folder, so no file of another export is taken for part of this one",
            )
