"""Drawing the network picture: records in, a laid-out picture out, in flat memory.

A :class:`Drawing` takes the partners, collaborations and forums of an export one at a time
and keeps what the picture may show (a row per node: id, label, kinds, level and
arrondissement cluster; a row per line) in a temporary SQLite file with a fixed page cache
(:mod:`halt_adapters.export._scratch`), never in Python. :meth:`Drawing.layout` then works
out in SQL what is drawn (the lines between drawn nodes, the arrondissement asked for, the
unlinked partners) and in which order, and gives it back as a :class:`Layout` that the
renderers of :mod:`halt_adapters.export._graph_text` read a few hundred rows at a time as
they write: a picture is drawn in Python memory that stays flat however large the network.

:func:`build_graph` and :meth:`Drawing.graph` give the same picture held in memory as a
:class:`~halt_adapters.export._graph_model.Graph` (for tests and small pictures); the
renderers take either. Everything here is deterministic: the same records give the same
picture, whatever order they came in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal

from halt_adapters.export._graph_model import (
    HALT_ID,
    Closing,
    Cluster,
    Edge,
    EdgeKind,
    Graph,
    Node,
    NodeKind,
    Opening,
    plain,
)
from halt_adapters.export._scratch import Scratch
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
from halt_core.model.words import dutch, english

__all__ = ["LANGUAGES", "Drawing", "Language", "Layout", "build_graph"]

Language = Literal["en", "nl"]
"""The languages a picture's words (kinds, roles, levels) can be in."""

LANGUAGES: tuple[Language, ...] = ("en", "nl")

_LEVELS = (Level.NATIONAL, Level.REGIONAL, Level.LOCAL)
_KIND_ORDER = {NodeKind.FORUM: 0, NodeKind.COLLABORATION: 1, NodeKind.PARTNER: 2}
_HALT = Node(id=HALT_ID, label="Halt", kind=NodeKind.HALT, style="halt", note="Halt")
_BATCH = 500  # nodes or edges inserted at a time


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
    """The picture of Halt with ``partners``, ``collaborations`` and ``forums``, in memory.

    With ``arrondissement``, only what touches that arrondissement is drawn, plus the
    national records linked to it. Partners linked to nothing drawn are left out unless
    ``unlinked``. References to records that are not given are not drawn.
    """
    with Drawing(gazetteer=gazetteer, arrondissement=arrondissement) as drawing:
        for partner in partners:
            drawing.add(partner)
        for collaboration in collaborations:
            drawing.add(collaboration)
        for forum in forums:
            drawing.add(forum)
        return drawing.graph(title, unlinked=unlinked)


# node: what may be drawn, one row per record (the last one added wins).
#   fold: the label casefolded (nodes are sorted by it); tier: the level's place in
#   _LEVELS; rank: the kind's in _KIND_ORDER; cluster: the one arrondissement of a regional
#   or local node, whose cluster it is drawn in (NULL: its level's own); core: whether it is
#   in the arrondissement asked for (not national).
# edge: every line named, to records given or not.
# kept, drawn: worked out by Drawing.layout; drawn.pos is the drawing order (Halt is 0).
_SCHEMA = """
CREATE TABLE node (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, fold TEXT NOT NULL, kind TEXT NOT NULL,
    style TEXT NOT NULL, note TEXT NOT NULL, level TEXT NOT NULL, tier INTEGER NOT NULL,
    rank INTEGER NOT NULL, cluster TEXT, core INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE edge (
    source TEXT NOT NULL, target TEXT NOT NULL, kind TEXT NOT NULL, label TEXT NOT NULL,
    PRIMARY KEY (source, target, kind, label)
) WITHOUT ROWID;
CREATE INDEX edge_by_target ON edge (target);
CREATE TABLE kept (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE drawn (
    pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, label TEXT NOT NULL,
    kind TEXT NOT NULL, style TEXT NOT NULL, note TEXT NOT NULL, level TEXT, cluster TEXT
);
"""

_ADD_NODES = "INSERT OR REPLACE INTO node VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_ADD_EDGES = "INSERT OR IGNORE INTO edge VALUES (?, ?, ?, ?)"

# With an arrondissement: the nodes in it, and the national nodes with a line to one of them.
_KEEP_TOUCHING = """
INSERT INTO kept SELECT id FROM node WHERE core
UNION
SELECT n.id FROM node AS n WHERE n.level = 'national' AND (
    EXISTS (SELECT 1 FROM edge AS e JOIN node AS c ON c.id = e.target
            WHERE e.source = n.id AND c.core)
    OR EXISTS (SELECT 1 FROM edge AS e JOIN node AS c ON c.id = e.source
               WHERE e.target = n.id AND c.core)
)
"""

