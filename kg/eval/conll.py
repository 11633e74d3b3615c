"""Gold entity data in CoNLL form, and exact-span scoring of a recognizer against it.

The gold files (../shared/data/idner-news-2k) hold one token a line, ``token POS BIO`` (the last
column is the tag), a blank line between sentences. A sentence becomes its tokens joined by single
spaces, with each gold entity as character offsets into that text: the same text `kg entities`
reads, so a recognizer is scored on character spans, whatever its own tokenizer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..types import COARSE_LABELS, COARSE_OF

__all__ = ["GoldSentence", "Scores", "read_conll", "parse_conll", "score", "COARSE"]

#: The recognizer's labels folded to the gold data's three: LOC is Country, City and Place.
COARSE = {**COARSE_OF, **{label: label for label in COARSE_LABELS}}

Span = tuple[int, int, str]


@dataclass(frozen=True)
class GoldSentence:
    """One gold sentence: its text (tokens joined by spaces) and its entities as (start, end, label)."""

    text: str
    spans: tuple[Span, ...]


def _sentence(tokens: list[tuple[str, str]]) -> GoldSentence:
    text, spans = "", []
    start, label, end = 0, None, 0
    for i, (token, tag) in enumerate(tokens):
        if i:
            text += " "
        begin = len(text)
        text += token
        kind, _, tag_label = tag.partition("-")
        if label is not None and (kind != "I" or tag_label != label):
            spans.append((start, end, label))
            label = None
        if kind in ("B", "I") and label is None:  # an I- without its B- starts an entity too
            start, label = begin, tag_label
        end = len(text)
    if label is not None:
        spans.append((start, end, label))
    return GoldSentence(text=text, spans=tuple(spans))


def parse_conll(lines: Iterable[str], source: str = "<lines>") -> Iterator[GoldSentence]:
    """Sentences from CoNLL lines (token first, BIO tag last)."""
    tokens: list[tuple[str, str]] = []
    for number, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            if tokens:
                yield _sentence(tokens)
                tokens = []
            continue
        if len(parts) < 2 or not (parts[-1] == "O" or parts[-1][:2] in ("B-", "I-")):
            raise InputError(source, f"line {number} is not 'token ... BIO-tag': {line.strip()[:60]!r}")
        tokens.append((parts[0], parts[-1]))
    if tokens:
        yield _sentence(tokens)


def read_conll(path: str | Path) -> list[GoldSentence]:
    """All sentences of a CoNLL file."""
    try:
        with open(path, encoding="utf-8") as handle:
            return list(parse_conll(handle, str(path)))
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror}); check the path") from exc


@dataclass(frozen=True)
class Scores:
    """Exact-span precision, recall and F1, overall and by label."""

    tp: Counter
    fp: Counter
    fn: Counter

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def prf(self, label: str | None = None) -> tuple[float, float, float]:
        if label is None:
            return self._prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        return self._prf(self.tp[label], self.fp[label], self.fn[label])

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))


def score(gold: Iterable[Iterable[Span]], predicted: Iterable[Iterable[Span]]) -> Scores:
    """Compare predicted spans with gold spans sentence by sentence; labels are folded by `COARSE`
    and predictions outside it (Date, Treaty) are ignored."""
    tp: Counter = Counter()
    fp: Counter = Counter()
    fn: Counter = Counter()
    for g, p in zip(gold, predicted, strict=True):
        gs = {(s, e, COARSE.get(lab, lab)) for s, e, lab in g}
        ps = {(s, e, COARSE[lab]) for s, e, lab in p if lab in COARSE}
        for *_, lab in gs & ps:
            tp[lab] += 1
        for *_, lab in ps - gs:
            fp[lab] += 1
        for *_, lab in gs - ps:
            fn[lab] += 1
    return Scores(tp, fp, fn)
