"""`bk:relatedTo`: any other clause that links two named entities, read off the dependency parse.

Every verb of a parsed sentence whose subject names an agent and whose object names another
entity gives a link, with the verb's words as `bk:verb` and a low confidence (kg/data/clauses.json):

    Andi melaporkan Budi ke Polda Bali      andi → budi "melaporkan", andi → polda "melaporkan ke"
    Budi dilaporkan oleh Andi               andi → budi "melaporkan": the agent acts, the verb active
    PT A mengajukan gugatan terhadap PT B   a → b "mengajukan gugatan terhadap": the object noun too

Precision comes first: no link where the article's other facts link the two in the sentence
(either way); from copulas, verbs of saying (`bk:said` covers them) and the other verbs
clauses.json skips; for a body inside a title ("Menteri Keuangan Sri Mulyani"); in a question, a
purpose, wish, plan, condition or negation (modality as for the frames: "diduga" is alleged); for a
name that modifies a noun ("pria Kosta Rika", "istri Suryo"); between an entity and itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile

from spacy.tokens import Doc, Span, Token

from ..model import Fact
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
NOUN_PARTS = frozenset({"compound", "amod", "flat"})  # what goes with an object noun: "kerja sama", "rapat koordinasi"
BESIDE = frozenset({"PROPN", "NOUN", "PUNCT", "DET", "ADJ"})  # what may stand between a noun and its apposition
LIST = BESIDE | {"CCONJ"}  # what may stand between the names of a list
#: the nasal of "meN-" before a root's first letter ("lapor" → "melapor", "tangkap" → "menangkap")
NASAL = {**dict.fromkeys("pbfv", "m"), **dict.fromkeys("tdcjz", "n"), **dict.fromkeys("kghaiueo", "ng"), "s": "ny"}


@lru_cache(maxsize=1)
def _lex() -> dict[str, frozenset[str]]:
    """The word lists of clauses.json (lower case), with: `skip_verbs` + the verbs of saying of
    quotes.json, role nouns tagged verbs ("terdakwa") and the verbs that block a fact ("berharap",
    "gagal"), which also block the verbs under them (`wishes`); `hedges`, which make it alleged."""
    data, modality, quotes = load_json("clauses.json"), load_json("modality.json"), load_json("quotes.json")
    lex = {k: frozenset(w if k.endswith("_types") else w.lower() for w in v) for k, v in data.items() if k != "comment"}
    lex["wishes"] = frozenset(w for w in modality["block_before"] if " " not in w) | lex["wish_verbs"]
    lex["hedges"] = frozenset((*modality["allege_before"], *modality["deny_before"]))
    lex["clause_verbs"] = frozenset(quotes["clause_verbs"])
    saying = (*quotes["before_verbs"], *quotes["after_verbs"], *quotes["passive_verbs"])
    lex["skip_verbs"] |= {w.lower() for w in (*saying, *load_json("names.json")["role_nouns"])} | lex["wishes"]
    lex["purpose"] |= lex["conditions"]
    calendar = load_json("calendar.json")  # "Agustus 2016" read as a place is no party
    lex["calendar"] = frozenset(w for w in (*calendar["months"], *calendar["days"]) if len(w) > 3)
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
    ends = [c.right_edge.i + 1 for c in verb.children if c.dep_ == "obj"]
    if verb.lower_ in lex["clause_verbs"] and (
        any(c.dep_ in ("ccomp", "parataxis") for c in verb.children)
        or any(t.lower_ in ("bahwa", ":") for t in verb.subtree if t.i > verb.i)
        or any(k < verb.sent.end and verb.doc[k].pos_ in ("AUX", "VERB", "ADJ") for k in ends)  # "menulis X adalah"
    ):
        return True
    if any(c.dep_ == "advcl" and _case(c) in lex["conditions"] for c in verb.children):
        return True
    while True:
        before = verb.doc[max(verb.sent.start, verb.i - 2) : verb.i]
        if _case(verb) in lex["purpose"] or any(t.lower_ in lex["purpose"] for t in before):
            return True
        if verb.dep_ not in ("conj", "xcomp", "ccomp", "advcl", "parataxis") or verb.head.i == verb.i:
            return False
        verb = verb.head  # "Inggris harus … namun tetap mempertahankan …": the head's modality
        toks = [t.lower_ for t in verb.sent]
        if verb.lower_ in lex["wishes"] or modality_at(toks, verb.i - verb.sent.start) is None:
            return True


def _antecedent(verb: Token) -> list[Token] | None:
    """What the "yang" opening a verb's clause stands for: the name or noun right before it (past a
    comma or bracket), not the parse's guess; none where it modifies another ("pria Kosta Rika yang",
    "Kostum Nasional Indonesia yang") or is a place after a comma or preposition ("Tebu Ireng,
    Jombang yang", "di Jakarta, yang"). None: no "yang"."""
    yang = next(
        (t for t in (*verb.children, *verb.doc[max(verb.sent.start, verb.i - 3) : verb.i]) if t.lower_ == "yang"), None
    )
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
    if root.head.dep_ in RELATIVE and root.head.i < root.i:
        return []  # the end of another "yang" clause: "hal-hal yang dilakukan Malaysia yang …"
    place = next((e for e in yang.sent.ents if e.start <= word.i < e.end and e.label_ in PLACES), None)
    address = place is not None and place.start > yang.sent.start and yang.doc[place.start - 1].pos_ in ("PUNCT", "ADP")
    toks = [t.lower_ for t in yang.sent]  # a name's own first part ("De" of "Boer") is no title to look past
    name = root.pos_ == "PROPN" and not title_ending_at(toks, root.i - yang.sent.start + 1)
    return [] if address else [word if name else root]


def _cited(token: Token, lex: dict[str, frozenset[str]]) -> bool:
    """Does a name stand right after "dilansir", "menurut" … or a passive verb ("ditulis X")?"""
    k = token.left_edge.i - 1
    return k >= token.sent.start and (token.doc[k].lower_ in lex["skip_after"] or _passive(token.doc[k]))


def _subjects(verb: Token, deps: frozenset[str], lex: dict[str, frozenset[str]]) -> list[Token]:
    """The tokens in a verb's subject slot: its own, or a conjoined or complement verb's
    ("… tiba di Tokyo dan bertemu Abe"), or what its "yang" stands for."""
    misread = lex["not_subject_after"]  # a subject after a preposition is a misreading ("menurut Asensio")
    while True:
        found = [c for c in verb.children if c.dep_ in deps and not (c.dep_ in SUBJECT and _case(c) in misread)]
        if all(t.pos_ == "PRON" for t in found) and (found or verb.dep_ in RELATIVE):
            antecedent = _antecedent(verb)
            if antecedent is not None:
                return antecedent
        if any(t.dep_ == "nsubj" and t.i > verb.i for t in found):
            return []  # verb before subject: an attribution ("…, buka X kepada Y"), not an act
        if sum(t.dep_ == "nsubj" for t in found) > 1:  # a misparse: not one after "dilansir" or a passive
            heard = [t for t in found if t.dep_ == "nsubj" and not _cited(t, lex)]
            found = [t for t in found if t.dep_ != "nsubj"] + heard[-1:]
        head = verb.head  # a meN-/ber- main verb may be tagged a noun ("Andi membantah menyuap Budi")
        predicate = head.pos_ in ("VERB", "AUX") or (head.dep_ == "ROOT" and head.lower_.startswith(("me", "ber")))
        if found or verb.dep_ not in SHARES_SUBJECT or not predicate:
            return found
        accused = head.lower_ in lex["hedges"] and verb.dep_ == "advcl"  # "menuding AS …, dengan melakukan …"
        if accused or (verb.dep_ == "xcomp" and any(c.dep_ == "obj" for c in head.children)):
            return []  # "melihat West Ham mengumumkan …": the object's doing
        if verb.dep_ == "advcl" and not _case(verb):
            return []  # an adverbial clause shares the subject after "setelah", "sambil" …
        verb = head


@dataclass(frozen=True)
class _Names:
    """Who the tokens of one sentence name: the actors covering each (doc) token index."""

    sent: Span
    toks: list[str]
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
        # "istri Suryo": the name after a word of kin is whose kin
        title = title_ending_at(self.toks, token.i - self.sent.start + 1) > 0 and token.lower_ not in self.kin
        found: list[Actor] = []
        beside: list[Actor] = []  # "anggota One Direction, Zayn Malik": the apposition is who
        for child in token.children:
            gap = self.sent.doc[token.i + 1 : child.i]
            appos = child.dep_ == "appos" and token.pos_ in ("NOUN", "PRON") and all(t.pos_ in BESIDE for t in gap)
            first = child.dep_ in ("flat", "flat:name") and token.pos_ == "PROPN" and child.i == token.i + 1
            same = child.i in self.by_token and self.by_token.get(child.i) == self.by_token.get(token.i)
            if not same and ((title and child.dep_ in NAME_LINKS) or appos or (first and token.i > self.sent.start)):
                people = [a for a in self.named(child, types, depth - 1) if a.label == "Person"]
                found += [a for a in people if a not in found]
                beside += people if child.dep_ == "appos" else []
        return beside or found or here

    def slot(self, fillers: list[Token], types: frozenset[str]) -> list[Actor]:
        """The actors of a slot's tokens, and of their conjuncts where the token names one (a list
        of names, not names hung on a noun's list: "hasil survei X dan Y"), not those after
        another preposition."""
        found: list[Actor] = []
        for filler in fillers:
            for token in _conjuncts(filler) if self.named(filler, frozenset(LABELS)) else [filler]:
                gap = self.sent.doc[filler.i + 1 : token.i]  # "Sindhu 8-21 dan 19-21 dan India": no list of names
                if token is filler or (_case(token) in ("", _case(filler)) and all(t.pos_ in LIST for t in gap)):
                    found += [a for a in self.named(token, types) if a not in found]
        return found


def _objects(verb: Token, lex: dict[str, frozenset[str]]) -> list[tuple[Token, str, str]]:
    """(token, rule, the words joining it to the verb) of each object: the `obj`, an oblique
    after a preposition, on the verb or on the object noun right after it, whose words join too
    ("melakukan rapat koordinasi dengan X"). None before the verb ("Dari Sabang, …": a topic)
    nor past a conjunction ("meninggalkan Anfield dan hijrah ke Palace")."""
    noun = next((c for c in verb.children if c.dep_ == "obj" and c.pos_ == "NOUN" and c.i == verb.i + 1), None)
    after = list(verb.doc[noun.i + 1 : verb.sent.end]) if noun is not None else []
    phrase = [*([noun] if noun else []), *takewhile(lambda t: t.head == noun and t.dep_ in NOUN_PARTS, after)]
    lead = " ".join(t.lower_ for t in phrase)
    out = [(c, "obj", "") for c in verb.children if c.dep_ == "obj" and not _case(c)]  # "tiba di X" is no object
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
    if sum(ch in "aiueo" for ch in root) == 1:
        return f"menge{rest}"  # a root of one syllable: "disahkan" → "mengesahkan", "dicek" → "mengecek"
    nasal = NASAL.get(root[0], "")
    if root[0] in "ptks" and root[1] in "aiueo":  # the root's own p, t, k, s goes before a vowel
        rest = rest[1:]
    elif root[0] == "s":
        nasal = "n"  # "distabilkan" → "menstabilkan"
    return f"me{nasal}{rest}"


def _actors(sent: Span, toks: list[str]) -> list[Actor]:
    """The sentence's entities that can act: not a body inside a title ("Presiden Rusia X"), right
    before a person ("Menteri Keuangan Sri Mulyani") or a title itself ("dibentuk Menteri KP"); not a
    date read as a name ("Agustus 2016"), nor a dateline's place ("Jakarta, CNN Indonesia --")."""
    ents = [
        Actor(e.start - sent.start, e.end - sent.start, e.ent_id_ or entity_key(e.label_, e.text), e.label_)
        for e in sent.ents
    ]
    inside, _ = title_spans(toks, ents)
    people = {a.start for a in ents if a.label == "Person"}

    def acts(n: int, a: Actor) -> bool:
        if n in inside or all(t.lower_ in _lex()["calendar"] or t.like_num for t in sent.ents[n]):
            return False
        dash = {"-", "–", "—"} & set(toks[: a.end + 8])
        if a.start == 0 and a.label in PLACES and toks[a.end : a.end + 1] in ([","], ["("]) and dash:
            return False
        titled = a.end in people or any(title_ending_at(toks, a.start + k) == k for k in range(1, a.end - a.start + 1))
        return a.label == "Person" or not titled

    return [a for n, a in enumerate(ents) if acts(n, a)]


def related_facts(doc: Doc, article_id: str, facts: Sequence[Fact] = ()) -> list[Fact]:
    """The `relatedTo` links of `doc`'s clauses that no fact of `facts` (the article's others)
    already states between the same two entities in the same sentence."""
    lex, gazetteer = _lex(), load_gazetteer().entries
    linked = {(f.evidence, frozenset((f.subject, f.object))) for f in facts if f.object}
    addresses = {(f.evidence, f.object) for f in facts if f.predicate == "locatedIn"}  # "…, Sleman, Yogyakarta"
    spans = [(doc.char_span(d.start, d.end, alignment_mode="expand"), d.value) for d in doc._.dates or ()]
    report = report_markers()  # a report's date ("kata X pada Jumat") dates no fact
    all_dates = [
        (sp, v)
        for sp, v in spans
        if sp and not report & {t.lower_ for t in doc[max(sp.sent.start, sp.start - 6) : sp.start]}
    ]
    out: dict[tuple[str, str, str, int], Fact] = {}
    for sent in doc.sents:
        toks = [t.lower_ for t in sent]
        evidence = sent.text.strip()  # the place an address ends with is no party
        actors = _actors(sent, toks) if has_parse(sent) and not is_question(toks) else []
        actors = [a for a in actors if (evidence, a.key) not in addresses]
        if len(actors) < 2:
            continue
        covering = ((k, [a for a in actors if a.start <= k < a.end]) for k in range(len(sent)))
        by_token = {sent.start + k: hits for k, hits in covering if hits}
        names = _Names(sent, toks, by_token, lex["kin_nouns"])
        dates = [(span.start - sent.start, value) for span, value in all_dates if sent.start <= span.start < sent.end]
        # "menurut Seoul, …": a government's claim, alleged
        governments = frozenset(
            a.start for a in actors if a.label == "Country" or getattr(gazetteer.get(a.key), "capital_of", None)
        )
        for verb in sent:
            i = verb.i - sent.start
            modality = (
                modality_at(toks, i, governments, i + 1) if verb.pos_ == "VERB" and not _blocked(verb, lex) else None
            )
            if modality is None:
                continue
            if _passive(verb):  # the agent, after "oleh" or right after a di- verb ("dinikahi X"), acts
                bare = verb.lower_.startswith("di")
                agents = _subjects(verb, frozenset({AGENT, "obl"}), lex)
                agents = [
                    t for t in agents if _case(t) == "oleh" or (bare and not _case(t) and t.left_edge.i == verb.i + 1)
                ]
                subjects = names.slot(agents, lex["subject_types"])
                objects = [(t, AGENT, "") for t in _subjects(verb, frozenset({PASSIVE}), lex)]
            else:
                subjects = names.slot(_subjects(verb, SUBJECT, lex), lex["subject_types"])
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
