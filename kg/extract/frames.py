"""Relation frames and the lexicons around them, read from the package's data files.

- kg/data/relations.jsonl: one frame per line: a property, trigger phrases, and where each
  argument stands (see `Arg`); `load_frames` checks every property against the ontology.
- kg/data/roles.jsonl: titles that state a fact ("Presiden" → leaderOf), read by kg.extract.roles;
  `title_spans` marks where they stand, so that a title's country is no actor.
- kg/data/modality.json: words before a trigger that block it or make it "denied"/"alleged".

Adding a verb or a title is a data change; `kg.relations` applies what is loaded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import ResourceError
from ..resources import load_json, load_jsonl

__all__ = [
    "Arg",
    "Frame",
    "Actor",
    "DATE_ARG",
    "load_frames",
    "modality_at",
    "report_markers",
    "title_spans",
    "title_ending_at",
    "is_question",
]


@dataclass(frozen=True)
class Arg:
    """Where one argument of a frame stands."""

    side: str  # "left", "right", "date" (the sentence's date) or "previous" (see `property`)
    types: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()  # right side: the argument follows one of these markers
    before: frozenset[str] = frozenset()  # right side: the argument ends before one of these
    max_gap: int = 10
    fallback: str = ""  # "pair": none found, the two who met in the sentence or "antara X dan Y"
    antecedent: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())  # (cues, markers):
    # none found, the X of "sanksi … terhadap X" in the sentences before
    property: str = ""  # side "previous": the subject of the last fact of this property
    starts: frozenset[str] = frozenset()  # the argument's first word is one of these ("Universitas …")
    within: int = 12  # right side with `after`: how far after the trigger the marker may be
    deps: frozenset[str] = frozenset()  # its dependency slots ("nsubj", "obl"); none: from `side` (kg.grammar)
    case: frozenset[str] = frozenset()  # an oblique slot's preposition ("kepada")


@dataclass(frozen=True)
class Frame:
    """One relation pattern."""

    id: str
    property: str
    triggers: tuple[tuple[str, ...], ...]
    subject: Arg | None = None
    object: Arg | None = None
    pair: str | None = None  # "left"/"right": subject and object are a coordinated pair; "list": every two
    # members of the list after (or before) the trigger ("koalisi X, Y, dan Z")
    pair_types: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()
    symmetric: bool = False
    confidence: float = 0.8
    dated: bool = True  # False: a lasting relation ("X di Y"), not an event with a date
    future_ok: bool = False  # True: a future time after it is not a plan ("mengundang X … tahun depan")
    date_facts: tuple[tuple[str, str], ...] = ()  # (property, "object"/"subject"): the date as a value
    companions: tuple[tuple[str, ...], ...] = ()  # "X bergabung dengan Y dalam …": X acts too
    grammar: bool = True  # False: the token window alone finds the arguments (it measured better)
    not_followed_by: frozenset[str] = (
        frozenset()
    )  # "mengajak X untuk …" is urging: no fact when the object is followed by one
    unless: tuple[tuple[str, ...], ...] = ()  # phrases at the trigger that make it another verb ("meminta maaf")
    penalty: bool = False  # sentenced: read the penalty after the trigger ("5 tahun penjara"), bk:penalty
    role_after: frozenset[str] = frozenset()  # the office is named after one of these ("melantik X sebagai …")
    role_between: bool = False  # the office stands between trigger and object ("terpilih sebagai Ketua Umum X"),
    # and the object may be the body inside that title


@dataclass(frozen=True)
class Actor:
    """An entity (or reference, or treaty) as an argument: token offsets within its sentence."""

    start: int  # token offsets within the sentence
    end: int
    key: str
    label: str
    ref: bool = False  # a reference resolved by kg.coref ("kedua negara"): never part of a list


SIDES = ("left", "right", "date", "previous")


DATE_ARG = Actor(-1, -1, "", "Date")  # stands for "the sentence's date" while arguments are found


def _arg(spec: dict, frame_id: str) -> Arg:
    if spec.get("side") not in SIDES:
        raise ResourceError(f"Relation frame {frame_id}: side must be one of {', '.join(SIDES)}.")
    ante = spec.get("antecedent", {})
    return Arg(
        side=spec["side"],
        types=frozenset(spec.get("types", ())),
        after=frozenset(w.lower() for w in spec.get("after", ())),
        before=frozenset(w.lower() for w in spec.get("before", ())),
        max_gap=int(spec.get("max_gap", 10)),
        fallback=spec.get("fallback", ""),
        antecedent=(frozenset(ante.get("cues", ())), frozenset(ante.get("markers", ()))),
        property=spec.get("property", ""),
        starts=frozenset(w.lower() for w in spec.get("starts", ())),
        within=int(spec.get("within", 12)),
        deps=frozenset(spec.get("deps", ())),
        case=frozenset(w.lower() for w in spec.get("case", ())),
    )


@lru_cache(maxsize=1)
def load_frames() -> tuple[Frame, ...]:
    """The relation frames of kg/data/relations.jsonl."""
    from ..vocab import BK

    frames = []
    for row in load_jsonl("relations.jsonl"):
        fid = row.get("id", "?")
        try:
            BK[row["property"]]
        except (KeyError, AttributeError) as exc:
            raise ResourceError(
                f"Relation frame {fid}: unknown property {row.get('property')!r}: "
                "add it to the ontology and kg/vocab.py first."
            ) from exc
        pair = row.get("pair")
        if pair is None and not (row.get("subject") and row.get("object")):
            raise ResourceError(f"Relation frame {fid}: give 'subject' and 'object', or 'pair'.")
        frames.append(
            Frame(
                id=fid,
                property=row["property"],
                triggers=tuple(sorted({tuple(t.lower().split()) for t in row["trigger"]}, key=lambda t: (-len(t), t))),
                subject=_arg(row["subject"], fid) if pair is None else None,
                object=_arg(row["object"], fid) if row.get("object") else None,
                pair=pair,
                pair_types=frozenset(row.get("types", ())),
                requires=frozenset(w.lower() for w in row.get("requires", ())),
                symmetric=bool(row.get("symmetric", False)),
                confidence=float(row.get("confidence", 0.8)),
                dated=bool(row.get("dated", True)),
                future_ok=bool(row.get("future_ok", False)),
                date_facts=tuple((d["property"], d.get("of", "object")) for d in row.get("date_facts", ())),
                companions=tuple(tuple(c.lower().split()) for c in row.get("companions", ())),
                grammar=bool(row.get("grammar", True)),
                not_followed_by=frozenset(w.lower() for w in row.get("not_followed_by", ())),
                unless=tuple(tuple(p.lower().split()) for p in row.get("unless", ())),
                penalty=bool(row.get("penalty", False)),
                role_after=frozenset(w.lower() for w in row.get("role_after", ())),
                role_between=bool(row.get("role_between", False)),
            )
        )
    # frames that fall back on other facts of the sentence run after those facts are found
    return tuple(sorted(frames, key=lambda f: bool(f.subject and f.subject.fallback)))


@lru_cache(maxsize=1)
def _roles() -> tuple[tuple[tuple[str, ...], str], ...]:
    rows = [(tuple(r["role"].lower().split()), r["property"]) for r in load_jsonl("roles.jsonl")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@dataclass(frozen=True)
class _Modality:
    window: int
    block: frozenset[str]
    deny: frozenset[str]
    allege: frozenset[str]
    allege_window: int
    attribution: frozenset[str]
    report: frozenset[str]
    after: tuple[tuple[str, ...], ...]
    after_window: int


@lru_cache(maxsize=1)
def _modality() -> _Modality:
    data = load_json("modality.json")
    return _Modality(
        int(data["window"]),
        frozenset(data["block_before"]),
        frozenset(data["deny_before"]),
        frozenset(data["allege_before"]),
        int(data["allege_window"]),
        frozenset(data["attribution_before"]),
        frozenset(data["report_markers"]),
        tuple(tuple(p.split()) for p in data["block_after"]),
        int(data["after_window"]),
    )


@lru_cache(maxsize=1)
def _title_words() -> tuple[tuple[str, ...], ...]:
    """Every title a name can follow: roles.jsonl and the entity rules' extra titles."""
    extra = load_json("entity_rules.json").get("titles_extra", ())
    found = {r for r, _ in _roles()} | {tuple(t.lower().split()) for t in extra}
    return tuple(sorted(found, key=lambda t: -len(t)))


