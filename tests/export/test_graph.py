import datetime as dt
import html
import io
import json
import re
import stat
import struct
import subprocess
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from halt_adapters.export._graph_drawing import build_graph
from halt_adapters.export._graph_model import HALT_ID
from halt_adapters.export._graph_text import render_dot, render_mermaid
from halt_core.errors import ExportFailed, HaltError, InvalidValue
from halt_core.export import ExportOptions, ZipSink, decide_personal_data, export
from halt_core.ids import CollaborationId, ForumId, PartnerId
from halt_core.model import (
    Area,
    Arrondissement,
    Collaboration,
    CollaborationKind,
    Forum,
    ForumKind,
    Gazetteer,
    HaltRole,
    Level,
    Network,
    Partner,
    PartnerKind,
    Period,
)
from halt_core.model.themes import WorkDomain
from halt_core.plugins import exporters
from halt_core.testing import strategies as hs
from tests._needs import graphviz

from .conftest import GENERATED_AT

GAZETTEER = Gazetteer.load()
SVG = "{http://www.w3.org/2000/svg}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# -- what the picture must show, worked out from the records alone ----------------------------


Nodes = dict[str, tuple[str, tuple[str, ...]]]  # id -> (label, cluster titles, outer first)


@attrs.frozen
class Picture:
    nodes: Nodes
    edges: Counter[tuple[str, str, str]]  # (one end, other end, label), ends sorted


def words(value: str) -> str:
    return value.replace("_", " ")


def cluster_of(record: Partner | Forum | Collaboration) -> tuple[str, ...]:
    level = record.level.value.capitalize()
    if record.level is Level.NATIONAL:
        return (level,)
    touched = GAZETTEER.arrondissements_of(record.area)
    return (level, next(iter(touched)).value) if len(touched) == 1 else (level,)


def line(a: str, b: str, label: str) -> tuple[str, str, str]:
    first, second = sorted((a, b))
    return (first, second, label)


def expected_picture(network: Network, *, unlinked: bool = False) -> Picture:
    partner_ids = {p.id for p in network.partners}
    collaboration_ids = {c.id for c in network.collaborations}
    edges: Counter[tuple[str, str, str]] = Counter()
    for c in network.collaborations:
        node = f"c_{c.id.hex}"
        edges[line("halt", node, "")] += 1
        if c.commissioner in partner_ids:
            edges[line(node, f"p_{c.commissioner.hex}", "commissioner")] += 1
        for pid in dict.fromkeys(c.partners):
            if pid in partner_ids and pid != c.commissioner:
                edges[line(node, f"p_{pid.hex}", words(c.kind))] += 1
    for f in network.forums:
        node = f"f_{f.id.hex}"
        edges[line("halt", node, words(f.halt_role))] += 1
        for pid in dict.fromkeys(f.members):
            if pid in partner_ids:
                edges[line(node, f"p_{pid.hex}", "")] += 1
        if f.collaboration in collaboration_ids:
            edges[line(node, f"c_{f.collaboration.hex}", "")] += 1
    linked = {end for edge in edges for end in edge[:2]}
    nodes: Nodes = {"halt": ("Halt", ())}
    for f in network.forums:
        nodes[f"f_{f.id.hex}"] = (f.name, cluster_of(f))
    for c in network.collaborations:
        nodes[f"c_{c.id.hex}"] = (c.name, cluster_of(c))
    for p in network.partners:
        if unlinked or f"p_{p.id.hex}" in linked:
            nodes[f"p_{p.id.hex}"] = (p.name, cluster_of(p))
    return Picture(nodes=nodes, edges=edges)


# -- independent readers -----------------------------------------------------------------------


def exported(source, format: str, **options) -> bytes:
    out = io.BytesIO()
    export(source, out, format, generated_at=GENERATED_AT, **options)
    return out.getvalue()


