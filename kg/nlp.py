"""The spaCy pipeline for Indonesian news: tokens, sentences, entities and dates on a `Doc`.

The trained recognizers of kg/models (tok2vec, tagger, ner, read with `spacy.load`) on the
project's tokenizer (`spacy.blank("id")` with the fixes of the NLP recipe), the sentencizer, and
components of ours written like spaCy's `span_ruler.py` (keyword-only settings,
`__call__(doc) -> Doc`, a registered factory):

- `bk_vote` (kg.vote): the other recognizers of the committee vote on the entities;
- `bk_entities` (kg.entities): rules and gazetteer, fine labels (Person, Country, City, Place,
  Organization), `ent.ent_id_` = the entity's key;
- `bk_short_forms`: inside one article, "Kim" after "Kim Jong Un" is the same person;
- `bk_dates`: date expressions on `doc._.dates`, resolved against `doc._.published`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.attrs import ORTH
from spacy.lang.id import Indonesian
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import coref as _coref  # noqa: F401  (registers the bk_coref factory)
from . import entities as _entities  # noqa: F401  (registers the bk_entities factory)
from . import treaties as _treaties  # noqa: F401  (registers the bk_treaties factory)
from . import vote as _vote  # noqa: F401  (registers the bk_vote factory)
from .dates import find_dates, published_date
from .errors import ResourceError
from .gazetteer import Gazetteer, load_gazetteer

__all__ = ["load_pipeline", "make_doc", "make_docs", "BATCH_SIZE", "ShortForms", "DateTagger"]

# spaCy's emoticon exceptions turn "(15/8)" into "( 15 / 8)": drop those with a digit in them.
_DIGIT_EMOTICON = re.compile(r"^(?=.*\d)[^\sA-Za-z]*[\d][^\sA-Za-z]*$|^[^\w\s]+\d$|^\d[^\w\s]+$|^[A-Za-z]?[^\w\s]\d$")
# abbreviations after which the sentencizer must not split
ABBREVIATIONS = ("Jl.", "Jln.", "pkl.", "Pkl.", "No.", "Prof.", "Dr.", "dr.", "Ir.", "H.", "Hj.", "Tn.", "Ny.",
                 "Sdr.", "St.", "Kol.", "Letjen.", "Mayjen.", "Brigjen.", "Kapt.", "a.n.", "u.p.", "Bpk.")

for _name, _default in (("dates", None), ("published", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class ShortForms:
    """Mark the short forms of entities named in full earlier or later in the same document.

    A person's short forms are the gazetteer's `short_forms` (family name first: "Kim") or, for a
    person the gazetteer does not know, the first and the last word of the name (Indonesian news
    uses either: "Basrief" or "Arief" for "Basrief Arief"). A short form shared by two
    people in the document stays unmarked: no two people are merged for sharing a surname.
    Other gazetteer entries may have short forms too ("DPR" for the Donetsk republic), which win
    over another entity's alias of the same spelling only where the entry is named in full.
    """

    def __init__(self, nlp: Language, name: str = "bk_short_forms", *, gazetteer: Gazetteer | None = None,
                 label: str = "Person", named_key: str = "named") -> None:
        self.name = name
        self.label = label
        self.named_key = named_key
        self.gazetteer = gazetteer or load_gazetteer()

    def _forms(self, ent: Span) -> tuple[str, ...]:
        entry = self.gazetteer.entries.get(ent.ent_id_)
        if entry is not None:
            return entry.short_forms
        if len(ent) < 2 or ent.label_ != self.label:
            return ()
        return tuple(dict.fromkeys(t.text for t in ent if len(t.text) > 2 and t.text[:1].isupper()))

    def __call__(self, doc: Doc) -> Doc:
        owners: dict[str, set[tuple[str, str]]] = {}
        for ent in doc.ents:
            for form in self._forms(ent):
                if form != ent.text:
                    owners.setdefault(form, set()).add((ent.ent_id_, ent.label_))
        unique = {form: next(iter(who)) for form, who in owners.items() if len(who) == 1}
        if not unique:
            return doc
        taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        new, rekeyed = [], {}
        for ent in doc.ents:  # "Sudirman" alone is the "Andi Sudirman Sulaiman" named here; "DPR" in an
            # article naming "Republik Rakyat Donetsk" is that republic, not Indonesia's parliament
            if len(ent) == 1 and ent.text in unique and unique[ent.text][0] != ent.ent_id_:
                key, label = unique[ent.text]
                rekeyed[(ent.start, ent.end)] = Span(doc, ent.start, ent.end, label=label, span_id=key)
        for token in doc:
            if token.i not in taken and token.text in unique:
                key, label = unique[token.text]
                new.append(Span(doc, token.i, token.i + 1, label=label, span_id=key))
        if rekeyed:
            doc.ents = [rekeyed.get((e.start, e.end), e) for e in doc.ents]
            if self.named_key in doc.spans:
                doc.spans[self.named_key] = [rekeyed.get((e.start, e.end), e) for e in doc.spans[self.named_key]]
        if new:
            doc.ents = filter_spans(list(doc.ents) + new)
            if self.named_key in doc.spans:
                doc.spans[self.named_key] = sorted([*doc.spans[self.named_key], *new], key=lambda s: s.start)
        return doc


class DateTagger:
    """Find date expressions and resolve them against the document's publication date.

    Set `doc._.published` (ISO 8601) before running the pipeline; results go to `doc._.dates`
    (a list of `kg.dates.DateMention`) and `doc.spans["dates"]`.
    """

    def __init__(self, nlp: Language, name: str = "bk_dates", *, spans_key: str = "dates") -> None:
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        found = find_dates(doc.text, published_date(doc._.published))
        doc._.dates = found
        spans = [doc.char_span(d.start, d.end, label=d.value.datatype, alignment_mode="expand") for d in found]
        doc.spans[self.spans_key] = [s for s in spans if s is not None]
        return doc


@Language.component("bk_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and paragraphs without a final stop stay apart."""
    for token in doc[1:-1]:
        if token.is_space:
            token.is_sent_start = False  # white space closes the sentence before it
            if "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
    return doc


