"""Who said what (`bk:said`): quoted and reported speech in Indonesian news; the words in kg/data/quotes.json.

"“…,” kata X", "“…,” ujarnya", "X mengatakan: “…”", "menurut X, …", "X mengatakan (bahwa) …", "Hal itu
disampaikan X". The speaker is the attribution's person, not the body in its title, else an untitled body or
country; a pronoun the last speaker before (else the last subject); a bare title ("kata Kapolri") the one person
the article's roles give it. The date is among the attribution's words. No speaker, a question, furniture: no fact.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from spacy.tokens import Doc

from ..model import DateValue, Fact
from ..nlp.gazetteer import entity_key, load_gazetteer
from ..resources import load_json, load_jsonl

__all__ = ["extract_quotes"]

SPEAKERS = frozenset({"Person", "Organization", "Country"})
PERSON = frozenset({"Person"})
CONFIDENCE = {"direct": 0.9, "indirect": 0.8}
RESOLVED_PENALTY = 0.1  # a pronoun or a bare title: one more step that can go wrong
SUBJECTS = ("nsubj", "nsubj:pass")
MANNER = ("ADV", "ADJ")  # "X dengan bangga menyampaikan"
DASHES = frozenset({"-", "–", "—", "--"})


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    """quotes.json's word lists as sets, with words derived from them and from the titles."""
    data, names = load_json("quotes.json"), load_json("names.json")
    lex = {k: frozenset(w.lower() for w in v) if isinstance(v, list) else v for k, v in data.items()}
    roles = [r["role"] for r in load_jsonl("roles.jsonl")]
    words = [*names["ranks"], *names["role_nouns"], *roles, *data["title_words"]]
    lex["titles"] = frozenset(w.lower() for t in words for w in t.split())
    lex["abbreviations"] = frozenset(t.lower() for t in [*names["title_abbreviations"], *roles] if " " not in t)
    lex["after_pronoun"] = {f"{v}nya" for v in lex["after_verbs"] | lex["according"]} | lex["pronoun_forms"]
    lex["according"] |= {f"{v}nya" for v in lex["according"]}  # "menurutnya"
    lex["furniture"] = tuple(tuple(f.lower().split()) for f in data["furniture"])
    lex["marks"] = lex["opening"] | lex["closing"] | lex["straight"]
    lex["saying"] = lex["before_verbs"] | lex["clause_verbs"]
    lex["tags"] = lex["after_verbs"] | lex["after_pronoun"]  # "…, kata X", "…, katanya"
    return lex


class _Ent(NamedTuple):
    start: int
    end: int
    key: str
    label: str


@dataclass
class _Claim:
    """An attribution: where its speaker stands, what was said, and the words that date it."""

    speaker: tuple[int, int]  # token range of the speaker's phrase
    content: tuple[int, int]  # token range of what was said
    attribution: tuple[int, int]  # token range whose dates date the saying
    direct: bool
    pattern: str
    verb: int = -1  # the verb of saying
    ref: int = 0  # a pronoun's antecedent stands before this token
    cut: tuple[int, int] = (0, 0)  # words inside `content` that are not what was said ("…, kata X, …")
    pronoun: bool = False
    resolved: bool = False  # by a pronoun or a bare title
    key: str = ""