def dot_text(escaped: str) -> str:
    # Graphviz escString: \\ is a backslash, \n \l \r break lines; then HTML entities.
    breaks = {"n": "\n", "l": "\n", "r": "\n", "\\": "\\"}
    unescaped = re.sub(r"\\(.)", lambda m: breaks.get(m[1], m[0]), escaped, flags=re.S)
    return html.unescape(unescaped)


def read_dot(text: bytes) -> tuple[Picture, dict[str, Any]]:
    """The picture in DOT text, as Graphviz itself parses it (``dot -Tjson0``)."""
    done = subprocess.run(["dot", "-Tjson0"], input=text, capture_output=True, check=True)
    parsed = json.loads(done.stdout)
    objects = {o["_gvid"]: o for o in parsed.get("objects", [])}
    clusters = [o for o in objects.values() if "nodes" in o or "subgraphs" in o]
    nodes = {}
    for gvid, o in objects.items():
        if o in clusters:
            continue
        around = sorted((c for c in clusters if gvid in c.get("nodes", [])), key=_outer_first)
        nodes[o["name"]] = (dot_text(o["label"]), tuple(dot_text(c["label"]) for c in around))
    edges: Counter[tuple[str, str, str]] = Counter(
        line(objects[e["tail"]]["name"], objects[e["head"]]["name"], dot_text(e.get("label", "")))
        for e in parsed.get("edges", [])
    )
    return Picture(nodes=nodes, edges=edges), parsed


def _outer_first(cluster: dict[str, Any]) -> int:
    return -len(cluster.get("nodes", []))


MERMAID_NODE = re.compile(
    r'(?P<id>[a-z][a-z0-9_]*)(?P<open>\(\(|\(\[|\{\{|\[)"(?P<label>[^"]*)"'
    r"(?P<close>\)\)|\]\)|\}\}|\]):::(?P<cls>[a-z]+)"
)
MERMAID_EDGE = re.compile(
    r'(?P<a>[a-z][a-z0-9_]*) (===|---|-\.-)(\|"(?P<label>[^"]*)"\|)? (?P<b>\w+)'
)
MERMAID_SUBGRAPH = re.compile(r'subgraph (?P<id>cluster_[a-z0-9_]+) \["(?P<label>[^"]*)"\]')
SHAPES = {"((": "))", "([": "])", "{{": "}}", "[": "]"}


def mermaid_text(escaped: str) -> str:
    assert "<" not in escaped.replace("<br>", ""), escaped
    text = escaped.replace("<br>", "\n")
    return re.sub(
        r"#(\w+);",
        lambda m: chr(int(m[1])) if m[1].isdigit() else html.unescape(f"&{m[1]};"),
        text,
    )


def read_mermaid(text: str) -> tuple[Picture, list[str]]:
    """The picture in a Mermaid flowchart, read by a strict line parser."""
    lines = text.splitlines()
    if lines[0] == "---":
        closing = lines.index("---", 1)
        lines = lines[closing + 1 :]
    comments = [ln[2:].strip() for ln in lines if ln.startswith("%%")]
    body = [ln.strip() for ln in lines if not ln.startswith("%%")]
    assert body[0] == "flowchart LR"
    nodes: dict[str, tuple[str, tuple[str, ...]]] = {}
    classes: set[str] = set()
    edges: Counter[tuple[str, str, str]] = Counter()
    open_clusters: list[str] = []
    seen_clusters: set[str] = set()
    for statement in body[1:]:
        if m := MERMAID_NODE.fullmatch(statement):
            assert m["id"] not in nodes, f"{m['id']} declared twice"
            assert SHAPES[m["open"]] == m["close"], statement
            assert m["cls"] in classes, f"class {m['cls']} used before classDef"
            nodes[m["id"]] = (mermaid_text(m["label"]), tuple(open_clusters))
        elif m := MERMAID_SUBGRAPH.fullmatch(statement):
            assert m["id"] not in seen_clusters
            seen_clusters.add(m["id"])
            open_clusters.append(mermaid_text(m["label"]))
        elif statement == "end":
            open_clusters.pop()
        elif m := MERMAID_EDGE.fullmatch(statement):
            assert m["a"] in nodes, f"edge from an undeclared node: {statement}"
            assert m["b"] in nodes, f"edge to an undeclared node: {statement}"
            edges[line(m["a"], m["b"], mermaid_text(m["label"] or ""))] += 1
        elif m := re.fullmatch(
            r"classDef ([a-z]+) [a-z-]+:#[0-9a-f]+(,[a-z-]+:#[0-9a-f]+)*", statement
        ):
            classes.add(m[1])
        else:
            pytest.fail(f"not a statement this exporter writes: {statement!r}")
    assert open_clusters == [], "unbalanced subgraph"
    return Picture(nodes=nodes, edges=edges), comments


