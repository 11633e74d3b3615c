"""The build state kept in the output folder, so that builds are incremental.

`OUTDIR/.kg/` holds one JSON file per article with what the NLP found in it (its `Extraction`),
named by the article's content-derived id, and `state.json` with the pipeline's fingerprint. A
new build reuses the extraction of every article whose text has not changed, runs the NLP only
on new or edited ones, and redoes the cheap global steps (duplicates, linking, graph) over all.
When the package's code, data or models change, the fingerprint changes and the cache is not
used. `kg remove ARTICLE_ID` drops one article from it.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from . import __version__
from .model import Article, DateValue, Entity, Extraction, Fact, Mention
from .nlp import DEFAULT_RECOGNIZER, RECOGNIZERS

log = logging.getLogger(__name__)

__all__ = [
    "CACHE_DIR",
    "FINGERPRINTED",
    "fingerprint",
    "compute_fingerprint",
    "fingerprint_files",
    "load_cache",
    "save_cache",
    "remove_from_cache",
    "built_with",
    "drawn_with",
    "to_json",
    "from_json",
]

CACHE_DIR = ".kg"


#: What shapes an extraction, under the package's folder, hashed whole (every file below a folder,
#: so that a module or data file added later is covered without editing this list): the stages
#: that read, clean and analyse an article, the records and vocabulary they use, the data files
#: and their schemas, and the trained models.
FINGERPRINTED = (
    "ingest",
    "nlp",
    "extract",
    "data",
    "models",
    "model.py",
    "types.py",
    "vocab.py",
    "resources.py",
    "schemas.py",
    "pipeline.py",
)


def package_root() -> Path:
    return Path(str(resources.files("kg")))


def fingerprint_files(root: Path | None = None) -> list[Path]:
    """Every file the fingerprint hashes, sorted (compiled bytecode left out)."""
    root = root or package_root()
    found: list[Path] = []
    for name in FINGERPRINTED:
        path = root / name
        if path.is_file():
            found.append(path)
        elif path.is_dir():
            found.extend(
                p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
    return sorted(found)


def fingerprint(recognizer: str = DEFAULT_RECOGNIZER) -> str:
    """The installed package's fingerprint with `recognizer`, computed once per process."""
    return _installed_fingerprint(recognizer)


@lru_cache(maxsize=4)
def _installed_fingerprint(recognizer: str) -> str:
    return compute_fingerprint(recognizer, package_root())


def compute_fingerprint(recognizer: str, root: Path) -> str:
    """A hash of what decides an extraction: the version, the recognizer and every file of
    `FINGERPRINTED` under `root` (its path and bytes)."""
    h = hashlib.sha256(f"{__version__} {recognizer}".encode())
    for path in fingerprint_files(root):
        h.update(str(path.relative_to(root)).encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:16]


def _date(d: dict[str, Any] | None) -> DateValue | None:
    return DateValue(**d) if d else None


def to_json(article: Article, extraction: Extraction | None) -> str:
    """One article and, if the NLP ran on it (it is no duplicate), what it found."""
    ex = asdict(extraction) if extraction is not None else None
    if ex is not None:
        del ex["article"]
    return json.dumps({"article": asdict(article), "extraction": ex}, ensure_ascii=False, sort_keys=True)


def from_json(text: str) -> tuple[Article, Extraction | None]:
    d = json.loads(text)
    article = Article(**{**d["article"], "notes": tuple(d["article"]["notes"])})
    ex = d["extraction"]
    if ex is None:
        return article, None
    mentions = tuple(
        Mention(entity=Entity(**m["entity"]), text=m["text"], start=m["start"], end=m["end"]) for m in ex["mentions"]
    )
    facts = tuple(
        Fact(
            **{
                **f,
                "date": _date(f["date"]),
                "value": _date(f["value"]),
                "reported": _date(f["reported"]),
                "about": tuple(f.get("about", ())),  # JSON gives a list: a Fact holds a tuple (hashable)
            }
        )
        for f in ex["facts"]
    )
    return article, Extraction(article=article, mentions=mentions, facts=facts, warnings=tuple(ex["warnings"]))


def _folder(outdir: str | Path) -> Path:
    return Path(outdir) / CACHE_DIR


def load_cache(outdir: str | Path, recognizer: str = DEFAULT_RECOGNIZER) -> tuple[list[Article], dict[str, Extraction]]:
    """The articles of the previous build in this folder and their cached extractions (by id).
    The articles are kept whatever the pipeline; the extractions only if its fingerprint (with
    `recognizer`) is the same (else the NLP runs again)."""
    folder = _folder(outdir)
    log.info("reading the earlier builds in %s", outdir)
    fresh = _state(outdir).get("fingerprint") == fingerprint(recognizer)
    articles, extractions = [], {}
    for path in sorted((folder / "articles").glob("*.json")):
        try:
            article, ex = from_json(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError, TypeError, KeyError):
            continue  # a damaged entry: its input must be given again
        articles.append(article)
        if ex is not None and fresh:
            extractions[article.id] = ex
    return articles, extractions


def save_cache(
    outdir: str | Path,
    articles: list[Article],
    extractions: list[Extraction],
    recognizer: str = DEFAULT_RECOGNIZER,
    *,
    draw: str | None = None,
) -> None:
    """Keep exactly these articles (with their extractions, made with `recognizer`), each file
    written atomically; `draw` (what the drawings show, see `drawn_with`) is recorded too."""
    from .export.files import write_atomic

    log.info("saving %s article(s) for the next build", f"{len(articles):,}")
    folder = _folder(outdir)
    (folder / "articles").mkdir(parents=True, exist_ok=True)
    by_id = {ex.article.id: ex for ex in extractions}
    keep = set()
    for article in articles:
        path = folder / "articles" / f"{article.id}.json"
        keep.add(path.name)
        data = to_json(article, by_id.get(article.id))
        if not path.is_file() or path.read_text(encoding="utf-8") != data:
            write_atomic(path, data)
    for path in (folder / "articles").glob("*.json"):
        if path.name not in keep:
            path.unlink()
    write_atomic(
        folder / "state.json",
        json.dumps(
            {
                "fingerprint": fingerprint(recognizer),
                "kg_version": __version__,
                "recognizer": recognizer,
                **({"draw": draw} if draw is not None else {}),
                "articles": len(keep),
            },
            indent=1,
        )
        + "\n",
    )


def remove_from_cache(outdir: str | Path, article_id: str) -> bool:
    """Drop one article's extraction; whether it was there."""
    path = _folder(outdir) / "articles" / f"{article_id}.json"
    if not path.is_file():
        return False
    path.unlink()
    return True


def _state(outdir: str | Path) -> dict[str, Any]:
    """The folder's state.json (empty when there is none or it is damaged)."""
    try:
        state = json.loads((_folder(outdir) / "state.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return state if isinstance(state, dict) else {}


def built_with(outdir: str | Path) -> str:
    """The recognizer the folder's last build used (the default for a folder from before it was
    recorded): what `kg remove` keeps using, so that no article is analysed again."""
    value = _state(outdir).get("recognizer")
    return value if value in RECOGNIZERS else DEFAULT_RECOGNIZER


def drawn_with(outdir: str | Path) -> str:
    """The `--draw` of the folder's last build (the default for a folder from before it was
    recorded): what `kg remove` keeps drawing. Not part of the fingerprint: it changes no analysis."""
    from .export.drawing import DEFAULT_DRAW, DRAW_CHOICES

    value = _state(outdir).get("draw")
    return value if value in DRAW_CHOICES else DEFAULT_DRAW
