"""Names the recognizer passed over, found by the words around them.

- head words: "Polda Metro Jaya", "DPW PPP Jateng", "Jalan Wijaya Kusuma", "Pilkada 2018", "Hari
  Kartini": a head from kg/data/names.json and the capitalised words, acronyms, roman numerals or
  year after it;
- acronyms spelt out: "Badan Meteorologi, Klimatologi dan Geofisika (BMKG)";
- outlets named in the story ("kepada kumparan"), speakers after a verb of saying ("ujar Karim"),
  the person after a titled body and a comma, the full name of a person found by one word.

`NameFinder` holds these finders and the key rules (a head's short form spelt out, so "Polda X"
and "Kepolisian Daerah X" are one key) for `kg.nlp.names`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..resources import load_json, load_jsonl
from .entities import entity_rules
from .gazetteer import Gazetteer, entity_key, load_gazetteer

__all__ = ["ACRONYM", "NameFinder", "abbreviates", "name_rules", "title_body", "unbracketed"]

ACRONYM = re.compile(r"^[A-Z][A-Za-z]*[A-Z][A-Za-z]*$")  # "KPK", "PPP", "DPRD"
#: Words that are no name's last word, capitalised or not ("Angkatan Ke - 64").
FUNCTION_WORDS = frozenset({"dan", "dari", "di", "ke", "yang", "pada", "ini", "itu", "tersebut"})
_ROMAN = re.compile(r"^(?:[IVX]+|\d{1,2})$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Phrases:
    """Head phrases as token tuples, with their first words and lengths, so that matching at a
    token looks at one word unless it may open a phrase (`NameFinder._head`, on every token)."""

    phrases: frozenset[tuple[str, ...]]
    firsts: frozenset[str]
    lengths: tuple[int, ...]

    def __contains__(self, words: object) -> bool:
        return words in self.phrases


def _phrases(words: list[str]) -> Phrases:
    phrases = frozenset(tuple(w.split()) for w in words)
    lengths = tuple(sorted({len(p) for p in phrases}, reverse=True))
    return Phrases(phrases, frozenset(p[0] for p in phrases), lengths)


def unbracketed(text: str) -> str:
    """The text without an aside in brackets ("Komisi X (KX)" → "Komisi X")."""
    return re.sub(r"\s*\([^)]*\)", "", text).strip() or text


@lru_cache(maxsize=1)
def name_rules() -> dict:
    """kg/data/names.json with the titles of entity_rules.json, as sets ready for matching."""
    data = load_json("names.json")
    rules = entity_rules()
    strong = set(data["honorifics"]) | set(data["role_nouns"]) | set(data["ranks"])
    strong |= {t.split()[0].capitalize() for t in rules["titles"]}
    strong |= {f"{w}nya" for w in strong if w.isalpha()}  # "Wakilnya X", "Suaminya X": a title too
    rows = load_jsonl("outlets.jsonl")
    outlets = {p.casefold() for row in rows for p in [row["name"], *row["patterns"]]}
    cues = "|".join(re.escape(c) for c in data["outlet_cues"])
    named = tuple(
        (
            re.compile(
                rf"(?<![\w.])(?P<o>{'|'.join(re.escape(p) for p in sorted(row['patterns'], key=len, reverse=True))})"
                rf"(?!\w)|\b(?:{cues})\s+(?P<c>{re.escape(row['name'])})(?!\w)"
            ),
            row["name"],
        )
        for row in rows
    )
    org_heads = {
        w
        for spec in rules["patterns"]
        if spec["label"] == "ORG" and isinstance(spec["pattern"][0].get("TEXT"), dict)
        for w in spec["pattern"][0]["TEXT"].get("IN", ())
    }
    return {
        "org_heads": frozenset(org_heads | {h for h in data["body_heads"] if " " not in h}),
        "strong": frozenset(strong),
        "honours": frozenset(data["honorifics"]) | frozenset(data["ranks"]),
        "ranks": frozenset(data["ranks"]),
        "office": frozenset(rules.get("office_words", ())),
        "keep": frozenset(data["acronym_keep"]),
        "not": frozenset(w.casefold() for w in data["not_entities"]),
        "bodies": _phrases(data["body_heads"]),
        "works": _phrases(data["work_heads"]),
        "title_bodies": {tuple(k.split()): v for k, v in data["title_bodies"].items()},
        "title_abbreviations": {tuple(k.split()): v for k, v in data["title_abbreviations"].items()},
        "function_words": frozenset(w for w in rules.get("title_stop", ()) if w.lower() in FUNCTION_WORDS),
        "places": _phrases(data["place_heads"]),
        "areas": _phrases(data["area_heads"]),
        "stops": frozenset(data["name_stops"]),
        "events": _phrases([e["head"] for e in data["event_heads"]]),
        "event_needs": {tuple(e["head"].split()): e["needs"] for e in data["event_heads"]},
        "outlets": frozenset(outlets),
        "outlet_names": named,
        "suffixes": tuple(data["outlet_suffixes"]),
        "expansions": dict(data["expansions"]),
        "speech": frozenset(data["speech_verbs"]),
        "common": frozenset(load_json("common_words.json")["words"]),
        "calendar": frozenset(w.capitalize() for part in ("days", "months") for w in load_json("calendar.json")[part]),
    }


def abbreviates(short: str, name: str) -> bool:
    """Whether `short` can abbreviate `name`: same first letter, its letters in order in the name
    ("KPK", "Kemenkominfo"; not "Safenet" for "Asia Tenggara")."""
    letters, rest = short.casefold(), name.casefold()
    if not letters or not rest or letters[0] != rest[0] or len(letters) < 2:
        return False
    pos = 0
    for ch in letters:
        pos = rest.find(ch, pos) + 1
        if pos == 0:
            return False
    return True


def _run(doc: Doc, start: int, taken: set[int], most: int) -> int:
    """Where a run of at most `most` capitalised words from `start`, none of them in an entity
    found (`taken`), ends: the candidate name after a cue ("ujar Karim", "X dan Y", "Ketua X, Y,")."""
    end = start
    while end < len(doc) and end - start < most and end not in taken and doc[end].is_title and doc[end].is_alpha:
        end += 1
    return end


def _capital(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def title_body(text: str) -> str | None:
    """The name of the body a title names ("Menteri Sosial" → "Kementerian Sosial", "Mendagri" →
    "Kementerian Dalam Negeri"), or None: how such a mention's node is labelled."""
    rules, words = name_rules(), tuple(text.split())
    if words in rules["title_abbreviations"]:
        return str(rules["title_abbreviations"][words])
    for n in (2, 1):
        if words[:n] in rules["title_bodies"] and len(words) > n:
            return f"{rules['title_bodies'][words[:n]]} {' '.join(words[n:])}"
    return None


