"""Build the graph from the marts beside the live one, then switch it in atomically.

1. One transaction builds `<graph>_build_<n>`: labels, set-based INSERT ... SELECT into the label tables
   (ids from `_graphid(label id, nextval(label sequence))`, edges joined on the mart keys), indexes, ANALYZE, and
   the reader role's grants on the new schema. Any failure rolls it back entirely; the live graph is untouched.
2. One short transaction renames the live graph to `<graph>_old_<n>` and the build graph to `<graph>`.
   Readers resolve the graph by name when a statement is analysed (prepared statements are re-analysed: the
   rename invalidates cached plans), so each statement sees either the old or the new graph, whole.
   `grant_reader` (the project-wide grants) runs after the switch.
3. The old graph is dropped afterwards (waiting for statements still reading it); if that times out it is left for
   the next build to remove.
A session advisory lock keeps two builds of the same graph from running at once.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus

from atlas.cypher import DEFAULT_GRAPH, validate_graph_name
from atlas.db.cluster import READER_ROLE
from atlas.db.provision import grant_reader
from atlas.errors import AtlasError
from graph_loader import catalog
from graph_loader.files import sql_fragment, sql_template, sql_text
from graph_loader.model import EDGE_LABELS, VERTEX_LABELS, EdgeLabel, VertexLabel

log = logging.getLogger(__name__)

ADVISORY_LOCK = "select pg_try_advisory_lock(hashtext('graph_loader:' || %s))"
ADVISORY_UNLOCK = "select pg_advisory_unlock(hashtext('graph_loader:' || %s))"
DROP_LOCK_TIMEOUT = "set local lock_timeout = '30s'"
# Index builds (GIN on properties) are faster with more memory; local to the build transaction.
BUILD_SETTINGS = "set local maintenance_work_mem = '256MB'"
GRANT_ATTEMPTS = 3


class GraphBuildError(AtlasError):
    """The graph could not be built; the previously live graph (if any) still serves."""


@dataclass(frozen=True)
class GraphBuildResult:
    graph: str
    as_of: date
    node_counts: dict[str, int]
    edge_counts: dict[str, int]
    timings_s: dict[str, float]
    replaced_previous: bool
    previous_dropped: bool
    build_name: str = field(repr=False)

    @property
    def nodes(self) -> int:
        return sum(self.node_counts.values())

    @property
    def edges(self) -> int:
        return sum(self.edge_counts.values())

    def metadata(self) -> dict[str, Any]:
        """JSON-ready figures for a Dagster materialization."""
        return {
            "graph": self.graph,
            "as_of": self.as_of.isoformat(),
            "nodes": self.nodes,
            "edges": self.edges,
            "node_counts": dict(self.node_counts),
            "edge_counts": dict(self.edge_counts),
            "timings_s": {k: round(v, 4) for k, v in self.timings_s.items()},
            "replaced_previous": self.replaced_previous,
            "previous_dropped": self.previous_dropped,
        }


def build_graph(conn: psycopg.Connection[Any], graph_name: str = DEFAULT_GRAPH) -> GraphBuildResult:
    """Rebuild `graph_name` from the marts for the latest holdings date (as the loader role, which owns it).

    `conn`: an idle autocommit connection with psycopg's default tuple rows."""
    validate_graph_name(graph_name)
    if not conn.autocommit or conn.info.transaction_status != TransactionStatus.IDLE:
        raise GraphBuildError("build_graph needs an idle autocommit connection: it commits the build and the switch")
    build_name = validate_graph_name(f"{graph_name}_build_{time.time_ns() // 1_000_000}")
    retired_name = build_name.replace("_build_", "_old_")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    with _build_lock(conn, graph_name):
        _drop_leftovers(conn, graph_name)
        try:
            as_of, nodes, edges = _build(conn, build_name, graph_name, timings)
            replaced = _switch(conn, build_name, graph_name, retired_name, timings)
        except Exception as exc:
            _drop_quietly(conn, build_name)
            if isinstance(exc, psycopg.Error):
                raise GraphBuildError(
                    f"building graph {graph_name!r} failed, the previous one still serves: {exc}"
                ) from exc
            raise
        # The new graph serves from here on; what follows only tidies up.
        _grant_reader_everywhere(conn)
        clock = time.perf_counter()
        dropped = _drop_patiently(conn, retired_name) if replaced else False
        timings["drop_previous"] = _lap(clock)
    timings["total"] = time.perf_counter() - started
    return GraphBuildResult(graph_name, as_of, nodes, edges, timings, replaced, dropped, build_name)


