import pytest

from kg.ingest.dedup import find_duplicates

BASE = " ".join(
    f"Kalimat nomor {i} menceritakan pertemuan para menteri luar negeri di kota pelabuhan tentang kerja sama maritim."
    for i in range(30)
)


def test_shorter_scrape_is_duplicate_of_fuller():
    short = BASE[: len(BASE) // 2]
    fuller = BASE + " Paragraf tambahan tentang latihan bersama angkatan laut kedua negara di perairan selatan."
    assert find_duplicates([("a-short", short), ("b-full", fuller)]) == {"a-short": "b-full"}


def test_different_stories_are_not_duplicates():
    other = " ".join(f"Harga beras di pasar induk nomor {i} naik karena panen tertunda hujan deras." for i in range(30))
    assert find_duplicates([("a", BASE), ("b", other)]) == {}


def test_group_of_three_points_at_the_fullest():
    pieces = [BASE[: len(BASE) // 3], BASE[: 2 * len(BASE) // 3], BASE]
    result = find_duplicates([("x1", pieces[0]), ("x2", pieces[1]), ("x3", pieces[2])])
    assert result == {"x1": "x3", "x2": "x3"}


def test_tiny_texts_are_never_called_copies():
    assert find_duplicates([("a", "Putin tiba."), ("b", "Putin tiba. Kim menyambut.")]) == {}


def _reference(items, threshold=0.8):
    """The definition, pair by pair: word 5-gram sets, containment of the smaller in the larger."""
    import re

    def grams(text):
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i : i + 5]) for i in range(max(1, len(words) - 4))}

    sets = {aid: grams(text) for aid, text in items}
    sets = {aid: s for aid, s in sets.items() if len(s) >= 20}
    parent = {aid: aid for aid in sets}

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a

    ids = sorted(sets)
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            small, big = sorted((a, b), key=lambda x: (len(sets[x]), x))
            if len(sets[small] & sets[big]) / len(sets[small]) >= threshold:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
    groups = {}
    for aid in sets:
        groups.setdefault(find(aid), []).append(aid)
    out = {}
    for members in groups.values():
        keep = min(members, key=lambda a: (-len(sets[a]), a))
        out.update({a: keep for a in members if a != keep})
    return dict(sorted(out.items()))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agrees_with_the_pairwise_definition(seed, monkeypatch):
    """Stories, shorter scrapes of them, stories that share a stock paragraph, and a phrase found
    in more articles than COMMON: the index finds exactly the pairs the definition finds."""
    import random

    from kg.ingest import dedup

    monkeypatch.setattr(dedup, "COMMON", 4)  # so that the stock paragraph is "common" here
    monkeypatch.setattr(dedup, "SHINGLES_PER_SLICE", 100)  # many slices of the hash range
    monkeypatch.setattr(dedup, "PAIRS_PER_STEP", 7)  # and many small counting steps
    rng = random.Random(seed)
    vocab = [f"kata{i}" for i in range(300)]
    stock = " ".join(rng.choice(vocab) for _ in range(40))
    items = []
    for s in range(8):
        story = " ".join(rng.choice(vocab) for _ in range(rng.randint(40, 120)))
        items.append((f"s{s}", story + " " + stock))
        for c in range(rng.randint(0, 3)):
            words = story.split()
            cut = rng.randint(len(words) // 2, len(words))
            items.append((f"s{s}c{c}", " ".join(words[:cut]) + rng.choice(["", " " + stock])))
        every = rng.randint(5, 45)  # a rewrite: one word in `every` changed, either side of the threshold
        words = [f"lain{i}" if i % every == 0 else w for i, w in enumerate(story.split())]
        items.append((f"s{s}r", " ".join(words)))
    rng.shuffle(items)
    expected = _reference(items)
    assert dedup.find_duplicates(items) == expected
    assert any(k.endswith("r") for k in expected) and any(k.endswith("r") for k, _ in items if k not in expected)
