"""CPU time spent by the API process, the database backends serving it, and this (load generator) process.

Read from /proc (Linux) around a load run, so a latency figure comes with where the machine's cycles went:
on a 2-core machine the CPU per request bounds the requests per second, and with a closed loop of N clients
the latency is about N / (requests per second).

The database's share counts only the backends whose client socket belongs to the API's process tree (matched by
the client port PostgreSQL reports), so an evaluation or another server reading the same database at the same time
does not inflate it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import psycopg

TICKS_PER_S = os.sysconf("SC_CLK_TCK")
BACKENDS = "select pid, client_port from pg_stat_activity where datname = %s and backend_type = 'client backend'"


def process_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a process (None when it is gone or unreadable)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            stat = handle.read()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()  # after the command name, which may contain spaces
    return (int(fields[11]) + int(fields[12])) / TICKS_PER_S  # utime, stime (fields 14 and 15 of stat)


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (the API may run worker processes: ATLAS_API_WORKERS)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                    stat = handle.read()
            except OSError:
                continue
            parents[int(entry)] = int(stat[stat.rfind(")") + 2 :].split()[1])
    tree, frontier = [pid], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        tree += children
        frontier = children
    return tree


def socket_inodes(pids: list[int]) -> set[int]:
    """Inodes of the sockets the processes hold open."""
    inodes: set[int] = set()
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(int(target[8:-1]))
    return inodes


def local_ports(inodes: set[int]) -> set[int]:
    """Local TCP ports of the sockets with these inodes (/proc/net/tcp and tcp6)."""
    ports: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as handle:
                next(handle, None)
                for line in handle:
                    fields = line.split()
                    if len(fields) > 9 and int(fields[9]) in inodes:
                        ports.add(int(fields[1].rsplit(":", 1)[1], 16))
        except OSError:
            continue
    return ports


def tree_cpu_s(pid: int) -> float:
    return sum(cpu for p in process_tree(pid) if (cpu := process_cpu_s(p)) is not None)


@dataclass
class CpuMeter:
    """Snapshot before and after; backends that appear during the run count in full."""

    server_pid: int
    admin_dsn: str
    db_name: str
    embeddings_pid: int | None = None  # the embeddings server /v1/ask calls per question
    _server: float = 0.0
    _embeddings: float = 0.0
    _db: dict[int, float] = field(default_factory=dict)
    _client: float = 0.0
    _wall: float = 0.0

    def _backends(self) -> dict[int, float]:
        """CPU seconds of the backends serving the API's processes (not other clients of the same database)."""
        with psycopg.connect(self.admin_dsn, autocommit=True, connect_timeout=5) as conn:
            backends = list(conn.execute(BACKENDS, (self.db_name,)))
        ports = local_ports(socket_inodes(process_tree(self.server_pid)))
        pids = [pid for pid, port in backends if port in ports]
        return {pid: cpu for pid in pids if (cpu := process_cpu_s(pid)) is not None}

    def start(self) -> None:
        self._db = self._backends()
        self._server = tree_cpu_s(self.server_pid)
        self._embeddings = self._embeddings_cpu()
        self._client = time.process_time()
        self._wall = time.perf_counter()

    def stop(self, requests: int) -> dict[str, float]:
        wall = time.perf_counter() - self._wall
        client = time.process_time() - self._client
        server = tree_cpu_s(self.server_pid) - self._server
        db = sum(cpu - self._db.get(pid, 0.0) for pid, cpu in self._backends().items())
        embeddings = self._embeddings_cpu() - self._embeddings
        per = 1000.0 / max(requests, 1)
        return {
            "cpu_ms_per_req_server": round(server * per, 3),
            "cpu_ms_per_req_db": round(db * per, 3),
            "cpu_ms_per_req_embeddings": round(embeddings * per, 3),
            "cpu_ms_per_req_client": round(client * per, 3),
            "cpu_cores_busy": round((server + db + embeddings + client) / wall, 2) if wall > 0 else 0.0,
        }

    def _embeddings_cpu(self) -> float:
        return (process_cpu_s(self.embeddings_pid) or 0.0) if self.embeddings_pid else 0.0
