"""Universal Dependencies (CoNLL-U) treebanks for the parser: reading, merging, harmonising, writing.

`read_conllu` reads sentences (syntactic words and the multi-word tokens above them);
`merge_mwt` makes each multi-word token one word, as the project's tokenizer keeps "bukunya"
whole; `harmonise` maps the Indonesian treebanks (GSD, CSUI, PUD) to one convention (see
`harmonise`); `to_doc` makes a spaCy `Doc` of a merged sentence. `write_conllu` writes sentences
back. `scripts/train_parser.py` and `scripts/eval_parser.py` share them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = [
    "Word",
    "MultiWord",
    "Sentence",
    "read_conllu",
    "parse_conllu",
    "merge_mwt",
    "harmonise",
    "prepare",
    "to_doc",
    "write_conllu",
    "split_pool",
]


@dataclass(frozen=True)
class Word:
    """One syntactic word (a CoNLL-U line with an integer id); `head` 0 is the root."""

    id: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    misc: str = "_"

    @property
    def space_after(self) -> bool:
        return "SpaceAfter=No" not in self.misc.split("|")


@dataclass(frozen=True)
class MultiWord:
    """A multi-word token: the surface form of words `first`..`last` ("bukunya" = buku + nya)."""

    first: int
    last: int
    form: str
    misc: str = "_"


@dataclass(frozen=True)
class Sentence:
    """A sentence: its id, raw text, words and multi-word tokens."""

    sent_id: str
    text: str
    words: tuple[Word, ...]
    mwts: tuple[MultiWord, ...] = ()


def parse_conllu(lines: Iterable[str]) -> list[Sentence]:
    """Sentences from CoNLL-U lines (empty nodes, ids such as 8.1, are skipped)."""
    out: list[Sentence] = []
    sent_id, text = "", ""
    words: list[Word] = []
    mwts: list[MultiWord] = []
    for raw in [*lines, ""]:
        line = raw.rstrip("\n")
        if not line.strip():
            if words:
                text = text or " ".join(w.form for w in words)
                out.append(Sentence(sent_id or str(len(out) + 1), text, tuple(words), tuple(mwts)))
            sent_id, text, words, mwts = "", "", [], []
        elif line.startswith("#"):
            key, _, value = line[1:].partition("=")
            if key.strip() == "sent_id":
                sent_id = value.strip()
            elif key.strip() == "text":
                text = value.strip()
        else:
            c = line.split("\t")
            if "-" in c[0]:
                first, last = c[0].split("-")
                mwts.append(MultiWord(int(first), int(last), c[1], c[9]))
            elif "." not in c[0]:
                head = int(c[6]) if c[6] not in ("_", "") else 0
                words.append(Word(int(c[0]), c[1], c[2], c[3], c[4], c[5], head, c[7], c[9]))
    return out


def read_conllu(path: Path) -> list[Sentence]:
    """The sentences of a CoNLL-U file."""
    return parse_conllu(path.read_text(encoding="utf-8").splitlines())


def merge_mwt(sent: Sentence) -> Sentence:
    """Each multi-word token as one word: "bukunya" (buku + nya) becomes the word "bukunya".

    The merged word takes everything (head, relation, UPOS, lemma, features) from its *head part*,
    the first part whose head lies outside the token: "menyetujuinya" is the VERB "setuju" with
    the verb's relation, "kuambil" (ku + ambil) the VERB "ambil". Heads inside the token vanish;
    heads pointing at any part point at the merged word. Its misc is the token's (SpaceAfter).
    """
    if not sent.mwts:
        return sent
    new_id: dict[int, int] = {0: 0}
    keep: dict[int, tuple[Word, MultiWord | None]] = {}
    spans = {w.id: m for m in sent.mwts for w in sent.words if m.first <= w.id <= m.last}
    n = 0
    for w in sent.words:
        m = spans.get(w.id)
        if m is None or w.id == m.first:
            n += 1
        new_id[w.id] = n
    for m in sent.mwts:
        parts = [w for w in sent.words if m.first <= w.id <= m.last]
        outside = [w for w in parts if not m.first <= w.head <= m.last]
        head = (outside or parts)[0]
        keep[m.first] = (replace(head, form=m.form, misc=m.misc), m)
    words = []
    for w in sent.words:
        m = spans.get(w.id)
        if m is not None and w.id != m.first:
            continue
        base = keep[w.id][0] if m is not None else w
        words.append(replace(base, id=new_id[w.id], head=new_id[base.head]))
    return replace(sent, words=tuple(words), mwts=())


#: Relations of a bare noun modifier that `harmonise` makes `compound` (GSD's convention).
_NOUN_HEADS = frozenset({"NOUN", "PROPN"})


def harmonise(sent: Sentence) -> Sentence:
    """The three treebanks in one convention (applied to training and gold test data alike):

    - a bare noun modifier (plain `nmod` with no `case` child, a NOUN after its NOUN or PROPN head:
      "pesta olahraga", "sifat cahaya") is `compound`, as in GSD (CSUI and PUD say `nmod`); a
      proper noun after a noun ("kota Delhi") stays `nmod` in all three, as do modifiers with a
      preposition ("bagian dari X");
    - an `obl` whose `case` child is "oleh" is `obl:agent` (CSUI, PUD; GSD says `obl`); bare
      agents keep their treebank's relation (`obl:agent` in GSD and PUD);
    - a proper noun's lemma is its form (CSUI, PUD; GSD lower-cases it: "Emma" → "emma").
    """
    kids: dict[int, list[Word]] = defaultdict(list)
    for w in sent.words:
        kids[w.head].append(w)
    by_id = {w.id: w for w in sent.words}
    out = []
    for w in sent.words:
        cases = [k.lemma.lower() for k in kids[w.id] if k.deprel == "case"]
        head = by_id.get(w.head)
        rel, lemma = w.deprel, w.lemma
        if (
            rel == "nmod"
            and not cases
            and w.upos == "NOUN"
            and head is not None
            and head.upos in _NOUN_HEADS
            and w.id > head.id
        ):
            rel = "compound"
        elif rel == "obl" and "oleh" in cases:
            rel = "obl:agent"
        if w.upos == "PROPN" and lemma == w.form.lower() and lemma != w.form:
            lemma = w.form
        out.append(replace(w, deprel=rel, lemma=lemma) if (rel, lemma) != (w.deprel, w.lemma) else w)
    return replace(sent, words=tuple(out))


def prepare(sentences: Iterable[Sentence]) -> list[Sentence]:
    """`merge_mwt` then `harmonise`: the form in which sentences are trained on and scored."""
    return [harmonise(merge_mwt(s)) for s in sentences]


def to_doc(sent: Sentence, vocab: Vocab) -> Doc:
    """A `Doc` of a merged sentence with its gold UPOS (`pos`), lemmas, features and tree (the
    root's relation is spaCy's "ROOT")."""
    for w in sent.words:
        if w.form == "" or any(ch.isspace() for ch in w.form):
            raise ValueError(f"{sent.sent_id}: word {w.id} {w.form!r} is not one token")
    return Doc(
        vocab,
        words=[w.form for w in sent.words],
        spaces=[w.space_after and i < len(sent.words) - 1 for i, w in enumerate(sent.words)],
        pos=[w.upos for w in sent.words],
        lemmas=[w.lemma for w in sent.words],
        morphs=[w.feats if w.feats != "_" else "" for w in sent.words],
        heads=[(w.head - 1) if w.head else (w.id - 1) for w in sent.words],
        deps=[w.deprel if w.head else "ROOT" for w in sent.words],
    )


def write_conllu(sentences: Iterable[Sentence]) -> str:
    """CoNLL-U text of the sentences (multi-word token lines before their first word)."""
    lines: list[str] = []
    for s in sentences:
        lines += [f"# sent_id = {s.sent_id}", f"# text = {s.text}"]
        starts = {m.first: m for m in s.mwts}
        for w in s.words:
            m = starts.get(w.id)
            if m is not None:
                lines.append(f"{m.first}-{m.last}\t{m.form}\t_\t_\t_\t_\t_\t_\t_\t{m.misc}")
            cols = (w.id, w.form, w.lemma, w.upos, w.xpos, w.feats, w.head, w.deprel, "_", w.misc)
            lines.append("\t".join(str(c) if str(c) else "_" for c in cols))
        lines.append("")
    return "\n".join(lines) + "\n"


def split_pool(
    sentences: Sequence[Sentence], seed: int = 0, share: float = 0.1
) -> tuple[list[Sentence], list[Sentence]]:
    """(train, held): a fixed share of the sentences, chosen by `seed`, held out to pick checkpoints."""
    order = list(range(len(sentences)))
    random.Random(seed).shuffle(order)
    held = set(order[: max(1, int(len(sentences) * share))])
    train = [s for i, s in enumerate(sentences) if i not in held]
    return train, [s for i, s in enumerate(sentences) if i in held]
