"""`bk:relatedTo`: any other clause that links two named entities, read off the dependency parse.

The relation frames (kg.extract.relations) know a few dozen verbs; a news sentence uses hundreds.
Here every verb of a parsed sentence whose subject names an agent and whose object names another
entity gives a link with the verb's words on it (`bk:verb`) and a low confidence:

    Andi Wijaya melaporkan Budi Santoso ke Polda Bali      andi relatedTo budi ("melaporkan"),
                                                           andi relatedTo polda ("melaporkan ke")
    Budi Santoso dilaporkan oleh Andi Wijaya               andi relatedTo budi ("dilaporkan"): the agent acts
    PT Maju melakukan gugatan terhadap PT Jaya            a light verb takes its noun: "melakukan gugatan terhadap"

Slots: the subject is the verb's `nsubj` (a conjoined verb shares it, a relative clause's is the
noun it modifies: `kg.extract.grammar`), a passive's its agent (`obl:agent`); the object is the
`obj`, an oblique after one of the prepositions of kg/data/clauses.json (its word joins the verb),
or a passive's subject. No link where the article's other facts already link the two in the
sentence (either way), from copulas and verbs that state no relation, from verbs of saying
(`bk:said` covers them: kg/data/quotes.json), from a subject inside a title ("Menteri Keuangan
Sri Mulyani": the ministry does nothing), in a question, or between an entity and itself. The
words before the verb give the modality as for the frames: a negation or plan gives no link,
"diduga" an alleged one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..model import DateValue, Fact
from ..nlp.gazetteer import entity_key, load_gazetteer
from ..resources import load_json
from .frames import Actor, is_question, modality_at, report_markers, title_ending_at, title_spans
from .grammar import NAME_LINKS, RELATIVE, SHARES_SUBJECT, clause_date, has_parse

__all__ = ["related_facts", "CONFIDENCE"]

CONFIDENCE = 0.5
PASSIVE_SUBJECT = "nsubj:pass"
AGENT = "obl:agent"
SUBJECT = frozenset({"nsubj", PASSIVE_SUBJECT})  # a complement of a passive ("X diduga menyuap Y") shares its subject


@dataclass(frozen=True)
class _Lexicon:
    subjects: frozenset[str]
    objects: frozenset[str]
    prepositions: frozenset[str]
    skip: frozenset[str]  # no link from these verbs: kg/data/clauses.json and the verbs of saying
    clause_verbs: frozenset[str]  # verbs of saying only before a clause ("mengungkapkan bahwa …")
    skip_after: frozenset[str]
    purpose: frozenset[str]
    not_subject: frozenset[str]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_json("clauses.json")
    quotes = load_json("quotes.json")
    saying = {*quotes["before_verbs"], *quotes["after_verbs"], *quotes["passive_verbs"]}
    nouns = load_json("names.json")["role_nouns"]  # "terdakwa", "tersangka": tagged verbs at times
    return _Lexicon(
        subjects=frozenset(data["subject_types"]),
        objects=frozenset(data["object_types"]),
        prepositions=frozenset(w.lower() for w in data["prepositions"]),
        skip=frozenset(w.lower() for w in (*data["skip_verbs"], *saying, *nouns)),
        clause_verbs=frozenset(w.lower() for w in quotes["clause_verbs"]),
        skip_after=frozenset(w.lower() for w in data["skip_after"]),
        purpose=frozenset(w.lower() for w in data["purpose"]),
        not_subject=frozenset(w.lower() for w in data["not_subject_after"]),
    )


def _case(token: Token) -> str:
    return next((c.lower_ for c in token.children if c.dep_ in ("case", "mark")), "")


def _conjuncts(token: Token) -> list[Token]:
    return [token, *(t for c in token.children if c.dep_ == "conj" for t in _conjuncts(c))]


def _says_a_clause(verb: Token) -> bool:
    """A clause verb that introduces what was said: "mengungkapkan bahwa …", "memastikan: …"."""
    return any(c.dep_ in ("ccomp", "parataxis") for c in verb.children) or any(
        t.lower_ in ("bahwa", ":") for t in verb.subtree if t.i > verb.i
    )


def _unrealised(verb: Token, lex: _Lexicon) -> bool:
    """A purpose or wish ("untuk bertemu X", "agar X menangkap Y"), also of the verb it is conjoined to."""
    while True:
        before = {t.lower_ for t in verb.doc[max(verb.sent.start, verb.i - 2) : verb.i]}
        if {_case(verb)} & lex.purpose or before & lex.purpose:
            return True
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return False
        verb = verb.head


def _passive(verb: Token) -> bool:
    return "Pass" in verb.morph.get("Voice", []) or any(c.dep_ in (PASSIVE_SUBJECT, AGENT) for c in verb.children)


def _subject_fillers(verb: Token, deps: frozenset[str], not_after: frozenset[str]) -> list[Token]:
    """The tokens in a verb's subject slot: its own, or a conjoined or complement verb's
    ("… tiba di Tokyo dan bertemu Abe"), or the noun a relative clause ("yang …") modifies."""
    while True:
        # a subject after a preposition is a misreading ("menurut Asensio")
        found = [c for c in verb.children if c.dep_ in deps and not (c.dep_ in SUBJECT and _case(c) in not_after)]
        if verb.dep_ in RELATIVE and all(t.pos_ == "PRON" for t in found):
            return [verb.head]
        if found or verb.dep_ not in SHARES_SUBJECT or verb.head.pos_ not in ("VERB", "AUX"):
            return found
        if verb.dep_ == "xcomp" and any(c.dep_ == "obj" for c in verb.head.children):
            return []  # "melihat West Ham mengumumkan …": the object's doing, not the subject's
        if verb.dep_ == "advcl" and not _case(verb):
            return []  # an adverbial clause shares the subject after "setelah", "sambil" …, not unmarked
        verb = verb.head


@dataclass(frozen=True)
class _Names:
    """Who the tokens of one sentence name: the actors covering each (doc) token index."""

    sent: Span
    toks: list[str]
    by_token: dict[int, list[Actor]]

    def named(self, token: Token, types: frozenset[str], depth: int = 2) -> list[Actor]:
        """The actors a slot's token names: those it lies in, a person rather than the body of his
        title; else a person hanging on it: on a title ("Presiden" ← "Joko Widodo"), after a word
        capitalised ("Ibu Ani") or set beside it ("ibu Harry, Lily Evans"). In "ibu Harry", "pria
        Kosta Rika", "pemain Real Madrid", "Duta Besar Indonesia" the name is a modifier, not the party."""
        here = [a for a in self.by_token.get(token.i, ()) if a.label in types]
        if depth == 0 or any(a.label == "Person" for a in here):
            return here
        title = title_ending_at(self.toks, token.i - self.sent.start + 1) > 0
        found: list[Actor] = []
        for child in token.children:
            if self.by_token.get(child.i) == self.by_token.get(token.i) and child.i in self.by_token:
                continue
            capitalised = token.is_title and token.i > self.sent.start  # "Ibu Ani", not "ibu Harry"
            if (
                (title and child.dep_ in NAME_LINKS)
                or (capitalised and child.dep_ in ("flat", "flat:name"))
                or (child.dep_ == "appos" and self._beside(token, child))
            ):
                found += [a for a in self.named(child, types, depth - 1) if a.label == "Person" and a not in found]
        return found or here

    def _beside(self, token: Token, child: Token) -> bool:
        """Only its own modifiers and punctuation between a word and its apposition."""
        between = self.sent.doc[token.i + 1 : child.i]
        return all(t.pos_ in ("PROPN", "NOUN", "PUNCT", "DET", "ADJ") for t in between)

    def slot(self, fillers: list[Token], types: frozenset[str]) -> list[Actor]:
        """The actors of a slot's tokens and of every conjunct of them."""
        found: list[Actor] = []
        for filler in fillers:
            for token in _conjuncts(filler):
                found += [a for a in self.named(token, types) if a not in found]
        return found


