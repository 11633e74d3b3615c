"""The recognizer beyond the gazetteer: unknown names, context rules, types, metonymy, noise."""

from __future__ import annotations

import pytest


def ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


def keys(doc):
    return {e.text: e.ent_id_ for e in doc.ents}


# Names in no gazetteer: the statistical recognizer and the context rules must find them.
@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        ("Menteri Perdagangan Budi Santoso meninjau pasar pada pagi hari.", "Budi Santoso", "Person"),
        (
            "Juru bicara kepolisian, Komisaris Besar Rina Puspitasari, membenarkan kabar itu.",
            "Rina Puspitasari",
            "Person",
        ),
        ("Ekonom Hendra Wijayakusuma menilai inflasi akan turun.", "Hendra Wijayakusuma", "Person"),
        ("Gubernur Sulawesi Tengah Rusdy Mastura meresmikan jembatan baru.", "Rusdy Mastura", "Person"),
        ("Mahasiswa Universitas Tadulako menggelar diskusi.", "Universitas Tadulako", "Organization"),
        (
            "Kementerian Desa dan Transmigrasi menyalurkan dana ke daerah.",
            "Kementerian Desa dan Transmigrasi",
            "Organization",
        ),
        ("Kantor Berita Yakutia melaporkan banjir besar.", "Kantor Berita Yakutia", "Organization"),
        ("Rombongan itu tiba di Kabupaten Sigi pada malam hari.", "Kabupaten Sigi", "Place"),
        ("Delegasi tersebut berangkat menuju Petropavlovsk untuk meninjau pelabuhan.", "Petropavlovsk", "Place"),
        ("Banjir merendam Kabupaten Wonogiri dan Kabupaten Sragen sejak Senin.", "Kabupaten Sragen", "Place"),
        ("Wakil Presiden Suriah Faruq El-Shara membantah laporan itu.", "Faruq El-Shara", "Person"),
    ],
)
def test_unknown_names_are_found(doc_of, text, name, label):
    assert (name, label) in ents(doc_of(text))


@pytest.mark.parametrize(
    ("text", "name", "key"),
    [
        ("Presiden Korsel tiba di Jakarta.", "Korsel", "country/korea-selatan"),
        ("Pemerintah Negeri Paman Sam menolak.", "Negeri Paman Sam", "country/amerika-serikat"),
        ("Kim Jong-un memimpin rapat partai.", "Kim Jong-un", "person/kim-jong-un"),
        ("Pejabat KPK memeriksa saksi.", "KPK", "organization/komisi-pemberantasan-korupsi"),
        ("Banjir melanda Sulsel pekan ini.", "Sulsel", "place/sulawesi-selatan"),
    ],
)
def test_known_names_get_their_canonical_key(doc_of, text, name, key):
    assert keys(doc_of(text)).get(name) == key


def test_a_title_with_a_country_is_split_from_the_name(doc_of):
    doc = doc_of("Presiden Rusia Vladimir Putin menerima tamu.")
    assert ("Rusia", "Country") in ents(doc) and ("Vladimir Putin", "Person") in ents(doc)


@pytest.mark.parametrize(
    ("text", "label", "key"),
    [
        ("Moskow menolak tuduhan itu.", "Country", "country/rusia"),
        ("Pemerintah Washington mengecam uji coba rudal.", "Country", "country/amerika-serikat"),
        ("Ia tiba di Moskow pada malam hari.", "City", "city/moskow"),
        ("Salju turun di Washington sepanjang pekan.", "City", "city/washington-dc"),
    ],
)
def test_a_capital_acting_as_a_government_is_its_country(doc_of, text, label, key):
    city = next(e for e in doc_of(text).ents if e.text in ("Moskow", "Washington"))
    assert (city.label_, city.ent_id_) == (label, key)


@pytest.mark.parametrize(
    "text",
    [
        "Kedua pemimpin berjabat tangan di depan wartawan. Foto/Reuters",
        "Kedua pemimpin berjabat tangan (Foto: AFP/Kirill Kudryavtsev) sebelum rapat dimulai.",
        "REUTERS/Sputnik Kedua pemimpin berjabat tangan.",
    ],
)
def test_photo_credits_make_no_entities(doc_of, text):
    assert not {"Reuters", "AFP", "Sputnik", "Kirill Kudryavtsev"} & {e.text for e in doc_of(text).ents}