# The kept nodes in drawing order: by level; in a level its own nodes, then its
# arrondissementen by name; within each, by kind, label (casefolded) and id. A partner only
# with a line to a kept node (or from Halt), unless unlinked ones are asked for (?).
_DRAW = f"""
INSERT INTO drawn (pos, id, label, kind, style, note, level, cluster)
SELECT row_number() OVER (
    ORDER BY n.tier, n.cluster IS NOT NULL, n.cluster, n.rank, n.fold, n.id
), n.id, n.label, n.kind, n.style, n.note, n.level, n.cluster
FROM kept AS k JOIN node AS n ON n.id = k.id
WHERE ? OR n.kind != 'partner'
    OR EXISTS (SELECT 1 FROM edge AS e WHERE e.target = n.id AND e.source = '{HALT_ID}')
    OR EXISTS (SELECT 1 FROM edge AS e JOIN kept AS o ON o.id = e.source WHERE e.target = n.id)
    OR EXISTS (SELECT 1 FROM edge AS e JOIN kept AS o ON o.id = e.target WHERE e.source = n.id)
ORDER BY 1
"""

# Lines between drawn nodes (Halt is drawn), in the order of their ends, then kind and label.
_LINES = """
SELECT e.source, e.target, e.kind, e.label, t.level IS 'national'
FROM edge AS e JOIN drawn AS s ON s.id = e.source JOIN drawn AS t ON t.id = e.target
ORDER BY s.pos, t.pos, e.kind, e.label
"""


class Drawing:
    """A picture being drawn: records are added one at a time, in any order.

    Only what the picture may show is kept, as nodes and lines, never the records, and not
    in Python: they go to a temporary SQLite file (:class:`._scratch.Scratch`), a few
    hundred rows at a time, so memory stays flat however many records come. With an
    arrondissement, the records of other arrondissementen are dropped as they come.

    Use it as a context manager: leaving it removes the file. :meth:`layout` gives the
    picture to render as it is read; :meth:`graph` the same picture in memory.
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer,
        arrondissement: Arrondissement | None,
        format: str = "picture",
        language: Language = "en",
    ) -> None:
        self._gazetteer = gazetteer
        self._arrondissement = arrondissement
        self._language = language
        self._words = dutch if language == "nl" else english
        self._scratch = Scratch(format, _SCHEMA)
        self._nodes: list[tuple[object, ...]] = []
        self._edges: list[tuple[str, str, str, str]] = []

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary file (the drawing can no longer be used)."""
        self._nodes.clear()
        self._edges.clear()
        self._scratch.close()

    def add(self, record: Partner | Collaboration | Forum) -> None:
        """Draw ``record``, if it may show, with its lines to the records it names."""
        if isinstance(record, Partner):
            node_id = f"p_{record.id.hex}"
            profile = record.kind.profile
            note = profile.dutch_name if self._language == "nl" else profile.english_name
            self._place(_node(node_id, record.name, NodeKind.PARTNER, record.kind, note), record)
        elif isinstance(record, Collaboration):
            self._collaboration(record)
        elif isinstance(record, Forum):
            self._forum(record)

    def _place(self, node: Node, record: Partner | Collaboration | Forum) -> bool:
        arrondissements = _arrondissements_of(self._gazetteer, record.area)
        wanted = self._arrondissement
        national = record.level is Level.NATIONAL
        if wanted is not None and not national and wanted not in arrondissements:
            return False  # never drawn: not in the arrondissement, not national
        # An area in several arrondissementen (or the country) belongs to its level alone.
        cluster = None
        if not national and len(arrondissements) == 1:
            cluster = str(next(iter(arrondissements)))
        core = not national and wanted in arrondissements
        self._nodes.append(
            (
                node.id,
                node.label,
                node.label.casefold(),
                str(node.kind),
                node.style,
                node.note,
                str(record.level),
                _LEVELS.index(record.level),
                _KIND_ORDER[node.kind],
                cluster,
                core,
            )
        )
        if len(self._nodes) >= _BATCH:
            self._flush()
        return True

    def _line(self, source: str, target: str, kind: EdgeKind, label: str = "") -> None:
        self._edges.append((source, target, str(kind), label))
        if len(self._edges) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self._nodes:
            self._scratch.executemany(_ADD_NODES, self._nodes)
            self._nodes.clear()
        if self._edges:
            self._scratch.executemany(_ADD_EDGES, self._edges)
            self._edges.clear()

    def _collaboration(self, collaboration: Collaboration) -> None:
        node_id = f"c_{collaboration.id.hex}"
        kind = collaboration.kind
        node = _node(node_id, collaboration.name, NodeKind.COLLABORATION, kind, self._words(kind))
        if not self._place(node, collaboration):
            return
        self._line(HALT_ID, node_id, EdgeKind.PARTY)
        commissioner = _partner_node(collaboration.commissioner)
        if commissioner is not None:
            label = "opdrachtgever" if self._language == "nl" else "commissioner"
            self._line(node_id, commissioner, EdgeKind.COMMISSIONER, label)
        for partner_id in collaboration.partners:
            target = f"p_{partner_id.hex}"
            # The commissioner's own line says more than a second "commission" line.
            if target != commissioner:
                self._line(node_id, target, EdgeKind.PARTNER, self._words(kind))

    def _forum(self, forum: Forum) -> None:
        node_id = f"f_{forum.id.hex}"
        profile = FORUM_KINDS[forum.kind]
        note = profile.dutch_name if self._language == "nl" else profile.english_name
        if not self._place(_node(node_id, forum.name, NodeKind.FORUM, forum.kind, note), forum):
            return
        self._line(HALT_ID, node_id, EdgeKind.ROLE, self._words(forum.halt_role))
        for member in forum.members:
            self._line(node_id, f"p_{member.hex}", EdgeKind.MEMBER)
        if forum.collaboration is not None:
            self._line(f"c_{forum.collaboration.hex}", node_id, EdgeKind.PART_OF)

    def layout(self, title: str, *, unlinked: bool = False) -> Layout:
        """The picture of what was added, worked out in the file and read as it is drawn.

        Partners linked to nothing are drawn only if ``unlinked``. Lines to records that were
        not given (or not drawn) are not drawn. The layout reads this drawing's file: use it
        before leaving the drawing's ``with`` block.
        """
        self._flush()
        scratch = self._scratch
        scratch.execute("DELETE FROM kept")
        scratch.execute("DELETE FROM drawn")
        if self._arrondissement is None:
            scratch.execute("INSERT INTO kept SELECT id FROM node")
        else:
            scratch.execute(_KEEP_TOUCHING)
        h = _HALT
        scratch.execute(
            "INSERT INTO drawn VALUES (0, ?, ?, ?, ?, ?, NULL, NULL)",
            (h.id, h.label, str(h.kind), h.style, h.note),
        )
        scratch.execute(_DRAW, (unlinked,))
        return Layout(scratch, plain(title), self._language)

    def graph(self, title: str, *, unlinked: bool = False) -> Graph:
        """The picture of what was added, held in memory (see :meth:`layout`)."""
        return self.layout(title, unlinked=unlinked).graph()