def _crosses(verb: Token, filler: Token) -> bool:
    """Does a conjunction stand between a verb and its object that is not the object's own
    ("meninggalkan Anfield dan hijrah ke Palace": "ke Palace" is not what was left)?"""
    lo, hi = sorted((verb.i, filler.i))
    return any(t.pos_ == "CCONJ" and not filler.is_ancestor(t) for t in verb.doc[lo + 1 : hi])


def _object_fillers(verb: Token, lex: _Lexicon) -> list[tuple[Token, str, str]]:
    """(token, rule, the words joining it to the verb) of each object: the `obj`, an oblique
    after one of the prepositions, on the verb or on its object noun ("melakukan gugatan
    terhadap X": "melakukan gugatan terhadap")."""
    noun = next((c for c in verb.children if c.dep_ == "obj" and c.pos_ == "NOUN" and c.i == verb.i + 1), None)
    out = [(c, "obj", "") for c in verb.children if c.dep_ == "obj"]
    for holder in (verb, noun) if noun is not None else (verb,):
        for c in holder.children:
            prep = _case(c)
            if c.dep_ in ("obl", "nmod") and prep in lex.prepositions and (c.dep_ == "obl" or holder is noun):
                out.append((c, "obl", f"{_phrase(noun)} {prep}" if noun is not None else prep))
    return out


