"""Score the entity recognizer on gold CoNLL data: exact-span precision, recall and F1.

    python scripts/eval_ner.py ../shared/data/idner-news-2k/dev.txt

Each gold sentence is its tokens joined by single spaces, recognized exactly as `kg entities`
recognizes a line (the same pipeline, the same function), and compared on character spans,
with Country, City and Place counted as LOC. With --errors it lists the most frequent misses.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from kg.eval.conll import COARSE, read_conll, score
from kg.nlp.recognize import recognize, record_spans


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", type=Path, nargs="+", help="CoNLL files (token ... BIO-tag)")
    ap.add_argument(
        "--all",
        dest="all_mentions",
        action="store_true",
        help="score every entity the graph uses, not only named entities",
    )
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="print the N most frequent errors")
    ap.add_argument(
        "--model",
        type=Path,
        help="score this recognizer folder alone (tok2vec, tagger, ner) instead of the package's default recognizer",
    )
    args = ap.parse_args(argv)
    if args.model:
        from kg.nlp import loading

        model_dir = args.model.resolve()
        loading.model_path = lambda: model_dir  # the pipeline of kg.nlp.loading around this model, no committee
        loading.COMMITTEE = ()
    for path in args.gold:
        gold = read_conll(path)
        t0 = time.perf_counter()
        predicted = [
            record_spans(r) for r in recognize((g.text for g in gold), all_mentions=args.all_mentions, dates=False)
        ]
        secs = time.perf_counter() - t0
        scores = score((g.spans for g in gold), predicted)
        p, r, f = scores.prf()
        print(f"{path}: {len(gold)} sentences, {sum(len(g.spans) for g in gold)} gold entities, {secs:.1f} s")
        print(f"  {'ALL':4} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        for label in scores.labels:
            p, r, f = scores.prf(label)
            print(
                f"  {label:4} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {scores.tp[label]}, fp {scores.fp[label]}, "
                f"fn {scores.fn[label]})"
            )
        if args.errors:
            fp: Counter[tuple[str, str]] = Counter()
            fn: Counter[tuple[str, str]] = Counter()
            for g, spans in zip(gold, predicted, strict=True):
                gs = set(g.spans)
                ps = {(s, e, COARSE[lab]) for s, e, lab in spans if lab in COARSE}
                fp.update((g.text[s:e], lab) for s, e, lab in ps - gs)
                fn.update((g.text[s:e], lab) for s, e, lab in gs - ps)
            print("  false positives:", ", ".join(f"{t}/{lab} x{n}" for (t, lab), n in fp.most_common(args.errors)))
            print("  misses:", ", ".join(f"{t}/{lab} x{n}" for (t, lab), n in fn.most_common(args.errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
