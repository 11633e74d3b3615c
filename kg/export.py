"""Writing a build to the output folder: graph.ttl, graph.trig, graph.jsonld, graph.nq,
graph.graphml, facts.csv, graph.html and report.json.

Every file is written to a temporary file in the same folder and the new store is built beside
the old one; only then are the files renamed over the old ones and the `store` link swapped, so
a crash never leaves half a file and a killed build leaves the previous outputs usable.
Serializations are deterministic: the same build gives byte-identical files (rdflib sorts Turtle
and TriG; JSON-LD and the HTML are sorted here).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import Dataset, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.plugins.serializers.trig import TrigSerializer

from .errors import OutputError
from .graph import union_graph
from .html import to_html
from .network import to_graphml
from .pipeline import BuildResult
from .vocab import BK, PREFIXES, SCHEMA

__all__ = ["OUTPUT_FILES", "write_atomic", "write_outputs", "to_turtle", "to_trig", "to_jsonld", "to_nquads",
           "to_facts_csv", "to_html", "to_report"]

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nq", "graph.graphml", "facts.csv", "graph.html",
                "report.json")
CSV_COLUMNS = ("statement", "subject", "subject_label", "predicate", "object", "object_label", "date", "date_text",
               "modality", "source_count", "sources", "evidence", "confidence", "extractor")
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _stage(path: Path, data: str | bytes) -> Path:
    """Write `data` to a new temporary file beside `path` (flushed to disk); the caller renames it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _failpoint(name: str) -> None:
    """Crash here, as a SIGKILL would, when BERITA_KG_FAILPOINT names this point: how the tests
    prove that a build killed at the worst moment leaves the previous outputs usable."""
    if os.environ.get("BERITA_KG_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def to_turtle(ds: Dataset) -> str:
    return union_graph(ds).serialize(format="turtle")


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG serializer with the graphs in IRI order (rdflib keeps them in hash order)."""

    def __init__(self, store: Dataset) -> None:
        super().__init__(store)
        self.contexts.sort(key=lambda g: (g.identifier != DATASET_DEFAULT_GRAPH_ID, str(g.identifier)))


def to_trig(ds: Dataset) -> str:
    buf = io.BytesIO()
    _SortedTrigSerializer(ds).serialize(buf, encoding="utf-8")
    return buf.getvalue().decode("utf-8")


def to_nquads(ds: Dataset) -> str:
    """N-Quads of every named graph and the default graph, one quad a line, sorted."""
    lines = ds.serialize(format="nquads").split("\n")  # not splitlines(): a literal may hold \x1e or \x85
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def to_facts_csv(ds: Dataset) -> str:
    """A row per statement (subject, predicate, object, date, modality, sources, evidence…), for a
    spreadsheet. Sources are the articles' headlines; several values are joined with " | "."""
    g = union_graph(ds)

    def label(node: object) -> str:
        if not isinstance(node, URIRef):
            return str(node)
        values = sorted(str(o) for o in g.objects(node, RDFS.label) if getattr(o, "language", None) == "id")
        return values[0] if values else ""

    def short(node: object) -> str:
        text = str(node)
        return text.rsplit("#", 1)[-1] if "#" in text else text.removeprefix("https://w3id.org/berita-kg/id/")

    rows = []
    for st in set(g.subjects(RDF.type, RDF.Statement)):
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        arts = sorted(g.objects(st, PROV.wasDerivedFrom))
        rows.append({
            "statement": short(st), "subject": short(s), "subject_label": label(s), "predicate": short(p),
            "object": short(o), "object_label": label(o),
            "date": " | ".join(sorted(str(d) for d in g.objects(st, BK.date))),
            "date_text": " | ".join(sorted(str(d) for d in g.objects(st, BK.dateText))),
            "modality": str(g.value(st, BK.modality) or "asserted"),
            "source_count": str(g.value(st, BK.sourceCount) or len(arts)),
            "sources": " | ".join(sorted(str(g.value(a, SCHEMA.headline) or short(a)) for a in arts)),
            "evidence": " | ".join(sorted(str(e) for e in g.objects(st, BK.evidence))),
            "confidence": str(g.value(st, BK.confidence) or ""),
            "extractor": " | ".join(sorted(str(e) for e in g.objects(st, BK.extractor))),
        })
    rows.sort(key=lambda r: (r["subject"], r["predicate"], r["object"], r["date"], r["modality"], r["statement"]))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _sort_jsonld(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sort_jsonld(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(ds: Dataset) -> str:
    """JSON-LD of the union graph, with a context of the contract's prefixes, in a stable order."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    data = json.loads(union_graph(ds).serialize(format="json-ld", context=context, auto_compact=True))
    data = _sort_jsonld(data)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def to_report(result: BuildResult) -> str:
    return json.dumps(result.report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


WRITERS: dict[str, Callable[[BuildResult], str]] = {
    "graph.ttl": lambda r: to_turtle(r.dataset),
    "graph.trig": lambda r: to_trig(r.dataset),
    "graph.jsonld": lambda r: to_jsonld(r.dataset),
    "graph.nq": lambda r: to_nquads(r.dataset),
    "graph.graphml": lambda r: to_graphml(r.dataset),
    "facts.csv": lambda r: to_facts_csv(r.dataset),
    "graph.html": lambda r: to_html(r.dataset),
    "report.json": to_report,
}


def _build_store(trig: Path, outdir: Path) -> Path:
    """A complete Oxigraph store of `trig` in a new hidden folder of `outdir`."""
    import gc

    from .query import load_store

    fresh = Path(tempfile.mkdtemp(prefix=".store.", dir=outdir))
    try:
        store = load_store(trig, fresh)
        store.flush()
        del store
        gc.collect()
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return fresh


def _swap_store(outdir: Path, fresh: Path) -> None:
    """Point `OUTDIR/store` at `fresh` by replacing a symbolic link, one atomic rename: at every
    moment `store` is the old complete store or the new one. The old one is then deleted."""
    from .query import STORE_DIR

    link = outdir / STORE_DIR
    old: Path | None = None
    if link.is_symlink():
        old = link.resolve()
    elif link.exists():  # a real folder, from a version before the link: moved aside once
        old = Path(tempfile.mkdtemp(prefix=".store-old.", dir=outdir))
        os.replace(link, old / STORE_DIR)
    tmp_link = outdir / f".store-link.{fresh.name}"
    os.symlink(fresh.name, tmp_link)  # relative: the folder can be moved
    os.replace(tmp_link, link)
    if old is not None and old != fresh.resolve():
        shutil.rmtree(old, ignore_errors=True)


def clean_stale(outdir: Path) -> None:
    """Remove what a killed build left in `outdir`: temporary files, stores never swapped in."""
    from .query import STORE_DIR

    if not outdir.is_dir():
        return
    link = outdir / STORE_DIR
    current = link.resolve() if link.is_symlink() else None
    for path in outdir.iterdir():
        if path.name.startswith(".") and path.name.endswith(".tmp") and path.is_file():
            path.unlink(missing_ok=True)
        elif path.name.startswith((".store.", ".store-old.")) and path.is_dir() and path.resolve() != current:
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".store-link.") and path.is_symlink():
            path.unlink(missing_ok=True)


def write_store(trig: Path, outdir: Path) -> Path:
    """The embedded SPARQL store (`OUTDIR/store`, Oxigraph) loaded from a TriG file. Built beside
    the old one and swapped in atomically (see `_swap_store`)."""
    from .query import STORE_DIR

    _swap_store(outdir, _build_store(trig, outdir))
    return outdir / STORE_DIR


def write_outputs(result: BuildResult, outdir: str | os.PathLike[str]) -> list[Path]:
    """Serialize everything, write it all to temporary files and build the new store beside the
    old, and only then rename the files into place and swap the store: a build killed before
    the renames leaves every previous output as it was; the renames take microseconds. Returns
    the paths written."""
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder: give -o a folder path.")
    contents = {name: WRITERS[name](result) for name in OUTPUT_FILES}
    staged: dict[str, Path] = {}
    try:
        out.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        for name, data in contents.items():
            staged[name] = _stage(out / name, data)
        fresh = _build_store(staged["graph.trig"], out)
        _failpoint("outputs-staged")
        for n, (name, tmp) in enumerate(staged.items()):
            os.replace(tmp, out / name)
            if n == len(staged) // 2:
                _failpoint("outputs-half-renamed")
        _swap_store(out, fresh)
    except OSError as exc:
        raise OutputError(f"cannot write to {out} ({exc.strerror or exc}): check the folder's permissions.") from exc
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return [out / name for name in OUTPUT_FILES] + [out / "store"]
