"""Relation frames read off the dependency parse (kg.extract.grammar), on sentences written for the tests."""

import pytest

from kg.extract.relations import extract_facts

PUB = "2024-10-22"


@pytest.fixture(scope="session")
def parsed(nlp):
    if "bk_parse" not in nlp.pipe_names:
        pytest.skip("the pipeline has no dependency parser (build it with scripts/train_parser.py)")
    from kg.nlp.loading import make_doc

    return make_doc


def facts(make_doc, text):
    return {
        (f.subject.split("/")[1], f.predicate, f.object.split("/")[-1], f.date.value if f.date else None)
        for f in extract_facts(make_doc(text, PUB), "a1")
        if f.modality == "asserted"
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # every conjunct of an object gets its fact
        (
            "Menteri Luar Negeri Sugiono bertemu dengan Wang Yi dan Sergei Lavrov di Beijing.",
            {("sugiono", "metWith", "wang-yi", None), ("sugiono", "metWith", "sergei-lavrov", None)},
        ),
        # a date inside another verb's relative clause is not the fact's
        (
            "Xi Jinping, yang mengunjungi Moskow pada Maret, bertemu Vladimir Putin.",
            {("xi-jinping", "metWith", "vladimir-putin", None), ("xi-jinping", "visited", "moskow", "2024-03")},
        ),
        # a conjoined verb shares the subject
        (
            "Joko Widodo tiba di Tokyo dan bertemu Shinzo Abe pada Senin (20/10).",
            {("joko-widodo", "metWith", "shinzo-abe", "2024-10-20")},
        ),
        # the passive's agent after "oleh"
        ("Anwar Ibrahim diundang oleh Joko Widodo ke Jakarta.", {("joko-widodo", "invited", "anwar-ibrahim", None)}),
    ],
)
def test_grammar_gives_the_facts(parsed, text, expected):
    assert expected <= facts(parsed, text)


def test_the_title_is_not_the_actor(parsed):
    found = facts(parsed, "Menteri Luar Negeri Rusia Sergei Lavrov melakukan kunjungan ke Pyongyang.")
    assert ("sergei-lavrov", "visited", "pyongyang", None) in found
    assert not {f for f in found if f[0] != "sergei-lavrov" and f[1] == "visited"}
