"""Roles from titles (kg.extract.roles), on sentences written for the tests."""

import pytest

from kg.extract.frames import Actor
from kg.extract.relations import extract_facts
from kg.extract.roles import roles

PUB = "2024-07-01"


def role_facts(doc_of, text):
    """(person, property, body, role title, former) of every role fact in the text."""
    return {
        (f.subject.split("/")[1], f.predicate, f.object.split("/")[1], f.role, f.former)
        for f in extract_facts(doc_of(text, PUB), "a1")
        if f.predicate in ("leaderOf", "affiliatedWith")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a head of a body, the body between the title and the name
        (
            "Ketua KPU Makassar, Andi Pallawa, membuka rapat pleno.",
            ("andi-pallawa", "leaderOf", "kpu-makassar", "Ketua", False),
        ),
        (
            "Presiden Amerika Serikat (AS) Donald Trump menelepon sekutunya.",
            ("donald-trump", "leaderOf", "amerika-serikat", "Presiden", False),
        ),
        # a minister heads the ministry the title names
        (
            "Menteri Keuangan Sri Mulyani memaparkan anggaran baru.",
            ("sri-mulyani", "leaderOf", "kementerian-keuangan", "Menteri Keuangan", False),
        ),
        # a deputy is affiliated, not the head
        (
            "Wakil Ketua DPR Puan Maharani menerima para tamu.",
            ("puan-maharani", "affiliatedWith", "dewan-perwakilan-rakyat", "Wakil Ketua", False),
        ),
        # the head of a sub-unit is affiliated with the body, role as written
        (
            "Kepala Bidang Humas Polda Jawa Barat Kombes Pol Ibrahim Tompo menjelaskan kronologinya.",
            ("ibrahim-tompo", "affiliatedWith", "kepolisian-daerah-jawa-barat", "Kepala Bidang Humas", False),
        ),
        # a member, after the name
        (
            "Rapat itu dipimpin Budi Santoso, anggota DPRD Jawa Tengah.",
            ("budi-santoso", "affiliatedWith", "dprd-jawa-tengah", "anggota", False),
        ),
        # "yang juga" before an apposed title
        (
            "Usulan itu datang dari Rahmat Hidayat, yang juga Ketua Umum Partai Amanat Nasional.",
            ("rahmat-hidayat", "leaderOf", "partai-amanat-nasional", "Ketua Umum", False),
        ),
        # a body and its country: the body is held
        (
            "Rapat dibuka Ketua MPR RI Ahmad Muzani, Ketua DPR RI Puan Maharani, dan para menteri.",
            ("ahmad-muzani", "leaderOf", "majelis-permusyawaratan-rakyat", "Ketua", False),
        ),
        (
            "Rapat dibuka Ketua MPR RI Ahmad Muzani, Ketua DPR RI Puan Maharani, dan para menteri.",
            ("puan-maharani", "leaderOf", "dewan-perwakilan-rakyat", "Ketua", False),
        ),
        # a title that names its body, then a rank
        (
            "Panglima TNI Jenderal Agus Subiyanto meninjau lokasi.",
            ("agus-subiyanto", "leaderOf", "tentara-nasional-indonesia", "Panglima TNI", False),
        ),
        # a past role
        (
            "Mantan Ketua KPK Antasari Azhar hadir dalam diskusi itu.",
            ("antasari-azhar", "leaderOf", "komisi-pemberantasan-korupsi", "Ketua", True),
        ),
        # a regional head of a place
        (
            "Gubernur Jawa Timur Khofifah Indar Parawansa meresmikan jembatan itu.",
            ("khofifah-indar-parawansa", "leaderOf", "jawa-timur", "Gubernur", False),
        ),
        # the title's short form in brackets between the title and the body
        (
            "Atase Pertahanan (Athan) Indonesia untuk Jepang Letkol Arif Wibowo hadir.",
            ("arif-wibowo", "affiliatedWith", "indonesia", "Atase Pertahanan (Athan)", False),
        ),
        # an ambassador is affiliated with the country that sends him
        (
            "Duta Besar Indonesia untuk Jepang, Heri Akhmadi, menyambut rombongan.",
            ("heri-akhmadi", "affiliatedWith", "indonesia", "Duta Besar", False),
        ),
    ],
)
def test_a_title_states_a_role(doc_of, text, expected):
    assert expected in role_facts(doc_of, text)


