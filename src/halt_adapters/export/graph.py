"""The network picture: Halt in the middle, its forums, collaborations and partners around it.

Four formats show the same picture (laid out by :mod:`._graph_drawing`): ``dot`` writes
Graphviz DOT text, ``mermaid`` a Mermaid flowchart, and ``svg`` and ``png`` render the DOT
with the Graphviz ``dot`` program, which must be installed. Meetings, interventions and
referrals are not drawn, so no personal data of youths is either; the privacy notice is still
written into every format (a comment, or the PNG's text metadata).

What an export reports it wrote is what the picture draws: the partners, collaborations and
forums that are nodes in it, not every record it was given (a picture limited to one
arrondissement, or leaving out unlinked partners, draws fewer).

A picture is drawn in Python memory that stays flat however large the network. It can be
laid out only once every node is known, so what it draws (a node per record, a row per
line; never the records themselves) is kept in a temporary SQLite file with a fixed page
cache (:mod:`._scratch`, in the system's temporary folder, removed when the export ends,
failed or not); the drawing order, clusters and lines are worked out there in SQL, and the
text is written a few kilobytes at a time as it is read back. Records outside the
``arrondissement`` asked for are dropped as they come.

``svg`` and ``png`` write the DOT text to an unnamed temporary file that becomes the input of
Graphviz ``dot``, and copy its output to the file as it comes (the PNG's text chunks put
in after its header on the way). Graphviz itself lays out the whole picture in its own
process: that memory grows with what is drawn, outside Python; narrow a large network with
the setting ``arrondissement``.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from halt_adapters.export._graph_drawing import LANGUAGES, Drawing, Language, Layout
from halt_adapters.export._graph_model import NodeKind
from halt_adapters.export._graph_text import render_dot, render_mermaid
from halt_adapters.export._graphviz import graphviz, no_room, temporary, with_text_chunks
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
    "language": "the words of the picture (kinds, roles, levels, caption): en or nl (default: en)",
}

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

    @contextlib.contextmanager
    def layout(self, records: Iterable[Any], options: ExportOptions) -> Iterator[Layout]:
        """The picture of ``records`` as the settings ask (checked here), until left.

        Leaving removes the temporary file the picture is kept in, failed or not.
        """
        options.check_settings(self.name, _SETTINGS)
        arrondissement = _arrondissement(options, self.name)
        language = _language(options, self.name)
        if language == "nl":
            default = "Samenwerkingsnetwerk van Halt"
            if arrondissement is not None:
                default += f" in arrondissement {arrondissement}"
        else:
            default = "Halt's collaboration network"
            if arrondissement is not None:
                default += f" in the arrondissement {arrondissement}"
        title = options.text("title", default)
        unlinked = options.flag("unlinked", False)
        with Drawing(
            gazetteer=options.gazetteer,
            arrondissement=arrondissement,
            format=self.name,
            language=language,
        ) as drawing:
            for record in records:
                if isinstance(record, (Partner, Collaboration, Forum)):
                    drawing.add(record)
            yield drawing.layout(title, unlinked=unlinked)


def _drawn(layout: Layout) -> dict[str, int]:
    """How many records of each kind ``layout`` draws, by kind name (kinds drawn only).

    What the picture formats report they wrote: a picture limited to an arrondissement, or
    without unlinked partners, draws fewer records than it was given.
    """
    counts = layout.counts()
    return {name: counts[kind] for kind, name in _COUNTED if counts.get(kind)}


_WRITTEN = 16 * 1024  # text is encoded and written this many characters (about) at a time


def _write(stream: IO[bytes], pieces: Iterable[str]) -> None:
    """Write ``pieces`` of text to ``stream`` as UTF-8, a few kilobytes at a time."""
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= _WRITTEN:
            stream.write("".join(held).encode("utf-8"))
            held.clear()
            size = 0
    if held:
        stream.write("".join(held).encode("utf-8"))


def _language(options: ExportOptions, format: str) -> Language:
    """The ``language`` setting of a picture: ``"en"`` (the default) or ``"nl"``."""
    value = options.settings.get("language")
    if value is None or (isinstance(value, str) and not value.strip()):
        return "en"
    for language in LANGUAGES:
        if str(value).strip().lower() == language:
            return language
    raise InvalidValue(f"{format} export", "language", value, "en or nl")


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
        language: ``en`` (default) or ``nl``: the words for kinds, roles, levels and the
            caption, and the default title.
    """

    name = "dot"
    media_type = "text/vnd.graphviz"
    extension = ".gv"
    description = "the network as a Graphviz DOT graph"

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int]:
        """Write the picture of ``records`` as DOT text to ``network.gv``; what it draws."""
        with self.layout(records, options) as layout:
            with sink.open("network" + self.extension, format=self.name) as stream:
                _write(stream, render_dot(layout, options))
            return _drawn(layout)


