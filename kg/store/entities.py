"""The entities of a build, found by key, IRI or name: `kg find` and the entity binds of
`kg query` (`--bind entity=…`).

An entity is an IRI with a name in the store: an `rdfs:label`, `skos:prefLabel` or
`skos:altLabel`. Its key is its IRI without the graph's namespace (`person/kim-jong-un` for
https://w3id.org/berita-kg/id/person/kim-jong-un). Names are compared folded: case, accents,
punctuation and spacing aside ("Kim Jong-un" and "kim jong un" are one name).
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import QueryError
from ..vocab import BKR, OWL, RDF, RDFS, SKOS

__all__ = [
    "Entity",
    "EntityError",
    "UnknownEntity",
    "AmbiguousEntity",
    "entity_key",
    "fold",
    "all_entities",
    "find_entities",
    "resolve_entity",
]

NAMESPACE = str(BKR)
#: The properties whose values name an entity, the primary names first.
NAME_PROPERTIES = (str(RDFS.label), str(SKOS.prefLabel), str(SKOS.altLabel))
_PRIMARY = frozenset(NAME_PROPERTIES[:2])
_LANGUAGE_ORDER = {"id": 0, "en": 1}  # the articles' language first, then English, then any
_NOT_WORD = re.compile(r"[\W_]+")


class EntityError(QueryError):
    """An entity given by key, IRI or name was not found, or the name fits several entities.
    `value` is what was given, `candidates` the entities that came close (or that all fit)."""

    def __init__(self, message: str, value: str, candidates: tuple[Entity, ...] = ()) -> None:
        super().__init__(message)
        self.value = value
        self.candidates = candidates


class UnknownEntity(EntityError):
    """No entity has that key, IRI or name."""


class AmbiguousEntity(EntityError):
    """Several entities have that key (of different types) or that name."""


@dataclass(frozen=True)
class Entity:
    """An entity of the store: its IRI, key, types (short names: Person, Country …) and names
    as (text, language) pairs: the primary names (rdfs:label, skos:prefLabel) before the other
    ones (skos:altLabel), each Indonesian first, then English, then any other language."""

    iri: str
    key: str
    types: tuple[str, ...]
    labels: tuple[tuple[str, str], ...]

    @property
    def label(self) -> str:
        """The name to show: the first of `labels` (Indonesian if it has one), else the key."""
        return self.labels[0][0] if self.labels else self.key

    def describe(self) -> str:
        """`key (label)`, as messages list candidates."""
        return f"{self.key} ({self.label})"


def entity_key(iri: str) -> str:
    """The key of an entity's IRI (the IRI itself when it is outside the graph's namespace)."""
    return iri[len(NAMESPACE) :] if iri.startswith(NAMESPACE) else iri


def fold(text: str) -> str:
    """`text` as names are compared: accents off, case folded, every run of punctuation or space
    one space ("Kim Jong-un" → "kim jong un", "Sékou" → "sekou")."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", bare.casefold()).strip()


def _short(iri: str) -> str:
    return re.split(r"[#/]", iri.rstrip("/#"))[-1] or iri


@dataclass
class _Names:
    labels: dict[tuple[str, str], bool]  # (text, language) → whether a primary name
    primary: set[str]  # folded rdfs:label and skos:prefLabel values
    other: set[str]  # folded skos:altLabel values


def _names(store: ox.Store) -> dict[str, _Names]:
    """Every named IRI of the store's default graph (the union of the articles' graphs)."""
    out: dict[str, _Names] = {}
    for prop in NAME_PROPERTIES:
        for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, ox.DefaultGraph()):
            subject, value = quad.subject, quad.object
            if not isinstance(subject, ox.NamedNode) or not isinstance(value, ox.Literal):
                continue
            names = out.setdefault(subject.value, _Names({}, set(), set()))
            label = (value.value, value.language or "")
            names.labels[label] = names.labels.get(label, False) or prop in _PRIMARY
            (names.primary if prop in _PRIMARY else names.other).add(fold(value.value))
    return out


def _entity(store: ox.Store, iri: str, names: _Names | None) -> Entity:
    types = sorted(
        {
            _short(q.object.value)
            for q in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(RDF.type)), None, ox.DefaultGraph())
            if isinstance(q.object, ox.NamedNode)
        }
    )
    given = names.labels if names else {}
    labels = sorted(given, key=lambda tl: (not given[tl], _LANGUAGE_ORDER.get(tl[1], 2), tl[1], tl[0]))
    return Entity(iri, entity_key(iri), tuple(types), tuple(labels))


