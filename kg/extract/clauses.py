"""`bk:relatedTo`: any other clause that links two named entities, read off the dependency parse.

The relation frames (kg.extract.relations) know some verbs; news uses hundreds. Every verb of a
parsed sentence whose subject names an agent and whose object names another entity gives a link,
with the verb's words as `bk:verb` and a low confidence (words in kg/data/clauses.json):

    Andi melaporkan Budi ke Polda Bali      andi → budi "melaporkan", andi → polda "melaporkan ke"
    Budi dilaporkan oleh Andi               andi → budi "melaporkan": the agent acts, the verb active
    PT A mengajukan gugatan terhadap PT B   a → b "mengajukan gugatan terhadap": the object noun too

The subject is the verb's `nsubj` (shared along conjoined and complement verbs; a "yang" clause's is
the name before "yang"), a passive's its agent; the object an `obj`, an oblique after a preposition
of clauses.json, or a passive's subject. Precision comes first, so no link: where the article's
other facts link the two in the sentence (either way); from copulas, verbs of saying (`bk:said`
covers them) and the other verbs clauses.json skips; for a body inside a title ("Menteri Keuangan
Sri Mulyani"); in a question, a purpose, wish, plan, condition or negation (kg/data/modality.json,
as for the frames, which also make "diduga" alleged); for a name that only modifies a noun ("pria
Kosta Rika", "istri Suryo"); between an entity and itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..model import DateValue, Fact
from ..nlp.gazetteer import entity_key, load_gazetteer
from ..resources import load_json
from ..types import LABELS
from .frames import Actor, is_question, modality_at, report_markers, title_ending_at, title_spans
from .grammar import NAME_LINKS, RELATIVE, SHARES_SUBJECT, clause_date, has_parse

__all__ = ["related_facts", "CONFIDENCE"]

CONFIDENCE = 0.5
PASSIVE, AGENT = "nsubj:pass", "obl:agent"
SUBJECT = frozenset({"nsubj", PASSIVE})  # a complement of a passive ("X diduga menyuap Y") shares its subject
MODIFIERS = frozenset({"nmod", "nmod:poss", "compound", "amod"})  # a name in these modifies a noun
PLACES = frozenset({"City", "Place", "Country"})
#: the nasal of "meN-" before a root's first letter ("lapor" → "melapor", "tangkap" → "menangkap")
NASAL = {**dict.fromkeys("pbfv", "m"), **dict.fromkeys("tdcjz", "n"), **dict.fromkeys("kghaiueo", "ng"), "s": "ny"}


@lru_cache(maxsize=1)
def _lex() -> dict[str, frozenset[str]]:
    """The word lists of clauses.json (lower case), with: `skip` + the verbs of saying of
    quotes.json, role nouns tagged verbs ("terdakwa") and the verbs that block a fact ("berharap",
    "gagal"), which also block the verbs under them (`wishes`); `hedges`, which make it alleged."""
    data, modality, quotes = load_json("clauses.json"), load_json("modality.json"), load_json("quotes.json")
    lex = {k: frozenset(w.lower() for w in v) for k, v in data.items() if isinstance(v, list)}
    lex["wishes"] = frozenset(w for w in modality["block_before"] if " " not in w)
    lex["hedges"] = frozenset((*modality["allege_before"], *modality["deny_before"]))
    lex["clause_verbs"] = frozenset(quotes["clause_verbs"])
    saying = (*quotes["before_verbs"], *quotes["after_verbs"], *quotes["passive_verbs"])
    lex["skip_verbs"] |= {w.lower() for w in (*saying, *load_json("names.json")["role_nouns"])} | lex["wishes"]
    lex["purpose"] |= lex["conditions"]
    return lex


def _case(token: Token) -> str:
    return next((c.lower_ for c in token.children if c.dep_ in ("case", "mark")), "")


def _conjuncts(token: Token) -> list[Token]:
    return [token, *(t for c in token.children if c.dep_ == "conj" for t in _conjuncts(c))]


def _passive(verb: Token) -> bool:
    return "Pass" in verb.morph.get("Voice", []) or any(c.dep_ in (PASSIVE, AGENT) for c in verb.children)


def _blocked(verb: Token, lex: dict[str, frozenset[str]]) -> bool:
    """A verb that states no relation: skipped, after "seperti" ("seperti dilansir X"), saying a
    clause ("mengungkapkan bahwa …", "menulis X adalah …"), under a condition ("…, jika Y ikut"),
    or unrealised: after "untuk", "agar", "sebelum", "jika" …, or under "berharap", "gagal" …,
    along the verbs it is conjoined to or completes."""
    before = verb.doc[max(verb.sent.start, verb.i - 1) : verb.i]
    if verb.lower_ in lex["skip_verbs"] or any(t.lower_ in lex["skip_after"] for t in before):
        return True
    if verb.lower_ in lex["clause_verbs"] and (
        any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)
        or any(t.lower_ in ("bahwa", ":") for t in verb.subtree if t.i > verb.i)
        or any(c.dep_ == "obj" and c.nbor(c.right_edge.i - c.i + 1).pos_ in ("AUX", "VERB", "ADJ") for c in verb.children)
    ):
        return True
    if any(c.dep_ == "advcl" and _case(c) in lex["conditions"] for c in verb.children):
        return True
    while True:
        before = verb.doc[max(verb.sent.start, verb.i - 2) : verb.i]
        if _case(verb) in lex["purpose"] or any(t.lower_ in lex["purpose"] for t in before):
            return True
        if verb.dep_ not in ("conj", "xcomp", "ccomp", "advcl") or verb.head.i == verb.i:
            return False
        verb = verb.head
        if verb.lower_ in lex["wishes"]:
            return True


def _antecedent(verb: Token) -> list[Token] | None:
    """What the "yang" opening a verb's clause stands for: the word right before it (past a comma
    or bracket), not the parse's guess; none where that word modifies another ("pria Kosta Rika
    yang", "ribuan pendukung yang") or ends an address ("Tebu Ireng, Jombang yang"). None: no "yang"."""
    yang = next((t for t in (*verb.children, *verb.doc[max(verb.sent.start, verb.i - 3) : verb.i]) if t.lower_ == "yang"), None)
    if yang is None:
        return None
    k = yang.i - 1
    while k > yang.sent.start and k >= yang.i - 2 and yang.doc[k].is_punct:
        k -= 1
    word = root = yang.doc[k]
    while root.dep_ in ("flat", "flat:name") and root.head.i < root.i:
        root = root.head
    if k < yang.sent.start or word.pos_ not in ("PROPN", "NOUN") or (root.dep_ in MODIFIERS and not _case(root)):
        return []
    place = next((e for e in yang.sent.ents if e.start <= word.i < e.end and e.label_ in PLACES), None)
    return [] if place is not None and place.start > 0 and yang.doc[place.start - 1].lower_ == "," else [word]


