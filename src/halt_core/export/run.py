"""The export call: find the format, decide about personal data, stream the records through.

Every export, from Python or from the ``halt export`` command, goes through :func:`export`,
so each one takes the personal-data decision from :func:`~halt_core.export.sharing.
decide_export` (which asks the sharing policy before personal data is included), counts
what it wrote and reports progress the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from typing import Any, BinaryIO, cast

import pluggy

from halt_core.errors import ExportFailed, InvalidValue, NotFound
from halt_core.export.exporter import Exporter, ExportOptions, ExportReport
from halt_core.export.privacy import FreeText, PersonalData, PersonalDataDecision
from halt_core.export.sharing import decide_export
from halt_core.export.sinks import Sink, StreamSink
from halt_core.model import Gazetteer, Network, Partner
from halt_core.model.periods import AMSTERDAM
from halt_core.privacy.policy import DEFAULT_POLICY, Purpose, SharingPolicy
from halt_core.storage import RECORD_KINDS, UnitOfWork, Versioned

__all__ = ["PROGRESS_EVERY", "Progress", "export"]

Progress = Callable[[int, int | None], None]
"""A progress callback: records done so far, and the total when it is known."""

PROGRESS_EVERY = 1000
"""How many records pass between two progress reports (and one more at the end)."""

_BATCH = 1000  # records read from a store at a time (the memory tests read fewer)

_KIND_NAMES = {kind.type: kind.name for kind in RECORD_KINDS.values()}
_RECORD_TYPES = ", ".join(t.__name__ for t in _KIND_NAMES)


def export(
    source: Network | UnitOfWork | Iterable[Any],
    target: BinaryIO | Sink,
    format: str,
    *,
    kinds: Iterable[type] | None = None,
    personal_data: PersonalData | str = PersonalData.PSEUDONYMISE,
    purpose: Purpose | str | None = None,
    free_text: FreeText | str = FreeText.OMIT,
    recipient: Partner | None = None,
    policy: SharingPolicy = DEFAULT_POLICY,
    by: str = "halt export",
    recipient_name: str | None = None,
    settings: Mapping[str, object] | None = None,
    progress: Progress | None = None,
    generated_at: dt.datetime | None = None,
    gazetteer: Gazetteer | None = None,
    manager: pluggy.PluginManager | None = None,
) -> ExportReport:
    """Export records in the format ``format`` to ``target``; return what was written.

    ``source`` is a :class:`~halt_core.model.Network`, an open unit of work (its records are
    read in batches, so a large store exports in constant memory) or any iterable of records
    grouped by kind (a kind that comes back after another raises
    :class:`~halt_core.errors.ExportFailed`). ``target`` is a binary stream the caller
    opened in binary mode (and closes), or a :class:`~halt_core.export.sinks.Sink` for formats
    that write several files. ``kinds`` keeps only records of those model classes.

    Personal data of youths is pseudonymised unless ``personal_data`` says otherwise;
    including it needs a ``purpose`` and the sharing ``policy``'s permission for it and for
    ``recipient``, the partner the export is for (None: a file for Halt itself); see
    :func:`~halt_core.export.sharing.decide_export`. Free text (notes, agenda items and the
    like) is left out in every mode unless ``free_text`` is ``"scrub"``, or ``"keep"`` when
    including personal data and the policy allows free text. What personal data went out is
    in the report (:attr:`ExportReport.disclosed <halt_core.export.ExportReport.disclosed>`).
    Exported from a unit of work, it is also recorded there, in the store's privacy log
    (:attr:`ExportReport.disclosure <halt_core.export.ExportReport.disclosure>`), made
    ``by`` whoever exports, to the recipient or else to ``recipient_name`` (what the output
    is called, e.g. its file name; the files the format wrote by default): it commits with
    the unit of work, so commit once the output is complete (leaving the ``with`` block
    without an error does). A store that keeps no privacy log refuses such an export before
    anything is written. ``settings`` are the format's own (each exporter documents
    them). ``progress`` is called with (done, total) every :data:`PROGRESS_EVERY` records and
    once at the end. The report counts what the format says it wrote, or else every record
    handed to it.

    Raises :class:`~halt_core.errors.UnknownFormat` listing the installed formats,
    :class:`~halt_core.errors.InvalidValue` for bad arguments (checked before anything is
    written, except a source item that is not a record, found when it comes),
    :class:`~halt_core.errors.SharingRefused` when the policy does not allow including
    personal data and :class:`~halt_core.storage.PrivacyLogUnsupported` when the store
    cannot record it (both before anything is written), and
    :class:`~halt_core.errors.ExportFailed` when the format cannot write to the target.
    """
    from halt_core.plugins import exporter as find_exporter

    chosen = find_exporter(format, manager)
    sink = _sink(target)
    decision = decide_export(
        personal_data, purpose, free_text=free_text, recipient=recipient, policy=policy
    )
    generated_at = _checked(settings, generated_at, progress)
    # Refused here, before anything is written, by a store that cannot record it.
    log = (
        source.privacy_log
        if decision.sharing is not None and isinstance(source, UnitOfWork)
        else None
    )
    asked = kinds is not None
    wanted = _wanted(chosen, kinds)
    if asked and all(decision.withholds(kind) for kind in wanted):
        raise InvalidValue(
            "export",
            "kinds",
            ", ".join(_KIND_NAMES[kind] for kind in _KIND_NAMES if kind in wanted),
            f"kinds that personal_data={decision.mode.value!r} does not leave out: ask for "
            "other kinds too, or pseudonymise (the default) or include with a purpose",
        )
    seen = _Seen() if isinstance(source, UnitOfWork) else None
    records = _records_of(source, wanted, seen)
    counts = _counts(source, wanted)  # once: a store counts with a query per kind
    if counts is not None:
        total: int | None = sum(counts.values())
    else:
        total = len(source) if isinstance(source, Sized) else None
    options = ExportOptions(
        personal_data=decision,
        settings=settings or {},
        generated_at=generated_at,
        gazetteer=gazetteer or Gazetteer.load(),
        format=chosen.name,
        kinds=_coming(counts, decision, asked),
        versions=_versions(source, seen),
    )
    flow = _Flow(chosen.name, wanted, decision, progress, total, seen)
    said = chosen.export(flow.through(records), sink, options)
    if said is not None and not (
        isinstance(said, Mapping)
        and all(isinstance(k, str) and isinstance(n, int) for k, n in said.items())
    ):
        raise ExportFailed(
            chosen.name,
            f"its exporter returned {said!r}: a format's export() returns None or what it "
            "wrote, by kind name (e.g. {'meetings': 3}); report this to the plugin's authors",
        )
    disclosed = decision.disclosed()
    disclosure = None
    if disclosed is not None and log is not None:
        disclosure = disclosed.disclosure(
            at=dt.datetime.now(dt.UTC),
            by=by,
            channel=f"export {chosen.name}",
            recipient_name=recipient_name or ", ".join(sink.written) or chosen.name,
        )
        log.record(disclosure)
    return ExportReport(
        format=chosen.name,
        media_type=chosen.media_type,
        files=tuple(sink.written),
        written=dict(flow.written if said is None else said),
        skipped=dict(flow.skipped),
        withheld=flow.withheld,
        personal_data=decision.notice,
        scrubbed=dict(decision.scrubbed),
        disclosed=disclosed,
        disclosure=disclosure,
    )


class _Flow:
    """Records on their way to a format: checked, treated for privacy, counted, reported."""

    def __init__(
        self,
        format: str,
        wanted: frozenset[type],
        decision: PersonalDataDecision,
        progress: Progress | None,
        total: int | None,
        seen: _Seen | None = None,
    ) -> None:
        self.format = format
        self.seen = seen
        self.wanted = wanted
        self.decision = decision
        self.progress = progress
        self.total = total
        self.written: Counter[str] = Counter()
        self.skipped: Counter[str] = Counter()
        self.withheld = 0

    def through(self, records: Iterable[Any]) -> Iterator[Any]:
        """``records`` as the format may see them: of the kinds it takes, treated."""
        done = 0
        finished: set[str] = set()
        current = None
        # Locals, not attributes, in the loop every record passes through.
        wanted, apply, progress = self.wanted, self.decision.apply, self.progress
        written, skipped, seen = self.written, self.skipped, self.seen
        for record in records:
            done += 1
            kind = self._kind(record, done)
            if kind != current:
                if kind in finished:
                    raise ExportFailed(
                        self.format,
                        f"the {kind} came in two groups, with other records between them: "
                        "give the records of each kind together (as a network or a store does)",
                    )
                if current is not None:
                    finished.add(current)
                current = kind
            if type(record) not in wanted:
                skipped[kind] += 1
            elif (shown := apply(record)) is None:
                self.withheld += 1
            else:
                written[kind] += 1
                if seen is not None:
                    seen.shown(record, shown)
                yield shown
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, self.total)
        if progress is not None:
            progress(done, self.total)

    @staticmethod
    def _kind(record: object, position: int) -> str:
        kind = _KIND_NAMES.get(type(record))
        if kind is None:
            raise InvalidValue(
                "export",
                "source",
                record,
                f"records ({_RECORD_TYPES}), but item {position} of the source is of type "
                f"{type(record).__name__}: pass a Network, a unit of work or records only",
            )
        return kind


def _checked(settings: object, generated_at: object, progress: object) -> dt.datetime:
    """Refuse settings, a time or a progress callback of the wrong kind; the export's time."""
    if settings is not None and not (
        isinstance(settings, Mapping) and all(isinstance(name, str) for name in settings)
    ):
        raise InvalidValue(
            "export",
            "settings",
            settings,
            "a mapping of setting names to values, e.g. settings={'delimiter': ';'}",
        )
    if progress is not None and not callable(progress):
        raise InvalidValue(
            "export", "progress", progress, "a function called with (done, total), or None"
        )
    if generated_at is None:
        return dt.datetime.now(AMSTERDAM).replace(microsecond=0)
    if not isinstance(generated_at, dt.datetime) or generated_at.tzinfo is None:
        raise InvalidValue(
            "export",
            "generated_at",
            generated_at,
            "a time with a time zone, a datetime like datetime.now(AMSTERDAM)",
        )
    return generated_at


