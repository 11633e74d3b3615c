"""Treaties: mentions and kinds, keys from parties and year, one node across articles."""

import pytest

from kg.extract.treaties import merge_treaties
from kg.model import Article, Entity, Extraction, Fact, Mention, RawArticle
from kg.pipeline import build_articles, extract, prepare

PUB = "2024-12-20T09:00:00+07:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kedua negara meneken pakta pertahanan penting.", [("pakta pertahanan penting", "pertahanan")]),
        ("Mereka menandatangani perjanjian untuk saling membantu.", [("perjanjian", "pertahanan")]),
        ("Kesepakatan yang ditandatangani pada 2019 itu rapuh.", [("Kesepakatan", "kesepakatan")]),
        ("Mereka meneken perjanjian perdagangan bebas.", [("perjanjian perdagangan bebas", "perdagangan")]),
        ("Tidak ada kata tentang itu.", []),
    ],
)
def test_treaty_mentions_and_kinds(doc_of, text, expected):
    doc = doc_of(text, PUB)
    assert [(s.text, s.kb_id_) for s in doc.spans["treaties"]] == expected


def test_a_later_reference_is_the_same_treaty(doc_of):
    doc = doc_of("Rusia dan Belarus meneken pakta keamanan. Pakta itu mulai berlaku bulan ini.", PUB)
    spans = list(doc.spans["treaties"])
    assert [s.text for s in spans] == ["pakta keamanan", "Pakta itu"]
    assert spans[0].id_ == spans[1].id_


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Indonesia meratifikasi Perjanjian Paris pada 2016.", "Perjanjian Paris"),  # a place inside the title
        ("Traktat Non-Proliferasi Nuklir mulai berlaku pada 1970.", "Traktat Non-Proliferasi Nuklir"),
        ("Bahrain menandatangani Abraham Accords pada 2020.", "Abraham Accords"),  # the head comes last
    ],
)
def test_titled_treaty_names(doc_of, text, name):
    doc = doc_of(text, PUB)
    assert [s.text for s in doc.spans["treaties"]] == [name]
    assert not [
        e for e in doc.ents if e.start >= doc.spans["treaties"][0].start and e.end <= doc.spans["treaties"][0].end
    ]


def test_a_named_treaty_without_parties_is_keyed_by_its_name():
    _, found = facts_of("Traktat Non-Proliferasi Nuklir mulai berlaku pada 1970.")
    assert ("treaty/traktat-non-proliferasi-nuklir", "enteredIntoForceOn", "1970") in found


def test_a_named_treaty_is_a_treaty_not_an_organisation(doc_of):
    doc = doc_of("Perjanjian Damai Camp David ditandatangani oleh Mesir dan Israel pada 1978.", PUB)
    assert [s.text for s in doc.spans["treaties"]] == ["Perjanjian Damai Camp David"]
    assert "Perjanjian Damai Camp David" not in [e.text for e in doc.ents]


def facts_of(text, published=PUB):
    ex = extract(prepare(RawArticle(source="t.txt", body=text, published=published)))
    return ex, {(f.subject, f.predicate, f.value.value if f.value else f.object) for f in ex.facts}


def test_treaty_key_from_kind_parties_and_year():
    ex, found = facts_of("Indonesia dan Australia menandatangani perjanjian pertahanan pada Agustus 2024.")
    key = "treaty/pertahanan-australia-indonesia-2024"
    assert {
        ("country/indonesia", "signed", key),
        ("country/australia", "signed", key),
        (key, "signedOn", "2024-08"),
    } <= found
    treaty = next(m.entity for m in ex.mentions if m.entity.type == "Treaty")
    assert treaty.key == key and "2024" in treaty.label


def test_leaders_stand_for_their_countries_in_the_key():
    _, found = facts_of("Kedua pemimpin, Vladimir Putin dan Kim Jong Un, meneken pakta pertahanan pada Juni 2024.")
    key = "treaty/pertahanan-korea-utara-rusia-2024"
    assert {("person/vladimir-putin", "signed", key), ("person/kim-jong-un", "signed", key)} <= found


def test_entry_into_force_needs_a_date():
    _, found = facts_of(
        "Rusia dan Belarus meneken pakta keamanan pada Mei 2024. Pakta itu mulai berlaku pada Juli 2024."
    )
    assert ("treaty/pertahanan-belarus-rusia-2024", "enteredIntoForceOn", "2024-07") in found
    _, found = facts_of("Rusia dan Belarus meneken pakta keamanan pada Mei 2024. Pakta itu kini berlaku.")
    assert not {f for f in found if f[1] == "enteredIntoForceOn"}


def test_a_treaty_nothing_is_said_about_is_dropped():
    ex, found = facts_of("Kesepakatan itu masih dibahas para diplomat.")
    assert not [m for m in ex.mentions if m.entity.type == "Treaty"] and not found


