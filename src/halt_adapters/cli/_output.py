r"""Output that may meet the whole country: streamed JSON, JSON Lines, and capped tables.

A ``list`` command may match a million records. Nothing here holds them all:

- :func:`write_jsonl` writes one JSON document per line as each record is read, and flushes
  as it goes, so a tool reading the pipe starts before the store is read to its end;
- :func:`write_json_array` writes one JSON array the same way (``[``, the documents
  separated by ``,\n``, ``]``), which any JSON reader accepts whole;
- :func:`print_table` shows people the first ``--limit`` rows, then one line saying how many
  more there are and how to get them.

Each writer takes the first record before it writes anything, so an error in the first read
(an unknown area, a store that cannot be reached) leaves no half-written output behind.
:func:`format_option` and :func:`limit_option` are the ``--format`` and ``--limit`` options of
commands that print this way. Commands whose answers are always small (a youth's holds, the
disclosures of one request) print with :func:`emit` and :func:`output_option` instead.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import json
import sys
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, BinaryIO, TypeVar

import click
import msgspec
from rich.table import Table

from halt_adapters.cli._context import App
from halt_core.model import AMSTERDAM

__all__ = [
    "DEFAULT_LIMIT",
    "FLUSH_EVERY",
    "FORMATS",
    "emit",
    "format_option",
    "limit_of",
    "limit_option",
    "output_option",
    "print_table",
    "write_json_array",
    "write_jsonl",
]

FORMATS = ("table", "json", "jsonl")
"""What ``--format`` takes: a table for people, a JSON array, or JSON Lines."""

DEFAULT_LIMIT = 50
"""The rows a table shows when ``--limit`` is not given."""

FLUSH_EVERY = 256
"""Documents written between flushes (and the first on its own, so a reader starts at once)."""

_R = TypeVar("_R")
_ENCODER = msgspec.json.Encoder()
_NONE = object()

_FORMAT_HELP = (
    "table: the first --limit rows, for people; json: one JSON array, for tools that read a "
    "whole document; jsonl: one JSON document per line, written as each record is read, for "
    "tools that read a line at a time (and for the whole country)."
)


def format_option(what: str = "") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--format table|json|jsonl`` option (into the parameter ``output``).

    ``what`` is a sentence put after the help's words on the three formats, e.g. what the
    JSON documents are.
    """
    return click.option(
        "--format",
        "output",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help=f"{_FORMAT_HELP} {what}".strip(),
    )