class _Reader:
    """One document's tokens, sentences, paragraphs, entities, quotes and dates, and the rules."""

    def __init__(self, doc: Doc, facts: Sequence[Fact]) -> None:
        self.doc, self.lex, self.low = doc, _lexicon(), [t.lower_ for t in doc]
        self.bounds = [(s.start, s.end) for s in doc.sents]  # sentences cover the doc, in order
        self.sent = [n for n, (lo, hi) in enumerate(self.bounds) for _ in range(lo, hi)]
        self.para, n = [0] * len(doc), 0
        for t in doc:
            self.para[t.i], n = n, n + ("\n" in t.text or "\n" in t.whitespace_)
        self.ents = [_Ent(e.start, e.end, e.ent_id_ or entity_key(e.label_, e.text), e.label_) for e in doc.ents]
        self.ent_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        self.labels = {e.key: e.label for e in self.ents}
        self.persons = {i for i, e in self.ent_at.items() if e.label == "Person"}
        self.dates: dict[int, tuple[int, DateValue]] = {}
        for dm in doc._.dates or ():
            if (span := doc.char_span(dm.start, dm.end, alignment_mode="expand")) is not None:
                self.dates.setdefault(span.start, (span.end, dm.value))
        self.dated = {i for a, (b, _) in self.dates.items() for i in range(a, b)}
        self.roles = [(f.subject, f.object, f.role.lower(), f.predicate) for f in facts if f.role and not f.former]
        gazetteer = load_gazetteer().entries
        for key in {e.key for e in self.ents if e.label == "Person" and e.key in gazetteer}:
            self.roles += [(key, of, role.lower(), "office") for role, of in gazetteer[key].offices]
        self.skip: set[int] = set()  # page furniture: paragraphs opening "Baca juga", "Simak"
        for t in doc:
            if not t.is_space and (t.i == 0 or self.para[t.i - 1] != self.para[t.i] or doc[t.i - 1].is_space):
                if any(tuple(self.low[t.i : t.i + len(f)]) == f for f in self.lex["furniture"]):
                    self.skip.update(k for k in range(t.i, len(doc)) if self.para[k] == self.para[t.i])
        self.quotes = self._quotes()
        self.inside = {i for a, b in self.quotes for i in range(a, b + 1)}

    def _quotes(self) -> list[tuple[int, int]]:
        """(opening, closing mark) pairs; a quote open at a paragraph's end goes on if the next opens with one."""
        lex, pairs, para, open_at, pending = self.lex, [], -1, None, None
        for t in self.doc:
            if t.is_space:
                continue
            if self.para[t.i] != para:
                para, pending, open_at = self.para[t.i], open_at, None
                pending = pending if t.text in lex["opening"] | lex["straight"] else None
            if t.i in self.skip or t.text not in lex["marks"]:
                continue
            if open_at is None and t.text not in lex["closing"]:
                open_at, pending = (pending if pending is not None else t.i), None
            elif open_at is not None and t.text not in lex["opening"]:
                pairs.append((open_at, t.i))
                open_at = None
            elif t.text in lex["opening"]:
                open_at = t.i  # two openings: the first was never closed
        return pairs

    def text(self, lo: int, hi: int, cut: tuple[int, int] = (0, 0)) -> str:
        """The words of `lo:hi` as written, without quotation marks and the words in `cut`."""
        marks, dash = self.lex["marks"], next((j for j in range(lo, min(hi, lo + 12)) if self.low[j] in DASHES), -1)
        if lo == self.nonspace(0, 1) and dash > lo and self.doc[dash - 1].whitespace_:  # "Jakarta (Antara) - …"
            lo = dash + 1
        keep = [" " if cut[0] <= t.i < cut[1] else t.text_with_ws for t in self.doc[lo:hi] if t.text not in marks]
        return " ".join("".join(keep).split()).strip(" ,;:-")

    def words(self, lo: int, hi: int, free: bool = False) -> int:
        """Words in `lo:hi`; with `free`, only those that are no entity's and no date's."""
        return sum(t.is_alpha and not (free and (t.i in self.ent_at or t.i in self.dated)) for t in self.doc[lo:hi])

    def nonspace(self, i: int, step: int, also: str = "") -> int:
        while 0 <= i < len(self.doc) and (self.doc[i].is_space or self.low[i] == also):
            i += step
        return i

    def said(self, i: int) -> bool:  # no negation or plan just before the verb ("tidak mengatakan")
        lo = max(self.bounds[self.sent[i]][0], i - self.lex["negation_window"])
        return not self.lex["negations"].intersection(self.low[lo:i])

    def ents_in(self, lo: int, hi: int, labels: frozenset[str] = SPEAKERS) -> list[_Ent]:
        found = {self.ent_at[i] for i in range(lo, hi) if i in self.ent_at}
        return sorted((e for e in found if e.label in labels), key=lambda e: e.start)

    def titled(self, lo: int, hi: int) -> bool:
        return any(i not in self.ent_at and self.low[i] in self.lex["titles"] for i in range(lo, hi))

    def direct(self) -> list[_Claim]:
        """A claim for each quote with an attribution after or before it (not a question)."""
        out = []
        for open_, close in self.quotes:
            content, tail = (open_ + 1, close), self.nonspace(close - 1, -1)
            if self.low[tail] != "?" and self.words(*content) >= self.lex["min_words"]:
                claim = self._after_quote(close, content, self.low[tail] == ",") or self._before_quote(open_, content)
                out += [claim] if claim else []
        return out

    def _after_quote(self, close: int, content: tuple[int, int], comma: bool) -> _Claim | None:
        k = self.nonspace(close + 1, 1, ",")
        if k >= len(self.doc) or k in self.skip or self.para[k] != self.para[close]:
            return None
        hi = self.bounds[self.sent[k]][1]
        end, ref = next((j for j in range(k, hi) if j in self.inside), hi), content[0] - 1
        if self.low[k] in self.lex["after_verbs"]:
            return _Claim(self.right(k + 1, end), content, (k, end), True, "after", k, ref=ref)
        if self.low[k] in self.lex["after_pronoun"]:
            return _Claim((k, k + 1), content, (k, end), True, "after", k, ref=ref, pronoun=True)
        verb = next((j for j in range(k + 1, min(end, k + 12)) if self.low[j] in self.lex["before_verbs"]), None)
        if verb is not None and comma:  # "“…,” Zulkifli menambahkan."
            return _Claim(self.left(verb, k), content, (k, end), True, "after", verb, ref)
        return None

    def _before_quote(self, open_: int, content: tuple[int, int]) -> _Claim | None:
        j = self.nonspace(open_ - 1, -1)
        if j < 0 or self.para[j] != self.para[open_]:
            return None
        lo = self.bounds[self.sent[j]][0]
        if self.low[j] not in (",", ":"):
            if self.low[j] in self.lex["before_verbs"] and self.said(j):  # 'X mengatakan "…"'
                return _Claim(self.left(j, lo), content, (lo, open_), True, "before", j, lo)
            return None
        for v in range(j - 1, max(lo, j - 16) - 1, -1):
            if v in self.inside:
                break
            if self.low[v] in self.lex["saying"] and self.said(v):
                return _Claim(self.left(v, lo), content, (lo, open_), True, "before", v, lo)
            if self.low[v] in self.lex["according"] | self.lex["after_verbs"]:
                return _Claim(self.right(v + 1, j), content, (v, open_), True, "before", v, ref=lo)
        return None

    def reported(self, lo: int, hi: int, used: set[int]) -> list[_Claim]:
        """The claims of reported speech in one sentence (not a question)."""
        out: list[_Claim] = []
        last, first = self.nonspace(hi - 1, -1), self.nonspace(lo, 1)
        if last < lo or self.low[last] == "?" or self.low[first] in ("apakah", "mengapa", "kenapa", "bagaimana"):
            return out
        end = last if self.doc[last].is_punct else last + 1
        for i in (i for i in range(lo, end) if i not in used):
            w = self.low[i]
            if w in self.lex["saying"] and self.said(i):
                c = self._content(i + 1, end, w in self.lex["clause_verbs"])
                content = (c, end) if c is not None and self.low[c] not in self.lex["marks"] else (i, i)
                out.append(_Claim(self.left(i, lo), content, (lo, content[0]), False, "verb", i, lo))
            elif w in self.lex["according"] or (w in self.lex["tags"] and i > lo and self.low[i - 1] == ","):
                out.append(self._tag(i, lo, end))
            elif w in self.lex["passive_verbs"] and (claim := self._passive(i, lo, first, end)) is not None:
                out.append(claim)
        return out

    def _tag(self, i: int, lo: int, end: int) -> _Claim:
        """ "menurut X, …", "…, kata X.", "…, katanya, …": what was said is around the tag."""
        pronoun, k = self.low[i] in self.lex["after_pronoun"], i + 1
        while not pronoun and k < end and k - i <= 3 and self.low[k] in self.lex["according_nouns"]:
            k += 1  # "menurut keterangan X", "menurut kantor berita X"
        speaker = (i, i + 1) if pronoun else self.right(k, end)
        stop, start = self.circumstance(speaker[1], end), i - 1 if i > lo and self.low[i - 1] == "," else i
        rule = "according" if self.low[i] in self.lex["according"] else "tag"
        if self.words(lo, start) < 2:  # "Menurut X, …"
            return _Claim(speaker, (stop, end), (i, stop), False, rule, i, ref=lo, pronoun=pronoun)
        if self.words(stop, end, free=True) < 3:  # "…, kata X di Jakarta, Senin (15/8)."
            return _Claim(speaker, (lo, start), (i, end), False, rule, i, ref=lo, pronoun=pronoun)
        return _Claim(speaker, (lo, end), (i, stop), False, rule, i, ref=lo, cut=(start, stop), pronoun=pronoun)

    def circumstance(self, j: int, end: int) -> int:
        """Past an attribution's own words after its speaker or verb ("kepada wartawan di Jakarta, Senin (15/8),")."""
        if (j := self.nonspace(j, 1)) < end and self.low[j] in self.lex["lead_words"]:
            j = next((k for k in range(j, min(end, j + 12)) if self.low[k] in (",", "bahwa")), end)
        while j < end and (self.low[j] in (",", ":") or j in self.dates or self.doc[j].is_space):
            j = self.dates[j][0] if j in self.dates else j + 1
        return j

    def _passive(self, i: int, lo: int, first: int, end: int) -> _Claim | None:
        """ "Hal itu disampaikan X …" (the sentence before), "Dikatakan X, …" (what follows)."""
        speaker = self.right(i + 1 + (self.low[min(i + 1, end - 1)] == "oleh"), end)
        if i == first:
            stop = self.circumstance(speaker[1], end)
            return _Claim(speaker, (stop, end), (i, stop), False, "passive", i, ref=lo)
        if i - first > 6 or not self.lex["passive_subjects"].intersection(self.low[first:i]) or self.sent[lo] == 0:
            return None
        p_lo, p_hi = self.bounds[self.sent[lo] - 1]
        quote = next(((a, b) for a, b in self.quotes if a < p_hi and p_lo <= b < lo), None)
        content = (quote[0] + 1, quote[1]) if quote else (p_lo, self.nonspace(p_hi - 1, -1))
        return None if p_lo in self.skip else _Claim(speaker, content, (lo, end), bool(quote), "passive", i, ref=p_lo)

    def _content(self, k: int, end: int, clause: bool) -> int | None:
        """Where what was said starts after a verb: past its circumstance and "bahwa" (or a clause verb's comma)."""
        if (j := self.circumstance(k, end)) < end and self.low[j] == "bahwa":
            return j + 1
        return j if j < end and (not clause or self.low[self.nonspace(j - 1, -1)] in (",", ":")) else None

    def right(self, k: int, end: int) -> tuple[int, int]:
        """The speaker's phrase after a verb ("Kabid Humas Polda X, Kombes Y"), to a stop word, date or non-title."""
        j = k = self.nonspace(k, 1)
        names = self.persons | {i for i in range(k, end) if self.low[i] in self.lex["titles"]}
        while j < end and j - k < 16:
            t = self.doc[j]
            if j in self.ent_at:
                j = self.ent_at[j].end
            elif t.text == "-" and j > k and not self.doc[j - 1].whitespace_ and not t.whitespace_:
                j += 1  # "Oviedo-Joekes"
            elif t.text == "," and j + 1 < end and k not in self.persons and j + 1 in names:
                j += 1  # "ujar Dirlantas Polda Metro Jaya, Kombes Halim"
            elif t.is_punct or t.is_space or j in self.dates or self.low[j] in self.lex["stops"]:
                break
            elif t.is_title or t.is_upper or self.low[j] in self.lex["titles"] | self.lex["pronouns"]:
                j += 1
            else:
                break
        return (k, j)

    def left(self, v: int, lo: int) -> tuple[int, int]:
        """The speaker's phrase before a verb, over "juga" and an apposition in commas; else the parse's subject."""
        j, lex, gap = v - 1, self.lex, self.lex["gap_words"]
        while j >= lo and (self.low[j] in gap or self.doc[j].is_space or (v - j < 5 and self.doc[j].pos_ in MANNER)):
            j -= 1  # "juga", "pun", "dengan bangga"
        if j >= lo and self.low[j] == ",":
            k = next((c for c in range(j - 1, max(lo, j - 14) - 1, -1) if self.low[c] == ","), None)
            if k is not None:
                head, named = self._noun_phrase(k - 1, lo), self.doc[self.nonspace(k + 1, 1)]
                titled = self.titled(head[0], head[0] + 1) or not self.ents_in(*head, PERSON)
                unknown = named.is_title and named.lower_ not in lex["titles"] and named.i not in self.dates
                if (self.ents_in(k + 1, j, PERSON) and titled) or unknown:
                    return (k + 1, j)  # the name in commas: "Kepala Basarnas, Marsda X, …"; "Pengacara X, Y, …"
                if self.ents_in(*head):
                    return head
            j -= 1
        phrase = self._noun_phrase(j, lo)
        if self.ents_in(*phrase) or (phrase[1] - phrase[0] == 1 and self.low[phrase[0]] in lex["pronouns"]):
            return phrase
        subj = next((c for c in self.doc[v].children if c.dep_ in SUBJECTS and lo <= c.i < v), None)
        if subj is not None and subj.lower_ in lex["pronouns"]:
            return (subj.i, subj.i + 1)
        span = (subj.left_edge.i, min(subj.right_edge.i + 1, v)) if subj is not None else (v, v)
        return span if self.ents_in(*span) else phrase

    def _noun_phrase(self, j: int, lo: int) -> tuple[int, int]:
        end, lex = j + 1, self.lex
        while j >= lo:
            t = self.doc[j]
            if j in self.ent_at:
                j = self.ent_at[j].start - 1
            elif (t.is_title or t.is_upper or t.lower_ in lex["titles"]) and t.lower_ not in lex["gap_words"]:
                j -= 1
            elif t.lower_ == "atau" and j - 1 >= lo and (j - 1 in self.ent_at or self.doc[j - 1].is_title):
                j -= 1  # "GKR X atau Gusti Y"
            else:
                j -= t.lower_ in lex["pronouns"] and j == end - 1
                break
        j += 1
        while j < end - 1 and j not in self.ent_at and self.low[j] not in lex["titles"] | lex["pronouns"]:
            j += 1  # "Namun", "Sebelumnya": no part of a name
        return (end, end) if lo < j < end and self.doc[j - 1].pos_ == "VERB" else (j, end)  # "memimpin X": object

    def resolve(self, claim: _Claim) -> str | None:
        """The key of a claim's speaker; None for a pronoun (left to `antecedent`) or no speaker."""
        lo, hi = claim.speaker
        if hi <= lo or claim.pronoun or (hi - lo == 1 and self.low[lo] in self.lex["pronouns"]):
            claim.pronoun = hi > lo
            return None
        if persons := self.ents_in(lo, hi, PERSON):
            return persons[-1].key  # the name ends the phrase: "kata pengacara X, Y", "kata Gubernur X terpilih Y"
        body = next(iter(self.ents_in(lo, hi)), None)
        claim.resolved = True
        if body is not None and not self.titled(lo, body.start):
            if (name := self.text(body.start, body.end).lower()) in self.lex["abbreviations"]:
                return self._holder(body, name, abbreviation=True)  # "kata Kapolri": who holds the office
            claim.resolved = False
            return body.key  # a body or country with no title before it speaks itself
        title = " ".join(self.low[i] for i in range(lo, hi) if i not in self.ent_at).strip(" ,")
        return self._holder(body, title) if title and self.titled(lo, hi) else None

    def _holder(self, body: _Ent | None, title: str, abbreviation: bool = False) -> str | None:
        """The one person the article's roles give this title (of this body)."""
        roles = [r for r in self.roles if body is None or r[1] == body.key]
        found = {s for s, _, role, _ in roles if role == title or title.startswith(role + " ")}
        if not found and body is not None and abbreviation:
            found = {s for s, _, _, p in roles if p in ("leaderOf", "office")}
        return next(iter(found)) if len(found) == 1 else None

    def subjects(self) -> list[tuple[int, str, bool]]:
        """(position, key, False) of each person a sentence names before its first verb or as subject."""
        doc, verbs = self.doc, [t.i for t in self.doc if t.pos_ == "VERB" and t.i not in self.ent_at]
        verb = [next((v for v in verbs if a <= v < b), b) for a, b in self.bounds]
        first = {e.start for e in self.ents if e.end <= verb[self.sent[e.start]] or doc[e.end - 1].dep_ in SUBJECTS}
        return [(e.start, e.key, False) for e in self.ents if e.label == "Person" and e.start in first - self.inside]

    def antecedent(self, events: list[tuple[int, str, bool]], ref: int) -> str:
        """The last speaker before `ref` within the window (none if no entity), else the last subject."""
        first = self.sent[min(ref, len(self.doc) - 1)] - self.lex["window"]
        near = [(pos, key, spoke) for pos, key, spoke in events if pos < ref and self.sent[pos] >= first]
        pool = [(pos, key) for pos, key, spoke in near if spoke] or [(pos, key) for pos, key, _ in near]
        return next((key for _, key in sorted(pool)[-1:] if self.labels.get(key) == "Person"), "")

    def fact(self, claim: _Claim, art: str) -> Fact:
        """The `said` fact of a resolved claim, in article `art`."""
        kind = "direct" if claim.direct else "indirect"
        (lo, hi), (c_lo, c_hi) = claim.attribution, claim.content
        inside = set(range(c_lo, c_hi)) - set(range(*claim.cut))
        date = next((v for a, (b, v) in sorted(self.dates.items()) if lo <= a and b <= hi and a not in inside), None)
        first, last = min(c_lo, lo, claim.speaker[0]), max(c_hi, hi, claim.speaker[1]) - 1
        evidence = " ".join(self.doc[self.bounds[self.sent[first]][0] : self.bounds[self.sent[last]][1]].text.split())
        about = tuple(sorted({e.key for e in self.ents_in(c_lo, c_hi, frozenset(self.labels.values()))} - {claim.key}))
        conf = round(CONFIDENCE[kind] - RESOLVED_PENALTY * claim.resolved, 2)
        quote, rule = self.text(c_lo, c_hi, claim.cut), f"rule:said.{claim.pattern}"
        return Fact(claim.key, "said", "", art, evidence, rule, conf, date, quote=quote, quote_type=kind, about=about)


