import json
import re

import pytest
from rdflib import Dataset, Graph

from kg.export.files import write_atomic, write_outputs
from kg.export.writers import OUTPUT_FILES
from kg.pipeline import build


def test_every_output_file_is_written_and_parses(examples_build):
    _, out = examples_build
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted([*OUTPUT_FILES, "store"])
    hidden = [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary left over: only the store's folder
    assert (out / "store").is_symlink() and hidden == [(out / "store").resolve()]
    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    trig = Dataset().parse(out / "graph.trig", format="trig")
    jsonld = Graph().parse(out / "graph.jsonld", format="json-ld")
    assert len(ttl) > 50
    assert len(jsonld) == len(ttl)
    union = Graph()
    for s, p, o, _ in trig.quads():
        union.add((s, p, o))
    assert len(union) == len(ttl)


def test_no_output_holds_an_absolute_path_of_the_machine(examples_build):
    """bk:sourceFile and report.json name a source relative to the folder of the input given."""
    from tests.conftest import EXAMPLES

    _, out = examples_build
    home = str(EXAMPLES.resolve().parent)
    for name in OUTPUT_FILES:
        assert home not in (out / name).read_text(encoding="utf-8"), name
    sources = {a["source"] for a in json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"]}
    assert "examples/ott-kpk-gorontalo.txt" in sources and all(s.startswith("examples/") for s in sources)


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
    _result, first = examples_build
    from tests.conftest import EXAMPLES

    write_outputs(build([EXAMPLES]), tmp_path)
    for name in OUTPUT_FILES:
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_the_draw_switch_changes_only_the_drawings_and_the_report(tmp_path, examples_build):
    """`--draw all` draws more entities in graph.html and graph.graphml; every RDF file holds
    every entity whatever is drawn, and report.json says what was left out."""
    import dataclasses

    result, first = examples_build
    write_outputs(dataclasses.replace(result, draw="all"), tmp_path)
    changed = {name for name in OUTPUT_FILES if (tmp_path / name).read_bytes() != (first / name).read_bytes()}
    assert changed == {"graph.html", "graph.graphml", "report.json"}
    facts, every = (
        json.loads((out / "report.json").read_text(encoding="utf-8"))["drawing"] for out in (first, tmp_path)
    )
    total = len(result.entities)
    assert facts["draw"] == "facts" and facts["entities_drawn"] + facts["entities_not_drawn"] == total
    assert facts["entities_not_drawn"] > 0  # the examples name places that take part in no fact
    assert every == {"draw": "all", "entities_drawn": total, "entities_not_drawn": 0}
    assert "entities without facts not drawn" in (first / "graph.html").read_text(encoding="utf-8")
    assert "entities without facts not drawn" not in (tmp_path / "graph.html").read_text(encoding="utf-8")


def test_html_escapes_article_text(tmp_path):
    (tmp_path / "jahat.jsonl").write_text(
        json.dumps(
            {
                "title": "<script>alert(1)</script>",
                "text": "Presiden Joko Widodo berkunjung ke Tokyo. <img src=x onerror=alert(2)> Ia bertemu dengan Fumio Kishida.",
            }
        )
    )
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


# -- interrupted builds: a real `kg build` process killed or interrupted -----------------------
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from tests.conftest import EXAMPLES  # noqa: E402

EXTRA = (
    "Judul Berita Tambahan Untuk Uji\n\nMenteri Luar Negeri Retno Marsudi mengunjungi Tokyo pada Senin "
    "(3/6/2024) dan bertemu Perdana Menteri Fumio Kishida.\n"
)


def _kg_build(out, *inputs, env=None, options=()) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "-q", *options, *map(str, inputs), "-o", str(out)],
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _snapshot(out) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def _usable(out) -> int:
    """Every output parses and the store answers; the number of triples in graph.ttl."""
    from kg.store.query import open_store, run_query

    ttl = Graph().parse(out / "graph.ttl", format="turtle")
    Dataset().parse(out / "graph.trig", format="trig")
    json.loads((out / "report.json").read_text(encoding="utf-8"))
    rows = run_query(open_store(out), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    assert int(rows[0][0]) > 0
    return len(ttl)


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("interrupted") / "out"
    proc = _kg_build(out, EXAMPLES)
    assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()
    extra = tmp_path_factory.mktemp("extra")
    (extra / "tambahan.txt").write_text(EXTRA, encoding="utf-8")
    cities = ["Tokyo", "Seoul", "Beijing", "Canberra", "Manila", "Hanoi", "Bangkok", "Kuala Lumpur"]
    with (extra / "banyak.jsonl").open("w", encoding="utf-8") as fh:  # enough to analyse for a few seconds
        for n in range(48):
            text = (
                f"Menteri Perdagangan mengunjungi {cities[n % 8]} pada hari ke-{n} bulan ini untuk membahas "
                f"ekspor kopi dan teh. Pertemuan nomor {n} itu dihadiri pengusaha dari {cities[(n + 3) % 8]}."
            )
            fh.write(json.dumps({"text": text, "title": f"Kunjungan dagang {n}"}) + "\n")
    return out, _snapshot(out), extra


def _fresh_copy(first_build, tmp_path):
    out, snapshot, extra = first_build
    copy = tmp_path / "out"
    shutil.copytree(out, copy, symlinks=True)
    return copy, snapshot, extra


@pytest.mark.parametrize("failpoint", ["outputs-staged", "outputs-half-renamed"])
def test_a_build_killed_while_writing_leaves_usable_outputs(first_build, tmp_path, failpoint):
    out, snapshot, extra = _fresh_copy(first_build, tmp_path)
    proc = _kg_build(out, EXAMPLES, extra, env={"BERITA_KG_FAILPOINT": failpoint})
    assert proc.wait(timeout=300) == -signal.SIGKILL
    now = _snapshot(out)
    if failpoint == "outputs-staged":  # killed after writing everything aside: nothing replaced yet
        assert now == snapshot
    else:  # killed between two renames: each file is whole, old or new
        assert any(now[n] != snapshot[n] for n in OUTPUT_FILES) and any(now[n] == snapshot[n] for n in OUTPUT_FILES)
    _usable(out)
    done = _kg_build(out, EXAMPLES, extra)
    assert done.wait(timeout=300) == 0, done.stderr.read().decode()
    assert _usable(out) > len(Graph().parse(data=snapshot["graph.ttl"].decode(), format="turtle"))
    assert [p.name for p in out.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".store-link")] == []
    stores = {p.resolve() for p in out.iterdir() if p.name.startswith(".store.")}
    assert (out / "store").resolve() in stores and len(stores) == 2  # the new one and the one it replaced


def _children(pid: int) -> set[int]:
    from pathlib import Path

    return {int(c) for task in Path(f"/proc/{pid}/task").glob("*/children") for c in task.read_text().split()}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_build_leaves_no_worker_behind(first_build, tmp_path):
    out, snapshot, extra = _fresh_copy(first_build, tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", "-q", str(EXAMPLES), str(extra), "-o", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import kg.engines as engines

    deadline = time.time() + 120
    workers: set[int] = set()
    while time.time() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = (
            {c for c in _children(proc.pid) if b"spawn_main" in open(f"/proc/{c}/cmdline", "rb").read()}
            if os.path.exists(f"/proc/{proc.pid}")
            else set()
        )
        time.sleep(0.2)
    assert len(workers) == 2, (
        f"the build did not start its workers (MIN_PARALLEL_BATCHES={engines.MIN_PARALLEL_BATCHES})"
    )
    proc.kill()
    proc.wait(timeout=30)
    deadline = time.time() + 15
    while time.time() < deadline and any(os.path.exists(f"/proc/{w}") for w in workers):
        time.sleep(0.2)
    alive = [
        w for w in workers if os.path.exists(f"/proc/{w}") and b"spawn_main" in open(f"/proc/{w}/cmdline", "rb").read()
    ]
    assert not alive, f"workers {alive} outlived the build"
    assert _snapshot(out) == snapshot


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_a_build_interrupted_mid_way_leaves_the_previous_outputs(first_build, tmp_path, sig):
    out, snapshot, extra = _fresh_copy(first_build, tmp_path)
    proc = _kg_build(out, EXAMPLES, extra)
    time.sleep(3.0)  # loading the models, reading or analysing: well before the outputs are written
    proc.send_signal(sig)
    code = proc.wait(timeout=120)
    assert code != 0
    if sig == signal.SIGINT:
        assert b"Traceback" not in proc.stderr.read()
    assert _snapshot(out) == snapshot
    _usable(out)
    done = _kg_build(out, EXAMPLES, extra)
    assert done.wait(timeout=300) == 0, done.stderr.read().decode()
    _usable(out)


def _report_sources(out) -> set[str]:
    return {a["source"] for a in json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"]}


def test_a_killed_build_loses_no_article_of_the_earlier_builds(first_build, tmp_path):
    """The cache is saved before the outputs are swapped in: a build killed between the two
    leaves the previous outputs, and the next build still has every article of every build."""
    out, snapshot, extra = _fresh_copy(first_build, tmp_path)
    before = _report_sources(out)
    proc = _kg_build(out, extra / "tambahan.txt", env={"BERITA_KG_FAILPOINT": "cache-saved"})
    assert proc.wait(timeout=300) == -signal.SIGKILL
    assert _snapshot(out) == snapshot  # nothing swapped in yet
    third = tmp_path / "ketiga.txt"
    third.write_text(EXTRA.replace("Tokyo", "Seoul").replace("Fumio Kishida", "Han Duck-soo"), encoding="utf-8")
    done = _kg_build(out, third)
    assert done.wait(timeout=300) == 0, done.stderr.read().decode()
    assert _report_sources(out) >= before | {"tambahan.txt", "ketiga.txt"}  # named as given: each file alone


def test_a_failed_fresh_build_forgets_nothing(first_build, tmp_path):
    """`--fresh` forgets the earlier builds only once the new one has landed: a `--fresh` run
    that builds nothing (or is killed) leaves the folder's articles for the next build."""
    out, snapshot, extra = _fresh_copy(first_build, tmp_path)
    before = _report_sources(out)
    empty = tmp_path / "kosong.txt"
    empty.write_text("", encoding="utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "kg", "build", "-q", "--fresh", str(empty), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert failed.returncode == 1 and _snapshot(out) == snapshot
    killed = _kg_build(out, extra / "tambahan.txt", env={"BERITA_KG_FAILPOINT": "outputs-staged"}, options=["--fresh"])
    assert killed.wait(timeout=300) == -signal.SIGKILL
    done = _kg_build(out, extra / "tambahan.txt")
    assert done.wait(timeout=300) == 0, done.stderr.read().decode()
    assert _report_sources(out) == before | {"tambahan.txt"}
    fresh = subprocess.run(
        [sys.executable, "-m", "kg", "build", "-q", "--fresh", str(extra / "tambahan.txt"), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert fresh.returncode == 0 and _report_sources(out) == {"tambahan.txt"}  # it landed: now forgotten


def test_a_second_build_into_the_same_folder_fails_at_once(first_build, tmp_path):
    """While one build holds the folder, another `kg build` or `kg remove` into it fails at once
    (before any analysis) and names the holder; the folder is untouched; afterwards it works."""
    from kg.export.files import build_lock

    out, snapshot, extra = _fresh_copy(first_build, tmp_path)
    with build_lock(out):
        for args in (["build", "-q", str(extra), "-o", str(out)], ["remove", "0000000000000000", "-d", str(out)]):
            started = time.monotonic()
            busy = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, timeout=120)
            assert busy.returncode == 1, busy.stderr
            assert f"another kg build or removal (process {os.getpid()})" in busy.stderr
            assert time.monotonic() - started < 30  # no analysis ran
        assert _snapshot(out) == snapshot
    done = _kg_build(out, extra / "tambahan.txt")
    assert done.wait(timeout=300) == 0, done.stderr.read().decode()


def test_an_output_path_that_is_a_file_is_refused_before_any_analysis(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("x", encoding="utf-8")
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", "-q", str(EXAMPLES), "-o", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and "is not a folder" in run.stderr and target.read_text() == "x"
    assert time.monotonic() - started < 30
    missing = tmp_path / "baru"
    run = subprocess.run(
        [sys.executable, "-m", "kg", "build", "-q", str(tmp_path / "nothing.txt"), "-o", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1 and not missing.exists()  # a folder made for a build that wrote nothing is removed


@pytest.mark.parametrize(
    "hostile",
    ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://evil.example","x")', "safe\r=cmd()", "a=1"],
)
def test_facts_csv_cells_are_not_formulas(hostile):
    """OWASP's CSV injection rule: a cell a spreadsheet would run gets a leading ', and a CR
    inside a cell cannot start a new row (whose first cell would run)."""
    import csv
    import io

    from rdflib import Literal
    from rdflib.namespace import RDF, RDFS

    from kg.export.writers import to_facts_csv
    from kg.vocab import BK, BKR

    g = Graph()
    st, s, o = BKR["statement/x"], BKR["person/a"], BKR["place/b"]
    for p, v in ((RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, BK.visited), (RDF.object, o)):
        g.add((st, p, v))
    g.add((s, RDFS.label, Literal(hostile, lang="id")))
    g.add((st, BK.evidence, Literal(hostile)))
    rows = list(csv.DictReader(io.StringIO(to_facts_csv(g), newline="")))
    expected = "'" + hostile if hostile[0] in "=+-@\t\r" else hostile
    assert len(rows) == 1 and rows[0]["subject_label"] == expected and rows[0]["evidence"] == expected
    assert rows[0]["subject"] == "person/a" and rows[0]["object"] == "place/b"


# --- facts.csv and `kg facts`: the fields of contract version 2 --------------------------------

V1_COLUMNS = (
    "statement,subject,subject_label,predicate,object,object_label,date,date_text,modality,source_count,sources,"
    "evidence,confidence,extractor,end_date,role_title,former"
)


@pytest.fixture(scope="module")
def v2_rows():
    import csv
    import io

    from kg.export.writers import to_facts_csv
    from tests.test_graph import v2_dataset

    text = to_facts_csv(v2_dataset())
    return text.splitlines()[0], list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_new_csv_columns_come_after_the_old_ones(v2_rows):
    header, _ = v2_rows
    assert header == V1_COLUMNS + ",quote,quote_type,about,penalty,verb"


@pytest.mark.parametrize(
    ("predicate", "date", "expected"),
    [
        (
            "said",
            "2024-05-02",
            {
                "object": "KPK harus menuntaskan kasus Budi Santoso",
                "quote": "KPK harus menuntaskan kasus Budi Santoso",
                "quote_type": "direct",
                "about": "organization/kpk | person/budi-santoso",
                "penalty": "",
                "verb": "",
            },
        ),
        (
            "said",
            "2024-05-03",
            {"quote": "Kasus itu harus tuntas", "quote_type": "indirect", "about": "person/budi-santoso"},
        ),
        (
            "sentenced",
            "2024-09-10",
            {"object": "person/budi-santoso", "penalty": "5 tahun penjara", "quote": "", "about": ""},
        ),
        (
            "relatedTo",
            "",
            {"object": "organization/kpk", "object_label": "Komisi Pemberantasan Korupsi", "verb": "melaporkan"},
        ),
        ("appointed", "2023-06-15", {"role_title": "Menteri Perdagangan", "quote": "", "verb": ""}),
        ("leaderOf", "", {"role_title": "Ketua Umum", "former": "true"}),
    ],
)
def test_facts_csv_carries_the_fields_of_contract_version_2(v2_rows, predicate, date, expected):
    _, rows = v2_rows
    [row] = [r for r in rows if r["predicate"] == predicate and r["date"] == date]
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {
                "predicate": "said",
                "object": "",
                "quote": "Kami siap",
                "quote_type": "direct",
                "about": ("country/indonesia",),
            },
            {"object": "", "quote": "Kami siap", "quote_type": "direct", "about": ["country/indonesia"]},
        ),
        ({"predicate": "sentenced", "penalty": "5 tahun penjara"}, {"penalty": "5 tahun penjara"}),
        ({"predicate": "relatedTo", "verb": "melaporkan"}, {"verb": "melaporkan"}),
        ({}, {}),  # a version 1 fact prints none of them
    ],
)
def test_kg_facts_prints_the_fields_of_contract_version_2_when_set(changes, expected):
    from dataclasses import replace

    from kg.model import Fact
    from kg.pipeline import fact_record

    record = fact_record(replace(Fact("person/a", "visited", "city/b", "a1", "e", "r", 0.8), **changes))
    new = {"quote", "quote_type", "about", "penalty", "verb"}
    assert {k: v for k, v in record.items() if k in new | {"object"} and k in expected} == expected
    assert new & set(record) == new & set(expected)