def _phrase(noun: Token) -> str:
    """A noun with the words right after it that it governs: "kerja sama", "rapat koordinasi"."""
    words, k = [noun.lower_], noun.i + 1
    while k < len(noun.doc) and noun.doc[k].head.i == noun.i and noun.doc[k].dep_ in ("compound", "amod", "flat"):
        words.append(noun.doc[k].lower_)
        k += 1
    return " ".join(words)


def _sentence_dates(doc: Doc, sent: Span) -> list[tuple[int, DateValue]]:
    """The sentence's dates with their token offset, but those of a report ("kata X pada Jumat")."""
    report = report_markers()
    out = []
    for dm in doc._.dates or ():
        if not (sent.start_char <= dm.start < sent.end_char):
            continue
        span = doc.char_span(dm.start, dm.end, alignment_mode="expand")
        if span is None or report & {t.lower_ for t in doc[max(sent.start, span.start - 6) : span.start]}:
            continue
        out.append((span.start - sent.start, dm.value))
    return out


def _actors(sent: Span, toks: list[str]) -> list[Actor]:
    """The sentence's entities that can take part in a clause: not those inside a title."""
    ents = [
        Actor(e.start - sent.start, e.end - sent.start, e.ent_id_ or entity_key(e.label_, e.text), e.label_)
        for e in sent.ents
    ]
    inside, _ = title_spans(toks, ents)
    starts = {a.start for a in ents if a.label == "Person"}
    return [a for n, a in enumerate(ents) if n not in inside and not (a.label != "Person" and _title(a, toks, starts))]


def _title(body: Actor, toks: list[str], people: set[int]) -> bool:
    """Is a body's mention a person's title: right before a person ("Menteri Keuangan Sri
    Mulyani"), or a title itself ("dibentuk Menteri Kelautan dan Perikanan")?"""
    return body.end in people or any(
        title_ending_at(toks, body.start + k) == k for k in range(1, body.end - body.start + 1)
    )


def _governments(actors: list[Actor]) -> frozenset[int]:
    """Where a country or its capital is named ("menurut Seoul, …" makes the rest alleged)."""
    entries = load_gazetteer().entries
    return frozenset(
        a.start for a in actors if a.label == "Country" or (a.key in entries and entries[a.key].capital_of)
    )


#: the nasal of "meN-" before a root's first letter; a root's own p, t, k, s drops before a vowel
_NASAL = {
    **dict.fromkeys("pbfv", "m"),
    **dict.fromkeys("tdcjz", "n"),
    **dict.fromkeys("kgh" + "aiueo", "ng"),
    "s": "ny",
}


