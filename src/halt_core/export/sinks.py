"""Where an export writes: one stream, the members of a zip archive, or (in adapters) files.

An exporter asks its sink for a binary stream per file it writes (``sink.open("partners.csv")``)
and writes to it as records come. Formats that write one file (JSON, a calendar) open one;
CSV opens one per record kind. The sinks here wrap streams the caller opened, so halt_core
itself opens no file; :class:`halt_adapters.export.DirectorySink` writes files in a folder.
"""

from __future__ import annotations

import abc
import contextlib
import zipfile
from collections.abc import Iterator
from typing import BinaryIO, cast

from halt_core.errors import ExportFailed

__all__ = ["Sink", "StreamSink", "ZipSink"]


class Sink(abc.ABC):
    """Where an exporter writes its files.

    Attributes:
        written: the names of the files opened so far, in order.

    """

    def __init__(self) -> None:
        self.written: list[str] = []

    @property
    def single(self) -> bool:
        """Whether this sink takes only one file (then names are only a hint)."""
        return False

    @contextlib.contextmanager
    def open(self, name: str, *, format: str = "export") -> Iterator[BinaryIO]:
        """A binary stream for the file ``name`` (e.g. ``"partners.csv"``), closed after use.

        ``format`` names the export in the error raised when this sink cannot take another
        file. A name must be a plain file name: no folders, nothing hidden.
        """
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise ExportFailed(
                format, f"{name!r} is not a plain file name: exporters name files like 'a.csv'"
            )
        if name in self.written:
            raise ExportFailed(
                format,
                f"{name!r} was already written: give the records of each kind together "
                "(as a network or a store gives them)",
            )
        with self._open(name, format) as stream:
            self.written.append(name)
            yield stream

    @abc.abstractmethod
    def _open(self, name: str, format: str) -> contextlib.AbstractContextManager[BinaryIO]:
        """Open the stream for ``name`` (checked already); adapters implement this."""


class _Unclosing:
    """A stream wrapper whose ``close`` does nothing: the caller owns the real stream."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def write(self, data: bytes) -> int:
        return self._stream.write(data)

    def flush(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.flush()

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


class StreamSink(Sink):
    """One stream the caller opened (a file, a response body, ``io.BytesIO``): one file only.

    The stream stays open after the export; the caller closes it. A format that needs more
    than one file (CSV of several record kinds) raises :class:`~halt_core.errors.ExportFailed`
    saying to export to a zip archive or a folder instead.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self.stream = stream

    @property
    def single(self) -> bool:
        """Always true: a stream holds one file."""
        return True

    @contextlib.contextmanager
    def _open(self, name: str, format: str) -> Iterator[BinaryIO]:
        if self.written:
            raise ExportFailed(
                format,
                f"it writes more than one file ({self.written[0]!r}, {name!r}) and was given "
                "one stream: export to a .zip archive or a folder, or export one record kind",
            )
        yield cast(BinaryIO, _Unclosing(self.stream))


class ZipSink(Sink):
    """The members of a zip archive written to a stream the caller opened.

    Members are written one after the other, each streamed (constant memory). The archive is
    finished by :meth:`close` (or by leaving a ``with`` block); the stream stays open.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__()
        self._archive = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED)

    @contextlib.contextmanager
    def _open(self, name: str, format: str) -> Iterator[BinaryIO]:
        with self._archive.open(name, "w", force_zip64=True) as member:
            yield cast(BinaryIO, member)

    def close(self) -> None:
        """Write the archive's directory; the zip is complete after this."""
        self._archive.close()

    def __enter__(self) -> ZipSink:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
