"""Small spaCy components of the pipeline, written like spaCy's `span_ruler.py` (keyword-only
settings, `__call__(doc) -> Doc`); their factories are in `kg.nlp.factories`.

- `paragraph_breaks` (`bk_paragraphs`): a line break ends a sentence;
- `ShortForms` (`bk_short_forms`): inside one article, "Kim" after "Kim Jong Un" is the same person;
- `DateTagger` (`bk_dates`): date expressions on `doc._.dates`, resolved against `doc._.published`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .dates import find_dates, published_date
from .gazetteer import Gazetteer, load_gazetteer

__all__ = ["paragraph_breaks", "ShortForms", "DateTagger"]


def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headings and paragraphs without a final stop stay apart."""
    for token in doc[1:-1]:
        if token.is_space:
            token.is_sent_start = False  # white space closes the sentence before it
            if "\n" in token.text:
                doc[token.i + 1].is_sent_start = True
    return doc


class ShortForms:
    """Mark the short forms of entities named in full earlier or later in the same document.

    A person's short forms are the gazetteer's `short_forms` (family name first: "Kim") or, for a
    person the gazetteer does not know, the first and the last word of the name (Indonesian news
    uses either: "Basrief" or "Arief" for "Basrief Arief"). A short form shared by two
    people in the document stays unmarked: no two people are merged for sharing a surname.
    Other gazetteer entries may have short forms too ("DPR" for the Donetsk republic), which win
    over another entity's alias of the same spelling only where the entry is named in full.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "bk_short_forms",
        *,
        gazetteer: Gazetteer | None = None,
        label: str = "Person",
        named_key: str = "named",
    ) -> None:
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
