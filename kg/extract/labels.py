"""Labels: which of the names an entity was seen under becomes its `rdfs:label`.

The label is the fullest proper name the articles give (graph-contract version 2), chosen from
the surface forms of all articles by a total order, so that it never depends on the order in
which articles were read: a name that is not an all-caps acronym, not all lower case and not
ragged by scraping, then one with more words, then a longer one (letters and digits counted,
so spacing and punctuation make no name fuller), then the more frequent, then the first
alphabetically; a name with an aside in brackets only where there is no other. A gazetteer entry's own label, where the articles use it, wins over its other
names that are not acronyms: the gazetteer's aliases are often formal, foreign or nicknames
("Republik Indonesia", "Negeri Paman Sam", "Bung Karno") that are not what the articles call the
thing. Every other form seen is an alternative label.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

__all__ = ["normalize", "words", "split_abbreviation", "is_acronym", "expand_forms", "choose_label"]

_ABBREVIATION = re.compile(r"^(?P<name>.*\S)\s*\(\s*(?P<abbr>[^()\s]+)\s*\)$")
_WORD = re.compile(r"[^\W_]+")
_SPACED_HYPHEN = re.compile(r"\s*-\s*")


def normalize(text: str) -> str:
    """One space between words, none at the ends."""
    return " ".join(text.split())


def words(form: str) -> list[str]:
    """The words of a name, punctuation aside: "Perserikatan Bangsa - Bangsa" has three."""
    return _WORD.findall(form)


def _fold(form: str) -> str:
    """What makes two spellings one name: case, and spaces around a hyphen."""
    return _SPACED_HYPHEN.sub("-", form).casefold()


def _ragged(form: str) -> bool:
    """A form with scraping damage: a spaced hyphen, a bracket or quote left open."""
    return bool(
        re.search(r"\s-|-\s", form)
        or form.count("(") != form.count(")")
        or form.count('"') % 2
        or form.count("“") != form.count("”")
    )


def is_acronym(form: str) -> bool:
    """An all-caps form ("KPK", "DPR RI", "PDI-P"): letters, none of them lower case."""
    letters = [ch for ch in form if ch.isalpha()]
    return bool(letters) and not any(ch.islower() for ch in letters)


def split_abbreviation(form: str) -> tuple[str, str | None]:
    """A name and the acronym bracketed after it: "Mahkamah Konstitusi (MK)" → ("Mahkamah
    Konstitusi", "MK"). A bracket that is no acronym stays part of the name ("PT Pertamina
    (Persero)"); a form wholly in brackets is its inside ("(SPBU)" → "SPBU")."""
    form = normalize(form)
    if form.startswith("(") and form.endswith(")") and form.count("(") == 1 and form.count(")") == 1:
        form = form[1:-1].strip() or form  # "(SPBU)" alone
    match = _ABBREVIATION.match(form)
    if match is None or not is_acronym(match["abbr"]) or len(match["abbr"]) < 2:
        return form, None
    return match["name"], match["abbr"]


_INNER = re.compile(r"\s*\(\s*[^()\s]+\s*\)(?=\s+\S)")


def expand_forms(forms: Iterable[str]) -> Counter[str]:
    """The names in some surface forms, counted: each form normalized, a bracketed acronym
    counted as a name of its own, and a name with an acronym bracketed inside it counted without
    it too ("Dewan Pimpinan Wilayah (DPW) PPP Jateng" is "Dewan Pimpinan Wilayah PPP Jateng")."""
    out: Counter[str] = Counter()
    for form in forms:
        name, abbr = split_abbreviation(form)
        out[name] += 1
        if abbr:
            out[abbr] += 1
        inner = _INNER.sub("", name)
        if inner != name:
            out[inner] += 1
    return out


def _case_rank(form: str) -> int:
    """Which spelling stands for forms equal but for case: "Kompas" before "KOMPAS" before "kompas"."""
    if any(ch.isupper() for ch in form) and any(ch.islower() for ch in form):
        return 0
    return 1 if is_acronym(form) else 2


def _is_lower(form: str) -> bool:
    return not any(ch.isupper() for ch in form)


def choose_label(
    counts: Mapping[str, int],
    canonical: str | None = None,
    not_label: Iterable[str] = (),
) -> tuple[str, tuple[str, ...]]:
    """The label and the sorted alternative labels of an entity seen under the names `counts`
    (name → times seen, see `expand_forms`). Names equal but for case or a spaced hyphen count
    as one, spelt as the most proper-looking; a ragged form (`_ragged`) is the label only when
    no other is there. `canonical` is the gazetteer's label: it wins over names that are
    not acronyms where seen, and is the label where no seen name may be one. `not_label` are
    names that may not be the label though they stay alternatives: another entity's names
    ("Moskow" for Russia's government)."""
    groups: dict[str, Counter[str]] = {}
    for name, n in counts.items():
        groups.setdefault(_fold(name), Counter())[name] += n
    spelt = {fold: min(c, key=lambda s: (_ragged(s), _case_rank(s), -c[s], s)) for fold, c in groups.items()}
    total = {fold: sum(c.values()) for fold, c in groups.items()}
    canon = _fold(canonical) if canonical else None
    barred = {_fold(name) for name in not_label} - {canon}
    eligible = [fold for fold in groups if fold not in barred]
    if not eligible and canonical:
        return canonical, tuple(sorted(spelt[f] for f in groups if f != canon))
    best = min(
        eligible or groups,
        key=lambda f: (
            is_acronym(spelt[f]),
            _is_lower(spelt[f]),
            _ragged(spelt[f]),
            "(" in spelt[f],  # an aside in brackets makes no name fuller
            f != canon,
            -len(words(spelt[f])),
            -sum(map(len, words(spelt[f]))),
            -total[f],
            spelt[f],
        ),
    )
    label = canonical if canonical and best == canon else spelt[best]
    alts = sorted({spelt[f] for f in groups if f != _fold(label)})
    return label, tuple(alts)
