"""The network graph as text: Graphviz DOT and Mermaid, with their styles and escaping.

Both render a :class:`~halt_adapters.export._graph_model.Graph` deterministically (sorted),
with labels escaped so any name shows exactly as written.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from halt_adapters.export._graph_model import (
    Cluster,
    Edge,
    EdgeKind,
    Graph,
    Node,
    NodeKind,
    plain,
)
from halt_core.export import ExportOptions
from halt_core.model import PartnerKind

__all__ = ["render_dot", "render_mermaid"]


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


def render_dot(graph: Graph, options: ExportOptions) -> str:
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


def render_mermaid(graph: Graph, options: ExportOptions) -> str:
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
