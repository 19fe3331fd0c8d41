"""The scale benchmark's floors: the rows a command needs, read with raw SQL and decoded.

Each floor reads, with ``sqlite3`` or ``psycopg`` directly, the rows of the store's own tables
that its command is about (``SELECT owner, document FROM <table> WHERE ...`` on the indexed
columns, live rows only) and decodes each document with one ``msgspec.json.Decoder`` per kind
(into the same attrs classes the store decodes into). Where the command needs them, it also
reads the meetings of the forums it read and the records those rows name (by the kind's
``references`` and its owner column) that it did not read yet. It is the least a command
about those rows costs: no ordering, no versions, no rules, no output.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import msgspec

from halt_core.storage import RECORD_KINDS

_KINDS = {kind.name: kind for kind in RECORD_KINDS.values()}
_DECODERS = {name: msgspec.json.Decoder(kind.type) for name, kind in _KINDS.items()}
_AT_ONCE = 500  # ids per IN (...) list
# What named records may be, besides partners: a record's owner or reference is one of these.
_NAMED_KINDS = ("partners", "collaborations", "forums", "referrals")


class Reader:
    """Raw reads of a store's tables with the driver's own connection.

    Args:
        connection: a ``sqlite3`` connection, or a ``psycopg`` one (autocommit).
        postgres: whether it is PostgreSQL (``%s`` parameters, UUID ids, JSONB as text).

    """

    def __init__(self, connection: Any, *, postgres: bool) -> None:
        self.connection = connection
        self.postgres = postgres
        self.document = "document::text" if postgres else "document"

    def select(self, table: str, where: str = "", params: Sequence[Any] = ()) -> list[Any]:
        """``SELECT owner, document`` of the live rows of ``table`` (``where`` uses ``?``)."""
        sql = f"SELECT owner, {self.document} FROM {table} WHERE deleted = 0"
        if where:
            sql += f" AND {where}"
        if self.postgres:
            sql = sql.replace("?", "%s")
        rows: list[Any] = self.connection.execute(sql, params).fetchall()
        return rows

    def among(self, table: str, column: str, keys: Iterable[str]) -> list[Any]:
        """The live rows of ``table`` whose ``column`` (``id``, ``owner``) is one of ``keys``."""
        wanted = sorted(keys)
        rows: list[Any] = []
        for first in range(0, len(wanted), _AT_ONCE):
            chunk: list[Any] = wanted[first : first + _AT_ONCE]
            if self.postgres:
                chunk = [uuid.UUID(key) for key in chunk]
            marks = ", ".join("?" * len(chunk))
            rows += self.select(table, f"{column} IN ({marks})", chunk)
        return rows

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


def open_reader(sqlite_path: str | None = None, postgres_url: str | None = None) -> Reader:
    """A reader of the SQLite file at ``sqlite_path`` or the PostgreSQL database at the URL."""
    if postgres_url is not None:
        import psycopg

        return Reader(psycopg.connect(postgres_url, autocommit=True), postgres=True)
    assert sqlite_path is not None  # one of the two is given
    return Reader(sqlite3.connect(sqlite_path), postgres=False)


class _Read:
    """What one floor run read: the decoded records by kind, and the ids it holds."""

    def __init__(self) -> None:
        self.records: dict[str, list[Any]] = {}
        self.ids: set[str] = set()
        self.named: set[str] = set()

    def add(self, kind: str, rows: list[Any]) -> list[Any]:
        decode = _DECODERS[kind].decode
        references = _KINDS[kind].references
        values = []
        for owner, document in rows:
            value = decode(document)
            values.append(value)
            self.ids.add(str(value.id))
            if owner is not None:
                self.named.add(str(owner))
            self.named.update(k for k in references(value) if not k.startswith("trainer:"))
        self.records.setdefault(kind, []).extend(values)
        return values

    def add_named(self, reader: Reader) -> None:
        """Read the records the rows read so far name, that were not read yet (one round)."""
        missing = self.named - self.ids
        for kind in _NAMED_KINDS:
            if missing:
                found = self.add(kind, reader.among(kind, "id", missing))
                missing -= {str(v.id) for v in found}


def everything(reader: Reader, _: Any) -> _Read:
    """Every row of every table (the full check's and the export's floor)."""
    read = _Read()
    for kind in _KINDS:
        read.add(kind, reader.select(kind))
    return read


def area(reader: Reader, context: Any) -> _Read:
    """Every record in arrondissement A, the meetings of its forums, and what they name."""
    read = _Read()
    place = (context.arrondissement,)
    for kind in _KINDS:
        if kind != "meetings":
            read.add(kind, reader.select(kind, "arrondissement = ?", place))
    forums = {str(f.id) for f in read.records["forums"]}
    read.add("meetings", reader.among("meetings", "owner", forums))
    read.add_named(reader)
    return read


def network(reader: Reader, context: Any) -> _Read:
    """The partners, forums and collaborations in A, the forums' meetings, the partners named."""
    read = _Read()
    place = (context.arrondissement,)
    for kind in ("partners", "forums", "collaborations"):
        read.add(kind, reader.select(kind, "arrondissement = ?", place))
    forums = {str(f.id) for f in read.records["forums"]}
    read.add("meetings", reader.among("meetings", "owner", forums))
    read.add_named(reader)
    return read


def _interventions(where: str, params: Callable[[Any], Sequence[Any]]) -> Any:
    def floor(reader: Reader, context: Any) -> _Read:
        read = _Read()
        read.add("interventions", reader.select("interventions", where, params(context)))
        return read

    floor.__doc__ = f"The interventions ``WHERE {where}``."
    return floor


def changed(reader: Reader, context: Any) -> _Read:
    """The changed interventions, by id, and the records they name."""
    read = _Read()
    read.add("interventions", reader.among("interventions", "id", map(str, context.changed)))
    read.add_named(reader)
    return read


FLOORS: dict[str, Callable[[Reader, Any], _Read]] = {
    "everything": everything,
    "area": area,
    "network": network,
    "interventions in A": _interventions("arrondissement = ?", lambda c: (c.arrondissement,)),
    "interventions in M": _interventions("municipality = ?", lambda c: (c.municipality,)),
    "scheduled": _interventions("status = ?", lambda c: ("scheduled",)),
    "scheduled, first 50": _interventions(
        "status = ? ORDER BY id LIMIT 50", lambda c: ("scheduled",)
    ),
    "changed": changed,
}
"""Each floor by name: called with a :class:`Reader` and the run's context (the places and
the changed ids); returns what it read."""


def count(read: _Read) -> int:
    """How many records a floor read."""
    return sum(len(values) for values in read.records.values())
