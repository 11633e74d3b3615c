"""Parallel and distributed extraction (kg.engines): the same outputs for any engine and workers."""

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.engines import make_mapper
from kg.errors import BeritaKGError
from tests.conftest import EXAMPLES

FILES = ("graph.ttl", "graph.trig", "graph.jsonld", "graph.nq", "graph.graphml", "facts.csv", "graph.html", "report.json")


def _build(out, *options):
    result = CliRunner().invoke(cli, ["build", "-q", str(EXAMPLES), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("sequential"))


@pytest.mark.parametrize("options", [["--workers", "2"], ["--engine", "dask", "--workers", "2"]],
                         ids=["two-processes", "dask-local-cluster"])
def test_outputs_are_byte_identical_whatever_runs_the_extraction(sequential, tmp_path, options):
    parallel = _build(tmp_path / "out", *options)
    for name in FILES:
        assert (parallel / name).read_bytes() == (sequential / name).read_bytes(), name


@pytest.mark.parametrize(("engine", "workers", "words"), [("spark", 1, "unknown engine"), ("local", 0, "at least 1")])
def test_bad_engine_settings_are_named(engine, workers, words):
    with pytest.raises(BeritaKGError, match=words):
        make_mapper(engine, workers)


def test_the_single_recognizer_is_a_setting_workers_follow(monkeypatch, tmp_path):
    """`--recognizer single` sets BERITA_KG_RECOGNIZER: the pipeline drops the committee, and the
    build cache does not mix the two (its fingerprint differs)."""
    from kg.cache import fingerprint
    from kg.nlp import load_pipeline

    committee = fingerprint()
    assert "bk_vote" in load_pipeline().pipe_names
    monkeypatch.setenv("BERITA_KG_RECOGNIZER", "single")
    assert "bk_vote" not in load_pipeline().pipe_names and fingerprint() != committee
    monkeypatch.setenv("BERITA_KG_RECOGNIZER", "nonsense")
    with pytest.raises(BeritaKGError, match="committee, single"):
        load_pipeline()