class MermaidExporter(_GraphExporter):
    """The network as a Mermaid flowchart, for Markdown pages that render Mermaid.

    The same graph as :class:`DotExporter` (same node ids; clusters as ``subgraph`` blocks).
    Mermaid renderers refuse very large diagrams; narrow big networks to one arrondissement.

    It takes the settings of :class:`DotExporter`: ``title``, ``arrondissement``, ``unlinked``,
    ``language``.
    """

    name = "mermaid"
    media_type = "text/vnd.mermaid"
    extension = ".mmd"
    description = "the network as a Mermaid flowchart"

    def export(
        self, records: Iterable[Any], sink: Sink, options: ExportOptions
    ) -> Mapping[str, int]:
        """Write the picture of ``records`` as a Mermaid flowchart to ``network.mmd``."""
        with self.layout(records, options) as layout:
            with sink.open("network" + self.extension, format=self.name) as stream:
                _write(stream, render_mermaid(layout, options))
            return _drawn(layout)


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
        with temporary(self.name, ".gv") as text:
            with self.layout(records, options) as layout:
                try:
                    _write(text, render_dot(layout, options))
                except OSError as exc:
                    raise no_room(self.name, exc) from exc
                drawn = _drawn(layout)
                title = layout.title
            text.seek(0)
            with graphviz(self.name, program, self.output, text) as output:
                picture = self.finish(output, title, options)
                first = next(picture)  # dot's failures without output come before a file
                with sink.open("network" + self.extension, format=self.name) as stream:
                    stream.write(first)
                    for chunk in picture:
                        stream.write(chunk)
        return drawn

    def finish(
        self, picture: Iterator[bytes], title: str, options: ExportOptions
    ) -> Iterator[bytes]:
        """``picture`` as ``dot`` draws it, with anything the format adds, as it comes."""
        return picture


class SvgExporter(_RenderedExporter):
    """The network picture as SVG, drawn by Graphviz ``dot`` (which must be installed).

    The privacy notice is an XML comment at the top. Hovering a node shows its kind.

    It takes the settings of :class:`DotExporter`: ``title``, ``arrondissement``, ``unlinked``,
    ``language``.
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

    It takes the settings of :class:`DotExporter`: ``title``, ``arrondissement``, ``unlinked``,
    ``language``.
    """

    name = "png"
    media_type = "image/png"
    extension = ".png"
    description = "the network picture as PNG (needs Graphviz dot)"
    output = "png"

    def finish(
        self, picture: Iterator[bytes], title: str, options: ExportOptions
    ) -> Iterator[bytes]:
        """``picture`` with the title, notice and time as text chunks after its header."""
        notes = {
            "Title": title,
            "Comment": options.personal_data.notice,
            "Creation Time": options.generated_at.isoformat(),
        }
        return with_text_chunks(picture, {key: text for key, text in notes.items() if text})


@hookimpl
def halt_exporters() -> list[Exporter]:
    """The network picture formats: ``dot``, ``mermaid``, ``svg`` and ``png``."""
    return [DotExporter(), MermaidExporter(), SvgExporter(), PngExporter()]
