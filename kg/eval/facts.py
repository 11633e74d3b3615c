"""Scoring the facts the pipeline extracts against a table of sentences and the facts they state.

A case is a short text (one or a few sentences), its publication date, and every fact a reader
would take from it: `[subject, property, object, date, modality]`, where the object is an
entity key or, for a date-valued property (`signedOn`), the date's lexical value; date and
modality may be left off (no date, "asserted"). Facts match exactly, date and modality
included, so a right fact with a wrong date counts once as wrong and once as missed.
`scripts/eval_facts.py` prints the scores; the tests hold them to a floor.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import InputError
from ..model import Fact, RawArticle, Skipped
from .conll import Scores

__all__ = ["FactCase", "FactScores", "parse_fact_cases", "fact_tuple", "case_facts", "score_facts"]

FactTuple = tuple[str, str, str, str | None, str]
#: properties no table states: relatedTo is any other clause's link, judged by hand (README)
UNSCORED = frozenset({"relatedTo"})


@dataclass(frozen=True)
class FactCase:
    """One row of the table: a text and the facts it states."""

    id: str
    text: str
    published: str | None
    facts: frozenset[FactTuple]


@dataclass(frozen=True)
class FactScores(Scores):
    """`kg.conll.Scores` by property (P/R/F1 through `prf`), and how many dated gold facts were
    found with their date."""

    dated_gold: int = 0
    dated_right: int = 0

    @property
    def properties(self) -> list[str]:
        return self.labels


def _fact(row: list, where: str) -> FactTuple:
    if not isinstance(row, list) or not 3 <= len(row) <= 5:
        raise InputError(where, f"a fact is [subject, property, object, date?, modality?], got {row!r}.")
    s, p, o = (str(x) for x in row[:3])
    date = row[3] if len(row) > 3 else None
    modality = row[4] if len(row) > 4 else "asserted"
    return (s, p, o, date, modality)


def parse_fact_cases(lines: Iterable[str], source: str = "<table>") -> list[FactCase]:
    """Cases from JSON lines: {"id", "text", "published"?, "facts": [[s, p, o, date?, modality?], …]}."""
    cases = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            row = json.loads(line)
            cases.append(
                FactCase(
                    id=str(row["id"]),
                    text=row["text"],
                    published=row.get("published"),
                    facts=frozenset(_fact(f, where) for f in row["facts"]),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(where, f"not a fact case ({exc}); each line needs 'id', 'text' and 'facts'.") from exc
    return cases


def fact_tuple(fact: Fact) -> FactTuple:
    obj = fact.value.value if fact.value else fact.object
    return (fact.subject, fact.predicate, obj, fact.date.value if fact.date else None, fact.modality)


def case_facts(case: FactCase) -> set[FactTuple]:
    """What the pipeline extracts from a case, as it would in a build of that one text."""
    from ..pipeline import extract, prepare

    article = prepare(RawArticle(source=case.id, body=case.text, published=case.published))
    if isinstance(article, Skipped):
        return set()
    return {fact_tuple(f) for f in extract(article).facts if f.predicate not in UNSCORED}


def score_facts(cases: Iterable[FactCase], predicted: Mapping[str, set[FactTuple]]) -> FactScores:
    """Compare each case's gold facts with the predicted ones (by case id)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    dated_gold = dated_right = 0
    for case in cases:
        got = predicted.get(case.id, set())
        for f in got & case.facts:
            tp[f[1]] += 1
        for f in got - case.facts:
            fp[f[1]] += 1
        for f in case.facts - got:
            fn[f[1]] += 1
        for f in case.facts:
            if f[3] is not None:
                dated_gold += 1
                dated_right += f in got
    return FactScores(tp, fp, fn, dated_gold, dated_right)
