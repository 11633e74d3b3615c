"""Entities of any Indonesian news text: the trained recognizer, context rules and the gazetteer.

Three sources, merged by `EntityLinker` (factory `bk_entities`) after the statistical `ner`:

1. the statistical recognizer trained on idner-news-2k (labels PER, LOC, ORG; see
   scripts/train_ner.py), which finds names no list knows;
2. context rules kept as data (kg/data/entity_rules.json, roles.jsonl): "Universitas X",
   "Kementerian X", "Presiden X", "profesor di X", "di X"… They add an entity only where the
   recognizer found none (or, with ``relabel``, correct its label on exactly the same span);
3. the gazetteer (kg/data/*.jsonl): a known name gives the entity its canonical key and type,
   and a known name the recognizer missed is added. A longer known name replaces a shorter
   guess inside it ("Jong Un" → "Kim Jong Un").

Then every entity gets its fine type (Person, Country, City, Place, Organization), capital
cities acting as governments become their country ("Moskow menolak …"), and entities inside
photo credits ("Foto/Reuters") are dropped as page noise.

`doc.ents` holds every entity the graph uses. `doc.spans["named"]` holds the named entities in
the sense of the gold data: a country the recognizer did not mark and that is not a location
("warga Palestina", "Rusia menolak") is an entity for facts but not a named location there.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..resources import load_json, load_jsonl
from ..types import COARSE_OF, FINE_OF
from .gazetteer import Gazetteer, entity_key, load_gazetteer

__all__ = ["EntityLinker", "NAMED_KEY", "entity_rules"]

NAMED_KEY = "named"
COUNTRY_WORDS = ("Republik", "Kerajaan", "Federasi", "Kesultanan", "Keamiran")
CITY_WORDS = ("kota", "Kota", "ibu kota", "ibukota")
DIRECTIONS = frozenset({"utara", "selatan", "timur", "barat", "tengah", "tenggara", "barat daya", "laut", "raya"})
PROPER_TAGS = frozenset({"NNP", "FW", "X"})  # the nlp-id tag set the recognizer's tagger learns


@lru_cache(maxsize=1)
def entity_rules() -> dict:
    """kg/data/entity_rules.json, with the title patterns made from roles.jsonl."""
    rules = dict(load_json("entity_rules.json"))
    titles = {row["role"].lower() for row in load_jsonl("roles.jsonl") if row.get("cue")} | set(
        rules.get("titles_extra", ())
    )
    stop = list(rules.get("title_stop", ()))
    offices = sorted(rules.get("office_words", ()))
    office = {"TEXT": {"IN": offices}, "OP": "*"}
    name = {"TEXT": {"REGEX": r"^[A-Z][\w.'-]*$", "NOT_IN": stop + offices}}
    first = dict(name, IS_STOP=False)  # "Apa" or "Aku" after "Bu" is no name
    title_patterns = []
    for title in sorted(titles):
        words = [{"LOWER": w} for w in title.split()]
        # "Presiden Rusia Vladimir Putin": the title's own entities are skipped, the name follows
        title_patterns.append(
            {
                "label": rules.get("title_label", "PER"),
                "title_len": len(words),
                "pattern": [
                    *words,
                    *[office, {"ENT_TYPE": {"IN": ["LOC", "ORG"]}, "OP": "*"}, office, first, dict(name, OP="*")],
                ],
            }
        )
    rules["patterns"] = list(rules["patterns"]) + title_patterns
    rules["titles"] = sorted(titles)
    return rules


#: Words a title-case heading leaves in lower case.
HEADING_LOWER = frozenset(
    {"di", "ke", "dari", "dan", "atau", "yang", "untuk", "dengan", "pada", "dalam", "antara", "oleh"}
)


class EntityLinker:
    """Merge recognizer, rule and gazetteer entities; give each a key and a fine type."""

    def __init__(
        self, nlp: Language, name: str = "bk_entities", *, gazetteer: Gazetteer | None = None, rules: dict | None = None
    ) -> None:
        self.name = name
        self.gazetteer = gazetteer or load_gazetteer()
        self.rules = rules or entity_rules()
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in sorted(self.gazetteer.entries.values(), key=lambda e: e.key):
            self.phrases.add(entry.key, [nlp.make_doc(name) for name in entry.names])
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.specs: dict[str, dict] = {}
        for i, spec in enumerate(self.rules["patterns"]):
            self.matcher.add(f"rule{i}", [spec["pattern"]], greedy="LONGEST")
            self.specs[f"rule{i}"] = spec
        self.by_lower = {name.lower(): key for name, key in self.gazetteer.by_name.items()}
        self.locative = frozenset(self.rules.get("locative_cues", ()))
        self.gov_cues = frozenset(self.rules.get("government_cues", ()))
        self.gov_verbs = frozenset(self.rules.get("government_verbs", ()))
        self.skippable = frozenset(self.rules.get("skippable", ()))
        self.credits = [re.compile(p) for p in self.rules.get("credit_patterns", ())]
        self.title_phrases = frozenset(self.rules.get("titles", ()))
        self.office_words = frozenset(self.rules.get("office_words", ()))
        self.not_names = frozenset(self.rules.get("not_names", ()))
        self.titles = frozenset(w for t in self.title_phrases for w in t.split()[-1:])
        self.cue_words = self.gov_cues | self.title_phrases
        calendar = load_json("calendar.json")
        self.calendar_words = frozenset(w for part in ("days", "months") for w in calendar[part] if len(w) > 3)

    # -- the three sources ------------------------------------------------------------------
    def _rule_spans(self, doc: Doc, recognized: list[Span]) -> tuple[list[Span], list[Span]]:
        """Rule matches: entities to add, and recognizer entities they replace or relabel."""
        taken = {i: e for e in recognized for i in range(e.start, e.end)}
        spans, replaced = [], []
        # a pattern with "strong": true wins a tie ("di Universitas X" is the university, not a place)
        matches = sorted(self.matcher(doc), key=lambda m: not self.specs[doc.vocab.strings[m[0]]].get("strong"))
        for match_id, start, end in matches:
            spec = self.specs[doc.vocab.strings[match_id]]
            if start > 0 and doc[start - 1].lower_ in spec.get("not_after", ()):
                continue  # "Wali Kota Surabaya Eri Cahyadi" is a mayor, not a town
            if "end_before" in spec:  # "Artyom Lukin, seorang profesor": the name ends at the comma
                end = next((k for k in range(start, end) if doc[k].text in spec["end_before"]), end)
            if "title_len" in spec:  # the name after the title and the title's own entities
                first = start + spec["title_len"]
                for i in range(first, end):
                    if doc[i].ent_type_ or doc[i].text in self.office_words:
                        first = i + 1
                start = first
            else:
                start += spec.get("skip", 0)
            if start >= end:
                continue
            covered = list(dict.fromkeys(taken[i] for i in range(start, end) if i in taken))
            same = len(covered) == 1 and (covered[0].start, covered[0].end) == (start, end)
            if not covered:
                span = Span(doc, start, end, label=spec["label"])
                spans.append(self._trim(span) if "title_len" in spec and len(span) > 1 else span)
            elif same and spec.get("relabel"):
                spans.append(Span(doc, start, end, label=spec["label"]))
                replaced.append(covered[0])
            elif (
                spec.get("extend")
                and not same
                and all(start <= e.start and e.end <= end for e in covered)
                and (
                    all(e.label_ != "PER" for e in covered)
                    or (len(covered) == 1 and covered[0].start == start + 1 and covered[0].end == end)
                )
            ):
                # "Universitas [Federal] [Timur Jauh]", "Kabupaten [Sukoharjo]": the head word decides
                spans.append(Span(doc, start, end, label=spec["label"]))
                replaced.extend(covered)
        return filter_spans(spans), replaced

    def _tidy(self, ent: Span) -> Span | None:
        """Cut a trailing aside or punctuation the recognizer took in ("Kim Jong Un (kanan)")."""
        end = ent.end
        doc = ent.doc
        end = next((t.i for t in ent if t.is_space or "\n" in t.text), end)  # never across a line break
        first = ent.start
        while first < end and doc[first].is_punct and doc[first].text not in ("(", '"'):
            first += 1  # "-Indonesia"
        if end <= first or not any(t.is_alpha or t.is_digit for t in doc[first:end]):
            return None
        if first != ent.start:
            ent = Span(doc, first, end, label=ent.label_)
        opened = next((t.i for t in doc[ent.start : end] if t.text == "("), None)
        if opened is not None and not any(t.text == ")" for t in doc[opened:end]):
            end = opened  # "DPRK (Republik Rakyat": an aside cut in two
        start = ent.start
        while start < end - 1 and doc[start].is_lower:
            start += 1  # "wilayah [Israel]", "seberang [Dataran Tinggi Golan]": a name starts with a capital
        if start != ent.start:
            ent = Span(doc, start, end, label=ent.label_)
        if doc.has_annotation("TAG"):  # a verb never starts a name ("Mendukung Rusia"); a name has a proper noun
            start = ent.start
            while start < end and doc[start].tag_.startswith("VB"):
                start += 1
            if start >= end or not any(t.tag_ in PROPER_TAGS for t in doc[start:end]):
                return None
            if start != ent.start:
                ent = Span(doc, start, end, label=ent.label_)
        while end - 1 > ent.start and (
            doc[end - 1].lower_ in self.calendar_words
            or (doc[end - 1].is_lower and doc[end - 1].lower_ not in DIRECTIONS)
        ):
            end -= 1  # "Amanda Vanstone Selasa": the day belongs to the date, not the name
        if end <= ent.start:
            return None
        if doc[end - 1].text == ")":
            opening = next((i for i in range(end - 2, ent.start - 1, -1) if doc[i].text == "("), None)
            if (
                opening is not None
                and opening > ent.start
                and all(not t.text[:1].isupper() for t in doc[opening + 1 : end - 1])
            ):
                end = opening
        while end > ent.start and doc[end - 1].is_punct and doc[end - 1].text not in (".", ")"):
            end -= 1
        if end <= ent.start:
            return None
        return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)

    @staticmethod
    def _with_abbreviation(ent: Span) -> Span:
        """ "Mahkamah Konstitusi (MK)": the abbreviation in brackets belongs to the name."""
        doc = ent.doc
        if (
            ent.label_ in ("ORG", "LOC")
            and ent.end + 2 < len(doc)
            and doc[ent.end].text == "("
            and doc[ent.end + 2].text == ")"
            and doc[ent.end + 1].text.isupper()
            and len(doc[ent.end + 1]) > 1
            and not doc[ent.end + 1].ent_type_ == "PER"
        ):
            return Span(doc, ent.start, ent.end + 3, label=ent.label_)
        return ent

    @staticmethod
    def _is_heading(sent: Span) -> bool:
        """Every word capitalised, at least four of them ("Satu Suara di Panggung …")."""
        words = [t for t in sent if t.is_alpha and t.lower_ not in HEADING_LOWER]
        return len(words) >= 4 and all(t.text[:1].isupper() for t in words)

    def _headings(self, doc: Doc) -> Callable[[Span], bool]:
        """Whether an entity stands in a heading, each sentence judged once: judging the sentence
        again for every entity in it was quadratic in the sentence's length."""
        starts, flags = [], []
        for sent in doc.sents:
            starts.append(sent.start)
            flags.append(self._is_heading(sent))

        def in_heading(ent: Span) -> bool:
            first, last = bisect_right(starts, ent.start) - 1, bisect_right(starts, ent.end - 1) - 1
            return flags[first] if first == last else self._is_heading(ent.sent)  # across sentences: rare

        return in_heading

    @staticmethod
    def _in_title_case(ent: Span, known: list[Span], in_heading: Callable[[Span], bool]) -> list[Span]:
        """In a heading where every word is capitalised ("Mendukung Rusia Menyerang Tetangganya")
        capitals say nothing: keep only the known names. A bare direction ("Utara") is no name."""
        if all(t.lower_ in DIRECTIONS for t in ent):
            return []
        if in_heading(ent):
            return [g for g in known if ent.start <= g.start and g.end <= ent.end]
        return [ent]

    @staticmethod
    def _hyphenated(ent: Span, known: set[int]) -> Span:
        """ "Faruq El-Shara": a name goes on over a hyphen with no space around it ("Rusia-Korut",
        two known names, never reaches here as one span: the hyphen only joins unknown parts)."""
        doc, end = ent.doc, ent.end
        while (
            end + 1 < len(doc)
            and doc[end].text == "-"
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].text[:1].isupper()
            and not doc[end + 1].ent_type_
            and end + 1 not in known
        ):
            end += 2
        return ent if end == ent.end else Span(doc, ent.start, end, label=ent.label_)

    def _trim(self, ent: Span) -> Span:
        """Drop the end of a title the recognizer took into a name ("Komisaris [Besar Rina]")."""
        doc = ent.doc
        cut = ent.start
        for j in range(1, min(3, len(ent) - 1) + 1):
            for k in range(0, 3):
                words = " ".join(t.lower_ for t in doc[max(0, ent.start - k) : ent.start + j])
                if words in self.title_phrases and ent.start - k >= 0:
                    cut = ent.start + j
        prev = doc[ent.start - 1].lower_ if ent.start else ""
        if cut == ent.start and (prev in self.titles or prev in self.title_phrases):
            while cut < ent.end - 1 and doc[cut].text in self.office_words:
                cut += 1  # "Jenderal [Pol Badrodin Haiti]"
        return ent if cut == ent.start else Span(doc, cut, ent.end, label=ent.label_)

    def _split_titled(self, ent: Span, known: list[Span]) -> list[Span]:
        """ "Presiden Rusia Vladimir Putin" is a country and a person; "Pemerintah Negeri Paman Sam"
        is the country; a span two known names tile is those two names."""
        doc = ent.doc
        if ent.label_ == "PER":
            ent = self._trim(ent)
        inside = [g for g in known if ent.start <= g.start and g.end <= ent.end]
        if not inside or (inside[0].start, inside[0].end) == (ent.start, ent.end):
            return [ent]
        if sum(len(g) for g in inside) == len(ent):
            return inside
        head = inside[0]
        lead = doc[ent.start : head.start]
        if head.end == ent.end and len(lead) and all(t.lower_ in self.cue_words for t in lead):
            return [head]
        titled = ent.start > 0 and doc[ent.start - 1].lower_ in self.titles
        if titled and head.start == ent.start and head.label_ in ("LOC", "ORG") and ent.end - head.end >= 1:
            return [head, Span(doc, head.end, ent.end, label="PER")]
        return [ent]

    def _gazetteer_spans(self, doc: Doc) -> list[Span]:
        found = [
            Span(
                doc,
                s,
                e,
                label=COARSE_OF.get(self.gazetteer[doc.vocab.strings[k]].type, "ORG"),
                span_id=doc.vocab.strings[k],
            )
            for k, s, e in self.phrases(doc)
        ]
        return filter_spans(found)

    # -- typing -----------------------------------------------------------------------------
    def _key_of(self, ent: Span) -> str | None:
        if ent.ent_id_ and ent.ent_id_ in self.gazetteer:
            return ent.ent_id_
        text = " ".join(ent.text.split())
        if text.endswith(")") and " (" in text:  # "Mahkamah Konstitusi (MK)": the name before the brackets
            text = text[: text.rindex(" (")]
        return self.gazetteer.by_name.get(text) or (self.by_lower.get(text.lower()) if not text.islower() else None)

    def _fine(self, ent: Span, key: str | None) -> str:
        if key is not None:
            return self.gazetteer[key].type
        fine = FINE_OF.get(ent.label_, ent.label_)
        if ent.label_ == "LOC":
            before = ent.doc[max(0, ent.start - 2) : ent.start].text.lower()
            if ent.text.startswith(COUNTRY_WORDS):
                fine = "Country"
            elif ent.start > 0 and (ent.doc[ent.start - 1].lower_ in CITY_WORDS or before in CITY_WORDS):
                fine = "City"
        return fine

    def _acts_as_government(self, ent: Span) -> bool:
        doc = ent.doc
        if ent.start > 0 and doc[ent.start - 1].lower_ in self.gov_cues:
            return True
        i = ent.end
        while i < len(doc) and doc[i].lower_ in self.skippable:
            i += 1
        return i < len(doc) and doc[i].lower_ in self.gov_verbs

    def _locative(self, ent: Span, named_so_far: list[Span]) -> bool:
        doc = ent.doc
        if ent.start == 0:
            return False
        prev = doc[ent.start - 1]
        if prev.lower_ in self.locative:
            return True
        if prev.lower_ in ("dan", ",", "atau", "serta", "maupun") and named_so_far:
            last = named_so_far[-1]
            return last.end == ent.start - 1 and COARSE_OF.get(last.label_) == "LOC"
        return False

    def _modifier(self, ent: Span) -> bool:
        """ "warga Palestina", "tentara Jepang", "Presiden Rusia", "Rusia menolak": not a place."""
        doc = ent.doc
        prev = doc[ent.start - 1] if ent.start else None
        if prev is not None and (prev.is_lower and prev.lower_ not in self.locative and not prev.is_punct):
            return True
        if prev is not None and prev.lower_ in self.titles:
            return True
        return self._acts_as_government(ent)

    def _in_credit(self, doc: Doc) -> list[tuple[int, int]]:
        return [m.span() for rx in self.credits for m in rx.finditer(doc.text)]

    def __call__(self, doc: Doc) -> Doc:
        recognized = [t for t in (self._tidy(e) for e in doc.ents if e.label_ in FINE_OF) if t is not None]
        ruled, replaced = self._rule_spans(doc, recognized)
        recognized = [e for e in recognized if e not in replaced]
        gazetteer = self._gazetteer_spans(doc)
        named = filter_spans([part for e in recognized + ruled for part in self._split_titled(e, gazetteer)])
        in_heading = self._headings(doc)
        named = [part for e in named for part in self._in_title_case(e, gazetteer, in_heading)]
        known = {i for g in gazetteer for i in range(g.start, g.end)}
        named = filter_spans([self._hyphenated(self._with_abbreviation(e), known) for e in named])
        extra = []
        for g in gazetteer:
            inside = [e for e in named if e.start < g.end and g.start < e.end]
            if not inside:
                extra.append(g)
            elif all(g.start <= e.start and e.end <= g.end for e in inside) and (g.start, g.end) != (
                inside[0].start,
                inside[0].end,
            ):
                named = [e for e in named if e not in inside] + [g]
        credits = self._in_credit(doc)
        out: list[Span] = []
        named_out: list[Span] = []
        candidates = sorted([(e, True) for e in named] + [(g, False) for g in extra], key=lambda p: p[0].start)
        for ent, recognized_it in candidates:
            if any(s < ent.end_char and ent.start_char < e for s, e in credits) or ent.text in self.not_names:
                continue
            key = self._key_of(ent)
            fine = self._fine(ent, key)
            entry = self.gazetteer.entries.get(key) if key else None
            if entry is not None and entry.capital_of and self._acts_as_government(ent):
                key, fine = entry.capital_of, "Country"
            span = Span(doc, ent.start, ent.end, label=fine, span_id=key or entity_key(fine, ent.text))
            out.append(span)
            if fine == "Country" and entry is not None:
                # a known country is a named location only where it is a place: "di Rusia", "ke
                # Jepang", or listed with one ("di Rusia dan Jepang"); elsewhere it is an actor or
                # a modifier ("Rusia menolak", "warga Palestina"), as the gold data has it
                if (recognized_it and not self._modifier(span)) or self._locative(span, named_out):
                    named_out.append(span)
            elif COARSE_OF.get(fine) == "LOC" and span.start and doc[span.start - 1].lower_ in self.titles:
                pass  # "Gubernur [Jawa Barat]": the place is part of a title, not a location named
            elif recognized_it or COARSE_OF.get(fine) != "LOC" or self._locative(span, named_out):
                named_out.append(span)  # a known place the recognizer passed over: named where it is a place
        doc.ents = sorted(out, key=lambda s: s.start)
        doc.spans[NAMED_KEY] = sorted(named_out, key=lambda s: s.start)
        return doc
