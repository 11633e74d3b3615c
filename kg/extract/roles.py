"""Roles from titles: who holds which office, as the words around a name show it.

A title (kg/data/roles.jsonl) heads a phrase that names a body and then a person:

    Ketua DPD Partai Demokrat Jawa Tengah, Rinto Subekti      → leaderOf (role "Ketua")
    Kepala Bidang Humas Polda Jawa Tengah Kombes Pol Djarod   → affiliatedWith (a sub-unit's head)
    Anggota DPR Fraksi Hanura Miryam                          → affiliatedWith DPR, Fraksi Hanura
    Menteri Sosial Khofifah (the body named by the title)     → leaderOf Kementerian Sosial
    Laksamana Muda TNI Wuspo Lukito                           → affiliatedWith TNI (role: the rank)
    Lucky Hakim, anggota DPR                                  → affiliatedWith DPR

These are rules over tokens and entities, not the parse: a title + body + name is where the
dependency parse is weakest (the name hangs on the body), so the rule decides. The head of a
sub-unit ("Kepala Bidang Humas", "Direktur Jenderal Perhubungan Darat") and a deputy ("Wakil …")
are `affiliatedWith` the named body; a title after "mantan", "eks", "bekas" is a past role
(`former`). Each role carries its title as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span

from ..resources import load_json, load_jsonl
from .frames import Actor

__all__ = ["Role", "roles"]

HOLDERS = frozenset({"Organization", "Country", "City", "Place"})
#: words between a name's comma and a title after it
APPOSITION_WORDS = frozenset(
    {"sebagai", "selaku", "yang", "juga", "adalah", "merupakan", "sekaligus", "kini", "saat", "ini"}
)
#: the most words between a title and its body: "Direktur Jenderal Perhubungan Darat"
MAX_TITLE_GAP = 4


@dataclass(frozen=True)
class Role:
    """A person's office in a body, read off a title."""

    person: Actor
    property: str  # leaderOf or affiliatedWith
    body: Actor
    title: str  # as written, without the name or a separately named body
    former: bool
    rule: str


@dataclass(frozen=True)
class _Lexicon:
    titles: dict[tuple[str, ...], str]  # title words (lower case) → property
    bodies: dict[tuple[str, ...], frozenset[str]]  # title words → the entity types it can head
    longest: int
    deputies: frozenset[str]  # "wakil", "plh": the role that follows is not the head's
    former: frozenset[str]
    skip: frozenset[str]  # ranks, honorifics and the like between a body and a name
    tails: frozenset[str]  # words after a rank: "Kombes Pol", "Laksamana Muda", "Kolonel Laut"
    links: frozenset[str]  # "untuk" in "Duta Besar Indonesia untuk Italia"


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    rows = load_jsonl("roles.jsonl")
    titles = {tuple(r["role"].lower().split()): r["property"] for r in rows if not r.get("deputy")}
    deputies = frozenset(r["role"].lower() for r in rows if r.get("deputy"))
    bodies = {tuple(r["role"].lower().split()): frozenset(r.get("bodies") or ("Organization", "Country")) for r in rows}
    names = load_json("names.json")
    skip = {w.lower().rstrip(".") for w in [*names["honorifics"], *names["ranks"]]}
    data = load_json("modality.json")
    return _Lexicon(
        titles,
        bodies,
        max(len(t) for t in titles),
        deputies,
        frozenset(data.get("former_before", ())),
        frozenset(skip),
        frozenset({"pol", "polisi", "muda", "madya", "utama", "pertama", "laut", "udara", "darat", "besar"}),
        frozenset({"untuk", "di"}),
    )


def _title_at(toks: list[str], texts: list[str], end: int, lex: _Lexicon) -> tuple[int, int, str] | None:
    """The title phrase ending at `end` (exclusive): (start, length of the title words, property).
    The title's own words come first; up to MAX_TITLE_GAP capitalised words of a sub-unit may
    follow it ("Kepala Bidang Humas"). The phrase that starts first wins, then the longest title."""
    best: tuple[int, int, str] | None = None
    if end >= 3 and toks[end - 1] == ")" and toks[end - 3] == "(":
        end -= 3  # "Duta Besar (Dubes) Indonesia": the title's short form between
    for gap in range(0, MAX_TITLE_GAP + 1):
        stop = end - gap
        if stop < end and not _subunit(texts, stop, end):
            break
        for n in range(min(lex.longest, stop), 0, -1):
            words = tuple(toks[stop - n : stop])
            if words in lex.titles and (best is None or stop - n < best[0]):
                best = (stop - n, n, lex.titles[words])
                break
    return best