def read_svg(data: bytes) -> tuple[Picture, set[str]]:
    """Nodes (with labels) and edges (with labels) of an SVG Graphviz drew, and cluster titles."""
    root = ET.fromstring(data)
    assert root.tag == f"{SVG}svg"
    nodes: Nodes = {}
    clusters = set()
    edges: Counter[tuple[str, str, str]] = Counter()
    for group in root.iter(f"{SVG}g"):
        title = group.findtext(f"{SVG}title") or ""
        text = "\n".join(t.text or "" for t in group.iter(f"{SVG}text"))
        if group.get("class") == "node":
            nodes[title] = (text, ())
        elif group.get("class") == "edge":
            a, b = title.split("--")
            edges[line(a, b, text)] += 1
        elif group.get("class") == "cluster":
            clusters.add(text)
    return Picture(nodes=nodes, edges=edges), clusters


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == PNG_SIGNATURE
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def without_clusters(picture: Picture) -> Picture:
    return Picture(
        nodes={k: (label, ()) for k, (label, _) in picture.nodes.items()}, edges=picture.edges
    )


# -- the formats read back ---------------------------------------------------------------------


def test_the_picture_formats_are_installed_plugins():
    installed = exporters()
    found = {
        name: (installed[name].media_type, installed[name].extension)
        for name in ("dot", "mermaid", "svg", "png")
    }
    assert found == {
        "dot": ("text/vnd.graphviz", ".gv"),
        "mermaid": ("text/vnd.mermaid", ".mmd"),
        "svg": ("image/svg+xml", ".svg"),
        "png": ("image/png", ".png"),
    }
    assert all(installed[name].accepts == (Partner, Collaboration, Forum) for name in found)


def test_dot_of_the_demo_network_reads_back_as_every_node_edge_and_cluster(network):
    picture, parsed = read_dot(exported(network, "dot"))
    assert picture == expected_picture(network)
    assert picture.nodes["halt"] == ("Halt", ())
    records = 1 + len(network.forums) + len(network.collaborations)
    everything, _ = read_dot(exported(network, "dot", settings={"unlinked": "true"}))
    assert everything == expected_picture(network, unlinked=True)
    assert len(everything.nodes) == records + len(network.partners)
    # some demo partners are linked to nothing, and are left out by default
    assert records < len(picture.nodes) < len(everything.nodes)
    assert dot_text(parsed["label"]).splitlines() == [
        "Halt's collaboration network",
        "generated 2026-09-01 12:00",
    ]


REGIONAL_OR_LOCAL = {("Regional",), ("Local",)}


def test_dot_draws_halt_between_the_national_records_and_the_rest(network):
    picture, parsed = read_dot(exported(network, "dot"))
    x = {o["name"]: float(o["pos"].split(",")[0]) for o in parsed["objects"] if "pos" in o}
    national = [x[n] for n, (_, clusters) in picture.nodes.items() if clusters == ("National",)]
    rest = [x[n] for n, (_, clusters) in picture.nodes.items() if clusters[:1] in REGIONAL_OR_LOCAL]
    assert national
    assert max(national) < x["halt"] < min(rest)


