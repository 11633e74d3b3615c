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
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from typing import TypeVar

from .errors import ConfigError, ResourceError
from .forks import MAX_WORKERS, die_with_parent, tail_workers
from .model import Article, Extraction
from .nlp import DEFAULT_RECOGNIZER, check_recognizer
from .nlp.loading import BATCH_SIZE

__all__ = ["ENGINES", "make_mapper", "extract_batch", "batches", "auto_workers"]

ENGINES = ("local", "dask")
#: Local processes only pay for their start (each loads the models, a few seconds) from this many batches.
MIN_PARALLEL_BATCHES = 4
MAX_AUTO_WORKERS = MAX_WORKERS
T = TypeVar("T")
Mapper = Callable[[Sequence[Article]], list[Extraction]]
Progress = Callable[[Iterable[T], int], Iterable[T]]


def extract_batch(articles: Sequence[Article], recognizer: str = DEFAULT_RECOGNIZER) -> list[Extraction]:
    """The unit of work every engine maps: a batch of consecutive articles, whose networks run
    together (a module-level function, so it pickles; the recognizer travels with each task)."""
    from .pipeline import extract_many

    return list(extract_many(articles, recognizer=recognizer))


def batches(items: Sequence[T], size: int | None = None) -> list[Sequence[T]]:
    """Consecutive batches of `size` items (articles; default `BATCH_SIZE`): the same batches
    whatever the number of workers."""
    size = size or BATCH_SIZE
    return [items[i : i + size] for i in range(0, len(items), size)]


def _flatten(results: Iterable[list[Extraction]], progress: Progress | None, total: int) -> list[Extraction]:
    done = (ex for batch in results for ex in batch)
    return list(progress(done, total) if progress else done)


def _warm(parent: int | None = None, recognizer: str = DEFAULT_RECOGNIZER) -> None:
    """A worker's start: die with the build process `parent` (a killed build leaves no orphans:
    the id is passed in, since a parent killed while this process starts up is no longer its
    parent), then load the models of `recognizer`."""
    if parent is not None:
        die_with_parent(parent)
    from .nlp.loading import load_pipeline

    load_pipeline(recognizer)


def _sequential(progress: Progress | None, recognizer: str) -> Mapper:
    def run(articles: Sequence[Article]) -> list[Extraction]:
        from .pipeline import extract_many

        return list(extract_many(progress(articles, len(articles)) if progress else articles, recognizer=recognizer))

    return run


def _processes(workers: int, progress: Progress | None, min_batches: int, recognizer: str) -> Mapper:
    def run(articles: Sequence[Article]) -> list[Extraction]:
        if len(batches(articles)) < max(2, min_batches):  # starting processes would cost more than it saves
            return _sequential(progress, recognizer)(articles)
        ctx = multiprocessing.get_context("spawn")  # no fork of a process that already runs threads
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_warm, initargs=(os.getpid(), recognizer)
        ) as pool:
            return _flatten(
                pool.map(partial(extract_batch, recognizer=recognizer), batches(articles)), progress, len(articles)
            )

    return run


def _dask(workers: int, scheduler: str | None, progress: Progress | None, recognizer: str) -> Mapper:
    def run(articles: Sequence[Article]) -> list[Extraction]:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:
            raise ResourceError("The Dask engine needs dask[distributed]: pip install 'berita-kg[dask]'.") from exc
        if scheduler:
            client = Client(scheduler)
            cluster = None
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
        try:
            client.run(_warm, None, recognizer)
            futures = client.map(extract_batch, batches(articles), recognizer=recognizer, pure=False)
            return _flatten(client.gather(futures), progress, len(articles))
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def auto_workers() -> int:
    """The default number of local processes: one per core, at most `MAX_AUTO_WORKERS`."""
    return tail_workers()


def make_mapper(
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    *,
    recognizer: str = DEFAULT_RECOGNIZER,
) -> Mapper:
    """The function that turns articles into their extractions, in order, with `recognizer`.
    `workers` None: one process per core (`auto_workers`), used once there are
    `MIN_PARALLEL_BATCHES` batches."""
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}.")
    check_recognizer(recognizer)
    min_batches = 2  # as many processes as asked for, from two batches on
    if workers is None:
        workers, min_batches = auto_workers(), MIN_PARALLEL_BATCHES
    if workers < 1:
        raise ConfigError(f"--workers must be at least 1, not {workers}.")
    if engine == "dask":
        return _dask(workers, scheduler, progress, recognizer)
    return _processes(workers, progress, min_batches, recognizer) if workers > 1 else _sequential(progress, recognizer)
