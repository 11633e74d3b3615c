"""Where a place or body is, from addresses (kg.extract.places), on sentences written for the tests."""

import pytest

from kg.extract.frames import Actor
from kg.extract.places import located
from kg.extract.relations import extract_facts

PUB = "2024-07-01"


def located_in(doc_of, text):
    return {
        (f.subject.split("/")[1], f.object.split("/")[1])
        for f in extract_facts(doc_of(text, PUB), "a1")
        if f.predicate == "locatedIn"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an address chain: each part in the next
        (
            "Longsor terjadi di Desa Sukamaju, Kecamatan Cibeber, Kabupaten Cianjur, Senin pagi.",
            {("desa-sukamaju", "kecamatan-cibeber"), ("kecamatan-cibeber", "kabupaten-cianjur")},
        ),
        # a building and its city
        ("Diskusi itu digelar di Hotel Borobudur, Jakarta Pusat, Kamis.", {("hotel-borobudur", "jakarta-pusat")}),
        # a city and its country
        ("Delegasi itu tiba di Vladivostok, Rusia, kemarin.", {("vladivostok", "rusia")}),
        # "X di Y" between two places
        ("Ia dirawat di Rumah Sakit Fatmawati di Jakarta Selatan.", {("rumah-sakit-fatmawati", "jakarta-selatan")}),
    ],
)
def test_an_address_places_one_thing_in_another(doc_of, text, expected):
    assert expected <= located_in(doc_of, text)


@pytest.mark.parametrize(
    "text",
    [
        # a list is not an address
        "Petani datang dari Banten, Jawa Barat, dan Jawa Tengah.",
        "Banjir melanda Bandung, Bekasi dan Bogor.",
        # two countries side by side are a list
        "Jerman, Prancis, Italia sepakat soal itu.",
        # a list that goes on past the pair
        "Ia fasih berbahasa Korea, Jepang, Cina, dan Arab.",
        # a region holds countries, it lies in none
        "Pelaku berasal dari Asia Tengah, Uzbekistan, menurut polisi.",
        # the next item of a list, placed in turn
        "Karyanya ada di Paris, Museum Seni Modern di New York, dan di Tokyo.",
    ],
)
def test_a_list_is_no_address(doc_of, text):
    assert located_in(doc_of, text) == set()


WORDS = "di Jalan Merdeka No.10 Pasar Baru , Kota Bandung".split()


@pytest.mark.parametrize(
    ("actors", "expected"),
    [
        # an address's number between two names
        (
            [Actor(1, 3, "place/jalan-merdeka", "Place"), Actor(4, 6, "place/pasar-baru", "Place")],
            {("place/jalan-merdeka", "place/pasar-baru")},
        ),
        # a person or an event is never inside a place
        (
            [Actor(1, 3, "person/merdeka", "Person"), Actor(4, 6, "place/pasar-baru", "Place")],
            set(),
        ),
        # the words of an address between a street and its city
        (
            [Actor(1, 3, "place/jalan-merdeka", "Place"), Actor(7, 9, "place/kota-bandung", "City")],
            {("place/jalan-merdeka", "place/kota-bandung")},
        ),
    ],
)
def test_links_between_neighbours(actors, expected):
    words = [w.lower() for w in WORDS]
    assert {(x.inner.key, x.outer.key) for x in located(words, actors)} == expected
