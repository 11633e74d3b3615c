"""The corridor: inputs → articles → near-duplicates → extraction → linking → graph → report.

Pure apart from reading the inputs (`kg.ingest`); writing is `kg.export`'s job. `extract` is a
pure function of one article, so later engines (a process pool, Dask) can map it.
"""

from __future__ import annotations

import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from rdflib import Dataset, Graph

from . import __version__
from .export.drawing import DEFAULT_DRAW, Draw, check_draw
from .extract.clauses import related_facts
from .extract.conflicts import find_conflicts
from .extract.link import LinkedEntity, doc_mentions, link_entities, merge_short_forms, unify_types
from .extract.quotes import extract_quotes
from .extract.relations import extract_facts
from .extract.treaties import merge_treaties, resolve_treaties
from .ingest.clean import article_id, clean_text, content_hash
from .ingest.dedup import find_duplicates
from .ingest.files import MAX_FILE_BYTES, read_inputs, split_long
from .ingest.files import source_file_of as source_file
from .ingest.readers import strip_dateline
from .model import Article, Extraction, Fact, RawArticle, Skipped
from .nlp import DEFAULT_RECOGNIZER
from .nlp.loading import make_docs
from .rdf.graph import build_dataset, mention_pairs, statement_iri, union_view
from .rdf.validate import Violation, validate

log = logging.getLogger(__name__)

__all__ = [
    "BuildResult",
    "prepare",
    "extract",
    "extract_many",
    "extract_text",
    "fact_record",
    "build",
    "build_articles",
]

T = TypeVar("T")
MAX_REPORTED_VIOLATIONS = 200  # report.json lists this many; `kg validate` prints them all
Progress = Callable[[Iterable[T], int], Iterable[T]]


@dataclass
class BuildResult:
    """Everything a build produced, ready for `kg.export.write_outputs`."""

    dataset: Dataset
    report: dict[str, Any]
    articles: list[Article] = field(default_factory=list)
    extractions: list[Extraction] = field(default_factory=list)
    entities: dict[str, LinkedEntity] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)
    per_article: list[Extraction] = field(default_factory=list)  # each article's own, before linking: the cache
    draw: Draw = DEFAULT_DRAW  # which entities graph.html and graph.graphml draw (kg.export.drawing)

    @property
    def built(self) -> int:
        return int(self.report["articles_built"])

    @cached_property
    def union(self) -> Graph:
        """Every triple of the dataset in one graph (what graph.ttl holds), a view of the dataset
        made once per build and shared by validation and every writer."""
        return union_view(self.dataset)


def prepare(raw: RawArticle) -> Article | Skipped:
    """Clean one raw article and give it its content-derived id."""
    text = clean_text(raw.body)
    if not text.strip():
        return Skipped(raw.source, "no article text left after removing page noise", name=raw.name)
    headline, notes = raw.headline, raw.notes
    if not (headline and headline.strip()):
        headline = first_sentence(text)
        notes = (*notes, "no title in the input: the headline is the text's first sentence")
    return Article(
        id=article_id(text),
        text=text,
        source=raw.source,
        headline=headline,
        published=raw.published,
        publisher=raw.publisher,
        url=raw.url,
        content_hash=content_hash(text),
        notes=notes,
        name=raw.name,
    )


def first_sentence(text: str, limit: int = 120) -> str:
    """The first sentence of a text without its dateline ("Jakarta, CNN Indonesia -- "), cut at a
    word before `limit` characters (a stand-in headline)."""
    line = strip_dateline(next((ln.strip() for ln in text.splitlines() if ln.strip()), ""))
    end = next(
        (
            i + 1
            for i, ch in enumerate(line)
            if ch in ".!?"
            and (i + 1 == len(line) or line[i + 1] == " ")
            and i > 0
            and (line[i - 1].islower() or line[i - 1].isdigit() or line[i - 1] in "\"')”")
        ),
        len(line),
    )
    sentence = line[:end].strip()
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def extract(article: Article, *, recognizer: str = DEFAULT_RECOGNIZER) -> Extraction:
    """Entities and facts of one article (pure: same article, same result)."""
    return next(extract_many([article], recognizer=recognizer))