def _active(verb: Token) -> str:
    """A passive verb in the active voice, its agent now the subject ("dilaporkan" → "melaporkan",
    "ditangkap" → "menangkap", "diperkenalkan" → "memperkenalkan"); as written where the word is
    not di- + its root (the lemma) + a suffix."""
    word, root = verb.lower_, verb.lemma_.lower()
    rest = word[2:]
    if rest.startswith("per") and not root.startswith("per") and rest[3:].startswith(root):
        return f"memper{rest[3:]}"
    if not (word.startswith("di") and len(root) > 1 and rest.startswith(root)):
        return word
    nasal = _NASAL.get(root[0], "")
    if root[0] in "ptks" and root[1] in "aiueo":
        rest = rest[1:]
    elif root[0] == "s":
        nasal = "n"  # "distabilkan" → "menstabilkan"
    return f"me{nasal}{rest}"


def related_facts(doc: Doc, article_id: str, facts: Sequence[Fact] = ()) -> list[Fact]:
    """The `relatedTo` links of `doc`'s clauses that no fact of `facts` (the article's others)
    already states between the same two entities in the same sentence."""
    lex = _lexicon()
    linked = {(f.evidence, frozenset((f.subject, f.object))) for f in facts if f.object}
    out: dict[tuple[str, str, str, int], Fact] = {}
    for sent in doc.sents:
        toks = [t.lower_ for t in sent]
        if not has_parse(sent) or is_question(toks):
            continue
        actors = _actors(sent, toks)
        if len(actors) < 2:
            continue
        by_token: dict[int, list[Actor]] = {}
        for a in actors:
            for k in range(a.start, a.end):
                by_token.setdefault(sent.start + k, []).append(a)
        names = _Names(sent, toks, by_token)
        evidence = sent.text.strip()
        dates = _sentence_dates(doc, sent)
        governments = _governments(actors)
        for verb in sent:
            i = verb.i - sent.start
            if (
                verb.pos_ != "VERB"
                or verb.lower_ in lex.skip
                or (i > 0 and toks[i - 1] in lex.skip_after)
                or (verb.lower_ in lex.clause_verbs and _says_a_clause(verb))
                or _unrealised(verb, lex)
            ):
                continue
            modality = modality_at(toks, i, governments, i + 1)
            if modality is None:
                continue
            if _passive(verb):  # the agent acts on the passive's subject
                agents = _subject_fillers(verb, frozenset({AGENT, "obl"}), lex.not_subject)
                agents = [t for t in agents if _case(t) in ("", "oleh")]
                subjects = names.slot(agents, lex.subjects)
                patients = _subject_fillers(verb, frozenset({PASSIVE_SUBJECT}), lex.not_subject)
                objects = [(t, AGENT, "") for t in patients]
                words = _active(verb)
            else:
                subjects = names.slot(_subject_fillers(verb, SUBJECT, lex.not_subject), lex.subjects)
                objects = _object_fillers(verb, lex)
                words = verb.lower_
            if not subjects:
                continue
            date = clause_date(sent, dates, i, i + 1)
            for filler, rule, joined in objects:
                if _crosses(verb, filler) or (rule != AGENT and filler.i < verb.i):  # "Dari Sabang, …": a topic
                    continue
                for o in names.slot([filler], lex.objects):
                    for s in subjects:
                        if s.key == o.key or (evidence, frozenset((s.key, o.key))) in linked:
                            continue
                        fact = Fact(
                            subject=s.key,
                            predicate="relatedTo",
                            object=o.key,
                            article_id=article_id,
                            evidence=evidence,
                            extractor=f"rule:related.{rule}",
                            confidence=CONFIDENCE,
                            date=date,
                            modality=modality,
                            verb=f"{words} {joined}".strip(),
                        )
                        out.setdefault((s.key, o.key, fact.verb, sent.start), fact)
    return sorted(out.values(), key=lambda f: (f.evidence, f.subject, f.object, f.verb))
