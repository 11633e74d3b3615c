"""Property tests (hypothesis): any surface form, as a name, a key, an evidence sentence, a
headline or a file name, gives Turtle, TriG, N-Quads and JSON-LD that rdflib and raptor's
`rapper` parse, with the text intact."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDFS

from kg.export.writers import to_jsonld, to_nquads, to_trig, to_turtle
from kg.extract.link import LinkedEntity
from kg.model import Article, Entity, Fact
from kg.nlp.gazetteer import entity_key
from kg.rdf.graph import build_dataset, entity_iri

# quotes, angle brackets, backslashes, new lines, NUL and other controls, emoji, right-to-left text
HOSTILE = st.sampled_from(
    [
        '"',
        "'",
        "<",
        ">",
        "\\",
        "\n",
        "\r",
        "\t",
        "\x00",
        "\x07",
        "\x7f",
        "😀",
        "\u202e",
        "مرحبا",
        "שלום",
        "{",
        "}",
        "^^",
        "@id",
        "_:b0",
        "#",
        "%",
        " ",
        "\u2028",
        "\ufeff",
    ]
)
SURFACE = st.lists(st.one_of(HOSTILE, st.text(min_size=1, max_size=8)), min_size=1, max_size=12).map("".join)


def _dataset(name: str, other: str, evidence: str, headline: str, source: str) -> tuple[Dataset, list[str]]:
    a = Entity(entity_key("Person", name), "Person", name)
    b = Entity(entity_key("City", other), "City", other)
    if a.key == b.key:
        b = Entity(b.key + "-2", "City", other)
    article = Article(id="p1", text=evidence, source=source, headline=headline, content_hash="h")
    fact = Fact(a.key, "visited", b.key, "p1", evidence, "rule:test", 0.5)
    entities = {e.key: LinkedEntity(e, (name + "!",), 1) for e in (a, b)}
    return build_dataset([article], [fact], entities), [a.key, b.key]


@pytest.mark.skipif(
    shutil.which("rapper") is None, reason="raptor's rapper is not installed (apt install raptor2-utils)"
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=SURFACE, other=SURFACE, evidence=SURFACE, headline=SURFACE, source=SURFACE)
def test_any_surface_form_gives_files_rdflib_and_rapper_parse(name, other, evidence, headline, source):
    ds, keys = _dataset(name, other, evidence, headline, source)
    with tempfile.TemporaryDirectory() as tmp:
        for text, syntax, fmt in (
            (to_turtle(ds), "turtle", "turtle"),
            (to_trig(ds), "trig", "trig"),
            (to_nquads(ds), "nquads", "nquads"),
        ):
            path = Path(tmp) / f"g.{syntax}"
            path.write_text(text, encoding="utf-8")
            proc = subprocess.run(["rapper", "-q", "-i", syntax, "-c", str(path)], capture_output=True, text=True)
            assert proc.returncode == 0, (syntax, proc.stderr, text)
            parsed = Dataset()
            parsed.parse(data=text, format=fmt)
            labels = {str(o) for _, _, o, _ in parsed.quads((entity_iri(keys[0]), RDFS.label, None, None))}
            assert name in labels, (syntax, labels)
        graph = Graph().parse(data=to_jsonld(ds), format="json-ld")
        assert (entity_iri(keys[0]), RDFS.label, Literal(name, lang="id")) in graph or name in {
            str(o) for o in graph.objects(entity_iri(keys[0]), RDFS.label)
        }
        json.loads(to_jsonld(ds))


@given(SURFACE)
def test_an_entity_key_is_always_a_valid_iri_path(surface):
    key = entity_key("Person", surface)
    assert key.startswith("person/") and len(key) > len("person/")
    assert all(c.isascii() and (c.isalnum() or c in "-/") for c in key)