def test_dot_writes_the_privacy_notice_as_a_comment_and_reports_what_it_drew(network):
    out = io.BytesIO()
    report = export(network, out, "dot", generated_at=GENERATED_AT)
    comments = [ln[3:] for ln in out.getvalue().decode().splitlines() if ln.startswith("// ")]
    assert report.personal_data in comments
    assert report.files == ("network.gv",)
    # What it drew: partners linked to no forum or collaboration are not drawn by default.
    drawn = re.findall(r"^\s*p_[0-9a-f]{32} \[", out.getvalue().decode(), re.MULTILINE)
    assert 0 < len(drawn) < len(network.partners)
    assert report.written == {
        "partners": len(drawn),
        "collaborations": len(network.collaborations),
        "forums": len(network.forums),
    }
    assert report.skipped == {}


def test_dot_output_is_the_same_whatever_the_order_of_the_records(network):
    shuffled = [
        *reversed(network.partners),
        *reversed(network.collaborations),
        *reversed(network.forums),
    ]
    assert exported(shuffled, "dot") == exported(network, "dot")


@pytest.mark.parametrize("settings", [{}, {"arrondissement": "Amsterdam", "unlinked": "yes"}])
def test_the_graph_in_memory_renders_as_the_export_writes(network, settings):
    # build_graph holds the picture the export reads from its temporary file as it writes.
    arrondissement = settings.get("arrondissement")
    title = "Netwerk"
    graph = build_graph(
        network.partners,
        network.collaborations,
        network.forums,
        gazetteer=GAZETTEER,
        title=title,
        arrondissement=None if arrondissement is None else Arrondissement.named(arrondissement),
        unlinked="unlinked" in settings,
    )
    assert graph.nodes[0].id == HALT_ID
    assert [node.id for node in graph.all_nodes()].count(HALT_ID) == 1
    options = ExportOptions(
        personal_data=decide_personal_data(),
        settings={},
        generated_at=GENERATED_AT,
        gazetteer=GAZETTEER,
    )
    for format, render in (("dot", render_dot), ("mermaid", render_mermaid)):
        text = "".join(render(graph, options)).encode("utf-8")
        assert text == exported(network, format, settings={**settings, "title": title})


def test_mermaid_of_the_demo_network_reads_back_as_every_node_edge_and_subgraph(network):
    text = exported(network, "mermaid").decode("utf-8")
    picture, comments = read_mermaid(text)
    assert picture == expected_picture(network)
    assert text.startswith('---\ntitle: "Halt\'s collaboration network"\n---\n')
    assert any("personal data of youths is pseudonymised" in c for c in comments)


def test_svg_of_the_demo_network_shows_every_label_and_the_notice(network):
    data = exported(network, "svg", personal_data="omit")
    picture, clusters = read_svg(data)
    assert picture == without_clusters(expected_picture(network))
    assert clusters == {"National", "Regional", "Local"} | {a.value for a in Arrondissement}
    comments = [html.unescape(c) for c in re.findall(r"<!--(.*?)-->", data.decode(), re.S)]
    notice = (
        "personal data of youths is left out: no referrals and no cases on meeting agendas; "
        "free text (notes, agreements, agenda items, target-group descriptions, evaluation "
        "summaries) is left out: empty, or [weggelaten]"
    )
    assert notice in [c.strip() for c in comments]


def test_png_of_the_demo_network_is_a_picture_with_the_notice_in_its_metadata(network):
    data = exported(
        network, "png", personal_data="include", purpose="AJB-overleg Q3", free_text="keep"
    )
    chunks = png_chunks(data)
    assert chunks[0][0] == b"IHDR"
    assert chunks[-1][0] == b"IEND"
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert width > 500
    assert height > 500
    texts = {}
    for kind, body in chunks:
        if kind == b"iTXt":
            keyword, rest = body.split(b"\0", 1)
            texts[keyword.decode("latin-1")] = rest[4:].decode("utf-8")
    assert texts == {
        "Title": "Halt's collaboration network",
        "Comment": "personal data of youths is included as stored, for the purpose: AJB-overleg "
        "Q3; free text is included as typed",
        "Creation Time": "2026-09-01T12:00:00+02:00",
    }