@contextmanager
def _build_lock(conn: psycopg.Connection[Any], graph_name: str) -> Iterator[None]:
    row = conn.execute(ADVISORY_LOCK, (graph_name,)).fetchone()
    if not (row and row[0]):
        raise GraphBuildError(f"another build of graph {graph_name!r} is running")
    try:
        yield
    finally:
        if not conn.closed and conn.info.transaction_status == TransactionStatus.IDLE:
            conn.execute(ADVISORY_UNLOCK, (graph_name,))


def _leftover_pattern(graph_name: str) -> re.Pattern[str]:
    return re.compile(re.escape(graph_name) + r"_(build|old)_\d+")


def _drop_leftovers(conn: psycopg.Connection[Any], graph_name: str) -> None:
    """Graphs a crashed or interrupted earlier build left behind (we hold the build lock, so none is in use)."""
    for name in catalog.graph_names(conn, _leftover_pattern(graph_name)):
        log.warning("dropping graph %s left by an earlier build", name)
        _drop_patiently(conn, name)


def _build(
    conn: psycopg.Connection[Any], build: str, final: str, timings: dict[str, float]
) -> tuple[date, dict[str, int], dict[str, int]]:
    with conn.transaction():
        conn.execute(BUILD_SETTINGS)
        row = conn.execute(sql_text("latest_date.sql")).fetchone()
        as_of = row[0] if row else None
        if as_of is None:
            raise GraphBuildError("marts.fct_etf_holdings has no rows: nothing to build the graph from")
        catalog.create_graph(conn, build)

        clock = time.perf_counter()
        for v in VERTEX_LABELS:
            catalog.create_label(conn, build, v.name, edge=False)
        for e in EDGE_LABELS:
            catalog.create_label(conn, build, e.name, edge=True)
        labels = catalog.label_infos(conn, build)
        timings["labels"] = _lap(clock)

        clock = time.perf_counter()
        nodes = {v.name: _load_vertices(conn, build, v, as_of, labels[v.name]) for v in VERTEX_LABELS}
        timings["vertices"] = _lap(clock)

        clock = time.perf_counter()
        edges = {e.name: _load_edges(conn, build, e, as_of, labels[e.name]) for e in EDGE_LABELS}
        timings["edges"] = _lap(clock)

        clock = time.perf_counter()
        for v in VERTEX_LABELS:
            key = sql.SQL("{}::ag_catalog.agtype").format(sql.Literal(f'"{v.key}"'))
            conn.execute(sql_template("vertex_indexes.sql").format(table=catalog.label_table(build, v.name), key=key))
        for e in EDGE_LABELS:
            conn.execute(sql_template("edge_indexes.sql").format(table=catalog.label_table(build, e.name)))
        for label, info in labels.items():  # the base labels too: their defaults name the graph as well
            _point_id_default(conn, build, final, label, info)
        timings["indexes"] = _lap(clock)

        clock = time.perf_counter()
        for v in VERTEX_LABELS:
            conn.execute(sql.SQL("analyze {}").format(catalog.label_table(build, v.name)))
        for e in EDGE_LABELS:
            # Statistics on an edge table's agtype properties cost most of the load time (agtype comparisons while
            # sampling) and serve no index or join; the planner needs id/start_id/end_id.
            conn.execute(sql.SQL("analyze {} (id, start_id, end_id)").format(catalog.label_table(build, e.name)))
        timings["analyze"] = _lap(clock)
        conn.execute(
            sql_template("grant_graph.sql").format(schema=sql.Identifier(build), reader=sql.Identifier(READER_ROLE))
        )
    return as_of, nodes, edges


