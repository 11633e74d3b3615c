"""Where the per-article extraction runs: here, in a pool of local processes, or on Dask.

Extraction (`kg.pipeline.extract`) is a pure function of one article, so it maps: every engine
returns the extractions in the articles' order, and the rest of the build (a reduction: duplicates,
linking, graph) is the same, so the outputs are byte-identical whatever the engine and workers.

- `sequential`: in this process (the default with one worker).
- `processes`: a pool of N local processes (`kg build --workers N`); each loads the pipeline once.
- `dask`: a Dask cluster (`kg build --engine dask [--scheduler ADDRESS]`); without an address, a
  `LocalCluster` of N worker processes on this machine.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from .errors import BeritaKGError
from .model import Article, Extraction

__all__ = ["ENGINES", "make_mapper", "extract_one"]

ENGINES = ("local", "dask")
T = TypeVar("T")
Mapper = Callable[[Sequence[Article]], list[Extraction]]
Progress = Callable[[Iterable[T], int], Iterable[T]]


def extract_one(article: Article) -> Extraction:
    """The unit of work every engine maps (a module-level function, so it pickles)."""
    from .pipeline import extract

    return extract(article)


def _warm() -> None:
    from .nlp import load_pipeline

    load_pipeline()


def _sequential(progress: Progress | None) -> Mapper:
    def run(articles: Sequence[Article]) -> list[Extraction]:
        items = progress(articles, len(articles)) if progress else articles
        return [extract_one(a) for a in items]

    return run


def _processes(workers: int, progress: Progress | None) -> Mapper:
    def run(articles: Sequence[Article]) -> list[Extraction]:
        if len(articles) < 2:
            return [extract_one(a) for a in articles]
        ctx = multiprocessing.get_context("spawn")  # no fork of a process that already runs threads
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm) as pool:
            results = pool.map(extract_one, articles, chunksize=max(1, min(16, len(articles) // (workers * 4))))
            return list(progress(results, len(articles)) if progress else results)

    return run


def _dask(workers: int, scheduler: str | None, progress: Progress | None) -> Mapper:
    def run(articles: Sequence[Article]) -> list[Extraction]:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise BeritaKGError("The Dask engine needs dask[distributed]: pip install 'berita-kg[dask]'.") from exc
        if scheduler:
            client = Client(scheduler)
            cluster = None
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            client.run(_warm)
            futures = client.map(extract_one, list(articles), pure=False)
            done = client.gather(futures)
            return list(progress(done, len(articles)) if progress else done)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def make_mapper(engine: str = "local", workers: int = 1, scheduler: str | None = None,
                progress: Progress | None = None) -> Mapper:
    """The function that turns articles into their extractions, in order."""
    if engine not in ENGINES:
        raise BeritaKGError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}.")
    if workers < 1:
        raise BeritaKGError(f"--workers must be at least 1, not {workers}.")
    if engine == "dask":
        return _dask(workers, scheduler, progress)
    return _processes(workers, progress) if workers > 1 else _sequential(progress)