def _subunit(texts: list[str], start: int, end: int) -> bool:
    """Words between a title and its body that name a sub-unit: capitalised, no punctuation but a
    short form in brackets ("Atase Pertahanan (Athan)")."""
    words = [t.strip() for t in texts[start:end]]
    if len(words) >= 3 and words[-1] == ")" and words[-3] == "(":
        words = words[:-3]
    return all(t[:1].isupper() and t.isalpha() for t in words)


def roles(
    sent: Span,
    actors: list[Actor],
    offices: Mapping[str, tuple[tuple[str, str], ...]] | None = None,
    named: frozenset[str] = frozenset(),
) -> list[Role]:
    """Every role a title states in the sentence (see the module's docstring). `offices`: what the
    gazetteer knows a person holds (key → (role, body key)): a title with no body before such a
    person ("Presiden Joko Widodo") gives that office's body when the article names it (`named`)."""
    lex = _lexicon()
    toks = [t.lower_ for t in sent]
    texts = [t.text_with_ws for t in sent]  # joined, they give the title as written
    by_end = {a.end: a for a in actors if a.label in HOLDERS}
    found: list[Role] = []
    for p in actors:
        if p.label != "Person" or p.ref:
            continue
        before = _before(p, toks, texts, by_end, lex)
        if not before and offices and p.key in offices:
            before = _known_office(p, toks, texts, offices[p.key], named, lex)
        found.extend(before)
        found.extend(_after(p, toks, texts, actors, lex))
    return found


def _before(p: Actor, toks: list[str], texts: list[str], by_end: dict[int, Actor], lex: _Lexicon) -> list[Role]:
    """Title, bodies and ranks before the name: "Ketua KPU Makassar, Andi …"."""
    i = p.start
    forces: list[Actor] = []
    while i > 0:
        if i in by_end and _rank_before(toks, by_end[i].start, lex):
            forces.append(by_end[i])  # "Laksamana Muda TNI Wuspo": the force between rank and name
            i = by_end[i].start
        elif i not in by_end and (toks[i - 1] in lex.skip or toks[i - 1] == "," or _tail(toks, i - 1, lex)):
            i -= 1
        elif i >= 3 and toks[i - 1] == ")" and toks[i - 3] == "(" and i - 1 not in by_end:
            i -= 3  # "Kolonel Laut (P)"
        else:
            break
    inner = {t for f in forces for t in range(f.start, f.end)}
    rank = "".join(texts[t] for t in range(i, p.start) if t not in inner).strip(" ,")
    bodies: list[Actor] = []
    j = i
    if j >= 1 and toks[j - 1] == ")" and j - 1 in by_end and by_end[j - 1].start >= 1:
        j = by_end[j - 1].start - 1  # "Advokat Cinta Tanah Air (ACTA) Habiburokhman"
    while j in by_end:
        body = by_end[j]
        bodies.insert(0, body)
        j = body.start
        if j >= 2 and toks[j - 1] in lex.links and j - 1 in by_end:
            j -= 1  # "Duta Besar Indonesia untuk Italia": the first body holds the office
            bodies.pop(0)
    found: list[Role] = []
    for force in forces:
        if force.label == "Organization" and rank:
            found.append(Role(p, "affiliatedWith", force, rank, _former(toks, i, lex), "title.rank"))
    if not bodies:
        return found
    first = bodies[0]
    title = _title_at(toks, texts, first.start, lex)
    named = next(
        (
            lex.titles[w]
            for n in range(first.end - first.start, 0, -1)
            if (w := tuple(toks[first.start : first.start + n])) in lex.titles
        ),
        None,
    )
    if title is None and named is not None:
        # the body is named by the title itself ("Menteri Sosial"): its head is its leader; not
        # when a country follows ("Menteri Luar Negeri Rusia"): that ministry is another one
        if any(b.label == "Country" for b in bodies[1:]):
            return found
        prop = _deputy(toks, first.start, lex) or named
        return [
            *found,
            Role(
                p,
                prop,
                first,
                "".join(texts[first.start : first.end]).strip(),
                _former(toks, first.start, lex),
                "title.body",
            ),
        ]
    if title is None:
        return found
    start, n, prop = title
    kinds = lex.bodies[tuple(toks[start : start + n])]
    if not _subunit(texts, start + n, first.start):
        return found
    if start + n < first.start:
        prop = "affiliatedWith"  # the head of a sub-unit is not the body's head
    prop = _deputy(toks, start, lex) or prop
    if start > 0 and toks[start - 1] in lex.deputies:
        start -= 1
    words = "".join(texts[start : first.start]).strip(" ,")
    former = _former(toks, start, lex)
    if any(b.label == "Organization" for b in bodies):
        bodies = [b for b in bodies if b.label == "Organization"]  # "Ketua MPR RI": the body, not its country
    for body in bodies if prop == "affiliatedWith" else bodies[:1]:
        if body.label not in kinds:
            continue
        found.append(Role(p, prop, body, words, former, "title.before"))
    return found


