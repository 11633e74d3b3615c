"""Linking across articles: one stable key per real entity, every surface form an alias."""

from __future__ import annotations

import itertools

import pytest
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from kg.extract.labels import choose_label, expand_forms, split_abbreviation
from kg.extract.link import doc_mentions, link_entities, merge_short_forms, unify_types
from kg.model import Article, Entity, Extraction, Fact, Mention
from kg.nlp.gazetteer import Entry, Gazetteer


def _article(i: int) -> Article:
    return Article(id=f"a{i}", text="", source=f"a{i}.txt")


def _mention(key: str, type_: str, text: str) -> Mention:
    return Mention(entity=Entity(key=key, type=type_, label=text), text=text, start=0, end=len(text))


def test_an_unknown_name_typed_two_ways_becomes_one_node_with_the_majority_type():
    exs = [
        Extraction(
            article=_article(1),
            mentions=(_mention("person/sinar-harapan", "Person", "Sinar Harapan"),),
            facts=(Fact("person/sinar-harapan", "visited", "city/tokyo", "a1", "", "r", 0.9),),
        ),
        Extraction(
            article=_article(2), mentions=(_mention("organization/sinar-harapan", "Organization", "Sinar Harapan"),)
        ),
        Extraction(
            article=_article(3), mentions=(_mention("organization/sinar-harapan", "Organization", "Sinar Harapan"),)
        ),
    ]
    unified = unify_types(exs)
    assert {m.entity.key for ex in unified for m in ex.mentions} == {"organization/sinar-harapan"}
    assert unified[0].facts[0].subject == "organization/sinar-harapan"
    assert set(link_entities(unified)) == {"organization/sinar-harapan"}


def test_gazetteer_entities_keep_their_key_and_type():
    exs = [
        Extraction(article=_article(1), mentions=(_mention("city/moskow", "City", "Moskow"),)),
        Extraction(article=_article(2), mentions=(_mention("country/rusia", "Country", "Moskow"),)),
    ]
    assert [m.entity.key for ex in unify_types(exs) for m in ex.mentions] == ["city/moskow", "country/rusia"]


def test_keys_do_not_depend_on_the_order_of_articles(doc_of):
    texts = ["Menteri Perdagangan Budi Santoso tiba di Kupang.", "Santoso dan Budi Santoso bertemu Korut."]
    one = [doc_mentions(doc_of(t)) for t in texts]
    two = [doc_mentions(doc_of(t)) for t in reversed(texts)]
    assert {m.entity.key for ms in one for m in ms} == {m.entity.key for ms in two for m in ms}


@pytest.mark.parametrize(
    ("texts", "key", "aliases"),
    [
        (
            ["Korea Utara menguji rudal.", "Korut menolak.", "Pyongyang menolak kecaman itu."],
            "country/korea-utara",
            {"Korut", "Pyongyang"},
        ),
        (["Kim Jong Un tiba. Kim tersenyum.", "Kim Jong-un pulang."], "person/kim-jong-un", {"Kim", "Kim Jong-un"}),
    ],
)
def test_every_surface_form_is_an_alias_of_one_node(doc_of, texts, key, aliases):
    exs = [Extraction(article=_article(i), mentions=doc_mentions(doc_of(t))) for i, t in enumerate(texts)]
    linked = link_entities(unify_types(exs))
    assert aliases <= set(linked[key].alt_labels)


