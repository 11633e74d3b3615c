"""Score the entity layer on real news: the hand-made gold of ../shared/data/news-gold.

    python scripts/eval_news.py                 # the 40 gold articles, figures on stdout
    python scripts/eval_news.py --errors 30     # and the misses, wrong labels, splits and junk

The gold articles are read from the IndoSum corpus (../shared/corpora/indosum-dev) and built as
`kg build` builds them. Following ../shared/spec/annotation-guide.md ("What a scorer does"), a
node is *named* by a gold entity when one of the gold forms is one of the node's surface forms in
that article (case aside). Per gold entity: **found** when some node of the article is named by
it; **label** right when such a node's label is the gold name (case aside); **split** when its
forms name two or more nodes of its type. Per node of an article: **junk** when no gold form of
that article names it.

Facts, per the same guide: a graph fact of an article matches a gold fact of that article when its
property is the gold property, its subject node is named by the gold subject and its object node by
the gold object (either way round for symmetric properties; `said` on the speaker alone).
**Recall** is the share of gold facts matched; **precision** the share of the graph's distinct
facts (subject, property, object per article) that match a gold fact; **date** the share of the
gold facts with a date that are matched by a fact whose date starts with it (a dated fact not
found counts against it too). Figures are given for the
properties of contract version 1 (roles included), for version 2's, and per property.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.model import Extraction
    from kg.pipeline import BuildResult

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data" / "news-gold"
CORPUS = SHARED / "corpora" / "indosum-dev"


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class EntityScores:
    """Counts over the gold entities and the graph's nodes, and the errors behind them."""

    gold: int = 0
    found: int = 0
    labelled: int = 0
    typed: int = 0
    split: int = 0
    nodes: int = 0
    junk: int = 0
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def rates(self) -> dict[str, float]:
        return {
            "found": self.found / self.gold if self.gold else 0.0,
            "label": self.labelled / self.gold if self.gold else 0.0,
            "type": self.typed / self.found if self.found else 0.0,
            "split": self.split / self.gold if self.gold else 0.0,
            "junk": self.junk / self.nodes if self.nodes else 0.0,
        }


def _forms(ex: Extraction) -> dict[str, set[str]]:
    """Node key → its surface forms in one article (case aside)."""
    forms: dict[str, set[str]] = defaultdict(set)
    for m in ex.mentions:
        forms[m.entity.key].add(_norm(m.text))
    return forms


def load_gold(folder: Path = GOLD) -> list[dict]:
    """The gold articles, one dict each (article id, published, entities, facts)."""
    return [json.loads(line) for path in sorted(folder.glob("*.jsonl")) for line in path.open(encoding="utf-8")]


