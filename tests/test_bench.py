"""The benchmark's corpus helper: copies that are not duplicates."""

import importlib.util

from kg.ingest.dedup import find_duplicates
from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("bench_build", ROOT / "benchmarks" / "bench_build.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)

TEXT = "\n\n".join(
    [
        "Presiden Joko Widodo meresmikan Bendungan Karian di Lebak, Banten, pada Kamis pagi bersama para menteri.",
        "Bendungan itu akan mengairi ribuan hektare sawah di Banten dan memasok air baku untuk Jakarta dan Tangerang.",
        "Menurut Kementerian Pekerjaan Umum, pembangunan bendungan dimulai pada 2016 dan menelan biaya triliunan rupiah.",
        "Warga sekitar berharap bendungan itu juga mengurangi banjir yang kerap melanda kawasan hilir Sungai Ciujung.",
    ]
)


def test_copies_are_new_articles_to_the_duplicate_detector():
    copies = [(str(n), bench.copy_of(TEXT, n)) for n in range(17)]
    assert copies[0][1] == TEXT and len({c for _, c in copies}) == 17  # 16 copies besides the original, all distinct
    assert "Joko Widodo" not in copies[1][1] and "Jokox Widodox" in copies[1][1]
    assert find_duplicates(copies) == {}  # (an earlier suffix scheme repeated from copy 5 on: 500 "duplicates" at 16x)
    assert find_duplicates([("a", TEXT), ("b", TEXT + "\n\nSatu kalimat tambahan.")])  # while a real copy is found