# -- labels: the fullest proper name seen ------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "canonical", "not_label", "label", "alts"),
    [
        # an acronym loses to a full name however often it is written
        ({"LKPN": 9, "Lembaga Kajian Pesisir Nusantara": 1}, None, (), "Lembaga Kajian Pesisir Nusantara", ("LKPN",)),
        ({"LKPN RI": 6, "Lestari": 1}, None, (), "Lestari", ("LKPN RI",)),
        # so do a name in lower case and a ragged one (a bracket left open)
        (
            {"lembaga kajian pesisir raya": 3, "Kajian Pesisir": 1},
            None,
            (),
            "Kajian Pesisir",
            ("lembaga kajian pesisir raya",),
        ),
        (
            {"Persatuan Pemuda (Arunika": 3, "Persatuan Pemuda": 1},
            None,
            (),
            "Persatuan Pemuda",
            ("Persatuan Pemuda (Arunika",),
        ),
        # then more words, whatever the length
        ({"Wiratmadja": 5, "Adi Wira": 1}, None, (), "Adi Wira", ("Wiratmadja",)),
        (
            {"Wiratama": 5, "Hadi Susanto": 1, "Wiratama Hadi Susanto": 1},
            None,
            (),
            "Wiratama Hadi Susanto",
            ("Hadi Susanto", "Wiratama"),
        ),
        # then the longer ("Jalan" over "Jl"), letters counted: spacing makes no name fuller
        ({"Jl Melati Raya": 4, "Jalan Melati Raya": 1}, None, (), "Jalan Melati Raya", ("Jl Melati Raya",)),
        # then the more frequent spelling, then the first alphabetically
        ({"Teluk Arwani": 2, "Teluk Arwana": 1}, None, (), "Teluk Arwani", ("Teluk Arwana",)),
        ({"Teluk Arwani": 1, "Teluk Arwana": 1}, None, (), "Teluk Arwana", ("Teluk Arwani",)),
        # spellings equal but for case are one name, spelt properly even when rarer
        ({"lembaga seni rupa": 5, "LEMBAGA SENI RUPA": 2, "Lembaga Seni Rupa": 1}, None, (), "Lembaga Seni Rupa", ()),
        # a spaced hyphen is the same name, spelt without the damage
        (
            {"Persatuan Bangsa - Bangsa": 3, "Persatuan Bangsa-Bangsa": 1, "PBA": 1},
            None,
            (),
            "Persatuan Bangsa-Bangsa",
            ("PBA",),
        ),
        # the gazetteer's label, seen, wins over a fuller nickname; an acronym never wins over it
        ({"Negeri Seribu Pantai": 2, "Arunika": 1, "NA": 7}, "Arunika", (), "Arunika", ("NA", "Negeri Seribu Pantai")),
        # the gazetteer's label, unseen, is not the label: what the articles write is
        ({"DRA": 2}, "Dewan Rakyat Arunika", (), "DRA", ()),
        ({"DRA": 2, "Dewan Rakyat": 1}, "Dewan Rakyat Arunika", (), "Dewan Rakyat", ("DRA",)),
        # another entity's name (a capital for its government) is no label, but stays an alias
        ({"Kotabaru Lama": 3, "Arunika": 1}, "Arunika", ("Kotabaru Lama",), "Arunika", ("Kotabaru Lama",)),
        ({"Kotabaru Lama": 3}, "Arunika", ("Kotabaru Lama",), "Arunika", ("Kotabaru Lama",)),
    ],
)
def test_the_label_is_the_fullest_proper_name_seen(counts, canonical, not_label, label, alts):
    assert choose_label(counts, canonical, not_label) == (label, alts)


@pytest.mark.parametrize(
    ("form", "name", "abbreviation"),
    [
        ("Badan Pengawas Sungai (BPS)", "Badan Pengawas Sungai", "BPS"),
        ("Badan  Pengawas Sungai ( BPS )", "Badan Pengawas Sungai", "BPS"),
        ("Partai Rakyat Maju (PRM-P)", "Partai Rakyat Maju", "PRM-P"),
        ("PT Tirta Arunika (Persero)", "PT Tirta Arunika (Persero)", None),  # part of the name
        ("(SPBG)", "SPBG", None),
        ("Badan Pengawas Sungai", "Badan Pengawas Sungai", None),
    ],
)
def test_a_bracketed_acronym_is_split_from_the_name(form, name, abbreviation):
    assert split_abbreviation(form) == (name, abbreviation)


@pytest.mark.parametrize(
    ("forms", "label"),
    [
        (
            ["Dewan Pimpinan Cabang (DPC) Partai Maju Sumba", "DPC Partai Maju Sumba"],
            "Dewan Pimpinan Cabang Partai Maju Sumba",
        ),
        (["Kepolisian Resor (Polres) Tanah Datar"], "Kepolisian Resor Tanah Datar"),
        (["PT Sinar Terang (Persero) Tbk", "PT Sinar Terang"], "PT Sinar Terang Tbk"),
    ],
)
def test_an_acronym_bracketed_inside_a_name_is_no_part_of_the_label(forms, label):
    assert choose_label(expand_forms(forms))[0] == label


def test_a_bracketed_acronym_is_an_alias_and_not_part_of_the_label():
    forms = ["Badan Pengawas Sungai (BPS)", "BPS", "BPS"]
    assert choose_label(expand_forms(forms)) == ("Badan Pengawas Sungai", ("BPS",))


