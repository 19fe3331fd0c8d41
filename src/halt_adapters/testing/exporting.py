"""The export conformance suite: what every export format must do, as pytest tests.

A format's author subclasses :class:`ExporterConformance` in a test module and provides one
fixture, ``exporter``, that returns the exporter (the object the plugin's ``halt_exporters``
hook returns)::

    import pytest

    from halt_adapters.testing import ExporterConformance
    from my_package.markdown_export import MarkdownForums


    class TestMarkdownForums(ExporterConformance):
        @pytest.fixture
        def exporter(self) -> MarkdownForums:
            return MarkdownForums()

Every test then exports through :func:`halt_core.export.export`, as a tool would, with a plugin
manager that holds just that exporter, and checks that the format

- has what the :class:`~halt_core.export.Exporter` contract asks (a lowercase name, a media
  type, an extension, the kinds it accepts, a one-line description), and is installed through
  its entry point in the ``halt`` group;
- writes to a binary stream (a single one for the records of one kind, at least), to a file,
  to a stream that cannot seek (a pipe, standard output), to a zip archive and to a folder,
  the same content to each; refuses a single stream before writing anything when it needs
  several files;
- writes only the kinds asked for (``kinds=``), and skips kinds it does not accept;
- writes the privacy notice (``options.personal_data.notice``) into what it writes, whatever
  the choice about personal data, and shows no youth's pseudonym unless asked to include them;
- refuses a setting it does not know before writing anything;
- writes the same bytes for the same records and export time, from a network, a list, a
  generator or a store's unit of work (read in batches);
- holds no more than a few records at a time while it writes (a format that must see every
  record first sets :attr:`ExporterConformance.streams` to False; the built-in calendar and
  pictures do not need to: what they must group or sort waits in a temporary file).

Optional fixtures adapt the suite to a format: ``reader`` (the text a file holds, where its
bytes are not UTF-8 text: a zip-based workbook, a compressed picture), ``export_network`` (the
records to export) and ``export_settings`` (settings every export is given). The suite needs
the ``testing`` extra (pytest).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import weakref
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, ClassVar, cast

import attrs
import pytest

from halt_adapters.export import DirectorySink
from halt_adapters.storage.memory import MemoryStore
from halt_core.demo import generate
from halt_core.errors import ExportFailed, InvalidValue
from halt_core.export import Exporter, ExportReport, ZipSink, export
from halt_core.hookspecs import hookimpl
from halt_core.model import AMSTERDAM, Network
from halt_core.plugins import HaltPluginManager, plugin_manager
from halt_core.plugins import exporter as installed_exporter
from halt_core.serialization import to_json
from halt_core.storage import RECORD_KINDS

__all__ = ["GENERATED_AT", "PURPOSE", "ExporterConformance", "Reader", "sample_network"]

Reader = Callable[[str, bytes], str]
"""Gives the text in one written file, from its name and its bytes."""

GENERATED_AT = dt.datetime(2026, 9, 1, 12, 0, tzinfo=AMSTERDAM)
"""The export time every export of the suite is given, so two exports can be compared."""

PURPOSE = "conformance check of an export format"
"""The purpose the suite gives when it asks to include personal data of youths."""

_KIND_NAMES = {kind.type: kind.name for kind in RECORD_KINDS.values()}
_UNKNOWN_SETTING = "no_such_setting_of_any_format"
_MOST_HELD = 20  # records a streaming format may hold at once (a few, however many come)


@functools.cache
def sample_network() -> Network:
    """The records the suite exports by default: a demo network, trimmed to stay quick.

    Every partner, collaboration and forum of ``generate(seed=7)``, and some of its
    meetings (ten of them with the cases of youths on their agendas), interventions and
    referrals, so every kind is there and every reference points at a record that is.
    """
    full = generate(seed=7).network
    cases = [m for m in full.meetings if m.cases][:10]
    plain = [m for m in full.meetings if not m.cases][:30]
    chosen = {m.id for m in (*cases, *plain)}
    return attrs.evolve(
        full,
        meetings=tuple(m for m in full.meetings if m.id in chosen),
        interventions=full.interventions[:60],
        referrals=full.referrals[:20],
    )


def _utf8(name: str, data: bytes) -> str:
    """The file's bytes as UTF-8 text (bytes that are not are replaced)."""
    return data.decode("utf-8", errors="replace")


