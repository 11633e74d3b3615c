"""Writing a build to the output folder: every file of `kg.export.writers.WRITERS` and the store.

Every file is written to a temporary file in the same folder and the new store is built beside
the old one; only then are the files renamed over the old ones and the `store` link swapped, so
a crash never leaves half a file and a killed build leaves the previous outputs usable.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OutputError
from ..forks import fork_map
from ..rdf.validate import Violation, validate
from ..store.query import STORE_DIR, load_store
from .writers import OUTPUT_FILES, WRITERS

REPORT_FILE = "report.json"  # written last: it carries the validation's outcome
SHACL_JOB = "shacl"
#: The files, costliest first (any other writer after them), so that the children end together (seconds on 1x the corpus:
#: validation 27, graph.trig 10, graph.ttl 9, graph.jsonld 7, graph.html 8, graph.graphml 4).
_BY_COST = (
    "graph.trig",
    "graph.ttl",
    "graph.html",
    "graph.jsonld",
    "graph.graphml",
    "facts.csv",
    "graph.nq",
    REPORT_FILE,
)

if TYPE_CHECKING:
    from ..pipeline import BuildResult

log = logging.getLogger(__name__)

__all__ = ["write_atomic", "write_outputs", "write_store", "clean_stale", "check_outdir", "build_lock", "LOCK_FILE"]

#: The lock a build holds in its output folder (see `build_lock`).
LOCK_FILE = ".kg.lock"

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def _stage(path: Path, data: str | bytes) -> Path:
    """Write `data` to a new temporary file beside `path` (flushed to disk); the caller renames it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` through a temporary file and a rename."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _failpoint(name: str) -> None:
    """Crash here, as a SIGKILL would, when BERITA_KG_FAILPOINT names this point: how the tests
    prove that a build killed at the worst moment leaves the previous outputs usable."""
    if os.environ.get("BERITA_KG_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _build_store(trig: Path, outdir: Path) -> Path:
    """A complete Oxigraph store of `trig` in a new hidden folder of `outdir`."""
    import gc

    fresh = Path(tempfile.mkdtemp(prefix=".store.", dir=outdir))
    try:
        store = load_store(trig, fresh)
        store.flush()
        del store
        gc.collect()
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return fresh


def _swap_store(outdir: Path, fresh: Path) -> None:
    """Point `OUTDIR/store` at `fresh` by replacing a symbolic link, one atomic rename: at every
    moment `store` is the old complete store or the new one. The store it replaces is kept until
    the next build: a reader that opened it just before (`kg query`) goes on reading whole files,
    as RocksDB opens them lazily; older ones are deleted."""
    link = outdir / STORE_DIR
    old: Path | None = None
    if link.is_symlink():
        old = link.resolve()
    elif link.exists():  # a real folder, from a version before the link: moved aside once
        old = Path(tempfile.mkdtemp(prefix=".store-old.", dir=outdir))
        os.replace(link, old / STORE_DIR)
    tmp_link = outdir / f".store-link.{fresh.name}"
    os.symlink(fresh.name, tmp_link)  # relative: the folder can be moved
    os.replace(tmp_link, link)
    keep = {fresh.resolve(), *([old] if old is not None else [])}
    for path in outdir.iterdir():
        if path.name.startswith((".store.", ".store-old.")) and path.is_dir() and path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)


def clean_stale(outdir: Path) -> None:
    """Remove what a killed build left in `outdir`: temporary files, stores never swapped in."""
    if not outdir.is_dir():
        return
    link = outdir / STORE_DIR
    current = link.resolve() if link.is_symlink() else None
    for path in outdir.iterdir():
        if path.name.startswith(".") and path.name.endswith(".tmp") and path.is_file():
            path.unlink(missing_ok=True)
        elif path.name.startswith((".store.", ".store-old.")) and path.is_dir() and path.resolve() != current:
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.startswith(".store-link.") and path.is_symlink():
            path.unlink(missing_ok=True)


def write_store(trig: Path, outdir: Path) -> Path:
    """The embedded SPARQL store (`OUTDIR/store`, Oxigraph) loaded from a TriG file. Built beside
    the old one and swapped in atomically (see `_swap_store`)."""
    _swap_store(outdir, _build_store(trig, outdir))
    return outdir / STORE_DIR


def write_outputs(
    result: BuildResult,
    outdir: str | os.PathLike[str],
    *,
    before_swap: Callable[[], None] | None = None,
    check: bool = False,
    timings: dict[str, float] | None = None,
) -> list[Path]:
    """Serialize everything, write it all to temporary files and build the new store beside the
    old, and only then rename the files into place and swap the store: a build killed before
    the renames leaves every previous output as it was; the renames take microseconds.
    `before_swap` runs once everything is staged, before the first rename: the CLI saves the
    build cache there, so that outputs and cache land together (a kill between the two leaves
    a cache that already holds the new articles, never outputs that the cache has lost).

    The serializations (and, with `check`, the SHACL validation whose outcome report.json
    carries) are independent jobs over one graph: they run in forked processes, one per core
    (`kg.forks`), and report.json is written last. `timings` receives seconds per step.
    Returns the paths written."""
    out = check_outdir(outdir)
    staged: dict[str, Path] = {}
    start = time.perf_counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
        clean_stale(out)
        result.union  # noqa: B018  (made once here, before the fork: every child inherits it)
        if timings is not None:
            timings["union graph"] = time.perf_counter() - start
        files = [n for n in _BY_COST if n in WRITERS] + [n for n in WRITERS if n not in _BY_COST]
        jobs = ([SHACL_JOB] if check else []) + [n for n in files if n != REPORT_FILE]
        log.info("serializing %d files%s", len(jobs), " and checking the graph against the SHACL shapes" * check)

        def run(job: str) -> tuple[Path | list[Violation], float]:
            begin = time.perf_counter()
            done = validate(result.union) if job == SHACL_JOB else _stage(out / job, WRITERS[job](result))
            return done, time.perf_counter() - begin

        finished = 0

        def say(job: str, answer: tuple[Path | list[Violation], float]) -> None:
            nonlocal finished
            finished += 1
            done, seconds = answer
            log.info("%s ready (%d of %d)", "the SHACL check" if job == SHACL_JOB else job, finished, len(jobs))
            what = f"{len(done):,} violations" if isinstance(done, list) else f"{done.stat().st_size:,} bytes"
            log.debug("%s: %s in %.1f s", job, what, seconds)

        if check:
            import pyshacl  # noqa: F401  (imported before the fork, as every module a child needs)
        try:
            answers = {job: done for job, (done, _) in zip(jobs, fork_map(run, jobs, on_done=say), strict=True)}
        except BaseException:
            clean_stale(out)  # what the other children staged (this build holds the folder's lock)
            raise
        if check:
            from ..pipeline import record_violations

            violations = answers.pop(SHACL_JOB)
            assert isinstance(violations, list)
            record_violations(result, violations)
        staged = {name: answers[name] for name in OUTPUT_FILES if name != REPORT_FILE}  # type: ignore[misc]
        staged[REPORT_FILE] = _stage(out / REPORT_FILE, WRITERS[REPORT_FILE](result))
        tail = time.perf_counter() - start
        if timings is not None:
            timings["serializations" + " and validation" * check] = tail
        # here, not in a child: RocksDB's background threads do not survive a fork, so a store
        # opened in a forked child of a process that had one open waits for them forever
        log.info("loading the SPARQL store")
        fresh = _build_store(staged["graph.trig"], out)
        if timings is not None:
            timings["store"] = time.perf_counter() - start - tail
        _failpoint("outputs-staged")
        if before_swap is not None:
            before_swap()
            _failpoint("cache-saved")
        for n, (name, tmp) in enumerate(staged.items()):
            os.replace(tmp, out / name)
            if n == len(staged) // 2:
                _failpoint("outputs-half-renamed")
        _swap_store(out, fresh)
        log.info("wrote %d files and the store into %s", len(staged), out)
    except OSError as exc:
        raise OutputError(f"cannot write to {out} ({exc.strerror or exc}): check the folder's permissions.") from exc
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    return [out / name for name in OUTPUT_FILES] + [out / "store"]


def check_outdir(outdir: str | os.PathLike[str]) -> Path:
    """`outdir` as a path, if it is a folder or can become one (checked before any analysis)."""
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder: give -o a folder path.")
    return out


@contextmanager
def build_lock(outdir: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold the output folder for one build or removal: a second `kg build` (or `kg remove`) into
    the same folder fails at once, naming the process that holds it, instead of mixing two
    builds' files and caches. The lock is the kernel's (`flock` on `OUTDIR/.kg.lock`), so a
    killed build never leaves the folder locked. A folder this call created and nothing was
    written into is removed again on the way out."""
    out = check_outdir(outdir)
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666 & ~_UMASK)
    except OSError as exc:
        raise OutputError(f"cannot create {out} ({exc.strerror or exc}): check the path and its permissions.") from exc
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # no flock (not POSIX): builds are not serialised
            pass
        except OSError as exc:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise OutputError(
                f"{out} is being written by another kg build or removal (process {holder}): "
                "wait for it to finish, or build into another folder with -o."
            ) from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield out
    finally:
        os.close(fd)
        if created and {p.name for p in out.iterdir()} <= {LOCK_FILE}:
            (out / LOCK_FILE).unlink(missing_ok=True)
            out.rmdir()
