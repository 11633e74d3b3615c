"""The project's Indonesian tokenizer: spaCy's rules with fixes for news text.

spaCy's Indonesian tokenizer splits every hyphen and loads 15,600 hyphenated exceptions at each
start; its emoticon exceptions cut dates such as "(15/8)". Here a hyphen splits only before a
capital ("Rusia-Korut", "pro-Rusia"), emoticons with digits are dropped, and the abbreviations
news uses ("Jl.", "Letjen.") stay whole so that the sentencizer does not split after them. The
recognizers in kg/models are trained on this tokenizer (`blank`); it is registered as
`berita_kg.tokenizer.v1` in `kg.nlp.factories`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import spacy
from spacy.attrs import ORTH
from spacy.lang.id import Indonesian
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

__all__ = ["ABBREVIATIONS", "TOKENIZER", "create_tokenizer", "blank"]

#: The name the tokenizer is registered under (spaCy's `registry.tokenizers`).
TOKENIZER = "berita_kg.tokenizer.v1"

# spaCy's emoticon exceptions turn "(15/8)" into "( 15 / 8)": drop those with a digit in them.
_DIGIT_EMOTICON = re.compile(r"^(?=.*\d)[^\sA-Za-z]*[\d][^\sA-Za-z]*$|^[^\w\s]+\d$|^\d[^\w\s]+$|^[A-Za-z]?[^\w\s]\d$")
#: Abbreviations after which the sentencizer must not split.
ABBREVIATIONS = (
    "Jl.",
    "Jln.",
    "pkl.",
    "Pkl.",
    "No.",
    "Prof.",
    "Dr.",
    "dr.",
    "Ir.",
    "H.",
    "Hj.",
    "Tn.",
    "Ny.",
    "Sdr.",
    "St.",
    "Kol.",
    "Letjen.",
    "Mayjen.",
    "Brigjen.",
    "Kapt.",
    "a.n.",
    "u.p.",
    "Bpk.",
)


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


def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's Indonesian tokenizer with the project's fixes (see `_infixes`, `ABBREVIATIONS`)."""

    def make(nlp: Language) -> Tokenizer:
        rules = {
            k: v
            for k, v in (Indonesian.Defaults.tokenizer_exceptions or {}).items()
            if "-" not in k and not _DIGIT_EMOTICON.match(k)
        }
        rules.update({abbr: [{ORTH: abbr}] for abbr in ABBREVIATIONS})
        d = Indonesian.Defaults
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(d.prefixes or ()).search,
            suffix_search=compile_suffix_regex(d.suffixes or ()).search,
            infix_finditer=compile_infix_regex(_infixes()).finditer,
            token_match=d.token_match,
            url_match=d.url_match,
        )

    return make


def blank() -> Language:
    """`spacy.blank("id")` with the project's tokenizer: what the recognizer is trained on."""
    from . import factories  # noqa: F401  (registers the tokenizer named in the config)

    return spacy.blank("id", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