def _stage(label: str) -> sql.Identifier:
    return sql.Identifier(f"graph_loader_stage_{label.lower()}")


def _load_vertices(
    conn: psycopg.Connection[Any], graph: str, vertex: VertexLabel, as_of: date, info: catalog.LabelInfo
) -> int:
    params = {"as_of": as_of, "label_id": info.label_id, "seq": info.seq}
    stage = _stage(vertex.name)
    conn.execute(sql_template("stage_vertices.sql").format(stage=stage, source=sql_fragment(vertex.source)), params)
    table = catalog.label_table(graph, vertex.name)
    cursor = conn.execute(sql_template("insert_vertices.sql").format(table=table, stage=stage))
    return cursor.rowcount


def _load_edges(
    conn: psycopg.Connection[Any], graph: str, edge: EdgeLabel, as_of: date, info: catalog.LabelInfo
) -> int:
    params = {"as_of": as_of, "label_id": info.label_id, "seq": info.seq}
    statement = sql_template("insert_edges.sql").format(
        table=catalog.label_table(graph, edge.name),
        source=sql_fragment(edge.source),
        start_stage=_stage(edge.start),
        end_stage=_stage(edge.end),
    )
    return conn.execute(statement, params).rowcount


def _point_id_default(
    conn: psycopg.Connection[Any], build: str, final: str, label: str, info: catalog.LabelInfo
) -> None:
    statement = sql_template("id_default.sql").format(
        table=catalog.label_table(build, label),
        graph_name=sql.Literal(final),
        label_name=sql.Literal(label),
        seq=sql.Literal(info.seq),
    )
    conn.execute(statement)


def _switch(conn: psycopg.Connection[Any], build: str, live: str, retired: str, timings: dict[str, float]) -> bool:
    clock = time.perf_counter()
    with conn.transaction():
        replaced = catalog.graph_exists(conn, live)
        if replaced:
            catalog.rename_graph(conn, live, retired)
        catalog.rename_graph(conn, build, live)
    timings["switch"] = _lap(clock)
    return replaced


def _grant_reader_everywhere(conn: psycopg.Connection[Any]) -> None:
    """The project-wide grants (docs/data-contract.md). The new graph is readable already (grant_graph.sql); these
    GRANTs touch shared schemas that dbt may be rewriting, so a concurrent update is retried, then only logged."""
    for attempt in range(1, GRANT_ATTEMPTS + 1):
        try:
            with conn.transaction():
                grant_reader(conn)
            return
        except psycopg.errors.InternalError as exc:  # "tuple concurrently updated"
            log.warning("grant_reader attempt %d failed: %s", attempt, exc)
            time.sleep(0.2 * attempt)


def _drop_patiently(conn: psycopg.Connection[Any], name: str) -> bool:
    """Drop a graph that is no longer live, waiting a while for statements still reading it."""
    try:
        with conn.transaction():
            conn.execute(DROP_LOCK_TIMEOUT)
            catalog.drop_graph(conn, name)
    except psycopg.errors.LockNotAvailable:
        log.warning("graph %s is still being read; the next build drops it", name)
        return False
    return True


def _drop_quietly(conn: psycopg.Connection[Any], name: str) -> None:
    """Remove a partial build graph after a failure (the build transaction usually rolled it back already)."""
    try:
        if conn.closed or conn.info.transaction_status != TransactionStatus.IDLE:
            return
        if catalog.graph_exists(conn, name):
            with conn.transaction():
                catalog.drop_graph(conn, name)
    except psycopg.Error as exc:  # the original error matters more; the next build removes leftovers
        log.warning("could not drop the partial graph %s: %s", name, exc)


def _lap(start: float) -> float:
    return time.perf_counter() - start
