"""Incremental builds: the cache of extractions (kg.cache), `kg build` again, `kg remove`."""

import json
import shutil

import pytest
from click.testing import CliRunner

from kg import cache
from kg.cache import from_json, load_cache, to_json
from kg.cli import cli
from kg.model import Extraction, Fact, RawArticle
from kg.pipeline import extract, prepare
from tests.conftest import EXAMPLES

COMPARED = ("graph.ttl", "graph.trig", "graph.nq", "facts.csv", "graph.graphml", "graph.html", "graph.jsonld")


def test_an_extraction_survives_the_round_trip():
    article = prepare(
        RawArticle(
            source="a.txt",
            published="2024-12-20T09:00:00+07:00",
            body="Rusia dan Belarus meneken pakta keamanan pada Mei 2024. Korea Utara diduga "
            "mengirim tentara ke Rusia, kata Kyiv pada Jumat (13/12).",
        )
    )
    ex = extract(article)
    assert any(f.value for f in ex.facts) and any(f.modality == "alleged" for f in ex.facts)
    back_article, back = from_json(to_json(article, ex))
    assert back_article == article and back == ex
    assert from_json(to_json(article, None)) == (article, None)


def test_the_statement_fields_of_contract_version_2_survive_the_round_trip():
    article = prepare(RawArticle(source="b.txt", body="Jokowi mengatakan Prabowo dan Gibran akan hadir."))
    said = Fact(
        "person/joko-widodo",
        "said",
        "",
        article.id,
        "Jokowi mengatakan Prabowo dan Gibran akan hadir.",
        "rule:said",
        0.7,
        quote="Prabowo dan Gibran akan hadir",
        quote_type="indirect",
        about=("person/prabowo-subianto", "person/gibran-rakabuming-raka"),
    )
    sentenced = Fact(
        "organization/pn-jakarta", "sentenced", "person/budi", article.id, "…", "rule:s", 0.8, penalty="5 tahun penjara"
    )
    related = Fact("person/a", "relatedTo", "person/b", article.id, "…", "rule:r", 0.4, verb="melaporkan")
    ex = Extraction(article=article, facts=(said, sentenced, related))
    _, back = from_json(to_json(article, ex))
    assert back == ex and isinstance(back.facts[0].about, tuple) and hash(back.facts[0])


