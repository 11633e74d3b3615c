"""Near-duplicate articles: two scrapes of one story are one article.

Each article's word 5-gram shingles get a MinHash; an LSH Ensemble index (datasketch) answers
"which articles contain most of this one's shingles" without comparing every pair. Candidates
are then checked exactly. A shorter scrape contained in a fuller one is its duplicate; in each
group of duplicates the fullest article (then the smallest id) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSHEnsemble

__all__ = ["shingles", "find_duplicates"]

_WORD = re.compile(r"\w+")
SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.8  # share of the shorter article's shingles found in the fuller one
LSH_THRESHOLD = 0.6  # the index is asked more loosely, so that it misses no true pair; exact check after
MIN_SHINGLES = 20  # below this an article is too short to call a copy


def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    """Lower-case word k-grams of `text`."""
    words = _WORD.findall(text.lower())
    return frozenset(" ".join(words[i : i + k]) for i in range(max(1, len(words) - k + 1)))


def _minhash(sh: frozenset[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in sorted(sh)])
    return m


def find_duplicates(items: Sequence[tuple[str, str]], threshold: float = THRESHOLD) -> dict[str, str]:
    """Map each duplicate article id to the id of the article it duplicates.

    `items` are (id, cleaned text). The result never maps an id to itself and every target is
    an article that is not itself a duplicate.
    """
    sets = {aid: shingles(text) for aid, text in items}
    sets = {aid: sh for aid, sh in sets.items() if len(sh) >= MIN_SHINGLES}
    if len(sets) < 2:
        return {}
    hashes = {aid: _minhash(sh) for aid, sh in sets.items()}
    index = MinHashLSHEnsemble(threshold=min(threshold, LSH_THRESHOLD), num_perm=NUM_PERM, num_part=8)
    index.index((aid, hashes[aid], len(sets[aid])) for aid in sorted(sets))
    parent = {aid: aid for aid in sets}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for aid in sorted(sets):
        mine = sets[aid]
        for other in index.query(hashes[aid], len(mine)):
            if other == aid or len(sets[other]) < len(mine):
                continue
            if len(mine & sets[other]) / len(mine) >= threshold:
                ra, rb = find(aid), find(other)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for aid in sets:
        groups.setdefault(find(aid), []).append(aid)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = min(members, key=lambda a: (-len(sets[a]), a))
        out.update({a: keep for a in members if a != keep})
    return dict(sorted(out.items()))
