"""The exporter contract: what a plugin's exporter is, what it is given, what an export reports.

An exporter is any object with the attributes and the method of :class:`Exporter`; plugins
return them from the ``halt_exporters`` hook. It gets the records (already passed through
the personal-data decision), a :class:`~halt_core.export.sinks.Sink` to write to and the
:class:`ExportOptions`; it writes as records come, holding no more than it must.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

import attrs

from halt_core.errors import InvalidValue
from halt_core.export.privacy import PersonalDataDecision
from halt_core.export.sinks import Sink
from halt_core.model import Gazetteer
from halt_core.privacy.disclosed import Disclosed
from halt_core.privacy.log import Disclosure

__all__ = ["ExportOptions", "ExportReport", "Exporter"]


@runtime_checkable
class Exporter(Protocol):
    """One export format, as a plugin provides it.

    Attributes:
        name: the format's name, lowercase, as users type it (``"csv"``).
        media_type: the IANA media type of what it writes (``"text/csv"``).
        extension: the file extension of what it writes, with the dot (``".csv"``).
        accepts: the model classes it writes; it is given no others.
        description: one line for format listings.

    """

    # Read-only, so class attributes, properties and frozen attrs fields all fit.
    @property
    def name(self) -> str: ...  # noqa: D102 -- documented in the class docstring
    @property
    def media_type(self) -> str: ...  # noqa: D102
    @property
    def extension(self) -> str: ...  # noqa: D102
    @property
    def accepts(self) -> tuple[type, ...]: ...  # noqa: D102
    @property
    def description(self) -> str: ...  # noqa: D102

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int] | None:
        """Write ``records`` to ``sink`` as they come; optionally return what was written.

        Row and line formats hold no more than the record at hand; formats that draw or sort
        the whole (a picture, a calendar) may keep the kinds they accept. Records arrive
        grouped by kind, in the order of a network (partners, collaborations, forums,
        meetings, interventions, referrals), and only of the accepted kinds. Raise
        :class:`~halt_core.errors.ExportFailed` for what cannot be written, and
        :class:`~halt_core.errors.InvalidValue` (via :meth:`ExportOptions.check_settings`)
        for settings the format does not know.

        Return None when every record given is written (the export then counts them), or,
        for a format that uses only some (a calendar of one forum), how many records of each
        kind it wrote, by kind name (``{"meetings": 12}``), leaving out kinds it wrote none
        of; :attr:`ExportReport.written` reports that instead.
        """


def _frozen_settings(settings: Mapping[str, object]) -> Mapping[str, object]:
    return MappingProxyType(dict(settings))


_TRUE = frozenset({"1", "true", "yes", "on", "ja"})
_FALSE = frozenset({"0", "false", "no", "off", "nee", ""})


@attrs.frozen(kw_only=True)
class ExportOptions:
    """Everything an exporter is told besides the records.

    Attributes:
        personal_data: what to do with personal data of youths and with free text
            (its ``free_text``); the records are already treated, the exporter writes its
            ``notice`` into its header or metadata.
        settings: format-specific settings by name (``{"delimiter": ";"}``), as text or as
            Python values; each exporter documents its own and refuses others.
        generated_at: when the export was made (time-zone aware), for headers.
        gazetteer: the municipalities, for formats that group by area.
        format: the name of the format being written, for error messages.
        kinds: the kinds of record this export will give, by name, in order, when that is
            known before they come (from a network or a store: the kinds asked for, or else
            those that hold records); None for any other iterable. A format that needs a file
            per kind can refuse a single stream before writing anything, or write an empty
            file for a kind asked for that has no records.
        versions: when the records come from a store, the stored version of a record (1
            when first added, one more on every save), or None for one the store does not
            hold; None for records from a network or any other iterable. A format that
            tells readers what changed (a calendar's SEQUENCE) asks it for the records it
            writes. For a record it was given, the answer is the version read with it (no
            read of the store, kept only while the format holds the record); any other
            record is looked up in the store, one read each.

    """

    personal_data: PersonalDataDecision
    settings: Mapping[str, object] = attrs.field(factory=dict, converter=_frozen_settings)
    generated_at: dt.datetime
    gazetteer: Gazetteer
    format: str = "export"
    kinds: tuple[str, ...] | None = None
    versions: Callable[[Any], int | None] | None = None

    def check_settings(self, format: str, known: Mapping[str, str]) -> None:
        """Refuse settings not in ``known`` (name → what it does), listing those that are."""
        unknown = sorted(set(self.settings) - set(known))
        if unknown:
            listed = "; ".join(f"{name}: {what}" for name, what in sorted(known.items()))
            raise InvalidValue(
                f"{format} export",
                "settings",
                unknown[0],
                f"a setting of the {format} format ({listed or 'it has none'})",
            )

    @property
    def _owner(self) -> str:
        return f"{self.format} export"

    def text(self, name: str, default: str) -> str:
        """The setting ``name`` as text, or ``default`` when it is not given."""
        value = self.settings.get(name, default)
        return value if isinstance(value, str) else str(value)

    def flag(self, name: str, default: bool) -> bool:
        """The setting ``name`` as a truth value (``true``/``false``, ``yes``/``no``, 1/0)."""
        value = self.settings.get(name, default)
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise InvalidValue(self._owner, name, value, "true or false (yes/no, 1/0)")

    def choice(self, name: str, default: str, allowed: Iterable[str]) -> str:
        """The setting ``name``, which must be one of ``allowed``."""
        value = self.text(name, default)
        allowed = tuple(allowed)
        if value not in allowed:
            raise InvalidValue(self._owner, name, value, f"one of {', '.join(map(repr, allowed))}")
        return value


@attrs.frozen(kw_only=True)
class ExportReport:
    """What an export wrote.

    Attributes:
        format: the format's name.
        media_type: its media type.
        files: the files written, in order (one for single-file formats).
        written: how many records of each kind were written, by kind name: what the format
            says it wrote when it says so (a calendar of one forum writes only that forum's
            meetings), else every record handed to it.
        skipped: how many records of each kind were left out because the export does not
            write that kind (the format does not take it, or ``kinds`` left it out), by kind
            name; counted only for an iterable source: a network or a store is read only for
            the kinds the export writes.
        withheld: how many records were left out to protect personal data.
        personal_data: the notice of what was done with personal data of youths and with
            free text.
        scrubbed: when free text was scrubbed, how many things were removed from it, by
            kind (``{"date": 2, "pseudonym": 1}``, see
            :class:`~halt_core.privacy.scrub.ScrubKind`); empty otherwise.
        disclosed: what personal data of youths went out, when it was included on the
            sharing policy's decision: the youths, referrals and fields, the purpose, the
            legal basis and the rule, for the disclosure log
            (:meth:`Disclosed.disclosure <halt_core.privacy.disclosed.Disclosed.disclosure>`
            makes the entry). None when personal data was pseudonymised or left out, or
            nothing of a personal category went out.
        disclosure: the entry recorded in the store's privacy log for ``disclosed``, when
            the export read a unit of work (it commits with it); None otherwise.

    """

    format: str
    media_type: str
    files: tuple[str, ...]
    written: Mapping[str, int]
    skipped: Mapping[str, int]
    withheld: int
    personal_data: str
    scrubbed: Mapping[str, int] = attrs.field(factory=dict)
    disclosed: Disclosed | None = None
    disclosure: Disclosure | None = None

    @property
    def total(self) -> int:
        """How many records were written in all."""
        return sum(self.written.values())
