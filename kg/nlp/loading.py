"""Loading the spaCy pipeline for Indonesian news: tokens, sentences, entities and dates on a `Doc`.

The trained recognizers of kg/models (tok2vec, tagger, ner, read with `spacy.load`) on the
project's tokenizer (`kg.nlp.tokenizer`), the sentencizer, and components of ours registered in
`kg.nlp.factories`:

- `bk_vote` (kg.nlp.vote): the other recognizers of the committee vote on the entities;
- `bk_entities` (kg.nlp.entities): rules and gazetteer, fine labels (Person, Country, City, Place,
  Organization), `ent.ent_id_` = the entity's key;
- `bk_short_forms`, `bk_dates` (kg.nlp.components): short forms of names, dates on `doc._.dates`;
- `bk_treaties`, `bk_coref` (kg.extract): treaty mentions, references such as "kedua negara".

Which recognizer runs ("committee" or "single") is a parameter of `load_pipeline` and
`make_docs`, passed on explicitly to worker processes (see kg.engines).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ResourceError
from . import (
    DEFAULT_RECOGNIZER,
    RECOGNIZERS,
    check_recognizer,
    factories,  # noqa: F401  (registers the tokenizer, the components and doc._ extensions)
)

__all__ = [
    "load_pipeline",
    "make_doc",
    "make_docs",
    "model_path",
    "check_recognizer",
    "RECOGNIZERS",
    "DEFAULT_RECOGNIZER",
    "COMMITTEE",
    "BATCH_SIZE",
    "BATCH_CHARS",
]


#: The other members of the recognizer committee (folders beside kg/models/ner), see kg.vote.
COMMITTEE: tuple[str, ...] = ("ner-seed1", "ner-plain", "ner-plain-seed1", "ner-plain-seed2")


def model_path() -> Path:
    """Where the package keeps its trained entity recognizer (built by scripts/train_ner.py)."""
    return Path(str(files("kg") / "models" / "ner"))


def load_pipeline(recognizer: str = DEFAULT_RECOGNIZER) -> Language:
    """The project's Indonesian pipeline with the given recognizer, built once per process and
    recognizer (see `_load` for its components)."""
    return _load(check_recognizer(recognizer))


@lru_cache(maxsize=2)
def _load(mode: str) -> Language:
    """The project's Indonesian pipeline (built once per process).

    sentencizer → bk_paragraphs → tok2vec, tagger, ner (trained) → bk_vote (four more trained
    recognizers; an entity needs a majority of votes) → bk_parse (the dependency parser, part of
    speech and lemmas of kg/models/parser) → bk_entities (rules, gazetteer, types,
    keys) → bk_names (titles cut, bodies, events, acronyms) → bk_short_forms → bk_dates → bk_treaties (treaty mentions) → bk_coref ("kedua
    negara", "dia").
    """
    path = model_path()
    if not (path / "meta.json").is_file():
        raise ResourceError(
            f"The entity recognizer is missing from {path}: "
            "build it with `python scripts/train_ner.py` (see the README)."
        )
    nlp = spacy.load(path, exclude=["tokenizer"])
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("bk_paragraphs", after="sentencizer")
    members = [m for m in COMMITTEE if (path.parent / m / "meta.json").is_file()] if mode == "committee" else []
    if members:
        nlp.add_pipe("bk_vote", after="ner", config={"members": members, "min_votes": (len(members) + 1) // 2 + 1})
    nlp.add_pipe("bk_parse")
    nlp.add_pipe("bk_entities")
    nlp.add_pipe("bk_names")
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


def make_doc(text: str, published: str | None = None, *, recognizer: str = DEFAULT_RECOGNIZER) -> Doc:
    """Run the pipeline over `text`, resolving relative dates against `published`."""
    return next(make_docs([(text, published)], recognizer=recognizer))


def make_docs(
    items: Iterable[tuple[str, str | None]], batch_size: int = BATCH_SIZE, *, recognizer: str = DEFAULT_RECOGNIZER
) -> Iterator[Doc]:
    """Run the pipeline over (text, published) pairs in batches of `batch_size` documents or
    `BATCH_CHARS` characters, whichever comes first (the networks' memory grows with the batch),
    yielding the docs in order."""
    nlp = load_pipeline(recognizer)
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