def title_ending_at(toks: list[str], end: int) -> int:
    """The length of the title ending at `end`, or 0."""
    return next((len(t) for t in _title_words() if end - len(t) >= 0 and tuple(toks[end - len(t) : end]) == t), 0)


def _role_ending_at(toks: list[str], end: int) -> tuple[tuple[str, ...], str] | None:
    for role, prop in _roles():
        if end - len(role) >= 0 and tuple(toks[end - len(role) : end]) == role:
            return role, prop
    return None


def _role_starting_at(toks: list[str], start: int) -> tuple[tuple[str, ...], str] | None:
    for role, prop in _roles():
        if tuple(toks[start : start + len(role)]) == role:
            return role, prop
    return None


def title_spans(toks: list[str], actors: list[Actor]) -> tuple[set[int], set[int]]:
    """The indices of title-internal actors ("Presiden Rusia" names a person, not the country
    acting) and the token positions of titles, which do not count as a gap. The roles the titles
    state are read by kg.extract.roles."""
    inside: set[int] = set()
    covered: set[int] = set()
    holders = ("Country", "Organization")
    for ci, c in enumerate(actors):
        if c.label not in holders:
            continue
        role = _role_ending_at(toks, c.start)
        if role is not None:
            inside.add(ci)
            covered.update(range(c.start - len(role[0]), c.end))
    for p in actors:  # any other title before a name ("Gubernur Jawa Timur Khofifah") is no gap
        if p.label != "Person":
            continue
        holder = next((n for n, a in enumerate(actors) if a.end == p.start and a.label != "Person"), None)
        at = actors[holder].start if holder is not None else p.start
        title = title_ending_at(toks, at)
        if title:
            covered.update(range(at - title, p.start))
            if holder is not None:
                inside.add(holder)
    for p in actors:  # "Putin, Presiden Rusia": the country is inside the apposed title
        if p.label != "Person" or p.end >= len(toks) or toks[p.end] != ",":
            continue
        k = p.end + 1
        if k < len(toks) and toks[k] in ("sebagai", "selaku"):
            k += 1
        role = _role_starting_at(toks, k)
        if role is None:
            continue
        for ci, c in enumerate(actors):
            if (
                c.start == k + len(role[0])
                and c.label in holders
                and (role[1] != "affiliatedWith" or c.label == "Organization")
            ):
                inside.add(ci)
    return inside, covered