def _records(network: Network, kinds: Iterable[type]) -> list[Any]:
    """The records of ``kinds`` in ``network``, grouped by kind in the network's order."""
    wanted = set(kinds)
    return [
        record
        for kind in RECORD_KINDS.values()
        if kind.type in wanted
        for record in getattr(network, kind.name)
    ]


def _by_id_order(network: Network) -> Network:
    """``network`` with each kind's records in the order a store gives them: by id."""
    return attrs.evolve(
        network,
        **{
            kind.name: tuple(sorted(getattr(network, kind.name), key=lambda r: str(r.id)))
            for kind in RECORD_KINDS.values()
        },
    )


def _youths(network: Network) -> set[str]:
    """Every youth pseudonym in ``network``: of referrals, and of cases on meeting agendas."""
    found = {str(referral.youth) for referral in network.referrals}
    found |= {str(case.youth) for meeting in network.meetings for case in meeting.cases}
    return found


class _Pipe(io.BufferedIOBase):
    """A binary stream like standard output on a pipe: it writes, and cannot seek or tell."""

    def __init__(self) -> None:
        super().__init__()
        self._written = bytearray()

    def write(self, data: Any) -> int:
        self._written += data
        return len(data)

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def seek(self, offset: int, whence: int = 0) -> int:
        raise io.UnsupportedOperation("a pipe cannot seek")

    def tell(self) -> int:
        raise io.UnsupportedOperation("a pipe cannot tell where it is")

    def getvalue(self) -> bytes:
        """What was written."""
        return bytes(self._written)


@attrs.frozen
class _Provides:
    """A plugin that provides one exporter, so the suite exports with it and no other."""

    exporter: Any

    @hookimpl
    def halt_exporters(self) -> list[Any]:
        return [self.exporter]


@attrs.frozen(kw_only=True)
class _Kit:
    """What the tests share: the exporter, how to read what it wrote, and what to export."""

    exporter: Exporter
    reader: Reader
    network: Network
    settings: Mapping[str, object]
    manager: HaltPluginManager

    def run(self, source: Any, target: Any, **options: Any) -> ExportReport:
        """Export ``source`` to ``target`` with this exporter, at :data:`GENERATED_AT`."""
        options.setdefault("settings", self.settings)
        options.setdefault("generated_at", GENERATED_AT)
        return export(source, target, self.exporter.name, manager=self.manager, **options)

    def to_stream(self, source: Any, **options: Any) -> tuple[ExportReport, bytes]:
        """Export to an in-memory binary stream; the report and what was written."""
        out = io.BytesIO()
        report = self.run(source, out, **options)
        return report, out.getvalue()

    def to_zip(self, source: Any, **options: Any) -> tuple[ExportReport, dict[str, bytes]]:
        """Export to a zip archive; the report and each member's bytes, by name."""
        out = io.BytesIO()
        with ZipSink(out) as sink:
            report = self.run(source, sink, **options)
        with zipfile.ZipFile(out) as archive:
            files = {name: archive.read(name) for name in archive.namelist()}
        assert list(files) == list(report.files), "the report lists the files in the archive"
        return report, files

    def texts(self, files: Mapping[str, bytes]) -> dict[str, str]:
        """The text in each file, as the ``reader`` fixture reads it."""
        return {name: self.reader(name, data) for name, data in files.items()}

    @property
    def kinds(self) -> list[type]:
        """The kinds the format accepts, in the order of a network."""
        return [t for t in _KIND_NAMES if t in set(self.exporter.accepts)]

    @property
    def one_kind(self) -> type:
        """The first accepted kind that has records: one kind fits any single stream."""
        for kind in self.kinds:
            if getattr(self.network, _KIND_NAMES[kind]):
                return kind
        return self.kinds[0]

    def repeatable(self) -> dict[str, Any]:
        """Options that fix everything that may differ between two exports."""
        return {"personal_data": "include", "purpose": PURPOSE}


