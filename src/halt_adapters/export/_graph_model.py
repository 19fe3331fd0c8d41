"""The network picture as plain data: Halt, the nodes around it, clusters and edges.

Built once from the partners, collaborations and forums of an export, then rendered as
Graphviz DOT or Mermaid text by :mod:`halt_adapters.export._graph_text`. Everything here is pure
and deterministic: the same records give the same graph, whatever order they came in.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable

import attrs

from halt_core.errors import NotFound
from halt_core.ids import PartnerId
from halt_core.model import (
    FORUM_KINDS,
    Area,
    Arrondissement,
    Collaboration,
    Forum,
    Gazetteer,
    Level,
    Partner,
)
from halt_core.model.words import english

__all__ = [
    "HALT_ID",
    "Cluster",
    "Drawing",
    "Edge",
    "EdgeKind",
    "Graph",
    "Node",
    "NodeKind",
    "build_graph",
    "plain",
]

HALT_ID = "halt"
"""The id of Halt's own node, the one every forum and collaboration connects to."""


class NodeKind(enum.StrEnum):
    """What a node stands for."""

    HALT = "halt"
    FORUM = "forum"
    COLLABORATION = "collaboration"
    PARTNER = "partner"


class EdgeKind(enum.StrEnum):
    """What an edge stands for (renderers style each kind its own way)."""

    ROLE = "role"
    """Halt to a forum it sits in, labelled with Halt's role."""
    PARTY = "party"
    """Halt to a collaboration: Halt is a party to every one."""
    MEMBER = "member"
    """A forum to a partner at its table."""
    PARTNER = "partner"
    """A collaboration to a partner taking part, labelled with the collaboration's kind."""
    COMMISSIONER = "commissioner"
    """A commission to its commissioning client."""
    PART_OF = "part_of"
    """A collaboration to a forum that belongs to it."""


@attrs.frozen(kw_only=True)
class Node:
    """One box in the picture.

    Attributes:
        id: a safe identifier (letters, digits, ``_``), e.g. ``p_<hex of the uuid>``.
        label: the text shown: the record's name (see :func:`plain`).
        kind: what the node stands for.
        style: the record's own kind (a partner, forum or collaboration kind), for styling.
        note: that kind in words, e.g. ``"municipality"``, for tooltips.

    """

    id: str
    label: str
    kind: NodeKind
    style: str
    note: str


@attrs.frozen(kw_only=True)
class Edge:
    """One line between two nodes.

    Attributes:
        source: the id of the node nearer to Halt.
        target: the id of the other node.
        kind: what the line stands for.
        label: the text on the line, or ``""`` for none.

    """

    source: str
    target: str
    kind: EdgeKind
    label: str = ""


@attrs.frozen(kw_only=True)
class Cluster:
    """A group of nodes drawn in one box: a level, or an arrondissement within a level.

    Attributes:
        id: a safe identifier, e.g. ``regional_noord_holland``.
        label: the box's title, e.g. ``"Noord-Holland"``.
        nodes: the nodes directly in it, in drawing order.
        clusters: the groups inside it, in drawing order.

    """

    id: str
    label: str
    nodes: tuple[Node, ...] = ()
    clusters: tuple[Cluster, ...] = ()

    def walk(self) -> Iterable[Node]:
        """Every node in this cluster and the clusters inside it."""
        yield from self.nodes
        for inner in self.clusters:
            yield from inner.walk()


@attrs.frozen(kw_only=True)
class Graph:
    """The whole picture.

    Attributes:
        title: the picture's title (may be empty).
        nodes: the nodes outside every cluster (Halt), in drawing order.
        clusters: the level clusters, national first.
        edges: every edge, in drawing order.

    """

    title: str
    nodes: tuple[Node, ...]
    clusters: tuple[Cluster, ...]
    edges: tuple[Edge, ...]

    def all_nodes(self) -> tuple[Node, ...]:
        """Every node, in drawing order."""
        return (*self.nodes, *(n for cluster in self.clusters for n in cluster.walk()))


_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x85\u2028\u2029]")