GAZ = Gazetteer(
    [
        Entry("organization/dewan-rakyat-arunika", "Organization", "Dewan Rakyat Arunika", ("DRA",), qid="Q999001"),
        Entry("country/arunika", "Country", "Arunika", ("Negeri Seribu Pantai",), label_en="Arunica"),
        Entry("city/kotabaru-lama", "City", "Kotabaru Lama", capital_of="country/arunika"),
        Entry("person/raden-bimasakti-jaya", "Person", "Raden Bimasakti Jaya", short_forms=("Bimo",)),
        Entry("person/tjokrosuwarno", "Person", "Tjokrosuwarno"),
    ]
)


def _gaz_mention(key: str, text: str) -> Mention:
    entry = GAZ[key]
    entity = Entity(key=key, type=entry.type, label=entry.label, label_en=entry.label_en, qid=entry.qid)
    return Mention(entity=entity, text=text, start=0, end=len(text))


@pytest.mark.parametrize(
    ("key", "texts", "label", "alts"),
    [
        ("organization/dewan-rakyat-arunika", [["DRA"], ["DRA"]], "DRA", ()),
        (
            "organization/dewan-rakyat-arunika",
            [["DRA"], ["Dewan Rakyat Arunika (DRA)"]],
            "Dewan Rakyat Arunika",
            ("DRA",),
        ),
        ("country/arunika", [["Negeri Seribu Pantai", "Arunika"]], "Arunika", ("Negeri Seribu Pantai",)),
        ("country/arunika", [["Kotabaru Lama"], ["Kotabaru Lama"]], "Arunika", ("Kotabaru Lama",)),
    ],
)
def test_a_gazetteer_entity_is_labelled_by_what_the_articles_write(key, texts, label, alts):
    exs = [Extraction(_article(i), tuple(_gaz_mention(key, t) for t in ts)) for i, ts in enumerate(texts)]
    linked = link_entities(exs, GAZ)[key]
    entry = GAZ[key]
    assert (linked.entity.label, linked.alt_labels) == (label, alts)
    assert (linked.entity.label_en, linked.entity.qid, linked.entity.type) == (entry.label_en, entry.qid, entry.type)


# -- short forms across articles -------------------------------------------------------------------

