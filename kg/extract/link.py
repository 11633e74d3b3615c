"""Linking: one entity per real thing, across the whole build.

Inside an article the pipeline has already given each mention its entity key (the gazetteer
key, or a short form resolved to the full name, see `kg.nlp.ShortForms`). Here the mentions of
all articles are merged: each key becomes one `LinkedEntity` with its canonical label, English
label and Wikidata QID from the gazetteer, and every other surface form seen as an alias.
Keys come from the gazetteer or from the entity's type and name, never from run order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ..model import Entity, Extraction, Mention
from ..nlp.gazetteer import Gazetteer, entity_key, load_gazetteer
from ..types import TYPE_ORDER

__all__ = ["LinkedEntity", "doc_mentions", "link_entities", "unify_types"]

#: Which type wins when the recognizer typed one unknown name differently in different places
#: and the counts tie: the more specific reading first (`kg.types`, by rank).


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
        key = ent.ent_id_ or entity_key(ent.label_, ent.text)
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
        facts = tuple(replace(f, subject=rekey(f.subject), object=rekey(f.object)) for f in ex.facts)
        out.append(replace(ex, mentions=mentions, facts=facts))
    return out


def link_entities(extractions: Iterable[Extraction]) -> dict[str, LinkedEntity]:
    """Every entity mentioned in the extractions, by key, with its aliases, sorted by key."""
    entities: dict[str, Entity] = {}
    forms: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for ex in extractions:
        for m in ex.mentions:
            key = m.entity.key
            entities.setdefault(key, m.entity)
            forms.setdefault(key, set()).add(" ".join(m.text.split()))
            counts[key] = counts.get(key, 0) + 1
    return {
        key: LinkedEntity(
            entity=entities[key], alt_labels=tuple(sorted(forms[key] - {entities[key].label})), mentions=counts[key]
        )
        for key in sorted(entities)
    }
