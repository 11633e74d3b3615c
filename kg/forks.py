"""Independent jobs of the build's tail (SHACL validation, the serializations) in forked processes.

After extraction the build process is alone on the machine: validating the graph and writing
eight files are independent jobs over one graph in memory. A forked child starts with that
graph already in its memory (copy on write: nothing is pickled on the way in), so `fork_map`
runs the jobs on every core and sends back only their small results (a temporary file's path, a
list of violations). Where fork is not available (Windows, macOS's default) or one worker is
asked for, the jobs run here, one after the other, with the same results.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["fork_map", "can_fork", "tail_workers", "die_with_parent", "MAX_WORKERS"]

T = TypeVar("T")
R = TypeVar("R")

_JOB: tuple[Callable[[Any], Any], Sequence[Any]] | None = None  # what the forked children run


def can_fork() -> bool:
    """Whether this platform starts processes by fork (Linux, the BSDs)."""
    return "fork" in multiprocessing.get_all_start_methods() and os.name == "posix"


#: At most this many processes by default (`tail_workers`; `kg.engines.auto_workers` too).
MAX_WORKERS = 4


def tail_workers() -> int:
    """Processes for the tail, and for extraction by default: one per core, at most `MAX_WORKERS`."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def die_with_parent(parent: int) -> None:
    """Exit as soon as the process that started this one is gone: a worker blocked on its task
    queue never sees its parent die (the queue's pipe stays open in the other workers). On Linux
    the kernel kills it (PR_SET_PDEATHSIG); elsewhere a thread checks the parent once a second."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL))  # 1: PR_SET_PDEATHSIG
        except (AttributeError, OSError):
            pass
    if os.getppid() != parent:  # gone already, while this process was starting
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="bk-parent-watch", daemon=True).start()


def _run(index: int) -> tuple[int, Any]:
    assert _JOB is not None
    fn, items = _JOB
    return index, fn(items[index])


def fork_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    workers: int | None = None,
    *,
    on_done: Callable[[T, R], None] | None = None,
) -> list[R]:
    """`[fn(x) for x in items]`, in up to `workers` forked processes (default `tail_workers()`),
    the results in the order of `items`; `on_done(item, result)` runs here as each job ends (what
    the log says: a child's own log lines would not reach a captured stderr). An exception in a
    job is raised here. `fn` and the items need not pickle (the children inherit them); the
    results must. Jobs start in the order given: put the longest first."""
    global _JOB
    workers = tail_workers() if workers is None else workers
    done = on_done or (lambda item, result: None)
    if workers <= 1 or len(items) <= 1 or not can_fork():
        out = []
        for item in items:
            out.append(fn(item))
            done(item, out[-1])
        return out
    _JOB = (fn, items)
    results: dict[int, R] = {}
    try:
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(min(workers, len(items)), initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            for index, result in pool.imap_unordered(_run, range(len(items)), chunksize=1):
                results[index] = result
                done(items[index], result)
    finally:
        _JOB = None
    return [results[i] for i in range(len(items))]