def extract_many(articles: Iterable[Article], *, recognizer: str = DEFAULT_RECOGNIZER) -> Iterator[Extraction]:
    """`extract` over many articles, in order, the networks running in batches
    (`kg.nlp.loading.make_docs`)."""
    pending: deque[Article] = deque()

    def texts() -> Iterator[tuple[str, str | None]]:
        for article in articles:
            pending.append(article)
            yield article.text, article.published

    for doc in make_docs(texts(), recognizer=recognizer):
        article = pending.popleft()
        mentions = doc_mentions(doc)
        facts = extract_facts(doc, article.id)
        facts += extract_quotes(doc, article.id, facts)
        facts, treaties = resolve_treaties(doc, [*facts, *related_facts(doc, article.id, facts)], mentions)
        yield Extraction(
            article=article,
            mentions=tuple(sorted((*mentions, *treaties), key=lambda m: (m.start, m.end))),
            facts=tuple(facts),
        )


def fact_record(fact: Fact) -> dict[str, Any]:
    """A fact as a JSON-ready dict (what `kg facts` prints)."""
    record: dict[str, Any] = {
        "subject": fact.subject,
        "predicate": fact.predicate,
        "object": fact.value.value if fact.value else fact.object,
    }
    if fact.date:
        record.update(date=fact.date.value, date_text=fact.date.text)
        if fact.date.end:
            record["end_date"] = fact.date.end
    if fact.role:
        record["role"] = fact.role
    if fact.former:
        record["former"] = True
    if fact.reported:
        record["reported_on"] = fact.reported.value
    if fact.quote:
        record["quote"] = fact.quote
    if fact.quote_type:
        record["quote_type"] = fact.quote_type
    if fact.about:
        record["about"] = list(fact.about)
    if fact.penalty:
        record["penalty"] = fact.penalty
    if fact.verb:
        record["verb"] = fact.verb
    record.update(modality=fact.modality, confidence=fact.confidence, rule=fact.extractor, evidence=fact.evidence)
    return record


def extract_text(
    text: str, published: str | None = None, source: str = "<text>", *, recognizer: str = DEFAULT_RECOGNIZER
) -> list[Fact]:
    """The facts of one text, as a build of that text alone would state them (a text over
    `kg.ingest.files.MAX_ARTICLE_CHARS` in parts, as the build reads it)."""
    parts = [prepare(raw) for raw in split_long(RawArticle(source=source, body=text, published=published))]
    articles = [a for a in parts if not isinstance(a, Skipped)]
    return [fact for ex in extract_many(articles, recognizer=recognizer) for fact in ex.facts]


def _no_progress(items: Iterable[T], total: int) -> Iterable[T]:
    return items


