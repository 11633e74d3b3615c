"""The schema of every data file in kg/data: one pydantic model per file (per line, for JSON Lines).

`kg.resources` validates each file against its model when it loads it, so that a misspelt key
("max_gpa"), a missing one or a value of the wrong type is an error naming the file, line and key
instead of being ignored. Validation only: the loaders still return the plain parsed JSON.
A key is required here when the code that reads the file indexes it (`row["x"]`), optional with
the code's default when it uses `row.get("x", default)`. Adding a data file needs an entry in
`SCHEMAS`; adding a key to a file needs a field here.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

__all__ = ["SCHEMAS", "Document", "Strict"]


def _regex(pattern: str) -> str:
    """A regular expression that compiles (checked here so that the error names file and line)."""
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"not a regular expression ({exc})") from exc
    return pattern


Regex = Annotated[str, AfterValidator(_regex)]


def _entity_type(name: str) -> str:
    """One of the entity types of `kg.types` (checked here so that the error names file and line)."""
    from .types import LABELS

    if name not in LABELS:
        raise ValueError(f"not an entity type: use one of {', '.join(LABELS)}")
    return name


EntityTypeName = Annotated[str, AfterValidator(_entity_type)]


class Strict(BaseModel):
    """Base of every schema: an unknown key, a missing required key or a wrong type is an error
    (strict mode: no "3" for 3; an int is still accepted where a float is expected)."""

    model_config = ConfigDict(extra="forbid", strict=True)


class Document(Strict):
    """A whole .json file: it may carry a `comment` that documents it."""

    comment: str = ""


# -- gazetteers: countries.jsonl, people.jsonl, places.jsonl, organizations.jsonl (kg.nlp.gazetteer)


class Entity(Strict):
    """One gazetteer line: the keys every gazetteer file shares."""

    key: str
    type: EntityTypeName
    label: str
    aliases: list[str] = []
    short_forms: list[str] = []
    label_en: str | None = None
    qid: str | None = None


class Country(Entity):
    """A line of countries.jsonl (written by scripts/make_gazetteer.py)."""

    iso: str | None = None  # ISO 3166 code: not read by the pipeline, kept for reference


class Office(Strict):
    """An office a person holds or held: a role of an organisation or country."""

    role: str
    of: str  # the key of the organisation or country


class Person(Entity):
    """A line of people.jsonl."""

    offices: list[Office] = []


class Place(Entity):
    """A line of places.jsonl (cities and other places)."""

    located_in: str | None = None
    capital_of: str | None = None


class Organization(Entity):
    """A line of organizations.jsonl."""


# -- relation frames and titles: relations.jsonl, roles.jsonl, modality.json (kg.extract.frames)


class Antecedent(Strict):
    """Where a missing object is looked for in the sentences before ("sanksi … terhadap X")."""

    cues: list[str] = []
    markers: list[str] = []


class Argument(Strict):
    """The subject or object of a relation frame (see kg.extract.frames.Arg)."""

    side: Literal["left", "right", "date", "previous"]
    types: list[str] = []
    after: list[str] = []
    before: list[str] = []
    max_gap: int = 10
    fallback: Literal["", "pair"] = ""
    antecedent: Antecedent = Antecedent()
    property: str = ""
    starts: list[str] = []
    within: int = 12
    deps: list[str] = []
    case: list[str] = []


class DateFact(Strict):
    """A property whose value is the date of the sentence, about the frame's object or subject."""

    property: str
    of: Literal["object", "subject"] = "object"


class Relation(Strict):
    """A line of relations.jsonl: one relation frame. `subject` and `object` are required unless
    `pair` is given (checked by kg.extract.frames.load_frames)."""

    id: str
    property: str
    trigger: list[str]
    subject: Argument | None = None
    object: Argument | None = None
    pair: Literal["left", "right", "list"] | None = None
    types: list[str] = []
    requires: list[str] = []
    symmetric: bool = False
    confidence: float = 0.8
    dated: bool = True
    future_ok: bool = False
    date_facts: list[DateFact] = []
    companions: list[str] = []
    grammar: bool = True
    not_followed_by: list[str] = []
    unless: list[str] = []
    penalty: bool = False
    role_after: list[str] = []
    role_between: bool = False


class Role(Strict):
    """A line of roles.jsonl: a title and the property it states ("Presiden" → leaderOf)."""

    role: str
    property: Literal["leaderOf", "affiliatedWith"]
    deputy: bool = False  # "Wakil": the title that follows is not the head's (kg.extract.roles)
    cue: bool = False  # the recognizer's rules also read the capitalised words after it as a name
    bodies: list[Literal["Organization", "Country", "City", "Place"]] = []  # what it heads; [] = Organization, Country


class Modality(Document):
    """modality.json: the words around a trigger that block it or make it denied or alleged."""

    window: int
    block_before: list[str]
    after_window: int
    block_after: list[str]
    deny_before: list[str]
    allege_window: int
    allege_before: list[str]
    attribution_before: list[str]
    report_markers: list[str]
    former_before: list[str] = []
    question_words: list[str] = []


# -- entity rules and dates: entity_rules.json, calendar.json (kg.nlp.entities, kg.nlp.dates)


class EntityPattern(Strict):
    """One rule of entity_rules.json; `pattern` is a spaCy Matcher pattern, which the Matcher
    itself validates (`validate=True`)."""

    label: str
    pattern: list[dict[str, Any]]
    skip: int = 0
    strong: bool = False
    relabel: bool = False
    extend: bool = False
    not_after: list[str] = []
    end_before: list[str] = []