def _sink(target: object) -> Sink:
    """``target`` as a sink; InvalidValue, before anything is written, when it cannot be one."""
    if isinstance(target, Sink):
        return target
    if target is None or isinstance(target, (str, bytes, os.PathLike)):
        allowed = (
            "an open binary stream or a Sink: open the file yourself, "
            '`with open(path, "wb") as out`, and pass out, or pass a Sink (a ZipSink, '
            "a halt_adapters.export.DirectorySink)"
        )
    elif not callable(getattr(target, "write", None)):
        allowed = 'a binary stream with a write method (a file opened with "wb", io.BytesIO)'
    elif isinstance(target, io.TextIOBase):
        allowed = 'a binary stream: exports write bytes, so open the file in binary mode, "wb"'
    elif getattr(target, "closed", False):
        allowed = "an open stream: this one is closed, pass it inside its with block"
    else:
        return StreamSink(cast(BinaryIO, target))
    raise InvalidValue("export", "target", target, allowed)


def _wanted(chosen: Exporter, kinds: Iterable[type] | None) -> frozenset[type]:
    accepted = frozenset(chosen.accepts)
    if kinds is None:
        return accepted
    if isinstance(kinds, (str, bytes, type)) or not isinstance(kinds, Iterable):
        raise InvalidValue(
            "export",
            "kinds",
            kinds,
            f"a list of model classes among {_RECORD_TYPES}, e.g. kinds=[Partner]",
        )
    given = list(kinds)
    if not given:
        raise InvalidValue(
            "export",
            "kinds",
            given,
            "name at least one kind, e.g. kinds=[Partner], or leave kinds out to export "
            "every kind the format writes",
        )
    unknown = [k for k in given if not (isinstance(k, type) and k in _KIND_NAMES)]
    if unknown:
        raise InvalidValue("export", "kinds", unknown[0], f"model classes among {_RECORD_TYPES}")
    asked = frozenset(given)
    refused = asked - accepted
    if refused:
        takes = ", ".join(_KIND_NAMES[t] for t in _KIND_NAMES if t in accepted)
        raise InvalidValue(
            "export",
            "kinds",
            _KIND_NAMES[next(iter(refused))],
            f"a kind the {chosen.name} format writes ({takes})",
        )
    return asked


