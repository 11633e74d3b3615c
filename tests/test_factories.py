"""Every spaCy registration lives in kg.nlp.factories: a snapshot of the names and settings."""

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from kg.nlp import factories
from kg.nlp.tokenizer import TOKENIZER

#: The registered components and their default settings. A change here is a change of the
#: pipeline's interface: update the snapshot on purpose, and the README's table with it.
SNAPSHOT = {
    "bk_paragraphs": {},
    "bk_vote": {"members": [], "min_votes": 2, "models_dir": None},
    "bk_parse": {"model_dir": None},
    "bk_entities": {},
    "bk_names": {},
    "bk_short_forms": {"label": "Person", "named_key": "named"},
    "bk_dates": {"spans_key": "dates"},
    "bk_treaties": {"spans_key": "treaties"},
    "bk_coref": {"spans_key": "coref"},
}


def test_the_registered_components_are_the_snapshot():
    ours = {name for name in Language.factories if name.startswith("bk_")}
    assert ours == set(SNAPSHOT) == set(factories.FACTORIES)
    assert {name: dict(Language.get_factory_meta(name).default_config or {}) for name in ours} == SNAPSHOT


def test_the_tokenizer_and_the_doc_extensions_are_registered():
    assert TOKENIZER == "berita_kg.tokenizer.v1" and registry.tokenizers.get(TOKENIZER) is factories.make_tokenizer
    for name, default in factories.EXTENSIONS.items():
        assert Doc.has_extension(name) and Doc.get_extension(name)[0] == default


@pytest.mark.parametrize("recognizer", ["committee", "single"])
def test_the_pipeline_is_made_of_registered_components(recognizer):
    from kg.nlp.loading import load_pipeline

    names = load_pipeline(recognizer).pipe_names
    ours = [n for n in names if n.startswith("bk_")]
    assert ours == [n for n in factories.FACTORIES if n in ours]  # in the registry's order
    assert set(names) - set(ours) == {"sentencizer", "tok2vec", "tagger", "ner"}
    assert ("bk_vote" in ours) == (recognizer == "committee")
