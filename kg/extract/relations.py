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

from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..model import DateValue, Fact
from ..nlp.gazetteer import entity_key, load_gazetteer
from ..resources import load_json
from .frames import DATE_ARG, Actor, Arg, Frame, load_frames, modality_at, report_markers, titles

__all__ = ["Arg", "Frame", "load_frames", "extract_facts", "modality_at"]

TITLE_CONFIDENCE = 0.9
APPOSITION_CONFIDENCE = 0.8
PAIR_JOINERS = frozenset({"dan", "dengan", ","})
AUXILIARIES = frozenset({"telah", "sudah", "juga", "pun", "kembali", "akhirnya"})
REFERENCE_SPANS = ("coref", "treaties")  # span groups whose spans are actors too (kg.coref, kg.treaties)


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


def _coordinated(toks: list[str], actors: list[Actor], actor: Actor, arg: Arg) -> list[Actor]:
    """The actor and those listed with it ("Amerika Serikat dan Korea Selatan menuduh …",
    "… mengirim surat kepada Putin dan Xi"), outward from the trigger."""
    out = [actor]
    n = actors.index(actor)
    step = -1 if arg.side == "left" else 1
    while 0 <= n + step < len(actors):
        nxt, cur = actors[n + step], actors[n]
        between = toks[nxt.end : cur.start] if step < 0 else toks[cur.end : nxt.start]
        if nxt.ref or cur.ref or nxt.label not in arg.types or between not in (["dan"], [","], ["serta"], [",", "dan"]):
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


def _capital(key: str) -> bool:
    entry = load_gazetteer().entries.get(key)
    return bool(entry and entry.capital_of)


def _located_ok(subject: str, obj: str) -> bool:
    """A capital is in its own country: "Moskow di Ukraina" is not where Moscow is."""
    entry = load_gazetteer().entries.get(subject)
    return not (entry and entry.capital_of and obj.startswith("country/") and entry.capital_of != obj)


def _sentence_actors(doc: Doc, sent: Span, toks: list[str]) -> tuple[list[Actor], list[tuple], set[int]]:
    """The sentence's free actors (entities not inside a title, references, treaties), its title
    facts, and the token positions of titles."""
    ents = [
        Actor(e.start - sent.start, e.end - sent.start, e.ent_id_ or entity_key(e.label_, e.text), e.label_)
        for e in sent.ents
    ]
    title_facts, inside, covered = titles(toks, ents)
    extra = [
        Actor(sp.start - sent.start, sp.end - sent.start, sp.id_, sp.label_, key == "coref")
        for key in REFERENCE_SPANS
        for sp in doc.spans.get(key, ())
        if sent.start <= sp.start and sp.end <= sent.end
    ]
    free = [a for n, a in enumerate(ents) if n not in inside] + extra
    return sorted(free, key=lambda a: (a.start, a.end, a.key)), title_facts, covered


def extract_facts(doc: Doc, article_id: str) -> list[Fact]:
    """Every fact the frames find in `doc`, deduplicated, in text order. Treaties keep their
    provisional ids ("treaty@…"): `kg.treaties.resolve_treaties` gives them their keys."""
    facts: dict[tuple, Fact] = {}
    last_subject: dict[str, Actor] = {}

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
    ) -> None:
        if o is not None and (s.key == o.key or (prop == "locatedIn" and not _located_ok(s.key, o.key))):
            return
        fact = Fact(
            subject=s.key,
            predicate=prop,
            object=o.key if o else "",
            article_id=article_id,
            evidence=sent.text.strip(),
            extractor=f"rule:{rule}",
            confidence=conf,
            date=date,
            modality=modality,
            value=value,
            reported=reported if date is None else None,
        )
        key = (fact.subject, prop, fact.object, value, date, modality, sent.start)
        if key not in facts or facts[key].confidence < conf:
            facts[key] = fact
        if modality == "asserted":
            last_subject[prop] = s

    history: list[tuple[list[str], list[Actor]]] = []
    published = (doc._.published or "")[:10]
    sentences = []
    for sent in doc.sents:
        toks = [t.lower_ for t in sent]
        sentences.append((sent, toks, *_sentence_actors(doc, sent, toks)))
    for n, (sent, toks, free, title_facts, covered) in enumerate(sentences):
        for person, prop, holder, rule in title_facts:
            add(person, prop, holder, rule, TITLE_CONFIDENCE, sent, None)
        for k, a in enumerate(free[:-1]):  # "Vladivostok, Rusia": a city and its country
            b = free[k + 1]
            in_list = k > 0 and toks[free[k - 1].end : a.start] == [","]  # "Jerman, Hongaria, Irlandia"
            if a.label in ("City", "Place") and b.label == "Country" and toks[a.end : b.start] == [","] and not in_list:
                add(a, "locatedIn", b, "located.apposition", APPOSITION_CONFIDENCE, sent, None)
        dates, reports = _sentence_dates(doc, sent)
        governments = frozenset(a.start for a in free if a.label == "Country" or _capital(a.key))
        frames = load_frames()
        hits = _triggers(toks)
        for n_frame in sorted(hits):
            frame = frames[n_frame]
            for i, j in hits[n_frame]:
                modality = modality_at(toks, i, governments, None if frame.future_ok else j)
                if modality is None:
                    continue
                found = _arguments(
                    toks,
                    free,
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
                if frame.requires:
                    spans = [*subjects, *objects]
                    lo = max(0, min([i, *(a.start for a in spans if a.start >= 0)]) - 6)
                    hi = max([j + 3, *(a.end for a in spans if a.end >= 0)])
                    if not frame.requires.intersection(toks[lo:hi]):
                        continue
                date = min(dates, key=lambda d: abs(d[0] - i))[1] if dates and frame.dated else None
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
                for s_ in subjects:
                    for o_ in objects:
                        add(s_, frame.property, o_, frame.id, frame.confidence, sent, date, modality, None, reported)
                        if frame.symmetric:
                            add(
                                o_, frame.property, s_, frame.id, frame.confidence, sent, date, modality, None, reported
                            )
                for prop, role in frame.date_facts if date else ():
                    for a in objects if role == "object" else subjects:
                        add(a, prop, None, frame.id, frame.confidence, sent, None, modality, date)
        history.append((toks, free))
    return sorted(facts.values(), key=lambda f: (f.evidence, f.predicate, f.subject, f.object))


def _arguments(
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
    if frame.pair:
        pair = _pair(toks, free, i, j, frame)
        if pair is None:
            return None
        if frame.object is None:
            return [pair[0]], [pair[1]]
        obj = _left(free, i, frame.object)  # "pakta antara X dan Y": both are parties of the pact
        return (list(pair), [obj]) if obj else None
    assert frame.subject is not None and frame.object is not None

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
