"""Graphviz's ``dot`` program as the pictures run it: input from a file, output as it comes.

The DOT text goes to an unnamed temporary file that becomes ``dot``'s input, so no thread
has to feed it; its output is read a chunk at a time, so a large picture never sits in
Python's memory; its messages go to another temporary file, of which an error quotes the
end; past :data:`DOT_TIMEOUT_SECONDS` it is stopped. A PNG gets its text chunks (title,
notice, time) put in after its header on the way.
"""

from __future__ import annotations

import contextlib
import struct
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Iterator, Mapping
from typing import IO

from halt_adapters.export._graph_model import plain
from halt_core.errors import ExportFailed

__all__ = ["DOT_TIMEOUT_SECONDS", "graphviz", "no_room", "temporary", "with_text_chunks"]

DOT_TIMEOUT_SECONDS: float = 300
"""How long ``dot`` may take to draw a picture before it is stopped."""

_READ = 64 * 1024  # Graphviz's output is copied this many bytes at a time
_STDERR_KEPT = 64 * 1024  # the most of Graphviz's messages an error quotes (the last ones)


@contextlib.contextmanager
def temporary(format: str, suffix: str) -> Iterator[IO[bytes]]:
    """An unnamed temporary file (gone when closed, or if the process dies)."""
    try:
        file = tempfile.TemporaryFile(prefix="halt-export-", suffix=suffix)  # noqa: SIM115 - closed below
    except OSError as exc:
        raise no_room(format, exc) from exc
    with file:
        yield file


def no_room(format: str, exc: OSError) -> ExportFailed:
    return ExportFailed(
        format,
        f"its temporary file in {tempfile.gettempdir()} could not be used "
        f"({type(exc).__name__}: {exc}): free some space there, or set TMPDIR to a folder "
        "with room",
    )


@contextlib.contextmanager
def graphviz(format: str, program: str, output: str, text: IO[bytes]) -> Iterator[Iterator[bytes]]:
    """What ``dot -T<output>`` draws of the DOT ``text``, read as it comes, until left.

    ``text`` (a file) is dot's input; its messages go to a temporary file, of which an error
    quotes the end. Past the time allowed, dot is stopped. Reading the output to its end
    raises :class:`ExportFailed` if dot failed or drew nothing; leaving stops dot if it
    still runs.
    """
    with temporary(format, ".txt") as messages:
        try:
            process = subprocess.Popen(
                [program, f"-T{output}"], stdin=text, stdout=subprocess.PIPE, stderr=messages
            )
        except OSError as exc:
            raise ExportFailed(format, f"Graphviz 'dot' could not be run: {exc}") from exc
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            process.kill()

        timer = threading.Timer(DOT_TIMEOUT_SECONDS, expire)
        timer.daemon = True
        timer.start()
        try:
            yield _output(format, process, messages, expired)
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()


def _output(
    format: str, process: subprocess.Popen[bytes], messages: IO[bytes], expired: threading.Event
) -> Iterator[bytes]:
    assert process.stdout is not None
    wrote = False
    while chunk := process.stdout.read(_READ):
        wrote = True
        yield chunk
    returncode = process.wait()
    if returncode != 0 and expired.is_set():
        raise ExportFailed(
            format,
            f"Graphviz 'dot' took longer than {DOT_TIMEOUT_SECONDS} s: draw less, e.g. with "
            "the setting arrondissement",
        )
    if returncode != 0 or not wrote:
        said = _last(messages).decode("utf-8", "replace").strip()
        said = said or (f"exit status {returncode}" if returncode else "no output")
        raise ExportFailed(format, f"Graphviz 'dot' failed: {said}")


def _last(messages: IO[bytes]) -> bytes:
    """The end of ``messages`` (at most _STDERR_KEPT bytes)."""
    size = messages.seek(0, 2)
    messages.seek(max(0, size - _STDERR_KEPT))
    return messages.read()


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def with_text_chunks(png: Iterator[bytes], notes: Mapping[str, str]) -> Iterator[bytes]:
    """``png``, read in pieces, with a text chunk per note right after its header chunk."""
    # The header chunk (IHDR) must come first; text chunks may follow it anywhere.
    chunks = b"".join(_chunk(b"iTXt", _itxt(key, value)) for key, value in notes.items())
    head = b""
    header_end = None
    for piece in png:
        head += piece
        if len(head) >= 12:
            header_end = len(_PNG_SIGNATURE) + 8 + struct.unpack(">I", head[8:12])[0] + 4
            if len(head) >= header_end:
                break
    end = len(head) if header_end is None else header_end
    yield head[:end] + chunks + head[end:]
    yield from png


def _itxt(keyword: str, text: str) -> bytes:
    # keyword, no compression, no language tag, no translated keyword, then UTF-8 text.
    return keyword.encode("latin-1") + b"\0\0\0\0\0" + plain(text).encode("utf-8")


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)