#: Articles as rows of (key, type, text); the gazetteer's keys are those of `GAZ`.
CASES = {
    "first name alone": (
        [
            [("person/wiratama-hadi-susanto", "Person", "Wiratama Hadi Susanto")],
            [("person/wiratama", "Person", "Wiratama")],
        ],
        {"person/wiratama": "person/wiratama-hadi-susanto"},
        {"person/wiratama-hadi-susanto": ("Wiratama Hadi Susanto", ("Wiratama",))},
    ),
    "last name alone": (
        [
            [("person/susanto", "Person", "Susanto")],
            [("person/wiratama-hadi-susanto", "Person", "Wiratama Hadi Susanto")],
        ],
        {"person/susanto": "person/wiratama-hadi-susanto"},
        {"person/wiratama-hadi-susanto": ("Wiratama Hadi Susanto", ("Susanto",))},
    ),
    "two spellings tie": (
        [[("person/lee-sang-hoon", "Person", "Lee Sang-hoon")], [("person/lee-sang-hoon", "Person", "Lee Sang Hoon")]],
        {},
        {"person/lee-sang-hoon": ("Lee Sang Hoon", ("Lee Sang-hoon",))},
    ),
    "two people share the surname": (
        [
            [("person/andreas-pramudya", "Person", "Andreas Pramudya")],
            [("person/yohanes-pramudya", "Person", "Yohanes Pramudya")],
            [("person/pramudya", "Person", "Pramudya")],
        ],
        {},
        {"person/pramudya": ("Pramudya", ()), "person/andreas-pramudya": ("Andreas Pramudya", ())},
    ),
    "two people share the first name": (
        [
            [("person/rudi-hartanto", "Person", "Rudi Hartanto"), ("person/rudi-saputra", "Person", "Rudi Saputra")],
            [("person/rudi", "Person", "Rudi")],
        ],
        {},
        {"person/rudi": ("Rudi", ())},
    ),
    "a middle name is no short form": (
        [[("person/wiratama-hadi-susanto", "Person", "Wiratama Hadi Susanto")], [("person/hadi", "Person", "Hadi")]],
        {},
        {"person/hadi": ("Hadi", ())},
    ),
    "a gazetteer short form": (
        [[("person/raden-bimasakti-jaya", "Person", "Raden Bimasakti Jaya")], [("person/bimo", "Person", "Bimo")]],
        {"person/bimo": "person/raden-bimasakti-jaya"},
        {"person/raden-bimasakti-jaya": ("Raden Bimasakti Jaya", ("Bimo",))},
    ),
    "a gazetteer node never moves": (
        [
            [("person/tjokrosuwarno", "Person", "Tjokrosuwarno")],
            [("person/tjokrosuwarno-kusumo", "Person", "Tjokrosuwarno Kusumo")],
        ],
        {},
        {"person/tjokrosuwarno": ("Tjokrosuwarno", ()), "person/tjokrosuwarno-kusumo": ("Tjokrosuwarno Kusumo", ())},
    ),
    "an acronym alone": (
        [
            [
                (
                    "organization/lembaga-kajian-pesisir-nusantara",
                    "Organization",
                    "Lembaga Kajian Pesisir Nusantara (LKPN)",
                )
            ],
            [("organization/lkpn", "Organization", "LKPN")],
        ],
        {"organization/lkpn": "organization/lembaga-kajian-pesisir-nusantara"},
        {"organization/lembaga-kajian-pesisir-nusantara": ("Lembaga Kajian Pesisir Nusantara", ("LKPN",))},
    ),
    "an acronym typed a person takes the organisation's type": (
        [
            [
                ("organization/lembaga-kajian-pesisir-nusantara", "Organization", "Lembaga Kajian Pesisir Nusantara"),
                ("organization/lembaga-kajian-pesisir-nusantara", "Organization", "LKPN"),
            ],
            [("person/lkpn", "Person", "LKPN")],
        ],
        {"person/lkpn": "organization/lembaga-kajian-pesisir-nusantara"},
        {"organization/lembaga-kajian-pesisir-nusantara": ("Lembaga Kajian Pesisir Nusantara", ("LKPN",))},
    ),
    "an acronym of the gazetteer": (
        [
            [("organization/dewan-rakyat-arunika", "Organization", "Dewan Rakyat Arunika")],
            [("organization/dra", "Organization", "DRA")],
        ],
        {"organization/dra": "organization/dewan-rakyat-arunika"},
        {"organization/dewan-rakyat-arunika": ("Dewan Rakyat Arunika", ("DRA",))},
    ),
    "two organisations share the acronym": (
        [
            [
                (
                    "organization/lembaga-kajian-pesisir-nusantara",
                    "Organization",
                    "Lembaga Kajian Pesisir Nusantara (LKPN)",
                )
            ],
            [("organization/lembaga-kebudayaan-pulau-nias", "Organization", "Lembaga Kebudayaan Pulau Nias (LKPN)")],
            [("organization/lkpn", "Organization", "LKPN")],
        ],
        {},
        {"organization/lkpn": ("LKPN", ())},
    ),
}


def _extractions(rows: list[list[tuple[str, str, str]]]) -> list[Extraction]:
    def mention(key: str, type_: str, text: str) -> Mention:
        return _gaz_mention(key, text) if key in GAZ else _mention(key, type_, text)

    return [Extraction(_article(i), tuple(mention(*row) for row in article)) for i, article in enumerate(rows)]


@pytest.mark.parametrize(("rows", "moved", "labels"), list(CASES.values()), ids=list(CASES))
def test_a_short_form_joins_the_one_full_name_of_the_build(rows, moved, labels):
    before = _extractions(rows)
    after = merge_short_forms(before, GAZ)
    for ex, old in zip(after, before, strict=True):
        assert [m.entity.key for m in ex.mentions] == [moved.get(m.entity.key, m.entity.key) for m in old.mentions]
    linked = link_entities(after, GAZ)
    assert not set(moved) & set(linked)
    for key, (label, alts) in labels.items():
        assert (linked[key].entity.label, linked[key].alt_labels) == (label, alts)
        assert linked[key].entity.type == key.split("/")[0].capitalize()


@pytest.mark.parametrize("rows", [rows for rows, _, _ in CASES.values()], ids=list(CASES))
def test_nodes_labels_and_aliases_do_not_depend_on_the_order_of_articles(rows):
    def linked(order):
        exs = merge_short_forms(unify_types(_extractions([rows[i] for i in order]), GAZ), GAZ)
        return {k: (le.entity, le.alt_labels, le.mentions) for k, le in link_entities(exs, GAZ).items()}

    first, *others = [linked(order) for order in itertools.permutations(range(len(rows)))]
    assert all(other == first for other in others)


