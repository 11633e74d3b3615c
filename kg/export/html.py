"""graph.html: the interactive pyvis view of entities and facts.

Nodes are coloured by type (with a legend) and sized by degree; each edge is a truthy fact,
labelled with its property and dates; hovering or clicking it shows the dates, the sources
(headline, outlet, date) and the evidence. Checkboxes filter by property and a menu by year.
Everything is inline (no CDN: it works offline), every string from an article is HTML-escaped,
and physics stops once the layout is stable, so a graph of 500+ nodes stays usable. When the
network has been drawn the page sets `data-rendered` on <body> (a browser test waits for it) and
`data-visible-edges` after each filter; script errors are collected in `data-errors`. Filters can
be set from the address: `graph.html#year=2024&property=visited,metWith`. By default only the
entities in at least one fact are drawn (`kg.export.drawing`); a line above the graph says how many
were left out and how to draw them too (`kg build --draw all`).

The property checkboxes list every property that has an edge, whatever its version, so contract
version 2's (arrested … relatedTo) need no table here. What an agent said (bk:said) has no entity
at its other end: no edge, no checkbox; the speaker's detail box says how many quotes it has. An
edge's tooltip adds the statements' title, penalty and verb (bk:roleTitle, bk:penalty, bk:verb).
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from ..rdf.graph import as_union
from ..types import COLORS
from ..vocab import BK, SCHEMA
from .drawing import DEFAULT_DRAW, said_counts, select_entities

if TYPE_CHECKING:
    from pyvis.network import Network

__all__ = ["COLORS", "to_html"]

_EXTERNAL = re.compile(r"<link[^>]*href=\"https?://[^>]*>|<script[^>]*src=\"https?://[^>]*>\s*</script>", re.S)
LARGE = 300  # from this many nodes, a quicker layout
_DETAILS = (BK.roleTitle, BK.penalty, BK.verb)  # shown in an edge's tooltip when its statements have them

_CONTROLS = """
<div id="bk-controls" style="font-family:sans-serif;font-size:13px;padding:6px 10px;border-bottom:1px solid #ddd">
  <div id="bk-legend">{legend}</div>{hidden}
  <div id="bk-filters" style="margin-top:4px">{boxes}
    <label style="margin-left:12px">Tahun / year:
      <select id="bk-year"><option value="">semua / all</option>{years}<option value="none">tanpa tanggal / undated</option></select>
    </label>
  </div>
