import pytest


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("pada Senin (15/8), ia", ["pada", "Senin", "(", "15", "/", "8", ")", ",", "ia"]),
        ("hubungan Rusia-Korut", ["hubungan", "Rusia", "-", "Korut"]),
        ("bekerja bersama-sama", ["bekerja", "bersama-sama"]),
        ("di Jl. Sudirman", ["di", "Jl.", "Sudirman"]),
    ],
)
def test_tokenizer_fixes(nlp, text, tokens):
    assert [t.text for t in nlp.make_doc(text)] == tokens


def test_sentences_do_not_split_after_abbreviation_and_do_split_at_paragraphs(doc_of):
    doc = doc_of("Ia tinggal di Jl. Sudirman sejak lama.\n\nSubjudul Tanpa Titik\n\nKalimat berikutnya.")
    assert [s.text.strip() for s in doc.sents] == [
        "Ia tinggal di Jl. Sudirman sejak lama.",
        "Subjudul Tanpa Titik",
        "Kalimat berikutnya.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Presiden Joko Widodo tiba di Tokyo, Jepang.",
            [
                ("Joko Widodo", "Person", "person/joko-widodo"),
                ("Tokyo", "City", "city/tokyo"),
                ("Jepang", "Country", "country/jepang"),
            ],
        ),
        (
            "Korut dan Korsel bertemu di PBB.",
            [
                ("Korut", "Country", "country/korea-utara"),
                ("Korsel", "Country", "country/korea-selatan"),
                ("PBB", "Organization", "organization/perserikatan-bangsa-bangsa"),
            ],
        ),
        ("Dewan Keamanan PBB bersidang.", [("Dewan Keamanan PBB", "Organization", "organization/dewan-keamanan-pbb")]),
        ("Negeri Tirai Bambu menolak.", [("Negeri Tirai Bambu", "Country", "country/tiongkok")]),
    ],
)
def test_gazetteer_entities(doc_of, text, expected):
    assert [(e.text, e.label_, e.ent_id_) for e in doc_of(text).ents] == expected


def test_short_form_resolves_inside_the_article(doc_of):
    doc = doc_of("Kim Jong Un tiba di Moskow. Kim kemudian bertemu Putin.")
    kims = [e for e in doc.ents if e.text == "Kim"]
    assert len(kims) == 1 and kims[0].ent_id_ == "person/kim-jong-un"


def test_short_form_shared_by_two_people_stays_unresolved(doc_of):
    doc = doc_of("Kim Jong Un dan Kim Yo Jong hadir. Kim berbicara lebih dulu.")
    assert [e.text for e in doc.ents][:2] == ["Kim Jong Un", "Kim Yo Jong"]
    # the recognizer may well see a person in the bare "Kim", but not either of the two
    assert all(e.ent_id_ not in ("person/kim-jong-un", "person/kim-yo-jong") for e in doc.ents if e.text == "Kim")


def test_short_form_without_full_name_is_not_guessed(doc_of):
    assert [e.text for e in doc_of("Kim berbicara lebih dulu.").ents] == []


def test_dates_on_doc(doc_of):
    doc = doc_of("Surat dikirim pada Senin (15/8).", "2022-08-15T14:35:00+07:00")
    assert [(d.value.value, d.value.datatype) for d in doc._.dates] == [("2022-08-15", "date")]
    assert [s.text for s in doc.spans["dates"]] == ["Senin (15/8)"]