def test_the_facts_of_a_short_form_follow_it_and_a_fact_with_itself_is_dropped():
    full, short, place = "person/wiratama-hadi-susanto", "person/wiratama", "city/kotabaru-lama"
    exs = [
        Extraction(_article(1), (_mention(full, "Person", "Wiratama Hadi Susanto"),)),
        Extraction(
            _article(2),
            (_mention(short, "Person", "Wiratama"), _gaz_mention(place, "Kotabaru Lama")),
            (
                Fact(short, "visited", place, "a2", "", "r", 0.9),
                Fact(short, "metWith", full, "a2", "", "r", 0.9),
                Fact(place, "relatedTo", short, "a2", "", "r", 0.5),
            ),
        ),
    ]
    facts = merge_short_forms(exs, GAZ)[1].facts
    assert [(f.subject, f.predicate, f.object) for f in facts] == [(full, "visited", place), (place, "relatedTo", full)]


@pytest.mark.parametrize(
    ("about", "expected"),
    [
        (("person/wiratama", "city/kotabaru-lama"), ("person/wiratama-hadi-susanto", "city/kotabaru-lama")),
        (("person/wiratama", "person/wiratama-hadi-susanto"), ("person/wiratama-hadi-susanto",)),  # two keys, one node
        ((), ()),
    ],
)
def test_what_a_quote_is_about_follows_a_short_form(about, expected):
    full, short, place = "person/wiratama-hadi-susanto", "person/wiratama", "city/kotabaru-lama"
    said = Fact(place, "said", "", "a2", "", "r", 0.7, quote="…", quote_type="direct", about=about)
    exs = [
        Extraction(_article(1), (_mention(full, "Person", "Wiratama Hadi Susanto"),)),
        Extraction(_article(2), (_mention(short, "Person", "Wiratama"), _gaz_mention(place, "Kotabaru Lama")), (said,)),
    ]
    [fact] = merge_short_forms(exs, GAZ)[1].facts
    assert (fact.subject, fact.object, fact.about, fact.quote) == (place, "", expected, "…")


def test_what_a_quote_is_about_follows_the_majority_type():
    said = Fact("person/budi", "said", "", "a1", "", "r", 0.7, quote="…", about=("person/sinar-harapan",))
    exs = [
        Extraction(_article(1), (_mention("person/sinar-harapan", "Person", "Sinar Harapan"),), (said,)),
        *(
            Extraction(_article(i), (_mention("organization/sinar-harapan", "Organization", "Sinar Harapan"),))
            for i in (2, 3)
        ),
    ]
    [fact] = unify_types(exs)[0].facts
    assert fact.about == ("organization/sinar-harapan",) and fact.object == ""


def test_a_short_form_typed_two_ways_is_unified_then_joins_the_full_name():
    rows = [
        [("person/wiratama-hadi-susanto", "Person", "Wiratama Hadi Susanto")],
        [("organization/wiratama", "Organization", "Wiratama")],
        [("person/wiratama", "Person", "Wiratama")],
        [("person/wiratama", "Person", "Wiratama")],
    ]
    exs = merge_short_forms(unify_types(_extractions(rows), GAZ), GAZ)
    assert {m.entity.key for ex in exs for m in ex.mentions} == {"person/wiratama-hadi-susanto"}
    assert {m.entity.type for ex in exs for m in ex.mentions} == {"Person"}


def test_the_key_of_a_name_with_its_acronym_is_the_key_of_the_name():
    doc = Doc(Vocab(), words=["Yayasan", "Bumi", "Lestari", "(", "YBL", ")", "dan", "Yayasan", "Bumi", "Lestari"])
    doc.ents = [Span(doc, 0, 6, label="Organization"), Span(doc, 7, 10, label="Organization")]
    assert [m.entity.key for m in doc_mentions(doc, GAZ)] == ["organization/yayasan-bumi-lestari"] * 2


def test_a_body_named_by_a_title_is_labelled_by_its_name():
    rows = [("organization/kementerian-pariwisata", "Organization", "Menteri Pariwisata")]
    ex = Extraction(
        article=Article(id="a", text="", source="s"),
        mentions=tuple(Mention(Entity(k, t, text), text, 0, 0) for k, t, text in rows),
    )
    linked = link_entities([ex], Gazetteer([]))
    node = linked["organization/kementerian-pariwisata"]
    assert node.entity.label == "Kementerian Pariwisata" and "Menteri Pariwisata" in node.alt_labels
