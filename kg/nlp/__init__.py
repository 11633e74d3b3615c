"""Stage 2 of the corridor: the spaCy pipeline that puts tokens, sentences, entities and dates on
a `Doc`.

`loading` builds the pipeline, `tokenizer` is the project's tokenizer, `factories` registers every
component, `entities`, `vote`, `components` and `gazetteer` find and key the entities, `dates`
reads dates, `recognize` serves `kg entities`. This module holds only the recognizer settings,
so that reading them costs no import of spaCy.
"""

from __future__ import annotations

from ..errors import ConfigError

__all__ = ["RECOGNIZERS", "DEFAULT_RECOGNIZER", "check_recognizer"]

#: "committee": five models vote (F1 0.859 on idner-news-2k dev, the default); "single": the
#: primary model alone (F1 0.833 through the rules; the whole build about 1.5x faster on 2 cores, BENCHMARKS.md).
RECOGNIZERS = ("committee", "single")
DEFAULT_RECOGNIZER = "committee"


def check_recognizer(recognizer: str) -> str:
    """`recognizer` if it names one (`RECOGNIZERS`), else a `ConfigError` that lists them."""
    if recognizer not in RECOGNIZERS:
        raise ConfigError(f"unknown recognizer {recognizer!r}: use one of {', '.join(RECOGNIZERS)}.")
    return recognizer
