"""The budget of one query at the endpoint (time, rows, bytes, the size of one value) and its
evaluation under it: results serialized by pyoxigraph as they are produced, cut at the row limit
and stopped as soon as the budget is spent."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, cast

import pyoxigraph as ox

try:
    import resource  # POSIX; where it is missing, so is os.fork and queries run in threads
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

from ..errors import QueryError
from .results import TURTLE, TYPES, ByteSink, TsvCut, reformat_tsv, serialize_answer

#: A request body (a POSTed query) over this many bytes is refused with 413 unread.
MAX_BODY = 1_000_000
#: Queries that run at once; others wait for a slot, up to the time limit, then get 503.
MAX_RUNNING = 8
#: Connections served at once; further ones wait in the listen queue (the OS's backlog).
MAX_CONNECTIONS = 64
#: Seconds a client has to send a whole request (line, headers, body), and again to take the answer.
CLIENT_TIMEOUT = 30.0
#: Bytes a serialized result may have (beyond, the query is stopped: 500).
MAX_BYTES = 16_000_000
#: Characters one value of a result may have (a literal built by the query, say).
MAX_TERM = 1_000_000
#: Bytes of memory a query's process may take beyond what the server holds when it starts.
MAX_MEMORY = 512_000_000
#: Without `os.fork` queries run in threads, which cannot be stopped: past its deadline a query
#: gives its slot back and runs on, and at most this many may run on before new ones get 503.
MAX_ABANDONED = 2 * MAX_RUNNING


@dataclass(frozen=True)
class _Limits:
    timeout: float
    max_rows: int
    max_bytes: int
    max_term: int
    max_memory: int


@dataclass(frozen=True)
class _Answer:
    status: int
    body: bytes
    mime: str = "text/plain"
    note: str = ""  # why the result was cut, for X-Berita-KG-Truncated


class _Stop(QueryError):
    """A query stopped or refused, with the HTTP status to answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _size(term: object) -> int:
    if isinstance(term, ox.Triple):
        return _size(term.subject) + _size(term.predicate) + _size(term.object)
    return len(getattr(term, "value", ""))


def _evaluate(
    store: ox.Store, text: str, fmt: str, limits: _Limits, deadline: float, write: Callable[[bytes], None]
) -> tuple[str, str]:
    """Run `text` and hand its serialized answer to `write`: (media type, why it was cut or "").

    pyoxigraph serializes. A SELECT result is first written as TSV (one line per solution) into a
    `TsvCut`, which keeps `max_rows` solutions and stops the query at the next one (Oxigraph
    yields solutions lazily, but for ORDER BY, GROUP BY and the like, which compute everything
    first); pyoxigraph then writes what was kept in `fmt`. The budget is checked as the result is
    produced: the deadline at every piece pyoxigraph writes (about 8 KB) and every triple, the size
    of each value at every solution or triple, the bytes all along; past it `_Stop` is raised."""
    size, note = 0, ""

    def emit(piece: bytes) -> None:
        nonlocal size
        size += len(piece)
        if size > limits.max_bytes:
            raise _Stop(500, _bytes_message(limits))
        write(piece)

    def check(terms: Iterable[object]) -> None:
        if time.monotonic() > deadline:
            raise _Stop(503, _timeout_message(limits))
        if any(_size(term) > limits.max_term for term in terms):
            raise _Stop(500, _term_message(limits))

    def check_line(header: bytes, line: bytes) -> None:
        """A TSV line (one solution): the deadline, and each value's size. A cell is the value in
        RDF syntax, never shorter than the value: only a long cell needs the value read back."""
        check(())
        if any(len(cell) > limits.max_term for cell in line.split(b"\t")):
            solutions = ox.parse_query_results(header + line, ox.QueryResultsFormat.TSV)
            assert isinstance(solutions, ox.QuerySolutions)
            for solution in solutions:
                check(term for term in solution)

    try:
        answer = store.query(text)
        check(())
        if isinstance(answer, ox.QueryBoolean):
            body, mime = serialize_answer(answer, fmt)
            emit(body)
            return mime, ""
        if isinstance(answer, ox.QuerySolutions):
            # what is kept is bounded too: by more than max_bytes, as CSV may be much shorter than TSV
            kept = TsvCut(limits.max_rows, 4 * limits.max_bytes, check_line)
            try:
                answer.serialize(cast(IO[bytes], kept), ox.QueryResultsFormat.TSV)
            except TsvCut.Full:
                note = f"rows cut at {limits.max_rows}"
            except TsvCut.TooBig:
                raise _Stop(500, _bytes_message(limits)) from None
            check(())
            reformat_tsv(kept.value(), fmt, emit)
            return TYPES[fmt], note

        def triples() -> Iterator[ox.Triple]:
            nonlocal note
            for count, triple in enumerate(answer):
                if count == limits.max_rows:
                    note = f"triples cut at {limits.max_rows}"
                    return
                check((triple,))
                yield triple

        ox.serialize(triples(), cast(IO[bytes], ByteSink(emit)), ox.RdfFormat.TURTLE)
        return TURTLE, note
    except SyntaxError as exc:
        raise _Stop(400, f"The query does not parse: {exc}") from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise _Stop(400, f"The query failed: {exc}") from exc


def _bytes_message(limits: _Limits) -> str:
    return (
        f"The result is over {limits.max_bytes:,} bytes, this server's limit: add a LIMIT, "
        "or ask for fewer or shorter values."
    )


def _term_message(limits: _Limits) -> str:
    return f"A value in the result is over {limits.max_term:,} characters, this server's limit for one value."


def _timeout_message(limits: _Limits) -> str:
    return f"The query took longer than {limits.timeout:g} s; narrow it or add a LIMIT."
