"""Entities and facts on real news (scripts/eval_news.py over ../shared/data/news-gold): the figures
may only get better. The floors are the last measured run, a little below it."""

import importlib.util
import sys
from types import SimpleNamespace

import pytest

from kg.model import Article, DateValue, Entity, Extraction, Fact, Mention
from tests.conftest import ROOT

spec = importlib.util.spec_from_file_location("eval_news", ROOT / "scripts" / "eval_news.py")
assert spec is not None and spec.loader is not None
eval_news = importlib.util.module_from_spec(spec)
sys.modules["eval_news"] = eval_news  # its dataclasses look their module up
spec.loader.exec_module(eval_news)


def _result(mentions: list[tuple[str, str, str, str]]):
    """A stand-in build of one article "a1": mentions as (key, type, label, surface text)."""
    article = Article(id="x1", text="", source="feed.jsonl:1")
    ms = tuple(Mention(Entity(key, kind, label), text, 0, 0) for key, kind, label, text in mentions)
    entities = {m.entity.key: SimpleNamespace(entity=m.entity) for m in ms}
    return SimpleNamespace(extractions=[Extraction(article=article, mentions=ms)], entities=entities)


GOLD = [
    {
        "article": "a1",
        "entities": [
            {"name": "Basuki Tjahaja Purnama", "type": "Person", "forms": ["Ahok", "Basuki"]},
            {"name": "Komisi Pemberantasan Korupsi", "type": "Organization", "forms": ["KPK"]},
            {"name": "Makassar", "type": "City", "forms": ["Makassar"]},
        ],
    }
]


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        (  # every entity found and labelled, nothing else
            [
                ("person/basuki-tjahaja-purnama", "Person", "Basuki Tjahaja Purnama", "Basuki"),
                ("organization/kpk", "Organization", "Komisi Pemberantasan Korupsi", "KPK"),
                ("city/makassar", "City", "Makassar", "Makassar"),
            ],
            {"found": 1.0, "label": 1.0, "split": 0.0, "junk": 0.0, "type": 1.0},
        ),
        (  # Makassar found but typed a Place: found, labelled, not typed right
            [("place/makassar", "Place", "Makassar", "Makassar")],
            {"found": 1 / 3, "label": 1 / 3, "split": 0.0, "junk": 0.0, "type": 0.0},
        ),
        (  # Ahok and Basuki two nodes (split, neither labelled right), KPK missed, a junk node
            [
                ("person/ahok", "Person", "Ahok", "Ahok"),
                ("person/basuki", "Person", "Basuki", "Basuki"),
                ("city/makassar", "City", "Makassar", "makassar"),
                ("person/presiden", "Person", "Presiden", "Presiden"),
            ],
            {"found": 2 / 3, "label": 1 / 3, "split": 1 / 3, "junk": 1 / 4, "type": 1.0},
        ),
    ],
)
def test_the_scorer_counts_found_labels_types_splits_and_junk(mentions, expected):
    scores = eval_news.score_entities(GOLD, _result(mentions), {"x1": "a1"})
    assert scores.rates() == pytest.approx(expected)


@pytest.mark.skipif(not eval_news.GOLD.is_dir() or not eval_news.CORPUS.is_dir(), reason="needs ../shared")
def test_the_figures_on_real_news_hold_their_floor():
    gold = eval_news.load_gold()
    result, gold_of = eval_news.build_gold_articles(gold)
    assert len(gold_of) == len(gold) == 40
    rates = eval_news.score_entities(gold, result, gold_of).rates()
    assert rates["found"] >= 0.86 and rates["label"] >= 0.78, rates
    assert rates["split"] <= 0.02 and rates["junk"] <= 0.09 and rates["type"] >= 0.92, rates
    v1 = eval_news.score_facts(gold, result, gold_of).group(eval_news.V1)
    assert v1.right / v1.made >= 0.82 and v1.matched / v1.gold >= 0.45, v1.line()


def _fact_result(facts):
    """A stand-in build of "a1" naming Basuki, KPK and Makassar, with these facts (s, p, o, date)."""
    result = _result(
        [
            ("person/basuki", "Person", "Basuki", "Basuki"),
            ("organization/kpk", "Organization", "KPK", "KPK"),
            ("city/makassar", "City", "Makassar", "Makassar"),
        ]
    )
    made = tuple(
        Fact(s, p, o, "x1", "", "rule:test", 0.8, date=DateValue(d, "date", d) if d else None) for s, p, o, d in facts
    )
    result.extractions[0] = Extraction(
        article=result.extractions[0].article, mentions=result.extractions[0].mentions, facts=made
    )
    return result


FACT_GOLD = [
    {
        **GOLD[0],
        "facts": [
            {"s": "Basuki Tjahaja Purnama", "p": "visited", "o": "Makassar", "date": "2024-05"},
            {"s": "Basuki Tjahaja Purnama", "p": "metWith", "o": "Komisi Pemberantasan Korupsi"},
            {"s": "Basuki Tjahaja Purnama", "p": "said", "o": None},
        ],
    }
]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # all three: metWith either way round, said on the speaker alone, the date a prefix match
        (
            [
                ("person/basuki", "visited", "city/makassar", "2024-05-02"),
                ("organization/kpk", "metWith", "person/basuki", None),
                ("person/basuki", "said", "", None),
            ],
            {"visited": (1, 1, 1, 1, 1, 1), "metWith": (1, 1, 1, 1, 0, 0), "said": (1, 1, 1, 1, 0, 0)},
        ),
        # a wrong date, a wrong object, nothing said
        (
            [
                ("person/basuki", "visited", "city/makassar", "2023-01-01"),
                ("person/basuki", "metWith", "city/makassar", None),
            ],
            {"visited": (1, 1, 1, 1, 1, 0), "metWith": (1, 0, 1, 0, 0, 0), "said": (1, 0, 0, 0, 0, 0)},
        ),
    ],
)
def test_the_scorer_counts_facts(facts, expected):
    scores = eval_news.score_facts(FACT_GOLD, _fact_result(facts), {"x1": "a1"})
    got = {p: (c.gold, c.matched, c.made, c.right, c.dated, c.date_right) for p, c in scores.by_property.items()}
    assert got == expected
