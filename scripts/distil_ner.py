"""Distil the recognizer committee into one network (issue 21): silver labels, then one student.

    python scripts/distil_ner.py label --out /tmp/kg-distil/silver.spacy     # 3-10 min on 2 processes
    # phase 1: gold x8 + silver + POS data, a wider network (about 33 min on 2 cores)
    python scripts/train_ner.py --output /tmp/kg-distil/s1 --extra-docbin /tmp/kg-distil/silver.spacy \
        --ner-repeat 8 --width 128 --rows 20000 --max-steps 8000 --patience 4000
    # phase 2: gold x4 + POS data only, from phase 1's weights (about 4 min)
    python scripts/train_ner.py --output /tmp/kg-distil/s1ft --init-from /tmp/kg-distil/s1 \
        --ner-repeat 4 --max-steps 1600 --learn-rate 0.0002 --patience 1200

Measured 2026-12-01 (idner-news-2k dev, through the full pipeline, `scripts/eval_ner.py --model`):
phase 1 F1 0.843, phase 2 0.846 (0.842 with --averages), against 0.859 for the committee and 0.833
for kg/models/ner alone: short of the 0.86 issue 21 asks of one network, so no student is shipped.

`label` runs the committee (the five trained recognizers of kg/models and the vote `bk_vote`,
three votes of five, as kg.nlp.loading builds it, but none of the later rule components that
retype entities) over every sentence of the IndoSum dev folds (../shared/corpora/indosum-dev),
each article once (first occurrence, files and lines in order), leaving out the articles of
../shared/data/news-gold (the real-news measurement). Each sentence is its tokens joined back
into running text (`kg.ingest.readers.detokenize`) and re-tokenized by the project's tokenizer, as
at run time; its PER/LOC/ORG spans are the committee's, every other token is O. The result is a
DocBin (not kept in git) that train_ner.py adds to the gold data (`--extra-docbin`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Set as AbstractSet
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from spacy.tokens import DocBin

ROOT = Path(__file__).resolve().parent.parent
INDOSUM = ROOT.parent / "shared" / "corpora" / "indosum-dev"
NEWS_GOLD = ROOT.parent / "shared" / "data" / "news-gold"
LABELS = ("PER", "LOC", "ORG")


def gold_article_ids(folder: Path = NEWS_GOLD) -> set[str]:
    """The ids of the real-news measurement's articles (field `article` of its JSON lines)."""
    ids: set[str] = set()
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line)["article"])
    return ids


def indosum_sentences(folder: Path = INDOSUM, exclude: AbstractSet[str] = frozenset()) -> list[tuple[str, list[str]]]:
    """(article id, its sentences as running text) for each IndoSum article once, in file order."""
    from kg.ingest.readers import detokenize

    seen: set[str] = set()
    articles = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec["id"] in seen or rec["id"] in exclude:
                continue
            seen.add(rec["id"])
            sents = [detokenize(s) for para in rec["paragraphs"] for s in para if s]
            articles.append((rec["id"], [s for s in sents if s.strip()]))
    return articles


def committee():
    """The committee as kg.nlp.loading loads it (tok2vec, tagger, ner, bk_vote), and nothing after."""
    import spacy

    from kg.nlp.loading import COMMITTEE, model_path

    path = model_path()
    nlp = spacy.load(path, exclude=["tokenizer"])
    members = [m for m in COMMITTEE if (path.parent / m / "meta.json").is_file()]
    assert len(members) == 4, members
    nlp.add_pipe("bk_vote", after="ner", config={"members": members, "min_votes": (len(members) + 1) // 2 + 1})
    return nlp


def _label_shard(texts: list[str]) -> bytes:
    nlp = committee()
    out = DocBin(store_user_data=False)
    for doc in nlp.pipe((nlp.make_doc(t) for t in texts), batch_size=256):
        doc.ents = [e for e in doc.ents if e.label_ in LABELS]  # the others (none today) become O
        out.add(doc)
    return out.to_bytes()


def label(out: Path, processes: int = 2, limit: int = 0) -> dict[str, int]:
    """Write the committee's labels of the IndoSum sentences to `out` (a DocBin), in a fixed order
    (articles in file order, sentences in order; shards are contiguous and merged in order)."""
    articles = indosum_sentences(exclude=gold_article_ids())
    if limit:
        articles = articles[:limit]
    texts = [s for _, sents in articles for s in sents]
    n = max(1, processes)
    size = -(-len(texts) // n)
    shards = [texts[i : i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(max_workers=n) as pool:
        parts = list(pool.map(_label_shard, shards))
    merged = DocBin(store_user_data=False)
    for part in parts:
        merged.merge(DocBin(store_user_data=False).from_bytes(part))
    out.parent.mkdir(parents=True, exist_ok=True)
    merged.to_disk(out)
    from kg.nlp.tokenizer import blank

    docs = list(merged.get_docs(blank().vocab))
    return {
        "articles": len(articles),
        "sentences": len(docs),
        "tokens": sum(len(d) for d in docs),
        "entities": sum(len(d.ents) for d in docs),
        **{lab: sum(1 for d in docs for e in d.ents if e.label_ == lab) for lab in LABELS},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    lab = sub.add_parser("label", help="the committee's silver labels of the IndoSum sentences")
    lab.add_argument("--out", type=Path, default=Path("/tmp/kg-distil/silver.spacy"))
    lab.add_argument("--processes", type=int, default=2)
    lab.add_argument("--limit", type=int, default=0, help="only the first N articles (smoke tests)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    stats = label(args.out, args.processes, args.limit)
    print(json.dumps({**stats, "seconds": round(time.perf_counter() - t0, 1), "out": str(args.out)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