</div>
"""

_SCRIPT = """
<script>
(function () {
  var errors = [];
  window.addEventListener("error", function (e) {
    errors.push(String(e.message)); document.body.setAttribute("data-errors", errors.join(" | "));
  });
  function apply() {
    if (typeof edges === "undefined") { return; }
    var on = {};
    document.querySelectorAll("#bk-filters input[type=checkbox]").forEach(function (b) { on[b.value] = b.checked; });
    var year = document.getElementById("bk-year").value;
    var shown = 0;
    edges.update(edges.get().map(function (e) {
      var years = e.years || [];
      var byYear = year === "" || (year === "none" ? years.length === 0 : years.indexOf(year) >= 0);
      var visible = on[e.property] && byYear;
      shown += visible ? 1 : 0;
      return {id: e.id, hidden: !visible};
    }));
    document.body.setAttribute("data-visible-edges", String(shown));
  }
  // "graph.html#year=2024&property=visited,metWith" opens with those filters set
  var wanted = {};
  location.hash.replace(/^#/, "").split("&").forEach(function (kv) {
    var i = kv.indexOf("="); if (i > 0) { wanted[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); }
  });
  if (wanted.year) { document.getElementById("bk-year").value = wanted.year; }
  if (wanted.property) {
    var keep = wanted.property.split(",");
    document.querySelectorAll("#bk-filters input[type=checkbox]").forEach(function (b) {
      b.checked = keep.indexOf(b.value) >= 0;
    });
  }
  document.querySelectorAll("#bk-filters input, #bk-filters select").forEach(function (el) {
    el.addEventListener("change", apply);
  });
  function watch() {
    if (typeof network === "undefined" || !network) { setTimeout(watch, 50); return; }
    network.once("afterDrawing", function () {
      apply();
      document.body.setAttribute("data-rendered", String(nodes.length));
    });
    network.redraw();  // a small graph may have drawn its last frame already: draw once more for the listener
    network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); });
    network.on("click", function (p) {
      var box = document.getElementById("bk-detail");
      if (p.edges.length === 1 && p.nodes.length === 0) { box.textContent = edges.get(p.edges[0]).title; }
      else if (p.nodes.length === 1) { box.textContent = nodes.get(p.nodes[0]).title; }
    });
  }
  watch();
})();
</script>
<pre id="bk-detail" style="white-space:pre-wrap;font-family:sans-serif;font-size:12px;padding:6px 10px"></pre>
"""


def _label(g: Graph, node: URIRef) -> str:
    """The Indonesian label first (the graph's language), else any."""
    labels = sorted(g.objects(node, RDFS.label), key=lambda o: (getattr(o, "language", None) != "id", str(o)))
    return str(labels[0]) if labels else str(node)


def _first(g: Graph, node: Node, prop: URIRef) -> str:
    values = sorted(str(o) for o in g.objects(node, prop))
    return values[0] if values else ""


def _add_node(net: Network, node_id: str, **options: object) -> None:
    """`Network.add_node` without its look-up in a list of every node (quadratic in the graph):
    each node here is new."""
    from pyvis.node import Node

    options = Node(node_id, "dot", font_color=net.font_color, **options).options
    net.nodes.append(options)
    net.node_ids.append(node_id)
    net.node_map[node_id] = options


def _add_edge(net: Network, source: str, to: str, **options: object) -> None:
    """`Network.add_edge` without its scan of every node for both ends (quadratic in the graph)."""
    from pyvis.edge import Edge

    if source not in net.node_map or to not in net.node_map:
        raise KeyError(f"edge {source} -> {to} between nodes that are not in the network")
    net.edges.append(Edge(source, to, True, **options).options)


def _hidden_line(left_out: int) -> str:
    """The line saying how many entities were left out of the drawing (none when none were)."""
    if not left_out:
        return ""
    n = html.escape(str(left_out))
    return (
        f'\n  <div id="bk-hidden" data-entities-not-drawn="{n}" style="margin-top:4px;color:#555">'
        f"{n} entitas tanpa fakta tidak digambar / {n} entities without facts not drawn; "
        "rebuild with --draw all to draw them</div>"
    )


def to_html(ds: Dataset | Graph, title: str = "Berita KG", draw: str = DEFAULT_DRAW) -> str:
    """The page (see the module's docstring): self-contained, deterministic, text escaped.
    `draw` is "facts" (only the entities in a fact) or "all"."""
    from pyvis.network import Network

    g = as_union(ds)
    esc = html.escape
    drawing = select_entities(g, draw)
    types = drawing.nodes
    edges: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for st in g.subjects(RDF.type, RDF.Statement):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        if s not in types or o not in types or (s, p, o) not in g:
            continue
        info = edges[(s, p, o)]
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
    for s, _, o in edges:
        degree[s] += 1
        degree[o] += 1
    net = Network(height="760px", width="100%", directed=True, cdn_resources="in_line", heading="")
    quotes = said_counts(g)
    for node, kind in types.items():
        label = _label(g, node)
        extra = [
            f"{prop}: {_first(g, node, BK[prop])}"
            for prop in ("signedOn", "enteredIntoForceOn")
            if _first(g, node, BK[prop])
        ]
        if quotes.get(node):
            extra.append(f"said: {quotes[node]} kutipan / quotes")
        _add_node(
            net,
            str(node),
            label=label,  # vis-network 9 draws labels and shows titles as plain text; pyvis's
            title="\n".join([f"{label} ({kind})", *extra]),  # tojson escapes < > & ' in the page
            group=kind,
            value=1 + degree[node],
        )
    counts: dict[str, int] = defaultdict(int)
    all_years: set[str] = set()
    for (s, p, o), info in sorted(edges.items()):
        prop = str(p).rsplit("#", 1)[-1]
        counts[prop] += 1
        dates = ", ".join(sorted(info["dates"]))
        years = sorted({d[:4] for d in info["dates"] if d[:4].isdigit()})
        all_years.update(years)
        tip = "\n".join(
            [
                f"{_label(g, s)} {prop} {_label(g, o)} {dates}".strip(),
                "Tanggal / date: " + (dates or "-"),
                "Sumber / sources: " + "; ".join(sorted(info["sources"])),
                *(["Keterangan / details: " + "; ".join(sorted(info["details"]))] if info["details"] else []),
                "Bukti / evidence: " + " | ".join(sorted(info["evidence"]))[:800],
            ]
        )
        _add_edge(net, str(s), str(o), label=f"{prop} {dates}".strip(), title=tip, property=prop, years=years)
    physics = {
        "stabilization": {"iterations": 150 if len(types) >= LARGE else 300},
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -3000, "centralGravity": 0.5, "springLength": 130, "avoidOverlap": 0.4},
    }
    groups = {
        kind: {"color": {"background": c, "border": c, "highlight": {"background": c, "border": "#000"}}}
        for kind, c in COLORS.items()
    }
    net.set_options(
        json.dumps(
            {
                "physics": physics,
                "layout": {"improvedLayout": len(types) < LARGE},
                "groups": groups,
                "interaction": {"hover": True, "tooltipDelay": 150},
                "edges": {"arrows": {"to": {"enabled": True}}, "font": {"size": 10}},
            }
        )
    )
    page = _EXTERNAL.sub("", net.generate_html(notebook=False))
    legend = esc(title) + ": " + "".join(f'<span style="color:{c}">&#9679; {k}</span> ' for k, c in COLORS.items())
    boxes = "".join(
        f'<label style="margin-right:8px"><input type="checkbox" value="{esc(p)}" checked> {esc(p)} ({n})</label>'
        for p, n in sorted(counts.items())
    )
    options = "".join(f'<option value="{y}">{y}</option>' for y in sorted(all_years))
    page = page.replace(
        "<body>",
        "<body>\n" + _CONTROLS.format(legend=legend, hidden=_hidden_line(drawing.left_out), boxes=boxes, years=options),
        1,
    )
    return page.replace("</body>", _SCRIPT + "</body>", 1)
