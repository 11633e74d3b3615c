"""Treaties as entities: their mentions, their kind, and one IRI per real treaty.

News rarely names a treaty ("pakta pertahanan", "kesepakatan yang ditandatangani pada 2019"), so
its identity comes from what the text says about it: its kind, its parties and the year it was
signed. Three steps, one per stage of the corridor:

- `bk_treaties` (spaCy component) finds the mentions: `doc.spans["treaties"]`, each with a
  provisional id (`span.id_`, "treaty@<offset>") that later references ("pakta itu") share, and
  its kind in `span.kb_id_`. The words and kinds are data: kg/data/treaties.json.
- `resolve_treaties` (after relation extraction) gives each treaty of one article its key from
  the facts about it: `treaty/<kind>-<parties>-<year>`, parties as countries (a leader stands
  for the country he leads), and drops treaties the text says nothing about.
- `merge_treaties` (when linking the build) makes a treaty mentioned without a date in one
  article the same node as the one dated treaty of that kind and those parties elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..model import Entity, Extraction, Fact, Mention
from ..nlp.gazetteer import Gazetteer, load_gazetteer, slug
from ..resources import load_json

__all__ = ["TreatyFinder", "TREATY_PREFIX", "resolve_treaties", "merge_treaties", "home_country"]

TREATY_PREFIX = "treaty@"  # provisional ids, before `resolve_treaties`
DATE_PROPERTIES = ("signedOn", "enteredIntoForceOn")


@dataclass(frozen=True)
class _Config:
    heads: tuple[tuple[str, ...], ...]
    stop: frozenset[str]
    max_modifiers: int
    cue_window: int
    anaphora: frozenset[str]
    name_ends: frozenset[str]
    kinds: tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]  # (kind, label, cues)


@lru_cache(maxsize=1)
def _config() -> _Config:
    data = load_json("treaties.json")
    return _Config(
        heads=tuple(sorted({tuple(h.lower().split()) for h in data["heads"]}, key=lambda h: (-len(h), h))),
        stop=frozenset(data["stop"]),
        max_modifiers=int(data["max_modifiers"]),
        cue_window=int(data["cue_window"]),
        anaphora=frozenset(data["anaphora"]),
        name_ends=frozenset(data["name_ends"]),
        kinds=tuple((k["kind"], k["label"], tuple(tuple(c.lower().split()) for c in k["cues"])) for k in data["kinds"]),
    )


def _contains(words: list[str], phrase: tuple[str, ...]) -> bool:
    return any(tuple(words[i : i + len(phrase)]) == phrase for i in range(len(words) - len(phrase) + 1))


def _kind(words: list[str]) -> str:
    for kind, _, cues in _config().kinds:
        if not cues or any(_contains(words, c) for c in cues):
            return kind
    return _config().kinds[-1][0]


def kind_label(kind: str) -> str:
    return next((label for k, label, _ in _config().kinds if k == kind), kind.capitalize())


class TreatyFinder:
    """Find treaty mentions: a head word ("pakta", "perjanjian", "kesepakatan"…) and its modifiers.

    A head followed by "itu"/"tersebut" refers to the last treaty mentioned and shares its id.
    Heads inside a recognised entity (a named treaty the recognizer typed) are left alone.
    """

    def __init__(self, nlp: Language, name: str = "bk_treaties", *, spans_key: str = "treaties") -> None:
        self.name = name
        self.spans_key = spans_key

    def _head(self, words: list[str], i: int) -> int:
        for head in _config().heads:
            if tuple(words[i : i + len(head)]) == head:
                return len(head)
        return 0

    def __call__(self, doc: Doc) -> Doc:
        cfg = _config()
        words = [t.lower_ for t in doc]
        spans: list[Span] = []
        last: Span | None = None
        named = {e.start: e for e in doc.ents}
        renamed: list[Span] = []
        i = 0
        while i < len(doc):
            n = self._head(words, i) if (not doc[i].ent_type_ or i in named) else 0
            if not n and i in named and words[named[i].end - 1] in cfg.name_ends:
                n = 1  # "Abraham Accords": a named treaty whose head comes last
            if not n:
                i += 1
                continue
            if i in named:  # "Perjanjian Damai Camp David": a named treaty, not an organisation
                ent = named[i]
                renamed.append(ent)
                span = Span(
                    doc,
                    ent.start,
                    ent.end,
                    label="Treaty",
                    span_id=f"{TREATY_PREFIX}{doc[i].idx}",
                    kb_id=_kind(words[ent.start : min(len(doc), ent.end + cfg.cue_window)]),
                )
                spans.append(span)
                last = span
                i = ent.end
                continue
            k = i + n
            # "Traktat Non-Proliferasi Nuklir", "Perjanjian Paris": a title goes on while it is
            # capitalised, over a place's name too unless the head only starts the sentence
            titled = doc[i].text[:1].isupper() and k < len(doc) and doc[k].text[:1].isupper()
            over_names = titled and not doc[i].is_sent_start
            while k < len(doc) and (not doc[k].ent_type_ or over_names) and not doc[k].is_sent_start:
                hyphen = doc[k].text == "-" and k + 1 < len(doc) and doc[k + 1].text[:1].isupper()
                if titled and (hyphen or (doc[k].is_alpha and doc[k].text[:1].isupper())):
                    k += 1
                elif not titled and k - i - n < cfg.max_modifiers and doc[k].is_alpha and words[k] not in cfg.stop:
                    k += 1
                else:
                    break
            renamed.extend(e for e in doc.ents if i < e.start and e.end <= k)  # names inside the title
            if k < len(doc) and words[k] in cfg.anaphora and last is not None:
                # "Pakta itu mewajibkan … bantuan militer": what is said of it may tell its kind
                kind = _kind(words[i : doc[i].sent.end])
                span = Span(doc, i, k + 1, label="Treaty", span_id=last.id_, kb_id=kind)
            else:
                kind = _kind(words[i : min(len(doc), k + cfg.cue_window)])
                span = Span(doc, i, k, label="Treaty", span_id=f"{TREATY_PREFIX}{doc[i].idx}", kb_id=kind)
                last = span
            spans.append(span)
            i = span.end
        order = [k for k, _, _ in cfg.kinds]
        best: dict[str, str] = {}
        for sp in spans:  # one kind per treaty: the most specific any of its mentions shows
            if sp.id_ not in best or order.index(sp.kb_id_) < order.index(best[sp.id_]):
                best[sp.id_] = sp.kb_id_
        doc.spans[self.spans_key] = [
            sp
            if sp.kb_id_ == best[sp.id_]
            else Span(doc, sp.start, sp.end, label=sp.label_, span_id=sp.id_, kb_id=best[sp.id_])
            for sp in spans
        ]
        if renamed:
            doc.ents = [e for e in doc.ents if e not in renamed]
        return doc


def home_country(key: str, gazetteer: Gazetteer) -> str | None:
    """The country a known person holds office in (first listed), else None."""
    entry = gazetteer.entries.get(key)
    if entry is None:
        return None
    return next((of for _, of in entry.offices if of.startswith("country/")), None)


def _tail(key: str) -> str:
    return key.split("/", 1)[-1]


def _label(key: str, gazetteer: Gazetteer, seen: dict[str, str]) -> str:
    entry = gazetteer.entries.get(key)
    return entry.label if entry else seen.get(key, _tail(key).replace("-", " ").title())


def _resolved(key: str, keys: dict[str, str]) -> str:
    """A key with its provisional treaty id replaced; "" for a treaty that was dropped (a fact
    naming it as subject or object is dropped before, a quote's `about` loses it)."""
    if key.startswith(TREATY_PREFIX):
        return keys.get(key, "")
    return key


def _is_name(span: Span) -> bool:
    """A treaty named by its title ("Perjanjian Damai Camp David", "Abraham Accords")."""
    words = [t for t in span if t.is_alpha]
    return len(words) > 1 and all(t.text[:1].isupper() for t in words)


def resolve_treaties(
    doc: Doc,
    facts: Iterable[Fact],
    mentions: Iterable[Mention] = (),
    gazetteer: Gazetteer | None = None,
    spans_key: str = "treaties",
) -> tuple[list[Fact], list[Mention]]:
    """Give the treaties of one article their keys; return the facts rewritten and the treaty
    mentions. A treaty with neither a party nor a date says nothing and is dropped, facts too."""
    gazetteer = gazetteer or load_gazetteer()
    facts = list(facts)
    names = {m.entity.key: m.entity.label for m in mentions}
    led = {f.subject: f.object for f in facts if f.predicate == "leaderOf" and f.object.startswith("country/")}
    keys: dict[str, str] = {}
    labels: dict[str, str] = {}
    kinds = {s.id_: s.kb_id_ for s in doc.spans.get(spans_key, ())}
    named = {s.id_: s.text for s in doc.spans.get(spans_key, ()) if _is_name(s)}
    for tid, kind in sorted(kinds.items()):
        parties = sorted(
            {
                led.get(f.subject) or home_country(f.subject, gazetteer) or f.subject
                for f in facts
                if f.predicate == "signed" and f.object == tid
            }
        )
        signed = sorted(f.value.value for f in facts if f.subject == tid and f.predicate == "signedOn" and f.value)
        if not parties and not signed:
            if tid in named and any(tid in (f.subject, f.object, *f.about) for f in facts):
                keys[tid] = "treaty/" + slug(named[tid])  # "Traktat Non-Proliferasi Nuklir mulai berlaku …"
                labels[tid] = named[tid]
            continue
        year = signed[0][:4] if signed and signed[0][:1].isdigit() else ""
        keys[tid] = "treaty/" + "-".join([kind, *(_tail(p) for p in parties), *([year] if year else [])])
        party_names = "–".join(sorted(_label(p, gazetteer, names) for p in parties))
        labels[tid] = " ".join(x for x in (kind_label(kind), party_names, f"({year})" if year else "") if x)
    out = []
    for f in facts:
        s_t, o_t = f.subject.startswith(TREATY_PREFIX), f.object.startswith(TREATY_PREFIX)
        if (s_t and f.subject not in keys) or (o_t and f.object not in keys):
            continue
        out.append(f.rekeyed(lambda key: _resolved(key, keys)))
    treaty_mentions = [
        Mention(
            entity=Entity(key=keys[s.id_], type="Treaty", label=labels[s.id_]),
            text=s.text,
            start=s.start_char,
            end=s.end_char,
        )
        for s in doc.spans.get(spans_key, ())
        if s.id_ in keys and s[-1].lower_ not in _config().anaphora
    ]  # "pakta itu" is no name
    return out, treaty_mentions


def merge_treaties(extractions: Iterable[Extraction]) -> list[Extraction]:
    """One node per treaty across articles: an undated treaty (`treaty/<kind>-<parties>`) becomes
    the dated one (`…-<year>`) when exactly one treaty of that kind and those parties is dated."""
    extractions = list(extractions)
    found: dict[str, Entity] = {}
    for ex in extractions:
        for m in ex.mentions:
            if m.entity.type == "Treaty":
                found.setdefault(m.entity.key, m.entity)
    dated: dict[str, list[str]] = {}
    for key in found:
        stem, _, year = key.rpartition("-")
        if year.isdigit() and len(year) == 4:
            dated.setdefault(stem, []).append(key)
    target = {key: dated[key][0] for key in found if len(dated.get(key, ())) == 1}
    if not target:
        return extractions
    out = []
    for ex in extractions:
        mentions = tuple(
            replace(m, entity=found[target[m.entity.key]]) if m.entity.key in target else m for m in ex.mentions
        )
        facts = tuple(f.rekeyed(lambda key: target.get(key, key)) for f in ex.facts)
        out.append(replace(ex, mentions=mentions, facts=facts))
    return out