class EntityRules(Document):
    """entity_rules.json."""

    patterns: list[EntityPattern]
    title_label: str = "PER"
    titles_extra: list[str] = []
    title_stop: list[str] = []
    locative_cues: list[str] = []
    government_cues: list[str] = []
    government_verbs: list[str] = []
    skippable: list[str] = []
    credit_patterns: list[Regex] = []
    office_words: list[str] = []
    not_names: list[str] = []


Weekday = Annotated[int, Field(ge=0, le=6)]
Month = Annotated[int, Field(ge=1, le=12)]
Offset = Annotated[str, Field(pattern=r"^[+-]\d\d:\d\d$")]


class Calendar(Document):
    """calendar.json (written by scripts/make_gazetteer.py): day and month names, time zones."""

    days: dict[str, Weekday]  # name → Monday 0 … Sunday 6
    months: dict[str, Month]
    timezones: dict[str, Offset]  # "WIB" → "+07:00"


# -- references, treaties, page noise, outlets: coref.json, treaties.json, noise.json, outlets.jsonl


class Demonstratives(Strict):
    """ "negara itu": head nouns and their types, and the words after them."""

    heads: dict[str, str]
    after: list[str]


class Members(Strict):
    """A plural argument ("para pemimpin") filled by an inclusion phrase ("termasuk Putin")."""

    plural: list[str]
    inclusion: list[str]


class Coref(Document):
    """coref.json (kg.extract.coref, kg.extract.relations)."""

    window: int
    groups: dict[str, str]
    pronouns: dict[str, str]
    demonstratives: Demonstratives
    members: Members


class TreatyKind(Strict):
    """What a treaty is about, with the cue words that say so."""

    kind: str
    label: str
    cues: list[str]


class Treaties(Document):
    """treaties.json (kg.extract.treaties)."""

    heads: list[str]
    stop: list[str]
    max_modifiers: int
    cue_window: int
    anaphora: list[str]
    kinds: list[TreatyKind] = Field(min_length=1)  # the last is the fallback kind
    name_ends: list[str]


class Noise(Document):
    """noise.json (kg.ingest.clean): page noise, as lines and regular expressions."""

    lines: list[str]
    line_patterns: list[Regex]
    caption_patterns: list[Regex]
    inline_patterns: list[Regex]


class CommonWords(Document):
    """common_words.json (kg.nlp.names), made by scripts/make_common_words.py."""

    words: list[str] = Field(min_length=1)


class EventHead(Strict):
    """An event head of names.json: whether it needs a name or year after it."""

    head: str
    needs: Literal["name", "none"]


class Names(Document):
    """names.json (kg.nlp.names): what a name never holds, what is no entity, head words."""

    honorifics: list[str]
    role_nouns: list[str]
    ranks: list[str]
    acronym_keep: list[str]
    not_entities: list[str]
    body_heads: list[str]
    place_heads: list[str]
    work_heads: list[str]
    title_bodies: dict[str, str]
    title_abbreviations: dict[str, str]
    area_heads: list[str]
    name_stops: list[str]
    event_heads: list[EventHead] = Field(min_length=1)
    outlet_suffixes: list[str]
    outlet_cues: list[str]
    speech_verbs: list[str]
    expansions: dict[str, str]


class Outlet(Strict):
    """A line of outlets.jsonl (kg.ingest.readers): a news outlet and how pages name it."""

    name: str
    patterns: list[str]


class Places(Document):
    """places.json (kg.extract.places): the words of addresses."""

    units: list[str]
    small: list[str]
    conjunctions: list[str]
    buildings: list[str]
    regions: list[str] = []


class Quotes(Document):
    """quotes.json (kg.extract.quotes): the words of quotations and reported speech (bk:said)."""

    opening: list[str] = Field(min_length=1)
    closing: list[str] = Field(min_length=1)
    straight: list[str]
    after_verbs: list[str] = Field(min_length=1)
    pronoun_forms: list[str]
    before_verbs: list[str] = Field(min_length=1)
    clause_verbs: list[str]
    passive_verbs: list[str]
    passive_subjects: list[str]
    according: list[str]
    according_nouns: list[str]
    pronouns: list[str]
    negations: list[str]
    negation_window: Annotated[int, Field(ge=0)]
    stops: list[str]
    lead_words: list[str]
    gap_words: list[str]
    title_words: list[str]
    furniture: list[str]
    min_words: Annotated[int, Field(ge=1)]
    window: Annotated[int, Field(ge=0)]


class Clauses(Document):
    """clauses.json (kg.extract.clauses, bk:relatedTo): which clauses link two entities."""

    subject_types: list[EntityTypeName] = Field(min_length=1)
    object_types: list[EntityTypeName] = Field(min_length=1)
    prepositions: list[str]
    skip_verbs: list[str]
    wish_verbs: list[str]
    skip_after: list[str]
    not_subject_after: list[str]
    purpose: list[str]
    conditions: list[str]
    kin_nouns: list[str]


#: Data file name → its model (for a .jsonl file, the model of one line).
SCHEMAS: dict[str, type[BaseModel]] = {
    "calendar.json": Calendar,
    "clauses.json": Clauses,
    "common_words.json": CommonWords,
    "coref.json": Coref,
    "countries.jsonl": Country,
    "entity_rules.json": EntityRules,
    "modality.json": Modality,
    "names.json": Names,
    "noise.json": Noise,
    "organizations.jsonl": Organization,
    "outlets.jsonl": Outlet,
    "people.jsonl": Person,
    "places.json": Places,
    "places.jsonl": Place,
    "quotes.json": Quotes,
    "relations.jsonl": Relation,
    "roles.jsonl": Role,
    "treaties.json": Treaties,
}