def all_entities(store: ox.Store) -> list[Entity]:
    """Every entity of the store (every IRI with a name), by key."""
    return [_entity(store, iri, names) for iri, names in sorted(_names(store).items(), key=lambda kv: kv[0])]


def find_entities(store: ox.Store, name: str, limit: int | None = None) -> list[Entity]:
    """The entities one of whose names (or whose key) holds `name`, folded (see `fold`): a whole
    name first, then a name that starts with it, then the rest, each by key. `limit`: at most so
    many. An empty `name` finds every entity."""
    wanted = fold(name)
    ranked: list[tuple[int, str, str]] = []
    everyone = _names(store)
    for iri, names in everyone.items():
        folded = names.primary | names.other | {fold(entity_key(iri))}
        if wanted in folded:
            rank = 0
        elif any(f.startswith(wanted) for f in folded):
            rank = 1
        elif any(wanted in f for f in folded):
            rank = 2
        else:
            continue
        ranked.append((rank, entity_key(iri), iri))
    ranked.sort()
    return [_entity(store, iri, everyone[iri]) for _, _, iri in ranked[:limit]]


def _has_subject(store: ox.Store, iri: str) -> bool:
    return next(iter(store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.DefaultGraph())), None) is not None


def _one(store: ox.Store, iris: list[str], value: str, how: str, what: str) -> str | None:
    """The one IRI of `iris`; None if there is none; `AmbiguousEntity` listing them if several."""
    if not iris:
        return None
    if len(iris) == 1:
        return iris[0]
    names = _names(store)
    found = tuple(_entity(store, iri, names.get(iri)) for iri in sorted(iris, key=entity_key))
    listed = ", ".join(e.describe() for e in found)
    raise AmbiguousEntity(
        f"{what}: {value!r} {how} {len(found)} entities: {listed}; give one of these keys instead", value, found
    )


def resolve_entity(store: ox.Store, value: str, what: str = "entity") -> str:
    """The IRI of the one entity `value` names: a full IRI (of an entity in the store, or one that
    an entity is `owl:sameAs`), a key (`person/kim-jong-un`, or `kim-jong-un` alone when one type
    has it) or a name (any label, folded; a primary name, `rdfs:label` or `skos:prefLabel`, beats an
    `skos:altLabel`). `UnknownEntity` if none fits (naming up to five entities whose names hold
    it); `AmbiguousEntity` if several fit equally (naming them all). `what` starts the messages."""
    value = value.strip()
    if value.startswith(("http://", "https://")):
        try:
            node = ox.NamedNode(value)
        except ValueError as exc:
            raise UnknownEntity(f"{what}: {value!r} is not a valid IRI ({exc})", value) from exc
        if _has_subject(store, value):
            return value
        same = sorted(
            {
                q.subject.value
                for q in store.quads_for_pattern(None, ox.NamedNode(str(OWL.sameAs)), node)
                if isinstance(q.subject, ox.NamedNode)
            }
        )
        found = _one(store, same, value, "is owl:sameAs", what)
        if found:
            return found
        raise UnknownEntity(
            f"{what}: no entity has the IRI {value!r} in this build (nor is owl:sameAs it); "
            "`kg find PART-OF-A-NAME` gives the keys of the entities whose names hold it",
            value,
        )
    names = _names(store)
    if value and not any(ch.isspace() for ch in value):
        if "/" in value:
            iri = NAMESPACE + value
            if iri in names or _has_subject(store, iri):
                return iri
        else:
            by_key = [iri for iri in names if iri.startswith(NAMESPACE) and iri.rsplit("/", 1)[-1] == value]
            found = _one(store, by_key, value, "is the key of", what)
            if found:
                return found
    wanted = fold(value)
    if wanted:
        for tier in ("primary", "other"):
            matches = [iri for iri, n in names.items() if wanted in getattr(n, tier)]
            found = _one(store, matches, value, "names", what)
            if found:
                return found
    close = tuple(find_entities(store, value, limit=5)) if wanted else ()
    hint = (
        f"; names that hold it: {', '.join(e.describe() for e in close)}. `kg find {shlex.quote(value)}` lists them all"
        if close
        else "; `kg find PART-OF-A-NAME` lists the entities whose names hold a part of it"
    )
    raise UnknownEntity(
        f"{what}: no entity matches {value!r} as a key (person/kim-jong-un or kim-jong-un), an IRI or a name{hint}",
        value,
        close,
    )