def is_question(toks: list[str]) -> bool:
    """A question states no event: "Apakah X bertemu Y?"."""
    words = [t for t in toks if t.strip()]
    return bool(words) and (words[-1] == "?" or words[0] in _question_words())


@lru_cache(maxsize=1)
def _question_words() -> frozenset[str]:
    return frozenset(load_json("modality.json").get("question_words", ()))


def report_markers() -> frozenset[str]:
    """Words after which a date dates the report, not the fact ("kata X pada Jumat")."""
    return _modality().report


def _future_after(toks: list[str], j: int, m: _Modality) -> bool:
    window = toks[j : j + m.after_window]
    return any(tuple(window[k : k + len(p)]) == p for p in m.after for k in range(len(window)))


def modality_at(toks: list[str], i: int, governments: frozenset[int] = frozenset(), j: int | None = None) -> str | None:
    """What the words before a trigger make of it: None (negated or not happened: no fact),
    "denied", "alleged" or "asserted". `governments`: token positions where a country (or its
    capital) is named: "menurut Seoul, …" is that government's claim, so "alleged". `j`: the
    trigger's end; a future time after it ("… pekan depan") makes it a plan."""
    m = _modality()
    near = toks[max(0, i - m.window) : i]
    if m.block.intersection(near) or (j is not None and _future_after(toks, j, m)):
        return None
    if m.deny.intersection(near):
        return "denied"
    if m.allege.intersection(toks[max(0, i - m.allege_window) : i]):
        return "alleged"
    if any(0 < g <= i and toks[g - 1] in m.attribution for g in governments):  # per government, not per word
        return "alleged"
    return "asserted"
