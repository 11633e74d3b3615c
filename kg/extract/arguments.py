"""The arguments of a relation frame's trigger in a sentence: who stands left or right of it,
coordinated lists ("X dan Y"), pairs ("antara X dan Y"), members named after a plural
("para pemimpin … salah satunya X"), and antecedents in the sentences before.

`kg.extract.relations` finds the triggers and calls `arguments` for each match.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Span

from ..model import Fact
from ..resources import load_json
from .frames import DATE_ARG, Actor, Arg, Frame
from .grammar import grammar_actors, has_parse, trigger_head

__all__ = ["arguments", "PAIR_JOINERS", "AUXILIARIES"]

PAIR_JOINERS = frozenset({"dan", "dengan", ","})
AUXILIARIES = frozenset({"telah", "sudah", "juga", "pun", "kembali", "akhirnya"})
#: the words between two coordinated arguments ("X, Y, dan Z", "X serta Y")
COORDINATION = (["dan"], [","], ["serta"], [",", "dan"])
#: the same between the members of a list after "koalisi" and the like, which also joins with ", serta"
LIST_JOINS = (*COORDINATION, [",", "serta"])
#: read a verb trigger's arguments off the dependency parse first (kg.grammar); a switch for measuring
USE_GRAMMAR = True


def _left(actors: list[Actor], pos: int, arg: Arg, toks: list[str] | None = None) -> Actor | None:
    best = None
    for a in actors:
        if a.end <= pos and a.label in arg.types and pos - a.end <= arg.max_gap:
            best = a if best is None or a.end > best.end else best
    if best is not None and arg.starts and (toks is None or toks[best.start] not in arg.starts):
        return None
    return best


def _right(toks: list[str], actors: list[Actor], pos: int, arg: Arg, skip: set[int]) -> Actor | None:
    start = pos
    if arg.after:
        # the marker may close the trigger itself ("ditandatangani oleh")
        marks = [k for k in range(max(0, pos - 1), min(len(toks), pos + arg.within)) if toks[k] in arg.after]
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


def _pair(toks: list[str], actors: list[Actor], i: int, j: int, frame: Frame) -> tuple[Actor, Actor] | None:
    typed = [a for a in sorted(actors, key=lambda a: a.start) if a.label in frame.pair_types]
    if frame.pair == "left":
        before = [a for a in typed if a.end <= i]
        if len(before) < 2 or i - before[-1].end > 10:
            return None
        a, b = before[-2], before[-1]
        if (a.start, a.end) == (b.start, b.end):  # "kedua pemimpin": one phrase, two people
            return (a, b) if a.key != b.key else None
    else:
        after = [a for a in typed if a.start >= j]
        if len(after) < 2 or after[0].start - j > 2:
            return None
        a, b = after[0], after[1]
        if (a.start, a.end) == (b.start, b.end):  # "pertemuan antara kedua pemimpin"
            return (a, b) if a.key != b.key else None
    between = toks[a.end : b.start]
    if len(between) > 6 or not PAIR_JOINERS.intersection(between) or a.key == b.key:
        return None
    return a, b


def _list(toks: list[str], actors: list[Actor], i: int, j: int, frame: Frame) -> list[Actor]:
    """The members of a list right after the trigger ("koalisi Gerindra, PAN, dan PKS"), else right
    before it ("PPP, Golkar dan Demokrat berkoalisi"); a short form in brackets after a member is
    that member. Fewer than two is no list."""
    typed = [
        a
        for a in sorted(actors, key=lambda a: a.start)
        if a.label in frame.pair_types and not a.ref and not (a.start > 0 and toks[a.start - 1] == "(")
    ]

    def joined(a: Actor, b: Actor) -> bool:
        words = toks[a.end : b.start]
        if words[:1] == ["("] and ")" in words:
            words = words[words.index(")") + 1 :]
        return words in LIST_JOINS

    after = [n for n, a in enumerate(typed) if a.start >= j and a.start - j <= 2]
    before = [n for n, a in enumerate(typed) if a.end <= i and i - a.end <= 3]
    members: list[Actor] = []
    if after:
        n = after[0]
        members = [typed[n]]
        while n + 1 < len(typed) and joined(typed[n], typed[n + 1]):
            n += 1
            members.append(typed[n])
    elif before:
        n = before[-1]
        members = [typed[n]]
        while n > 0 and joined(typed[n - 1], typed[n]):
            n -= 1
            members.insert(0, typed[n])
    return members if len({a.key for a in members}) >= 2 else []


def _coordinated(toks: list[str], actors: list[Actor], actor: Actor, arg: Arg) -> list[Actor]:
    """The actor and those listed with it ("Amerika Serikat dan Korea Selatan menuduh …",
    "… mengirim surat kepada Putin dan Xi"), outward from the trigger."""
    out = [actor]
    n = actors.index(actor)
    step = -1 if arg.side == "left" else 1
    while 0 <= n + step < len(actors):
        nxt, cur = actors[n + step], actors[n]
        between = toks[nxt.end : cur.start] if step < 0 else toks[cur.end : nxt.start]
        if nxt.ref or cur.ref or nxt.label not in arg.types or between not in COORDINATION:
            break
        if between == [","] and {cur.label, nxt.label} & {"City", "Place"} and "Country" in (cur.label, nxt.label):
            break  # "Vladivostok, Rusia" is a place and its country, not a list
        out.append(nxt)
        n += step
    return out


def _expand(
    toks: list[str], actors: list[Actor], actor: Actor, arg: Arg, companions: tuple[tuple[str, ...], ...]
) -> list[Actor]:
    """Everyone an argument stands for: both referents of "kedua negara", the members of a list,
    and a companion ("Rusia bergabung dengan China dalam menentang …": Russia too)."""
    out: list[Actor] = []
    for a in actors:
        if (a.start, a.end) == (actor.start, actor.end) and a.label in arg.types:
            for b in _coordinated(toks, actors, a, arg):
                if b not in out:
                    out.append(b)
    if companions and arg.side == "left":
        before = [a for a in actors if a.end <= actor.start and a.label in arg.types]
        if before:
            between = tuple(w for w in toks[before[-1].end : actor.start] if w not in AUXILIARIES)
            if between in companions:
                out.extend(a for a in before if (a.start, a.end) == (before[-1].start, before[-1].end))
    return out


def _sentence_pair(toks: list[str], actors: list[Actor], met: list[Actor], types: frozenset[str]) -> list[Actor]:
    """The two parties of a sentence: those who met in it, else "antara X dan Y"."""
    if len(met) >= 2:
        return met[:2]
    for k, w in enumerate(toks):
        if w == "antara":
            after = [a for a in actors if a.start > k and a.label in types]
            if (
                len(after) >= 2
                and after[0].start - k <= 2
                and PAIR_JOINERS.intersection(toks[after[0].end : after[1].start])
            ):
                return after[:2]
    return []


def _antecedent(history: list[tuple[list[str], list[Actor]]], arg: Arg) -> Actor | None:
    """The X of the last "<cue> … <marker> X" in the sentences before ("sanksi … terhadap Korea Utara")."""
    cues, markers = arg.antecedent
    for toks, actors in reversed(history[-3:]):
        for k in range(len(toks) - 1, -1, -1):
            if toks[k] not in cues:
                continue
            for m in range(k + 1, min(len(toks), k + 7)):
                if toks[m] in markers:
                    hit = next((a for a in actors if a.label in arg.types and 0 <= a.start - m - 1 <= 1), None)
                    if hit:
                        return replace(hit, start=-1, end=-1)  # from another sentence
    return None


@lru_cache(maxsize=1)
def _member_words() -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    data = load_json("coref.json")["members"]
    inclusion = sorted({tuple(p.split()) for p in data["inclusion"]}, key=lambda p: -len(p))
    return frozenset(data["plural"]), tuple(inclusion)


def _members(
    toks: list[str], actors: list[Actor], j: int, arg: Arg, following: tuple[list[str], list[Actor]] | None
) -> list[Actor]:
    """The entities a plural argument stands for: "kepada para pemimpin dunia, termasuk Putin",
    or "… kepada para pemimpin. Salah satunya adalah Putin." Empty if the argument is not plural."""
    plural, inclusion = _member_words()
    start = j
    if arg.after:
        marks = [k for k in range(max(0, j - 1), min(len(toks), j + 12)) if toks[k] in arg.after]
        if not marks:
            return []
        start = marks[0] + 1
    if not plural.intersection(toks[start : start + 2]):
        return []
    places = [(toks, actors, start, len(toks))]
    if following:
        places.append((following[0], following[1], 0, min(len(following[0]), 3)))
    for words, found, offset, stop in places:
        for k in range(offset, stop):
            cue = next((c for c in inclusion if tuple(words[k : k + len(c)]) == c), None)
            if cue is None:
                continue
            first = next((a for a in found if a.label in arg.types and 0 <= a.start - k - len(cue) <= 1), None)
            if first is None:
                return []
            out = _coordinated(words, found, first, Arg(side="right", types=arg.types))
            return out if words is toks else [replace(a, start=-1, end=-1) for a in out]
    return []


def _by_grammar(sent: Span, frame: Frame, i: int, j: int, free: list[Actor]) -> tuple[list[Actor], list[Actor]] | None:
    """The frame's (subjects, objects) in the trigger verb's dependency slots (kg.grammar), or None
    when the frame or the sentence is not read by grammar."""
    if not (USE_GRAMMAR and frame.grammar and frame.subject and frame.object and has_parse(sent)):
        return None
    if frame.companions:  # "X bergabung dengan Y dalam menentang …": the window knows the companion
        return None
    if frame.subject.side not in ("left", "right") or frame.object.side not in ("left", "right"):
        return None
    head = trigger_head(sent, i, j)
    if head is None:
        return None
    span = (sent.start + i, sent.start + j)
    subjects = grammar_actors(sent, head, frame.subject, "subject", free, frame.subject.types, span)
    objects = grammar_actors(sent, head, frame.object, "object", free, frame.object.types, span)
    objects = [o for o in objects if o not in subjects]
    return subjects, objects


def arguments(
    toks: list[str],
    free: list[Actor],
    covered: set[int],
    frame: Frame,
    i: int,
    j: int,
    history: list,
    last_subject: dict[str, Actor],
    found: Iterable[Fact],
    sent: Span,
    following: tuple[list[str], list[Actor]] | None,
) -> tuple[list[Actor], list[Actor]] | None:
    """The subjects and objects of one trigger match, or None when an argument is missing."""
    if frame.pair == "list":
        members = _list(toks, free, i, j, frame)
        return (members, members) if members else None
    if frame.pair:
        pair = _pair(toks, free, i, j, frame)
        if pair is None:
            return None
        if frame.object is None:
            return [pair[0]], [pair[1]]
        obj = _left(free, i, frame.object)  # "pakta antara X dan Y": both are parties of the pact
        return (list(pair), [obj]) if obj else None
    assert frame.subject is not None and frame.object is not None
    parsed = _by_grammar(sent, frame, i, j, free)

    def find(arg: Arg) -> Actor | None:
        if arg.side == "left":
            return _left(free, i, arg, toks)
        if arg.side == "right":
            return _right(toks, free, j, arg, covered)
        if arg.side == "previous":
            prev = last_subject.get(arg.property)
            return replace(prev, start=-1, end=-1) if prev else None
        return DATE_ARG

    subj, obj = find(frame.subject), find(frame.object)
    if parsed is not None:
        by_parse_subjects, by_parse_objects = parsed
        if by_parse_subjects and by_parse_objects:
            return by_parse_subjects, by_parse_objects
        if by_parse_subjects and obj is not None:
            return by_parse_subjects, _expand(toks, free, obj, frame.object, ()) if obj in free else [obj]
        if by_parse_objects and subj is not None:
            subjects = _expand(toks, free, subj, frame.subject, frame.companions) if subj in free else [subj]
            return subjects, by_parse_objects
    if obj is None and frame.object.antecedent[0]:  # earlier in this sentence, else in those before
        obj = _antecedent([*history, (toks[:i], [a for a in free if a.end <= i])], frame.object)
    if obj is None and frame.object.side == "right":
        members = _members(toks, free, j, frame.object, following)
        if members and subj is not None:
            return (_expand(toks, free, subj, frame.subject, frame.companions) if subj in free else [subj]), members
    if subj is None and frame.subject.fallback == "pair":
        evidence = sent.text.strip()  # the people who met in this sentence
        here = {f.subject for f in found if f.predicate == "metWith" and f.evidence == evidence}
        people = [a for a in free if a.key in here]
        met = _sentence_pair(toks, free, list({a.key: a for a in people}.values()), frame.subject.types)
        if not met:
            return None
        subjects = met
    elif subj is None:
        return None
    else:
        subjects = _expand(toks, free, subj, frame.subject, frame.companions) if subj in free else [subj]
    if obj is None:
        return None
    objects = _expand(toks, free, obj, frame.object, ()) if obj in free else [obj]
    return subjects, objects