def build_articles(
    raws: Iterable[RawArticle],
    *,
    skipped: Iterable[Skipped] = (),
    records_read: int | None = None,
    warnings: Iterable[str] = (),
    progress: Progress | None = None,
    check: bool = True,
    previous: Iterable[Article] = (),
    cached: Mapping[str, Extraction] | None = None,
    mapper: Callable[[Sequence[Article]], list[Extraction]] | None = None,
    timings: dict[str, float] | None = None,
    recognizer: str = DEFAULT_RECOGNIZER,
    draw: str = DEFAULT_DRAW,
) -> BuildResult:
    """Build the graph from raw articles already read; with `check`, validate it against the
    SHACL shapes and put the violations in the report (`shacl`). `draw` is kept for the
    writers: which entities graph.html and graph.graphml draw (`kg.export.drawing`).

    Incremental builds: `previous` are the articles of an earlier build (kept unless an input of
    the same source replaces them: an edited article), `cached` their extractions by article id
    (reused instead of running the NLP again). `mapper` runs the extraction of many articles
    (kg.engines: local processes, Dask; without one, `recognizer` runs here); `timings` receives
    seconds per stage."""
    draw = check_draw(draw)
    clock = _Clock(timings)
    raws = list(raws)
    skipped = list(skipped)
    if records_read is None:
        records_read = len(raws) + sum(s.count for s in skipped)
    warnings = list(warnings)
    progress = progress or _no_progress
    log.info("cleaning %s article(s)", f"{len(raws):,}")
    articles: list[Article] = []
    exact: list[dict[str, str]] = []
    by_id: dict[str, Article] = {}
    for raw in raws:
        art = prepare(raw)
        if isinstance(art, Skipped):
            skipped.append(art)
        elif art.id in by_id:  # the very same text twice: one article
            exact.append(
                {
                    "source": art.shown,
                    "duplicate_of": by_id[art.id].shown,
                    "article": art.id,
                    "duplicate_of_article": art.id,
                }
            )
        else:
            by_id[art.id] = art
            articles.append(art)
    # a file read again replaces all its earlier articles (an edited page, a JSONL line removed)
    files_read = {source_file(a.source) for a in articles} | {source_file(s.source) for s in skipped}
    carried = [a for a in previous if a.id not in by_id and source_file(a.source) not in files_read]
    for art in carried:
        by_id[art.id] = art
        articles.append(art)
    records_read += len(carried)
    cached = cached or {}
    clock.lap("prepare")
    log.info("finding near-duplicates among %s article(s)", f"{len(articles):,}")
    duplicates = find_duplicates([(a.id, a.text) for a in articles])
    clock.lap("duplicates")
    originals = [a for a in articles if a.id not in duplicates]
    todo = [a for a in originals if a.id not in cached]
    log.info(
        "analysing %s article(s) (%s reused from earlier builds)", f"{len(todo):,}", f"{len(originals) - len(todo):,}"
    )
    if mapper is None:
        fresh = {ex.article.id: ex for ex in extract_many(progress(todo, len(todo)), recognizer=recognizer)}
    else:
        fresh = {a.id: ex for a, ex in zip(todo, mapper(todo), strict=True)}
    clock.lap("extract")
    log.info("linking the entities of %s article(s)", f"{len(originals):,}")
    per_article = [cached[a.id] if a.id in cached else fresh[a.id] for a in originals]  # before cross-article linking
    extractions = merge_short_forms(merge_treaties(unify_types(per_article)))
    entities = link_entities(extractions)
    clock.lap("link")
    facts = [f for ex in extractions for f in ex.facts]
    log.info("making the graph: %s entities, %s statements", f"{len(entities):,}", f"{len(facts):,}")
    conflicts = find_conflicts(facts, statement_iri)
    dataset = build_dataset(articles, facts, entities, duplicates, conflicts, mention_pairs(extractions))
    clock.lap("graph")
    log.info("writing the report")
    dup_rows = exact + [
        {"source": by_id[d].shown, "duplicate_of": by_id[o].shown, "article": d, "duplicate_of_article": o}
        for d, o in duplicates.items()
    ]
    report = _report(records_read, originals, extractions, entities, dup_rows, skipped, warnings)
    report["conflicts"] = [c.as_dict() for c in conflicts]
    report["incremental"] = {
        "carried_over": len(carried),
        "extractions_reused": len(originals) - len(todo),
        "extracted": len(todo),
    }
    clock.lap("report")
    result = BuildResult(
        dataset=dataset,
        report=report,
        articles=articles,
        extractions=extractions,
        entities=entities,
        duplicates=duplicates,
        per_article=per_article,
        draw=draw,
    )
    if check:
        log.info("checking the graph against the SHACL shapes")
        record_violations(result, validate(result.union))
        clock.lap("validate")
    return result


def record_violations(result: BuildResult, violations: Sequence[Violation]) -> None:
    """Put the SHACL check's outcome in the build's report (`shacl`): done by `build_articles`
    with `check`, or by `kg.export.files.write_outputs`, which validates beside the writers."""
    result.report["shacl"] = {
        "conforms": not violations,
        "violation_count": len(violations),
        "violations": [v.as_dict() for v in violations[:MAX_REPORTED_VIOLATIONS]],
    }