class NameFinder:
    """The gazetteer, the name rules, and the finders of names by head words and acronyms."""

    def __init__(self, nlp: Language, name: str = "bk_names", *, gazetteer: Gazetteer | None = None) -> None:
        self.name = name
        self.gazetteer = gazetteer or load_gazetteer()
        self.rules = name_rules()

    def _known(self, doc: Doc, start: int, end: int) -> tuple[int, str] | None:
        """Where the longest known name starting at `start` (ending by `end`) ends, and its key."""
        for stop in range(min(end, start + 6), start, -1):
            key = self.gazetteer.by_name.get(doc[start:stop].text)
            if key is not None:
                return stop, key
        return None

    def key_text(self, text: str) -> str:
        """The words a key is made of: without an acronym in brackets, a head's short form spelt out
        ("Polda Metro Jaya" → "Kepolisian Daerah Metro Jaya"), so both spellings are one node."""
        first, _, rest = unbracketed(text).partition(" ")
        full = self.rules["expansions"].get(first)
        return f"{full} {rest}" if full and rest else unbracketed(text)

    def _span(self, doc: Doc, start: int, end: int, label: str, key: str | None = None) -> Span:
        text = unbracketed(doc[start:end].text)
        if key is None:
            key = self.gazetteer.by_name.get(text) or entity_key(label, self.key_text(text))
        if self.gazetteer.entries.get(key) is not None:
            label = self.gazetteer[key].type
        return Span(doc, start, end, label=label, span_id=key)

    def _head(self, doc: Doc, i: int, heads: Phrases) -> int:
        """The length of the head phrase starting at token i, or 0."""
        if doc[i].text not in heads.firsts:
            return 0
        for n in heads.lengths:
            if i + n <= len(doc) and tuple(t.text for t in doc[i : i + n]) in heads.phrases:
                return n
        return 0

    def _extent(
        self, doc: Doc, i: int, persons: set[int], event: bool = False, place: bool = False, street: bool = False
    ) -> int:
        """Where a name that starts at token i ends: over capitalised words, acronyms, roman
        numerals, a bracketed acronym, "dan" between capitalised words, a hyphen inside a word.
        An event's name goes on over titles and day names and ends with a year ("Pemilihan
        Gubernur dan Wakil Gubernur X 2018"); a place's name ends before another place head or a
        known place after it ("Hotel X [Jakarta Selatan]", "Kali X [Kampung Y]"); a place's name may
        hold an honorific or a rank, as streets named after people do ("Jalan Ir. H. Djuanda",
        "Jalan Jenderal Sudirman")."""
        j, last = i, i
        while j < len(doc) and j - i < 9:
            t = doc[j]
            if (j in persons and not street) or t.text in self.rules["stops"]:
                break  # a place may be named after a person ("Jalan Sudirman", "Bandara Soekarno-Hatta")
            if t.text in self.rules["strong"] and not event:
                if street and t.text not in self.rules["honours"]:
                    break  # a place's name holds a person's honorific or rank, not a title
                if not street and (t.text in self.rules["honours"] or j + 1 in persons):
                    break  # a body's holds a role noun ("Aliansi Petani X"), not a rank or a titled person
            if t.text.startswith(("No.", "Nomor")):
                break
            if place and j > i and (self._head(doc, j, self.rules["places"]) or self._known_place(doc, j)):
                break
            if t.text in self.rules["calendar"] and not event:
                break
            if _capital(t.text) and not t.is_punct and (not t.is_digit or _ROMAN.match(t.text) or _YEAR.match(t.text)):
                if t.is_digit and _YEAR.match(t.text):
                    last = j + 1
                    break
                last = j = j + 1
                continue
            nxt = doc[j + 1] if j + 1 < len(doc) else None
            if t.text == "(" and j + 2 < len(doc) and doc[j + 2].text == ")" and ACRONYM.match(doc[j + 1].text):
                j += 3  # "Kepolisian Daerah (Polda) Lampung"
                continue
            if (
                t.lower_ == "dan"
                and nxt is not None
                and nxt.text[:1].isupper()
                and j > i
                and not any(self._head(doc, j + 1, h) for h in (self.rules["bodies"], self.rules["places"]))
            ):
                j += 1
                continue
            if t.text == "-" and not t.whitespace_ and nxt is not None and _capital(nxt.text) and j > i:
                j += 1
                continue
            break
        return last

    def _known_place(self, doc: Doc, j: int) -> bool:
        """Whether a known city or province starts at token j (a country ends many names of
        bodies and centres: "Pusat Kebudayaan X Indonesia")."""
        known = self._known(doc, j, len(doc))
        return known is not None and self.gazetteer[known[1]].type in ("City", "Place")

    def _found(self, doc: Doc, persons: set[int]) -> list[Span]:
        """Bodies, places and events named by a head word and the name after it."""
        out: list[Span] = []
        i = 0
        while i < len(doc):
            if i > 0 and doc[i - 1].text in self.rules["strong"] and doc[i].is_title and i in persons:
                i += 1
                continue
            for heads, label in ((self.rules["bodies"], "Organization"), (self.rules["places"], "Place")):
                n = self._head(doc, i, heads)
                if n and doc[i].text[:1].isupper():
                    place = label == "Place" and tuple(t.text for t in doc[i : i + n]) not in self.rules["areas"]
                    end = self._extent(doc, i + n, persons, place=place, street=label == "Place")
                    if end > i + n:
                        out.append(self._span(doc, i, end, label))
                        i = end - 1
                    break
            else:
                n = self._head(doc, i, self.rules["events"])
                titled = i > 0 and (doc[i - 1].text in self.rules["office"] or doc[i - 1].text in self.rules["strong"])
                if n and not titled:  # "Ketua Bidang Pemilu DPP X" is a title, no event
                    needs = self.rules["event_needs"][tuple(t.text for t in doc[i : i + n])]
                    end = self._extent(doc, i + n, persons, event=True)
                    if end > i + n or needs == "none":
                        out.append(self._span(doc, i, max(end, i + n), "Event"))
                        i = max(end, i + n) - 1
            i += 1
        return out

    def _defined(self, doc: Doc) -> list[Span]:
        """A name an acronym in brackets after it spells out, initials for letters ("Badan
        Meteorologi, Klimatologi dan Geofisika (BMKG)", "Jaringan … Kendeng (JMPPK)")."""
        out = []
        for t in doc[2:-2]:
            short = doc[t.i + 1]
            if t.text != "(" or doc[t.i + 2].text != ")":
                continue
            if not (short.text.isupper() and short.is_alpha and 2 <= len(short.text) <= 8):
                continue
            initials, i = "", t.i
            while i > 0 and t.i - i < 12 and len(initials) < len(short.text):
                w = doc[i - 1]
                if w.text[:1].isupper() and w.is_alpha:
                    initials = w.text[0] + initials
                elif not (w.lower_ in ("dan", "&", ",", "-", "untuk", "of", "and", "the") and initials):
                    break
                i -= 1
            words = doc[i : t.i]
            if (
                initials == short.text
                and i < t.i
                and not self._head(doc, i, self.rules["bodies"])
                and words[-1].text not in self.rules["strong"]  # a title: "Chief Operating Officer (COO)"
                and short.text.casefold() not in self.rules["not"]  # "… Bahan Bakar Umum (SPBU)": a thing
            ):
                name = self._span(doc, i, t.i, "Organization")
                out += [name, Span(doc, short.i, short.i + 1, label=name.label_, span_id=name.id_)]
        return out

    def _outlets_named(self, doc: Doc, dateline: int) -> list[Span]:
        """An outlet the story itself names ("kata dia kepada kumparan", "dikutip Antara") is an
        entity, unlike the one in its dateline (annotation guide): its patterns from
        kg/data/outlets.jsonl as written, its bare name after a cue ("dikutip", "dilansir")."""
        out = []
        text = doc.text  # made anew at each access
        for rx, name in self.rules["outlet_names"]:
            for m in rx.finditer(text, dateline):
                start, end = m.span("o") if m["o"] else m.span("c")
                span = doc.char_span(start, end, alignment_mode="contract")
                if span is not None and len(span):
                    key = self.gazetteer.by_name.get(name) or entity_key("Organization", name)
                    out.append(self._span(doc, span.start, span.end, "Organization", key))
        return out

    def _speakers(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """The speaker after a verb of saying the recognizer passed over ("…," ujar Karim, "…,"
        kata Agung): capitalised words, no title, up to the next comma, stop or lower-case word."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for t in doc[:-1]:
            if t.lower_ not in self.rules["speech"] or t.i + 1 in taken:
                continue
            end = _run(doc, t.i + 1, taken, 3)
            words = doc[t.i + 1 : end]
            if not len(words) or (end < len(doc) and not (doc[end].is_punct or doc[end].is_lower)):
                continue
            if any(
                w.text in self.rules["strong"] or w.text in self.rules["office"] or w.text in self.rules["calendar"]
                for w in words
            ):
                continue
            if len(words) == 1 and any(words[0].text in (s[0].text, s[-1].text) for s in spans if len(s) > 1):
                continue  # "ujar Jefri" after "Jefri Nichol": a short form of a name found, whatever its type
            if len(words) == 1 and words[0].lower_ in self.rules["common"]:
                continue
            out.append(self._span(doc, t.i + 1, end, "Person"))
        return out

    def _body_of(self, doc: Doc, start: int, end: int, full: str) -> Span:
        """doc[start:end] as a mention of the body named `full` (the gazetteer's, if known)."""
        key = self.gazetteer.by_name.get(full) or entity_key("Organization", full)
        label = self.gazetteer[key].type if key in self.gazetteer else "Organization"
        return Span(doc, start, end, label=label, span_id=key)

    def _titled_bodies(self, doc: Doc) -> list[Span]:
        """The body a title names (annotation guide: "Menteri Keuangan" is a form of the ministry):
        "Menteri Sosial" is Kementerian Sosial, "Mendagri" Kementerian Dalam Negeri, "Kapolri"
        Polri. The title's words are the mention; the person after them stays a mention too."""
        out = []
        bodies, abbreviations = self.rules["title_bodies"], self.rules["title_abbreviations"]
        i = 0
        while i < len(doc):
            for n in (2, 1):
                words = tuple(t.text for t in doc[i : i + n])
                if words in abbreviations:
                    out.append(self._body_of(doc, i, i + n, abbreviations[words]))
                    i += n - 1
                    break
                if words in bodies:
                    end = i + n
                    while end < len(doc) and (
                        doc[end].text in self.rules["office"]
                        or (
                            doc[end].lower_ == "dan"
                            and end + 1 < len(doc)
                            and doc[end + 1].text in self.rules["office"]
                        )
                    ):
                        end += 1
                    if end > i + n:
                        out.append(self._body_of(doc, i, end, f"{bodies[words]} {doc[i + n : end].text}"))
                        i = end - 1
                    break
            i += 1
        return out

    def _listed(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A person listed with one the recognizer found ("terdakwa Irman dan Sugiharto"):
        capitalised words after "dan" or "serta", no title, no known or common word, up to a
        comma, a stop or a lower-case word."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for s in spans:
            if s.label_ != "Person" or s.end + 1 >= len(doc) or doc[s.end].lower_ not in ("dan", "serta"):
                continue
            end = _run(doc, s.end + 1, taken, 3)
            words = doc[s.end + 1 : end]
            if not len(words) or (end < len(doc) and not (doc[end].is_punct or doc[end].is_lower)):
                continue
            if any(
                w.text in self.rules["strong"]
                or w.lower_ in self.rules["common"]
                or w.text in self.gazetteer.by_name
                or w.text in self.rules["calendar"]
                for w in words
            ):
                continue
            out.append(self._span(doc, s.end + 1, end, "Person"))
        return out

    def _appositives(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """The person a titled body names after a comma ("Ketua Harian DPD I Partai Golkar Jateng,
        Iqbal Wibisono, membenarkan …"), where the recognizer found no one: capitalised words
        between the body's comma and the next comma or lower-case word."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        out = []
        for s in spans:
            before = doc[max(0, s.start - 4) : s.start]
            if s.label_ == "Person" or not any(t.text in self.rules["strong"] for t in before):
                continue
            if s.end + 2 >= len(doc) or doc[s.end].text != ",":
                continue
            end = _run(doc, s.end + 1, taken, 4)
            if end > s.end + 1 and end < len(doc) and (doc[end].text in (",", ".") or doc[end].is_lower):
                if not any(
                    doc[i].text in self.rules["strong"] or doc[i].text in self.rules["calendar"]
                    for i in range(s.end + 1, end)
                ):
                    out.append(self._span(doc, s.end + 1, end, "Person"))
        return out

    def _full_names(self, doc: Doc, spans: list[Span]) -> list[Span]:
        """A person the recognizer found only by one word ("Wehrlein") whose full name the article
        writes where nothing was found ("Pascal Wehrlein sedih …"): that name is a mention too, and
        the one word is its short form. The name runs right from the word over capitalised words
        (a first name: "Ray [Rangkuti]"), else left (a surname: "[Lukasz Pawel] Herba"); a word
        with two different full names stays as it is."""
        taken = {i for s in spans for i in range(s.start, s.end)}
        words = Counter(t.text for t in doc)
        short = {  # a person the recognizer saw by one word that the article uses more than once
            s.text
            for s in spans
            if s.label_ == "Person" and len(s) == 1 and s.id_ not in self.gazetteer and words[s.text] >= 2
        }

        def name_word(i: int) -> bool:
            t = doc[i]
            return (
                i not in taken
                and t.is_title
                and t.is_alpha
                and t.text not in self.rules["strong"]
                and t.lower_ not in self.rules["common"]
                and t.text not in self.gazetteer.by_name
            )

        found: dict[str, list[tuple[int, int]]] = {}
        for t in doc:
            if t.text not in short or t.i in taken:
                continue
            end = t.i + 1
            while end < len(doc) and end - t.i < 4 and name_word(end):
                end += 1
            start = t.i
            if end == t.i + 1:
                while start > 0 and t.i - start < 3 and name_word(start - 1) and not doc[start - 1].is_sent_start:
                    start -= 1
            if (start, end) != (t.i, t.i + 1):
                found.setdefault(t.text, []).append((start, end))
        new, key_of = [], {}
        for word, places in found.items():
            names = {doc[a:b].text for a, b in places}
            if len(names) == 1:
                full = [self._span(doc, a, b, "Person") for a, b in places]
                new += full
                key_of[word] = full[0].id_
        if not new:
            return spans
        kept = [
            Span(doc, s.start, s.end, label="Person", span_id=key_of[s.text])
            if s.label_ == "Person" and s.text in key_of
            else s
            for s in spans
        ]
        return sorted(filter_spans(kept + new), key=lambda s: s.start)
