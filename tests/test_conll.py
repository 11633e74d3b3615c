"""Reading gold CoNLL entity data and exact-span scoring."""

from __future__ import annotations

import pytest

from kg.errors import InputError
from kg.eval.conll import parse_conll, score

SAMPLE = """\
Presiden PROPN O
Joko PROPN B-PER
Widodo PROPN I-PER
tiba VERB O
di ADP O
Kota PROPN B-LOC
Kupang PROPN I-LOC
. PUNCT O

Bank PROPN B-ORG
Dunia PROPN I-ORG
memuji PROPN O
Indonesia PROPN B-LOC
"""


def test_sentences_become_space_joined_text_with_character_spans():
    first, second = parse_conll(SAMPLE.splitlines())
    assert first.text == "Presiden Joko Widodo tiba di Kota Kupang ."
    assert [(first.text[s:e], lab) for s, e, lab in first.spans] == [("Joko Widodo", "PER"), ("Kota Kupang", "LOC")]
    assert [(second.text[s:e], lab) for s, e, lab in second.spans] == [("Bank Dunia", "ORG"), ("Indonesia", "LOC")]


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["B-PER", "B-PER"], [("A", "PER"), ("B", "PER")]),  # two entities side by side
        (["I-ORG", "I-ORG"], [("A B", "ORG")]),  # an I- without its B- still starts one
        (["B-LOC", "I-PER"], [("A", "LOC"), ("B", "PER")]),  # a label change ends the entity
        (["O", "O"], []),
    ],
)
def test_bio_edge_cases(tags, expected):
    (sent,) = parse_conll([f"A X {tags[0]}", f"B X {tags[1]}"])
    assert [(sent.text[s:e], lab) for s, e, lab in sent.spans] == expected


def test_a_malformed_line_names_the_file_and_line():
    with pytest.raises(InputError, match=r"gold\.txt.*line 2"):
        list(parse_conll(["A X O", "B X Q-PER"], "gold.txt"))


@pytest.mark.parametrize(
    ("gold", "pred", "prf"),
    [
        ([(0, 4, "PER")], [(0, 4, "Person")], (1.0, 1.0, 1.0)),
        ([(0, 4, "LOC")], [(0, 4, "City")], (1.0, 1.0, 1.0)),  # City, Country and Place are LOC
        ([(0, 4, "PER")], [(0, 5, "Person")], (0.0, 0.0, 0.0)),  # exact spans only
        ([(0, 4, "PER")], [(0, 4, "Organization")], (0.0, 0.0, 0.0)),
        ([(0, 4, "PER"), (6, 9, "ORG")], [(0, 4, "Person"), (10, 12, "Date")], (1.0, 0.5, 2 / 3)),  # Date ignored
    ],
)
def test_exact_span_scores(gold, pred, prf):
    assert score([gold], [pred]).prf() == pytest.approx(prf)


def test_scores_by_label():
    s = score([[(0, 4, "PER"), (5, 9, "LOC")]], [[(0, 4, "Person"), (5, 9, "Organization")]])
    assert s.prf("PER") == (1.0, 1.0, 1.0)
    assert s.prf("LOC")[1] == 0.0 and s.prf("ORG")[0] == 0.0