@Language.factory("bk_short_forms", default_config={"label": "Person", "named_key": "named"})
def make_short_forms(nlp: Language, name: str, label: str, named_key: str) -> ShortForms:
    return ShortForms(nlp, name, label=label, named_key=named_key)


@Language.factory("bk_dates", default_config={"spans_key": "dates"})
def make_date_tagger(nlp: Language, name: str, spans_key: str) -> DateTagger:
    return DateTagger(nlp, name, spans_key=spans_key)


def _infixes() -> list[str]:
    """Indonesian infixes, but a hyphen splits only before a capital ("Rusia-Korut", "pro-Rusia").

    Lower-case reduplications ("bersama-sama") then stay one token without spaCy's 15,600
    hyphenated exceptions, whose loading costs seconds at every start.
    """
    out = []
    for pattern in Indonesian.Defaults.infixes:
        if "(?:-|–|—|--|---|——|~)" in pattern:
            pattern = pattern.replace("(?:-|–|—|--|---|——|~)", "(?:–|—|--|---|——|~)")
        elif pattern.startswith("(?<=[A-Za-z") and ")[\\/-](?=" in pattern:
            pattern = pattern.replace(")[\\/-](?=", ")[\\/](?=")
        out.append(pattern)
    out.append(r"(?<=[A-Za-z])-(?=[A-Z])")
    return out