@pytest.mark.parametrize(
    ("text", "unwanted"),
    [
        # a minister of another country's ministry is not the head of Indonesia's
        ("Menteri Luar Negeri Rusia Sergei Lavrov tiba di Pyongyang.", "kementerian-luar-negeri"),
        # the next person's title is not an apposition of the one before
        ("Rapat dibuka Ketua MPR RI Ahmad Muzani, Ketua DPR RI Puan Maharani, dan para menteri.", None),
        # "pemain Indonesia" is a nationality, not a membership
        ("Klub itu merekrut dua pemain Indonesia, Egy Maulana Vikri dan Witan Sulaeman.", "indonesia"),
        # a title before a list's second person belongs to him, not to the first
        ("Acara itu dihadiri Khofifah Indar Parawansa, dan Wali Kota Surabaya Eri Cahyadi.", None),
    ],
)
def test_no_role_where_the_title_is_someone_elses(doc_of, text, unwanted):
    found = role_facts(doc_of, text)
    if unwanted:
        assert not {f for f in found if f[2] == unwanted}
    elif "Muzani" in text:
        assert {f[2] for f in found if f[0] == "ahmad-muzani"} == {"majelis-permusyawaratan-rakyat"}
    else:
        assert not {f for f in found if f[0] == "khofifah-indar-parawansa"}


def test_a_former_role_has_no_truthy_triple(doc_of):
    from rdflib import Graph, Literal

    from kg.rdf.graph import _add_fact
    from kg.vocab import BK

    fact = next(f for f in extract_facts(doc_of("Mantan Ketua KPK Antasari Azhar hadir.", PUB), "a1") if f.former)
    g = Graph()
    st = _add_fact(g, fact)
    assert (None, BK.leaderOf, None) not in g
    assert (st, BK.former, Literal(True)) in g and (st, BK.roleTitle, Literal("Ketua", lang="id")) in g


class _Sent:
    """A stand-in for a parsed sentence: the tokens' text only (roles reads no parse)."""

    def __init__(self, words):
        self.words = words

    def __iter__(self):
        return iter(_Tok(w) for w in self.words)


class _Tok:
    def __init__(self, text):
        self.text, self.lower_, self.text_with_ws = text, text.lower(), text + " "


@pytest.mark.parametrize(
    ("words", "actors", "expected"),
    [
        # rank + force + name: affiliated with the force, the rank as the role
        (
            "Laksamana Muda TNI Yudo Margono hadir".split(),
            [Actor(2, 3, "org/tni", "Organization"), Actor(3, 5, "person/yudo", "Person")],
            {("person/yudo", "affiliatedWith", "org/tni", "Laksamana Muda")},
        ),
        # a title with no body names no role
        (
            "Presiden Joko Widodo hadir".split(),
            [Actor(1, 3, "person/jokowi", "Person")],
            set(),
        ),
    ],
)
def test_roles_over_tokens_and_entities(words, actors, expected):
    found = {(r.person.key, r.property, r.body.key, r.title) for r in roles(_Sent(words), actors)}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a title with no body, before a person the gazetteer knows holds it: that office's body
        (
            "Presiden Joko Widodo meresmikan bendungan baru di Indonesia timur.",
            {("joko-widodo", "leaderOf", "indonesia", "Presiden", False)},
        ),
        # ... only when the article names the body
        ("Presiden Joko Widodo meresmikan bendungan baru itu.", set()),
        # a deputy's title is not the gazetteer's office
        ("Wakil Presiden Prabowo Subianto berkunjung ke Indonesia timur.", set()),
    ],
)
def test_a_known_office_names_its_body(doc_of, text, expected):
    assert role_facts(doc_of, text) == expected