def corpus_records(ids: Iterable[str], folder: Path = CORPUS) -> dict[str, dict]:
    """The IndoSum records of these ids, by id."""
    wanted, found = set(ids), {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            if record.get("id") in wanted:
                found[record["id"]] = record
    return found


def build_gold_articles(gold: list[dict]) -> tuple[BuildResult, dict[str, str]]:
    """Build the gold articles as `kg build` would; the result and article id → gold id."""
    from kg.pipeline import build

    records = corpus_records(g["article"] for g in gold)
    missing = [g["article"] for g in gold if g["article"] not in records]
    if missing:
        raise SystemExit(f"not in {CORPUS}: {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="kg-news-gold-") as tmp:
        feed = Path(tmp) / "news-gold.jsonl"
        with feed.open("w", encoding="utf-8") as fh:
            for g in gold:
                fh.write(json.dumps(records[g["article"]], ensure_ascii=False) + "\n")
        result = build([feed], check=False)
    by_line = {f"{feed.resolve()}:{n}": g["article"] for n, g in enumerate(gold, start=1)}
    return result, {a.id: by_line[a.source] for a in result.articles if a.source in by_line}


def score_entities(gold: list[dict], result: BuildResult, gold_of: dict[str, str]) -> EntityScores:
    """The entity figures of a build of the gold articles (see the module's docstring)."""
    scores = EntityScores()
    by_gold = {g["article"]: g for g in gold}
    entities = result.entities
    for ex in result.extractions:
        g = by_gold.get(gold_of.get(ex.article.id, ""))
        if g is None:
            continue
        forms = _forms(ex)
        named_any: set[str] = set()
        for entity in g["entities"]:
            scores.gold += 1
            wanted = {_norm(f) for f in [entity["name"], *entity["forms"]]}
            named = sorted(key for key, seen in forms.items() if seen & wanted)
            named_any.update(named)
            label = {key: entities[key].entity.label for key in named if key in entities}
            if named:
                scores.found += 1
            else:
                scores.errors["missed"].append(f"{entity['name']} ({entity['type']}) in {g['article']}")
            if any(_norm(text) == _norm(entity["name"]) for text in label.values()):
                scores.labelled += 1
            elif named:
                scores.errors["label"].append(f"{entity['name']!r} labelled {sorted(label.values())}")
            same_type = [key for key in named if key in entities and entities[key].entity.type == entity["type"]]
            if same_type:
                scores.typed += 1
            elif named:
                types = sorted({entities[key].entity.type for key in named if key in entities})
                scores.errors["type"].append(f"{entity['name']} ({entity['type']}) typed {types}")
            if len(same_type) >= 2:
                scores.split += 1
                scores.errors["split"].append(f"{entity['name']} -> {same_type}")
        for key in forms:
            scores.nodes += 1
            if key not in named_any:
                scores.junk += 1
                scores.errors["junk"].append(f"{key} {sorted(forms[key])}")
    return scores


#: contract version 1's fact properties (../shared/spec/graph-contract.md)
V1 = frozenset(
    "visited metWith sentMessageTo signed signedOn enteredIntoForceOn leaderOf supports recognized invaded "
    "accused invited thanked sentTroopsTo opposedSanctionsOn locatedIn affiliatedWith".split()
)
SYMMETRIC = frozenset({"metWith", "cooperatedWith"})
UNSCORED = frozenset({"relatedTo"})


@dataclass
class FactCounts:
    """Counts for one property (or a group of them)."""

    gold: int = 0
    matched: int = 0
    made: int = 0
    right: int = 0
    dated: int = 0
    date_right: int = 0

    def add(self, other: FactCounts) -> None:
        for name in ("gold", "matched", "made", "right", "dated", "date_right"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def line(self) -> str:
        p = self.right / self.made if self.made else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        d = f"{self.date_right / self.dated:.3f} of {self.dated}" if self.dated else "-"
        return f"P {p:.3f} ({self.right}/{self.made})  R {r:.3f} ({self.matched}/{self.gold})  date {d}"


@dataclass
class FactScores:
    """Fact counts per property, and the errors behind them."""

    by_property: dict[str, FactCounts] = field(default_factory=lambda: defaultdict(FactCounts))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    articles: int = 0
    with_facts: int = 0  # articles with at least one asserted statement, relatedTo aside

    def group(self, properties: Iterable[str]) -> FactCounts:
        total = FactCounts()
        for prop in properties:
            if prop in self.by_property:
                total.add(self.by_property[prop])
        return total


def score_facts(gold: list[dict], result: BuildResult, gold_of: dict[str, str]) -> FactScores:
    """The fact figures of a build of the gold articles (see the module's docstring)."""
    scores = FactScores()
    by_gold = {g["article"]: g for g in gold}
    labels = {key: linked.entity.label for key, linked in result.entities.items()}
    for ex in result.extractions:
        g = by_gold.get(gold_of.get(ex.article.id, ""))
        if g is None:
            continue
        forms = _forms(ex)
        by_name = {e["name"]: e for e in g["entities"]}

        def nodes(name: str | None, forms: dict[str, set[str]] = forms, by_name: dict = by_name) -> set[str]:
            entity = by_name.get(name or "")
            wanted = {_norm(f) for f in ([entity["name"], *entity["forms"]] if entity else [name or ""])}
            return {key for key, seen in forms.items() if seen & wanted}

        made: dict[tuple[str, str, str], list[str]] = {}
        if any(f.modality == "asserted" and f.predicate not in UNSCORED for f in ex.facts):
            scores.with_facts += 1
        scores.articles += 1
        for f in ex.facts:
            if f.predicate in UNSCORED:
                continue  # relatedTo is judged by hand (README), the guide has no gold for it
            obj = f.object if f.object else (f.value.value if f.value else "")
            if f.predicate in SYMMETRIC and f.subject > obj:
                triple = (obj, f.predicate, f.subject)
            else:
                triple = (f.subject, f.predicate, obj)
            if f.predicate == "said":
                triple = (f.subject, "said", "")
            made.setdefault(triple, []).append(f.date.value if f.date else "")
        used: set[tuple[str, str, str]] = set()
        for fact in g["facts"]:
            prop = fact["p"]
            counts = scores.by_property[prop]
            counts.gold += 1
            subjects, objects = nodes(fact["s"]), nodes(fact["o"]) if fact["o"] else set()
            hits = [
                t
                for t in made
                if t[1] == prop
                and (
                    (t[0] in subjects and (prop == "said" or t[2] in objects))
                    or (prop in SYMMETRIC and t[0] in objects and t[2] in subjects)
                    or (prop in ("signedOn", "enteredIntoForceOn") and t[0] in subjects and t[2] == fact["o"])
                )
            ]
            if fact.get("date"):
                counts.dated += 1
            if hits:
                counts.matched += 1
                used.update(hits)
                if fact.get("date"):
                    if any(d.startswith(fact["date"]) for t in hits for d in made[t]):
                        counts.date_right += 1
                    else:
                        dates = sorted({d for t in hits for d in made[t]})
                        scores.errors["date"].append(f"{fact['s']} {prop} {fact['o']}: {fact['date']} vs {dates}")
            else:
                scores.errors["missed"].append(f"{fact['s']} {prop} {fact['o']} ({g['article'][:40]})")
        for triple in made:
            counts = scores.by_property[triple[1]]
            counts.made += 1
            if triple in used:
                counts.right += 1
            else:
                s, p, o = triple
                scores.errors["wrong"].append(f"{labels.get(s, s)} {p} {labels.get(o, o)} ({g['article'][:40]})")
    return scores


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print N errors of each kind")
    args = ap.parse_args(argv)
    if not GOLD.is_dir() or not CORPUS.is_dir():
        print(f"{GOLD} or {CORPUS} is not there: the script needs ../shared beside the repository", file=sys.stderr)
        return 2
    gold = load_gold()
    result, gold_of = build_gold_articles(gold)
    scores = score_entities(gold, result, gold_of)
    rates = scores.rates()
    print(f"news-gold: {len(gold)} articles, {scores.gold} gold entities, {scores.nodes} entity nodes (per article)")
    print(
        f"  found {rates['found']:.3f}  label {rates['label']:.3f}  split {rates['split']:.3f}  junk {rates['junk']:.3f}"
        f"  type {rates['type']:.3f}"
    )
    for kind in ("missed", "label", "type", "split", "junk"):
        for line in scores.errors[kind][: args.errors]:
            print(f"  {kind}: {line}")
    facts = score_facts(gold, result, gold_of)
    v2 = sorted(p for p in facts.by_property if p not in V1)
    print(f"facts, version 1 (roles included):  {facts.group(V1).line()}")
    print(f"facts, version 2's new properties: {facts.group(v2).line()}")
    print(f"facts, all typed properties:       {facts.group(facts.by_property).line()}")
    print(f"articles with an asserted fact: {facts.with_facts} of {facts.articles}")
    for prop, counts in sorted(facts.by_property.items(), key=lambda kv: (-kv[1].gold, kv[0])):
        print(f"  {prop:<20} {counts.line()}")
    for kind in ("missed", "wrong", "date"):
        for line in facts.errors[kind][: args.errors]:
            print(f"  {kind}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
