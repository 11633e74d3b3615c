"""Score fact extraction on a table of sentences and the facts they state.

    python scripts/eval_facts.py                      # the project's own table, tests/data/facts_table.jsonl
    python scripts/eval_facts.py TABLE.jsonl --errors

Each case runs through the same pipeline as `kg build` (cleaning, entities, relations,
treaties). Facts match exactly: subject, property, object, date and modality. See
kg/eval/facts.py for the table's format.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from kg.eval.facts import case_facts, parse_fact_cases, score_facts

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "data" / "facts_table.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("table", type=Path, nargs="?", default=DEFAULT, help="JSONL table of cases")
    ap.add_argument("--errors", action="store_true", help="list each case's wrong and missed facts")
    args = ap.parse_args(argv)
    cases = parse_fact_cases(args.table.read_text(encoding="utf-8").splitlines(), str(args.table))
    t0 = time.perf_counter()
    predicted = {c.id: case_facts(c) for c in cases}
    secs = time.perf_counter() - t0
    scores = score_facts(cases, predicted)
    p, r, f = scores.prf()
    n_gold = sum(len(c.facts) for c in cases)
    print(f"{args.table}: {len(cases)} cases, {n_gold} gold facts, {secs:.1f} s")
    print(f"  {'ALL':20} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    for prop in scores.properties:
        p, r, f = scores.prf(prop)
        n = scores.tp[prop] + scores.fn[prop]
        print(f"  {prop:20} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  ({n} gold)")
    if scores.dated_gold:
        print(
            f"  dated gold facts found with their date: {scores.dated_right}/{scores.dated_gold}"
            f" = {scores.dated_right / scores.dated_gold:.3f}"
        )
    if args.errors:
        for case in cases:
            wrong, missed = predicted[case.id] - case.facts, case.facts - predicted[case.id]
            if wrong or missed:
                print(f"\n[{case.id}] {case.text}")
                for fact in sorted(wrong, key=str):
                    print(f"  + {fact}")
                for fact in sorted(missed, key=str):
                    print(f"  - {fact}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