def test_countries_as_modifiers_are_entities_for_facts_but_not_named(doc_of):
    doc = doc_of("Dua warga Palestina terluka, sementara tentara Israel mundur ke perbatasan Suriah.")
    assert {"Palestina", "Israel"} <= {e.text for e in doc.ents}
    named = {e.text for e in doc.spans["named"]}
    assert "Palestina" not in named and "Israel" not in named


def test_a_country_after_a_locative_word_is_named(doc_of):
    doc = doc_of("Pesawat itu mendarat di Finlandia dua jam kemudian.")
    assert "Finlandia" in {e.text for e in doc.spans["named"]}


def test_an_unknown_persons_short_form_is_the_same_person(doc_of):
    doc = doc_of("Menteri Perdagangan Budi Santoso meninjau pasar. Santoso mengatakan harga stabil.")
    assert {e.ent_id_ for e in doc.ents if e.text in ("Budi Santoso", "Santoso")} == {"person/budi-santoso"}


def test_two_people_sharing_a_surname_are_not_merged(doc_of):
    doc = doc_of("Menteri Agus Santoso dan Gubernur Budi Santoso hadir. Santoso lalu berpidato.")
    people = {e.ent_id_ for e in doc.ents if e.label_ == "Person"}
    assert {"person/agus-santoso", "person/budi-santoso"} <= people
    alone = [e for e in doc.ents if e.text == "Santoso"]
    assert all(e.ent_id_ not in ("person/agus-santoso", "person/budi-santoso") for e in alone)


def test_entity_rules_are_valid_matcher_patterns(nlp):
    from kg.nlp.entities import EntityLinker, entity_rules

    rules = entity_rules()
    assert any("title_len" in r for r in rules["patterns"]), "titles from roles.jsonl become patterns"
    EntityLinker(nlp)  # validate=True: a bad pattern in the data file raises here


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Rapat paripurna DPR menyetujui anggaran pendidikan.", "organization/dewan-perwakilan-rakyat"),
        (
            "Moskow mengakui Republik Rakyat Donetsk. Pemimpin DPR menyambut langkah itu.",
            "place/republik-rakyat-donetsk",
        ),
    ],
)
def test_an_ambiguous_abbreviation_follows_the_entity_the_article_names(doc_of, text, key):
    assert [e.ent_id_ for e in doc_of(text).ents if e.text == "DPR"] == [key]


def test_no_entity_runs_across_a_line_break(doc_of):
    doc = doc_of("Kunjungan Bersejarah\n\nPutin tiba di Pyongyang.")
    assert all("\n" not in e.text for e in doc.ents)


def test_a_title_rule_does_not_swallow_the_country_of_the_title(doc_of):
    doc = doc_of("Ia akrab dengan Perdana Menteri Selandia Baru Jacinda Ardern sejak lama.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Selandia Baru", "Country"), ("Jacinda Ardern", "Person")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3. Mendukung Rusia Menekan Tetangganya\n\nIa tiba kemarin.", [("Rusia", "Country")]),  # a title-case heading
        (
            "Saat Xi Jinping menyambangi wilayah Selatan negeri itu, warga berkumpul.",
            [("Xi Jinping", "Person")],
        ),  # a bare direction
        (
            "Konvoi itu tiba di wilayah Jalur Gaza pada malam hari.",
            [("Jalur Gaza", "Place")],
        ),  # a name starts with a capital
    ],
)
def test_capitals_that_are_not_names(doc_of, text, expected):
    assert ents(doc_of(text)) == expected


def test_a_place_inside_a_title_is_an_entity_but_not_a_named_location(doc_of):
    doc = doc_of("Gubernur Jawa Tengah Ahmad Luthfi meninjau pasar di Semarang.")
    assert ("Jawa Tengah", "Place") in ents(doc)
    named = {e.text for e in doc.spans["named"]}
    assert "Jawa Tengah" not in named and "Semarang" in named
