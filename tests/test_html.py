"""graph.html: controls, escaping, offline, and a headless Chromium that renders it.

The browser tests either dump the DOM after the scripts ran (`render`) or drive the page over the
DevTools protocol (`tests.browser.Chromium`: typing, clicking, reading its state, console errors),
at a laptop's 1366×768; all are skipped where Chromium is not installed."""

import importlib.util
import json
import re
import subprocess
import time
import unicodedata

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from kg.export.html import CAP, COLORS, to_html
from kg.rdf.graph import article_iri, entity_iri
from kg.vocab import BK, BKR, SCHEMA
from tests.browser import CHROMIUM, Chromium
from tests.conftest import ROOT
from tests.test_network import DRAWN_BY_DEFAULT, lone_entity_graph

NEEDS_CHROMIUM = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt install chromium)")


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
        args += ["--window-size=1366,768", f"--screenshot={screenshot}"]
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


@NEEDS_CHROMIUM
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


@NEEDS_CHROMIUM
def test_a_graph_of_600_nodes_draws_the_cap_first(tmp_path):
    page = tmp_path / "big.html"
    page.write_text(to_html(_big_graph(600)), encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    # plain text in the data (vis-network shows it as text), JSON-encoded so that no tag can open in the page
    assert "Orang 5 <b>" not in text and "Orang 5 \\u003cb\\u003e" in text and "&lt;b&gt;" not in text
    tag = re.search(r"<body[^>]*>", render(page, tmp_path)).group(0)
    assert f'data-rendered="{CAP}"' in tag and 'data-total="600"' in tag and "data-errors" not in tag, tag


@NEEDS_CHROMIUM
@pytest.mark.parametrize(
    ("fragment", "shown"),  # shown(data, type of subject, type of object): the edges left visible
    [
        ("", lambda d, ts, to: True),
        ("#year=2024", lambda d, ts, to: any(x.startswith("2024") for x in d["dates"])),
        ("#property=visited", lambda d, ts, to: d["property"] == "visited"),
        ("#year=none&property=signed", lambda d, ts, to: d["property"] == "signed" and not d["dates"]),
        ("#type=Person", lambda d, ts, to: ts == to == "Person"),
        (
            "#type=Person,Organization&property=leaderOf",
            lambda d, ts, to: d["property"] == "leaderOf" and {ts, to} <= {"Person", "Organization"},
        ),
    ],
)
def test_filters_hide_the_other_edges_and_the_nodes_left_without_one(examples_build, tmp_path, fragment, shown):
    """A filter by year, property or type hides the edges it leaves out, and the nodes it leaves
    with no visible edge (a node drawn without any edge, such as a treaty with only a date, stays
    unless its type is filtered out)."""
    from kg.export.network import to_networkx

    _, out = examples_build
    net = to_networkx(Graph().parse(out / "graph.ttl"), draw="facts")
    kind = dict(net.nodes(data="type"))
    visible = [(s, o) for s, o, d in net.edges(data=True) if shown(d, kind[s], kind[o])]
    types = re.search(r"type=([\w,]+)", fragment)
    lone = {n for n in net if net.degree(n) == 0 and (not types or kind[n] in types.group(1).split(","))}
    nodes = net.number_of_nodes() if not fragment else len({n for edge in visible for n in edge} | lone)
    body = re.search(r"<body[^>]*>", render(out / "graph.html", tmp_path, fragment=fragment)).group(0)
    assert f'data-visible-edges="{len(visible)}"' in body and len(visible) > 0, (fragment, body)
    assert f'data-visible-nodes="{nodes}"' in body, (fragment, nodes, body)
    assert (nodes < net.number_of_nodes()) is bool(fragment)


@NEEDS_CHROMIUM
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


def _data(page: str) -> dict:
    """The data the page draws from: its nodes (the most connected first), edges and settings."""
    data = re.search(r'<script type="application/json" id="bk-data">(.*?)</script>', page, re.S)
    assert data, "no data in the page"
    return json.loads(data.group(1))


def _drawn_nodes(page: str) -> set[str]:
    """The ids of the entities in the page (drawn at first or on demand)."""
    return {node["id"] for node in _data(page)["nodes"]}


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


@NEEDS_CHROMIUM
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


# --- driven in Chromium: a 20,000-entity graph, search, show more, details, a stable layout ------

_spec = importlib.util.spec_from_file_location("bench_html", ROOT / "benchmarks" / "bench_html.py")
bench_html = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_html)

