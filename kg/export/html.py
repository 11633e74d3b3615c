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
@cache
def _template(name: str) -> str:
    """The page around the drawing (graph.html) and its script (graph.js), data files beside this
    module (kg/export/templates) so that the module holds only what fills them."""
    return resources.files("kg").joinpath("export", "templates", name).read_text(encoding="utf-8")


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
        "script": _template("graph.js"),
        "data": _json(data),
    }
    return re.sub(
        r"\{\{(\w+)\}\}", lambda m: parts[m.group(1)], _template("graph.html")
    )  # one pass: nothing inserted is read again
