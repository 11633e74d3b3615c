"""Parallel and distributed extraction (kg.engines): the same outputs for any engine and workers."""

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg import engines
from kg.engines import auto_workers, batches, make_mapper
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
def test_outputs_are_byte_identical_whatever_runs_the_extraction(sequential, tmp_path, options, monkeypatch):
    # batches of two: the example folder is split among the workers asked for
    monkeypatch.setattr(engines, "BATCH_SIZE", 2)
    parallel = _build(tmp_path / "out", *options)
    for name in FILES:
        assert (parallel / name).read_bytes() == (sequential / name).read_bytes(), name


@pytest.mark.parametrize(("engine", "workers", "words"), [("spark", 1, "unknown engine"), ("local", 0, "at least 1")])
def test_bad_engine_settings_are_named(engine, workers, words):
    with pytest.raises(BeritaKGError, match=words):
        make_mapper(engine, workers)


def test_batches_do_not_depend_on_the_workers():
    items = list(range(37))
    assert [list(b) for b in batches(items, 16)] == [items[:16], items[16:32], items[32:]]
    assert 1 <= auto_workers() <= engines.MAX_AUTO_WORKERS


def test_a_small_build_does_not_start_processes(monkeypatch):
    """One batch is not shared among workers, and by default (no --workers) nor are fewer than
    MIN_PARALLEL_BATCHES: starting workers (each loads the models) would cost more than it saves."""
    from kg.model import RawArticle
    from kg.pipeline import extract, prepare

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for a small build")

    monkeypatch.setattr(engines, "ProcessPoolExecutor", no_pool)
    articles = [prepare(RawArticle(source=f"t{n}", body=text)) for n, text in enumerate(
        ("Presiden Joko Widodo mengunjungi Tokyo pada Senin.", "Menteri Retno Marsudi bertemu Wang Yi di Beijing."))]
    assert make_mapper("local", 2)(articles) == [extract(a) for a in articles]
    assert make_mapper("local")(articles * 17) == [extract(a) for a in articles] * 17  # 3 batches < 4


def test_the_single_recognizer_is_a_setting_workers_follow(monkeypatch, tmp_path):
    """`--recognizer single` sets BERITA_KG_RECOGNIZER: the pipeline drops the committee, and the
    build cache does not mix the two (its fingerprint differs)."""
    from kg.cache import fingerprint
    from kg.nlp.loading import load_pipeline

    committee = fingerprint()
    assert "bk_vote" in load_pipeline().pipe_names
    monkeypatch.setenv("BERITA_KG_RECOGNIZER", "single")
    assert "bk_vote" not in load_pipeline().pipe_names and fingerprint() != committee
    monkeypatch.setenv("BERITA_KG_RECOGNIZER", "nonsense")
    with pytest.raises(BeritaKGError, match="committee, single"):
        load_pipeline()