def _subjects(verb: Token, deps: frozenset[str], not_after: frozenset[str]) -> list[Token]:
    """The tokens in a verb's subject slot: its own, or a conjoined or complement verb's
    ("… tiba di Tokyo dan bertemu Abe"), or what its "yang" stands for."""
    while True:  # a subject after a preposition is a misreading ("menurut Asensio")
        found = [c for c in verb.children if c.dep_ in deps and not (c.dep_ in SUBJECT and _case(c) in not_after)]
        if all(t.pos_ == "PRON" for t in found) and (found or verb.dep_ in RELATIVE):
            antecedent = _antecedent(verb)
            if antecedent is not None:
                return antecedent
        if any(t.dep_ == "nsubj" and t.i > verb.i for t in found):
            return []  # verb before subject: an attribution ("…, buka X kepada Y"), not an act
        head = verb.head  # a meN-/ber- main verb may be tagged a noun ("Andi membantah menyuap Budi")
        predicate = head.pos_ in ("VERB", "AUX") or (head.dep_ == "ROOT" and head.lower_.startswith(("me", "ber")))
        if found or verb.dep_ not in SHARES_SUBJECT or not predicate:
            return found
        if verb.dep_ == "xcomp" and any(c.dep_ == "obj" for c in head.children):
            return []  # "melihat West Ham mengumumkan …": the object's doing
        if verb.dep_ == "advcl" and not _case(verb):
            return []  # an adverbial clause shares the subject after "setelah", "sambil" …
        verb = head


