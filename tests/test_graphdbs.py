"""Real graph databases: the exports load into Virtuoso, Jena and an Oxigraph server without error,
and every canned query gives there the answers the embedded store gives.

.ci/run installs the tools (Debian `virtuoso-minimal`, `libapache-jena-java`; PyPI `oxigraph`);
where one is missing its tests are skipped. Servers bind 127.0.0.1 on free ports, use throwaway
databases in the test's folder, and are stopped by PID. Recipes: ../shared/recipes/graph-databases.md.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from kg.store.query import canned_queries, open_store, run_query, with_bindings

BINDINGS = {
    "entity": {"entity": "person/kim-jong-un"},
    "timeline": {"a": "person/vladimir-putin", "b": "person/kim-jong-un"},
    "messages": {"a": "person/vladimir-putin", "b": "person/kim-jong-un"},
}


def _queries():
    return {name: with_bindings(q.text, BINDINGS.get(name, {})) for name, q in canned_queries().items()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _norm(rows) -> set[tuple[str, ...]]:
    """Rows as comparable sets: GROUP_CONCAT lists (", " between a treaty's parties, " | " between a
    fact's sources and evidence: engines join them in no set order) in sorted order."""
    out = set()
    for row in rows:
        cells = []
        for cell in row:
            cell = "" if cell is None else str(cell)
            if " | " in cell:
                cell = " | ".join(sorted(cell.split(" | ")))
            elif ", " in cell and cell.count(", ") >= 1 and not cell.endswith("."):
                cell = ", ".join(sorted(cell.split(", ")))
            cells.append(cell)
        out.add(tuple(cells))
    return out


def _wait(url: str, seconds: float = 60) -> None:
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {seconds:g} s")


@pytest.fixture(scope="module")
def expected(examples_build):
    store = open_store(examples_build[1])
    return {name: _norm(run_query(store, text).rows) for name, text in _queries().items()}


# ---------------------------------------------------------------- Virtuoso


@pytest.fixture(scope="module")
def virtuoso(examples_build, tmp_path_factory):
    if not shutil.which("virtuoso-t") or not shutil.which("isql-vt"):
        pytest.skip("Virtuoso is not installed (apt install virtuoso-minimal)")
    data = examples_build[1].resolve()
    db = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    (db / "vsp").mkdir()
    (db / "virtuoso.ini").write_text(f"""[Database]
DatabaseFile={db}/virtuoso.db
ErrorLogFile={db}/virtuoso.log
LockFile={db}/virtuoso.lck
TransactionFile={db}/virtuoso.trx
xa_persistent_file={db}/virtuoso.pxa
[TempDatabase]
DatabaseFile={db}/virtuoso-temp.db
TransactionFile={db}/virtuoso-temp.trx
[Parameters]
ServerPort=127.0.0.1:{sql_port}
DisableUnixSocket=1
DirsAllowed=., {data}, {db}
NumberOfBuffers=10000
MaxDirtyBuffers=6000
[HTTPServer]
ServerPort=127.0.0.1:{http_port}
ServerRoot={db}/vsp
[SPARQL]
ResultSetMaxRows=100000
MaxQueryExecutionTime=120
""")
    proc = subprocess.Popen(
        ["virtuoso-t", "+configfile", str(db / "virtuoso.ini"), "+foreground"],
        cwd=db,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    isql = ["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba"]
    try:
        _wait(f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D")
        for _ in range(60):  # the SQL port comes up after the HTTP one
            if subprocess.run([*isql, "exec=select 1;"], capture_output=True, timeout=30).returncode == 0:
                break
            time.sleep(0.5)
        load = (
            f"ld_dir('{data}', 'graph.ttl', 'urn:berita-kg:union'); "
            f"ld_dir('{data}', 'graph.trig', 'urn:berita-kg:trig-default'); rdf_loader_run(); checkpoint;"
        )
        subprocess.run([*isql, f"exec={load}"], capture_output=True, timeout=300, check=True)
        errors = subprocess.run(
            [*isql, "exec=select ll_file, ll_error from DB.DBA.LOAD_LIST where ll_error is not null;"],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
        yield {
            "url": f"http://127.0.0.1:{http_port}/sparql",
            "load_errors": [ln for ln in errors.splitlines() if ln.startswith("/")],
        }
    finally:
        subprocess.run([*isql, "-K"], capture_output=True, timeout=60)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def _virtuoso_rows(url: str, query: str, graph: str | None = "urn:berita-kg:union"):
    params = {"query": query, **({"default-graph-uri": graph} if graph else {})}
    req = urllib.request.Request(
        f"{url}?{urllib.parse.urlencode(params)}", headers={"Accept": "application/sparql-results+json"}
    )
    try:
        data = json.loads(urllib.request.urlopen(req, timeout=120).read())
    except urllib.error.HTTPError as err:
        raise AssertionError(f"Virtuoso refused the query: {err.read().decode('utf-8', 'replace')[:1500]}") from err
    columns = data["head"]["vars"]
    return [[b.get(c, {}).get("value", "") for c in columns] for b in data["results"]["bindings"]]


def test_virtuoso_loads_both_files_without_error(virtuoso, examples_build):
    assert virtuoso["load_errors"] == []
    graphs = _virtuoso_rows(
        virtuoso["url"], "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://schema.org/NewsArticle> } }", graph=None
    )
    assert len(graphs) == examples_build[0].report["articles_built"]


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_virtuoso_answers_every_canned_query_as_the_store(virtuoso, expected, name):
    assert _norm(_virtuoso_rows(virtuoso["url"], _queries()[name])) == expected[name]


# ---------------------------------------------------------------- Jena (jars from Debian)


@pytest.fixture(scope="module")
def jena(tmp_path_factory):
    jars = Path("/usr/share/java")
    if not shutil.which("java") or not list(jars.glob("jena-arq*.jar")):
        pytest.skip("Jena is not installed (apt install libapache-jena-java)")
    cp = [str(p) for p in sorted(jars.glob("jena-*.jar"))]
    for name in (
        "commons-cli",
        "commons-codec",
        "commons-compress",
        "commons-csv",
        "commons-io",
        "commons-lang3",
        "dexx.collection",
        "gson",
        "guava",
        "httpclient",
        "httpclient-cache",
        "httpcore",
        "jackson-core",
        "jackson-databind",
        "jackson-annotations",
        "jsonld-java",
        "jakarta.json-api",
        "titanium-json-ld",
        "protobuf",
        "thrift",
        "slf4j-api",
        "slf4j-simple",
    ):
        if (jars / f"{name}.jar").exists():
            cp.append(str(jars / f"{name}.jar"))
    fix = tmp_path_factory.mktemp("jena-fix")  # Debian's jena-core relocates xerces resources: copy them back
    with zipfile.ZipFile(jars / "jena-core.jar") as z:
        for member in z.namelist():
            if member.startswith("org/apache/jena/ext/xerces/impl/") and not member.endswith("/"):
                target = fix / "xerces" / "impl" / member[len("org/apache/jena/ext/xerces/impl/") :]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(z.read(member))
                (fix / member).parent.mkdir(parents=True, exist_ok=True)
                (fix / member).write_bytes(z.read(member))
    cp.append(str(fix))
    return ["java", "-cp", ":".join(cp)]


def test_jena_riot_validates_the_exports(jena, examples_build):
    out = examples_build[1]
    proc = subprocess.run(
        [*jena, "riotcmd.riot", "--validate", str(out / "graph.ttl"), str(out / "graph.trig"), str(out / "graph.nq")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and "ERROR" not in proc.stdout + proc.stderr, proc.stderr[-2000:]


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_jena_answers_every_canned_query_as_the_store(jena, examples_build, expected, name):
    proc = subprocess.run(
        [*jena, "arq.sparql", "--data", str(examples_build[1] / "graph.ttl"), "--results=CSV", _queries()[name]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = list(csv.reader(io.StringIO(proc.stdout)))[1:]
    assert _norm(rows) == expected[name]


# ---------------------------------------------------------------- Oxigraph server


@pytest.fixture(scope="module")
def oxigraph(examples_build, tmp_path_factory):
    if not shutil.which("oxigraph"):
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    port = _free_port()
    proc = subprocess.Popen(
        [
            "oxigraph",
            "serve",
            "--location",
            str(tmp_path_factory.mktemp("oxigraph")),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(f"{base}/query?query=ASK%7B%7D")
        req = urllib.request.Request(
            f"{base}/store",
            data=(examples_build[1] / "graph.trig").read_bytes(),
            headers={"Content-Type": "application/trig"},
            method="POST",
        )
        status = urllib.request.urlopen(req, timeout=120).status
        yield {"base": base, "status": status}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_oxigraph_server_answers_every_canned_query_as_the_store(oxigraph, expected, name):
    assert oxigraph["status"] in (200, 201, 204)
    req = urllib.request.Request(
        f"{oxigraph['base']}/query",
        data=_queries()[name].encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    data = json.loads(urllib.request.urlopen(req, timeout=120).read())
    columns = data["head"]["vars"]
    rows = [[b.get(c, {}).get("value", "") for c in columns] for b in data["results"]["bindings"]]
    assert _norm(rows) == expected[name]
