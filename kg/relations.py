"""Facts from sentences: relation frames kept as data, applied to a spaCy `Doc`.

A frame (kg/data/relations.jsonl) names a property, trigger phrases, and where its arguments
stand relative to the trigger: the nearest entity of the right type to the left, the first one
to the right (optionally after a marker such as "kepada", or before one), or a coordinated pair
("X dan Y bertemu", "pertemuan antara X dan Y"). Titles ("Presiden Rusia Vladimir Putin") give
`leaderOf`/`affiliatedWith` from kg/data/roles.jsonl, and the country inside a title is not an
actor. Negations, plans and invitations before a trigger (kg/data/modality.json) block a fact.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from .errors import ResourceError
from .gazetteer import entity_key, slug
from .model import DateValue, Fact
from .resources import load_json, load_jsonl

__all__ = ["Arg", "Frame", "load_frames", "extract_facts"]

TITLE_CONFIDENCE = 0.9
APPOSITION_CONFIDENCE = 0.8
PAIR_JOINERS = frozenset({"dan", "dengan", ","})


@dataclass(frozen=True)
class Arg:
    """Where one argument of a frame stands."""

    side: str  # "left" or "right"
    types: frozenset[str]
    after: frozenset[str] = frozenset()  # right side: the argument follows one of these markers
    before: frozenset[str] = frozenset()  # right side: the argument ends before one of these
    max_gap: int = 10


@dataclass(frozen=True)
class Frame:
    """One relation pattern."""

    id: str
    property: str
    triggers: tuple[tuple[str, ...], ...]
    subject: Arg | None = None
    object: Arg | None = None
    pair: str | None = None  # "left" or "right": subject and object are a coordinated pair
    pair_types: frozenset[str] = frozenset()
    requires: frozenset[str] = frozenset()
    symmetric: bool = False
    confidence: float = 0.8


@dataclass(frozen=True)
class _Actor:
    start: int  # token offsets within the sentence
    end: int
    key: str
    label: str


def _arg(spec: dict, frame_id: str) -> Arg:
    if spec.get("side") not in ("left", "right"):
        raise ResourceError(f"Relation frame {frame_id}: side must be 'left' or 'right'.")
    return Arg(side=spec["side"], types=frozenset(spec["types"]),
               after=frozenset(w.lower() for w in spec.get("after", ())),
               before=frozenset(w.lower() for w in spec.get("before", ())),
               max_gap=int(spec.get("max_gap", 10)))


@lru_cache(maxsize=1)
def load_frames() -> tuple[Frame, ...]:
    """The relation frames of kg/data/relations.jsonl."""
    from .vocab import BK

    frames = []
    for row in load_jsonl("relations.jsonl"):
        fid = row.get("id", "?")
        try:
            BK[row["property"]]
        except (KeyError, AttributeError) as exc:
            raise ResourceError(f"Relation frame {fid}: unknown property {row.get('property')!r}: "
                                "add it to the ontology and kg/vocab.py first.") from exc
        pair = row.get("pair")
        if pair is None and not (row.get("subject") and row.get("object")):
            raise ResourceError(f"Relation frame {fid}: give 'subject' and 'object', or 'pair'.")
        frames.append(Frame(
            id=fid, property=row["property"],
            triggers=tuple(sorted({tuple(t.lower().split()) for t in row["trigger"]}, key=lambda t: (-len(t), t))),
            subject=_arg(row["subject"], fid) if pair is None else None,
            object=_arg(row["object"], fid) if pair is None else None,
            pair=pair, pair_types=frozenset(row.get("types", ())),
            requires=frozenset(w.lower() for w in row.get("requires", ())),
            symmetric=bool(row.get("symmetric", False)), confidence=float(row.get("confidence", 0.8)),
        ))
    return tuple(frames)


@lru_cache(maxsize=1)
def _roles() -> tuple[tuple[tuple[str, ...], str], ...]:
    rows = [(tuple(r["role"].lower().split()), r["property"]) for r in load_jsonl("roles.jsonl")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def _modality() -> tuple[int, frozenset[str], frozenset[str]]:
    data = load_json("modality.json")
    return int(data["window"]), frozenset(data["block_before"]), frozenset(data["report_markers"])


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


def _titles(toks: list[str], actors: list[_Actor]) -> tuple[list[tuple[_Actor, str, _Actor, str]], set[int], set[int]]:
    """Facts from titles: (person, property, country/org, rule id); the indices of title-internal
    actors; and the token positions of titles ("Presiden Rusia"), which do not count as a gap."""
    found: list[tuple[_Actor, str, _Actor, str]] = []
    inside: set[int] = set()
    covered: set[int] = set()
    holders = ("Country", "Organization")
    for ci, c in enumerate(actors):
        if c.label not in holders:
            continue
        role = _role_ending_at(toks, c.start)
        if role is None:
            continue
        inside.add(ci)  # "presiden Rusia" names a person, not the country acting
        covered.update(range(c.start - len(role[0]), c.end))
        nxt = actors[ci + 1] if ci + 1 < len(actors) else None
        if nxt and nxt.label == "Person" and (nxt.start == c.end or (nxt.start == c.end + 1 and toks[c.end] == ",")):
            found.append((nxt, role[1], c, f"title.{slug(' '.join(role[0]))}"))
    for pi, p in enumerate(actors):
        if p.label != "Person" or p.end >= len(toks) or toks[p.end] != ",":
            continue
        k = p.end + 1
        if k < len(toks) and toks[k] in ("sebagai", "selaku"):
            k += 1
        role = _role_starting_at(toks, k)
        if role is None:
            continue
        for ci, c in enumerate(actors):
            if c.start == k + len(role[0]) and c.label in holders:
                inside.add(ci)
                found.append((p, role[1], c, f"title.{slug(' '.join(role[0]))}"))
    return found, inside, covered


def _left(actors: list[_Actor], pos: int, arg: Arg) -> _Actor | None:
    best = None
    for a in actors:
        if a.end <= pos and a.label in arg.types and pos - a.end <= arg.max_gap:
            best = a if best is None or a.end > best.end else best
    return best


def _right(toks: list[str], actors: list[_Actor], pos: int, arg: Arg, skip: set[int]) -> _Actor | None:
    start = pos
    if arg.after:
        marks = [k for k in range(pos, min(len(toks), pos + 12)) if toks[k] in arg.after]
        if not marks:
            return None
        start = marks[0] + 1
    limit = len(toks)
    if arg.before:
        marks = [k for k in range(pos, len(toks)) if toks[k] in arg.before]
        limit = marks[0] if marks else pos
    for a in sorted(actors, key=lambda a: a.start):
        if a.start >= start and a.end <= limit and a.label in arg.types:
            gap = sum(1 for k in range(start, a.start) if k not in skip)
            return a if gap <= arg.max_gap else None
    return None


def _pair(toks: list[str], actors: list[_Actor], i: int, j: int, frame: Frame) -> tuple[_Actor, _Actor] | None:
    typed = [a for a in sorted(actors, key=lambda a: a.start) if a.label in frame.pair_types]
    if frame.pair == "left":
        before = [a for a in typed if a.end <= i]
        if len(before) < 2 or i - before[-1].end > 10:
            return None
        a, b = before[-2], before[-1]
    else:
        after = [a for a in typed if a.start >= j]
        if len(after) < 2 or after[0].start - j > 2:
            return None
        a, b = after[0], after[1]
    between = toks[a.end : b.start]
    if len(between) > 6 or not PAIR_JOINERS.intersection(between) or a.key == b.key:
        return None
    return a, b


def _sentence_dates(doc: Doc, sent: Span) -> list[tuple[int, DateValue]]:
    """Dates in a sentence with their token offset; dates of a report ("kata X pada Jumat") left out."""
    _, _, report = _modality()
    out = []
    for dm in doc._.dates or ():
        if not (sent.start_char <= dm.start < sent.end_char):
            continue
        span = doc.char_span(dm.start, dm.end, alignment_mode="expand")
        if span is None:
            continue
        before = {t.lower_ for t in doc[max(sent.start, span.start - 6) : span.start]}
        if report & before:
            continue
        out.append((span.start - sent.start, dm.value))
    return out


def _blocked(toks: list[str], i: int) -> bool:
    window, block, _ = _modality()
    return bool(block.intersection(toks[max(0, i - window) : i]))


def _triggers(toks: list[str], frame: Frame) -> list[tuple[int, int]]:
    """(start, end) of trigger matches, the longest trigger winning at each start."""
    hits = []
    for i in range(len(toks)):
        for trig in frame.triggers:  # longest first
            if tuple(toks[i : i + len(trig)]) == trig:
                hits.append((i, i + len(trig)))
                break
    return hits


def _coordinated(toks: list[str], actors: list[_Actor], actor: _Actor, arg: Arg) -> list[_Actor]:
    """The actor and those listed with it ("Amerika Serikat dan Korea Selatan menuduh …",
    "… mengirim surat kepada Putin dan Xi"), outward from the trigger."""
    out = [actor]
    n = actors.index(actor)
    step = -1 if arg.side == "left" else 1
    while 0 <= n + step < len(actors):
        nxt, cur = actors[n + step], actors[n]
        between = toks[nxt.end:cur.start] if step < 0 else toks[cur.end:nxt.start]
        if nxt.label not in arg.types or between not in (["dan"], [","], ["serta"], [",", "dan"]):
            break
        if between == [","] and {cur.label, nxt.label} & {"City", "Place"} and "Country" in (cur.label, nxt.label):
            break  # "Vladivostok, Rusia" is a place and its country, not a list
        out.append(nxt)
        n += step
    return out


def extract_facts(doc: Doc, article_id: str) -> list[Fact]:
    """Every fact the frames find in `doc`, deduplicated, in text order."""
    facts: dict[tuple, Fact] = {}

    def add(s: _Actor, prop: str, o: _Actor, rule: str, conf: float, sent: Span, date: DateValue | None) -> None:
        if s.key == o.key:
            return
        fact = Fact(subject=s.key, predicate=prop, object=o.key, article_id=article_id, evidence=sent.text.strip(),
                    extractor=f"rule:{rule}", confidence=conf, date=date)
        key = (fact.subject, prop, fact.object, date, sent.start)
        if key not in facts or facts[key].confidence < conf:
            facts[key] = fact

    for sent in doc.sents:
        toks = [t.lower_ for t in sent]
        actors = [_Actor(e.start - sent.start, e.end - sent.start, e.ent_id_ or entity_key(e.label_, e.text), e.label_)
                  for e in sent.ents]
        titles, inside, covered = _titles(toks, actors)
        for person, prop, holder, rule in titles:
            add(person, prop, holder, rule, TITLE_CONFIDENCE, sent, None)
        free = [a for n, a in enumerate(actors) if n not in inside]
        for n, a in enumerate(free[:-1]):  # "Vladivostok, Rusia": a city and its country
            b = free[n + 1]
            if a.label in ("City", "Place") and b.label == "Country" and toks[a.end : b.start] == [","]:
                add(a, "locatedIn", b, "located.apposition", APPOSITION_CONFIDENCE, sent, None)
        dates = _sentence_dates(doc, sent)
        for frame in load_frames():
            for i, j in _triggers(toks, frame):
                if _blocked(toks, i):
                    continue
                if frame.pair:
                    pair = _pair(toks, free, i, j, frame)
                    if pair is None:
                        continue
                    subj, obj = pair
                else:
                    assert frame.subject is not None and frame.object is not None
                    find = lambda arg: _left(free, i, arg) if arg.side == "left" else _right(toks, free, j, arg, covered)  # noqa: E731
                    subj, obj = find(frame.subject), find(frame.object)
                    if subj is None or obj is None:
                        continue
                if frame.requires:
                    lo, hi = max(0, min(i, subj.start, obj.start) - 4), max(j, obj.end, subj.end)
                    if not frame.requires.intersection(toks[lo:hi]):
                        continue
                date = min(dates, key=lambda d: abs(d[0] - i))[1] if dates else None
                subjects = [subj] if frame.pair else _coordinated(toks, free, subj, frame.subject)
                objects = [obj] if frame.pair else _coordinated(toks, free, obj, frame.object)
                for s_ in subjects:
                    for o_ in objects:
                        add(s_, frame.property, o_, frame.id, frame.confidence, sent, date)
                        if frame.symmetric:
                            add(o_, frame.property, s_, frame.id, frame.confidence, sent, date)
    return sorted(facts.values(), key=lambda f: (f.evidence, f.predicate, f.subject, f.object))
