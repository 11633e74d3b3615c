"""Conflicts: two dates for one fact, a fact and its denial (kg.extract.conflicts, the graph, the canned view)."""

from dataclasses import replace
from importlib import resources

import pytest

from kg.extract.conflicts import find_conflicts
from kg.model import DateValue, Fact, RawArticle
from kg.pipeline import build_articles
from kg.rdf.graph import statement_iri, union_graph
from kg.vocab import BK


def fact(article, date=None, modality="asserted", s="person/joko-widodo", p="visited", o="city/tokyo"):
    d = (
        DateValue(date, "date" if len(date) == 10 else "gYearMonth" if len(date) == 7 else "gYear", date)
        if date
        else None
    )
    return Fact(s, p, o, article, "…", "r", 0.8, d, modality)


def said(article, date=None, quote="Harga beras turun", modality="asserted"):
    return replace(fact(article, date, modality, p="said", o=""), quote=quote, quote_type="direct")


def related(article, date=None, verb="melaporkan", modality="asserted"):
    return replace(fact(article, date, modality, p="relatedTo", o="person/budi"), verb=verb)


@pytest.mark.parametrize(
    ("facts", "kinds"),
    [
        # contract version 2: what one person said twice, different words, is no conflict; the same words are
        ([said("a", "2024-05-02"), said("b", "2024-05-03", quote="Kami menolak")], []),
        ([said("a"), said("b", quote="Kami menolak", modality="denied")], []),
        ([said("a", "2024-05-02"), said("b", "2024-05-03")], ["date"]),
        ([said("a"), said("b", modality="denied")], ["denial"]),
        # relatedTo: two verbs are two links; one verb on two days of one year is one link's two dates
        ([related("a", "2024-05-02"), related("b", "2024-05-03", verb="menggugat")], []),
        ([related("a", "2024-05-02"), related("b", "2024-05-03")], ["date"]),
        (
            [
                fact("a", "2024-05-02", s="organization/a", p="cooperatedWith", o="organization/b"),  # symmetric
                fact("a", "2024-05-02", s="organization/b", p="cooperatedWith", o="organization/a"),
                fact("b", "2024-05-09", s="organization/a", p="cooperatedWith", o="organization/b"),
                fact("b", "2024-05-09", s="organization/b", p="cooperatedWith", o="organization/a"),
            ],
            ["date"],
        ),
        ([fact("a", "2019-04-25"), fact("b", "2019-04-26")], ["date"]),  # two days of one visit
        ([fact("a", "2019-04"), fact("b", "2019-05")], ["date"]),  # two months of one year
        ([fact("a", "2019-04"), fact("b", "2019")], []),  # the year contains the month
        ([fact("a", "2019-04-25"), fact("b", "2023-09-13")], []),  # two visits, years apart
        ([fact("a", "2019-04-25"), fact("a", "2019-04-26")], []),  # one article: two events
        ([fact("a"), fact("b", modality="denied")], ["denial"]),  # a fact and its denial
        ([fact("a", modality="alleged"), fact("b", modality="denied")], ["denial"]),
        (
            [
                fact("a", "2019-04-25", s="person/a", p="metWith", o="person/b"),  # stated both ways: one conflict
                fact("a", "2019-04-25", s="person/b", p="metWith", o="person/a"),
                fact("b", "2019-04-27", s="person/a", p="metWith", o="person/b"),
                fact("b", "2019-04-27", s="person/b", p="metWith", o="person/a"),
            ],
            ["date"],
        ),
    ],
)
def test_find_conflicts(facts, kinds):
    assert [c.kind for c in find_conflicts(facts, statement_iri)] == kinds


def test_both_sides_stay_linked_and_listed_and_the_canned_view_shows_them():
    raws = [
        RawArticle(
            source="a.txt",
            published="2024-06-21T09:00:00+07:00",
            body="Kunjungan itu disambut meriah. Presiden Rusia Vladimir Putin mengunjungi Pyongyang pada "
            "Rabu (19/6), lawatan pertamanya dalam dua dekade, kata kantor berita negara.",
        ),
        RawArticle(
            source="b.txt",
            published="2024-06-21T10:00:00+07:00",
            body="Menurut sejumlah diplomat di Seoul, yang memantau perjalanan itu dari dekat, Vladimir Putin "
            "mengunjungi Pyongyang pada Selasa (18/6) malam dengan pesawat kepresidenan.",
        ),
        RawArticle(
            source="c.txt",
            published="2024-06-22T10:00:00+07:00",
            body="Kremlin membantah bahwa Vladimir Putin mengunjungi Pyongyang.",
        ),
    ]
    result = build_articles(raws)
    conflicts = result.report["conflicts"]
    assert {(c["kind"], tuple(sorted(c["values"]))) for c in conflicts} >= {("date", ("2024-06-18", "2024-06-19"))}
    assert any(c["kind"] == "denial" for c in conflicts)
    g = union_graph(result.dataset)
    assert len(list(g.subject_objects(BK.conflictsWith))) == 2 * len(conflicts)
    query = resources.files("kg").joinpath("store", "queries", "conflicts.rq").read_text(encoding="utf-8")
    rows = list(g.query(query))
    assert len(rows) == len(conflicts)
    assert {(str(r.subject), str(r.property), str(r.object)) for r in rows} == {
        ("Vladimir Putin", "visited", "Pyongyang")
    }
    assert result.report["shacl"]["conforms"]
