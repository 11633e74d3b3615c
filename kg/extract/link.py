"""Linking: one entity per real thing, across the whole build.

Inside an article the pipeline has already given each mention its entity key (the gazetteer
key, or a short form resolved to the full name, see `kg.nlp.ShortForms`). Across articles,
`unify_types` gives an unknown name one type and `merge_short_forms` joins a person named only
by one word ("Luhut") or an organisation named only by its acronym ("KNPA") to the one full
name the build gives it. `link_entities` then makes each key one `LinkedEntity`: its label the
fullest proper name seen (`kg.extract.labels`), its English label and Wikidata QID from the
gazetteer, every other surface form an alternative label.
Keys come from the gazetteer or from the entity's type and name, never from the label chosen or
from run order: the same articles in any order give the same nodes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ..model import Entity, Extraction, Fact, Mention
from ..nlp.gazetteer import Gazetteer, entity_key, load_gazetteer
from ..nlp.headwords import title_body
from ..types import TYPE_ORDER, TYPES
from .labels import choose_label, expand_forms, is_acronym, normalize, split_abbreviation

__all__ = ["LinkedEntity", "doc_mentions", "link_entities", "merge_short_forms", "unify_types"]

#: The types a bare recognizer label gives (Person, Place, Organization): an acronym typed so
#: may still be an organisation's, whose type it then takes.
GENERIC_TYPES = frozenset(t.name for t in TYPES if t.generic)
#: Types whose label is made, not read (a treaty's kind, parties and year): kept as made.
MADE_LABELS = frozenset({"Treaty"})


@dataclass(frozen=True)
class LinkedEntity:
    """An entity as it goes into the graph: itself and every other name it was seen under."""

    entity: Entity
    alt_labels: tuple[str, ...]
    mentions: int


def _entity(key: str, label: str, text: str, gazetteer: Gazetteer) -> Entity:
    entry = gazetteer.entries.get(key)
    if entry is None:
        return Entity(key=key, type=label, label=text)
    return Entity(key=entry.key, type=entry.type, label=entry.label, label_en=entry.label_en, qid=entry.qid)


def doc_mentions(doc: Doc, gazetteer: Gazetteer | None = None) -> tuple[Mention, ...]:
    """The entity mentions of one analysed article, in text order."""
    gazetteer = gazetteer or load_gazetteer()
    out = []
    for ent in doc.ents:
        # "Komite Nasional Pembaruan Agraria (KNPA)" has the key of the name alone
        key = ent.ent_id_ or entity_key(ent.label_, split_abbreviation(ent.text)[0])
        out.append(
            Mention(
                entity=_entity(key, ent.label_, ent.text, gazetteer),
                text=ent.text,
                start=ent.start_char,
                end=ent.end_char,
            )
        )
    return tuple(out)


def unify_types(extractions: Iterable[Extraction], gazetteer: Gazetteer | None = None) -> list[Extraction]:
    """One node per unknown name: a name the recognizer typed differently across mentions (say
    Person in one article, Organization in another) takes its most frequent type everywhere, so
    it does not split into two nodes. Gazetteer entities keep their own type and key."""
    gazetteer = gazetteer or load_gazetteer()
    extractions = list(extractions)
    votes: dict[str, Counter] = {}
    for ex in extractions:
        for m in ex.mentions:
            if m.entity.key not in gazetteer:
                votes.setdefault(m.entity.key.split("/", 1)[-1], Counter())[m.entity.type] += 1
    winner = {
        name: min(c, key=lambda t: (-c[t], TYPE_ORDER.index(t) if t in TYPE_ORDER else 99, t))
        for name, c in votes.items()
        if len(c) > 1
    }
    if not winner:
        return extractions

    def rekey(key: str) -> str:
        name = key.split("/", 1)[-1]
        return entity_key(winner[name], name) if key not in gazetteer and name in winner else key

    out = []
    for ex in extractions:
        mentions = tuple(
            replace(
                m,
                entity=replace(
                    m.entity, key=rekey(m.entity.key), type=winner.get(m.entity.key.split("/", 1)[-1], m.entity.type)
                ),
            )
            if m.entity.key not in gazetteer
            else m
            for m in ex.mentions
        )
        facts = tuple(f.rekeyed(rekey) for f in ex.facts)
        out.append(replace(ex, mentions=mentions, facts=facts))
    return out


def _people_words(key: str, forms: set[str], gazetteer: Gazetteer) -> set[str]:
    """The words a person node is known by alone: the first and last word of each of its names of
    two words or more, and its gazetteer short forms (case-folded)."""
    entry = gazetteer.entries.get(key)
    names = {*forms, entry.label} if entry else forms
    tokens = [[t for t in name.split() if any(ch.isalnum() for ch in t)] for name in names]
    words = {w for ts in tokens if len(ts) > 1 for w in (ts[0], ts[-1])}
    if entry and words:
        words.update(entry.short_forms)
    return {w.casefold() for w in words}


def _org_acronyms(key: str, forms: set[str], gazetteer: Gazetteer) -> set[str]:
    """The acronyms of an organisation node with a full name: those seen (alone or bracketed after
    the name) and its gazetteer names that are acronyms."""
    entry = gazetteer.entries.get(key)
    names = forms | (set(entry.names) | set(entry.short_forms) if entry else set())
    if all(is_acronym(name) for name in names):
        return set()
    return {name for name in names if is_acronym(name)}


def short_form_targets(types: dict[str, str], forms: dict[str, set[str]], gazetteer: Gazetteer) -> dict[str, str]:
    """Which node each short-form node joins (key → key): a person seen only as one word joins the
    one full-name person having that word as first or last name or as a short form; a node seen
    only as an acronym joins the one organisation having that acronym. Where two candidates
    share the word ("Andi" of two Andis), the node stays itself. Gazetteer nodes never move."""
    people: dict[str, set[str]] = {}
    acronyms: dict[str, set[str]] = {}
    for key, names in forms.items():
        if types[key] == "Person":
            for word in _people_words(key, names, gazetteer):
                people.setdefault(word, set()).add(key)
        elif types[key] == "Organization":
            for acronym in _org_acronyms(key, names, gazetteer):
                acronyms.setdefault(acronym, set()).add(key)
    out: dict[str, str] = {}
    for key, names in forms.items():
        if key in gazetteer or any(len(name.split()) != 1 for name in names):
            continue
        words = {name.casefold() for name in names}
        if len(words) != 1:
            continue
        candidates: set[str] = set()
        if types[key] == "Person":
            candidates = people.get(words.pop(), set()) - {key}
        if not candidates and types[key] in GENERIC_TYPES and all(is_acronym(name) for name in names):
            candidates = acronyms.get(min(names), set()) - {key}
        if len(candidates) == 1:
            out[key] = candidates.pop()
    return out


def merge_short_forms(extractions: Iterable[Extraction], gazetteer: Gazetteer | None = None) -> list[Extraction]:
    """One node per real thing across articles: a person one article names only by one word, an
    organisation only by its acronym, becomes the node of the full name another article gives
    (`short_form_targets`), taking its key and type; facts follow. Decided on the whole build at
    once, so the order of articles changes nothing."""
    gazetteer = gazetteer or load_gazetteer()
    extractions = list(extractions)
    forms: dict[str, set[str]] = {}
    entities: dict[str, set[Entity]] = {}
    for ex in extractions:
        for m in ex.mentions:
            forms.setdefault(m.entity.key, set()).update(expand_forms([m.text]))
            entities.setdefault(m.entity.key, set()).add(m.entity)
    types = {key: min(entities[key], key=_entity_order).type for key in entities}
    target = short_form_targets(types, forms, gazetteer)
    if not target:
        return extractions
    into = {key: min(entities[t], key=_entity_order) for key, t in target.items()}

    def moved(f: Fact) -> Fact:
        return f.rekeyed(lambda key: target.get(key, key))

    out = []
    for ex in extractions:
        mentions = tuple(replace(m, entity=into[m.entity.key]) if m.entity.key in target else m for m in ex.mentions)
        facts = tuple(
            g for f, g in ((f, moved(f)) for f in ex.facts) if f.subject == f.object or g.subject != g.object
        )  # "Luhut bertemu Luhut Binsar Panjaitan" is no fact
        out.append(replace(ex, mentions=mentions, facts=facts))
    return out


def _entity_order(e: Entity) -> tuple[str, str, str, str]:
    return (e.label, e.type, e.label_en or "", e.qid or "")


def link_entities(extractions: Iterable[Extraction], gazetteer: Gazetteer | None = None) -> dict[str, LinkedEntity]:
    """Every entity mentioned in the extractions, by key, with its label chosen from the forms
    seen (`kg.extract.labels.choose_label`) and the other forms as aliases, sorted by key."""
    gazetteer = gazetteer or load_gazetteer()
    entities: dict[str, list[Entity]] = {}
    forms: dict[str, list[str]] = {}
    for ex in extractions:
        for m in ex.mentions:
            entities.setdefault(m.entity.key, []).append(m.entity)
            forms.setdefault(m.entity.key, []).append(m.text)
    out = {}
    for key in sorted(entities):
        entity = min(entities[key], key=_entity_order)
        if entity.type in MADE_LABELS:  # the label made most often, then the first alphabetically
            made = Counter(e.label for e in entities[key])
            label = min(made, key=lambda x: (-made[x], x))
            alts = tuple(sorted({normalize(f) for f in forms[key]} - {label}))
        else:
            counts = expand_forms(forms[key])
            entry = gazetteer.entries.get(key)
            others = {name for name in counts if gazetteer.by_name.get(name, key) != key}
            canonical = entry.label if entry else None
            titles = {name: title_body(name) for name in counts if entry is None}
            bodies = {body for body in titles.values() if body}
            if len(bodies) == 1:  # a ministry seen only as "Menteri Sosial" is Kementerian Sosial
                canonical = bodies.pop()
                others |= {name for name, body in titles.items() if body}
            label, alts = choose_label(counts, canonical, others)
        out[key] = LinkedEntity(entity=replace(entity, label=label), alt_labels=alts, mentions=len(forms[key]))
    return out
