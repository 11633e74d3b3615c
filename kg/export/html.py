"""graph.html: the interactive view of entities and facts, one self-contained page.

The page is vis-network (the copy the pyvis package ships) and its data, all inline: no CDN, it
works offline. Nodes are coloured by type and sized by degree; each edge is a truthy fact,
labelled with its property and its year (or first and last years). Hovering an edge or a node
shows its tooltip; clicking it fills the detail pane: for an edge its dates, sources (headline,
outlet, date) and evidence; for a node its names and its facts, each a link to the entity at the
other end. The pane sits right of the graph, so it is in view on a 1366×768 laptop screen.

Large graphs stay usable. The page holds every entity the build draws (`kg.export.drawing`: by
default only the entities in at least one fact; `kg build --draw all` for every one) but draws
at first only the `CAP` most connected (most facts first, then IRI order); a button adds the
next batch, and the search box finds any entity of the page by any of its names (rdfs:label,
schema:name, skos:prefLabel, skos:altLabel, any language; a case- and accent-blind substring):
Enter, or a click on a result, draws it and its neighbours, selects it and zooms to them.
vis-network's physics runs only over what is drawn, for a bounded number of iterations, and then
stops; the layout is seeded (`layout.randomSeed`), so the same page gives the same picture on
every load, and the page itself is byte-identical for the same input (everything sorted, nothing
timed). Labels: in a drawing of up to `SMALL` nodes every label is sized to be read (about 12 px)
at the first zoom; in a larger one only the `LANDMARKS` most connected are, and the others appear
as one zooms in (nothing under about 7 px on screen is drawn). Selecting a node, by a click or a
search, fades everything but it, its edges and its neighbours, whose labels are then drawn at a
readable size whatever the zoom.

Checkboxes filter by type and by property, a menu by year; a filtered-out edge is hidden, and so
is a node that had drawn edges and has none left visible (the searched entity excepted). Filters
can be set from the address: `graph.html#year=2024&property=visited,metWith&type=Person`, and
`#search=jokowi` opens on an entity. Hooks for tests, on <body>: `data-rendered` (how many nodes
the first picture drew), `data-drawn` and `data-total` (drawn / in the page), `data-visible-edges`
and `data-visible-nodes` after each filter, `data-matches` after a search, `data-focused` (the
IRI of the entity a search focused, once it is drawn, selected and zoomed to), and `data-errors`
(script errors and console errors, if any). With `--draw facts` a line says how many entities were
left out and how to draw them too (`kg build --draw all`).

Every string from an article reaches the page as JSON inside <script type="application/json">
with <, >, & and ' escaped, and the page shows it as text (never as HTML). The property checkboxes
list every property that has an edge, whatever its version, so contract version 2's (arrested …
relatedTo) need no table here. What an agent said (bk:said) has no entity at its other end: no
edge, no checkbox; the speaker's tooltip and details say how many quotes it has. An edge's
tooltip adds the statements' title, penalty and verb (bk:roleTitle, bk:penalty, bk:verb).
"""

from __future__ import annotations

import html
import json
import math
import re
from collections import defaultdict
from functools import cache
from importlib import resources

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Literal, Node

from ..rdf.graph import as_union
from ..types import COLORS
from ..vocab import BK, SCHEMA
from .drawing import DEFAULT_DRAW, said_counts, select_entities

__all__ = ["CAP", "COLORS", "to_html"]

#: How many entities the page draws at first (the most connected); "show more" adds as many again.
CAP = 400
#: From this many drawn nodes the quicker settings: no initial Kamada-Kawai layout, fewer iterations.
LARGE = 100
#: Up to this many drawn nodes every label is sized to be read at the first picture's zoom; in a
#: larger drawing only the `LANDMARKS` most connected ones are, the others are read once zoomed in.
SMALL = 120
LANDMARKS = 12
_SEED = 20  # vis-network's layout.randomSeed: the same page, the same picture
_DETAILS = (BK.roleTitle, BK.penalty, BK.verb)  # shown in an edge's tooltip when its statements have them
_NAMES = (RDFS.label, SCHEMA.name, SKOS.prefLabel, SKOS.altLabel)  # what the search box looks in
_VIS = "templates/lib/vis-9.1.2/"  # vis-network inside the pyvis package
_LONG = 32  # a longer name is cut short in the drawing (whole in its tooltip, details and search)