@dataclass(frozen=True)
class _Names:
    """Who the tokens of one sentence name: the actors covering each (doc) token index."""

    sent: Span
    by_token: dict[int, list[Actor]]
    kin: frozenset[str]

    def named(self, token: Token, types: frozenset[str], depth: int = 2) -> list[Actor]:
        """The actors a token lies in, a person rather than the body of his title; else a person
        on a title ("Presiden" ← "Joko Widodo"), in apposition to a common noun ("ibu Harry, Lily
        Evans") or after a first name the recogniser left out ("Alexis" ← "Sanchez"). A name that
        modifies a noun is no party ("ibu Harry", "pemain Real Madrid", "Duta Besar Indonesia")."""
        here = [a for a in self.by_token.get(token.i, ()) if a.label in types]
        if depth == 0 or any(a.label == "Person" for a in here):
            return here
        toks = [t.lower_ for t in self.sent]  # "istri Suryo": the name after a word of kin is whose kin
        title = title_ending_at(toks, token.i - self.sent.start + 1) > 0 and token.lower_ not in self.kin
        between = self.sent.doc[token.i + 1 : max(token.i + 1, *(c.i for c in token.children))]
        found: list[Actor] = []
        for child in token.children:
            if child.i in self.by_token and self.by_token.get(child.i) == self.by_token.get(token.i):
                continue
            if (
                (title and child.dep_ in NAME_LINKS)
                or (
                    child.dep_ == "appos"
                    and token.pos_ in ("NOUN", "PRON")
                    and all(t.pos_ in ("PROPN", "NOUN", "PUNCT", "DET", "ADJ") for t in between if t.i < child.i)
                )
                or (child.dep_ in ("flat", "flat:name") and token.pos_ == "PROPN" and token.i > self.sent.start
                    and child.i == token.i + 1)
            ):
                found += [a for a in self.named(child, types, depth - 1) if a.label == "Person" and a not in found]
        return found or here

    def slot(self, fillers: list[Token], types: frozenset[str]) -> list[Actor]:
        """The actors of a slot's tokens, and of their conjuncts where the token names one (a list
        of names, not names hung on a noun's list: "hasil survei X dan Y"), not those after
        another preposition."""
        found: list[Actor] = []
        for filler in fillers:
            for token in _conjuncts(filler) if self.named(filler, frozenset(LABELS)) else [filler]:
                if token is filler or _case(token) in ("", _case(filler)):
                    found += [a for a in self.named(token, types) if a not in found]
        return found


def _objects(verb: Token, lex: dict[str, frozenset[str]]) -> list[tuple[Token, str, str]]:
    """(token, rule, the words joining it to the verb) of each object: the `obj`, an oblique
    after a preposition, on the verb or on the object noun right after it, whose words join too
    ("melakukan rapat koordinasi dengan X"). None before the verb ("Dari Sabang, …": a topic)
    nor past a conjunction ("meninggalkan Anfield dan hijrah ke Palace")."""
    noun = next((c for c in verb.children if c.dep_ == "obj" and c.pos_ == "NOUN" and c.i == verb.i + 1), None)
    phrase = [noun] if noun is not None else []
    while phrase and phrase[-1].i + 1 < len(verb.doc):
        nxt = verb.doc[phrase[-1].i + 1]
        if nxt.head.i != phrase[0].i or nxt.dep_ not in ("compound", "amod", "flat"):
            break
        phrase.append(nxt)
    lead = " ".join(t.lower_ for t in phrase)
    out = [(c, "obj", "") for c in verb.children if c.dep_ == "obj"]
    for holder in [verb, *phrase[:1]]:
        for c in holder.children:
            if c.dep_ in ("obl", "nmod") and _case(c) in lex["prepositions"] and (c.dep_ == "obl" or holder is noun):
                out.append((c, "obl", f"{lead} {_case(c)}".strip()))
    return [
        (c, rule, words)
        for c, rule, words in out
        if c.i > verb.i and not any(t.pos_ == "CCONJ" and not c.is_ancestor(t) for t in verb.doc[verb.i + 1 : c.i])
    ]


def _words(verb: Token, lex: dict[str, frozenset[str]]) -> str:
    """The verb as written, with the verb right before it that it completes ("menarik keluar",
    "berhasil menyalip") but a hedge ("diduga"); a passive in the active voice, as its agent is
    the subject ("dilaporkan" → "melaporkan", "diperiksa" → "memeriksa", "diperkenalkan" →
    "memperkenalkan"), as written where the word is not di- + its lemma + a suffix."""
    word, root, head = verb.lower_, verb.lemma_.lower(), verb.head
    if not _passive(verb):
        joined = verb.dep_ in ("xcomp", "compound") and head.i == verb.i - 1 and head.pos_ == "VERB"
        return f"{head.lower_} {word}" if joined and not _passive(head) and head.lower_ not in lex["hedges"] else word
    rest = word[2:]
    if rest.startswith("per") and not root.startswith("per") and rest[3:].startswith(root):
        return f"memper{rest[3:]}"
    if not (word.startswith("di") and len(root) > 1 and rest.startswith(root)):
        return word
    nasal = NASAL.get(root[0], "")
    if root[0] in "ptks" and root[1] in "aiueo":  # the root's own p, t, k, s goes before a vowel
        rest = rest[1:]
    elif root[0] == "s":
        nasal = "n"  # "distabilkan" → "menstabilkan"
    return f"me{nasal}{rest}"


