"""AGE catalog operations the loader needs (names are validated before they reach SQL)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from atlas.cypher import validate_graph_name, validate_label
from graph_loader.files import sql_text

CREATE_GRAPH = "select ag_catalog.create_graph(%s)"
CREATE_VLABEL = "select ag_catalog.create_vlabel(%s, %s)"
CREATE_ELABEL = "select ag_catalog.create_elabel(%s, %s)"
RENAME_GRAPH = "select ag_catalog.alter_graph(%s, 'RENAME', %s)"
DROP_GRAPH = "select ag_catalog.drop_graph(%s, true)"
GRAPH_NAMES = "select name::text from ag_catalog.ag_graph order by name"
GRAPH_EXISTS = "select exists (select 1 from ag_catalog.ag_graph where name = %s)"
# The parents of all vertex / edge label tables of a graph: their id defaults name the graph as well.
BASE_LABELS = ("_ag_label_vertex", "_ag_label_edge")


@dataclass(frozen=True)
class LabelInfo:
    label_id: int
    seq: str  # schema-qualified, quoted sequence name
    relation: str  # schema-qualified, quoted table name


def graph_exists(conn: psycopg.Connection[Any], name: str) -> bool:
    row = conn.execute(GRAPH_EXISTS, (validate_graph_name(name),)).fetchone()
    return bool(row and row[0])


def graph_names(conn: psycopg.Connection[Any], pattern: re.Pattern[str]) -> list[str]:
    return [name for (name,) in conn.execute(GRAPH_NAMES) if pattern.fullmatch(name)]


def create_graph(conn: psycopg.Connection[Any], name: str) -> None:
    conn.execute(CREATE_GRAPH, (validate_graph_name(name),))


def create_label(conn: psycopg.Connection[Any], graph: str, label: str, *, edge: bool) -> LabelInfo:
    statement = CREATE_ELABEL if edge else CREATE_VLABEL
    conn.execute(statement, (validate_graph_name(graph), validate_label(label)))
    return label_info(conn, graph, label)


def label_info(conn: psycopg.Connection[Any], graph: str, label: str) -> LabelInfo:
    row = conn.execute(sql_text("label_info.sql"), {"graph": graph, "label": label}).fetchone()
    if row is None:
        raise LookupError(f"label {label!r} does not exist in graph {graph!r}")
    return LabelInfo(label_id=row[0], seq=row[1], relation=row[2])


def rename_graph(conn: psycopg.Connection[Any], name: str, new_name: str) -> None:
    conn.execute(RENAME_GRAPH, (validate_graph_name(name), validate_graph_name(new_name)))


def drop_graph(conn: psycopg.Connection[Any], name: str) -> None:
    conn.execute(DROP_GRAPH, (validate_graph_name(name),))


def label_table(graph: str, label: str) -> sql.Identifier:
    # A graph's schema has the graph's name (create_graph and alter_graph RENAME both keep them equal).
    return sql.Identifier(validate_graph_name(graph), validate_label(label))