@cache
def _vis(name: str) -> str:
    """vis-network's script or style sheet, to inline."""
    text = resources.files("pyvis").joinpath(_VIS + name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():  # would end the inline element early
        raise ValueError(f"{name} cannot be inlined")
    return text


def _json(data: object) -> str:
    """JSON that is safe inside a <script> element: no tag, entity or quote can open in it."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def _label(g: Graph, node: URIRef) -> str:
    """The Indonesian label first (the graph's language), else any."""
    labels = sorted(g.objects(node, RDFS.label), key=lambda o: (getattr(o, "language", None) != "id", str(o)))
    return str(labels[0]) if labels else str(node)


def _names(g: Graph, node: URIRef, label: str) -> list[str]:
    """Every name of `node` the search box matches, its label first."""
    others = {str(o) for prop in _NAMES for o in g.objects(node, prop) if isinstance(o, Literal)}
    return [label, *sorted(others - {label})]


def _first(g: Graph, node: Node, prop: URIRef) -> str:
    values = sorted(str(o) for o in g.objects(node, prop))
    return values[0] if values else ""


def _font(degree: int) -> int:
    """A node's label size: larger for the hubs, so that theirs are the labels seen from afar."""
    return 13 + min(15, round(2 * math.sqrt(degree)))


def _edge_label(prop: str, years: list[str]) -> str:
    """An edge's label: its property and its year, or its first and last years (the dates are in
    its tooltip and details), short enough to fit along an edge."""
    if not years:
        return prop
    return f"{prop} {years[0]}" if len(years) == 1 else f"{prop} {years[0]}\u2013{years[-1]}"


def _hidden_line(left_out: int) -> str:
    """The line saying how many entities were left out of the drawing (none when none were)."""
    if not left_out:
        return ""
    n = html.escape(str(left_out))
    return (
        f'\n    <div id="bk-hidden" data-entities-not-drawn="{n}">'
        f"{n} entitas tanpa fakta tidak digambar / {n} entities without facts not drawn; "
        "rebuild with --draw all to draw them</div>"
    )


def _options(drawn: int) -> dict[str, object]:
    """vis-network's options for a first picture of `drawn` nodes."""
    large = drawn >= LARGE
    return {
        "autoResize": True,
        "layout": {"randomSeed": _SEED, "improvedLayout": not large},
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",  # keeps the many small components of news apart, yet compact
            "forceAtlas2Based": {
                "gravitationalConstant": -120,
                "centralGravity": 0.012,
                "springLength": 120,
                "springConstant": 0.06,
                "damping": 0.4,
                "avoidOverlap": 1,
            },
            "minVelocity": 1,
            "stabilization": {"enabled": True, "iterations": 200 if large else 400, "updateInterval": 50, "fit": True},
        },
        "nodes": {
            "shape": "dot",
            "scaling": {"min": 8, "max": 22, "label": {"enabled": False, "drawThreshold": 8, "maxVisible": 26}},
            "font": {"size": 14, "face": "sans-serif", "color": "#222", "strokeWidth": 4, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "color": {"inherit": "from", "opacity": 0.75},
            "smooth": False,
            "selectionWidth": 2,
            "font": {
                "size": 12,
                "face": "sans-serif",
                "color": "#333",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
                "align": "middle",  # along the edge: the labels of parallel edges lie side by side
            },
            "scaling": {"label": {"drawThreshold": 8, "maxVisible": 20}},
        },
        "groups": {
            kind: {"color": {"background": c, "border": c, "highlight": {"background": c, "border": "#000"}}}
            for kind, c in COLORS.items()
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": large, "multiselect": False},
    }


def _parallel(edges: list[dict[str, object]]) -> None:
    """Curve the second and later edges between one pair of nodes apart, alternately on either
    side, and lengthen the springs of such a pair, so that no edge or label hides another."""
    pairs: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    for edge in edges:
        a, b = str(edge["from"]), str(edge["to"])
        if a != b:
            pairs[(a, b) if a <= b else (b, a)].append(edge)
    for group in pairs.values():
        for k, edge in enumerate(group):
            if len(group) > 1:
                edge["length"] = min(320, 120 + 40 * len(group))
            if k:
                clockwise = (k % 2 == 1) == (str(edge["from"]) <= str(edge["to"]))  # the same side either way round
                edge["smooth"] = {
                    "enabled": True,
                    "type": "curvedCW" if clockwise else "curvedCCW",
                    "roundness": 0.3 * ((k + 1) // 2),
                }


def to_html(ds: Dataset | Graph, title: str = "Berita KG", draw: str = DEFAULT_DRAW, cap: int = CAP) -> str:
    """The page (see the module's docstring): self-contained, deterministic, text escaped.
    `draw` is "facts" (only the entities in a fact) or "all"; `cap` how many entities are drawn at first."""
    g = as_union(ds)
    esc = html.escape
    drawing = select_entities(g, draw)
    types = drawing.nodes
    facts: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s not in types or o not in types or (s, p, o) not in g:
            continue
        info = facts[(s, p, o)]
        for d in g.objects(st, BK.date):
            info["dates"].add(str(d))
        for art in g.objects(st, PROV.wasDerivedFrom):
            info["sources"].add(
                " · ".join(
                    x
                    for x in (
                        _first(g, art, SCHEMA.headline),
                        _first(g, art, SCHEMA.publisher),
                        _first(g, art, SCHEMA.datePublished)[:10],
                    )
                    if x
                )
            )
        for ev in g.objects(st, BK.evidence):
            info["evidence"].add(str(ev))
        for detail in _DETAILS:
            info["details"].update(str(v) for v in g.objects(st, detail))
    degree: dict[URIRef, int] = defaultdict(int)
    for s, _, o in facts:
        degree[s] += 1
        degree[o] += 1
    labels = {node: _label(g, node) for node in types}
    quotes = said_counts(g)
    nodes = []
    for node in sorted(types, key=lambda n: (-degree[n], str(n))):  # the most connected first
        kind, label = types[node], labels[node]
        extra = [
            f"{prop}: {_first(g, node, BK[prop])}"
            for prop in ("signedOn", "enteredIntoForceOn")
            if _first(g, node, BK[prop])
        ]
        if quotes.get(node):
            extra.append(f"said: {quotes[node]} kutipan / quotes")
        nodes.append(
            {
                "id": str(node),
                "label": label,
                **({"short": label[: _LONG - 2].rstrip() + "\u2026"} if len(label) > _LONG else {}),
                "names": _names(g, node, label),
                "title": "\n".join([f"{label} ({kind})", *extra]),
                "group": kind,
                "value": 1 + degree[node],
                "size": _font(degree[node]),
            }
        )
    counts: dict[str, int] = defaultdict(int)
    all_years: set[str] = set()
    edges: list[dict[str, object]] = []
    for (s, p, o), info in sorted(facts.items()):
        prop = str(p).rsplit("#", 1)[-1]
        counts[prop] += 1
        dates = ", ".join(sorted(info["dates"]))
        years = sorted({d[:4] for d in info["dates"] if d[:4].isdigit()})
        all_years.update(years)
        tip = "\n".join(
            [
                f"{labels[s]} {prop} {labels[o]} {dates}".strip(),
                "Tanggal / date: " + (dates or "-"),
                "Sumber / sources: " + "; ".join(sorted(info["sources"])),
                *(["Keterangan / details: " + "; ".join(sorted(info["details"]))] if info["details"] else []),
                "Bukti / evidence: " + " | ".join(sorted(info["evidence"]))[:800],
            ]
        )
        edges.append(
            {
                "id": len(edges),
                "from": str(s),
                "to": str(o),
                "label": _edge_label(prop, years),
                "title": tip,
                "property": prop,
                "years": years,
            }
        )
    _parallel(edges)
    cap = max(1, cap)
    first = min(cap, len(nodes))
    data = {
        "nodes": nodes,
        "edges": edges,
        "cap": cap,
        "small": first <= SMALL,
        "landmarks": LANDMARKS,
        "options": _options(first),
    }
    kinds: dict[str, int] = defaultdict(int)
    for kind in types.values():
        kinds[kind] += 1
    legend = "".join(
        f'<label><input type="checkbox" value="{k}" checked> <span style="color:{c}">&#9679;</span> {k} ({kinds[k]})</label> '
        for k, c in COLORS.items()
    )
    boxes = "".join(
        f'<label><input type="checkbox" value="{esc(p)}" checked> {esc(p)} ({n})</label> '
        for p, n in sorted(counts.items())
    )
    years_menu = "".join(f'<option value="{y}">{y}</option>' for y in sorted(all_years))
    parts = {
        "title": esc(title),
        "vis_css": _vis("vis-network.css"),
        "vis_js": _vis("vis-network.min.js"),
        "hidden": _hidden_line(drawing.left_out),
        "legend": legend,
        "boxes": boxes,
        "years": years_menu,
        "script": _SCRIPT,
        "data": _json(data),
    }
    return re.sub(r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _PAGE)  # one pass: nothing inserted is read again


_PAGE = """<!DOCTYPE html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>{{vis_css}}</style>
<script>{{vis_js}}</script>
<style>
html, body { margin: 0; padding: 0; height: 100%; }
body { font-family: sans-serif; font-size: 13px; color: #222; background: #fff; }
#bk-app { display: flex; height: 100vh; min-height: 420px; }
#bk-graph { flex: 1 1 auto; position: relative; min-width: 0; }
#mynetwork { position: absolute; top: 0; right: 0; bottom: 0; left: 0; }
#bk-panel { flex: 0 0 340px; display: flex; flex-direction: column; border-left: 1px solid #ccc;
  background: #f7f7f7; min-height: 0; }
#bk-top { padding: 8px 10px 6px; border-bottom: 1px solid #ddd; }
#bk-title { font-weight: bold; font-size: 14px; margin-bottom: 6px; }
#bk-search { width: 100%; box-sizing: border-box; font-size: 14px; padding: 5px 6px; }
#bk-found { color: #555; margin-top: 3px; min-height: 1em; }
#bk-results { list-style: none; margin: 2px 0 0; padding: 0; max-height: 150px; overflow-y: auto; }
#bk-results button, #bk-detail button { display: block; width: 100%; text-align: left; border: 0;
  background: none; padding: 2px 4px; font: inherit; cursor: pointer; color: #0645ad; }
#bk-results button:hover, #bk-detail button:hover { background: #e8eefc; }
#bk-status { margin-top: 6px; color: #333; }
#bk-more { margin-top: 4px; font-size: 13px; }
#bk-hidden { margin-top: 4px; color: #555; font-size: 12px; }
#bk-detail { flex: 1 1 55%; overflow-y: auto; padding: 8px 10px; background: #fff; border-bottom: 1px solid #ddd;
  min-height: 120px; }
#bk-detail pre { white-space: pre-wrap; word-wrap: break-word; font-family: sans-serif; font-size: 12.5px; margin: 0; }
#bk-detail h3 { font-size: 12.5px; margin: 8px 0 2px; }
#bk-controls { flex: 1 1 45%; overflow-y: auto; padding: 6px 10px; min-height: 90px; }
#bk-controls label { display: inline-block; margin: 1px 8px 1px 0; white-space: nowrap; }
#bk-controls h3 { font-size: 12px; margin: 6px 0 2px; color: #555; font-weight: normal; }
div.vis-tooltip { white-space: pre-wrap; max-width: 460px; font-family: sans-serif; font-size: 12px; }
</style>
</head>
<body>
<div id="bk-app">
  <div id="bk-graph"><div id="mynetwork"></div></div>
  <div id="bk-panel">
  <div id="bk-top">
    <div id="bk-title">{{title}}</div>
    <input id="bk-search" type="search" autocomplete="off" spellcheck="false"
      placeholder="Cari entitas / search an entity" aria-label="Cari entitas / search an entity">
    <div id="bk-found"></div>
    <ul id="bk-results"></ul>
    <div id="bk-status"></div>
    <button id="bk-more" type="button" hidden></button>{{hidden}}
  </div>
  <div id="bk-detail"><pre>Klik simpul atau garis untuk rinciannya / click a node or an edge for its details.</pre></div>
  <div id="bk-controls">
    <h3>Jenis / type</h3>
    <div id="bk-types">{{legend}}</div>
    <h3>Properti / property</h3>
    <div id="bk-filters">{{boxes}}</div>
    <h3><label>Tahun / year:
      <select id="bk-year"><option value="">semua / all</option>{{years}}<option value="none">tanpa tanggal / undated</option></select>
    </label></h3>
  </div>
  </div>
</div>
<script type="application/json" id="bk-data">{{data}}</script>
<script>{{script}}</script>
</body>
</html>
"""

_SCRIPT = r"""
var network, nodes, edges;  // the vis-network objects, for the curious in the console
(function () {
  "use strict";
  var body = document.body, errors = [];
  function fail(message) { errors.push(String(message)); body.setAttribute("data-errors", errors.join(" | ")); }
  window.addEventListener("error", function (e) { fail(e.message); });
  var consoleError = console.error;
  console.error = function () {
    fail(Array.prototype.slice.call(arguments).join(" "));
    return consoleError.apply(console, arguments);
  };
  function $(id) { return document.getElementById(id); }
  function el(tag, text) { var e = document.createElement(tag); if (text !== undefined) { e.textContent = text; } return e; }

  var DATA = JSON.parse($("bk-data").textContent);
  var ALL = DATA.nodes, byId = {}, incident = {};
  ALL.forEach(function (n, i) { n.rank = i; byId[n.id] = n; incident[n.id] = []; });
  DATA.edges.forEach(function (e) { incident[e.from].push(e); if (e.to !== e.from) { incident[e.to].push(e); } });
  var READABLE = 12;  // px on screen
  var edgeFont = DATA.options.edges.font.size, labelScale = 1;
  var FADED = {background: "#e4e4e4", border: "#d4d4d4", highlight: {background: "#e4e4e4", border: "#999"},
    hover: {background: "#e4e4e4", border: "#999"}};
  nodes = new vis.DataSet();
  edges = new vis.DataSet();
  var cursor = 0, focused = null, selected = null, busy = false, queue = [];

  // a label's size in the graph's units: in a small graph every label, in a large one the most
  // connected (the landmarks), readable at the first picture's zoom; the others once zoomed in
  function font(n) {
    if (!DATA.small && n.rank >= DATA.landmarks) { return n.size; }
    return Math.max(n.size, Math.min(READABLE / labelScale, 3 * n.size));
  }
  function drawn(id) { return nodes.get(id) !== null; }
  function visNode(n, at) {
    var v = {id: n.id, label: n.short || n.label, title: n.title, group: n.group, value: n.value, font: {size: font(n)}};
    if (at) { v.x = at.x; v.y = at.y; }
    return v;
  }
  function unseen(list) {
    var seen = {};
    return list.filter(function (n) { var ok = !drawn(n.id) && !seen[n.id]; seen[n.id] = true; return ok; });
  }
  // draws `fresh` (at `where[id]` if given) and their edges to drawn nodes
  function add(fresh, where) {
    nodes.add(fresh.map(function (n) { return visNode(n, where && where[n.id]); }));
    var more = [], seen = {};
    fresh.forEach(function (n) {
      incident[n.id].forEach(function (e) {
        if (!seen[e.id] && edges.get(e.id) === null && drawn(e.from) && drawn(e.to)) {
          seen[e.id] = true;
          more.push(Object.assign({}, e));
        }
      });
    });
    edges.add(more);
    while (cursor < ALL.length && drawn(ALL[cursor].id)) { cursor += 1; }
  }
  // where new nodes go: around a drawn neighbour, else in rows right of the picture
  function place(fresh) {
    var at = network.getPositions(), where = {}, children = {}, lone = 0, right = 0, top = 0;
    Object.keys(at).forEach(function (id, i) {
      if (i === 0 || at[id].x > right) { right = at[id].x; }
      if (i === 0 || at[id].y < top) { top = at[id].y; }
    });
    fresh.forEach(function (n) {
      var anchor = null;
      incident[n.id].forEach(function (e) {
        var other = e.from === n.id ? e.to : e.from;
        if (anchor === null && other !== n.id && (at[other] || where[other])) { anchor = other; }
      });
      if (anchor === null) {
        where[n.id] = {x: right + 200 + (lone % 8) * 140, y: top + Math.floor(lone / 8) * 140};
        lone += 1;
      } else {
        // a sunflower around the anchor: the k-th new neighbour at the golden angle, further out as k grows
        var k = children[anchor] = (children[anchor] || 0) + 1, p = at[anchor] || where[anchor];
        var r = 90 + 60 * Math.sqrt(k), angle = k * 2.39996;
        where[n.id] = {x: p.x + r * Math.cos(angle), y: p.y + r * Math.sin(angle)};
      }
    });
    return where;
  }
  // one change of the picture at a time
  function run(task) { queue.push(task); if (!busy) { next(); } }
  function next() {
    var task = queue.shift();
    if (!task) { busy = false; return; }
    busy = true;
    task(function () { next(); });
  }
  // draws the nodes of `list` not drawn yet; they settle while the others stay put; then `then`
  function grow(list, then) {
    run(function (done) {
      var fresh = unseen(list), finish = function () { status(); apply(); highlight(); then(); done(); };
      if (!fresh.length) { finish(); return; }
      add(fresh, place(fresh));
      var ids = {};
      fresh.forEach(function (n) { ids[n.id] = true; });
      var old = nodes.getIds().filter(function (id) { return !ids[id]; });
      nodes.update(old.map(function (id) { return {id: id, fixed: true, color: paint(id)}; }));
      network.once("stabilizationIterationsDone", function () {
        network.setOptions({physics: {enabled: false}});
        nodes.update(old.map(function (id) { return {id: id, fixed: false, color: paint(id)}; }));
        finish();
      });
      network.setOptions({physics: {enabled: true, stabilization: {fit: false}}});
      network.stabilize(Math.min(150, 40 + fresh.length));
    });
  }

  // --- the side pane: status, show more, details ---------------------------------------------
  function status() {
    var total = ALL.length, shown = nodes.length, left = total - shown, button = $("bk-more");
    $("bk-status").textContent = shown + " / " + total + " entitas digambar / entities drawn" +
      (left ? " (yang paling terhubung dulu / the most connected first)" : "");
    var batch = Math.min(DATA.cap, left);
    button.hidden = left === 0;
    button.textContent = "Tampilkan " + batch + " lagi / show " + batch + " more";
    body.setAttribute("data-drawn", String(shown));
    body.setAttribute("data-total", String(total));
  }
  function more() {
    var batch = [];
    for (var i = cursor; i < ALL.length && batch.length < DATA.cap; i++) {
      if (!drawn(ALL[i].id)) { batch.push(ALL[i]); }
    }
    grow(batch, function () {});
  }
  function showEdge(id) {
    var box = $("bk-detail");
    box.textContent = "";
    box.appendChild(el("pre", edges.get(id).title));
  }
  function showNode(id) {
    var n = byId[id], box = $("bk-detail"), facts = incident[id];
    box.textContent = "";
    box.appendChild(el("pre", n.title));
    if (n.names.length > 1) { box.appendChild(el("pre", "Nama / names: " + n.names.join("; "))); }
    box.appendChild(el("h3", "Fakta / facts (" + facts.length + ")"));
    facts.slice(0, 200).forEach(function (e) {
      var out = e.from === id, other = byId[out ? e.to : e.from];
      var b = el("button", (out ? "\u2192 " : "\u2190 ") + e.label + ": " + other.label);
      b.type = "button";
      b.title = e.title;
      b.addEventListener("click", function () { focus(other.id); });
      box.appendChild(b);
    });
    if (facts.length > 200) { box.appendChild(el("pre", "\u2026 +" + (facts.length - 200))); }
  }

  // --- the selected node: its neighbourhood in colour with readable labels, the rest faded ----
  var looks = {}, edgeLooks = {}, pending = false;
  // a node's colour now (vis-network puts its group's colour back on any update that gives none)
  function paint(id) { return looks[id] === "faded" ? FADED : DATA.options.groups[byId[id].group].color; }
  function highlight() {
    var near = {}, nearEdges = {}, scale = network.getScale(), nu = [], eu = [];
    if (selected !== null && drawn(selected)) {
      near[selected] = true;
      network.getConnectedNodes(selected).forEach(function (id) { near[id] = true; });
      network.getConnectedEdges(selected).forEach(function (id) { nearEdges[id] = true; });
    }
    var any = selected !== null && drawn(selected);
    nodes.forEach(function (v) {
      var n = byId[v.id], look = !any ? "plain" : near[v.id] ? "near" : "faded";
      if (look === (looks[v.id] || "plain") && look !== "near") { return; }
      looks[v.id] = look;
      var colour = DATA.options.groups[n.group].color;
      if (look === "faded") { nu.push({id: v.id, color: FADED, font: {size: 0}}); }
      else if (look === "near") {
        nu.push({id: v.id, color: colour, font: {size: (READABLE + (v.id === selected ? 3 : 1)) / scale}});
      } else { nu.push({id: v.id, color: colour, font: {size: font(n)}}); }
    });
    edges.forEach(function (e) {
      var look = !any ? "plain" : nearEdges[e.id] ? "near" : "faded";
      if (look === (edgeLooks[e.id] || "plain") && look !== "near") { return; }
      edgeLooks[e.id] = look;
      if (look === "faded") {
        eu.push({id: e.id, color: {color: "#dddddd", inherit: false, opacity: 0.7}, font: {size: 0}});
      } else {
        eu.push({id: e.id, color: {inherit: "from", opacity: look === "near" ? 1 : 0.75},
          font: {size: look === "near" ? READABLE / scale : edgeFont}});
      }
    });
    nodes.update(nu);
    edges.update(eu);
  }
  function select(id) {
    selected = id;
    if (id === null) { network.unselectAll(); } else { network.selectNodes([id], true); }
    highlight();
  }

  // --- filters ------------------------------------------------------------------------------
  var hiddenNodes = {}, hiddenEdges = {};
  function checked(selector) {
    var on = {}, all = true;
    document.querySelectorAll(selector + " input[type=checkbox]").forEach(function (b) {
      on[b.value] = b.checked;
      all = all && b.checked;
    });
    return {on: on, all: all};
  }
  function apply() {
    var props = checked("#bk-filters"), kinds = checked("#bk-types"), year = $("bk-year").value;
    var filtering = year !== "" || !props.all || !kinds.all;
    var kindOk = {}, alive = {}, linked = {}, shownEdges = 0, shownNodes = 0, nu = [], eu = [];
    nodes.forEach(function (n) { kindOk[n.id] = kinds.on[n.group] !== false || n.id === focused; });
    edges.forEach(function (e) {
      var years = e.years || [];
      var byYear = year === "" || (year === "none" ? years.length === 0 : years.indexOf(year) >= 0);
      var visible = props.on[e.property] !== false && byYear && kindOk[e.from] && kindOk[e.to];
      linked[e.from] = linked[e.to] = true;
      if (visible) { alive[e.from] = alive[e.to] = true; shownEdges += 1; }
      if (!!hiddenEdges[e.id] === visible) { hiddenEdges[e.id] = !visible; eu.push({id: e.id, hidden: !visible}); }
    });
    // a node is hidden with its type, or when a filter left none of its drawn edges (the searched one stays)
    nodes.forEach(function (n) {
      var visible = kindOk[n.id] && (!filtering || alive[n.id] || !linked[n.id] || n.id === focused);
      shownNodes += visible ? 1 : 0;
      if (!!hiddenNodes[n.id] === visible) {
        hiddenNodes[n.id] = !visible;
        nu.push({id: n.id, hidden: !visible, color: paint(n.id)});
      }
    });
    nodes.update(nu);
    edges.update(eu);
    body.setAttribute("data-visible-edges", String(shownEdges));
    body.setAttribute("data-visible-nodes", String(shownNodes));
  }

  // --- search -------------------------------------------------------------------------------
  var keys = null, matches = [];
  function norm(s) { return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function find(query) {
    var q = norm(query).trim(), found = [];
    if (!q) { return []; }
    if (keys === null) { keys = ALL.map(function (n) { return n.names.map(norm); }); }
    keys.forEach(function (names, i) {
      var best = 3;
      names.forEach(function (k) {
        var at = k.indexOf(q);
        if (at >= 0) { best = Math.min(best, k === q ? 0 : at === 0 ? 1 : 2); }
      });
      if (best < 3) { found.push([best, i]); }
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });  // whole name, start, inside; then rank
    return found.map(function (f) { return ALL[f[1]]; });
  }
  function search() {
    var list = $("bk-results"), q = $("bk-search").value;
    matches = find(q);
    list.textContent = "";
    matches.slice(0, 30).forEach(function (n) {
      var b = el("button", n.label + " \u00b7 " + n.group + " \u00b7 " + incident[n.id].length + " fakta / facts");
      b.type = "button";
      b.addEventListener("click", function () { focus(n.id); });
      var item = el("li");
      item.appendChild(b);
      list.appendChild(item);
    });
    $("bk-found").textContent = !q.trim() ? "" : matches.length ? matches.length + " ditemukan / found" +
      (matches.length > 30 ? " (30 pertama / the first 30)" : "") : "tidak ditemukan / not found";
    body.setAttribute("data-matches", String(matches.length));
  }
  // draws an entity and its neighbours, selects it, zooms to them
  function focus(id) {
    var n = byId[id];
    if (!n) { return; }
    focused = id;
    body.removeAttribute("data-focused");
    var around = [n];
    incident[id].forEach(function (e) { around.push(byId[e.from === id ? e.to : e.from]); });
    grow(around, function () {
      var ids = around.map(function (m) { return m.id; }).filter(function (m) { return !hiddenNodes[m]; });
      network.fit({nodes: ids, animation: false, maxZoomLevel: 1});
      select(id);
      showNode(id);
      body.setAttribute("data-focused", id);
    });
  }

  // --- the network ----------------------------------------------------------------------------
  add(ALL.slice(0, DATA.cap), null);  // the most connected first
  network = new vis.Network($("mynetwork"), {nodes: nodes, edges: edges}, DATA.options);
  network.on("click", function (p) {
    if (p.nodes.length === 1) { select(p.nodes[0]); showNode(p.nodes[0]); }
    else if (p.edges.length === 1) { select(null); showEdge(p.edges[0]); }
    else { select(null); }
  });
  network.on("zoom", function () {
    if (pending || selected === null) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; highlight(); });
  });
  $("bk-more").addEventListener("click", more);
  $("bk-search").addEventListener("input", search);
  $("bk-search").addEventListener("keydown", function (e) {
    if (e.key === "Enter") {
      e.preventDefault();
      search();
      if (matches.length) { focus(matches[0].id); }
    }
  });
  // "graph.html#year=2024&property=visited,metWith&type=Person&search=jokowi" opens with those set
  var wanted = {};
  location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
    var i = kv.indexOf("=");
    if (i > 0) { wanted[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " ")); }
  });
  if (wanted.year) { $("bk-year").value = wanted.year; }
  [["property", "#bk-filters"], ["type", "#bk-types"]].forEach(function (pair) {
    if (!wanted[pair[0]]) { return; }
    var keep = wanted[pair[0]].split(",");
    document.querySelectorAll(pair[1] + " input[type=checkbox]").forEach(function (b) {
      b.checked = keep.indexOf(b.value) >= 0;
    });
  });
  document.querySelectorAll("#bk-controls input, #bk-controls select").forEach(function (c) {
    c.addEventListener("change", apply);
  });
  status();
  function ready() {
    // labels sized for this first picture's zoom (see font)
    network.moveTo({scale: 0.92 * network.getScale(), animation: false});  // a margin for the outer labels
    labelScale = network.getScale();
    if (DATA.small) {
      edgeFont = Math.max(edgeFont, Math.min(READABLE / labelScale, 3 * edgeFont));
      network.setOptions({edges: {font: {size: edgeFont}}});
    }
    nodes.update(nodes.map(function (v) { return {id: v.id, font: {size: font(byId[v.id])}}; }));
    apply();
    network.once("afterDrawing", function () {
      body.setAttribute("data-rendered", String(nodes.length));
      if (wanted.search) { $("bk-search").value = wanted.search; search(); if (matches.length) { focus(matches[0].id); } }
    });
    network.redraw();
  }
  if (nodes.length) {
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      ready();
    });
  } else {
    ready();
  }
})();
"""
