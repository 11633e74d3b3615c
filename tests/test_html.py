"""graph.html: controls, escaping, offline, and a headless Chromium that renders it."""

import json
import re
import shutil
import subprocess

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.export.html import COLORS, to_html
from kg.rdf.graph import article_iri, entity_iri
from kg.vocab import BK, BKR, SCHEMA
from tests.test_network import DRAWN_BY_DEFAULT, lone_entity_graph

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def render(page_path, tmp_path, screenshot=None, fragment="", tries=3):
    """Load the page in headless Chromium; return the DOM after the scripts ran.

    On a loaded machine headless Chromium now and then dumps the DOM before the network's first
    frame (seen once in CI: a bare `<body>`), so a DOM dump without `data-rendered` is tried again,
    up to `tries` times; a page that never renders still fails the test."""
    args = [
        CHROMIUM,
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--virtual-time-budget=20000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    if screenshot:
        args += ["--window-size=1280,900", f"--screenshot={screenshot}"]
    else:
        args += ["--dump-dom"]
    for _ in range(tries):
        proc = subprocess.run(
            [*args, page_path.as_uri() + fragment], capture_output=True, text=True, timeout=120, cwd=tmp_path
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        if screenshot or "data-rendered=" in proc.stdout:
            break
    return proc.stdout


def test_controls_list_every_property_and_year(examples_build):
    page = (examples_build[1] / "graph.html").read_text(encoding="utf-8")
    for prop in ("visited", "metWith", "sentMessageTo", "signed", "accused", "leaderOf"):
        assert f'<input type="checkbox" value="{prop}" checked>' in page
    assert '<option value="2024">2024</option>' in page and '<option value="none">' in page
    assert all(color in page for color in COLORS.values())  # the legend and the groups' colours
    assert not re.search(r'(src|href)="https?://', page)  # no CDN: it works offline


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")
def test_chromium_renders_the_examples_without_errors(examples_build, tmp_path):
    result, out = examples_build
    body = render(out / "graph.html", tmp_path)
    tag = body[body.index("<body") : body.index(">", body.index("<body")) + 1]
    drawing = json.loads((out / "report.json").read_text(encoding="utf-8"))["drawing"]
    assert drawing["entities_drawn"] + drawing["entities_not_drawn"] == sum(result.report["entities"].values())
    assert f'data-rendered="{drawing["entities_drawn"]}"' in tag, tag
    assert f"{drawing['entities_not_drawn']} entities without facts not drawn" in body
    assert "data-errors" not in tag, tag
    shot = tmp_path / "graph.png"
    render(out / "graph.html", tmp_path, screenshot=shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def _big_graph(n: int) -> Graph:
    """`n` people in a tree of meetings: each one in a fact, so each one drawn."""
    g = Graph()
    for i in range(n):
        node = BKR[f"person/orang-{i}"]
        g.add((node, RDF.type, SCHEMA.Person))
        g.add((node, RDFS.label, Literal(f"Orang {i} <b>", lang="id")))
        g.add((node, SKOS.prefLabel, Literal(f"Orang {i}", lang="id")))
        if i:
            other, st = BKR[f"person/orang-{i // 2}"], BKR[f"statement/s{i}"]
            g.add((node, BK.metWith, other))
            for p, o in (
                (RDF.type, RDF.Statement),
                (RDF.subject, node),
                (RDF.predicate, BK.metWith),
                (RDF.object, other),
            ):
                g.add((st, p, o))
            g.add((st, PROV.wasDerivedFrom, article_iri("a")))
    return g


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")
def test_a_graph_of_600_nodes_renders(tmp_path):
    page = tmp_path / "big.html"
    page.write_text(to_html(_big_graph(600)), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    # plain text in the data (vis-network shows it as text), JSON-encoded so that no tag can open in the page
    assert "Orang 5 <b>" not in text and "Orang 5 \\u003cb\\u003e" in text and "&lt;b&gt;" not in text
    body = render(page, tmp_path)
    assert 'data-rendered="600"' in body and "data-errors" not in body.split(">", 1)[0]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")
@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("", lambda net: net.number_of_edges()),
        (
            "#year=2024",
            lambda net: sum(1 for *_, d in net.edges(data=True) if any(x.startswith("2024") for x in d["dates"])),
        ),
        ("#property=visited", lambda net: sum(1 for *_, d in net.edges(data=True) if d["property"] == "visited")),
        (
            "#year=none&property=signed",
            lambda net: sum(1 for *_, d in net.edges(data=True) if d["property"] == "signed" and not d["dates"]),
        ),
    ],
)
def test_filters_by_year_and_property_hide_the_other_edges(examples_build, tmp_path, fragment, expected):
    from kg.export.network import to_networkx

    _, out = examples_build
    net = to_networkx(Graph().parse(out / "graph.ttl"))
    body = render(out / "graph.html", tmp_path, fragment=fragment)
    shown = re.search(r'data-visible-edges="(\d+)"', body)
    assert shown and int(shown.group(1)) == expected(net) > 0, (fragment, shown)


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")
def test_labels_and_tooltips_are_plain_text_in_the_browser(tmp_path):
    """A name with an apostrophe reads as written (no literal "&#x27;" in a tooltip), and markup
    in a name stays text: nothing in it runs."""
    g = Graph()
    node = BKR["person/o-brien"]
    g.add((node, RDF.type, SCHEMA.Person))
    hostile = "O'Brien <img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">"
    g.add((node, RDFS.label, Literal(hostile, lang="id")))
    page = tmp_path / "hostile.html"
    page.write_text(to_html(g, draw="all"), encoding="utf-8")  # an entity in no fact: drawn when asked
    text = page.read_text(encoding="utf-8")
    assert "&#x27;" not in text and "O\\u0027Brien \\u003cimg" in text and "<img src=x" not in text
    body = re.search(r"<body[^>]*>", render(page, tmp_path)).group(0)
    assert 'data-rendered="1"' in body and "data-pwned" not in body


def _drawn_nodes(page: str) -> set[str]:
    """The ids of the nodes the page hands to vis-network."""
    data = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    assert data, "no node data in the page"
    return {node["id"] for node in json.loads(data.group(1))}


@pytest.mark.parametrize("draw", ["facts", "all"])
@pytest.mark.parametrize(("key", "by_default"), sorted(DRAWN_BY_DEFAULT.items()))
def test_an_entity_in_no_fact_is_drawn_only_when_asked(key, by_default, draw):
    page = to_html(lone_entity_graph()) if draw == "facts" else to_html(lone_entity_graph(), draw=draw)
    nodes = _drawn_nodes(page)
    assert (str(entity_iri(key)) in nodes) is (by_default or draw == "all")
    assert str(article_iri("d1")) not in nodes and str(SCHEMA.mentions) not in page  # never drawn
    hidden = sum(1 for drawn in DRAWN_BY_DEFAULT.values() if not drawn)
    line = f'<div id="bk-hidden" data-entities-not-drawn="{hidden}"'
    assert (line in page) is (draw == "facts")
    assert (f"{hidden} entities without facts not drawn; rebuild with --draw all" in page) is (draw == "facts")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")
@pytest.mark.parametrize(("draw", "nodes"), [("facts", 3), ("all", 5)])
def test_chromium_draws_the_entities_the_switch_asks_for(tmp_path, draw, nodes):
    page = tmp_path / "lone.html"
    page.write_text(to_html(lone_entity_graph(), draw=draw), encoding="utf-8")
    dom = render(page, tmp_path)
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert f'data-rendered="{nodes}"' in body and "data-errors" not in body, body
    assert ("2 entitas tanpa fakta tidak digambar" in dom) is (draw == "facts")


# --- contract version 2 (no browser: the page's data) --------------------------------------------

V2_EDGE_PROPERTIES = (
    "namedSuspect",
    "arrested",
    "charged",
    "sentenced",
    "appointed",
    "dismissed",
    "elected",
    "resignedFrom",
    "affiliatedWith",
    "relatedTo",
    "attended",
    "cooperatedWith",
)


@pytest.fixture(scope="module")
def v2_page():
    from kg.rdf.graph import union_graph
    from tests.test_graph import v2_dataset

    return to_html(union_graph(v2_dataset()))


@pytest.mark.parametrize(
    ("prop", "box"),
    [*((p, True) for p in V2_EDGE_PROPERTIES), ("said", False), ("leaderOf", False)],  # no edge: a quote; a past role
)
def test_the_filters_list_the_version_2_properties_that_have_edges(v2_page, prop, box):
    assert (f'<input type="checkbox" value="{prop}" checked>' in v2_page) is box


@pytest.mark.parametrize(
    "shown",
    [
        "said: 2 kutipan / quotes",  # on the speaker's node
        "Keterangan / details: 5 tahun penjara",  # the penalty on the sentence's edge
        "Keterangan / details: melaporkan",  # the verb of relatedTo
        "Keterangan / details: Menteri Perdagangan",  # the office given
    ],
)
def test_quotes_penalties_verbs_and_titles_are_in_the_details(v2_page, shown):
    assert json.dumps(shown)[1:-1] in v2_page