def test_a_picture_can_be_written_to_a_zip_archive(network):
    archive = io.BytesIO()
    with ZipSink(archive) as sink:
        export(network, sink, "svg", generated_at=GENERATED_AT)
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == ["network.svg"]
        assert ET.fromstring(z.read("network.svg")).tag == f"{SVG}svg"


# -- settings ----------------------------------------------------------------------------------

PERIOD = Period(start=dt.date(2025, 1, 1))


def partner(name: str, kind: PartnerKind, area: Area) -> Partner:
    return Partner(id=PartnerId(uuid.uuid4()), name=name, kind=kind, level=area.level, area=area)


def forum(name: str, area: Area, members: list[Partner], **more) -> Forum:
    return Forum(
        id=ForumId(uuid.uuid4()),
        name=name,
        kind=ForumKind.OTHER,
        level=area.level,
        area=area,
        members=tuple(p.id for p in members),
        halt_role=HaltRole.GUEST,
        period=PERIOD,
        **more,
    )


def two_arrondissements() -> Network:
    amsterdam, rotterdam = Area.municipality("GM0363"), Area.municipality("GM0599")
    country = Area.country()
    both = Area.municipalities(["GM0363", "GM0599"])
    police = partner("Politie Landelijke Eenheid", PartnerKind.POLICE, country)
    ministry = partner("Ministerie van JenV", PartnerKind.MINISTRY_OF_JUSTICE_AND_SECURITY, country)
    school_a = partner("School A'dam", PartnerKind.SCHOOL, amsterdam)
    school_r = partner("School R'dam", PartnerKind.SCHOOL, rotterdam)
    lonely = partner("Bakkerij", PartnerKind.BUSINESS, amsterdam)
    spanning = partner("Stedennetwerk", PartnerKind.OTHER, both)
    deal = Collaboration(
        id=CollaborationId(uuid.uuid4()),
        name="Project Amsterdam",
        kind=CollaborationKind.COMMISSION,
        domain=WorkDomain.PREVENTIVE,
        level=Level.LOCAL,
        area=amsterdam,
        partners=(school_a.id, police.id),
        commissioner=school_a.id,
        period=PERIOD,
    )
    forums = (
        forum("Overleg Amsterdam", amsterdam, [school_a, police], collaboration=deal.id),
        forum("Overleg Rotterdam", rotterdam, [school_r, ministry]),
        forum("Landelijk", country, [police, ministry]),
        forum("Steden", both, [spanning]),
    )
    return Network(
        partners=(police, ministry, school_a, school_r, lonely, spanning),
        collaborations=(deal,),
        forums=forums,
    )


def test_the_arrondissement_setting_keeps_what_touches_it_and_the_linked_national_records():
    network = two_arrondissements()
    picture, _ = read_dot(exported(network, "dot", settings={"arrondissement": "amsterdam"}))
    labels = dict(picture.nodes.values())
    assert labels == {
        "Halt": (),
        "Overleg Amsterdam": ("Local", "Amsterdam"),
        "Project Amsterdam": ("Local", "Amsterdam"),
        "School A'dam": ("Local", "Amsterdam"),
        "Politie Landelijke Eenheid": ("National",),
        "Steden": ("Regional",),
        "Stedennetwerk": ("Regional",),
    }
    everything, _ = read_dot(exported(network, "dot"))
    assert everything == expected_picture(network)
    assert ("Halt's collaboration network in the arrondissement Amsterdam") in exported(
        network, "mermaid", settings={"arrondissement": "Amsterdam"}
    ).decode()