@registry.tokenizers("berita_kg.tokenizer.v1")
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's Indonesian tokenizer with the project's fixes (see `_infixes`, `ABBREVIATIONS`)."""

    def make(nlp: Language) -> Tokenizer:
        rules = {k: v for k, v in Indonesian.Defaults.tokenizer_exceptions.items()
                 if "-" not in k and not _DIGIT_EMOTICON.match(k)}
        rules.update({abbr: [{ORTH: abbr}] for abbr in ABBREVIATIONS})
        d = Indonesian.Defaults
        return Tokenizer(
            nlp.vocab, rules=rules,
            prefix_search=compile_prefix_regex(d.prefixes).search,
            suffix_search=compile_suffix_regex(d.suffixes).search,
            infix_finditer=compile_infix_regex(_infixes()).finditer,
            token_match=d.token_match, url_match=d.url_match,
        )

    return make


#: The other members of the recognizer committee (folders beside kg/models/ner), see kg.vote.
COMMITTEE = ("ner-seed1", "ner-plain", "ner-plain-seed1", "ner-plain-seed2")


def model_path() -> Path:
    """Where the package keeps its trained entity recognizer (built by scripts/train_ner.py)."""
    return Path(str(files("kg") / "models" / "ner"))


def blank() -> Language:
    """`spacy.blank("id")` with the project's tokenizer: what the recognizer is trained on."""
    return spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": "berita_kg.tokenizer.v1"}}})


RECOGNIZERS = ("committee", "single")


def recognizer() -> str:
    """Which recognizer the pipeline uses: "committee" (five models vote: F1 0.859 on dev, the
    default) or "single" (the primary model alone: F1 about 0.80, extraction about 2x faster). Set with
    `kg build --recognizer`, which sets BERITA_KG_RECOGNIZER so that worker processes follow."""
    value = os.environ.get("BERITA_KG_RECOGNIZER", "committee")
    if value not in RECOGNIZERS:
        raise ResourceError(f"BERITA_KG_RECOGNIZER={value!r}: use one of {', '.join(RECOGNIZERS)}.")
    return value


def load_pipeline() -> Language:
    """The project's Indonesian pipeline, built once per process and recognizer setting (see
    `_load` for its components)."""
    return _load(recognizer())


@lru_cache(maxsize=2)
def _load(mode: str) -> Language:
    """The project's Indonesian pipeline (built once per process).

    sentencizer → bk_paragraphs → tok2vec, tagger, ner (trained) → bk_vote (four more trained
    recognizers; an entity needs a majority of votes) → bk_entities (rules, gazetteer, types,
    keys) → bk_short_forms → bk_dates → bk_treaties (treaty mentions) → bk_coref ("kedua
    negara", "dia").
    """
    path = model_path()
    if not (path / "meta.json").is_file():
        raise ResourceError(f"The entity recognizer is missing from {path}: "
                            "build it with `python scripts/train_ner.py` (see the README).")
    nlp = spacy.load(path, exclude=["tokenizer"])
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("bk_paragraphs", after="sentencizer")
    members = [m for m in COMMITTEE if (path.parent / m / "meta.json").is_file()] if mode == "committee" else []
    if members:
        nlp.add_pipe("bk_vote", after="ner", config={"members": members, "min_votes": (len(members) + 1) // 2 + 1})
    nlp.add_pipe("bk_entities")
    nlp.add_pipe("bk_short_forms")
    nlp.add_pipe("bk_dates")
    nlp.add_pipe("bk_treaties")
    nlp.add_pipe("bk_coref")
    return nlp


#: Documents per `nlp.pipe` batch. The networks run about a fifth faster in batches of 16 than one
#: document at a time, with the same results (each document's rows are computed alone).
BATCH_SIZE = 16
#: ... and at most about this many characters (16 news articles are about 40,000).
BATCH_CHARS = 100_000


def make_doc(text: str, published: str | None = None) -> Doc:
    """Run the pipeline over `text`, resolving relative dates against `published`."""
    return next(make_docs([(text, published)]))


def make_docs(items: Iterable[tuple[str, str | None]], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Run the pipeline over (text, published) pairs in batches of `batch_size` documents or
    `BATCH_CHARS` characters, whichever comes first (the networks' memory grows with the batch),
    yielding the docs in order."""
    nlp = load_pipeline()
    batch: list[Doc] = []
    chars = 0
    for text, published in items:
        doc = nlp.make_doc(text)
        doc._.published = published
        batch.append(doc)
        chars += len(text)
        if len(batch) >= batch_size or chars >= BATCH_CHARS:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, chars = [], 0
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))