def build(
    paths: Iterable[str | os.PathLike[str]],
    *,
    progress: Progress | None = None,
    check: bool = True,
    previous: Iterable[Article] = (),
    cached: Mapping[str, Extraction] | None = None,
    mapper: Callable[[Sequence[Article]], list[Extraction]] | None = None,
    timings: dict[str, float] | None = None,
    recognizer: str = DEFAULT_RECOGNIZER,
    max_file_bytes: int = MAX_FILE_BYTES,
    draw: str = DEFAULT_DRAW,
) -> BuildResult:
    """Read every file under `paths` and build the graph. Bad input is skipped and reported,
    a file over `max_file_bytes` too (it is not read)."""
    start = time.perf_counter()
    log.info("reading the inputs")
    read = read_inputs(paths, max_bytes=max_file_bytes)
    if timings is not None:
        timings["ingest"] = timings.get("ingest", 0.0) + time.perf_counter() - start
    return build_articles(
        read.articles,
        skipped=read.skipped,
        records_read=read.records_read,
        warnings=read.warnings,
        progress=progress,
        check=check,
        previous=previous,
        cached=cached,
        mapper=mapper,
        timings=timings,
        recognizer=recognizer,
        draw=draw,
    )


class _Clock:
    """Seconds per stage into a dict (or nowhere), and to the log at DEBUG level."""

    def __init__(self, into: dict[str, float] | None) -> None:
        self.into, self.last = into, time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        log.debug("%s took %.1f s", stage, now - self.last)
        if self.into is not None:
            self.into[stage] = self.into.get(stage, 0.0) + now - self.last
        self.last = now


def _articles_with_facts(extractions: Iterable[Extraction]) -> int:
    """How many articles (one extraction each) state at least one asserted fact other than
    bk:relatedTo, the catch-all link: the share of the news the graph says something about."""
    return sum(any(f.modality == "asserted" and f.predicate != "relatedTo" for f in ex.facts) for ex in extractions)


def _keys_in_facts(extractions: Iterable[Extraction]) -> set[str]:
    """Every entity key some statement names, of any modality: as subject, object or `about`."""
    return {k for ex in extractions for f in ex.facts for k in (f.subject, f.object, *f.about) if k}


def _report(
    records_read: int,
    built: list[Article],
    extractions: list[Extraction],
    entities: dict[str, LinkedEntity],
    duplicates: list[dict[str, str]],
    skipped: list[Skipped],
    warnings: list[str],
) -> dict[str, Any]:
    statements: dict[str, set[str]] = {}
    hedged: dict[str, set[str]] = {"alleged": set(), "denied": set()}
    per_article: dict[str, int] = {}
    for ex in extractions:
        per_article[ex.article.id] = len({statement_iri(f) for f in ex.facts})
        for f in ex.facts:
            if f.modality == "asserted":
                statements.setdefault(f.predicate, set()).add(str(statement_iri(f)))
            else:
                hedged.setdefault(f.modality, set()).add(str(statement_iri(f)))
    return {
        "kg_version": __version__,
        "articles_read": records_read,
        "articles_built": len(built),
        "duplicates": sorted(duplicates, key=lambda d: (d["source"], d["duplicate_of"])),
        "skipped_count": sum(s.count for s in skipped),
        "skipped": sorted(
            ({"source": s.shown, "reason": s.reason, **({"count": s.count} if s.count > 1 else {})} for s in skipped),
            key=lambda s: (s["source"], s["reason"]),
        ),
        "entities": dict(sorted(Counter(le.entity.type for le in entities.values()).items())),
        "facts": {prop: len(ids) for prop, ids in sorted(statements.items())},
        "statements_not_asserted": {m: len(ids) for m, ids in sorted(hedged.items())},
        "articles_with_facts": _articles_with_facts(extractions),
        "entities_without_facts": len(set(entities) - _keys_in_facts(extractions)),
        "conflicts": [],
        "warnings": sorted(set(warnings)),
        "articles": [
            {
                "id": a.id,
                "source": a.shown,
                "headline": a.headline,
                "published": a.published,
                "publisher": a.publisher,
                "statements": per_article.get(a.id, 0),
                "notes": list(a.notes),
            }
            for a in sorted(built, key=lambda a: (a.shown, a.source))
        ],
    }
