"""Facts from sentences: relation frames kept as data, applied to a spaCy `Doc`.

A frame (kg/data/relations.jsonl) names a property, trigger phrases, and where its arguments
stand relative to the trigger: the nearest entity of the right type to the left, the first one
to the right (optionally after a marker such as "kepada", or before one), a coordinated pair
("X dan Y bertemu", "pertemuan antara X dan Y"), the sentence's date (treaty dates), or the
sender of an earlier fact ("surat itu dibalas X"). Arguments may be references resolved by
`kg.coref` ("kedua negara") and treaties found by `kg.treaties`. Titles ("Presiden Rusia
Vladimir Putin") give `leaderOf`/`affiliatedWith` from kg/data/roles.jsonl, and the country
inside a title is not an actor. Words before a trigger (kg/data/modality.json) block a fact
(negation, plans, invitations) or mark it "denied" or "alleged".
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span

from ..model import DateValue, Fact
from ..nlp.gazetteer import entity_key, load_gazetteer
from .arguments import arguments
from .details import penalty, role_title
from .frames import Actor, Arg, Frame, is_question, load_frames, modality_at, report_markers, title_spans
from .grammar import clause_date
from .places import located
from .roles import Role, roles

__all__ = ["Arg", "Frame", "load_frames", "extract_facts", "modality_at"]

TITLE_CONFIDENCE = 0.9
APPOSITION_CONFIDENCE = 0.8
REFERENCE_SPANS = ("coref", "treaties")  # span groups whose spans are actors too (kg.coref, kg.treaties)


def _sentence_dates(doc: Doc, sent: Span) -> tuple[list[tuple[int, DateValue]], list[DateValue]]:
    """Dates in a sentence with their token offset, and apart from them the dates of a report
    ("kata X pada Jumat"), which date the report, not the fact."""
    report = report_markers()
    out: list[tuple[int, DateValue]] = []
    reports: list[DateValue] = []
    for dm in doc._.dates or ():
        if not (sent.start_char <= dm.start < sent.end_char):
            continue
        span = doc.char_span(dm.start, dm.end, alignment_mode="expand")
        if span is None:
            continue
        before = {t.lower_ for t in doc[max(sent.start, span.start - 6) : span.start]}
        if report & before:
            reports.append(dm.value)
            continue
        out.append((span.start - sent.start, dm.value))
    return out, reports


@lru_cache(maxsize=1)
def _trigger_index() -> dict[str, tuple[tuple[int, tuple[tuple[str, ...], ...]], ...]]:
    """Every frame's triggers by their first word: (frame number in `load_frames()`, that frame's
    triggers starting with the word, longest first). One dictionary look-up a token serves all frames."""
    index: dict[str, dict[int, list[tuple[str, ...]]]] = {}
    for n, frame in enumerate(load_frames()):
        for trig in frame.triggers:  # already longest first
            index.setdefault(trig[0], {}).setdefault(n, []).append(trig)
    return {w: tuple((n, tuple(ts)) for n, ts in by_frame.items()) for w, by_frame in index.items()}


def _triggers(toks: list[str]) -> dict[int, list[tuple[int, int]]]:
    """(start, end) of trigger matches by frame number, the longest trigger of a frame winning at
    each start, in text order."""
    index = _trigger_index()
    hits: dict[int, list[tuple[int, int]]] = {}
    for i, word in enumerate(toks):
        for n, trigs in index.get(word, ()):
            for trig in trigs:
                if len(trig) == 1 or tuple(toks[i : i + len(trig)]) == trig:
                    hits.setdefault(n, []).append((i, i + len(trig)))
                    break
    return hits


def _capital(key: str) -> bool:
    entry = load_gazetteer().entries.get(key)
    return bool(entry and entry.capital_of)


def _located_ok(subject: str, obj: str) -> bool:
    """A capital is in its own country: "Moskow di Ukraina" is not where Moscow is."""
    entry = load_gazetteer().entries.get(subject)
    return not (entry and entry.capital_of and obj.startswith("country/") and entry.capital_of != obj)


def _sentence_actors(
    doc: Doc, sent: Span, toks: list[str], named: frozenset[str]
) -> tuple[list[Actor], list[Role], set[int], list[Actor]]:
    """The sentence's free actors (entities not inside a title, references, treaties), its title
    facts, the token positions of titles, and the bodies inside titles (the object of "terpilih
    sebagai Ketua Umum Partai X"). `named`: the keys of every entity of the doc."""
    ents = [
        Actor(e.start - sent.start, e.end - sent.start, e.ent_id_ or entity_key(e.label_, e.text), e.label_)
        for e in sent.ents
    ]
    inside, covered = title_spans(toks, ents)
    gazetteer = load_gazetteer().entries
    offices = {a.key: gazetteer[a.key].offices for a in ents if a.key in gazetteer and gazetteer[a.key].offices}
    title_facts = roles(sent, ents, offices, named)
    extra = [
        Actor(sp.start - sent.start, sp.end - sent.start, sp.id_, sp.label_, key == "coref")
        for key in REFERENCE_SPANS
        for sp in doc.spans.get(key, ())
        if sent.start <= sp.start and sp.end <= sent.end
    ]
    free = [a for n, a in enumerate(ents) if n not in inside] + extra
    titled = [a for n, a in enumerate(ents) if n in inside]
    return sorted(free, key=lambda a: (a.start, a.end, a.key)), title_facts, covered, titled


def extract_facts(doc: Doc, article_id: str) -> list[Fact]:
    """Every fact the frames find in `doc`, deduplicated, in text order. Treaties keep their
    provisional ids ("treaty@…"): `kg.treaties.resolve_treaties` gives them their keys."""
    facts: dict[tuple, Fact] = {}
    last_subject: dict[str, Actor] = {}
    evidence_of: dict[int, str] = {}  # a sentence's text, made once: a long sentence made it quadratic

    def evidence(sent: Span) -> str:
        text = evidence_of.get(sent.start)
        if text is None:
            text = evidence_of[sent.start] = sent.text.strip()
        return text

    def add(
        s: Actor,
        prop: str,
        o: Actor | None,
        rule: str,
        conf: float,
        sent: Span,
        date: DateValue | None,
        modality: str = "asserted",
        value: DateValue | None = None,
        reported: DateValue | None = None,
        role: str = "",
        former: bool = False,
        penalty: str = "",
    ) -> None:
        if o is not None and (s.key == o.key or (prop == "locatedIn" and not _located_ok(s.key, o.key))):
            return
        fact = Fact(
            subject=s.key,
            predicate=prop,
            object=o.key if o else "",
            article_id=article_id,
            evidence=evidence(sent),
            extractor=f"rule:{rule}",
            confidence=conf,
            date=date,
            modality=modality,
            value=value,
            reported=reported if date is None else None,
            role=role,
            former=former,
            penalty=penalty,
        )
        key = (fact.subject, prop, fact.object, value, date, modality, former, sent.start)
        if key not in facts or facts[key].confidence < conf:
            facts[key] = fact
        if modality == "asserted":
            last_subject[prop] = s

    history: list[tuple[list[str], list[Actor]]] = []
    published = (doc._.published or "")[:10]
    sentences = []
    named = frozenset(e.ent_id_ for e in doc.ents if e.ent_id_)
    for sent in doc.sents:
        toks = [t.lower_ for t in sent]
        sentences.append((sent, toks, *_sentence_actors(doc, sent, toks, named)))
    for n, (sent, toks, free, title_facts, covered, titled) in enumerate(sentences):
        for r in title_facts:
            add(r.person, r.property, r.body, r.rule, TITLE_CONFIDENCE, sent, None, role=r.title, former=r.former)
        for loc in located(toks, free):  # "di Hotel X, Jakarta Pusat", "Vladivostok, Rusia"
            add(loc.inner, "locatedIn", loc.outer, loc.rule, APPOSITION_CONFIDENCE, sent, None)
        dates, reports = _sentence_dates(doc, sent)
        governments = frozenset(a.start for a in free if a.label == "Country" or _capital(a.key))
        frames = load_frames()
        hits = {} if is_question(toks) else _triggers(toks)
        for n_frame in sorted(hits):
            frame = frames[n_frame]
            for i, j in hits[n_frame]:
                if any(tuple(toks[i : i + len(u)]) == u for u in frame.unless):
                    continue  # "meminta maaf" is apologising, not asking
                modality = modality_at(toks, i, governments, None if frame.future_ok else j)
                if modality is None:
                    continue
                found = arguments(
                    toks,
                    sorted([*free, *titled], key=lambda a: (a.start, a.end, a.key)) if frame.role_between else free,
                    covered,
                    frame,
                    i,
                    j,
                    history,
                    last_subject,
                    facts.values(),
                    sent,
                    sentences[n + 1][1:3] if n + 1 < len(sentences) else None,
                )
                if found is None:
                    continue
                subjects, objects = found
                if frame.not_followed_by and any(
                    0 <= o.end < len(toks) and toks[o.end] in frame.not_followed_by for o in objects
                ):
                    continue  # "mengajak X untuk mengawal …": urging, not inviting
                if frame.requires:
                    spans = [*subjects, *objects]
                    lo = max(0, min([i, *(a.start for a in spans if a.start >= 0)]) - 6)
                    hi = max([j + 3, *(a.end + 3 for a in spans if a.end >= 0)])  # "… X sebagai tersangka"
                    if not frame.requires.intersection(toks[lo:hi]):
                        continue
                date = clause_date(sent, dates, i, j) if frame.dated else None
                if (
                    date is not None
                    and frame.future_ok
                    and published
                    and date.value[: len(published)] > published[: len(date.value)]
                ):
                    date = None  # "mengundang X ke Moskow tahun depan": the date is the visit's, not the invitation's
                if frame.object and frame.object.side == "date":
                    if date is not None:
                        for s_ in subjects:
                            add(s_, frame.property, None, frame.id, frame.confidence, sent, None, modality, date)
                    continue
                reported = reports[0] if reports and frame.dated else None
                given = penalty(sent, j) if frame.penalty else ""  # the court's sentence, sentenced only
                for s_ in subjects:
                    for o_ in objects:
                        role = role_title(sent, toks, frame, j, o_)
                        add(
                            s_,
                            frame.property,
                            o_,
                            frame.id,
                            frame.confidence,
                            sent,
                            date,
                            modality,
                            None,
                            reported,
                            role=role,
                            penalty=given,
                        )
                        if frame.symmetric:
                            add(
                                o_, frame.property, s_, frame.id, frame.confidence, sent, date, modality, None, reported
                            )
                for prop, role in frame.date_facts if date else ():
                    for a in objects if role == "object" else subjects:
                        add(a, prop, None, frame.id, frame.confidence, sent, None, modality, date)
        history.append((toks, free))
    return sorted(facts.values(), key=lambda f: (f.evidence, f.predicate, f.subject, f.object))
