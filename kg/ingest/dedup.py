"""Near-duplicate articles: two scrapes of one story are one article.

Each article's lower-case word 5-grams (shingles) become a sorted array of 64-bit hashes, 8 bytes
a shingle. An inverted index over all articles' hashes (one sort of one array) counts, for every
pair of articles, the shingles they share; a pair sharing at least `THRESHOLD` of the shorter
article's shingles is a duplicate. A shorter scrape contained in a fuller one is its duplicate;
in each group of duplicates the fullest article (then the smallest id) is kept.

Why not datasketch's LSH Ensemble any more: it answered the same question approximately and held
about 80 KB per article in its index (7 GB of the main process at 16 copies of the corpus); the
exact count holds about 12 bytes a shingle while it runs, and nothing after.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from hashlib import blake2b

import numpy as np
import numpy.typing as npt

__all__ = ["signature", "find_duplicates"]

_WORD = re.compile(r"\w+")
SHINGLE = 5
THRESHOLD = 0.8  # share of the shorter article's shingles found in the fuller one
MIN_SHINGLES = 20  # below this an article is too short to call a copy
#: A shingle found in more articles than this is a stock phrase ("kata dia kepada wartawan"): it
#: is no evidence that two articles are one, so it pairs nothing up (it still counts in the
#: exact check of a pair that other shingles bring together).
COMMON = 64
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it mod 2**64 is a bijection

Signature = npt.NDArray[np.uint64]


def _word_hash(word: str, cache: dict[str, int]) -> int:
    value = cache.get(word)
    if value is None:
        value = cache[word] = int.from_bytes(blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    return value


def signature(text: str, k: int = SHINGLE, cache: dict[str, int] | None = None) -> Signature:
    """The sorted, distinct 64-bit hashes of the lower-case word k-grams of `text` (one k-gram
    of all the words when there are fewer than k). Stable across processes and runs: words are
    hashed with BLAKE2b, never with Python's salted `hash`."""
    cache = {} if cache is None else cache
    words = np.array([_word_hash(w, cache) for w in _WORD.findall(text.lower())], dtype=np.uint64)
    if len(words) == 0:
        return np.zeros(0, dtype=np.uint64)
    n = max(1, len(words) - k + 1)
    width = min(k, len(words))
    h = words[:n].copy()
    for j in range(1, width):
        h = h * _MIX + words[j : j + n]  # wraps mod 2**64, as meant
    return np.unique(h)


Ints = npt.NDArray[np.int64]


def _range_of(sig: Signature, lo: int, hi: int) -> tuple[int, int]:
    """Where the values in [lo, hi) start and end in the sorted `sig`."""
    start = int(np.searchsorted(sig, np.uint64(lo)))
    end = len(sig) if hi >= 2**64 else int(np.searchsorted(sig, np.uint64(hi)))
    return start, end


