"""Linking across articles: one stable key per real entity, every surface form an alias."""

from __future__ import annotations

import pytest

from kg.extract.link import doc_mentions, link_entities, unify_types
from kg.model import Article, Entity, Extraction, Fact, Mention


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
