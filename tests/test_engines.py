"""Parallel and distributed extraction (kg.engines): the same outputs for any engine and workers."""

import pytest
from click.testing import CliRunner

from kg import engines
from kg.cli import cli
from kg.engines import auto_workers, batches, make_mapper
from kg.errors import BeritaKGError, ConfigError
from kg.model import RawArticle
from kg.pipeline import extract, prepare
from tests.conftest import EXAMPLES

TEXTS = ("Presiden Joko Widodo mengunjungi Tokyo pada Senin.", "Menteri Retno Marsudi bertemu Wang Yi di Beijing.")
FILES = (
    "graph.ttl",
    "graph.trig",
    "graph.jsonld",
    "graph.nq",
    "graph.graphml",
    "facts.csv",
    "graph.html",
    "report.json",
)


def _build(out, *options):
    result = CliRunner().invoke(cli, ["build", "-q", str(EXAMPLES), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def sequential(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("sequential"))


@pytest.mark.parametrize(
    "options", [["--workers", "2"], ["--engine", "dask", "--workers", "2"]], ids=["two-processes", "dask-local-cluster"]
)
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

    def no_pool(*args, **kwargs):
        raise AssertionError("a process pool was started for a small build")

    monkeypatch.setattr(engines, "ProcessPoolExecutor", no_pool)
    articles = [prepare(RawArticle(source=f"t{n}", body=text)) for n, text in enumerate(TEXTS)]
    assert make_mapper("local", 2)(articles) == [extract(a) for a in articles]
    assert make_mapper("local")(articles * 17) == [extract(a) for a in articles] * 17  # 3 batches < 4


def test_the_recognizer_is_a_parameter_that_workers_receive(monkeypatch):
    """`--recognizer single` is passed down explicitly (no environment variable): the pipeline
    drops the committee, worker processes run the same recognizer as this one, and the build
    cache does not mix the two (its fingerprint differs)."""
    from kg.cache import fingerprint
    from kg.nlp.loading import load_pipeline

    assert fingerprint("single") != fingerprint("committee")
    assert "bk_vote" in load_pipeline("committee").pipe_names
    assert "bk_vote" not in load_pipeline("single").pipe_names
    monkeypatch.setenv("BERITA_KG_RECOGNIZER", "nonsense")  # not read: the setting is a parameter
    assert "bk_vote" in load_pipeline().pipe_names
    for call in (lambda: load_pipeline("nonsense"), lambda: make_mapper(recognizer="nonsense")):
        with pytest.raises(ConfigError, match="committee, single"):
            call()
    articles = [prepare(RawArticle(source=f"w{i}.txt", body=text)) for i, text in enumerate(TEXTS)]
    single = [extract(a, recognizer="single") for a in articles]
    assert make_mapper("local", 2, recognizer="single")(articles * 9) == single * 9
