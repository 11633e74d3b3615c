import json
import re

import pytest
from rdflib import Dataset, Graph

from kg.export import OUTPUT_FILES, write_atomic, write_outputs
from kg.pipeline import build


def test_every_output_file_is_written_and_parses(examples_build):
    _, out = examples_build
    assert sorted(p.name for p in out.iterdir()) == sorted([*OUTPUT_FILES, "store"])  # no temporary left over
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    trig = Dataset().parse(out / "graph.trig", format="trig")
    jsonld = Graph().parse(out / "graph.jsonld", format="json-ld")
    assert len(ttl) > 50
    assert len(jsonld) == len(ttl)
    union = Graph()
    for s, p, o, _ in trig.quads():
        union.add((s, p, o))
    assert len(union) == len(ttl)


def test_trig_has_one_named_graph_per_article(examples_build):
    result, out = examples_build
    trig = Dataset().parse(out / "graph.trig", format="trig")
    names = {str(g.identifier) for g in trig.graphs() if "/article/" in str(g.identifier)}
    assert names == {f"https://w3id.org/berita-kg/id/article/{a.id}" for a in result.articles}


def test_jsonld_context_maps_contract_prefixes(examples_build):
    _, out = examples_build
    ctx = json.loads((out / "graph.jsonld").read_text())["@context"]
    assert ctx["bk"] == "https://w3id.org/berita-kg/ontology#"
    assert ctx["bkr"] == "https://w3id.org/berita-kg/id/"
    assert ctx["schema"] == "https://schema.org/"


def test_html_is_offline_and_carries_the_graph(examples_build):
    _, out = examples_build
    page = (out / "graph.html").read_text()
    assert not re.search(r"(src|href)=\"https?://", page)
    assert "vis.Network" in page or "new vis" in page
    assert "Kim Jong Un" in page and "visited" in page


def test_same_input_gives_byte_identical_outputs(tmp_path, examples_build):
    result, first = examples_build
    from tests.conftest import EXAMPLES

    write_outputs(build([EXAMPLES]), tmp_path)
    for name in OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_html_escapes_article_text(tmp_path):
    (tmp_path / "jahat.jsonl").write_text(json.dumps({
        "title": "<script>alert(1)</script>",
        "text": "Presiden Joko Widodo berkunjung ke Tokyo. <img src=x onerror=alert(2)> Ia bertemu dengan Fumio Kishida."}))
    out = tmp_path / "out"
    write_outputs(build([tmp_path / "jahat.jsonl"]), out)
    page = (out / "graph.html").read_text()
    assert "<img src=x onerror" not in page and "<script>alert(1)" not in page


def test_atomic_write_leaves_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "graph.ttl"
    target.write_text("lama")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "baru")
    assert target.read_text() == "lama"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]
