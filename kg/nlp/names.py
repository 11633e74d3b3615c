"""Clean names: one well-cut mention per real thing, after the recognizer and the gazetteer.

Real news glues titles, offices and units to names ("Kombes Pol Adi Deriyan", "DKI Anies
Baswedan", "Dirlantas Polda Metro Jaya"), names a regional body by a head and a place ("Polda
Metro Jaya", "DPW PPP Jateng"), defines acronyms in brackets ("Komisi Pemberantasan Korupsi
(KPK)") and names events ("Pilkada 2017", "Hari Kartini"). `NameCleaner` (factory `bk_names`) runs
after `bk_entities` and, with the rules kept as data (kg/data/names.json):

1. drops entities inside the dateline's outlet ("Jakarta, CNN Indonesia --"): page furniture;
2. cuts a person's span after its last title, rank, honorific or role noun, and strips leading
   acronyms and known bodies or places ("PBB Matthew Rycroft"): the body becomes its own mention;
3. cuts the office words before a body ("Kepala Bidang Humas [Kepolisian Daerah Jawa Tengah]");
4. adds bodies, places and events the recognizer missed or cut, from their head words;
5. gives an acronym defined in brackets, a nickname in brackets or after "alias", the key of the
   name it follows, here and wherever the article uses it alone;
6. drops what is no entity: bare titles, common nouns, programme acronyms ("not_entities"), and a
   lone capitalised word the article also writes in lower case ("Sejalan …" / "sejalan").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .entities import DIRECTIONS
from .headwords import ACRONYM, NameFinder, abbreviates

__all__ = ["NameCleaner"]

_DATELINE = re.compile(r"^\s*[^\n]{0,80}?\s[-–—]+\s")


class NameCleaner(NameFinder):
    """Cut, split, add and drop entity mentions so that each names one real thing cleanly."""

    # -- 1. furniture ----------------------------------------------------------------------
    def _dateline_end(self, doc: Doc) -> int:
        """The character offset where a dateline with an outlet ends, or 0."""
        m = _DATELINE.match(doc.text)
        if not m:
            return 0
        head = m.group(0).casefold()
        if any(o in head for o in self.rules["outlets"]) or any(s in head for s in self.rules["suffixes"]):
            return m.end()
        return 0

    def _is_outlet(self, text: str) -> bool:
        low = text.casefold()
        return low in self.rules["outlets"] or low.endswith(self.rules["suffixes"])

    # -- 2, 3. cutting -----------------------------------------------------------------------
    def _cut_person(self, ent: Span) -> list[Span]:
        """A person's name without titles and glued bodies; the body, if known, as its own span."""
        doc, strong, office = ent.doc, self.rules["strong"], self.rules["office"]
        start, end = ent.start, ent.end
        last = max((t.i for t in ent[:-1] if t.text in strong or t.text.capitalize() in strong), default=-1)
        parts: list[Span] = []
        if last >= 0:
            before = [t.i for t in doc[start:last] if not (t.text in strong or t.text in office)]
            if before:  # "Reskrimsus Polda Metro Jaya Kombes …": the body before the rank
                body = self._body_in(doc, before[0], last)
                if body is not None:
                    parts.append(body)
            start = last + 1
            while start < end - 1 and (doc[start].text in office or doc[start].is_lower):
                start += 1
        while end - start > 1:
            tok = doc[start]
            known = self._known(doc, start, end - 1)
            if known is not None:
                stop, key = known
                if self.gazetteer[key].type != "Person":
                    parts.append(self._span(doc, start, stop, self.gazetteer[key].type, key))
                    start = stop
                    continue
            if (
                ACRONYM.match(tok.text)
                and tok.text.isupper()
                and tok.text not in self.rules["keep"]
                and end - start >= 3
            ):
                start += 1
                continue
            if tok.text in strong or tok.text in office:
                start += 1
                continue
            break
        if end - start == 1 and (doc[start].text in strong or doc[start].text in office):
            return parts
        if (start, end) == (ent.start, ent.end):
            return [*parts, ent]
        return [*parts, self._span(doc, start, end, "Person")]

    def _split_tail(self, ent: Span) -> list[Span] | None:
        """A body the recognizer ran into the person after it: "Polda Metro Jaya Kombes Argo
        Yuwono", "PBB Matthew Rycroft" after a title, "Partai Republik Donald Trump"."""
        doc, strong, office = ent.doc, self.rules["strong"], self.rules["office"]
        titles = [t.i for t in ent[1:-1] if t.text in strong]
        if titles:
            start = titles[-1] + 1
            while start < ent.end - 1 and doc[start].text in office:
                start += 1
            if all(t.text[:1].isupper() for t in doc[start : ent.end]) and self._known(doc, start, ent.end) is None:
                body = self._cut_body(Span(doc, ent.start, titles[0], label=ent.label_))
                return [b for b in [body] if b is not None] + [self._span(doc, start, ent.end, "Person")]
        for k in range(ent.start + 1, ent.end - 1):
            key = self.gazetteer.by_name.get(doc[k : ent.end].text)
            if key is not None and self.gazetteer[key].type == "Person":
                body = self._cut_body(Span(doc, ent.start, k, label=ent.label_))
                return [b for b in [body] if b is not None] + [self._span(doc, k, ent.end, "Person", key)]
        titled = any(t.text.capitalize() in strong for t in doc[max(0, ent.start - 6) : ent.start])
        if not titled or ent.label_ != "Organization":
            return None
        for k in range(ent.start, ent.end - 1):  # "[PBB] Matthew Rycroft", "Komisi II [DPR] Mustokoweni"
            known = self._known(doc, k, ent.end - 1)
            if known is None or self._head(doc, k, self.rules["bodies"]):
                continue  # "KPU Makassar" is a regional body, not a body and a person
            stop, key = known
            rest = doc[stop : ent.end]
            if (
                self.gazetteer[key].type in ("Organization", "Country")
                and len(rest) <= 4
                and all(
                    t.is_title and t.lower_ not in DIRECTIONS and t.lower_ not in self.rules["common"] for t in rest
                )
                and (len(rest) >= 2 or self.gazetteer[key].type == "Organization")
                and self._known(doc, stop, ent.end) is None
            ):
                body = (
                    self._span(doc, ent.start, stop, self.gazetteer[key].type, key)
                    if k == ent.start
                    else self._span(doc, ent.start, stop, "Organization")
                )
                return [body, self._span(doc, stop, ent.end, "Person")]
        return None

    def _body_in(self, doc: Doc, start: int, end: int) -> Span | None:
        """A body named in doc[start:end] from its head on ("Dirlantas [Polda Metro Jaya]")."""
        for i in range(start, end):
            n = self._head(doc, i, self.rules["bodies"])
            if n and end - i > n:
                return self._span(doc, i, end, "Organization")
            known = self._known(doc, i, end)
            if known is not None and known[0] == end:
                key = known[1]
                return self._span(doc, i, end, self.gazetteer[key].type, key)
        return None

    def _cut_body(self, ent: Span) -> Span | None:
        """An organisation or place without the office words before it; None when it is all office."""
        doc = ent.doc
        strong, office = self.rules["strong"], self.rules["office"]
        start = ent.start
        opener = doc[start - 1] if start > 0 and doc[start - 1].text in strong else doc[start]
        if opener.text in strong and opener.text not in self.rules["ranks"]:
            # "Kepala Bidang Humas [Polda X]": a title's run; never "Angkatan Laut X", "TNI", "Polri"
            while start < ent.end and (doc[start].text in strong or doc[start].text in office):
                if self._head(doc, start, self.rules["bodies"]) or self._known(doc, start, ent.end):
                    break
                start += 1
        if start == ent.end:
            return None
        if start != ent.start and not (
            self._head(doc, start, self.rules["bodies"]) or self._known(doc, start, ent.end)
        ):
            return ent  # not a unit of a body: keep the name as found ("Bidang Studi X" stays)
        stop = next((t.i for t in doc[start : ent.end] if t.text in self.rules["stops"]), ent.end)
        while stop - 1 > start and doc[stop - 1].text in self.rules["ranks"]:
            stop -= 1  # "Polda Metro Jaya Komisaris": the rank of the person after it
        if stop <= start:
            return None
        if (start, stop) == (ent.start, ent.end):
            return ent
        return self._span(doc, start, stop, ent.label_)

    # -- 5. aliases ----------------------------------------------------------------------------
    def _aliases(self, doc: Doc, ents: list[Span]) -> tuple[list[Span], dict[str, Span]]:
        """Split "Name (ACR)" into two mentions of one key; the alias → the span it names."""
        out, alias = [], {}
        for ent in ents:
            toks = list(ent)
            if (
                len(toks) >= 4
                and toks[-1].text == ")"
                and toks[-3].text == "("
                and abbreviates(toks[-2].text, ent[:-3].text)
            ):
                name = self._span(
                    doc, ent.start, ent.end - 3, ent.label_, ent.id_ if ent.id_ in self.gazetteer else None
                )
                short = Span(doc, ent.end - 2, ent.end - 1, label=name.label_, span_id=name.id_)
                out += [name, short]
                alias[short.text] = name
                continue
            out.append(ent)
            after = doc[ent.end : ent.end + 4]
            if len(after) >= 3 and after[0].text == "(" and after[2].text == ")" and after[1].text[:1].isupper():
                if (ent.label_ == "Person" and after[1].text not in self.gazetteer.by_name) or abbreviates(
                    after[1].text, ent.text
                ):
                    short = Span(doc, ent.end + 1, ent.end + 2, label=ent.label_, span_id=ent.id_)
                    out.append(short)
                    alias[short.text] = ent
            elif len(after) >= 2 and after[0].lower_ == "alias" and ent.label_ == "Person":
                end = ent.end + 1
                while end < len(doc) and end - ent.end <= 3 and doc[end].is_title:
                    end += 1
                if end > ent.end + 1:
                    nick = Span(doc, ent.end + 1, end, label="Person", span_id=ent.id_)
                    out.append(nick)
                    alias[nick.text] = ent
            before = doc[max(0, ent.start - 4) : ent.start]
            if ent.label_ == "Person" and len(before) >= 2 and before[-1].lower_ == "alias":
                start = ent.start - 1  # "Rudi Hartono alias [Rudi Gondrong]": the real name first
                while (
                    start > before.start and doc[start - 1].is_title and doc[start - 1].text not in self.rules["strong"]
                ):
                    start -= 1
                if start < ent.start - 1 and not any(o.start < ent.start - 1 and o.end > start for o in out[:-1]):
                    real = self._span(doc, start, ent.start - 1, "Person")
                    out.insert(len(out) - 1, real)
                    alias[ent.text] = real
        return out, alias

    def _outside(self, spans: list[Span], places: list[Span]) -> list[Span]:
        """The spans with what a place found by its head covers cut away: "[Hotel Grand Kemang]
        Jakarta Selatan" keeps the city after the hotel, not one place of both. A stray bracket
        at either end goes too ("(Australia)")."""
        out = []
        for s in spans:
            start, end = s.start, s.end
            for p in places:
                if p.start <= start < p.end < end and self._place_after(s.doc, p.end, end):
                    start = p.end  # "[Hotel Grand Kemang] Jakarta Selatan"; not "Stadion Gelora Bandung Lautan Api"
            doc = s.doc
            while start < end and (doc[start].text in self.rules["stops"] or doc[start].text.startswith("No.")):
                start += 1  # "No.10 Rawalaut": the house number is no part of the place after it
            if start >= end:
                continue
            if doc[start].text == "(":  # a name never opens with a bracket: "(Australia)"
                start += 1
            if end - 1 > start and doc[end - 1].text == ")" and "(" not in [t.text for t in doc[start:end]]:
                end -= 1
            while end - 1 > start and doc[end - 1].text in self.rules["function_words"]:
                end -= 1  # "Angkatan Ke - 64": a name never ends with "Ke", "Di", "Dan"
            if start >= end or not any(t.text[:1].isupper() for t in doc[start:end]):
                continue
            out.append(s if (start, end) == (s.start, s.end) else self._span(doc, start, end, s.label_))
        return out

    def _titled_runs(self, kept: list[Span], found: list[Span]) -> list[Span]:
        """A title's whole run taken as one name: "Humas [Karnaval Kemerdekaan] Catharina
        Widyasrini", "Koordinator Lapangan Aksi Peringatan [Hari Tani] Agus Ruli". Where a body or
        event found by its head lies inside and capitalised words end the run, those words are the
        person; the found name stands for itself."""
        strong = self.rules["strong"]
        out = []
        for s in kept:
            doc = s.doc
            titled = doc[s.start].text in strong or (s.start > 0 and doc[s.start - 1].text in strong)
            inner = [f for f in found if s.start <= f.start and f.end < s.end and (f.start, f.end) != (s.start, s.end)]
            rest = doc[inner[-1].end : s.end] if inner else None
            if (
                s.label_ != "Person"
                and titled
                and rest is not None
                and 1 <= len(rest) <= 4
                and all(t.is_title and t.is_alpha and t.text not in strong for t in rest)
                and self._known(doc, rest.start, rest.end) is None
            ):
                out.append(self._span(doc, rest.start, rest.end, "Person"))
            else:
                out.append(s)
        return out

    def _place_after(self, doc: Doc, start: int, end: int) -> bool:
        """Whether doc[start:end] is an address after a place: a house number and what follows it
        ("No.10 Rawalaut"), or a known city or province with a direction ("Jakarta Selatan")."""
        if doc[start].text in self.rules["stops"] or doc[start].text.startswith(("No.", "Nomor")):
            return True
        known = self._known(doc, start, end)
        return known is not None and all(t.lower_ in DIRECTIONS for t in doc[known[0] : end])

    def _typed(self, span: Span) -> Span:
        """The type a name's own words say, over the recognizer's guess: an organisation's head
        ("Dewan Pers", "Rumah Sakit X", "Bank X"), a place's head ("Kawah X", "Gedung X"), a known
        city with its direction ("Jakarta Selatan" is a city)."""
        if span.id_ in self.gazetteer or span.label_ in ("Event", "Treaty", "Country"):
            return span
        doc, label = span.doc, span.label_
        if self._head(doc, span.start, self.rules["places"]) and label in ("Person", "Organization"):
            label = "Place"
        elif label in ("Person", "Place", "City") and (
            span[0].text in self.rules["org_heads"] or self._head(doc, span.start, self.rules["bodies"])
        ):
            label = "Organization"
        elif label == "Place" and len(span) > 1 and span[-1].lower_ in DIRECTIONS:
            known = self._known(doc, span.start, span.end)
            if known is not None and self.gazetteer[known[1]].type == "City":
                label = "City" if all(t.lower_ in DIRECTIONS for t in doc[known[0] : span.end]) else label
        return span if label == span.label_ else self._span(doc, span.start, span.end, label)

    def _with_direction(self, span: Span) -> Span:
        """A place and the direction after it are one place: "Yerusalem Timur", "Jatinegara
        Barat" (a known name such as "Jawa Barat" is already whole)."""
        doc, end = span.doc, span.end
        while end < len(doc) and end - span.end < 2 and doc[end].is_title and doc[end].lower_ in DIRECTIONS:
            end += 1
        if end == span.end or span.label_ not in ("Place", "City"):
            return span
        return self._span(doc, span.start, end, span.label_)

    def _merged(self, spans: list[Span]) -> list[Span]:
        """Two person spans side by side are one name ("[Rizieq] [Shihab]")."""
        out: list[Span] = []
        for s in spans:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.label_ == s.label_ == "Person"
                and prev.end == s.start
                and all(t.is_title for t in (*prev, *s))
            ):
                out[-1] = self._span(s.doc, prev.start, s.end, "Person")
            else:
                out.append(s)
        return out

    def _by_longer(self, spans: list[Span]) -> list[Span]:
        """A name that is the start of a longer name of its type in the article is that thing
        ("Lebaran" and "Lebaran 2017", "Dinas Sumber Daya Air" and "… Jakarta Barat"); not a
        national body's acronym before its regional one ("PWI" and "PWI Sumenep")."""
        kinds = ("Event", "Organization")
        label_of = {s.id_: s.label_ for s in spans if s.label_ in kinds}
        words = {s.id_: tuple(self.key_text(s.text).casefold().split()) for s in spans if s.label_ in kinds}
        starts: dict[tuple[str, ...], set[str]] = {}  # a name's first words → the longer names
        for key, name in words.items():
            for n in range(1, len(name)):
                starts.setdefault(name[:n], set()).add(key)
        out = []
        for s in spans:
            longer: set[str] = set()
            national = s.label_ == "Organization" and (len(s) < 2 or s.text.isupper())
            if s.id_ in words and s.id_ not in self.gazetteer and not national:  # "PWI" is not "PWI Sumenep"
                longer = starts.get(words[s.id_], set()) - {s.id_}
            if len(longer) == 1 and {label_of[k] for k in longer} == {s.label_}:
                out.append(Span(s.doc, s.start, s.end, label=s.label_, span_id=next(iter(longer))))
            else:
                out.append(s)
        return out

    # -- 6. not entities ----------------------------------------------------------------------------
    def _placelike(self, ent: Span) -> bool:
        """A "person" that starts with a direction or a place or body head ("Timur", "Provinsi
        Jawa Tengah"): the recognizer's slip inside a longer name."""
        first = ent[0]
        return (
            first.lower_ in DIRECTIONS
            or bool(self._head(ent.doc, ent.start, self.rules["places"]))
            or bool(self._head(ent.doc, ent.start, self.rules["bodies"]))
            or first.text in ("Provinsi", "Kabupaten", "Kota")
        )

    def _no_entity(self, ent: Span, lower_words: set[str]) -> bool:
        text = ent.text
        if text.casefold() in self.rules["not"] or all(not t.is_alpha for t in ent):
            return True
        whole = tuple(t.text for t in ent)
        if (
            whole in self.rules["bodies"]
            or whole in self.rules["places"]
            or (whole[0] in self.rules["org_heads"] and len(whole) == 1)
        ):
            return True  # a head alone ("Jalan", "Dinas", "Akademi"): no name
        after = ent.doc[ent.end : ent.end + 3]
        if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].lower_ in self.rules["not"]:
            return True  # "Stasiun Pengisian Bahan Bakar Umum (SPBU)": a common thing spelt out
        if self._head(ent.doc, ent.start, self.rules["works"]):
            return True  # a dance, a song, a programme: a work or product, not an entity
        if len(ent) == 1 and ent.id_ not in self.gazetteer and not text.isupper() and not self._is_outlet(text):
            if text.casefold() in lower_words:
                return True  # "Sejalan dengan …" where the text also says "sejalan"
            opens = ent.sent.start if ent.doc.has_annotation("SENT_START") else 0
            first = all(t.is_punct for t in ent.doc[opens : ent.start])
            return first and text.casefold() in self.rules["common"]  # a sentence's first word: "Ongkos …"
        return False

    def __call__(self, doc: Doc) -> Doc:
        dateline = self._dateline_end(doc)
        lower_words = {t.lower_ for t in doc if t.is_lower and t.is_alpha}
        kept: list[Span] = []
        for ent in doc.ents:
            if ent.start_char < dateline and (ent.label_ == "Organization" or self._is_outlet(ent.text)):
                after = doc.char_span(dateline, ent.end_char, alignment_mode="contract")
                if ent.end_char <= dateline or after is None or not len(after):
                    continue
                if len(after) == 1 and after[0].lower_ in self.rules["common"]:
                    continue  # "Merdeka.com - Setelah …"
                ent = self._span(doc, after.start, after.end, ent.label_)  # "Merdeka.com - [Manchester City]"
            if ent.label_ == "Person" and len(ent) > 1 and ent[0].text in self.rules["org_heads"]:
                ent = self._span(doc, ent.start, ent.end, "Organization")  # "Ikatan Advokat Indonesia X"
            if ent.label_ == "Person":
                kept += self._cut_person(ent)
            elif ent.label_ in ("Organization", "Place", "City"):
                split = self._split_tail(ent)
                if split is not None:
                    kept += split
                    continue
                cut = self._cut_body(ent)
                if cut is not None:
                    kept.append(cut)
            else:
                kept.append(ent)
        kept = [e for e in kept if not (e.label_ == "Person" and self._placelike(e))]
        persons = {i for e in kept if e.label_ == "Person" for i in range(e.start, e.end)}
        found = [s for s in self._found(doc, persons) + self._defined(doc) if s.start_char >= dateline]
        found += self._outlets_named(doc, dateline) + self._titled_bodies(doc)
        kept = self._titled_runs(kept, found)
        spans = filter_spans(
            found + self._outside(kept, [f for f in found if f.label_ == "Place"])
        )  # the longer wins; a head-word name over the pieces inside
        spans += self._appositives(doc, spans) + self._speakers(doc, spans) + self._listed(doc, spans)
        spans, alias = self._aliases(doc, sorted(spans, key=lambda s: s.start))
        taken = {i for s in spans for i in range(s.start, s.end)}
        for token in doc:  # an alias alone elsewhere in the article
            if token.i not in taken and token.text in alias:
                spans.append(
                    Span(doc, token.i, token.i + 1, label=alias[token.text].label_, span_id=alias[token.text].id_)
                )
        spans = [
            Span(doc, s.start, s.end, label=alias[s.text].label_, span_id=alias[s.text].id_)
            if s.text in alias and s.id_ != alias[s.text].id_
            else s
            for s in spans
            if not self._no_entity(s, lower_words)
        ]
        spans = filter_spans([self._with_direction(s) for s in spans])
        spans = self._merged(sorted((self._typed(s) for s in spans), key=lambda s: s.start))
        doc.ents = self._by_longer(self._full_names(doc, spans))
        return doc