def test_the_unlinked_setting_also_draws_partners_linked_to_nothing():
    network = two_arrondissements()
    lonely = f"p_{network.partners[4].id.hex}"
    assert lonely not in read_dot(exported(network, "dot"))[0].nodes
    picture, _ = read_dot(exported(network, "dot", settings={"unlinked": "yes"}))
    assert picture == expected_picture(network, unlinked=True)
    assert picture.nodes[lonely] == ("Bakkerij", ("Local", "Amsterdam"))


def test_the_title_setting_names_the_picture(network):
    text = exported(network, "mermaid", settings={"title": 'Netwerk "Halt" & co'}).decode()
    assert text.startswith('---\ntitle: "Netwerk \\"Halt\\" & co"\n---\n')
    _, parsed = read_dot(exported(network, "dot", settings={"title": 'Netwerk "Halt" & co'}))
    assert dot_text(parsed["label"]).splitlines()[0] == 'Netwerk "Halt" & co'


def test_the_language_setting_draws_the_picture_in_dutch(network):
    """``language=nl``: levels, kinds, roles, the commissioner and the caption in Dutch."""
    english_text = exported(network, "dot").decode()
    dutch_text = exported(network, "dot", settings={"language": "nl"}).decode()
    _, parsed = read_dot(dutch_text.encode())
    assert dot_text(parsed["label"]).splitlines() == [
        "Samenwerkingsnetwerk van Halt",
        f"gemaakt op {GENERATED_AT:%Y-%m-%d %H:%M}",
    ]
    for english_word, dutch_word in (
        ('label="National"', 'label="Landelijk"'),
        ('label="Regional"', 'label="Regionaal"'),
        ('label="commissioner"', 'label="opdrachtgever"'),
        ('tooltip="municipality"', 'tooltip="Gemeente"'),
    ):
        assert english_word in english_text, english_word
        assert english_word not in dutch_text, english_word
        assert dutch_word in dutch_text, dutch_word
    # The same picture otherwise: the same nodes and lines, in the same order.
    ids = re.compile(r"^\s*((?:[pfc]_[0-9a-f]{32}|halt)(?: -- \S+)?) ", re.M)
    assert ids.findall(dutch_text) == ids.findall(english_text)
    mermaid = exported(network, "mermaid", settings={"language": "NL"}).decode()
    assert "Landelijk" in mermaid
    assert "National" not in mermaid


@pytest.mark.parametrize("format", ["dot", "mermaid", "svg", "png"])
def test_an_unknown_language_is_refused_naming_the_two(network, format):
    with pytest.raises(InvalidValue) as caught:
        exported(network, format, settings={"language": "de"})
    assert caught.value.field == "language"
    assert "en or nl" in str(caught.value)


@pytest.mark.parametrize("format", ["dot", "mermaid", "svg", "png"])
def test_an_unknown_setting_is_refused_naming_it_and_the_known_ones(network, format):
    with pytest.raises(InvalidValue) as caught:
        exported(network, format, settings={"colour": "red"})
    assert caught.value.value == "colour"
    assert "arrondissement" in str(caught.value)
    assert "unlinked" in str(caught.value)


def test_an_unknown_arrondissement_is_refused_listing_the_arrondissementen(network):
    with pytest.raises(InvalidValue) as caught:
        exported(network, "svg", settings={"arrondissement": "Utrecht"})
    assert caught.value.field == "arrondissement"
    assert "Midden-Nederland" in caught.value.allowed
    assert "Zeeland-West-Brabant" in str(caught.value)


def test_a_bad_unlinked_flag_is_refused_naming_it(network):
    with pytest.raises(InvalidValue) as caught:
        exported(network, "dot", settings={"unlinked": "maybe"})
    assert caught.value.field == "unlinked"


# -- Graphviz missing or failing ---------------------------------------------------------------