def run(args):
    result = CliRunner().invoke(cli, [*map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def report(out):
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("kunjungan-vladivostok.txt", "pakta-2024.html"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


def test_building_again_with_one_more_file_analyses_only_that_file(inputs, tmp_path):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    run(["build", "-q", inputs, "-o", out])
    assert report(out)["incremental"]["extracted"] == 2
    shutil.copy(EXAMPLES / "ringkasan.jsonl", inputs / "ringkasan.jsonl")
    run(["build", "-q", inputs, "-o", out])
    again = report(out)
    assert again["incremental"] == {
        "carried_over": 0,
        "extractions_reused": 2,
        "extracted": again["articles_built"] - 2,
    }
    run(["build", "-q", "--fresh", inputs, "-o", fresh])
    for name in COMPARED:  # the incremental build is the build from scratch, byte for byte
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_articles_of_earlier_builds_stay_and_an_edited_one_replaces_its_graph(inputs, tmp_path):
    out = tmp_path / "out"
    run(["build", "-q", inputs, "-o", out])
    # a folder's articles are shown relative to the folder holding it; a file named alone by its name
    first = {a["source"]: a["id"] for a in report(out)["articles"]}
    assert "in/pakta-2024.html" in first and "in/kunjungan-vladivostok.txt" in first
    page = inputs / "kunjungan-vladivostok.txt"
    page.write_text(
        page.read_text(encoding="utf-8").replace("kereta lapis baja", "kereta lapis baja hijau"), encoding="utf-8"
    )
    run(["build", "-q", page, "-o", out])  # only the edited file this time
    second = report(out)
    now = {a["source"]: a["id"] for a in second["articles"]}
    assert now["in/pakta-2024.html"] == first["in/pakta-2024.html"]  # kept
    assert "in/kunjungan-vladivostok.txt" not in now  # replaced
    assert now[page.name] != first["in/kunjungan-vladivostok.txt"]
    assert first["in/kunjungan-vladivostok.txt"] not in now.values()
    assert second["incremental"] == {"carried_over": 1, "extractions_reused": 1, "extracted": 1}
    assert second["articles_read"] == second["articles_built"] + len(second["duplicates"]) + second["skipped_count"]
    graphs = run(["query", "-d", out, "-f", "csv", "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"]).output
    assert f"article/{now[page.name]}" in graphs
    assert f"article/{first['in/kunjungan-vladivostok.txt']}" not in graphs


def test_remove_drops_one_article_without_analysing_again(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run(["build", "-q", inputs, "-o", out])
    ids = [a["id"] for a in report(out)["articles"]]
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "extract", lambda a: pytest.fail("the NLP ran again"))
    run(["remove", ids[0], "-d", out])
    left = report(out)
    assert [a["id"] for a in left["articles"]] == ids[1:]
    assert left["shacl"]["conforms"] is True  # validated again, as a build is
    assert ids[0] not in (out / "graph.ttl").read_text(encoding="utf-8")
    assert sorted(p.stem for p in (out / ".kg" / "articles").glob("*.json")) == sorted(ids[1:])
    bad = CliRunner().invoke(cli, ["remove", "0000000000000000", "-d", str(out)])
    assert bad.exit_code == 1 and "report.json" in bad.output


def test_a_changed_pipeline_analyses_everything_again(inputs, tmp_path, monkeypatch):
    out = tmp_path / "out"
    run(["build", "-q", inputs, "-o", out])
    articles, extractions = load_cache(out)
    assert len(articles) == 2 and len(extractions) == 2
    monkeypatch.setattr(cache, "fingerprint", lambda recognizer="committee": "another-version")
    articles, extractions = load_cache(out)
    assert len(articles) == 2 and extractions == {}  # the articles stay, their analyses are not trusted


@pytest.fixture(scope="module")
def package_copy(tmp_path_factory):
    """A copy of the installed package's folder, to edit without touching the real one."""
    root = tmp_path_factory.mktemp("pkg") / "kg"
    shutil.copytree(cache.package_root(), root, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return root


def test_the_fingerprint_covers_every_module_and_data_file_that_shapes_an_extraction(package_copy):
    hashed = {p.relative_to(package_copy).as_posix() for p in cache.fingerprint_files(package_copy)}
    stages = [
        p.relative_to(package_copy).as_posix()
        for sub in ("ingest", "nlp", "extract")
        for p in (package_copy / sub).glob("*.py")
    ]
    data = [p.relative_to(package_copy).as_posix() for p in (package_copy / "data").iterdir()]
    assert len(stages) >= 20 and len(data) >= 13
    assert {*stages, *data, "pipeline.py", "model.py", "types.py", "models/ner/meta.json"} <= hashed
    assert not {"cli.py", "export/files.py", "store/serve.py", "rdf/graph.py"} & hashed  # they only write or serve


def test_editing_any_fingerprinted_file_changes_the_fingerprint(package_copy):
    """One byte more in any module, data file or model file that shapes an extraction, or a new
    file in one of its folders, and the cache's extractions are no longer trusted."""
    before = cache.compute_fingerprint("committee", package_copy)
    files = cache.fingerprint_files(package_copy)
    for path in files:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        try:
            assert cache.compute_fingerprint("committee", package_copy) != before, path
        finally:
            path.write_bytes(original)
    new = package_copy / "extract" / "new_stage.py"
    new.write_text("X = 1\n")
    try:
        assert cache.compute_fingerprint("committee", package_copy) != before
    finally:
        new.unlink()
    assert cache.compute_fingerprint("committee", package_copy) == before
    assert cache.compute_fingerprint("single", package_copy) != before


def test_an_article_is_the_same_however_its_path_is_spelled(inputs, tmp_path, monkeypatch):
    """Built by a relative path, edited, built again by its absolute path: the edited text
    replaces the old (it is not dropped as a duplicate of its stale self)."""
    out = tmp_path / "out"
    page = inputs / "kunjungan-vladivostok.txt"
    monkeypatch.chdir(inputs.parent)
    run(["build", "-q", "in/kunjungan-vladivostok.txt", "-o", out])
    first = report(out)["articles"]
    page.write_text(
        page.read_text(encoding="utf-8").replace("kereta lapis baja", "kereta lapis baja hijau"), encoding="utf-8"
    )
    run(["build", "-q", str(page.resolve()), "-o", out])
    second = report(out)
    assert len(first) == 1 and len(second["articles"]) == 1 and second["duplicates"] == []
    assert second["articles"][0]["id"] != first[0]["id"] and second["articles"][0]["source"] == page.name


def test_a_jsonl_line_removed_takes_its_article_with_it(tmp_path):
    out, feed = tmp_path / "out", tmp_path / "berita.jsonl"
    lines = [
        '{"text": "Menteri Luar Negeri Retno Marsudi bertemu Wang Yi di Beijing pada Selasa."}',
        '{"text": "Presiden Joko Widodo mengunjungi Tokyo pada Senin untuk bertemu Fumio Kishida."}',
    ]
    feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(["build", "-q", feed, "-o", out])
    assert report(out)["articles_built"] == 2
    feed.write_text(lines[1] + "\n", encoding="utf-8")
    run(["build", "-q", feed, "-o", out])
    assert [a["source"] for a in report(out)["articles"]] == ["berita.jsonl:1"]