def _ex(aid: str, key: str) -> Extraction:
    art = Article(id=aid, text="t", source=f"{aid}.txt")
    ent = Entity(key, "Treaty", key)
    return Extraction(
        article=art,
        mentions=(Mention(ent, "pakta", 0, 5),),
        facts=(Fact("country/rusia", "signed", key, aid, "e", "r", 0.8),),
    )


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        # an undated mention joins the one dated treaty of that kind and those parties
        (
            ["treaty/pertahanan-korea-utara-rusia-2024", "treaty/pertahanan-korea-utara-rusia"],
            {"treaty/pertahanan-korea-utara-rusia-2024"},
        ),
        # two dated treaties: the undated one could be either, so it stays apart
        (
            [
                "treaty/pertahanan-korea-utara-rusia-2024",
                "treaty/pertahanan-korea-utara-rusia-2019",
                "treaty/pertahanan-korea-utara-rusia",
            ],
            {
                "treaty/pertahanan-korea-utara-rusia-2024",
                "treaty/pertahanan-korea-utara-rusia-2019",
                "treaty/pertahanan-korea-utara-rusia",
            },
        ),
        # another kind is another treaty
        (
            ["treaty/perdagangan-korea-utara-rusia-2024", "treaty/pertahanan-korea-utara-rusia"],
            {"treaty/perdagangan-korea-utara-rusia-2024", "treaty/pertahanan-korea-utara-rusia"},
        ),
    ],
)
def test_merge_treaties_across_articles(keys, expected):
    merged = merge_treaties([_ex(f"a{n}", k) for n, k in enumerate(keys)])
    assert {m.entity.key for ex in merged for m in ex.mentions} == expected
    assert {f.object for ex in merged for f in ex.facts} == expected


@pytest.mark.parametrize(
    ("about", "expected"),
    [
        (
            ("treaty/pertahanan-korea-utara-rusia", "country/rusia"),
            ("treaty/pertahanan-korea-utara-rusia-2024", "country/rusia"),
        ),
        (
            ("treaty/pertahanan-korea-utara-rusia", "treaty/pertahanan-korea-utara-rusia-2024"),
            ("treaty/pertahanan-korea-utara-rusia-2024",),
        ),
    ],
)
def test_what_a_quote_is_about_follows_the_dated_treaty(about, expected):
    said = Fact("person/kim-jong-un", "said", "", "a1", "e", "r", 0.7, quote="…", about=about)
    exs = [_ex("a0", "treaty/pertahanan-korea-utara-rusia-2024"), _ex("a1", "treaty/pertahanan-korea-utara-rusia")]
    exs[1] = Extraction(exs[1].article, exs[1].mentions, (*exs[1].facts, said))
    merged = merge_treaties(exs)
    assert merged[1].facts[-1].about == expected


@pytest.mark.parametrize(
    ("text", "about"),
    [
        # a treaty nothing is said about is dropped: the quote is no longer about it
        ("Kesepakatan itu masih dibahas para diplomat.", ()),
        # a treaty named by its title that a quote is about is kept, keyed by its name
        ("Traktat Non-Proliferasi Nuklir masih penting.", ("treaty/traktat-non-proliferasi-nuklir",)),
    ],
)
def test_what_a_quote_is_about_gets_the_treaty_key_or_loses_a_dropped_treaty(doc_of, text, about):
    from kg.extract.treaties import resolve_treaties

    doc = doc_of(text, PUB)
    [span] = doc.spans["treaties"]
    said = Fact("person/budi", "said", "", "a1", text, "r", 0.7, quote=text, about=(span.id_, "country/rusia"))
    facts, _ = resolve_treaties(doc, [said])
    assert [f.about for f in facts] == [(*about, "country/rusia")]


def test_one_treaty_in_two_articles_is_one_node():
    raws = [
        RawArticle(
            source="a.txt",
            published="2024-12-31T10:00:00+07:00",
            body="Pada Juni 2024, Rusia dan Korea Utara meneken pakta pertahanan. Pakta itu mulai berlaku Desember.",
        ),
        RawArticle(
            source="b.txt",
            body="Vladimir Putin dan Kim Jong Un telah meneken perjanjian untuk saling membantu bila diserang.",
        ),
    ]
    result = build_articles(raws)
    treaties = [k for k, le in result.entities.items() if le.entity.type == "Treaty"]
    assert treaties == ["treaty/pertahanan-korea-utara-rusia-2024"]
    assert result.report["entities"]["Treaty"] == 1


def test_what_is_said_of_a_treaty_later_can_tell_its_kind(doc_of):
    doc = doc_of(
        "Kedua negara meneken perjanjian kemitraan. Perjanjian itu mewajibkan keduanya saling "
        "memberikan bantuan militer bila diserang.",
        PUB,
    )
    assert {s.kb_id_ for s in doc.spans["treaties"]} == {"pertahanan"}
