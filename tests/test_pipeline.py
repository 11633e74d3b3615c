"""End to end on the users' sample articles, when ../shared/seeds is there; report.json's counts of
contract version 2 on hand-made extractions (no NLP)."""

import json

import pytest
from rdflib import Dataset, Graph
from rdflib.namespace import RDF, SKOS

from kg.vocab import BK, BKR, SCHEMA
from tests.conftest import SEEDS, build_into


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    return build_into([SEEDS], tmp_path_factory.mktemp("seeds-out"))


def test_graph_files_parse(seeds_out):
    _, out = seeds_out
    assert len(Graph().parse(out / "graph.ttl", format="turtle")) > 100
    assert len(Dataset().parse(out / "graph.trig", format="trig")) > 100


def test_kim_jong_un_is_one_node(seeds_out):
    _, out = seeds_out
    g = Graph().parse(out / "graph.ttl", format="turtle")
    kims = {s for s in g.subjects(RDF.type, SCHEMA.Person) if "kim" in str(s).lower()}
    assert kims == {BKR["person/kim-jong-un"]}
    assert {str(o) for o in g.objects(BKR["person/kim-jong-un"], SKOS.altLabel)} >= {"Kim"}


def test_near_duplicate_pair_is_marked(seeds_out):
    _result, out = seeds_out
    report = json.loads((out / "report.json").read_text())
    pairs = {
        (d["source"].rsplit("/", 1)[-1][:3], d["duplicate_of"].rsplit("/", 1)[-1][:3]) for d in report["duplicates"]
    }
    assert pairs == {("000", "001")}
    g = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(list(g.subject_objects(BK.duplicateOf))) == 1


def test_report_counts_add_up(seeds_out):
    _, out = seeds_out
    r = json.loads((out / "report.json").read_text())
    assert r["articles_read"] == 5
    assert r["articles_read"] == r["articles_built"] + len(r["duplicates"]) + r["skipped_count"]


def test_first_facts_are_there(seeds_out):
    _, out = seeds_out
    g = Graph().parse(out / "graph.ttl", format="turtle")
    kim, putin = BKR["person/kim-jong-un"], BKR["person/vladimir-putin"]
    assert (kim, BK.visited, BKR["city/vladivostok"]) in g
    assert (kim, BK.metWith, putin) in g and (putin, BK.metWith, kim) in g
    assert (putin, BK.sentMessageTo, kim) in g and (kim, BK.sentMessageTo, putin) in g
    assert (putin, BK.leaderOf, BKR["country/rusia"]) in g


def test_page_noise_makes_no_entity(seeds_out):
    _, out = seeds_out
    g = Graph().parse(out / "graph.ttl", format="turtle")
    labels = {str(o) for o in g.objects(None, SKOS.prefLabel)} | {str(o) for o in g.objects(None, SKOS.altLabel)}
    assert not any("Foto" in label or "SINDOnews" in label for label in labels)


# --- report.json: contract version 2's counts, on hand-made extractions (the NLP is not run) ----

SITI = "person/siti-aminah"  # named only in what was said: an entity with a fact


@pytest.fixture(scope="module")
def v2_report():
    from dataclasses import replace

    from kg.model import Entity, Extraction, Fact, Mention, RawArticle
    from kg.pipeline import build_articles, prepare
    from tests.test_graph import KPK, PN, PPATK, v2_facts, v2_mentions

    bodies = [
        "KPK menahan Budi Santoso setelah pemeriksaan panjang di gedung Merah Putih pada Rabu pagi.",
        "PPATK menggugat Pengadilan Negeri Jakarta Pusat atas putusan yang dinilai janggal oleh banyak pihak.",
        "Menurut sumber, KPK mengatakan Siti Aminah akan dipanggil pekan depan untuk dimintai keterangan.",
        "Cuaca cerah menyelimuti Bogor sepanjang akhir pekan, kata warga yang ditemui di Kebun Raya.",
    ]
    raws = [RawArticle(source=f"v2-{i}.txt", body=body, headline=f"Berita {i}") for i, body in enumerate(bodies)]
    arts = [prepare(raw) for raw in raws]
    siti = Mention(Entity(SITI, "Person", "Siti Aminah"), "Siti Aminah", 0, 11)
    mentions = {m.entity.key: m for m in v2_mentions()}
    facts = [
        v2_facts(arts[0].id),
        [Fact(PPATK, "relatedTo", PN, arts[1].id, "e", "rule:related", 0.4, verb="menggugat")],
        [
            replace(
                Fact(KPK, "said", "", arts[2].id, "e", "rule:said", 0.6, modality="alleged"),
                quote="Siti Aminah akan dipanggil",
                quote_type="indirect",
                about=(SITI,),
            )
        ],
        [],
    ]
    named = [tuple(mentions.values()), (mentions[PPATK], mentions[PN]), (mentions[KPK], siti), ()]
    cached = {a.id: Extraction(a, ms, tuple(fs)) for a, ms, fs in zip(arts, named, facts, strict=True)}
    return build_articles(raws, cached=cached).report


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("articles_built", 4),
        ("articles_with_facts", 1),  # not the one with only relatedTo, nor the one with only an alleged quote
        ("entities_without_facts", 1),  # Bogor: Siti Aminah is what a quote is about
        ("statements_not_asserted", {"alleged": 1, "denied": 0}),
    ],
)
def test_report_counts_of_contract_version_2(v2_report, key, expected):
    assert v2_report[key] == expected


@pytest.mark.parametrize(
    ("prop", "count"),
    [
        ("said", 2),
        ("relatedTo", 2),  # counted like any property
        ("cooperatedWith", 2),  # stated both ways
        ("sentenced", 1),
        ("leaderOf", 1),
        ("elected", 1),
        ("attended", 1),
    ],
)
def test_report_facts_count_every_property(v2_report, prop, count):
    assert v2_report["facts"][prop] == count


def test_the_version_2_build_conforms_and_keeps_the_old_keys(v2_report):
    assert v2_report["shacl"]["conforms"], v2_report["shacl"]["violations"]
    old = {"articles_read", "articles_built", "duplicates", "skipped", "entities", "facts", "conflicts", "warnings"}
    assert old <= set(v2_report) and v2_report["conflicts"] == []


def test_the_library_logs_its_stages_and_prints_nothing(caplog, capsys):
    """Standard logging (the `kg` logger): each stage at INFO, its seconds at DEBUG; nothing on
    stdout or stderr unless the application configures a handler (the CLI does)."""
    import logging

    from kg.model import RawArticle
    from kg.pipeline import build_articles

    raws = [
        RawArticle(source=f"/x/{i}.txt", body=f"Warga kota {i} menanam pohon di taman kota pada pagi hari.")
        for i in range(2)
    ]
    with caplog.at_level(logging.DEBUG, logger="kg"):
        build_articles(raws)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("kg.")]
    stages = ["cleaning 2 article(s)", "finding near-duplicates", "analysing 2 article(s)", "linking the entities"]
    stages += ["making the graph", "writing the report", "checking the graph against the SHACL shapes"]
    found = [next(i for i, m in enumerate(messages) if m.startswith(stage)) for stage in stages]
    assert found == sorted(found), messages
    assert any(m.startswith("validate took") for m in messages)
    assert capsys.readouterr() == ("", "")
