"""The gazetteer: known entities with their canonical keys, labels, aliases and QIDs.

Read from kg/data/countries.jsonl (generated from Babel), people.jsonl, places.jsonl (cities and
other places) and organizations.jsonl. Adding an entity is adding a line to one of them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..errors import ResourceError
from ..resources import load_jsonl
from ..types import LABELS

__all__ = ["Entry", "Gazetteer", "load_gazetteer", "slug", "entity_key"]

FILES = ("countries.jsonl", "people.jsonl", "places.jsonl", "organizations.jsonl")


def slug(text: str) -> str:
    """ASCII, lower case, hyphens: "Kim Jong-un" → "kim-jong-un"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def entity_key(label: str, text: str) -> str:
    """The key of an entity no gazetteer knows: its type and the slug of its name."""
    return f"{label.lower()}/{slug(text)}"


@dataclass(frozen=True)
class Entry:
    """One gazetteer entity."""

    key: str
    type: str
    label: str
    aliases: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()  # resolved only inside an article naming the full entity
    label_en: str | None = None
    qid: str | None = None
    located_in: str | None = None
    capital_of: str | None = None  # a capital city stands for its country's government ("Moskow menolak …")
    offices: tuple[tuple[str, str], ...] = ()  # (role, organisation or country key), current or past

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


class Gazetteer:
    """Entries by key, with a check that no alias points at two entities."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries: dict[str, Entry] = {}
        self.by_name: dict[str, str] = {}
        for entry in entries:
            if entry.type not in LABELS:
                raise ResourceError(
                    f"Gazetteer entry {entry.key} has unknown type {entry.type!r}: use one of {LABELS}."
                )
            if entry.key in self.entries:
                raise ResourceError(f"Gazetteer key {entry.key} is defined twice: keep one line.")
            self.entries[entry.key] = entry
            for name in entry.names:
                other = self.by_name.setdefault(name, entry.key)
                if other != entry.key:
                    raise ResourceError(
                        f"Gazetteer name {name!r} belongs to both {other} and {entry.key}: "
                        "make it a short form of each instead."
                    )

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Entry:
        return self.entries[key]

    def __len__(self) -> int:
        return len(self.entries)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The package's gazetteer (cached)."""
    entries = []
    for name in FILES:
        for row in load_jsonl(name):
            try:
                entries.append(
                    Entry(
                        key=row["key"],
                        type=row["type"],
                        label=row["label"],
                        aliases=tuple(row.get("aliases", ())),
                        short_forms=tuple(row.get("short_forms", ())),
                        label_en=row.get("label_en"),
                        qid=row.get("qid"),
                        located_in=row.get("located_in"),
                        capital_of=row.get("capital_of"),
                        offices=tuple((o["role"], o["of"]) for o in row.get("offices", ())),
                    )
                )
            except KeyError as exc:
                raise ResourceError(
                    f"kg/data/{name}: an entry lacks {exc}: every entry needs key, type, label."
                ) from exc
    return Gazetteer(entries)