class Layout:
    """A drawing's picture as its temporary file holds it: read as it is rendered.

    Each method reads the file anew, a few hundred rows at a time, so it can be rendered
    more than once; never after its drawing is closed.
    """

    def __init__(self, scratch: Scratch, title: str, language: Language = "en") -> None:
        self._scratch = scratch
        self._language = language
        self.title = title
        """The picture's title (may be empty)."""

    def outline(self) -> Iterator[Node | Opening | Closing]:
        """The nodes in drawing order: Halt, then each cluster opened, filled and closed."""
        yield _HALT
        depth = 0
        level: str | None = None
        cluster: str | None = None
        rows = self._scratch.rows(
            "SELECT id, label, kind, style, note, level, cluster FROM drawn WHERE pos > 0 "
            "ORDER BY pos"
        )
        for node_id, label, kind, style, note, node_level, node_cluster in rows:
            if node_level != level:
                while depth:
                    yield Closing(depth=depth)
                    depth -= 1
                level, cluster = node_level, None
                depth = 1
                words = dutch(Level(level)) if self._language == "nl" else str(level)
                yield Opening(id=str(level), label=words.capitalize(), depth=1)
            if node_cluster != cluster:
                if depth == 2:
                    yield Closing(depth=2)
                cluster = node_cluster
                depth = 2
                yield Opening(id=_slug(f"{level}_{cluster}"), label=str(cluster), depth=2)
            yield Node(id=node_id, label=label, kind=NodeKind(kind), style=style, note=note)
        while depth:
            yield Closing(depth=depth)
            depth -= 1

    def lines(self) -> Iterator[tuple[Edge, bool]]:
        """Every edge in drawing order, each with whether its target is a national node."""
        for source, target, kind, label, national in self._scratch.rows(_LINES):
            yield (
                Edge(source=source, target=target, kind=EdgeKind(kind), label=label),
                bool(national),
            )

    def counts(self) -> dict[NodeKind, int]:
        """How many nodes of each kind are drawn (Halt included), by kind."""
        rows = self._scratch.rows("SELECT kind, count(*) FROM drawn GROUP BY kind")
        return {NodeKind(kind): count for kind, count in rows}

    def graph(self) -> Graph:
        """The same picture, held in memory."""
        items = self.outline()
        top: list[Node] = []
        clusters: list[Cluster] = []
        for item in items:
            if isinstance(item, Opening):
                clusters.append(_gathered(item, items))
            elif isinstance(item, Node):
                top.append(item)
        edges = tuple(edge for edge, _ in self.lines())
        return Graph(title=self.title, nodes=tuple(top), clusters=tuple(clusters), edges=edges)


def _gathered(opening: Opening, items: Iterator[Node | Opening | Closing]) -> Cluster:
    nodes: list[Node] = []
    inner: list[Cluster] = []
    for item in items:
        if isinstance(item, Closing):
            break
        if isinstance(item, Opening):
            inner.append(_gathered(item, items))
        else:
            nodes.append(item)
    return Cluster(id=opening.id, label=opening.label, nodes=tuple(nodes), clusters=tuple(inner))


def _partner_node(partner: PartnerId | None) -> str | None:
    return None if partner is None else f"p_{partner.hex}"


def _node(node_id: str, name: str, kind: NodeKind, style: str, note: str) -> Node:
    return Node(id=node_id, label=plain(name), kind=kind, style=str(style), note=note)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
