"""The network picture: Halt in the middle, its forums, collaborations and partners around it.

Four formats draw the same graph (built once by :mod:`._graph_model`): ``dot`` writes
Graphviz DOT text, ``mermaid`` a Mermaid flowchart, and ``svg`` and ``png`` render the DOT
with the Graphviz ``dot`` program, which must be installed. Meetings, interventions and
referrals are not drawn, so no personal data of youths is either; the privacy notice is still
written into every format (a comment, or the PNG's text metadata).

What an export reports it wrote is what the picture draws: the partners, collaborations and
forums that are nodes in it, not every record it was given (a picture limited to one
arrondissement, or leaving out unlinked partners, draws fewer).

A picture is not drawn in constant memory: it is laid out only once every node is known, so
it keeps a node and its lines per record it draws (never the records themselves). Records
outside the ``arrondissement`` asked for are dropped as they come, so a picture of one
arrondissement holds only that part, however large the network.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from halt_adapters.export._graph_model import Drawing, Graph, NodeKind, plain
from halt_adapters.export._graph_text import render_dot, render_mermaid
from halt_core.errors import ExportFailed, InvalidValue
from halt_core.export import Exporter, ExportOptions, Sink
from halt_core.hookspecs import hookimpl
from halt_core.model import Arrondissement, Collaboration, Forum, Partner

__all__ = [
    "DotExporter",
    "MermaidExporter",
    "PngExporter",
    "SvgExporter",
    "halt_exporters",
]

_SETTINGS = {
    "title": "the picture's title (default: Halt's collaboration network)",
    "arrondissement": (
        "draw only what touches this arrondissement, e.g. Amsterdam, and the national "
        "partners and forums linked to it (default: everything)"
    ),
    "unlinked": "also draw partners linked to no forum or collaboration (default: false)",
}

_DOT_TIMEOUT_SECONDS = 300
# In the order of a network, as a report lists kinds.
_COUNTED = (
    (NodeKind.PARTNER, "partners"),
    (NodeKind.COLLABORATION, "collaborations"),
    (NodeKind.FORUM, "forums"),
)


class _GraphExporter:
    """What the four picture formats share: their settings and the graph they draw."""

    name: str
    accepts: tuple[type, ...] = (Partner, Collaboration, Forum)

    def graph(self, records: Iterable[Any], options: ExportOptions) -> Graph:
        """The picture of ``records`` as the settings ask (checked here)."""
        options.check_settings(self.name, _SETTINGS)
        arrondissement = _arrondissement(options, self.name)
        default = "Halt's collaboration network"
        if arrondissement is not None:
            default += f" in the arrondissement {arrondissement}"
        title = options.text("title", default)
        unlinked = options.flag("unlinked", False)
        drawing = Drawing(gazetteer=options.gazetteer, arrondissement=arrondissement)
        for record in records:
            if isinstance(record, (Partner, Collaboration, Forum)):
                drawing.add(record)
        return drawing.graph(title, unlinked=unlinked)


def _drawn(graph: Graph) -> dict[str, int]:
    """How many records of each kind ``graph`` draws, by kind name (kinds drawn only).

    What the picture formats report they wrote: a picture limited to an arrondissement, or
    without unlinked partners, draws fewer records than it was given.
    """
    counts = Counter(node.kind for node in graph.all_nodes())
    return {name: counts[kind] for kind, name in _COUNTED if counts[kind]}


def _arrondissement(options: ExportOptions, format: str) -> Arrondissement | None:
    value = options.settings.get("arrondissement")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return Arrondissement.named(str(value))
    except InvalidValue as exc:
        raise InvalidValue(f"{format} export", "arrondissement", value, exc.allowed) from None


class DotExporter(_GraphExporter):
    """The network as a Graphviz DOT graph, to render with ``dot`` or edit.

    Halt's node is outside every cluster; the others are grouped in a cluster per level
    (``cluster_national``, ``cluster_regional``, ``cluster_local``) and, within regional and
    local, per arrondissement. Node ids are ``p_``, ``f_`` or ``c_`` and the record's UUID in
    hex (``halt`` for Halt); labels are the names.

    Settings:
        title: the picture's title (default: Halt's collaboration network).
        arrondissement: draw only what touches this arrondissement (e.g. ``Amsterdam``),
            and the national partners and forums linked to it.
        unlinked: also draw partners linked to no forum or collaboration (default false).
    """

    name = "dot"
    media_type = "text/vnd.graphviz"
    extension = ".gv"
    description = "the network as a Graphviz DOT graph"

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int]:
        """Write the picture of ``records`` as DOT text to ``network.gv``; what it draws."""
        graph = self.graph(records, options)
        text = render_dot(graph, options)
        with sink.open("network" + self.extension, format=self.name) as stream:
            stream.write(text.encode("utf-8"))
        return _drawn(graph)


class MermaidExporter(_GraphExporter):
    """The network as a Mermaid flowchart, for Markdown pages that render Mermaid.

    The same graph as :class:`DotExporter` (same node ids; clusters as ``subgraph`` blocks).
    Mermaid renderers refuse very large diagrams; narrow big networks to one arrondissement.

    It takes the settings of :class:`DotExporter`: ``title``, ``arrondissement``, ``unlinked``.
    """

    name = "mermaid"
    media_type = "text/vnd.mermaid"
    extension = ".mmd"
    description = "the network as a Mermaid flowchart"

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int]:
        """Write the picture of ``records`` as a Mermaid flowchart to ``network.mmd``."""
        graph = self.graph(records, options)
        text = render_mermaid(graph, options)
        with sink.open("network" + self.extension, format=self.name) as stream:
            stream.write(text.encode("utf-8"))
        return _drawn(graph)


class _RenderedExporter(_GraphExporter):
    """A picture drawn by the Graphviz ``dot`` program from the DOT text."""

    extension: str
    output: str

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int]:
        """Render the picture of ``records`` with Graphviz and write it to ``network.<ext>``."""
        options.check_settings(self.name, _SETTINGS)
        program = shutil.which("dot")
        if program is None:
            raise ExportFailed(
                self.name,
                "the Graphviz 'dot' program is not installed: install Graphviz (apt install "
                "graphviz, brew install graphviz) or export 'dot'/'mermaid' text instead",
            )
        graph = self.graph(records, options)
        picture = _run_dot(self.name, program, self.output, render_dot(graph, options))
        picture = self.finish(picture, graph, options)
        with sink.open("network" + self.extension, format=self.name) as stream:
            stream.write(picture)
        return _drawn(graph)

    def finish(self, picture: bytes, graph: Graph, options: ExportOptions) -> bytes:
        """``picture`` as ``dot`` drew it, with anything the format adds."""
        return picture


def _run_dot(format: str, program: str, output: str, text: str) -> bytes:
    try:
        done = subprocess.run(
            [program, f"-T{output}"],
            input=text.encode("utf-8"),
            capture_output=True,
            timeout=_DOT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExportFailed(
            format,
            f"Graphviz 'dot' took longer than {_DOT_TIMEOUT_SECONDS} s: draw less, e.g. with "
            "the setting arrondissement",
        ) from None
    except OSError as exc:
        raise ExportFailed(format, f"Graphviz 'dot' could not be run: {exc}") from exc
    if done.returncode != 0 or not done.stdout:
        said = done.stderr.decode("utf-8", "replace").strip()
        said = said or (f"exit status {done.returncode}" if done.returncode else "no output")
        raise ExportFailed(format, f"Graphviz 'dot' failed: {said}")
    return done.stdout


class SvgExporter(_RenderedExporter):
    """The network picture as SVG, drawn by Graphviz ``dot`` (which must be installed).

    The privacy notice is an XML comment at the top. Hovering a node shows its kind.

    It takes the settings of :class:`DotExporter`: ``title``, ``arrondissement``, ``unlinked``.
    """

    name = "svg"
    media_type = "image/svg+xml"
    extension = ".svg"
    description = "the network picture as SVG (needs Graphviz dot)"
    output = "svg"


class PngExporter(_RenderedExporter):
    """The network picture as PNG, drawn by Graphviz ``dot`` (which must be installed).

    The title, the privacy notice and the time of the export are written into the PNG's
    text metadata (``iTXt`` chunks ``Title``, ``Comment`` and ``Creation Time``).

    It takes the settings of :class:`DotExporter`: ``title``, ``arrondissement``, ``unlinked``.
    """

    name = "png"
    media_type = "image/png"
    extension = ".png"
    description = "the network picture as PNG (needs Graphviz dot)"
    output = "png"

    def finish(self, picture: bytes, graph: Graph, options: ExportOptions) -> bytes:
        """``picture`` with the title, notice and time as text chunks after its header."""
        notes = {
            "Title": graph.title,
            "Comment": options.personal_data.notice,
            "Creation Time": options.generated_at.isoformat(),
        }
        return _with_text_chunks(picture, {key: text for key, text in notes.items() if text})


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _with_text_chunks(png: bytes, notes: Mapping[str, str]) -> bytes:
    # The header chunk (IHDR) must come first; text chunks may follow it anywhere.
    header_end = len(_PNG_SIGNATURE) + 8 + struct.unpack(">I", png[8:12])[0] + 4
    chunks = b"".join(_chunk(b"iTXt", _itxt(key, value)) for key, value in notes.items())
    return png[:header_end] + chunks + png[header_end:]


def _itxt(keyword: str, text: str) -> bytes:
    # keyword, no compression, no language tag, no translated keyword, then UTF-8 text.
    return keyword.encode("latin-1") + b"\0\0\0\0\0" + plain(text).encode("utf-8")


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


@hookimpl
def halt_exporters() -> list[Exporter]:
    """The network picture formats: ``dot``, ``mermaid``, ``svg`` and ``png``."""
    return [DotExporter(), MermaidExporter(), SvgExporter(), PngExporter()]