def plain(text: str) -> str:
    """``text`` as a picture can show it: one kind of line break, other controls as U+FFFD.

    Names may hold any character; control characters, lone surrogates and the
    non-characters U+FFFE and U+FFFF have no place in XML (SVG) or in a UTF-8 file, so each
    becomes the replacement character.
    """
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    return "".join(
        "\ufffd"
        if c != "\n" and (unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff")
        else c
        for c in text
    )


_LEVELS = (Level.NATIONAL, Level.REGIONAL, Level.LOCAL)
_KIND_ORDER = {NodeKind.FORUM: 0, NodeKind.COLLABORATION: 1, NodeKind.PARTNER: 2}


@attrs.frozen
class _Placed:
    node: Node
    level: Level
    arrondissements: frozenset[Arrondissement]


def _arrondissements_of(gazetteer: Gazetteer, area: Area) -> frozenset[Arrondissement]:
    try:
        return gazetteer.arrondissements_of(area)
    except NotFound:  # an unknown code: the rules report it; the picture still draws it
        return frozenset()


def build_graph(
    partners: Iterable[Partner],
    collaborations: Iterable[Collaboration],
    forums: Iterable[Forum],
    *,
    gazetteer: Gazetteer,
    title: str,
    arrondissement: Arrondissement | None = None,
    unlinked: bool = False,
) -> Graph:
    """The picture of Halt with ``partners``, ``collaborations`` and ``forums``.

    With ``arrondissement``, only what touches that arrondissement is drawn, plus the
    national records linked to it. Partners linked to nothing drawn are left out unless
    ``unlinked``. References to records that are not given are not drawn.
    """
    drawing = Drawing(gazetteer=gazetteer, arrondissement=arrondissement)
    for partner in partners:
        drawing.add(partner)
    for collaboration in collaborations:
        drawing.add(collaboration)
    for forum in forums:
        drawing.add(forum)
    return drawing.graph(title, unlinked=unlinked)


class Drawing:
    """A picture being drawn: records are added one at a time, in any order.

    Only what the picture may show is kept, as nodes and edges, never the records: with an
    arrondissement, the records of other arrondissementen are dropped as they come, so
    memory grows with what is drawn. A picture of everything holds a node and its edges
    per record: it needs every node before it can be laid out.
    """

    def __init__(self, *, gazetteer: Gazetteer, arrondissement: Arrondissement | None) -> None:
        self._gazetteer = gazetteer
        self._arrondissement = arrondissement
        self._placed: dict[str, _Placed] = {}
        self._edges: set[Edge] = set()

    def add(self, record: Partner | Collaboration | Forum) -> None:
        """Draw ``record``, if it may show, with its lines to the records it names."""
        if isinstance(record, Partner):
            node_id = f"p_{record.id.hex}"
            note = record.kind.profile.english_name
            self._place(_node(node_id, record.name, NodeKind.PARTNER, record.kind, note), record)
        elif isinstance(record, Collaboration):
            self._collaboration(record)
        elif isinstance(record, Forum):
            self._forum(record)

    def _place(self, node: Node, record: Partner | Collaboration | Forum) -> bool:
        arrondissements = _arrondissements_of(self._gazetteer, record.area)
        wanted = self._arrondissement
        if (
            wanted is not None
            and record.level is not Level.NATIONAL
            and wanted not in arrondissements
        ):
            return False  # never drawn: not in the arrondissement, not national
        self._placed[node.id] = _Placed(node, record.level, arrondissements)
        return True

    def _collaboration(self, collaboration: Collaboration) -> None:
        node_id = f"c_{collaboration.id.hex}"
        kind = collaboration.kind
        node = _node(node_id, collaboration.name, NodeKind.COLLABORATION, kind, english(kind))
        if not self._place(node, collaboration):
            return
        edges = self._edges
        edges.add(Edge(source=HALT_ID, target=node_id, kind=EdgeKind.PARTY))
        commissioner = _partner_node(collaboration.commissioner)
        if commissioner is not None:
            edges.add(
                Edge(
                    source=node_id,
                    target=commissioner,
                    kind=EdgeKind.COMMISSIONER,
                    label="commissioner",
                )
            )
        for partner_id in collaboration.partners:
            target = f"p_{partner_id.hex}"
            # The commissioner's own line says more than a second "commission" line.
            if target != commissioner:
                edges.add(
                    Edge(source=node_id, target=target, kind=EdgeKind.PARTNER, label=english(kind))
                )

    def _forum(self, forum: Forum) -> None:
        node_id = f"f_{forum.id.hex}"
        note = FORUM_KINDS[forum.kind].english_name
        if not self._place(_node(node_id, forum.name, NodeKind.FORUM, forum.kind, note), forum):
            return
        edges = self._edges
        edges.add(
            Edge(source=HALT_ID, target=node_id, kind=EdgeKind.ROLE, label=english(forum.halt_role))
        )
        for member in forum.members:
            edges.add(Edge(source=node_id, target=f"p_{member.hex}", kind=EdgeKind.MEMBER))
        if forum.collaboration is not None:
            owner = f"c_{forum.collaboration.hex}"
            edges.add(Edge(source=owner, target=node_id, kind=EdgeKind.PART_OF))

    def graph(self, title: str, *, unlinked: bool = False) -> Graph:
        """The picture of what was added; partners linked to nothing only if ``unlinked``."""
        placed = self._placed
        # Lines to records that were not given (or not drawn) are not drawn.
        edges = {
            e
            for e in self._edges
            if e.target in placed and (e.source in placed or e.source == HALT_ID)
        }
        arrondissement = self._arrondissement
        kept = set(placed) if arrondissement is None else _touching(placed, edges, arrondissement)
        edges = {e for e in edges if e.target in kept and (e.source in kept or e.source == HALT_ID)}
        if not unlinked:
            linked = {e.source for e in edges} | {e.target for e in edges}
            kept = {i for i in kept if placed[i].node.kind is not NodeKind.PARTNER or i in linked}
        return _arranged(title, [placed[i] for i in kept], edges)


def _partner_node(partner: PartnerId | None) -> str | None:
    return None if partner is None else f"p_{partner.hex}"


def _node(node_id: str, name: str, kind: NodeKind, style: str, note: str) -> Node:
    return Node(id=node_id, label=plain(name), kind=kind, style=str(style), note=note)


def _touching(
    placed: dict[str, _Placed], edges: set[Edge], arrondissement: Arrondissement
) -> set[str]:
    core = {
        node_id
        for node_id, p in placed.items()
        if p.level is not Level.NATIONAL and arrondissement in p.arrondissements
    }
    national = {node_id for node_id, p in placed.items() if p.level is Level.NATIONAL}
    linked = {e.source for e in edges if e.target in core} | {
        e.target for e in edges if e.source in core
    }
    return core | (linked & national)


def _arranged(title: str, placed: list[_Placed], edges: set[Edge]) -> Graph:
    halt = Node(id=HALT_ID, label="Halt", kind=NodeKind.HALT, style="halt", note="Halt")
    groups: dict[tuple[Level, Arrondissement | None], list[Node]] = {}
    for p in placed:
        # An area in several arrondissementen (or the country) belongs to its level alone.
        only = next(iter(p.arrondissements)) if len(p.arrondissements) == 1 else None
        group = None if p.level is Level.NATIONAL else only
        groups.setdefault((p.level, group), []).append(p.node)
    clusters = []
    for level in _LEVELS:
        inner = tuple(
            Cluster(id=_slug(f"{level}_{a}"), label=str(a), nodes=_sorted(nodes))
            for (lv, a), nodes in sorted(groups.items(), key=lambda g: str(g[0][1]))
            if lv is level and a is not None
        )
        direct = _sorted(groups.get((level, None), []))
        if direct or inner:
            label = level.value.capitalize()
            clusters.append(Cluster(id=level.value, label=label, nodes=direct, clusters=inner))
    graph = Graph(title=plain(title), nodes=(halt,), clusters=tuple(clusters), edges=())
    order = {node.id: i for i, node in enumerate(graph.all_nodes())}
    ordered = sorted(edges, key=lambda e: (order[e.source], order[e.target], e.kind, e.label))
    return attrs.evolve(graph, edges=tuple(ordered))


def _sorted(nodes: Iterable[Node]) -> tuple[Node, ...]:
    return tuple(sorted(nodes, key=lambda n: (_KIND_ORDER[n.kind], n.label.casefold(), n.id)))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