def _counts(
    source: Network | UnitOfWork | Iterable[Any], wanted: frozenset[type]
) -> dict[type, int] | None:
    """How many records of each wanted kind a network or a store holds (None otherwise)."""
    if isinstance(source, Network):
        return {
            k.type: len(getattr(source, k.name)) for k in RECORD_KINDS.values() if k.type in wanted
        }
    if isinstance(source, UnitOfWork):
        return {r.kind.type: r.count() for r in source.repositories() if r.kind.type in wanted}
    return None


def _coming(
    counts: dict[type, int] | None, decision: PersonalDataDecision, asked: bool
) -> tuple[str, ...] | None:
    """The kinds that will come, in order, if known before they come.

    Those asked for by name, or else those holding records; never those the decision
    withholds.
    """
    if counts is None:
        return None
    return tuple(
        _KIND_NAMES[t]
        for t, count in counts.items()
        if (asked or count) and not decision.withholds(t)
    )


class _Seen:
    """The stored versions of the records an exporter was given and still holds.

    Read with the records (:meth:`~halt_core.storage.Repository.iterate_versioned`), so
    asking costs no read, and kept only as long as the exporter keeps the record itself
    (an entry goes when its record is freed): a format that writes records as they come
    holds no versions, one that keeps records holds a number for each. Keyed by the
    record object the exporter was given (after the personal-data pass), not by value.
    """

    def __init__(self) -> None:
        self._read: tuple[Any, int] | None = None
        self._versions: dict[int, tuple[weakref.ref[Any], int]] = {}

    def read(self, versioned: Versioned[Any]) -> Any:
        """Note ``versioned``'s version for its record, which goes to the flow next."""
        self._read = (versioned.value, versioned.version)
        return versioned.value

    def shown(self, record: Any, shown: Any) -> None:
        """The flow gives the exporter ``shown`` for ``record`` (the record last read)."""
        read = self._read
        self._read = None
        if read is None or read[0] is not record:
            return
        key = id(shown)
        versions = self._versions

        def forget(_: object, key: int = key) -> None:
            versions.pop(key, None)

        # A record that cannot be referred to weakly is looked up in the store instead.
        with contextlib.suppress(TypeError):
            versions[key] = (weakref.ref(shown, forget), read[1])

    def version(self, record: Any) -> int | None:
        """The version ``record`` was read at, if the export gave it and it is alive."""
        entry = self._versions.get(id(record))
        if entry is None or entry[0]() is not record:
            return None
        return entry[1]