SYNTHETIC = 20_000


def _plain(text: str) -> str:
    """`text` without its accents, as someone without the keys would type it."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def synthetic_page(tmp_path_factory):
    """graph.html of `bench_html.synthetic_graph` with every entity in the page (--draw all), and its data."""
    page = tmp_path_factory.mktemp("synthetic") / "graph.html"
    text = to_html(bench_html.synthetic_graph(SYNTHETIC, seed=7), draw="all")
    page.write_text(text, encoding="utf-8")
    return page, _data(text)


def _loaded(browser, page, fragment=""):
    """Open `page`; the seconds from navigation to its first picture (`data-rendered`)."""
    start = time.monotonic()
    browser.open(page.as_uri() + fragment)
    browser.wait_for("document.body.dataset.rendered", timeout=60, poll=0.02)
    return time.monotonic() - start


_COLOURED = "nodes.getIds().filter(id => network.body.nodes[id].options.color.background !== '#e4e4e4').length"

_IN_VIEW = """(() => {
  const box = document.getElementById("mynetwork").getBoundingClientRect();
  const at = network.canvasToDOM(network.getPositions([%s])[%s]);
  return at.x >= 0 && at.y >= 0 && at.x <= box.width && at.y <= box.height;
})()"""


@NEEDS_CHROMIUM
def test_20000_entities_render_in_seconds_and_search_focuses_one(synthetic_page, tmp_path):
    """A synthetic graph of 20,000 entities (a quarter in facts, all in the page): the first picture
    draws the CAP most connected in under 10 s; typing a name (accents and case left out) and Enter
    draws that entity and its neighbours, selects it and zooms to it; "show more" draws the next
    batch; no console error."""
    page, data = synthetic_page
    ranked = data["nodes"]
    assert len(ranked) == SYNTHETIC and data["cap"] == CAP
    degree = {n["id"]: 0 for n in ranked}
    for e in data["edges"]:
        degree[e["from"]] += 1
        degree[e["to"]] += 1
    assert [degree[n["id"]] for n in ranked] == sorted(degree.values(), reverse=True)  # the most connected first
    # an entity beyond the cap, with neighbours, whose name has a foreign accented part
    target = next(n for n in ranked[CAP:] if degree[n["id"]] >= 2 and _plain(n["label"]) != n["label"])
    neighbours = {
        e["to"] if e["from"] == target["id"] else e["from"]
        for e in data["edges"]
        if target["id"] in (e["from"], e["to"])
    }
    with Chromium(CHROMIUM, tmp_path) as browser:
        seconds = _loaded(browser, page)
        assert seconds < 10, f"the first picture took {seconds:.1f} s"
        state = browser.evaluate("[nodes.length, document.body.dataset.rendered, document.body.dataset.total]")
        assert state == [CAP, str(CAP), str(SYNTHETIC)]
        assert not browser.evaluate(f"nodes.get({json.dumps(target['id'])}) !== null")  # not drawn at first
        browser.evaluate("document.getElementById('bk-search').focus()")
        browser.type(_plain(target["label"]).upper())
        assert browser.evaluate("document.body.dataset.matches") == "1"
        browser.press("Enter", 13)
        assert browser.wait_for("document.body.dataset.focused", timeout=30) == target["id"]
        assert browser.evaluate("network.getSelectedNodes()") == [target["id"]]
        ids = json.dumps(sorted(neighbours | {target["id"]}))
        assert browser.evaluate(f"{ids}.every(id => nodes.get(id) !== null)")  # drawn with its neighbours
        assert browser.evaluate(_IN_VIEW % (json.dumps(target["id"]), json.dumps(target["id"])))
        assert target["label"] in browser.evaluate("document.getElementById('bk-detail').textContent")
        drawn = browser.evaluate("nodes.length")
        browser.evaluate("document.getElementById('bk-more').click()")
        browser.wait_for(f"document.body.dataset.drawn === String({drawn + CAP})", timeout=30)
        assert browser.evaluate("nodes.length") == drawn + CAP
        # the searched entity's neighbourhood in colour, everything else (the new batch too) faded
        assert browser.evaluate(_COLOURED) == len(neighbours) + 1
        assert browser.errors() == [] and browser.evaluate("document.body.dataset.errors") is None


@NEEDS_CHROMIUM
def test_search_finds_any_label_in_any_language_on_a_stable_picture(synthetic_page, tmp_path):
    """The 20,000-entity page gives the same first picture on every load; an alternative label
    (skos:altLabel), a schema:name and an English label each find their entity."""
    page, data = synthetic_page
    by_id = {n["id"]: n for n in data["nodes"]}
    cases = [("alias-1001", 1001), ("nama resmi 1012", 1012), (by_id[_iri(data, 1000)]["label"] + " (EN)", 1000)]
    with Chromium(CHROMIUM, tmp_path) as browser:
        _loaded(browser, page)
        first = browser.evaluate("network.getPositions()")
        _loaded(browser, page)
        assert browser.evaluate("network.getPositions()") == first
        for query, number in cases:
            browser.evaluate(
                "document.body.removeAttribute('data-focused'); document.getElementById('bk-search').value = '';"
                " document.getElementById('bk-search').focus()"
            )
            browser.type(query)
            browser.press("Enter", 13)
            assert browser.wait_for("document.body.dataset.focused", timeout=30) == _iri(data, number), query
        assert browser.errors() == []


def _iri(data, number):
    """The IRI of synthetic entity `number` (its type is part of it)."""
    return next(n["id"] for n in data["nodes"] if n["id"].endswith(f"/e{number}"))


@NEEDS_CHROMIUM
def test_the_examples_read_at_1366x768(examples_build, tmp_path):
    """Labels a human can read at the first zoom (node labels at 11 px or more, edge labels 10 px or
    more), the same layout on every load, and a click on a node fills the detail pane, in view
    without scrolling, with the node's facts."""
    _, out = examples_build
    page = out / "graph.html"
    font = "(kind, id) => network.body[kind][id].options.font.size * network.getScale()"
    with Chromium(CHROMIUM, tmp_path) as browser:
        _loaded(browser, page)
        first = browser.evaluate("network.getPositions()")
        sizes = browser.evaluate(
            f"(() => {{ const f = {font}; return [Math.min(...nodes.getIds().map(id => f('nodes', id))),"
            f" Math.min(...edges.getIds().map(id => f('edges', id)))]; }})()"
        )
        assert sizes[0] >= 11 and sizes[1] >= 10, sizes
        _loaded(browser, page)  # again: the same picture
        again = browser.evaluate("network.getPositions()")
        assert again.keys() == first.keys() and all(
            abs(again[k]["x"] - first[k]["x"]) < 0.01 and abs(again[k]["y"] - first[k]["y"]) < 0.01 for k in first
        )
        kim = "https://w3id.org/berita-kg/id/person/kim-jong-un"
        x, y = browser.evaluate(
            f"(() => {{ const p = network.canvasToDOM(network.getPositions(['{kim}'])['{kim}']); return [p.x, p.y]; }})()"
        )
        browser.click(x, y)
        detail = browser.wait_for(
            "(() => { const r = document.getElementById('bk-detail').getBoundingClientRect();"
            " return r.top >= 0 && r.bottom <= innerHeight && r.height >= 100"
            " && document.getElementById('bk-detail').textContent; })()"
        )
        assert "Kim Jong Un (Person)" in detail and "metWith" in detail and "Vladimir Putin" in detail
        assert browser.evaluate("network.getSelectedNodes()") == [kim]
        near = browser.evaluate(_COLOURED)
        assert (
            near
            == 1 + browser.evaluate(f"network.getConnectedNodes('{kim}').length")
            < browser.evaluate("nodes.length")
        )
        visible = browser.evaluate("[document.body.dataset.visibleEdges, document.body.dataset.visibleNodes]")
        browser.evaluate("document.querySelector('#bk-filters input[value=visited]').click()")  # a filter meanwhile
        after = browser.evaluate("[document.body.dataset.visibleEdges, document.body.dataset.visibleNodes]")
        assert int(after[0]) < int(visible[0]) and int(after[1]) < int(visible[1])  # Pyongyang, visited only, hidden
        assert browser.evaluate(_COLOURED) == near  # and the faded nodes it hid or kept stay faded
        assert browser.evaluate("[innerWidth, innerHeight, document.documentElement.scrollHeight]") == [1366, 768, 768]
        assert browser.errors() == []


def test_the_same_graph_gives_the_same_page():
    g = _big_graph(50)
    assert to_html(g) == to_html(g) and 'randomSeed":' in to_html(g)
