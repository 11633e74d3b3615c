"""Entity recognition as a service of its own: `kg entities` and the recognizer's evaluation.

`recognize` turns texts into plain records (character offsets, label, surface text, entity key),
one per text, in order; `evaluate` scores those records against gold CoNLL sentences with
exact-span F1 over PER/LOC/ORG (LOC = Country, City, Place).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.tokens import Doc

from ..eval.conll import GoldSentence, Scores, score
from .entities import NAMED_KEY
from .loading import load_pipeline

__all__ = ["recognize", "doc_entities", "record_spans", "evaluate"]


def doc_entities(doc: Doc, *, all_mentions: bool = False, dates: bool = True) -> list[dict[str, Any]]:
    """The entities of an analysed doc as records sorted by position.

    By default the named entities (`doc.spans["named"]`); with `all_mentions`, every entity the
    graph uses, country modifiers and actors included.
    """
    spans = doc.ents if all_mentions or NAMED_KEY not in doc.spans else doc.spans[NAMED_KEY]
    out = [
        {"start": s.start_char, "end": s.end_char, "label": s.label_, "text": s.text, "id": s.ent_id_ or None}
        for s in spans
    ]
    if dates:
        out += [
            {"start": d.start, "end": d.end, "label": "Date", "text": doc.text[d.start : d.end], "id": d.value.value}
            for d in (doc._.dates or ())
        ]
    return sorted(out, key=lambda r: (r["start"], r["end"], r["label"]))


def recognize(
    texts: Iterable[str], *, all_mentions: bool = False, dates: bool = True, batch_size: int = 256
) -> Iterator[dict[str, Any]]:
    """One record ``{"text", "entities"}`` per text, in order (empty texts give no entities)."""
    nlp = load_pipeline()
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield {"text": doc.text, "entities": doc_entities(doc, all_mentions=all_mentions, dates=dates)}


def record_spans(record: dict[str, Any]) -> list[tuple[int, int, str]]:
    """The (start, end, label) spans of one `recognize` record, as `kg.conll.score` takes them."""
    return [(e["start"], e["end"], e["label"]) for e in record["entities"]]


def evaluate(gold: list[GoldSentence], *, all_mentions: bool = False) -> Scores:
    """Exact-span scores of the recognizer on gold sentences (their texts are recognized afresh)."""
    records = recognize((g.text for g in gold), all_mentions=all_mentions, dates=False)
    return score((g.spans for g in gold), (record_spans(r) for r in records))
