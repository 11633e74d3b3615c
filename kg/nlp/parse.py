"""The dependency parse, part of speech and lemmas on the pipeline's docs (kg/models/parser).

The parser is a trained spaCy pipeline of its own (tok2vec, morphologizer, parser, lemmatizer;
built by scripts/train_parser.py from the Universal Dependencies treebanks for Indonesian). Its
network started from the recognizer's and was then trained on the treebanks, so it runs its own
token-vector pass: `Parse` applies its components, in order, to the docs of the main pipeline
(no copies: heads, dependency labels, `pos_`, `morph` and `lemma_` land on the same tokens; the
recognizer's `tag_` is untouched). The parser keeps the sentence boundaries already set by the
sentencizer and `bk_paragraphs`. kg.extract.grammar reads relation frames off the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ResourceError

__all__ = ["Parse", "parser_path"]


def parser_path() -> Path:
    """Where the package keeps its trained parser."""
    return Path(__file__).parent.parent / "models" / "parser"


class Parse:
    """Run the package's parser pipeline over each doc."""

    def __init__(self, nlp: Language, name: str = "bk_parse", *, model_dir: str | None = None) -> None:
        self.name = name
        path = Path(model_dir) if model_dir else parser_path()
        if not (path / "meta.json").is_file():
            raise ResourceError(
                f"The dependency parser is missing from {path}: build it with `python scripts/train_parser.py` "
                "(see the README)."
            )
        # one vocabulary: each new word is stored once, not once per pipeline
        self.model = spacy.load(path, vocab=nlp.vocab, exclude=["tokenizer"])

    def __call__(self, doc: Doc) -> Doc:
        for _, proc in self.model.pipeline:
            doc = proc(doc)
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        docs: Iterable[Doc] = stream
        for _, proc in self.model.pipeline:
            docs = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
        yield from docs
