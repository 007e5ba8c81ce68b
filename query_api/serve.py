"""`atlas serve [--host H] [--port P] [--workers N]`: the query API under uvicorn.

`--workers` or ATLAS_API_WORKERS (default: 2 on a machine with two cores or more, else 1; see
atlas.config.default_api_workers) runs that many processes; each has its own pool and its own LISTEN connection.

Several workers each listen on their own socket bound to the same address with SO_REUSEPORT, so the kernel spreads
new connections across them by address hash. uvicorn's own `workers=` shares one listening socket instead, and the
first worker to wake accepts every connection waiting: 16 keep-alive clients connecting at once all landed on one
worker in some runs (the other idle, 16-client latency doubled). A worker's socket listens only once its app has
started (dictionary loaded), so no connection waits on a worker that is still loading; a worker that exits is
started again. (uvicorn's supervisor also pinged workers and killed one that did not answer in 5 s; a worker
building its dictionary holds the GIL for longer than that on a busy machine, so healthy workers were killed in a
loop while they started.)
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.process import BaseProcess
from types import FrameType
from typing import Any

from atlas.config import Settings

log = logging.getLogger("query_api.serve")

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
STOP_TIMEOUT_S = 30.0
RESTART_DELAY_S = 1.0
STARTUP_FAILURE = 3  # uvicorn's exit code when the app cannot start (lifespan failed): not worth restarting


def _uvicorn_options() -> dict[str, Any]:
    from query_api.controllers.wire import OneWriteHttpTools

    # served on its own address: no forwarded headers to trust; one socket write per response (controllers/wire.py)
    return {
        "log_level": "info",
        "access_log": False,
        "lifespan": "on",
        "proxy_headers": False,
        "http": OneWriteHttpTools,
    }


def main(args: argparse.Namespace, settings: Settings) -> int:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    workers = max(1, getattr(args, "workers", None) or settings.api_workers)
    if workers > 1:
        return serve_workers(args.host, args.port, workers)
    import uvicorn

    from query_api.app import create_app
    from query_api.config import ApiConfig

    app = create_app(ApiConfig.from_settings(settings))
    uvicorn.run(app, host=args.host, port=args.port, **_uvicorn_options())
    return 0


def reuse_port_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to host:port beside the other workers' (SO_REUSEPORT), not listening yet."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def _stop_with_parent(parent: int) -> None:
    """Linux: SIGTERM this process when the supervisor dies (even by SIGKILL), so no worker outlives it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent was already gone
        os.kill(os.getpid(), signal.SIGTERM)


def worker(host: str, port: int, parent: int) -> None:
    """One worker process: the app (settings from the same environment) on its own socket, which uvicorn puts in
    the listening state after the app's startup."""
    import uvicorn

    _stop_with_parent(parent)
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    sock = reuse_port_socket(host, port)
    config = uvicorn.Config("query_api.app:create_app", factory=True, host=host, port=port, **_uvicorn_options())
    uvicorn.Server(config).run(sockets=[sock])


def serve_workers(host: str, port: int, count: int) -> int:
    """Run `count` worker processes until SIGINT or SIGTERM; restart one that exits. The parent keeps a bound (not
    listening) socket on the port: a port taken by another program fails here, once, instead of in every worker."""
    try:
        reserved = reuse_port_socket(host, port)
    except OSError as exc:
        log.error("cannot bind %s:%s: %s", host, port, exc)
        return 1
    context = multiprocessing.get_context("spawn")
    stopping: list[int] = []

    def stop(signum: int, _frame: FrameType | None) -> None:
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}

    def start() -> BaseProcess:
        process = context.Process(target=worker, args=(host, port, os.getpid()), name="atlas-api-worker")
        process.start()
        log.info("started worker process %s", process.pid)
        return process

    processes = [start() for _ in range(count)]
    log.info("serving on http://%s:%s with %d worker processes", host, port, count)
    status = 0
    try:
        while not stopping:
            time.sleep(0.25)
            for index, process in enumerate(processes):
                if process.is_alive() or stopping:
                    continue
                if process.exitcode == STARTUP_FAILURE:
                    log.error("worker process %s failed to start; stopping", process.pid)
                    stopping.append(0)
                    status = 1
                    break
                log.warning("worker process %s exited with %s; starting another", process.pid, process.exitcode)
                time.sleep(RESTART_DELAY_S)
                processes[index] = start()
    finally:
        for process in processes:
            if process.is_alive() and process.pid is not None:
                os.kill(process.pid, signal.SIGTERM)  # each worker shuts down gracefully (lifespan shutdown)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        reserved.close()
    log.info("stopped %d worker processes", count)
    return status
