"""Records that cross module boundaries. All frozen, so stages cannot edit each other's data."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Article:
    """One news article as read from the input, before NLP.

    `id` is derived from the cleaned text (see `kg.clean.article_id`), so the same story read
    twice gets the same IRI whatever the file is called.
    """

    id: str
    text: str
    source: str
    headline: str | None = None
    published: str | None = None  # ISO 8601, with its offset when the text gives a time zone
    publisher: str | None = None
    url: str | None = None
    content_hash: str = ""
    notes: tuple[str, ...] = ()
    name: str = ""  # `source` as outputs show it: relative to the input's folder (kg.ingest.files)

    @property
    def shown(self) -> str:
        """The source as outputs show it (`bk:sourceFile`, report.json): `name`, else `source`."""
        return self.name or self.source


@dataclass(frozen=True)
class Skipped:
    """An input record that was not built, and why. Listed in report.json.

    `count` is how many records it stands for: more than 1 for the summary of many records of
    one file skipped for the same reason (`kg.ingest.files.MAX_SAME_REASON`)."""

    source: str
    reason: str
    count: int = 1
    name: str = ""  # `source` as the report shows it: relative to the input's folder

    @property
    def shown(self) -> str:
        """The source as the report shows it: `name`, else `source`."""
        return self.name or self.source


@dataclass(frozen=True)
class DateValue:
    """A date read from text: the lexical value and its XSD datatype by granularity."""

    value: str  # "2019-04-01", "2019-04", "2019", "--09"
    datatype: str  # "date", "gYearMonth", "gYear" or "gMonth"
    text: str  # the words the date was read from
    end: str = ""  # a range's last day ("28-29 Desember 2024": value 2024-12-28, end 2024-12-29), bk:endDate


@dataclass(frozen=True)
class Entity:
    """A real-world thing: one node of the graph."""

    key: str  # "person/vladimir-putin": the IRI's local part
    type: str  # Person, Country, City, Place, Organization, Treaty, Event
    label: str
    label_en: str | None = None
    qid: str | None = None


@dataclass(frozen=True)
class Mention:
    """An entity as it appears in one article: its surface form and where."""

    entity: Entity
    text: str
    start: int  # character offsets in the article text
    end: int


@dataclass(frozen=True)
class Fact:
    """One statement read from one sentence of one article."""

    subject: str  # entity key
    predicate: str  # local name of a bk: property
    object: str  # entity key ("" when the object is a literal: see `value`)
    article_id: str
    evidence: str
    extractor: str
    confidence: float
    date: DateValue | None = None
    modality: str = "asserted"  # "asserted", "alleged" or "denied" (see kg/data/modality.json)
    value: DateValue | None = None  # the object of a date-valued property (bk:signedOn …)
    reported: DateValue | None = None  # the date of the report ("kata KCNA pada Jumat"), not of the fact
    role: str = ""  # leaderOf/affiliatedWith: the title as written ("Menteri Keuangan"), bk:roleTitle
    former: bool = False  # a past role ("mantan Ketua KPK"): bk:former true and no truthy triple
    quote: str = ""  # said: what was said, as written (the object, an @id literal)
    quote_type: str = ""  # said: "direct" (in quotation marks) or "indirect", bk:quoteType
    about: tuple[str, ...] = ()  # said: keys of the entities named in what was said, bk:about
    penalty: str = ""  # sentenced: the penalty as written ("5 tahun penjara"), bk:penalty
    verb: str = ""  # relatedTo: the predicate's words ("melaporkan"), bk:verb

    def rekeyed(self, key: Callable[[str], str]) -> Fact:
        """The fact with every entity key it names (subject, object, each `about`) passed through
        `key`, for entities merged after extraction. An `about` key mapped to "" is dropped (its
        entity vanished), and two that became one are one, in their first order. An empty key (the
        object of bk:said) stays empty."""
        about = tuple(dict.fromkeys(k for k in (key(a) for a in self.about) if k))
        return replace(
            self,
            subject=key(self.subject) if self.subject else "",
            object=key(self.object) if self.object else "",
            about=about,
        )


@dataclass(frozen=True)
class Extraction:
    """What one article yields: its entities (with surface forms) and facts."""

    article: Article
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class RawArticle:
    """An article as read from a file, before cleaning: the shell's output, the core's input."""

    source: str  # file path, or "path:line" for a JSONL record
    body: str
    headline: str | None = None
    published: str | None = None
    publisher: str | None = None
    url: str | None = None
    notes: tuple[str, ...] = ()
    name: str = ""  # `source` as outputs show it: relative to the input's folder (kg.ingest.files)
