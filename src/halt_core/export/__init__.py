"""Exports: records out to the files people open in the tools they already use.

One call exports in any installed format::

    from halt_core.export import export

    with open("network.json", "wb") as out:
        report = export(network, out, "json")

Formats come from plugins through the ``halt_exporters`` hook (halt_core's own, in
:mod:`halt_adapters.export`: ``csv``, ``json``, ``jsonl``, ``xlsx``, ``ics``, ``dot``,
``mermaid``, ``svg``, ``png``); :func:`halt_core.plugins.exporters` lists what is installed.
An exporter is anything shaped like :class:`Exporter`. Personal data of youths is
pseudonymised by default, and free text left out, decided in one place
(:mod:`halt_core.export.privacy`); including personal data is the sharing policy's to allow
(:mod:`halt_core.export.sharing`).
CSV and Excel lay records out with :mod:`halt_core.export.tabular`.
"""

from halt_core.export.exporter import Exporter, ExportOptions, ExportReport
from halt_core.export.privacy import (
    FREE_TEXT_FIELDS,
    OMITTED,
    FreeText,
    PersonalData,
    PersonalDataDecision,
    decide_personal_data,
)
from halt_core.export.run import PROGRESS_EVERY, Progress, export
from halt_core.export.sharing import decide_export
from halt_core.export.sinks import Sink, StreamSink, ZipSink
from halt_core.export.tabular import TABLES, Cell, Column, Table, table_for

__all__ = [
    "FREE_TEXT_FIELDS",
    "OMITTED",
    "PROGRESS_EVERY",
    "TABLES",
    "Cell",
    "Column",
    "ExportOptions",
    "ExportReport",
    "Exporter",
    "FreeText",
    "PersonalData",
    "PersonalDataDecision",
    "Progress",
    "Sink",
    "StreamSink",
    "Table",
    "ZipSink",
    "decide_export",
    "decide_personal_data",
    "export",
    "table_for",
]
