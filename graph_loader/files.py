"""The loader's SQL and Cypher, read from the named files in graph_loader/sql and graph_loader/cypher."""

from __future__ import annotations

from functools import cache
from importlib import resources

from psycopg import sql


@cache
def sql_text(name: str) -> str:
    return (resources.files("graph_loader") / "sql" / name).read_text(encoding="utf-8")


@cache
def cypher_text(name: str) -> str:
    return (resources.files("graph_loader") / "cypher" / name).read_text(encoding="utf-8")


def sql_template(name: str) -> sql.SQL:
    """A file with {placeholders} for identifiers and sub-queries, composed with psycopg.sql."""
    return sql.SQL(sql_text(name))  # type: ignore[arg-type]  # the files are trusted, fixed text


def sql_fragment(name: str) -> sql.SQL:
    """A whole SELECT to embed in a template (values stay %(name)s parameters)."""
    return sql.SQL(sql_text(name).strip())  # type: ignore[arg-type]