def _actors(sent: Span, toks: list[str]) -> list[Actor]:
    """The sentence's entities that can act: not a body inside a title ("Presiden Rusia X"), right
    before a person ("Menteri Keuangan Sri Mulyani") or a title itself ("dibentuk Menteri KP")."""
    ents = [
        Actor(e.start - sent.start, e.end - sent.start, e.ent_id_ or entity_key(e.label_, e.text), e.label_)
        for e in sent.ents
    ]
    inside, _ = title_spans(toks, ents)
    people = {a.start for a in ents if a.label == "Person"}

    def title(a: Actor) -> bool:
        return a.end in people or any(title_ending_at(toks, a.start + k) == k for k in range(1, a.end - a.start + 1))

    return [a for n, a in enumerate(ents) if n not in inside and (a.label == "Person" or not title(a))]


def _dates(doc: Doc, sent: Span) -> list[tuple[int, DateValue]]:
    """The sentence's dates with their token offset, but a report's ("kata X pada Jumat")."""
    out = []
    for dm in doc._.dates or ():
        span = doc.char_span(dm.start, dm.end, alignment_mode="expand")
        if span is None or not (sent.start_char <= dm.start < sent.end_char):
            continue
        if not report_markers() & {t.lower_ for t in doc[max(sent.start, span.start - 6) : span.start]}:
            out.append((span.start - sent.start, dm.value))
    return out


def related_facts(doc: Doc, article_id: str, facts: Sequence[Fact] = ()) -> list[Fact]:
    """The `relatedTo` links of `doc`'s clauses that no fact of `facts` (the article's others)
    already states between the same two entities in the same sentence."""
    lex, gazetteer = _lex(), load_gazetteer().entries
    linked = {(f.evidence, frozenset((f.subject, f.object))) for f in facts if f.object}
    out: dict[tuple[str, str, str, int], Fact] = {}
    for sent in doc.sents:
        toks = [t.lower_ for t in sent]
        actors = _actors(sent, toks) if has_parse(sent) and not is_question(toks) else []
        if len(actors) < 2:
            continue
        by_token: dict[int, list[Actor]] = {}
        for a in actors:
            for k in range(a.start, a.end):
                by_token.setdefault(sent.start + k, []).append(a)
        names, evidence, dates = _Names(sent, by_token, lex["kin_nouns"]), sent.text.strip(), _dates(doc, sent)
        # "menurut Seoul, …": a government's claim, alleged
        governments = frozenset(a.start for a in actors if a.label == "Country" or getattr(gazetteer.get(a.key), "capital_of", None))
        for verb in sent:
            i = verb.i - sent.start
            modality = modality_at(toks, i, governments, i + 1) if verb.pos_ == "VERB" and not _blocked(verb, lex) else None
            if modality is None:
                continue
            if _passive(verb):  # the agent, after "oleh" or right after a di- verb ("dinikahi X"), acts
                agents = _subjects(verb, frozenset({AGENT, "obl"}), lex["not_subject_after"])
                agents = [
                    t for t in agents if _case(t) == "oleh" or not _case(t) and word.startswith("di") and t.left_edge.i == verb.i + 1
                    for word in [verb.lower_]
                ]
                subjects = names.slot(agents, lex["subject_types"])
                objects = [(t, AGENT, "") for t in _subjects(verb, frozenset({PASSIVE}), lex["not_subject_after"])]
            else:
                subjects = names.slot(_subjects(verb, SUBJECT, lex["not_subject_after"]), lex["subject_types"])
                objects = _objects(verb, lex)
            date = clause_date(sent, dates, i, i + 1) if subjects else None
            for filler, rule, joined in objects if subjects else ():
                for o in names.slot([filler], lex["object_types"]):
                    for s in subjects:
                        if s.key == o.key or (evidence, frozenset((s.key, o.key))) in linked:
                            continue
                        fact = Fact(
                            s.key, "relatedTo", o.key, article_id, evidence, f"rule:related.{rule}", CONFIDENCE,
                            date=date, modality=modality, verb=f"{_words(verb, lex)} {joined}".strip(),
                        )  # fmt: skip
                        out.setdefault((s.key, o.key, fact.verb, sent.start), fact)
    return sorted(out.values(), key=lambda f: (f.evidence, f.subject, f.object, f.verb))
