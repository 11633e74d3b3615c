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
