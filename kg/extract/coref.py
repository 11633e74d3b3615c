"""References to entities named earlier: "kedua negara", "kedua pemimpin", "dia", "negara itu".

News names its actors once and then refers back to them. This component resolves the common
Indonesian forms with rules kept as data (kg/data/coref.json), looking back a few sentences:

- a group ("kedua negara", "kedua pemimpin", "keduanya") is the last two distinct entities of
  its type; two countries can also come from two leaders named ("Putin dan Kim … kedua negara");
- a pronoun ("dia", "ia", "beliau") is the nearest person before it in its sentence, else the
  first person of the nearest earlier sentence that names one;
- a demonstrative ("negara itu") is the last entity of its type, not the home country of a
  person named just before it in the sentence ("Putin mengunjungi negara itu" is not Russia).

Results go to `doc.spans["coref"]`: one span per referent (a group gives two spans over the same
tokens), labelled with the entity type, with the entity key as `span.id_`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..nlp.gazetteer import Gazetteer, entity_key, load_gazetteer
from ..resources import load_json
from .treaties import home_country

__all__ = ["Coreference"]


@dataclass(frozen=True)
class _Seen:
    sent: int  # sentence number
    start: int  # token offset
    key: str
    label: str


@lru_cache(maxsize=1)
def _config() -> tuple[int, dict[tuple[str, ...], str], dict[str, str], dict[str, str], frozenset[str]]:
    data = load_json("coref.json")
    groups = dict(
        sorted(((tuple(k.lower().split()), v) for k, v in data["groups"].items()), key=lambda kv: -len(kv[0]))
    )
    demo = data["demonstratives"]
    return int(data["window"]), groups, data["pronouns"], demo["heads"], frozenset(demo["after"])


class Coreference:
    """Resolve group phrases, pronouns and demonstratives to the entities named before them."""

    def __init__(
        self, nlp: Language, name: str = "bk_coref", *, spans_key: str = "coref", gazetteer: Gazetteer | None = None
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.gazetteer = gazetteer or load_gazetteer()

    def _recent(self, seen: list[_Seen], label: str, sent: int, n: int) -> list[_Seen]:
        """The last `n` distinct entities of `label`, newest first, within the window."""
        window = _config()[0]
        out: list[_Seen] = []
        for s in reversed(seen):
            if sent - s.sent > window:
                break
            if s.label == label and all(o.key != s.key for o in out):
                out.append(s)
                if len(out) == n:
                    break
        return out

    def _group(self, seen: list[_Seen], kind: str, sent: int) -> list[_Seen]:
        for label in kind.split("|"):
            found = self._recent(seen, label, sent, 2)
            if len(found) == 2:
                return found
            if label == "Country":  # two leaders stand for their two countries
                homes: list[_Seen] = []
                for p in self._recent(seen, "Person", sent, 2):
                    home = home_country(p.key, self.gazetteer)
                    if home and home not in [h.key for h in homes]:
                        homes.append(_Seen(p.sent, p.start, home, "Country"))
                merged = found + [h for h in homes if h.key not in [f.key for f in found]]
                if len(merged) >= 2:
                    return merged[:2]
        return []

    def _pronoun(self, seen: list[_Seen], sent: int) -> list[_Seen]:
        same = [s for s in seen if s.sent == sent and s.label == "Person"]
        if same:
            return [same[-1]]
        earlier = [s for s in seen if s.label == "Person" and sent - _config()[0] <= s.sent < sent]
        if not earlier:
            return []
        last_sent = earlier[-1].sent
        return [next(s for s in earlier if s.sent == last_sent)]

    def _demonstrative(self, seen: list[_Seen], label: str, sent: int) -> list[_Seen]:
        person = next((s for s in reversed(seen) if s.sent == sent and s.label == "Person"), None)
        home = home_country(person.key, self.gazetteer) if person else None
        return [s for s in self._recent(seen, label, sent, 3) if s.key != home][:1]

    def __call__(self, doc: Doc) -> Doc:
        _, groups, pronouns, heads, after = _config()
        firsts = {p[0] for p in groups}
        sent_of = {}
        for n, sent in enumerate(doc.sents):
            for t in range(sent.start, sent.end):
                sent_of[t] = n
        ents = {e.start: e for e in doc.ents}
        words = [t.lower_ for t in doc]
        seen: list[_Seen] = []
        spans: list[Span] = []
        i = 0
        while i < len(doc):
            if i in ents:
                e = ents[i]
                key = e.id_ or entity_key(e.label_, e.text)
                seen.append(_Seen(sent_of[i], i, key, e.label_))
                entry = self.gazetteer.entries.get(key)
                if entry is not None and entry.capital_of:  # "Pyongyang dan Moskow … kedua negara"
                    seen.append(_Seen(sent_of[i], i, entry.capital_of, "Country"))
                i = e.end
                continue
            found: list[_Seen] = []
            width = 0
            for phrase, kind in groups.items() if words[i] in firsts else ():  # longest first
                if tuple(words[i : i + len(phrase)]) == phrase:
                    found, width = self._group(seen, kind, sent_of[i]), len(phrase)
                    break
            else:
                if words[i] in pronouns:
                    found, width = self._pronoun(seen, sent_of[i]), 1
                elif (
                    words[i] in heads
                    and i + 1 < len(doc)
                    and words[i + 1] in after
                    and (i == 0 or words[i - 1] != "kedua")
                ):
                    found, width = self._demonstrative(seen, heads[words[i]], sent_of[i]), 2
            if not width:
                i += 1
                continue
            for ref in sorted(found, key=lambda s: s.key):
                spans.append(Span(doc, i, i + width, label=ref.label, span_id=ref.key))
                seen.append(_Seen(sent_of[i], i, ref.key, ref.label))
            i += width
        doc.spans[self.spans_key] = spans
        return doc