@pytest.mark.parametrize("format", ["svg", "png"])
def test_without_graphviz_the_pictures_fail_saying_what_to_install(
    network, format, tmp_path, monkeypatch
):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ExportFailed) as caught:
        exported(network, format)
    assert isinstance(caught.value, HaltError)
    assert caught.value.format == format
    assert "Graphviz 'dot' program is not installed" in str(caught.value)
    assert "apt install graphviz" in str(caught.value)
    assert exported(network, "dot").startswith(b"// ")  # the text formats need no Graphviz


def test_a_failing_dot_program_gives_its_error_message(network, tmp_path, monkeypatch):
    fake = tmp_path / "dot"
    fake.write_text("#!/bin/sh\necho 'Error: out of memory' >&2\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ExportFailed, match="Graphviz 'dot' failed: Error: out of memory"):
        exported(network, "png")


# -- hostile names -----------------------------------------------------------------------------

HOSTILE = st.text(
    st.sampled_from("\"\\{}[]()<>&;#|%`'\n-,. ")
    | st.characters(codec="utf-8", categories=("L", "N", "S", "P")),
    min_size=1,
    max_size=30,
).filter(lambda s: not s.isspace())


def hostile_network(names: list[str]) -> Network:
    area = Area.municipality("GM0363")
    partners = [partner(n, PartnerKind.OTHER, area) for n in names]
    club = forum(names[0], area, partners)
    deal = Collaboration(
        id=CollaborationId(uuid.uuid4()),
        name=names[-1],
        kind=CollaborationKind.NETWORK,
        domain=WorkDomain.BOTH,
        level=Level.LOCAL,
        area=area,
        partners=tuple(p.id for p in partners),
        period=PERIOD,
    )
    return Network(partners=tuple(partners), collaborations=(deal,), forums=(club,))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOSTILE, min_size=1, max_size=3), HOSTILE)
def test_any_name_comes_back_from_dot_as_graphviz_parses_it(names, title):
    network = hostile_network(names)
    picture, parsed = read_dot(exported(network, "dot", settings={"title": title}))
    assert picture == expected_picture(network)
    assert dot_text(parsed["label"]).rsplit("\n", 1)[0] == title


@settings(max_examples=30, deadline=None)
@given(st.lists(HOSTILE, min_size=1, max_size=3), HOSTILE)
def test_any_name_comes_back_from_mermaid_labels(names, title):
    network = hostile_network(names)
    text = exported(network, "mermaid", settings={"title": title}).decode("utf-8")
    picture, _ = read_mermaid(text)
    assert picture == expected_picture(network)
    assert json.loads(text.splitlines()[1].removeprefix("title: ")) == title


def test_control_characters_in_names_still_give_valid_svg_and_mermaid():
    # NUL and lone surrogates never get this far: the model refuses them.
    names = ["a\x01b\x1bc", "line\r\nbreak\ttab", "\u2028sep\ufffe"]
    network = hostile_network(names)
    shown = {"Halt", "a\ufffdb\ufffdc", "line\nbreak tab", "\nsep\ufffd"}
    picture, _ = read_svg(exported(network, "svg"))
    assert {label for label, _ in picture.nodes.values()} >= shown - {"\nsep\ufffd"}
    mermaid, _ = read_mermaid(exported(network, "mermaid").decode("utf-8"))
    assert {label for label, _ in mermaid.nodes.values()} == shown


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.builds(
        Network,
        partners=st.lists(hs.partners(), max_size=4, unique_by=lambda r: r.id).map(tuple),
        collaborations=st.lists(hs.collaborations(), max_size=3, unique_by=lambda r: r.id).map(
            tuple
        ),
        forums=st.lists(hs.forums(), max_size=3, unique_by=lambda r: r.id).map(tuple),
    )
)
def test_any_records_are_drawn_in_the_clusters_of_their_level_and_arrondissement(network):
    picture, _ = read_dot(exported(network, "dot", settings={"unlinked": True}))
    assert picture == expected_picture(network, unlinked=True)


@pytest.fixture(autouse=True)
def _graphviz_is_there():
    # Every test here reads pictures back with Graphviz itself.
    graphviz()