def _versions(
    source: Network | UnitOfWork | Iterable[Any], seen: _Seen | None
) -> Callable[[Any], int | None] | None:
    """How to look up a record's stored version, when ``source`` is a store (else None).

    A record the export gave comes with the version it was read at; any other (a record
    an exporter made itself) is looked up in the store.
    """
    if not isinstance(source, UnitOfWork) or seen is None:
        return None
    repositories = {r.kind.type: r for r in source.repositories()}

    def version(record: Any) -> int | None:
        found = seen.version(record)
        if found is not None:
            return found
        repository = repositories.get(type(record))
        if repository is None:
            return None
        try:
            return repository.version_of(record.id)
        except NotFound:
            return None

    return version


def _records_of(
    source: Network | UnitOfWork | Iterable[Any], wanted: frozenset[type], seen: _Seen | None
) -> Iterable[Any]:
    """The records of ``source`` the export reads: of a network or a store, only ``wanted``."""
    if isinstance(source, Network):
        return _chain(getattr(source, k.name) for k in RECORD_KINDS.values() if k.type in wanted)
    if isinstance(source, UnitOfWork):
        # A batch at a time, each record with its version: a large store exports in
        # constant memory, and a calendar's SEQUENCE needs no read per record.
        note = seen.read if seen is not None else _value
        return (
            note(versioned)
            for r in source.repositories()
            if r.kind.type in wanted
            for versioned in r.iterate_versioned(_BATCH)
        )
    if isinstance(source, (str, bytes)) or not isinstance(source, Iterable):
        raise InvalidValue(
            "export", "source", source, "a Network, an open unit of work or an iterable of records"
        )
    return source


def _value(versioned: Versioned[Any]) -> Any:
    return versioned.value


def _chain(groups: Iterable[Iterable[Any]]) -> Iterator[Any]:
    for group in groups:
        yield from group
