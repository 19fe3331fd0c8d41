"""The network picture: Halt in the middle, its forums, collaborations and partners around it.

Four formats draw the same graph (built once by :mod:`._graph_model`): ``dot`` writes
Graphviz DOT text, ``mermaid`` a Mermaid flowchart, and ``svg`` and ``png`` render the DOT
with the Graphviz ``dot`` program, which must be installed. Meetings, interventions and
referrals are not drawn, so no personal data of youths is either; the privacy notice is still
written into every format (a comment, or the PNG's text metadata).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterable, Mapping
from typing import Any

from halt_adapters.export._graph_model import (
    Cluster,
    Edge,
    EdgeKind,
    Graph,
    Node,
    NodeKind,
    build_graph,
    plain,
)
from halt_core.errors import ExportFailed, InvalidValue
from halt_core.export import Exporter, ExportOptions, Sink
from halt_core.hookspecs import hookimpl
from halt_core.model import Arrondissement, Collaboration, Forum, Partner, PartnerKind

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
        partners: list[Partner] = []
        collaborations: list[Collaboration] = []
        forums: list[Forum] = []
        for record in records:
            if isinstance(record, Partner):
                partners.append(record)
            elif isinstance(record, Collaboration):
                collaborations.append(record)
            elif isinstance(record, Forum):
                forums.append(record)
        return build_graph(
            partners,
            collaborations,
            forums,
            gazetteer=options.gazetteer,
            title=options.text("title", default),
            arrondissement=arrondissement,
            unlinked=options.flag("unlinked", False),
        )


def _arrondissement(options: ExportOptions, format: str) -> Arrondissement | None:
    value = options.settings.get("arrondissement")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    wanted = str(value).strip().casefold()
    for arrondissement in Arrondissement:
        if arrondissement.value.casefold() == wanted:
            return arrondissement
    names = ", ".join(a.value for a in Arrondissement)
    raise InvalidValue(f"{format} export", "arrondissement", value, f"one of {names}")


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

    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        """Write the picture of ``records`` as DOT text to ``network.gv``."""
        text = _render_dot(self.graph(records, options), options)
        with sink.open("network" + self.extension, format=self.name) as stream:
            stream.write(text.encode("utf-8"))


class MermaidExporter(_GraphExporter):
    """The network as a Mermaid flowchart, for Markdown pages that render Mermaid.

    The same graph as :class:`DotExporter` (same node ids; clusters as ``subgraph`` blocks).
    Mermaid renderers refuse very large diagrams; narrow big networks to one arrondissement.

    Settings:
        title: the picture's title (default: Halt's collaboration network).
        arrondissement: draw only what touches this arrondissement (e.g. ``Amsterdam``),
            and the national partners and forums linked to it.
        unlinked: also draw partners linked to no forum or collaboration (default false).
    """

    name = "mermaid"
    media_type = "text/vnd.mermaid"
    extension = ".mmd"
    description = "the network as a Mermaid flowchart"

    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
        """Write the picture of ``records`` as a Mermaid flowchart to ``network.mmd``."""
        text = _render_mermaid(self.graph(records, options), options)
        with sink.open("network" + self.extension, format=self.name) as stream:
            stream.write(text.encode("utf-8"))


class _RenderedExporter(_GraphExporter):
    """A picture drawn by the Graphviz ``dot`` program from the DOT text."""

    extension: str
    output: str

    def export(self, records: Iterable[Any], sink: Sink, options: ExportOptions) -> None:
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
        picture = _run_dot(self.name, program, self.output, _render_dot(graph, options))
        picture = self.finish(picture, graph, options)
        with sink.open("network" + self.extension, format=self.name) as stream:
            stream.write(picture)

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

    Settings:
        title: the picture's title (default: Halt's collaboration network).
        arrondissement: draw only what touches this arrondissement (e.g. ``Amsterdam``),
            and the national partners and forums linked to it.
        unlinked: also draw partners linked to no forum or collaboration (default false).
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

    Settings:
        title: the picture's title (default: Halt's collaboration network).
        arrondissement: draw only what touches this arrondissement (e.g. ``Amsterdam``),
            and the national partners and forums linked to it.
        unlinked: also draw partners linked to no forum or collaboration (default false).
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


# -- DOT ----------------------------------------------------------------------------------

_FONT = "Helvetica,Arial,sans-serif"
_HALT_ORANGE = "#e8772e"

_K = PartnerKind
_PARTNER_GROUPS = {
    # A few colours, not sixteen: justice chain, government, care, schools, the rest.
    **dict.fromkeys(
        (
            _K.POLICE,
            _K.SPECIAL_INVESTIGATING_OFFICERS,
            _K.PUBLIC_PROSECUTION,
            _K.CHILD_PROTECTION_BOARD,
            _K.YOUTH_PROBATION,
            _K.MINISTRY_OF_JUSTICE_AND_SECURITY,
        ),
        "justice",
    ),
    **dict.fromkeys(
        (
            _K.MUNICIPALITY,
            _K.MINISTRY_OF_THE_INTERIOR,
            _K.MINISTRY_OF_EDUCATION,
            _K.SAFETY_HOUSE,
            _K.COMPULSORY_EDUCATION_OFFICE,
        ),
        "government",
    ),
    **dict.fromkeys((_K.YOUTH_CARE, _K.WELFARE), "care"),
    _K.SCHOOL: "school",
}
_GROUP_FILLS = {
    "justice": "#dbe8f7",
    "government": "#e2efda",
    "care": "#fce4d6",
    "school": "#fff2cc",
    "other": "#ededed",
}


def _partner_group(node: Node) -> str:
    return _PARTNER_GROUPS.get(PartnerKind(node.style), "other")


_NODE_STYLES: dict[NodeKind, dict[str, str]] = {
    NodeKind.HALT: {
        "shape": "doubleoctagon",
        "style": "filled,bold",
        "fillcolor": _HALT_ORANGE,
        "fontcolor": "white",
        "fontsize": "20",
        "color": _HALT_ORANGE,
    },
    NodeKind.FORUM: {"shape": "box", "style": "rounded,filled,bold", "fillcolor": "#e4dff0"},
    NodeKind.COLLABORATION: {"shape": "note", "style": "filled", "fillcolor": "#d5eeee"},
    NodeKind.PARTNER: {"shape": "box", "style": "filled"},
}
_EDGE_STYLES: dict[EdgeKind, dict[str, str]] = {
    EdgeKind.ROLE: {"color": _HALT_ORANGE, "penwidth": "1.6", "fontcolor": _HALT_ORANGE},
    EdgeKind.PARTY: {"color": _HALT_ORANGE, "penwidth": "1.6"},
    EdgeKind.MEMBER: {},
    EdgeKind.PARTNER: {},
    EdgeKind.COMMISSIONER: {"color": "#444444", "penwidth": "1.4"},
    # A forum and its collaboration both hang off Halt; this line must not re-rank them.
    EdgeKind.PART_OF: {"style": "dashed", "constraint": "false"},
}


def _dot_string(text: str) -> str:
    """``text`` as a quoted DOT string whose label shows exactly ``text``.

    Backslashes and quotes are escaped for the DOT parser, line breaks become DOT line breaks
    and ``&`` becomes ``&amp;`` so Graphviz shows entity-like text literally.
    """
    escaped = (
        plain(text)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("&", "&amp;")
        .replace("\n", "\\n")
    )
    return f'"{escaped}"'


def _attributes(attributes: Mapping[str, str]) -> str:
    return ", ".join(f"{key}={_dot_string(value)}" for key, value in attributes.items())


def _comment(text: str) -> str:
    return " ".join(plain(text).split())


def _caption(graph: Graph, generated_at: dt.datetime) -> str:
    when = f"generated {generated_at:%Y-%m-%d %H:%M}"
    return f"{graph.title}\n{when}" if graph.title else when


def _render_dot(graph: Graph, options: ExportOptions) -> str:
    """``graph`` as Graphviz DOT text, with the privacy notice as a comment."""
    lines = [
        f"// {_comment(graph.title or 'Halt network')}",
        f"// generated {options.generated_at.isoformat()} by halt_core",
        f"// {_comment(options.personal_data.notice)}",
        "graph halt_network {",
        "  graph ["
        + _attributes(
            {
                "label": _caption(graph, options.generated_at),
                "labelloc": "t",
                "fontsize": "18",
                "fontname": _FONT,
                "rankdir": "LR",
                "ranksep": "1.2",
                "nodesep": "0.15",
                "newrank": "true",
                "comment": options.personal_data.notice,
            }
        )
        + "];",
        f"  node [{_attributes({'fontname': _FONT, 'fontsize': '11', 'color': '#666666'})}];",
        "  edge ["
        + _attributes(
            {"fontname": _FONT, "fontsize": "9", "color": "#9a9a9a", "fontcolor": "#555555"}
        )
        + "];",
    ]
    lines += [f"  {_dot_node(node)}" for node in graph.nodes]
    for cluster in graph.clusters:
        lines += _dot_cluster(cluster, depth=1)
    national = {n.id for c in graph.clusters if c.id == "national" for n in c.walk()}
    lines += [f"  {_dot_edge(edge, national)}" for edge in graph.edges]
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_node(node: Node) -> str:
    attributes = {"label": node.label, "tooltip": node.note, **_NODE_STYLES[node.kind]}
    if node.kind is NodeKind.PARTNER:
        attributes["fillcolor"] = _GROUP_FILLS[_partner_group(node)]
    return f"{node.id} [{_attributes(attributes)}];"


def _dot_cluster(cluster: Cluster, depth: int) -> list[str]:
    indent, inner = "  " * depth, "  " * (depth + 1)
    outer = depth == 1  # a level; the clusters inside it are arrondissementen
    style = {
        "label": cluster.label,
        "labeljust": "l" if outer else "c",  # level titles clear of arrondissement titles
        "fontsize": "16" if outer else "13",
        "style": "rounded,filled",
        "color": "#bbbbbb",
        "fillcolor": "#f7f7f7" if outer else "#ffffff",
    }
    lines = [f"{indent}subgraph cluster_{cluster.id} {{", f"{inner}graph [{_attributes(style)}];"]
    lines += [f"{inner}{_dot_node(node)}" for node in cluster.nodes]
    for nested in cluster.clusters:
        lines += _dot_cluster(nested, depth + 1)
    lines.append(f"{indent}}}")
    return lines


def _dot_edge(edge: Edge, national: set[str]) -> str:
    attributes = dict(_EDGE_STYLES[edge.kind])
    if edge.label:
        attributes["label"] = edge.label
    # dot ranks the first end of a line before the second: lines to national records point
    # back, so the national cluster lies left of Halt and the rest to its right.
    first, second = edge.source, edge.target
    if second in national:
        first, second = second, first
    return f"{first} -- {second} [{_attributes(attributes)}];"


# -- Mermaid ------------------------------------------------------------------------------

_MERMAID_ESCAPES = str.maketrans(
    {
        # Mermaid reads #name; and #123; as entities, and labels as HTML: escape both.
        "#": "#35;",
        '"': "#quot;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "`": "#96;",
        "|": "#124;",
        ";": "#59;",
        "%": "#37;",
        "\n": "<br>",
    }
)


def _mermaid_string(text: str) -> str:
    """``text`` as a quoted Mermaid label that shows exactly ``text``."""
    return '"' + plain(text).translate(_MERMAID_ESCAPES) + '"'


_MERMAID_SHAPES = {
    NodeKind.HALT: ("((", "))"),
    NodeKind.FORUM: ("([", "])"),
    NodeKind.COLLABORATION: ("{{", "}}"),
    NodeKind.PARTNER: ("[", "]"),
}
_MERMAID_LINKS = {
    EdgeKind.ROLE: "===",
    EdgeKind.PARTY: "===",
    EdgeKind.MEMBER: "---",
    EdgeKind.PARTNER: "---",
    EdgeKind.COMMISSIONER: "---",
    EdgeKind.PART_OF: "-.-",
}


def _render_mermaid(graph: Graph, options: ExportOptions) -> str:
    """``graph`` as a Mermaid flowchart, with the privacy notice as a ``%%`` comment."""
    lines = []
    if graph.title:
        # JSON text is a valid YAML scalar, so any title survives the front matter.
        lines += ["---", f"title: {json.dumps(graph.title)}", "---"]
    lines += [
        f"%% generated {options.generated_at.isoformat()} by halt_core",
        f"%% {_comment(options.personal_data.notice)}",
        "flowchart LR",
    ]
    lines += [f"  classDef {name} {style}" for name, style in _MERMAID_CLASSES.items()]
    lines += [f"  {_mermaid_node(node)}" for node in graph.nodes]
    for cluster in graph.clusters:
        lines += _mermaid_cluster(cluster, "  ")
    lines += [f"  {_mermaid_edge(edge)}" for edge in graph.edges]
    return "\n".join(lines) + "\n"


def _mermaid_node(node: Node) -> str:
    opening, closing = _MERMAID_SHAPES[node.kind]
    style = _partner_group(node) if node.kind is NodeKind.PARTNER else node.kind.value
    return f"{node.id}{opening}{_mermaid_string(node.label)}{closing}:::{style}"


def _mermaid_cluster(cluster: Cluster, indent: str) -> list[str]:
    inner = indent + "  "
    lines = [f"{indent}subgraph cluster_{cluster.id} [{_mermaid_string(cluster.label)}]"]
    lines += [f"{inner}{_mermaid_node(node)}" for node in cluster.nodes]
    for nested in cluster.clusters:
        lines += _mermaid_cluster(nested, inner)
    lines.append(f"{indent}end")
    return lines


def _mermaid_edge(edge: Edge) -> str:
    link = _MERMAID_LINKS[edge.kind]
    text = f"|{_mermaid_string(edge.label)}|" if edge.label else ""
    return f"{edge.source} {link}{text} {edge.target}"


_MERMAID_CLASSES = {
    "halt": f"fill:{_HALT_ORANGE},color:#fff,stroke:{_HALT_ORANGE}",
    "forum": "fill:#e4dff0,stroke:#666",
    "collaboration": "fill:#d5eeee,stroke:#666",
    **{group: f"fill:{fill},stroke:#666" for group, fill in _GROUP_FILLS.items()},
}


@hookimpl
def halt_exporters() -> list[Exporter]:
    """The network picture formats: ``dot``, ``mermaid``, ``svg`` and ``png``."""
    return [DotExporter(), MermaidExporter(), SvgExporter(), PngExporter()]