def extract_quotes(doc: Doc, article_id: str, facts: Sequence[Fact] = ()) -> list[Fact]:
    """The `said` facts of `doc`; `facts` are the article's others, whose roles resolve bare titles."""
    r = _Reader(doc, facts)
    claims = r.direct()
    used = {c.verb for c in claims} | r.inside | r.skip
    claims += [claim for lo, hi in r.bounds for claim in r.reported(lo, hi, used)]
    claims.sort(key=lambda c: (c.ref, c.speaker))
    events = r.subjects()
    for claim in claims:
        claim.key = r.resolve(claim) or ""
        if not claim.pronoun:  # a speaker who is no entity still stops a pronoun from reaching past
            events.append((claim.speaker[0], claim.key, True))
    for claim in claims:  # pronouns in text order: the last speaker before, else the last subject
        if claim.pronoun:
            claim.key, claim.resolved = r.antecedent(events, claim.ref), True
            events.append((claim.speaker[0], claim.key, True))
    out: dict[tuple[str, str], Fact] = {}
    for claim in claims:
        if r.labels.get(claim.key) in SPEAKERS and r.words(*claim.content) >= r.lex["min_words"]:
            fact = r.fact(claim, article_id)
            out.setdefault((fact.subject, re.sub(r"\W+", " ", fact.quote.lower()).strip()), fact)
    return list(out.values())
