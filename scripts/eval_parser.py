"""Score a trained parser pipeline (kg/models/parser) on the raw text of UD Indonesian test files.

    python scripts/eval_parser.py                            # kg/models/parser on GSD test and CSUI test
    python scripts/eval_parser.py /tmp/parser-a --data held  # on the held-out tenth of the training pool
    python scripts/eval_parser.py --write /tmp/sys.conllu    # also write system and gold CoNLL-U

Each sentence's `# text =` line is tokenized by the project's tokenizer and run through the
pipeline; nothing of the gold tokenization or sentence split is given. Scoring follows the CoNLL
2018 shared task's scorer (conll18_ud_eval.py): words are aligned by their character offsets in
the text (whitespace ignored), and UPOS, UAS, LAS (the relation's universal part, "obl:agent" is
"obl") and lemma are F1 over gold and system words. The gold side is prepared as for training
(`kg.eval.ud.prepare`: multi-word tokens merged, conventions harmonised); `--original` scores
against the treebank's own relations and lemmas instead (multi-word tokens still merged). Also
printed: LAS with full relations, per-relation precision, recall and F1 (a word counts when its
head and full relation are right), and the pipeline's speed in words a second on one thread.

With `--write FILE` the system's CoNLL-U goes to FILE and the prepared gold to FILE's name with
`.gold` before the suffix (one pair per data set, named after it when there are several), for a
cross-check with the official scorer: `python conll18_ud_eval.py -v GOLD SYSTEM`.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402
from spacy.language import Language  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from kg.eval.ud import Sentence, Word, merge_mwt, prepare, read_conllu, write_conllu  # noqa: E402
from kg.nlp import factories  # noqa: E402, F401  (registers the tokenizer named in the config)
from kg.nlp.loading import model_path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from train_parser import UD, held_out  # noqa: E402

DATA = {"gsd": "id_gsd-ud-test.conllu", "csui": "id_csui-ud-test.conllu"}
#: Relations whose per-relation figures are printed.
LABELS = (
    "nsubj",
    "nsubj:pass",
    "obj",
    "obl",
    "obl:agent",
    "appos",
    "flat",
    "flat:name",
    "conj",
    "compound",
    "nmod",
    "nmod:poss",
)

Span = tuple[int, int]


@dataclass(frozen=True)
class Row:
    """A word as the scorer sees it: its character span, head's span (None: root) and columns."""

    span: Span
    head: Span | None
    upos: str
    lemma: str
    deprel: str


def gold_rows(sent: Sentence) -> list[Row]:
    """The gold words of a sentence with character spans found in order in its text."""
    spans: list[Span] = []
    at = 0
    for w in sent.words:
        start = sent.text.find(w.form, at)
        if start < 0:
            raise ValueError(f"{sent.sent_id}: {w.form!r} not found in the text after {at}")
        spans.append((start, start + len(w.form)))
        at = start + len(w.form)
    return [
        Row(spans[i], spans[w.head - 1] if w.head else None, w.upos, w.lemma, w.deprel)
        for i, w in enumerate(sent.words)
    ]


def system_rows(doc: Doc) -> list[Row]:
    """The pipeline's words (whitespace tokens left out) with spans, heads, UPOS, lemma, relation."""
    rows = []
    for t in doc:
        if t.is_space:
            continue
        head = t.head
        while head.is_space and head.head.i != head.i:
            head = head.head
        hspan = None if head.i == t.i or head.is_space else (head.idx, head.idx + len(head.text))
        rows.append(Row((t.idx, t.idx + len(t.text)), hspan, t.pos_, t.lemma_, t.dep_ if hspan else "root"))
    return rows


def system_sentences(doc: Doc, sent_id: str) -> list[Sentence]:
    """The pipeline's analysis as CoNLL-U sentences (one per sentence the parser found)."""
    out = []
    for k, sent in enumerate(doc.sents):
        tokens = [t for t in sent if not t.is_space]
        number = {t.i: n for n, t in enumerate(tokens, 1)}
        words = []
        for t in tokens:
            head = number.get(t.head.i, 0) if t.head.i != t.i else 0
            nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
            space = bool(t.whitespace_) or (nxt is not None and nxt.is_space)
            misc = "_" if space or t.i == sent.end - 1 else "SpaceAfter=No"
            feats = str(t.morph) or "_"
            words.append(
                Word(
                    number[t.i],
                    t.text,
                    t.lemma_ or "_",
                    t.pos_ or "X",
                    t.tag_ or "_",
                    feats,
                    head,
                    t.dep_ if head else "root",
                    misc,
                )
            )
        if words:
            out.append(Sentence(f"{sent_id}-{k + 1}" if k else sent_id, sent.text.strip(), tuple(words)))
    return out


