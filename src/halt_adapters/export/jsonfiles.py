r"""JSON and JSON Lines: every record in full, as the converter writes it, and read back.

Both formats hold each record as :func:`halt_core.serialization.to_json` writes it (a
*record document*: its fields, dates in ISO 8601, enums by value, and a first key
``schema_version``), so any record can be read alone with
:func:`~halt_core.serialization.from_json`. Both start with the same *export header*::

    {"schema_version": 1,
     "export": {"format": "json",
                "generated_at": "2026-09-01T12:00:00+02:00",
                "personal_data": "personal data of youths is pseudonymised: ...",
                "personal_data_mode": "pseudonymise",
                "purpose": null,
                "free_text": "omit"}}

``personal_data`` is the sentence saying what was done with personal data of youths and
with free text, ``personal_data_mode`` the first as a word (``pseudonymise``, ``omit`` or
``include``), ``purpose`` why they were included (null otherwise), and ``free_text`` what
was done with free text, as a word (``omit``, ``scrub`` or ``keep``; see
:class:`~halt_core.export.privacy.FreeText`).

**JSON** (``network.json``) is one object: the header's two keys, then one key per record
kind, each a list of record documents: first the kinds exported, in the order of a network,
then the others with empty lists (readers look keys up by name, so order does not matter)::

    {"schema_version":1,"export":{...},
    "partners":[
    {"schema_version":1,"area":...},
    {"schema_version":1,"area":...}],
    "collaborations":[],
    "forums":[...],"meetings":[...],"interventions":[...],"referrals":[...]}

**JSON Lines** (``network.jsonl``, https://jsonlines.org) is the header on the first line,
then one line per record: an object with the record's ``kind`` (``"partners"``,
``"collaborations"``, ``"forums"``, ``"meetings"``, ``"interventions"`` or
``"referrals"``) and the ``record`` document::

    {"schema_version":1,"export":{...}}
    {"kind":"partners","record":{"schema_version":1,"area":...}}

Lines end with ``\n``; text is UTF-8. Readers skip blank lines and ignore keys they do not
know (in the header, on a line and in the top-level object of JSON). :func:`read_json` and
:func:`read_jsonl` read both formats back.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

import msgspec

from halt_core.errors import (
    ExportFailed,
    InvalidDocument,
    InvalidValue,
    Problem,
    UnsupportedSchemaVersion,
)
from halt_core.export import Exporter, ExportOptions, Sink
from halt_core.hookspecs import hookimpl
from halt_core.model import Network, Record
from halt_core.serialization import SCHEMA_VERSION, from_json, to_json
from halt_core.storage import RECORD_KINDS

__all__ = [
    "JsonExporter",
    "JsonLinesExporter",
    "export_header",
    "halt_exporters",
    "read_json",
    "read_jsonl",
]

_KIND_NAMES: dict[type, str] = {kind.type: kind.name for kind in RECORD_KINDS.values()}
_KIND_TYPES: dict[str, type] = {name: type_ for type_, name in _KIND_NAMES.items()}
_BATCH = 256  # encoded records per write: few calls to the stream; records are not kept


def _header(format: str, options: ExportOptions) -> bytes:
    """The export header object (no line end)."""
    decision = options.personal_data
    return msgspec.json.encode(
        {
            "schema_version": SCHEMA_VERSION,
            "export": {
                "format": format,
                "generated_at": options.generated_at.isoformat(),
                "personal_data": decision.notice,
                "personal_data_mode": decision.mode.value,
                "purpose": decision.purpose,
                "free_text": decision.free_text.value,
            },
        }
    )


def _batches(encoded: Iterable[bytes]) -> Iterator[list[bytes]]:
    """``encoded`` in lists of :data:`_BATCH`, taken as they come."""
    it = iter(encoded)
    while batch := list(itertools.islice(it, _BATCH)):
        yield batch


class JsonExporter:
    """Writes every record to one JSON document, ``network.json``, as it comes.

    The layout is in :mod:`halt_adapters.export.jsonfiles`; :func:`read_json` reads it back
    into a :class:`~halt_core.model.Network`. The export header says what was done with
    personal data of youths. It has no settings.
    """

    name = "json"
    media_type = "application/json"
    extension = ".json"
    accepts: tuple[type, ...] = tuple(_KIND_NAMES)
    description = "one JSON document with every record in full, by kind"

    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        """Write the header, then each kind's records as a list, a chunk at a time."""
        options.check_settings(self.name, {})
        with sink.open("network.json", format=self.name) as out:
            out.write(_header(self.name, options)[:-1])  # the object stays open for the kinds
            written: list[str] = []
            for record_type, group in itertools.groupby(records, type):
                kind = _KIND_NAMES[record_type]
                if kind in written:
                    raise ExportFailed(
                        self.name,
                        f"the {kind} came in two groups: give the records of each kind together "
                        "(as a network or a store gives them)",
                    )
                written.append(kind)
                out.write(b',\n"%s":[' % kind.encode())
                separator = b"\n"
                for batch in _batches(map(to_json, group)):
                    out.write(separator + b",\n".join(batch))
                    separator = b",\n"
                out.write(b"]")
            missing = [k for k in _KIND_TYPES if k not in written]
            out.write(b"".join(b',\n"%s":[]' % kind.encode() for kind in missing) + b"}\n")


