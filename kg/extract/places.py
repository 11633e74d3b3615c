"""Where a named place or body is, as an address writes it: `locatedIn` between neighbours.

    di Dusun Tunggul Wulung, Jeruklegi, Kabupaten Cilacap   → each in the next
    di Hotel Grand Sahid, Jakarta Pusat                      → the hotel in Jakarta Pusat
    Jalan Wijaya Kusuma No.10 Rawalaut                       → an address's number between them
    Klenteng Cin Tek Yen di Jalan Kemenangan III             → "X di Y" between two places
    Vladivostok, Rusia                                       → a city in its country

An address chain is read in the text's order, each link from the smaller to the larger. A list is
not a chain: "di Jawa, Bali dan Sumatera" (a conjunction before the last) gives nothing, nor do
two cities or two countries side by side. The annotation guide: `locatedIn` only where the text
places one named place or body in another, not where "di Y" says where an event happened, so an
event, a person or a country is never the subject. Rules over entities and punctuation: an
address is punctuation, not grammar, and the parse is weakest there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from ..nlp.gazetteer import load_gazetteer
from ..resources import load_json
from .frames import Actor

__all__ = ["Located", "located"]

SUBJECTS = frozenset({"Place", "City", "Organization"})
OBJECTS = frozenset({"Place", "City", "Country"})
#: an address's number between two names: "No.10", "RT 15 RW 05", "Kav. 5"
_FILLER = re.compile(r"^(no\.?\s?\d+\w*|\d+\w*|rt|rw|kav\.?|blok|nomor|\(|\)|[a-z]{2,8})$")


@dataclass(frozen=True)
class _Words:
    units: frozenset[str]
    small: frozenset[str]
    conjunctions: frozenset[str]
    buildings: frozenset[str]
    regions: frozenset[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = load_json("places.json")
    return _Words(*(frozenset(data.get(k, ())) for k in ("units", "small", "conjunctions", "buildings", "regions")))


@dataclass(frozen=True)
class Located:
    """A place or body in another, and the rule that read it."""

    inner: Actor
    outer: Actor
    rule: str


def _link(toks: list[str], a: Actor, b: Actor) -> str | None:
    """How `a` and the next actor `b` are joined: "comma", "adjacent", "di", "filler" or None."""
    between = toks[a.end : b.start]
    if between == [","]:
        return "comma"
    if not between:
        return "adjacent"
    if between == ["di"]:
        return "di"
    if len(between) <= 5 and _filler(between):
        return "filler"
    return None


def _filler(words: list[str]) -> bool:
    """An address number or a bracketed short form: "No.10", "RT 15 RW 05 ,", "( Jaluko )"."""
    core = words[:-1] if words[-1] == "," else words
    if not core:
        return False
    if core[0] == "(" and core[-1] == ")" and len(core) <= 4:
        return True
    return any(w[:1].isdigit() or w.startswith("no") for w in core) and all(_FILLER.match(w) for w in core)


def _first(toks: list[str], a: Actor) -> str:
    return toks[a.start] if a.start < len(toks) else ""


def _apposed(toks: list[str], b: Actor) -> bool:
    """Is `b` set off by commas and followed by a clause ("…, Dalai Lama, menyebut …")? An
    address's last place can be too ("dari Landasan Udara Cilacap, Jawa Tengah, menabrak …"), so
    this only speaks against a place the gazetteer does not know: most likely a name mistyped."""
    after = toks[b.end : b.end + 2]
    return (
        len(after) == 2
        and after[0] == ","
        and (after[1] == "yang" or after[1].startswith(("meng", "meny", "mem", "men")))
    )


def _pair_ok(toks: list[str], a: Actor, b: Actor, link: str) -> bool:
    """Can `a` lie in `b`, joined as `link`?"""
    words = _words()
    units, small = words.units, words.small
    if a.label not in SUBJECTS or b.label not in OBJECTS or a.ref or b.ref or a.key == b.key:
        return False
    if a.label == b.label == "City":
        return False  # "Bandung, Jakarta": a list
    if a.label == "Organization" and link in ("adjacent", "filler"):
        return False  # "KPU Makassar" is one name; the recognizer split it
    if a.label == "Organization" and link == "di" and _first(toks, a) not in words.buildings:
        return False  # "diperiksa KPK di Jakarta": where the event was, not where KPK is
    if a.label == "Place" and _first(toks, a) in words.regions:
        return False  # "Asia Tengah, Uzbekistan": a region holds countries, it lies in none
    if link == "comma" and _apposed(toks, b) and b.key not in load_gazetteer().entries:
        return False  # "dari Universitas Deakin, Damien Kingsbury, yang mengatakan …": a name in apposition
    if b.end < len(toks) and toks[b.end] == "di":
        return False  # "… di Paris, Museum of Pop Culture di Seattle": b is the next item, placed in turn
    if a.label == "Organization" and b.label == "Country":
        return False  # "Dewan Keamanan, Inggris …": a body and a country side by side are a list
    if _first(toks, b) in small and (a.label == "City" or _first(toks, a) in units | small):
        return False  # "Jakarta, Jalan …": the order is not an address
    if a.label == "City" and b.label == "Place" and _first(toks, b) not in units and link != "comma":
        return False
    if link == "adjacent" and a.label == "Place" and b.label == "Place" and _first(toks, b) not in units:
        return False  # "Jalan Kemenangan III Petak Sembilan": probably one name the recognizer split
    return True


def located(toks: list[str], actors: list[Actor]) -> list[Located]:
    """Every `locatedIn` an address chain or "X di Y" states in a sentence (see the module)."""
    found: list[Located] = []
    chain: list[tuple[Actor, str]] = []  # (actor, how it joins the previous one)

    places_at = {a.start for a in actors if a.label in SUBJECTS | OBJECTS}

    def close() -> None:
        end = chain[-1][0].end
        after = [w for w in toks[end : end + 2] if w != ","][:1]
        listed = chain[-1][1] == "comma" and (
            (after and after[0] in _words().conjunctions)  # "Jawa, Bali dan Sumatera"
            or (end < len(toks) and toks[end] == "," and end + 1 in places_at)  # "Korea, Jepang, Cina, …"
        )
        if len(chain) >= 2 and not listed:
            for (a, _), (b, link) in pairwise(chain):
                if _pair_ok(toks, a, b, link):
                    found.append(Located(a, b, f"located.{link}"))
        chain.clear()

    for k, actor in enumerate(actors):
        if chain:
            link = _link(toks, chain[-1][0], actor)
            if link is None or (link == "di" and len(chain) > 1 and chain[-1][1] != "di"):
                close()
            elif chain[-1][0].label in ("Person", "Event", "Country") or actor.label not in OBJECTS:
                close()
            else:
                chain.append((actor, link))
                continue
        preceded = k > 0 and toks[actors[k - 1].end : actor.start] in ([","], ["dan"], ["serta"])
        if actor.label in SUBJECTS and not (preceded and actors[k - 1].label == actor.label):
            chain.append((actor, ""))  # not the second item of a list
    if chain:
        close()
    return found
