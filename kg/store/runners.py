"""Where a query at the endpoint runs: in a process of its own forked for it (memory-capped,
killed at its deadline, so a runaway query cannot keep a slot, a core or memory), or, where
`os.fork` is missing, in a thread that gives its slot back at the deadline."""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import json
import os
import signal
import socket
import stat
import struct
import threading
import time
from typing import Any

import pyoxigraph as ox

try:
    import resource  # POSIX; where it is missing, so is os.fork and queries run in threads
except ImportError:  # pragma: no cover
    resource = None  # type: ignore[assignment]

from .limits import MAX_ABANDONED, MAX_RUNNING, _Answer, _evaluate, _Limits, _Stop, _timeout_message

_GRACE = 0.5  # seconds a worker has past its deadline to report before it is killed
_CHUNK = 1 << 16


def _send_frame(sock: socket.socket, kind: bytes, payload: bytes) -> None:
    sock.sendall(kind + struct.pack(">I", len(payload)) + payload)


def _recv_exact(sock: socket.socket, n: int, deadline: float) -> bytes | None:
    """`n` bytes from `sock`, None at end of stream; TimeoutError at `deadline`."""
    buf = bytearray()
    while len(buf) < n:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("deadline")
        sock.settimeout(left)
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def _data_size() -> int:
    """Bytes of data and stack this process has mapped (what RLIMIT_DATA counts); 0 if unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[5]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _worker(fd: int, store: ox.Store, limits: _Limits) -> None:
    """A process forked for one query: read it from `fd`, answer in frames (D: data, Z: done, E:
    stopped), exit. Its memory is capped (an allocation past it aborts the process) and an alarm
    kills it at its deadline, even inside a computation that yields nothing."""
    try:
        faulthandler.disable()  # an abort at the memory cap is expected here: no traceback on the server's stderr
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 1)  # what Oxigraph prints when memory runs out: the server reports it
        os.dup2(null, 2)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        base = _data_size()
        if base:
            cap = base + limits.max_memory
            hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
            cap = cap if hard == resource.RLIM_INFINITY else min(cap, hard)
            resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
        conn = socket.socket(fileno=fd)
        start = time.monotonic()
        head = _recv_exact(conn, 5, start + limits.timeout)
        payload = head and _recv_exact(conn, struct.unpack(">I", head[1:])[0], start + limits.timeout)
        if not payload:
            return
        request = json.loads(payload)
        seconds = float(request["seconds"])
        signal.setitimer(signal.ITIMER_REAL, seconds + _GRACE / 2)
        pending = bytearray()

        def write(data: bytes) -> None:
            pending.extend(data)
            if len(pending) >= _CHUNK:
                _send_frame(conn, b"D", bytes(pending))
                pending.clear()

        conn.settimeout(seconds + _GRACE)
        try:
            mime, note = _evaluate(store, request["text"], request["fmt"], limits, start + seconds, write)
        except _Stop as stop:
            _send_frame(conn, b"E", json.dumps({"status": stop.status, "message": str(stop)}).encode())
        except Exception as exc:  # a bug, not a query's fault: say so rather than hang up
            _send_frame(conn, b"E", json.dumps({"status": 500, "message": f"The query failed: {exc!r}"}).encode())
        else:
            if pending:
                _send_frame(conn, b"D", bytes(pending))
            _send_frame(conn, b"Z", json.dumps({"mime": mime, "note": note}).encode())
        conn.close()
    finally:
        os._exit(0)


def _zygote(ctrl: socket.socket, store: ox.Store, limits: _Limits) -> None:
    """The process that forks a worker per query, itself forked once when the server starts: it
    has one thread, so forking it is safe where forking the threaded server is not. It leads a
    process group of its own with its workers (Ctrl-C is for the server), and ends the group when
    the server closes its end of `ctrl` or dies."""
    os.setpgid(0, 0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # what it sends its workers at the end
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    gc.freeze()  # objects copied from the server are never collected here (their sockets are not ours)
    null = os.open(os.devnull, os.O_RDWR)
    fd_dir = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    for name in os.listdir(fd_dir):  # let go of every socket and pipe of the server (its listener…)
        fd = int(name)
        if fd > 2 and fd not in (ctrl.fileno(), null):
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode) or stat.S_ISFIFO(os.fstat(fd).st_mode):
                    os.dup2(null, fd)  # not close: the number stays taken, so a stale object cannot close another
            except OSError:
                pass
    while True:
        try:
            msg, fds, _, _ = socket.recv_fds(ctrl, 1, 1)
        except OSError:
            msg, fds = b"", []
        if not msg:  # the workers end with it: none runs on after the server
            os.killpg(0, signal.SIGTERM)
            os.killpg(0, signal.SIGCONT)
            with contextlib.suppress(ChildProcessError):
                os.wait()  # with SIGCHLD ignored: returns (ECHILD) once every worker has ended
            return
        for fd in fds:
            try:
                if os.fork() == 0:
                    ctrl.close()
                    _worker(fd, store, limits)
            except OSError:
                pass  # the server sees the connection close, and answers 500
            os.close(fd)


class _ProcessRunner:
    """Runs each query in a process of its own (see `_worker`), at most `MAX_RUNNING` at once."""

    def __init__(self, store: ox.Store, limits: _Limits) -> None:
        self.limits = limits
        self.slots = threading.BoundedSemaphore(MAX_RUNNING)
        self.lock = threading.Lock()
        ctrl, theirs = socket.socketpair()
        pid = os.fork()
        if pid == 0:
            try:
                ctrl.close()
                _zygote(theirs, store, limits)
            finally:
                os._exit(0)
        theirs.close()
        self.ctrl, self.pid = ctrl, pid

    def acquire(self, wait: float) -> bool:
        return self.slots.acquire(timeout=wait)

    def run(self, text: str, fmt: str) -> _Answer:
        """Answer `text` (a slot is held; this gives it back once the worker has exited)."""
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        mine, theirs = socket.socketpair()
        try:
            with self.lock:
                socket.send_fds(self.ctrl, [b"q"], [theirs.fileno()])
            theirs.close()
            request = json.dumps({"text": text, "fmt": fmt, "seconds": limits.timeout}).encode("utf-8")
            mine.settimeout(limits.timeout)
            _send_frame(mine, b"Q", request)
            return self._read(mine, deadline)
        except OSError as exc:
            return _Answer(500, f"The query could not be started: {exc}".encode())
        finally:
            theirs.close()
            mine.close()
            self.slots.release()

    def _read(self, sock: socket.socket, deadline: float) -> _Answer:
        body = bytearray()
        try:
            while True:
                head = _recv_exact(sock, 5, deadline + _GRACE)
                if head is None:
                    break
                kind, length = head[:1], struct.unpack(">I", head[1:])[0]
                if length > self.limits.max_bytes + _CHUNK:
                    break
                payload = _recv_exact(sock, length, deadline + _GRACE)
                if payload is None:
                    break
                if kind == b"D":
                    body += payload
                    if len(body) > self.limits.max_bytes:  # the worker counts too; this is the backstop
                        return _Answer(500, f"The result is over {self.limits.max_bytes:,} bytes.".encode())
                elif kind == b"E":
                    stop = json.loads(payload)
                    return _Answer(int(stop["status"]), str(stop["message"]).encode("utf-8"))
                elif kind == b"Z":
                    done = json.loads(payload)
                    return _Answer(200, bytes(body), str(done["mime"]), str(done["note"]))
        except TimeoutError:
            _wait_for_end(sock, time.monotonic() + _GRACE)  # its alarm kills it: keep the slot till then
        if time.monotonic() >= deadline:
            return _Answer(503, _timeout_message(self.limits).encode())
        return _Answer(
            500,
            f"The query was stopped: it needed more than {self.limits.max_memory:,} bytes of memory "
            "(or its process failed); narrow it or add a LIMIT.".encode(),
        )

    def close(self) -> None:
        """End the zygote, which ends its workers; if it is stuck, kill its process group (whose id
        stays ours until the zygote is reaped here)."""
        self.ctrl.close()
        for _ in range(100):
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
            time.sleep(0.02)
        with contextlib.suppress(OSError):
            os.killpg(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)


def _wait_for_end(sock: socket.socket, until: float) -> None:
    try:
        while _recv_exact(sock, 1 << 16, until) is not None:
            pass
    except (TimeoutError, OSError):
        pass


class _ThreadRunner:
    """Runs each query in a thread, where `os.fork` is missing. Python cannot stop a thread, so a
    query past its deadline gives its slot back and runs on (stopping when pyoxigraph next hands
    on a piece of its result, about 8 KB, if it yields any); at most `MAX_ABANDONED` may run on
    before new queries get 503."""

    def __init__(self, store: ox.Store, limits: _Limits) -> None:
        self.store, self.limits = store, limits
        self.slots = threading.BoundedSemaphore(MAX_RUNNING)
        self.lock = threading.Lock()
        self.abandoned = 0

    def acquire(self, wait: float) -> bool:
        with self.lock:
            if self.abandoned >= MAX_ABANDONED:
                return False
        return self.slots.acquire(timeout=wait)

    def run(self, text: str, fmt: str) -> _Answer:
        limits = self.limits
        deadline = time.monotonic() + limits.timeout
        chunks: list[bytes] = []
        outcome: dict[str, Any] = {"done": False, "abandoned": False}

        def work() -> None:
            # Only plain values leave this thread: an exception's frames hold Oxigraph's results,
            # which may be dropped on the thread that made them only.
            try:
                outcome["result"] = _evaluate(self.store, text, fmt, limits, deadline, chunks.append)
            except _Stop as stop:
                outcome["stop"] = (stop.status, str(stop))
            except Exception as exc:
                outcome["stop"] = (500, f"The query failed: {exc!r}")
            finally:
                with self.lock:
                    outcome["done"] = True
                    if outcome["abandoned"]:
                        self.abandoned -= 1
                    else:
                        self.slots.release()

        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()) + _GRACE)
        with self.lock:
            if not outcome["done"]:
                outcome["abandoned"] = True
                self.abandoned += 1
                self.slots.release()
                return _Answer(503, _timeout_message(limits).encode())
        if "stop" in outcome:
            status, message = outcome["stop"]
            return _Answer(status, message.encode("utf-8"))
        mime, note = outcome["result"]
        return _Answer(200, b"".join(chunks), mime, note)

    def close(self) -> None:
        pass