@dataclass
class Tally:
    """Counts for F1: gold words, system words, and correct (aligned) words per metric."""

    gold: int = 0
    system: int = 0

    def __post_init__(self) -> None:
        self.correct: Counter[str] = Counter()
        self.gold_rel: Counter[str] = Counter()
        self.sys_rel: Counter[str] = Counter()

    def add(self, gold: list[Row], system: list[Row]) -> None:
        self.gold += len(gold)
        self.system += len(system)
        self.gold_rel.update(r.deprel for r in gold)
        self.sys_rel.update(r.deprel for r in system)
        by_span = {r.span: r for r in system}
        for g in gold:
            s = by_span.get(g.span)
            if s is None:
                continue
            self.correct["words"] += 1
            self.correct["UPOS"] += g.upos == s.upos
            self.correct["Lemma"] += g.lemma in (s.lemma, "_")  # as the official scorer: "_" is no gold lemma
            if g.head == s.head:
                self.correct["UAS"] += 1
                self.correct["LAS"] += g.deprel.split(":")[0] == s.deprel.split(":")[0]
                self.correct["LAS (full relations)"] += g.deprel == s.deprel
                if g.deprel == s.deprel:
                    self.correct["rel:" + g.deprel] += 1

    def f1(self, key: str) -> float:
        return 200 * self.correct[key] / max(1, self.gold + self.system)


def score(nlp: Language, sentences: list[Sentence], name: str, write: Path | None) -> tuple[Tally, float, int]:
    """Run the pipeline over the sentences' texts; (tally, seconds, system words)."""
    texts = [s.text for s in sentences]
    list(nlp.pipe(texts[:16]))  # warm up (first calls allocate)
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=64))
    seconds = time.perf_counter() - start
    tally = Tally()
    for sent, doc in zip(sentences, docs, strict=True):
        tally.add(gold_rows(sent), system_rows(doc))
    if write is not None:
        system = [s for sent, doc in zip(sentences, docs, strict=True) for s in system_sentences(doc, sent.sent_id)]
        write.write_text(write_conllu(system), encoding="utf-8")
        gold = write.with_name(f"{write.stem}.gold{write.suffix}")
        gold.write_text(write_conllu(sentences), encoding="utf-8")
        print(f"wrote {write} and {gold}")
    return tally, seconds, tally.system


def report(name: str, tally: Tally, seconds: float, words: int) -> None:
    print(f"\n== {name}: {tally.gold} gold words, {tally.system} system words, {words / seconds:,.0f} words/s")
    print(f"  Words {tally.f1('words'):.2f}", end="")
    for key in ("UPOS", "UAS", "LAS", "LAS (full relations)", "Lemma"):
        print(f" | {key} {tally.f1(key):.2f}", end="")
    print("\n  relation     gold  system     P      R      F1")
    for label in LABELS:
        ok, g, s = tally.correct["rel:" + label], tally.gold_rel[label], tally.sys_rel[label]
        p, r = 100 * ok / max(1, s), 100 * ok / max(1, g)
        print(f"  {label:<11}{g:>6}{s:>8}  {p:5.1f}  {r:5.1f}  {2 * p * r / max(1e-9, p + r):5.1f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("model", type=Path, nargs="?", default=model_path().parent / "parser")
    ap.add_argument(
        "--data",
        nargs="+",
        default=sorted(DATA),
        help="gsd, csui (test files), held (the pool's held-out tenth) or .conllu paths",
    )
    ap.add_argument("--original", action="store_true", help="score against unharmonised gold (MWTs still merged)")
    ap.add_argument("--only", nargs="+", help="run only these pipeline components (default: all)")
    ap.add_argument("--write", type=Path, help="write system (and .gold) CoNLL-U here")
    args = ap.parse_args(argv)

    nlp = spacy.load(args.model, exclude=["tokenizer"])  # the tokenizer comes from the config
    if args.only:
        nlp.select_pipes(enable=args.only)
    print(f"{args.model}: {nlp.pipe_names}")
    for name in args.data:
        if name == "held":
            sentences = held_out(UD)
        else:
            path = UD / DATA[name] if name in DATA else Path(name)
            raw = read_conllu(path)
            sentences = [merge_mwt(s) for s in raw] if args.original else prepare(raw)
        write = args.write
        if write is not None and len(args.data) > 1:
            write = write.with_name(f"{write.stem}-{Path(name).stem}{write.suffix}")
        report(name, *score(nlp, sentences, name, write))
    return 0


if __name__ == "__main__":
    sys.exit(main())