class ExporterConformance:
    """The tests every export format passes; subclass it and provide an ``exporter`` fixture."""

    streams: ClassVar[bool] = True
    """Whether the format writes each record as it comes, holding only a few at a time.

    True (the default) for row and line formats. Set it to False for a format that must see
    every record before it writes (a picture, a calendar sorted by start): the test that
    counts the records held is then skipped.
    """

    # -- fixtures an author may override ---------------------------------------------------

    @pytest.fixture
    def reader(self) -> Reader:
        """Override: the text in one written file, given its name and bytes.

        The tests look in it for the privacy notice, youth pseudonyms and record ids. The
        default decodes the bytes as UTF-8; a format whose files are compressed or binary
        (a workbook is a zip of XML parts) returns the text they hold instead.
        """
        return _utf8

    @pytest.fixture
    def export_network(self) -> Network:
        """Override: the records every test exports (default: :func:`sample_network`).

        Give a network with records of every kind the format accepts, including referrals
        and meetings with cases if it accepts those, so the personal-data tests mean
        something.
        """
        return sample_network()

    @pytest.fixture
    def export_settings(self) -> Mapping[str, object]:
        """Override: the settings every export of the suite is given (default: none)."""
        return {}

    @pytest.fixture
    def exporter_kit(
        self,
        exporter: Exporter,
        reader: Reader,
        export_network: Network,
        export_settings: Mapping[str, object],
    ) -> _Kit:
        """What the tests share; built from the fixtures above (not meant to be overridden)."""
        manager = plugin_manager(entry_points=False, plugins=[_Provides(exporter)], strict=True)
        return _Kit(
            exporter=exporter,
            reader=reader,
            network=export_network,
            settings=export_settings,
            manager=manager,
        )

    # -- the contract ----------------------------------------------------------------------

    def test_it_has_what_the_exporter_contract_asks(self, exporter: Exporter) -> None:
        """A lowercase name, a media type, an extension, accepted kinds and a one-line text."""
        assert isinstance(exporter, Exporter), "see halt_core.export.Exporter"
        name = exporter.name
        assert isinstance(name, str)
        assert re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name), f"{name!r}: lowercase, no spaces"
        assert re.fullmatch(r"[\w.+-]+/[\w.+-]+", exporter.media_type), exporter.media_type
        assert re.fullmatch(r"\.[\w.-]+", exporter.extension), f"{exporter.extension!r}: '.md'"
        accepts = exporter.accepts
        assert isinstance(accepts, tuple), "accepts is a tuple of model classes"
        assert accepts, "it accepts at least one kind of record"
        assert all(kind in _KIND_NAMES for kind in accepts), f"model classes: {accepts}"
        assert len(set(accepts)) == len(accepts), "each kind once"
        description = exporter.description
        assert isinstance(description, str)
        assert description.strip(), "a description for format listings"
        assert "\n" not in description, "a one-line description"

    def test_it_is_installed_through_its_entry_point(self, exporter: Exporter) -> None:
        """The installed plugins provide the format, by its name, as this exporter's class.

        Install the package first (``pip install -e .``): the entry point in the ``halt``
        group exists only then.
        """
        found = installed_exporter(exporter.name)
        assert type(found) is type(exporter), (
            f"the installed format {exporter.name!r} is a {type(found).__qualname__}: is "
            "another plugin providing that name, or is this package not installed?"
        )

    # -- where it writes --------------------------------------------------------------------

    def test_it_writes_one_kind_to_a_binary_stream(self, exporter_kit: _Kit) -> None:
        """The records of one kind fit a single stream: one file, not empty."""
        kit = exporter_kit
        report, data = kit.to_stream(kit.network, kinds=[kit.one_kind])
        assert len(report.files) == 1, report.files
        assert data, "something was written"
        assert set(report.written) <= {_KIND_NAMES[kit.one_kind]}, report.written

    def test_every_kind_to_one_stream_is_written_or_refused_before_writing(
        self, exporter_kit: _Kit
    ) -> None:
        """Every kind to one stream: one file, or ExportFailed naming a zip or a folder.

        A format that writes a file per kind knows so before the first record comes (from
        ``options.kinds`` and ``sink.single``) and refuses with the stream untouched.
        """
        kit = exporter_kit
        out = io.BytesIO()
        refused: ExportFailed | None = None
        try:
            report = kit.run(kit.network, out)
        except ExportFailed as error:
            refused = error
        if refused is not None:
            assert out.getvalue() == b"", "refused after writing part of the export"
            assert re.search(r"zip|folder", str(refused)), f"say what to do instead: {refused}"
        else:
            assert len(report.files) == 1, report.files
            assert out.getvalue(), "something was written"

    def test_it_writes_to_a_file(self, exporter_kit: _Kit, tmp_path: Path) -> None:
        """A file opened with ``"wb"`` gets the bytes an in-memory stream gets."""
        kit = exporter_kit
        _, expected = kit.to_stream(kit.network, kinds=[kit.one_kind], **kit.repeatable())
        path = tmp_path / f"export{kit.exporter.extension}"
        with path.open("wb") as out:
            kit.run(kit.network, out, kinds=[kit.one_kind], **kit.repeatable())
        assert path.read_bytes() == expected

    def test_it_writes_to_a_stream_that_cannot_seek(self, exporter_kit: _Kit) -> None:
        """A stream that cannot seek or tell (standard output on a pipe) gets the same text."""
        kit = exporter_kit
        report, expected = kit.to_stream(kit.network, kinds=[kit.one_kind], **kit.repeatable())
        pipe = _Pipe()
        kit.run(kit.network, cast(BinaryIO, pipe), kinds=[kit.one_kind], **kit.repeatable())
        name = report.files[0]
        assert kit.reader(name, pipe.getvalue()) == kit.reader(name, expected)

    def test_it_writes_to_a_zip_archive(self, exporter_kit: _Kit) -> None:
        """Every kind into a zip archive: the files the report names, none of them empty."""
        kit = exporter_kit
        report, files = kit.to_zip(kit.network)
        assert files, "something was written"
        assert len(set(report.files)) == len(report.files), "each file once"
        assert all(files.values()), f"empty files: {[n for n, d in files.items() if not d]}"
        kit.texts(files)  # the reader reads every one

    def test_it_writes_to_a_folder(self, exporter_kit: _Kit, tmp_path: Path) -> None:
        """Every kind into a folder: the files the report names, holding what a zip holds."""
        kit = exporter_kit
        _, zipped = kit.to_zip(kit.network, **kit.repeatable())
        folder = tmp_path / "export"
        report = kit.run(kit.network, DirectorySink(folder), **kit.repeatable())
        written = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
        assert written == sorted(report.files)
        files = {name: (folder / name).read_bytes() for name in report.files}
        assert kit.texts(files) == kit.texts(zipped)

    # -- what it writes ---------------------------------------------------------------------

    def test_the_same_records_give_the_same_bytes(self, exporter_kit: _Kit) -> None:
        """Exported twice at the same time, with personal data included or omitted: same bytes."""
        kit = exporter_kit
        for options in (kit.repeatable(), {"personal_data": "omit"}):
            assert kit.to_zip(kit.network, **options)[1] == kit.to_zip(kit.network, **options)[1]
            first = kit.to_stream(kit.network, kinds=[kit.one_kind], **options)[1]
            assert first == kit.to_stream(kit.network, kinds=[kit.one_kind], **options)[1]

    def test_only_the_kinds_asked_for_are_written(self, exporter_kit: _Kit) -> None:
        """With ``kinds=[K]``, nothing shows of the records of other kinds.

        No id of theirs (as text, or as 32 hex digits) appears in what was written, unless a
        record of kind ``K`` refers to it; and the report counts no other kind.
        """
        kit = exporter_kit
        for kind in kit.kinds:
            report, files = kit.to_zip(kit.network, kinds=[kind], **kit.repeatable())
            assert set(report.written) <= {_KIND_NAMES[kind]}, report.written
            text = "\n".join(kit.texts(files).values())
            asked = _records(kit.network, [kind])
            referred = "\n".join(to_json(record).decode() for record in asked)
            others = _records(kit.network, [k for k in kit.kinds if k is not kind])
            shown = [
                record
                for record in others
                if str(record.id) not in referred
                and (str(record.id) in text or record.id.hex in text)
            ]
            assert not shown, (
                f"kinds=[{kind.__name__}] wrote the {type(shown[0]).__name__} {shown[0].id} "
                f"(and {len(shown) - 1} more of other kinds)"
            )

    def test_the_report_counts_no_more_than_it_was_given(self, exporter_kit: _Kit) -> None:
        """What the format says it wrote is, per accepted kind, at most what it was given."""
        kit = exporter_kit
        report, _ = kit.to_zip(kit.network)
        given = {_KIND_NAMES[k]: len(_records(kit.network, [k])) for k in kit.kinds}
        for kind, count in report.written.items():
            assert kind in given, f"it reports {kind}, a kind it does not accept"
            assert 0 <= count <= given[kind], f"{kind}: wrote {count} of {given[kind]}"

    def test_kinds_it_does_not_accept_are_skipped(self, exporter_kit: _Kit) -> None:
        """Records of other kinds in the source are skipped; asking for them is refused."""
        kit = exporter_kit
        refused = [t for t in _KIND_NAMES if t not in set(kit.exporter.accepts)]
        if not refused:
            pytest.skip("the format accepts every kind of record")
        records = _records(kit.network, _KIND_NAMES)
        report, _ = kit.to_zip(records)
        expected = {
            _KIND_NAMES[t]: count
            for t in refused
            if (count := len(getattr(kit.network, _KIND_NAMES[t])))
        }
        assert dict(report.skipped) == expected
        with pytest.raises(InvalidValue, match="kinds"):
            kit.to_zip(kit.network, kinds=[refused[0]])

    def test_an_empty_export_is_written(self, exporter_kit: _Kit) -> None:
        """No records at all, from an empty list or an empty network, is not an error."""
        kit = exporter_kit
        assert kit.to_stream([])[0].total == 0
        assert kit.to_zip(Network.empty())[0].total == 0

    # -- personal data ----------------------------------------------------------------------

    @pytest.mark.parametrize("personal_data", ["pseudonymise", "omit", "include"])
    def test_the_privacy_notice_is_written(self, exporter_kit: _Kit, personal_data: str) -> None:
        """What was done with personal data of youths is written into the export.

        ``options.personal_data.notice``, word for word, in a header, a comment or the
        metadata of one of the files (in a zip archive, where a format has room for it).
        """
        kit = exporter_kit
        purpose = PURPOSE if personal_data == "include" else None
        report, files = kit.to_zip(kit.network, personal_data=personal_data, purpose=purpose)
        texts = kit.texts(files)
        assert any(report.personal_data in text for text in texts.values()), (
            f"the notice {report.personal_data!r} is in none of {list(texts)}: write "
            "options.personal_data.notice into a header or the metadata"
        )

    @pytest.mark.parametrize("personal_data", ["pseudonymise", "omit"])
    def test_youths_show_only_when_included(self, exporter_kit: _Kit, personal_data: str) -> None:
        """Pseudonymised or omitted, no youth's pseudonym appears anywhere in the export."""
        kit = exporter_kit
        _, files = kit.to_zip(kit.network, personal_data=personal_data)
        text = "\n".join(kit.texts(files).values())
        shown = sorted(youth for youth in _youths(kit.network) if youth in text)
        assert not shown, f"youth pseudonyms written with personal_data={personal_data!r}: {shown}"

    # -- settings ---------------------------------------------------------------------------

    def test_an_unknown_setting_is_refused_before_anything_is_written(
        self, exporter_kit: _Kit, tmp_path: Path
    ) -> None:
        """A setting the format does not know raises InvalidValue naming it, writing nothing.

        Call ``options.check_settings(name, known)`` before anything else.
        """
        kit = exporter_kit
        settings = {**kit.settings, _UNKNOWN_SETTING: "1"}
        out = io.BytesIO()
        with pytest.raises(InvalidValue, match=_UNKNOWN_SETTING):
            kit.run(kit.network, out, kinds=[kit.one_kind], settings=settings)
        assert out.getvalue() == b""
        folder = tmp_path / "export"
        with pytest.raises(InvalidValue, match=_UNKNOWN_SETTING):
            kit.run(kit.network, DirectorySink(folder), settings=settings)
        assert not folder.exists() or not any(folder.iterdir())

    # -- sources ----------------------------------------------------------------------------

    def test_a_list_and_a_generator_give_what_a_network_gives(self, exporter_kit: _Kit) -> None:
        """Records from a list or a generator, read once as they come, give the same files."""
        kit = exporter_kit
        records = _records(kit.network, kit.kinds)
        _, from_list = kit.to_zip(records, **kit.repeatable())
        _, from_generator = kit.to_zip((record for record in records), **kit.repeatable())
        assert from_generator == from_list

    def test_a_store_exports_as_its_records_in_a_network_do(self, exporter_kit: _Kit) -> None:
        """From a unit of work over a store, read in batches: what its records in a network give.

        The network's records are put in the order the store gives them: by id.
        """
        kit = exporter_kit
        with MemoryStore() as store:
            with store.unit_of_work() as uow:
                uow.add_network(kit.network)
            with store.unit_of_work() as uow:
                _, from_store = kit.to_zip(uow, **kit.repeatable())
        _, from_network = kit.to_zip(_by_id_order(kit.network), **kit.repeatable())
        assert from_store == from_network

    def test_it_holds_only_a_few_records_at_a_time(self, exporter_kit: _Kit) -> None:
        """A streaming format writes each record as it comes: at most a few are alive at once.

        The source makes a new copy of each record as it is read and counts the copies still
        alive; a format that keeps them (in a list, in a dict by id) fails. Formats that must
        see every record first set ``streams = False``.
        """
        if not self.streams:
            pytest.skip("the format collects its records before writing (streams = False)")
        kit = exporter_kit
        records = _records(kit.network, kit.kinds)
        alive = _Alive()
        kit.to_zip(alive.copies(records), **kit.repeatable())
        assert alive.most <= _MOST_HELD, (
            f"{alive.most} of {len(records)} records were held at once; write each as it "
            "comes, or set streams = False if the format must see them all first"
        )


class _Alive:
    """Counts the records made by :meth:`copies` that are still alive."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0

    def _gone(self) -> None:
        self.now -= 1

    def copies(self, records: Iterable[Any]) -> Iterator[Any]:
        """A new copy of each record in turn, counted while it lives."""
        for record in records:
            copy = attrs.evolve(record)
            weakref.finalize(copy, self._gone)
            self.now += 1
            self.most = max(self.most, self.now)
            yield copy
            del copy
