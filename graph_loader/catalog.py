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


def create_label(conn: psycopg.Connection[Any], graph: str, label: str, *, edge: bool) -> None:
    statement = CREATE_ELABEL if edge else CREATE_VLABEL
    conn.execute(statement, (validate_graph_name(graph), validate_label(label)))


def label_infos(conn: psycopg.Connection[Any], graph: str) -> dict[str, LabelInfo]:
    """All labels of `graph` (including AGE's base labels `_ag_label_vertex` / `_ag_label_edge`)."""
    rows = conn.execute(sql_text("label_info.sql"), {"graph": validate_graph_name(graph)}).fetchall()
    return {label: LabelInfo(label_id=label_id, seq=seq, relation=relation) for label, label_id, seq, relation in rows}


def rename_graph(conn: psycopg.Connection[Any], name: str, new_name: str) -> None:
    conn.execute(RENAME_GRAPH, (validate_graph_name(name), validate_graph_name(new_name)))


def drop_graph(conn: psycopg.Connection[Any], name: str) -> None:
    conn.execute(DROP_GRAPH, (validate_graph_name(name),))


def label_table(graph: str, label: str) -> sql.Identifier:
    # A graph's schema has the graph's name (create_graph and alter_graph RENAME both keep them equal).
    return sql.Identifier(validate_graph_name(graph), validate_label(label))
