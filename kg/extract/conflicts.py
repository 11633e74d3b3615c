"""Where sources disagree: two dates for one event, or a fact and its denial.

Both statements stay in the graph (a graph that keeps only one side would hide the disagreement
from its users); `find_conflicts` pairs them, the graph links them with `bk:conflictsWith`, and
report.json lists them.

- **date**: the same fact (subject, property, object) from two articles with dates of the same
  year that cannot both be right ("2019-04-25" and "2019-04-26"; "2019-04" and "2019-05").
  A date and a less precise one that contains it ("2019-04" and "2019") agree; dates of different
  years are taken as different events (leaders meet more than once).
- **denial**: a fact asserted or alleged in one statement and denied in another.

The same fact means the same object: for bk:said (whose `object` is empty) the same quote, so two
different things one person said are never a conflict; for bk:relatedTo the same verb too
("melaporkan" and "menggugat" between one pair are two links, not two dates of one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Fact

__all__ = ["Conflict", "find_conflicts", "SYMMETRIC"]

SYMMETRIC = frozenset({"metWith", "cooperatedWith"})


@dataclass(frozen=True)
class Conflict:
    """Two statements that cannot both be true as they stand."""

    kind: str  # "date" or "denial"
    subject: str
    predicate: str
    object: str
    values: tuple[str, str]  # the two dates, or the two modalities
    statements: tuple[str, str]  # statement IRIs
    sources: tuple[str, ...]  # article ids

    def as_dict(self) -> dict[str, str | list[str]]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "values": list(self.values),
            "statements": list(self.statements),
            "sources": list(self.sources),
        }


def _dates_disagree(a: str, b: str) -> bool:
    if a.startswith("--") or b.startswith("--") or a[:4] != b[:4]:
        return False
    return not (a.startswith(b) or b.startswith(a))


def _same_fact(f: Fact) -> tuple[str, str, str, str]:
    """What two statements must share to be about the same fact: subject, property, object, and
    what was said (bk:said) or the verb (bk:relatedTo)."""
    detail = f.quote if f.predicate == "said" else f.verb if f.predicate == "relatedTo" else ""
    return (f.subject, f.predicate, f.object, detail)


def find_conflicts(facts: Iterable[Fact], statement_of) -> list[Conflict]:
    """Every conflicting pair among `facts`; `statement_of(fact)` gives a statement's IRI."""
    groups: dict[tuple[str, str, str, str], list[Fact]] = defaultdict(list)
    for f in facts:
        if f.value is not None:
            continue
        if f.predicate in SYMMETRIC and f.subject > f.object:
            continue  # stated both ways: one direction is enough
        groups[_same_fact(f)].append(f)
    found: dict[tuple, Conflict] = {}
    for (s, p, o, _), fs in groups.items():
        for i, a in enumerate(fs):
            for b in fs[i + 1 :]:
                kind = None
                if a.modality != b.modality and "denied" in (a.modality, b.modality):
                    kind, values = "denial", (a.modality, b.modality)
                elif (
                    a.modality == b.modality == "asserted"
                    and a.date
                    and b.date
                    and a.article_id != b.article_id
                    and _dates_disagree(a.date.value, b.date.value)
                ):
                    kind, values = "date", (a.date.value, b.date.value)
                if kind is None:
                    continue
                pair = sorted([(str(statement_of(a)), values[0]), (str(statement_of(b)), values[1])])
                key = (kind, pair[0][0], pair[1][0])
                if key not in found:
                    found[key] = Conflict(
                        kind,
                        s,
                        p,
                        o,
                        (pair[0][1], pair[1][1]),
                        (pair[0][0], pair[1][0]),
                        tuple(sorted({a.article_id, b.article_id})),
                    )
                else:
                    old = found[key]
                    found[key] = Conflict(
                        old.kind,
                        s,
                        p,
                        o,
                        old.values,
                        old.statements,
                        tuple(sorted({*old.sources, a.article_id, b.article_id})),
                    )
    return sorted(found.values(), key=lambda c: (c.kind, c.subject, c.predicate, c.object, c.statements))
