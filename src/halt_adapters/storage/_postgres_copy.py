r"""New records into PostgreSQL: ``COPY`` lines written straight from the rows.

The rows arrive with their documents already encoded (UTF-8 JSON bytes). Handing them to
psycopg's ``write_row`` would decode each document to text, pick a dumper for every value and
encode it all back; here each row becomes one line of ``COPY``'s text format, built from
bytes, and the lines go to the server a batch at a time, so nothing but one batch is held
on top of the rows. Text-format escaping (backslash, tab, newline, carriage return) is applied
to every value that is text; ``\N`` is NULL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from halt_adapters.storage._sql_dialect import ROW_COLUMNS, micros, refs_table
from halt_core.storage import Row

__all__ = ["BATCH_BYTES", "copy_rows"]

BATCH_BYTES = 64 * 1024
"""About how many bytes of lines are gathered before they are handed to the server."""

_NULL = b"\\N"


def _escaped(data: bytes) -> bytes:
    """``data`` as a value of COPY's text format: its backslashes and line breaks escaped."""
    if b"\\" in data:
        data = data.replace(b"\\", b"\\\\")
    # JSON never holds a raw tab or line break, nor do index values; guarded all the same.
    if b"\t" in data or b"\n" in data or b"\r" in data:
        data = data.replace(b"\t", b"\\t").replace(b"\n", b"\\n").replace(b"\r", b"\\r")
    return data


class _Texts(dict[str | None, bytes]):
    """Index values as escaped bytes: few distinct values (kinds, statuses, places), so kept."""

    def __missing__(self, key: str | None) -> bytes:
        value = _NULL if key is None else _escaped(key.encode())
        if len(self) < 4096:  # a bound, should a column hold many distinct values
            self[key] = value
        return value


def _id(value: uuid.UUID | None) -> bytes:
    return _NULL if value is None else str(value).encode()


def _date(value: dt.date | None) -> bytes:
    return _NULL if value is None else value.isoformat().encode()


def _line(row: Row, texts: _Texts) -> bytes:
    """One row of :data:`ROW_COLUMNS` as a line of COPY's text format."""
    index = row.index
    return b"\t".join(
        (
            str(row.id).encode(),
            b"%d" % row.version,
            texts[index.kind],
            texts[index.status],
            texts[index.level],
            texts[index.arrondissement],
            texts[index.municipality],
            _date(index.starts),
            _date(index.ends),
            _id(index.owner),
            b"%d" % micros(row.changed),
            _escaped(row.document) + b"\n",
        )
    )


def copy_rows(cursor: Any, table: str, rows: Iterable[Row]) -> None:
    """``COPY`` ``rows`` into ``table`` (its :data:`ROW_COLUMNS`) on a psycopg ``cursor``.

    Their references follow, with a second ``COPY`` into the table's references table; they
    are gathered while the rows stream, as ``(id, ref)`` pairs, the only thing held.
    The lines are UTF-8, as the documents are: on a connection whose client encoding is
    another, each row goes through psycopg's ``write_row``, which converts.
    """
    statement = f"COPY {table} ({', '.join(ROW_COLUMNS)}) FROM STDIN"
    references: list[tuple[uuid.UUID, str]] = []
    utf8 = cursor.connection.info.encoding == "utf-8"
    with cursor.copy(statement) as copy:
        if not utf8:
            for row in rows:
                references.extend((row.id, ref) for ref in row.references)
                copy.write_row(_values(row))
        else:
            texts = _Texts()
            batch: list[bytes] = []
            size = 0
            for row in rows:
                if row.references:
                    references.extend((row.id, ref) for ref in row.references)
                line = _line(row, texts)
                batch.append(line)
                size += len(line)
                if size >= BATCH_BYTES:
                    copy.write(b"".join(batch))
                    batch.clear()
                    size = 0
            if batch:
                copy.write(b"".join(batch))
    if references:
        copy_references(cursor, table, references, utf8=utf8)


def copy_references(
    cursor: Any, table: str, pairs: list[tuple[uuid.UUID, str]], *, utf8: bool = True
) -> None:
    """``COPY`` ``(id, ref)`` pairs into the references table of ``table``."""
    with cursor.copy(f"COPY {refs_table(table)} (id, ref) FROM STDIN") as copy:
        if not utf8:
            for pair in pairs:
                copy.write_row(pair)
            return
        for start in range(0, len(pairs), 2048):
            copy.write(
                b"".join(
                    b"%s\t%s\n" % (str(id).encode(), _escaped(ref.encode()))
                    for id, ref in pairs[start : start + 2048]
                )
            )


def _values(row: Row) -> tuple[Any, ...]:
    """The values of ``row`` as psycopg dumps them, in the order of :data:`ROW_COLUMNS`."""
    index = row.index
    return (
        row.id,
        row.version,
        index.kind,
        index.status,
        index.level,
        index.arrondissement,
        index.municipality,
        index.starts,
        index.ends,
        index.owner,
        micros(row.changed),
        row.document.decode(),
    )
