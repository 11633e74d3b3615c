"""Every spaCy registration of the project, in one place (as spaCy's own
`pipeline/factories.py`): the tokenizer, the components' factories and the `doc._` extensions.

Importing this module registers them; `kg.nlp.loading` does so before it builds a pipeline. The
classes are imported inside the factories, so that registering costs no import of the stages
that implement them. `tests/test_factories.py` snapshots the registered names and settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import registry

from .tokenizer import TOKENIZER, create_tokenizer

if TYPE_CHECKING:
    from ..extract.coref import Coreference
    from ..extract.treaties import TreatyFinder
    from .components import DateTagger, ShortForms
    from .entities import EntityLinker
    from .names import NameCleaner
    from .parse import Parse
    from .vote import Committee

__all__ = ["EXTENSIONS", "FACTORIES"]

#: The `doc._` attributes the components read or write, with their defaults: `published` (ISO 8601,
#: set before the pipeline runs) and `dates` (a list of `kg.nlp.dates.DateMention`).
EXTENSIONS = {"published": None, "dates": None}
for _name, _default in EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@registry.tokenizers(TOKENIZER)
def make_tokenizer() -> Callable[[Language], Tokenizer]:
    return create_tokenizer()


@Language.component("bk_paragraphs")
def make_paragraph_breaks(doc: Doc) -> Doc:
    from .components import paragraph_breaks

    return paragraph_breaks(doc)


@Language.factory("bk_vote", default_config={"members": [], "min_votes": 2, "models_dir": None})
def make_committee(nlp: Language, name: str, members: list[str], min_votes: int, models_dir: str | None) -> Committee:
    from .vote import Committee

    return Committee(nlp, name, members=members, min_votes=min_votes, models_dir=models_dir)


@Language.factory("bk_parse", default_config={"model_dir": None})
def make_parse(nlp: Language, name: str, model_dir: str | None) -> Parse:
    from .parse import Parse

    return Parse(nlp, name, model_dir=model_dir)


@Language.factory("bk_entities", default_config={})
def make_entity_linker(nlp: Language, name: str) -> EntityLinker:
    from .entities import EntityLinker

    return EntityLinker(nlp, name)


@Language.factory("bk_names", default_config={})
def make_name_cleaner(nlp: Language, name: str) -> NameCleaner:
    from .names import NameCleaner

    return NameCleaner(nlp, name)


@Language.factory("bk_short_forms", default_config={"label": "Person", "named_key": "named"})
def make_short_forms(nlp: Language, name: str, label: str, named_key: str) -> ShortForms:
    from .components import ShortForms

    return ShortForms(nlp, name, label=label, named_key=named_key)


@Language.factory("bk_dates", default_config={"spans_key": "dates"})
def make_date_tagger(nlp: Language, name: str, spans_key: str) -> DateTagger:
    from .components import DateTagger

    return DateTagger(nlp, name, spans_key=spans_key)


@Language.factory("bk_treaties", default_config={"spans_key": "treaties"})
def make_treaty_finder(nlp: Language, name: str, spans_key: str) -> TreatyFinder:
    from ..extract.treaties import TreatyFinder

    return TreatyFinder(nlp, name, spans_key=spans_key)


@Language.factory("bk_coref", default_config={"spans_key": "coref"})
def make_coreference(nlp: Language, name: str, spans_key: str) -> Coreference:
    from ..extract.coref import Coreference

    return Coreference(nlp, name, spans_key=spans_key)


#: The names this module registers with `Language`, in pipeline order.
FACTORIES = (
    "bk_paragraphs",
    "bk_vote",
    "bk_parse",
    "bk_entities",
    "bk_names",
    "bk_short_forms",
    "bk_dates",
    "bk_treaties",
    "bk_coref",
)
