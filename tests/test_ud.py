"""CoNLL-U reading, multi-word token merging and harmonising (kg.eval.ud), and the shipped parser."""

from __future__ import annotations

import pytest

from kg.eval.ud import harmonise, merge_mwt, parse_conllu, prepare, to_doc, write_conllu
from tests.conftest import ROOT

PARSER = ROOT / "kg" / "models" / "parser"


def conllu(rows: str, text: str) -> str:
    """CoNLL-U lines from rows of whitespace-separated columns (id form lemma upos head deprel [misc])."""
    lines = [f"# text = {text}"]
    for row in rows.strip().splitlines():
        c = row.split()
        if "-" in c[0]:
            lines.append("\t".join([c[0], c[1], *["_"] * 7, c[2] if len(c) > 2 else "_"]))
        else:
            misc = c[6] if len(c) > 6 else "_"
            lines.append("\t".join([c[0], c[1], c[2], c[3], "_", "_", c[4], c[5], "_", misc]))
    return "\n".join(lines) + "\n\n"


# "Ia membaca bukunya." with the MWT bukunya = buku + nya; "kuambil" = ku + ambil (head part last).
BUKUNYA = conllu(
    """
1 Ia ia PRON 2 nsubj
2 membaca baca VERB 0 root
3-4 bukunya SpaceAfter=No
3 buku buku NOUN 2 obj
4 nya nya PRON 3 nmod:poss
5 . . PUNCT 2 punct
""",
    "Ia membaca bukunya.",
)
KUAMBIL = conllu(
    """
1-2 kuambil
1 ku aku PRON 2 nsubj
2 ambil ambil VERB 0 root
3 uangnya uang NOUN 2 obj SpaceAfter=No
4 . . PUNCT 2 punct
""",
    "kuambil uangnya.",
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            BUKUNYA,
            [
                ("Ia", "PRON", 2, "nsubj"),
                ("membaca", "VERB", 0, "root"),
                ("bukunya", "NOUN", 2, "obj"),
                (".", "PUNCT", 2, "punct"),
            ],
        ),
        (KUAMBIL, [("kuambil", "VERB", 0, "root"), ("uangnya", "NOUN", 1, "obj"), (".", "PUNCT", 1, "punct")]),
    ],
)
def test_merge_mwt_keeps_the_head_part(text, expected):
    (sent,) = parse_conllu(text.splitlines())
    merged = merge_mwt(sent)
    assert [(w.form, w.upos, w.head, w.deprel) for w in merged.words] == expected
    assert [w.id for w in merged.words] == list(range(1, len(expected) + 1))
    assert merged.mwts == ()


def test_merged_sentence_keeps_its_text_and_spaces():
    (sent,) = prepare(parse_conllu(BUKUNYA.splitlines()))
    from kg.nlp.tokenizer import blank

    doc = to_doc(sent, blank().vocab)
    assert doc.text == "Ia membaca bukunya."
    assert [t.dep_ for t in doc] == ["nsubj", "ROOT", "obj", "punct"]
    assert doc[2].lemma_ == "buku" and doc[2].pos_ == "NOUN"


NOUNS = conllu(
    """
1 Pesta pesta NOUN 4 nsubj:pass
2 olahraga olahraga NOUN 1 nmod
3 Delhi Delhi PROPN 1 nmod
4 dibuka buka VERB 0 root
5 oleh oleh ADP 6 case
6 Emma emma PROPN 4 obl
7 dari dari ADP 8 case
8 kota kota NOUN 6 nmod
""",
    "Pesta olahraga Delhi dibuka oleh Emma dari kota",
)


@pytest.mark.parametrize(
    ("word", "deprel", "lemma"),
    [
        ("olahraga", "compound", "olahraga"),  # bare noun after a noun: GSD's compound
        ("Delhi", "nmod", "Delhi"),  # a proper noun stays nmod
        ("Emma", "obl:agent", "Emma"),  # obl with "oleh"; proper noun lemma keeps its case
        ("kota", "nmod", "kota"),  # a modifier with a preposition stays nmod
        ("Pesta", "nsubj:pass", "pesta"),  # others unchanged
    ],
)
def test_harmonise(word, deprel, lemma):
    (sent,) = parse_conllu(NOUNS.splitlines())
    out = {w.form: w for w in harmonise(sent).words}
    assert (out[word].deprel, out[word].lemma) == (deprel, lemma)


def test_write_then_read_is_the_same():
    sents = parse_conllu(BUKUNYA.splitlines())
    assert parse_conllu(write_conllu(sents).splitlines()) == sents


@pytest.mark.skipif(not (PARSER / "meta.json").is_file(), reason="kg/models/parser is not built")
def test_shipped_parser_finds_subject_and_object():
    import spacy

    from kg.nlp import factories  # noqa: F401

    nlp = spacy.load(PARSER, exclude=["tokenizer"])
    doc = nlp("Presiden Joko Widodo mengunjungi Tokyo.")
    root = next(t for t in doc if t.dep_ == "ROOT")
    assert root.text == "mengunjungi" and root.pos_ == "VERB"
    deps = {t.dep_ for t in root.children}
    assert {"nsubj", "obj"} <= deps
