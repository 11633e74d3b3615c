"""The training script runs end to end on a tiny sample and leaves a loadable recognizer."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

NER = """\
Presiden X Joko X B-PER
Widodo X I-PER
tiba X O
di X O
Kupang X B-LOC
. X O

Bank X B-ORG
Dunia X I-ORG
memuji X O
Rini X B-PER
. X O

Warga X O
Surabaya X B-LOC
menyambut X O
Dewi X B-PER
Lestari X I-PER
. X O
"""

POS = "Rini\tNNP\tmakan\tVB\n"


@pytest.mark.parametrize(("config", "pipes"), [("tagger", ["tok2vec", "tagger", "ner"]), ("plain", ["tok2vec", "ner"])])
def test_training_script_on_a_tiny_sample(tmp_path, config, pipes):
    ner = tmp_path / "ner.txt"
    ner.write_text((NER + "\n") * 4, encoding="utf-8")
    pos = tmp_path / "pos.txt"
    pos.write_text(
        "Rini\tNNP\nmakan\tVB\nnasi\tNN\n.\tSYM\n\nKota\tNNP\nitu\tPR\nramai\tJJ\n.\tSYM\n", encoding="utf-8"
    )
    out = tmp_path / "model"
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "train_ner.py"),
            "--train",
            str(ner),
            "--postag",
            str(pos),
            "--output",
            str(out),
            "--max-steps",
            "8",
            "--ner-repeat",
            "1",
            "--config",
            config,
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    meta = json.loads((out / "meta.json").read_text())
    assert {s["name"] for s in meta["sources"]} >= {"idner-news-2k"}
    assert not (out / "tokenizer").exists(), "the tokenizer comes from kg.nlp.loading, not the model"

    import spacy

    import kg.nlp.loading  # noqa: F401  (registers the project tokenizer the model names)

    nlp = spacy.load(out, exclude=["tokenizer"])
    assert nlp.pipe_names == pipes
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}
    nlp("Dewi Lestari tiba di Kupang.")  # runs
