"""References resolved to the entities named before them (kg.extract.coref)."""

import pytest

PUB = "2024-07-01T09:00:00+07:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jepang dan Filipina menjalin hubungan. Kedua negara sepakat.",
            [("Kedua negara", "country/filipina"), ("Kedua negara", "country/jepang")],
        ),
        (
            "Emmanuel Macron menyambut Narendra Modi. Kedua pemimpin tersenyum.",
            [("Kedua pemimpin", "person/emmanuel-macron"), ("Kedua pemimpin", "person/narendra-modi")],
        ),
        # two leaders stand for their two countries
        (
            "Joe Biden menelepon Xi Jinping. Kedua negara sepakat.",
            [("Kedua negara", "country/amerika-serikat"), ("Kedua negara", "country/tiongkok")],
        ),
        # capitals named as actors count as their countries
        (
            "Seoul dan Tokyo menolak usulan itu. Kedua negara kecewa.",
            [("Kedua negara", "country/jepang"), ("Kedua negara", "country/korea-selatan")],
        ),
        ("Olaf Scholz mendarat di Beijing. Dia tersenyum.", [("Dia", "person/olaf-scholz")]),
        ("Anwar Ibrahim tiba pagi ini, lalu dia bertemu wartawan.", [("dia", "person/anwar-ibrahim")]),
        (
            "Kekerasan meningkat di Haiti. Antony Blinken lalu mengunjungi negara itu.",
            [("negara itu", "country/haiti")],
        ),
        # nothing to refer to: nothing resolved
        ("Kedua negara sepakat.", []),
        ("Dia tersenyum.", []),
    ],
)
def test_references(doc_of, text, expected):
    doc = doc_of(text, PUB)
    assert sorted((s.text, s.id_) for s in doc.spans["coref"]) == expected
