"""A relation frame's arguments read off the dependency parse: who did what to whom by grammar.

A frame's argument names its grammatical slot (kg/data/relations.jsonl: `deps`, and `case` for an
oblique's preposition); where a frame gives none, the slot follows from where the argument stands
(`side`): a subject on the left is the verb's `nsubj`, an object on the right its `obj`, an
argument after a marker ("ke", "kepada", "dengan", "oleh") an oblique with that preposition.

    Jokowi bertemu dengan Xi Jinping           nsubj ← bertemu → obl (case dengan)
    Istana dikunjungi oleh Putin               a passive frame: nsubj:pass is the object, "oleh" the agent
    Xi, yang mengunjungi Moskow, …             a relative clause: the noun it modifies is the subject
    Jokowi tiba di Tokyo dan bertemu Abe       a conjoined verb shares its subject
    Rusia dan Korea Utara menandatangani …     every conjunct of an argument is an argument

An argument's token names an actor when it lies inside that actor's span, or when a name hangs on
it (flat, compound, appos, nmod: "Presiden Joko Widodo"). Only a verb (or auxiliary) trigger is
read this way; a noun trigger ("kunjungan X ke Y") keeps its window. When the parse yields no
argument of the frame's types, `kg.extract.arguments` falls back to the token window, so a weak
parse costs recall no more than the window did, and a good one corrects it.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token

from ..model import DateValue
from .frames import Actor, Arg

__all__ = ["has_parse", "trigger_head", "slot_deps", "grammar_actors", "clause_date"]

#: relations by which a name hangs on the word that fills a slot ("Presiden" ← flat "Jokowi")
NAME_LINKS = frozenset({"flat", "flat:name", "compound", "appos", "nmod", "nmod:poss", "det"})
SUBJECTS = frozenset({"nsubj", "nsubj:pass", "csubj"})
OBJECTS = frozenset({"obj", "iobj"})
OBLIQUES = frozenset({"obl", "obl:agent", "obl:arg", "nmod"})
#: a verb whose own subject is missing takes the subject of the verb it hangs on by these
SHARES_SUBJECT = frozenset({"conj", "xcomp", "advcl"})
RELATIVE = frozenset({"acl", "acl:relcl"})
VERBAL = frozenset({"VERB", "AUX"})


def has_parse(sent: Span) -> bool:
    """Was the sentence parsed (a pipeline without a parser leaves every dep empty)?"""
    return sent.doc.has_annotation("DEP")


def trigger_head(sent: Span, i: int, j: int) -> Token | None:
    """The verb a trigger match (sentence offsets [i, j)) stands for: its token whose head lies
    outside the match, when that token is verbal."""
    tokens = sent[i:j]
    heads = [t for t in tokens if not (sent.start + i <= t.head.i < sent.start + j) or t.head.i == t.i]
    head = heads[0] if heads else None
    if head is None or head.pos_ not in VERBAL:
        return None
    return head


def slot_deps(arg: Arg, role: str) -> tuple[frozenset[str], frozenset[str]]:
    """The (dependency labels, case words) of a frame argument: given in the frame, or from its side."""
    if arg.deps:
        return arg.deps, arg.case
    if arg.side == "left":
        return SUBJECTS, frozenset()
    if arg.side == "right" and arg.after:
        return OBLIQUES | OBJECTS, arg.after
    if arg.side == "right" and role == "object":
        return OBJECTS, frozenset()
    return frozenset(), frozenset()  # a subject after its verb ("bantuan Rusia"): the window decides


def _case_of(token: Token) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "case"), "")


def _fillers(
    head: Token, deps: frozenset[str], case: frozenset[str], span: tuple[int, int] | None = None
) -> list[Token]:
    """The head's dependents in these slots (with the preposition when `case` names some); with
    `span`, the trigger's (doc offsets), those of every word of a trigger of several words too
    ("melakukan kunjungan ke X": X hangs on "kunjungan")."""
    out = []
    holders = [head] if span is None else [head.doc[k] for k in range(*span)]
    children = [c for h in holders for c in h.children if span is None or not (span[0] <= c.i < span[1])]
    for child in children:
        if child.dep_ not in deps:
            continue
        if case and _case_of(child) not in case:
            continue
        if not case and child.dep_ in OBLIQUES and _case_of(child):
            continue  # "dengan X" is no object
        out.append(child)
    return out


def _actors_of(token: Token, by_token: dict[int, list[Actor]], types: frozenset[str], depth: int = 2) -> list[Actor]:
    """The actors a slot's token names: those it lies in ("kedua negara" stands for two), or a
    name hanging on it by a name link; a person rather than the body of his title ("Menteri Luar
    Negeri Rusia Sergei Lavrov")."""
    here = [a for a in by_token.get(token.i, ()) if a.label in types]
    if here and (any(a.label == "Person" for a in here) or "Person" not in types):
        return here
    if depth > 0:
        for child in token.children:
            if child.dep_ in NAME_LINKS and by_token.get(child.i) != by_token.get(token.i):
                # "Kedua pemimpin, Putin dan Kim": the names in apposition, every conjunct of them
                found = [a for c in _conjuncts(child) for a in _actors_of(c, by_token, types, depth - 1)]
                if found and (any(a.label == "Person" for a in found) or not here):
                    return found
    return here


def _conjuncts(token: Token) -> Iterable[Token]:
    yield token
    for child in token.children:
        if child.dep_ == "conj":
            yield from _conjuncts(child)


def grammar_actors(
    sent: Span,
    head: Token,
    arg: Arg,
    role: str,
    actors: list[Actor],
    types: frozenset[str],
    span: tuple[int, int] | None = None,
) -> list[Actor]:
    """The actors in a frame argument's slot of the trigger verb `head`, conjuncts included; [] if none."""
    by_token: dict[int, list[Actor]] = {}
    for a in actors:
        for k in range(a.start, a.end):
            by_token.setdefault(sent.start + k, []).append(a)
    deps, case = slot_deps(arg, role)
    last = sent.doc[span[1] - 1] if span else head
    if arg.side == "right" and not arg.deps and not case and last.pos_ == "ADP":
        # "bertemu dengan X", "diundang oleh X": X hangs on the verb with the trigger's preposition
        deps, case = OBLIQUES | OBJECTS, frozenset({last.lower_})
    if not deps:
        return []
    verb = head
    fillers = _fillers(verb, deps, case, span)
    while not fillers and deps & SUBJECTS and verb.dep_ in SHARES_SUBJECT and verb.head.i != verb.i:
        verb = verb.head  # "… tiba di Tokyo dan bertemu Abe": the subject of "tiba"
        fillers = _fillers(verb, deps, case)
    if not fillers and deps & SUBJECTS and head.dep_ in RELATIVE:
        fillers = [head.head]  # "Xi, yang mengunjungi Moskow": the noun the clause modifies
    found: list[Actor] = []
    for filler in fillers:
        for token in _conjuncts(filler):
            for actor in _actors_of(token, by_token, types):
                if actor not in found:
                    found.append(actor)
    return found


def _clause_verb(token: Token) -> Token:
    """The verb whose clause a token belongs to: up the tree to the first verb (or the root)."""
    while token.head.i != token.i and token.pos_ not in VERBAL:
        token = token.head
    return token


def clause_date(sent: Span, dates: list[tuple[int, DateValue]], i: int, j: int) -> DateValue | None:
    """The date of a trigger match at sentence offsets [i, j): of the dates in the sentence, the
    nearest one that modifies the trigger's own clause when the sentence is parsed ("Jokowi, yang
    dilantik pada 2014, mengunjungi Tokyo pada Maret": March, not 2014), else the nearest."""
    if not dates:
        return None
    nearest = min(dates, key=lambda d: abs(d[0] - i))
    if not has_parse(sent):
        return nearest[1]
    head = trigger_head(sent, i, j)
    if head is None:
        return nearest[1]
    mine = [d for d in dates if _clause_verb(sent[d[0]]).i == head.i]
    if mine:
        return min(mine, key=lambda d: abs(d[0] - i))[1]
    # a date inside another verb's relative clause ("yang dilantik pada 2014") is that clause's
    free = [d for d in dates if not _in_relative(sent[d[0]], head)]
    return min(free, key=lambda d: abs(d[0] - i))[1] if free else None


def _in_relative(token: Token, head: Token) -> bool:
    """Does the token lie in a relative clause that does not hold `head`?"""
    verb = _clause_verb(token)
    while verb.head.i != verb.i:
        if verb.i == head.i:
            return False
        if verb.dep_ in RELATIVE:
            return head not in verb.subtree
        verb = _clause_verb(verb.head) if verb.head.pos_ not in VERBAL else verb.head
    return False