class JsonLinesExporter:
    """Writes the export header, then one record per line, to ``network.jsonl``.

    The line format is in :mod:`halt_adapters.export.jsonfiles`; :func:`read_jsonl` reads
    it back, a record at a time. The header says what was done with personal data of
    youths. It has no settings.
    """

    name = "jsonl"
    media_type = "application/jsonl"
    extension = ".jsonl"
    accepts: tuple[type, ...] = tuple(_KIND_NAMES)
    description = "JSON Lines: a header line, then one record a line (streams well)"

    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        """Write the header line, then a line per record, a chunk at a time."""
        options.check_settings(self.name, {})
        starts = {t: b'{"kind":"%s","record":' % name.encode() for t, name in _KIND_NAMES.items()}
        with sink.open("network.jsonl", format=self.name) as out:
            out.write(_header(self.name, options) + b"\n")
            lines = (starts[type(r)] + to_json(r) + b"}\n" for r in records)
            for batch in _batches(lines):
                out.write(b"".join(batch))


# -- reading --------------------------------------------------------------------------------


class _Line(msgspec.Struct):
    kind: str
    record: msgspec.Raw


_LINE = msgspec.json.Decoder(_Line)
_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_LIST = msgspec.json.Decoder(list[msgspec.Raw])
_AT = re.compile(r"^(?P<message>.*?)(?: - at `(?P<path>[^`]*)`)?$", re.DOTALL)
_BYTE = re.compile(r"\(byte (\d+)\)")
_KINDS_TEXT = ", ".join(_KIND_TYPES)


def export_header(text: bytes | str) -> dict[str, Any]:
    """The ``export`` object of a JSON export, or of a JSON Lines export's first line.

    Say what the file is before reading its records: ``personal_data_mode`` tells whether
    youths are stored pseudonyms (``include``), export tokens (``pseudonymise``) or left out
    (``omit``). Empty when ``text`` has no export header; records are not checked here.
    """
    try:
        found = _OBJECT.decode(text).get("export")
        header = msgspec.json.decode(found) if found is not None else {}
    except (msgspec.DecodeError, msgspec.ValidationError):
        return {}
    return header if isinstance(header, dict) else {}


def read_json(source: bytes | str | IO[bytes] | IO[str]) -> Network:
    """The network in a JSON export (the text, or a file open for reading).

    Every record is validated. Raises :class:`~halt_core.errors.InvalidDocument` listing
    every problem by its path (``$.partners[3].name``), or the line of a JSON syntax error;
    and :class:`~halt_core.errors.UnsupportedSchemaVersion` for an export of a newer
    halt_core. Keys other than the header's and the kinds' are ignored; a missing kind is
    read as having no records.
    """
    data = source if isinstance(source, bytes | str) else source.read()
    target = "Network"
    try:
        document = _OBJECT.decode(data)
    except msgspec.ValidationError:
        raise InvalidDocument(target, [Problem("$", "expected a JSON object")]) from None
    except msgspec.DecodeError as exc:
        raise InvalidDocument(target, [_syntax(exc, data)]) from None
    if "schema_version" in document:
        _check_version(msgspec.json.decode(document["schema_version"]), target)
    collections: dict[str, tuple[Any, ...]] = {}
    problems: list[Problem] = []
    for kind, record_type in _KIND_TYPES.items():
        if kind not in document:
            continue
        try:
            raws = _LIST.decode(document[kind])
        except msgspec.ValidationError:
            problems.append(Problem(f"$.{kind}", f"expected a list of {kind}"))
            continue
        records: list[Any] = []
        for index, raw in enumerate(raws):
            try:
                records.append(from_json(bytes(raw), record_type))
            except InvalidDocument as exc:
                problems.extend(_moved(exc, target, f"$.{kind}[{index}]"))
        collections[kind] = tuple(records)
    if problems:
        raise InvalidDocument(target, problems)
    try:
        return Network(**collections)
    except InvalidValue as exc:  # ids repeated within a kind
        raise InvalidDocument(target, [Problem(f"$.{exc.field}", str(exc))]) from None


