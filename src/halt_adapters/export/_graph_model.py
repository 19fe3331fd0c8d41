"""The network picture as data: Halt, the nodes around it, clusters and edges.

The shapes the renderers of :mod:`halt_adapters.export._graph_text` read (a
:class:`Picture`): a :class:`Graph` held in memory, or a
:class:`~halt_adapters.export._graph_drawing.Layout` read from a drawing's temporary file as
it is rendered (see :mod:`halt_adapters.export._graph_drawing`, which draws them).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Protocol

import attrs

__all__ = [
    "HALT_ID",
    "Closing",
    "Cluster",
    "Edge",
    "EdgeKind",
    "Graph",
    "Node",
    "NodeKind",
    "Opening",
    "Picture",
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

    def outline(self) -> Iterator[Node | Opening | Closing]:
        """The nodes in drawing order: Halt, then each cluster opened, filled and closed."""
        yield from self.nodes
        for cluster in self.clusters:
            yield from _cluster_outline(cluster, 1)

    def lines(self) -> Iterator[tuple[Edge, bool]]:
        """Every edge in drawing order, each with whether its target is a national node."""
        national = {n.id for c in self.clusters if c.id == "national" for n in c.walk()}
        for edge in self.edges:
            yield edge, edge.target in national


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


@attrs.frozen(kw_only=True)
class Opening:
    """The start of a cluster, in a picture's :meth:`~Picture.outline`.

    Attributes:
        id: the cluster's id (see :class:`Cluster`).
        label: the box's title.
        depth: 1 for a level, 2 for an arrondissement within it.

    """

    id: str
    label: str
    depth: int


@attrs.frozen(kw_only=True)
class Closing:
    """The end of the cluster opened last, in a picture's :meth:`~Picture.outline`.

    Attributes:
        depth: the depth of the cluster it closes.

    """

    depth: int


class Picture(Protocol):
    """What the renderers read: a picture's title, its boxes in order, then its lines.

    A :class:`Graph` is one, held in memory; a :class:`Layout` is one read from a drawing's
    temporary file as it is rendered.
    """

    @property
    def title(self) -> str:
        """The picture's title (may be empty)."""
        ...

    def outline(self) -> Iterator[Node | Opening | Closing]:
        """The nodes in drawing order: Halt, then each cluster opened, filled and closed."""
        ...

    def lines(self) -> Iterator[tuple[Edge, bool]]:
        """Every edge in drawing order, each with whether its target is a national node."""
        ...


def _cluster_outline(cluster: Cluster, depth: int) -> Iterator[Node | Opening | Closing]:
    yield Opening(id=cluster.id, label=cluster.label, depth=depth)
    yield from cluster.nodes
    for inner in cluster.clusters:
        yield from _cluster_outline(inner, depth + 1)
    yield Closing(depth=depth)
