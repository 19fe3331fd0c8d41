"""The network graph as text: Graphviz DOT and Mermaid, with their styles and escaping.

Both render a :class:`~halt_adapters.export._graph_model.Picture` (a drawing's
:class:`~halt_adapters.export._graph_drawing.Layout`, or a
:class:`~halt_adapters.export._graph_model.Graph` in memory) line by line as they read it,
with labels escaped so any name shows exactly as written: they yield the text a line at a
time (each ending in a line break), never the whole of it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping

from halt_adapters.export._graph_model import (
    Edge,
    EdgeKind,
    Node,
    NodeKind,
    Opening,
    Picture,
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


def _caption(title: str, generated_at: dt.datetime, language: object) -> str:
    made = "gemaakt op" if str(language).strip().lower() == "nl" else "generated"
    when = f"{made} {generated_at:%Y-%m-%d %H:%M}"
    return f"{title}\n{when}" if title else when


def render_dot(picture: Picture, options: ExportOptions) -> Iterator[str]:
    """``picture`` as Graphviz DOT text, line by line, with the privacy notice as a comment."""
    header = [
        f"// {_comment(picture.title or 'Halt network')}",
        f"// generated {options.generated_at.isoformat()} by halt_core",
        f"// {_comment(options.personal_data.notice)}",
        "graph halt_network {",
        "  graph ["
        + _attributes(
            {
                "label": _caption(
                    picture.title, options.generated_at, options.settings.get("language")
                ),
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
    for line in header:
        yield line + "\n"
    depth = 0
    for item in picture.outline():
        if isinstance(item, Node):
            yield f"{'  ' * (depth + 1)}{_dot_node(item)}\n"
        elif isinstance(item, Opening):
            depth = item.depth
            yield from _dot_cluster(item)
        else:
            yield f"{'  ' * item.depth}}}\n"
            depth = item.depth - 1
    for edge, backwards in picture.lines():
        yield f"  {_dot_edge(edge, backwards)}\n"
    yield "}\n"


def _dot_node(node: Node) -> str:
    attributes = {"label": node.label, "tooltip": node.note, **_NODE_STYLES[node.kind]}
    if node.kind is NodeKind.PARTNER:
        attributes["fillcolor"] = _GROUP_FILLS[_partner_group(node)]
    return f"{node.id} [{_attributes(attributes)}];"


def _dot_cluster(cluster: Opening) -> Iterator[str]:
    indent, inner = "  " * cluster.depth, "  " * (cluster.depth + 1)
    outer = cluster.depth == 1  # a level; the clusters inside it are arrondissementen
    style = {
        "label": cluster.label,
        "labeljust": "l" if outer else "c",  # level titles clear of arrondissement titles
        "fontsize": "16" if outer else "13",
        "style": "rounded,filled",
        "color": "#bbbbbb",
        "fillcolor": "#f7f7f7" if outer else "#ffffff",
    }
    yield f"{indent}subgraph cluster_{cluster.id} {{\n"
    yield f"{inner}graph [{_attributes(style)}];\n"


def _dot_edge(edge: Edge, backwards: bool) -> str:
    attributes = dict(_EDGE_STYLES[edge.kind])
    if edge.label:
        attributes["label"] = edge.label
    # dot ranks the first end of a line before the second: lines to national records point
    # back, so the national cluster lies left of Halt and the rest to its right.
    first, second = edge.source, edge.target
    if backwards:  # the target is national
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


def render_mermaid(picture: Picture, options: ExportOptions) -> Iterator[str]:
    """``picture`` as a Mermaid flowchart, line by line, the privacy notice a ``%%`` comment."""
    if picture.title:
        # JSON text is a valid YAML scalar, so any title survives the front matter.
        yield f"---\ntitle: {json.dumps(picture.title)}\n---\n"
    yield f"%% generated {options.generated_at.isoformat()} by halt_core\n"
    yield f"%% {_comment(options.personal_data.notice)}\n"
    yield "flowchart LR\n"
    for name, style in _MERMAID_CLASSES.items():
        yield f"  classDef {name} {style}\n"
    depth = 0
    for item in picture.outline():
        if isinstance(item, Node):
            yield f"{'  ' * (depth + 1)}{_mermaid_node(item)}\n"
        elif isinstance(item, Opening):
            depth = item.depth
            indent = "  " * depth
            yield f"{indent}subgraph cluster_{item.id} [{_mermaid_string(item.label)}]\n"
        else:
            yield f"{'  ' * item.depth}end\n"
            depth = item.depth - 1
    for edge, _ in picture.lines():
        yield f"  {_mermaid_edge(edge)}\n"


def _mermaid_node(node: Node) -> str:
    opening, closing = _MERMAID_SHAPES[node.kind]
    style = _partner_group(node) if node.kind is NodeKind.PARTNER else node.kind.value
    return f"{node.id}{opening}{_mermaid_string(node.label)}{closing}:::{style}"


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