def read_jsonl(source: bytes | str | Iterable[bytes] | Iterable[str]) -> Iterator[Record]:
    """The records of a JSON Lines export, one at a time, as they are read.

    ``source`` is the text, or an iterable of its lines (such as a file open for reading):
    memory stays constant however long it is. The first line must be the export header.
    Nothing is read before the first record is asked for. Raises
    :class:`~halt_core.errors.InvalidDocument` naming the line (``line 7``) and the path on
    it (``$.record.name``) at the first bad line, and
    :class:`~halt_core.errors.UnsupportedSchemaVersion` for an export of a newer halt_core;
    the records before it have been given already.
    """
    lines: Iterable[bytes | str] = (
        source.splitlines() if isinstance(source, bytes | str) else source
    )
    header = True
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        if header:
            _check_header(line, where)
            header = False
            continue
        try:
            envelope = _LINE.decode(line)
        except msgspec.ValidationError as exc:
            raise InvalidDocument(where, [_problem(exc)]) from None
        except msgspec.DecodeError as exc:
            raise InvalidDocument(where, [Problem("$", f"not valid JSON: {exc}")]) from None
        record_type = _KIND_TYPES.get(envelope.kind)
        if record_type is None:
            allowed = f"unknown kind {envelope.kind!r}: expected one of {_KINDS_TEXT}"
            raise InvalidDocument(where, [Problem("$.kind", allowed)])
        try:
            yield from_json(bytes(envelope.record), record_type)
        except InvalidDocument as exc:
            raise InvalidDocument(where, _moved(exc, where, "$.record")) from None
    if header:
        raise InvalidDocument("line 1", [Problem("$", "the export is empty: no header line")])


def _check_header(line: bytes | str, where: str) -> None:
    try:
        header = _OBJECT.decode(line)
    except (msgspec.ValidationError, msgspec.DecodeError):
        header = {}
    if "export" not in header:
        expected = 'expected the export header {"schema_version":1,"export":{...}} first'
        raise InvalidDocument(where, [Problem("$", expected)])
    if "schema_version" in header:
        _check_version(msgspec.json.decode(header["schema_version"]), where)


def _check_version(found: object, target: str) -> None:
    if found != SCHEMA_VERSION or isinstance(found, bool):
        raise UnsupportedSchemaVersion(target, found, SCHEMA_VERSION)


def _moved(exc: InvalidDocument, target: str, prefix: str) -> list[Problem]:
    """The problems of a record's document, at their place in the export.

    A record of a newer schema version is refused at once, saying where it is.
    """
    if isinstance(exc, UnsupportedSchemaVersion):
        raise UnsupportedSchemaVersion(f"{target} at {prefix}", exc.found, exc.supported) from None
    return [Problem(prefix + problem.path[1:], problem.message) for problem in exc.problems]


def _problem(exc: msgspec.ValidationError) -> Problem:
    match = _AT.match(str(exc))
    assert match is not None  # the pattern matches any text
    return Problem(match.group("path") or "$", match.group("message"))


def _syntax(exc: msgspec.DecodeError, data: bytes | str) -> Problem:
    found = _BYTE.search(str(exc))
    if found is None:
        return Problem("$", f"not valid JSON: {exc}")
    raw = data.encode() if isinstance(data, str) else data
    line = raw.count(b"\n", 0, int(found.group(1))) + 1
    return Problem("$", f"not valid JSON on line {line}: {exc}")


@hookimpl
def halt_exporters() -> list[Exporter]:
    """halt_core's JSON and JSON Lines formats."""
    return [JsonExporter(), JsonLinesExporter()]