def _check_limit(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 0:
        raise click.BadParameter(
            f"{value} is below 0: give how many rows to show, or 0 to show them all",
            ctx=ctx,
            param=param,
        )
    return value


def limit_option() -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--limit N`` option (into the parameter ``limit``; None when not given).

    A negative number is refused as a usage error. :func:`limit_of` turns the value into
    the rows to show.
    """
    return click.option(
        "--limit",
        type=int,
        default=None,
        metavar="N",
        callback=_check_limit,
        help=f"Show at most N records; 0 shows them all. Default: {DEFAULT_LIMIT} rows in a "
        "table, every record in json and jsonl.",
    )


def limit_of(limit: int | None, output: str) -> int | None:
    """The records to write for ``--limit`` and ``--format``: a number, or None for all.

    A table shows :data:`DEFAULT_LIMIT` rows unless told otherwise; JSON and JSON Lines are
    for tools and write every record unless ``--limit`` is given. ``0`` means all.
    """
    if limit is None:
        limit = DEFAULT_LIMIT if output == "table" else 0
    return limit or None


def _stdout() -> BinaryIO:
    sys.stdout.flush()  # whatever went through the text layer comes first
    return sys.stdout.buffer


def _encoded(documents: Iterable[Any]) -> Iterator[bytes]:
    for document in documents:
        yield document if isinstance(document, bytes) else _ENCODER.encode(document)


def write_jsonl(documents: Iterable[Any], out: BinaryIO | None = None) -> int:
    """Write each document as one line of compact JSON, as it comes; return how many.

    ``documents`` are JSON-safe values (dicts, lists, text, numbers) or JSON already encoded
    as bytes (one document each, without a line end). ``out`` is standard output unless
    given. The first line is flushed at once and the rest every :data:`FLUSH_EVERY` lines,
    so what is written does not wait for the last document, and memory holds one.
    """
    out = _stdout() if out is None else out
    written = 0
    for line in _encoded(documents):
        out.write(line + b"\n")
        written += 1
        if written == 1 or written % FLUSH_EVERY == 0:
            out.flush()
    out.flush()
    return written


def write_json_array(documents: Iterable[Any], out: BinaryIO | None = None) -> int:
    r"""Write the documents as one JSON array, a document at a time; return how many.

    The array is ``[``, then each document as compact JSON, separated by ``,\n``, then
    ``]`` and a line end; no documents give ``[]``. ``documents`` and ``out`` are as for
    :func:`write_jsonl`, which flushes the same way. The array is never built whole: a
    reader that wants it all parses it whole, one that wants records one by one should ask
    for JSON Lines.
    """
    out = _stdout() if out is None else out
    encoded = _encoded(documents)
    first = next(encoded, None)  # read before writing: a failed first read writes nothing
    if first is None:
        out.write(b"[]\n")
        out.flush()
        return 0
    out.write(b"[\n" + first)
    out.flush()
    written = 1
    for document in encoded:
        out.write(b",\n" + document)
        written += 1
        if written % FLUSH_EVERY == 0:
            out.flush()
    out.write(b"\n]\n")
    out.flush()
    return written


def print_table(
    app: App,
    title: str,
    columns: Sequence[str],
    records: Iterable[_R],
    row: Callable[[_R], Sequence[object]],
    *,
    limit: int | None,
    total: Callable[[], int] | None = None,
) -> int:
    """Print the first ``limit`` records as a table (all when None); return how many match.

    ``row`` gives a record's cells, one per column. When more records match than are shown,
    the table's title still says how many match, and a line under it says how many more
    there are and how to see them. That count comes from ``total()`` (a count the store
    makes, with the same criteria as ``records``) when given, else from reading the rest of
    ``records`` without keeping them (for filters applied after the store).
    """
    it = iter(records)
    shown = [list(row(r)) for r in (it if limit is None else itertools.islice(it, limit))]
    matching = len(shown)
    # Exactly ``limit`` shown and one more to come: count those, without showing them.
    if limit is not None and matching == limit and next(it, _NONE) is not _NONE:
        if total is None:
            matching = limit + 1 + sum(1 for _ in it)
        else:
            close = getattr(it, "close", None)
            if close is not None:
                close()  # the stream lets its page go before the store counts
            matching = total()
    table = Table(title=f"{title} ({matching:,})", title_justify="left", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for cells in shown:
        table.add_row(*(_text(cell) for cell in cells))
    app.console.print(table)
    rest = matching - len(shown)
    if rest > 0:
        app.console.print(
            f"... and {rest:,} more: --limit 0 shows them all, --format jsonl streams them "
            "for tools",
            highlight=False,
            markup=False,
        )
    return matching


# -- the simple writers of small answers ------------------------------------------------------


def output_option(
    help: str, people: str = "table"
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The ``--format`` option of a command that prints for people or, as JSON, for tools."""
    return click.option(
        "--format",
        "output",
        type=click.Choice([people, "json"]),
        default=people,
        show_default=True,
        help=help,
    )


def emit(
    app: App,
    output: str,
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    documents: Iterable[Any] | None = None,
) -> int:
    """Print ``rows`` as a table, or ``documents`` (or the rows) as JSON; return the count."""
    rows = [list(r) for r in rows]
    if output == "json":
        payload = (
            list(documents)
            if documents is not None
            else [dict(zip(columns, map(_plain, r), strict=True)) for r in rows]
        )
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return len(payload)
    table = Table(title=f"{title} ({len(rows)})", title_justify="left", expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(_text(cell) for cell in row))
    app.console.print(table)
    return len(rows)


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, enum.Enum):
        return str(cell.value)
    if isinstance(cell, dt.datetime):
        return cell.astimezone(AMSTERDAM).strftime("%Y-%m-%d %H:%M")
    return str(cell)


def _plain(cell: object) -> object:
    if isinstance(cell, enum.Enum):
        return cell.value
    if isinstance(cell, (dt.date, uuid.UUID)):
        return str(cell) if not isinstance(cell, dt.datetime) else cell.isoformat()
    return cell
