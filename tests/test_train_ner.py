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


def _train(tmp_path, out, *extra: str) -> None:
    ner = tmp_path / "ner.txt"
    ner.write_text((NER + "\n") * 4, encoding="utf-8")
    pos = tmp_path / "pos.txt"
    pos.write_text("Rini\tNNP\nmakan\tVB\nnasi\tNN\n.\tSYM\n", encoding="utf-8")
    args = ["--train", str(ner), "--postag", str(pos), "--output", str(out), "--ner-repeat", "1", *extra]
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_ner.py"), *args], capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stderr[-2000:]


def test_a_second_phase_continues_the_first_ones_network(tmp_path):
    """--width/--rows shape a fresh network; --init-from resumes a trained one (with a learning
    rate of 0 its weights come out unchanged, so they were sourced, not initialized anew)."""
    import spacy

    import kg.nlp.loading  # noqa: F401  (registers the project tokenizer the model names)

    first, second = tmp_path / "first", tmp_path / "second"
    _train(tmp_path, first, "--max-steps", "4", "--width", "32", "--rows", "2000")
    _train(tmp_path, second, "--max-steps", "2", "--init-from", str(first), "--learn-rate", "0")
    one, two = (spacy.load(p, exclude=["tokenizer"]) for p in (first, second))
    encode = two.config["components"]["tok2vec"]["model"]["encode"]
    assert encode["width"] == 32
    assert two.config["components"]["tok2vec"]["model"]["embed"]["rows"] == [2000, 1000, 1000, 1000]
    assert two.pipe_names == one.pipe_names
    for name in one.pipe_names:
        assert two.get_pipe(name).to_bytes() == one.get_pipe(name).to_bytes(), name
    # the resumed network's sources stay credited, once each
    names = [s["name"] for s in json.loads((second / "meta.json").read_text())["sources"]]
    assert names.count("idner-news-2k") == 1 and "nlp-id dataset_postag.txt" in names


def test_a_second_phase_refuses_a_new_shape(tmp_path):
    args = ["--output", str(tmp_path / "m"), "--init-from", str(tmp_path), "--width", "64"]
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_ner.py"), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2 and "--init-from keeps" in run.stderr