def _known_office(
    p: Actor, toks: list[str], texts: list[str], held: tuple[tuple[str, str], ...], named: frozenset[str], lex: _Lexicon
) -> list[Role]:
    """ "Presiden Joko Widodo" with no body named: the body of the gazetteer's office of that title."""
    i = p.start
    while i > 0 and (toks[i - 1] in lex.skip or _tail(toks, i - 1, lex)):
        i -= 1
    title = _title_at(toks, texts, i, lex)
    if title is None or title[0] + title[1] != i:
        return []
    start, n, prop = title
    words = " ".join(toks[start : start + n])
    if start > 0 and toks[start - 1] in lex.deputies:
        return []  # "Wakil Presiden X": the gazetteer's office is the head's
    for role, of in held:
        if role.lower() == words and of in named:
            label = "Country" if of.startswith("country/") else "Organization"
            body = Actor(-1, -1, of, label)
            return [Role(p, prop, body, "".join(texts[start:i]).strip(" ,"), _former(toks, start, lex), "title.office")]
    return []


def _after(p: Actor, toks: list[str], texts: list[str], actors: list[Actor], lex: _Lexicon) -> list[Role]:
    """A title in apposition after the name: "Lucky Hakim, anggota DPR"."""
    k = p.end
    if k + 2 < len(toks) and toks[k] == "(" and toks[k + 2] == ")" and toks[k + 1].isdigit():
        k += 3  # "Suwandi (17), pegawai Dinas …": an age
    if k >= len(toks) or toks[k] != ",":
        return []
    k += 1
    while k < len(toks) and toks[k] in APPOSITION_WORDS:
        k += 1  # "X, yang juga Ketua …", "X, sebagai anggota …"
    starts = {a.start: a for a in actors if a.label in HOLDERS}
    people = {a.start for a in actors if a.label == "Person"}
    for end in range(k + 1, min(len(toks), k + lex.longest + MAX_TITLE_GAP + 1) + 1):
        body = starts.get(end)
        if body is None:
            continue
        title = _title_at(toks, texts, end, lex)
        if title is None or title[0] != k or not _subunit(texts, title[0] + title[1], end):
            continue
        start, n, prop = title
        after = body.end
        while after < len(toks) and (toks[after] in lex.skip or toks[after] == ","):
            after += 1
        if after in people:
            return []  # "Ahmad Muzani, Ketua DPR Puan …": the title is the next person's
        prop = _deputy(toks, start, lex) or ("affiliatedWith" if start + n < end else prop)
        if body.label not in lex.bodies[tuple(toks[start : start + n])]:
            return []
        words = "".join(texts[k:end]).strip(" ,")
        return [Role(p, prop, body, words, _former(toks, start, lex) or toks[k] in lex.former, "title.after")]
    return []


def _tail(toks: list[str], at: int, lex: _Lexicon) -> bool:
    """A word that follows a rank ("Muda" in "Laksamana Muda"), seen right after one."""
    return toks[at] in lex.tails and at > 0 and (toks[at - 1] in lex.skip or _tail(toks, at - 1, lex))


def _rank_before(toks: list[str], at: int, lex: _Lexicon) -> bool:
    return at > 0 and (toks[at - 1] in lex.skip or _tail(toks, at - 1, lex))


def _deputy(toks: list[str], start: int, lex: _Lexicon) -> str | None:
    return "affiliatedWith" if start > 0 and toks[start - 1] in lex.deputies else None


def _former(toks: list[str], start: int, lex: _Lexicon) -> bool:
    return any(t in lex.former for t in toks[max(0, start - 2) : start])
