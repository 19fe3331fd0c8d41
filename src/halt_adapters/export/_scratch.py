"""A temporary file for what an export must group or sort before it can write.

A calendar writes a forum's meetings as one series, and a picture lays out every node in its
cluster: both need records that came far apart, and both write in a sorted order. Kept in
Python, that takes memory in proportion to the store. Kept here (an SQLite database in a
temporary file, with a small fixed page cache), an export's memory stays flat however large
the store: SQLite groups and sorts on disk.

The file lies in the system's temporary folder (``TMPDIR``, see :func:`tempfile.gettempdir`),
is readable only by its owner, and is removed when the export ends, failed or not. It holds
only what the export itself writes (names, places, times; never more than the file it
becomes).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any

from halt_core.errors import ExportFailed

__all__ = ["CACHE_KIB", "Scratch"]

CACHE_KIB = 4096
"""The most memory SQLite's page cache takes for one scratch file, in KiB."""

_FETCHED = 500  # rows read at a time


class Scratch:
    """A temporary SQLite database for one export, removed on :meth:`close`.

    Use it as a context manager. ``format`` names the export in errors; ``schema`` is the SQL
    that creates its tables (and indexes).
    """

    def __init__(self, format: str, schema: str) -> None:
        self._format = format
        self._path: str | None = None
        folder = tempfile.gettempdir()
        try:
            handle, path = tempfile.mkstemp(prefix="halt-export-", suffix=".sqlite3")
            self._path = path
            os.close(handle)
            # No journal, no syncs: the file is thrown away, a crash loses nothing kept.
            self._db = sqlite3.connect(path, isolation_level=None)
            self._db.executescript(
                "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                f"PRAGMA cache_size = -{CACHE_KIB}; PRAGMA temp_store = FILE;"
                "PRAGMA locking_mode = EXCLUSIVE; BEGIN;" + schema
            )
        except (OSError, sqlite3.Error) as exc:
            self._remove()
            raise self._failed(exc, folder) from exc

    def __enter__(self) -> Scratch:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> None:
        """Run one statement that returns nothing."""
        try:
            self._db.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each of ``rows``."""
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def one(self, sql: str, parameters: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        """The first row of a query, or None."""
        try:
            row: tuple[Any, ...] | None = self._db.execute(sql, parameters).fetchone()
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc
        return row

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a query, read a few hundred at a time (never all at once)."""
        try:
            cursor = self._db.execute(sql, parameters)
            while True:
                batch = cursor.fetchmany(_FETCHED)
                if not batch:
                    return
                yield from batch
                # Let this batch go before the next is read, not after: one batch is held.
                del batch
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def close(self) -> None:
        """Close and remove the file (again: nothing)."""
        with contextlib.suppress(sqlite3.Error, AttributeError):
            self._db.close()
        self._remove()

    def _remove(self) -> None:
        path = self._path
        if path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
            self._path = None

    def _failed(self, exc: Exception, folder: str | None = None) -> ExportFailed:
        where = folder or tempfile.gettempdir()
        return ExportFailed(
            self._format,
            f"its temporary file in {where} could not be used ({type(exc).__name__}: {exc}): "
            "free some space there, or set TMPDIR to a folder with room",
        )