def _shared_counts(sigs: Sequence[Signature]) -> tuple[Ints, Ints, Ints]:
    """Every pair of articles (i < j, as one code i * len(sigs) + j) that shares a shingle found in
    at most `COMMON` articles, how many such shingles it shares, and per article how many of its
    shingles are in more than `COMMON` articles."""
    n = len(sigs)
    common = np.zeros(n, dtype=np.int64)
    counter = _PairCounter()
    total = sum(len(s) for s in sigs)
    slices = max(1, -(-total // SHINGLES_PER_SLICE))
    bounds = [int(x) for x in np.linspace(0, 2**64 - 1, slices + 1)]
    bounds[-1] = 2**64  # past the largest hash
    for lo, hi in itertools.pairwise(bounds):  # one range of hash values at a time: bounded memory
        cut = [_range_of(s, lo, hi) for s in sigs]  # each signature is sorted: its shingles in range are a slice
        values = np.concatenate([s[a:b] for s, (a, b) in zip(sigs, cut, strict=True)])
        owners = np.repeat(np.arange(n, dtype=np.int32), [b - a for a, b in cut])
        del cut
        order = np.argsort(values, kind="stable")  # stable: owners stay ascending within a group
        values, owners = values[order], owners[order]
        del order
        starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]]) if len(values) else np.zeros(0, dtype=np.int64)
        del values
        sizes = np.diff(np.r_[starts, len(owners)])
        common += np.bincount(owners[np.repeat(sizes > COMMON, sizes)], minlength=n)
        for size in np.unique(sizes[(sizes >= 2) & (sizes <= COMMON)]).tolist():
            first = starts[sizes == size]
            left, right = np.triu_indices(size, k=1)
            step = max(1, PAIRS_PER_STEP // len(left))  # bounds the memory of one step
            for i in range(0, len(first), step):
                members = owners[first[i : i + step, None] + np.arange(size)].astype(np.int64)  # a row per shingle
                counter.add((members[:, left] * n + members[:, right]).ravel())
    pairs, counts = counter.totals()
    return pairs, counts, common


#: Shingles sorted at once (16 bytes each with their article): the hash range is cut into slices of
#: about this many, so that 16 copies of the corpus (16 million shingles) cost no more than one.
SHINGLES_PER_SLICE = 2_000_000
#: Pair codes made at once (8 bytes each) before they are counted.
PAIRS_PER_STEP = 500_000


class _PairCounter:
    """Counts of int64 codes, added in steps: each step is reduced to (distinct codes, counts) at
    once, and the partial counts are merged whenever they outgrow the last merge, so memory stays
    about twice the number of distinct pairs plus one step."""

    def __init__(self) -> None:
        self.parts: list[tuple[Ints, Ints]] = []
        self.size = 0
        self.merged = PAIRS_PER_STEP

    def add(self, codes: Ints) -> None:
        uniq, counts = np.unique(codes, return_counts=True)
        self.parts.append((uniq, counts.astype(np.int64)))
        self.size += len(uniq)
        if self.size > 2 * self.merged:
            self.parts = [self.totals()]
            self.size = self.merged = max(PAIRS_PER_STEP, len(self.parts[0][0]))

    def totals(self) -> tuple[Ints, Ints]:
        if not self.parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        if len(self.parts) == 1:
            return self.parts[0]
        codes = np.concatenate([p[0] for p in self.parts])
        counts = np.concatenate([p[1] for p in self.parts])
        order = np.argsort(codes, kind="stable")
        codes, counts = codes[order], counts[order]
        starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
        return codes[starts], np.add.reduceat(counts, starts)


def find_duplicates(items: Sequence[tuple[str, str]], threshold: float = THRESHOLD) -> dict[str, str]:
    """Map each duplicate article id to the id of the article it duplicates.

    `items` are (id, cleaned text). The result never maps an id to itself and every target is
    an article that is not itself a duplicate.
    """
    cache: dict[str, int] = {}  # word hashes, shared by every article of this call
    ids, sigs = [], []
    for aid, text in items:
        sig = signature(text, cache=cache)
        if len(sig) >= MIN_SHINGLES:
            ids.append(aid)
            sigs.append(sig)
    del cache
    if len(sigs) < 2:
        return {}
    sizes = np.array([len(s) for s in sigs], dtype=np.int64)
    pairs, counts, common = _shared_counts(sigs)
    first, second = pairs // len(sigs), pairs % len(sigs)
    shorter = np.minimum(sizes[first], sizes[second])
    # common shingles paired nothing up, so a count may fall short of the true overlap by at most
    # the shorter article's common shingles: keep the pair for the exact check unless even those
    # could not lift it to the threshold
    candidates = counts + np.minimum(common[first], common[second]) >= threshold * shorter
    parent = list(range(len(sigs)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in zip(first[candidates].tolist(), second[candidates].tolist(), strict=True):
        small, big = (a, b) if (sizes[a], ids[a]) <= (sizes[b], ids[b]) else (b, a)
        shared = np.intersect1d(sigs[small], sigs[big], assume_unique=True).size
        if shared / sizes[small] >= threshold:
            ra, rb = find(small), find(big)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(len(sigs)):
        groups.setdefault(find(i), []).append(i)
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        keep = min(members, key=lambda i: (-int(sizes[i]), ids[i]))
        out.update({ids[i]: ids[keep] for i in members if i != keep})
    return dict(sorted(out.items()))
