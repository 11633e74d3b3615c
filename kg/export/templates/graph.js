
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
