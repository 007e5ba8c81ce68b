"""The one place where Cypher runs: parameters through cypher()'s third argument, agtype decoded once.

`run_cypher(conn, query, params, columns)` composes
`SELECT ... FROM ag_catalog.cypher('<graph>', $tag$<query>$tag$, $1) AS (<col> agtype, ...)` and executes it as a
prepared statement (psycopg `prepare=True`): the parameter map is bound as `$1` and never enters the query text.
Graph and column names are checked against strict patterns before they are composed into SQL.
`decode_agtype` turns AGE 1.5's agtype text (`"x"`, `1`, `1.5::numeric`, `{...}::vertex`, `[...]::path`) into plain
Python values; it is registered as the psycopg loader of the `agtype` type, so every agtype value a connection
reads goes through it.
"""

from __future__ import annotations

import json
import math
import re
import weakref
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from json.decoder import scanstring
from typing import Any

import psycopg
from psycopg import sql
from psycopg.adapt import Loader
from psycopg.rows import tuple_row

from atlas.errors import AtlasError

DEFAULT_GRAPH = "etf_graph"

# AGE refuses graph names under 3 characters; lower case keeps names identical quoted or not.
GRAPH_NAME_PATTERN = re.compile(r"[a-z_][a-z0-9_]{2,62}")
LABEL_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")
COLUMN_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,62}")
MAX_QUERY_CHARS = 20_000

Row = dict[str, Any]


class CypherError(AtlasError):
    """A Cypher call that was refused before reaching the database (bad name, parameter or query text)."""


def validate_graph_name(name: str) -> str:
    if not isinstance(name, str) or not GRAPH_NAME_PATTERN.fullmatch(name):
        raise CypherError(
            f"invalid graph name {name!r}: expected 3-63 characters of [a-z0-9_], not starting with a digit"
        )
    return name


def validate_label(name: str) -> str:
    if not isinstance(name, str) or not LABEL_PATTERN.fullmatch(name):
        raise CypherError(f"invalid label name {name!r}: expected 1-63 characters of [A-Za-z0-9_]")
    return name


def validate_columns(columns: Sequence[str]) -> tuple[str, ...]:
    if isinstance(columns, str) or not columns:
        raise CypherError("columns must be a non-empty sequence of names, e.g. ('ticker', 'weight')")
    names = tuple(columns)
    for name in names:
        if not isinstance(name, str) or not COLUMN_PATTERN.fullmatch(name):
            raise CypherError(f"invalid column name {name!r}: expected 1-63 characters of [a-z0-9_]")
    if len(set(names)) != len(names):
        raise CypherError(f"duplicate column names in {names!r}")
    return names


# --------------------------------------------------------------------------------------------------- composing


def compose_cypher(graph: str, query: str, columns: Sequence[str], *, limit: bool = False) -> sql.Composed:
    """The SQL statement for one Cypher query; placeholders: the parameter map (and the row limit, if asked)."""
    graph = validate_graph_name(graph)
    names = validate_columns(columns)
    if not isinstance(query, str) or not query.strip():
        raise CypherError("the Cypher query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise CypherError(f"the Cypher query is longer than {MAX_QUERY_CHARS} characters")
    if "\x00" in query:
        raise CypherError("the Cypher query contains a NUL character")
    return sql.Composed(
        [
            sql.SQL("SELECT * FROM ag_catalog.cypher("),
            sql.Literal(graph),
            sql.SQL(", "),
            sql.SQL(_dollar_quote(query)),
            sql.SQL(", %s) AS ("),
            sql.SQL(", ").join(sql.SQL("{} ag_catalog.agtype").format(sql.Identifier(n)) for n in names),
            sql.SQL(") LIMIT %s" if limit else ")"),
        ]
    )


def _check_limit(limit: int | None) -> None:
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise CypherError(f"limit must be a non-negative integer, not {limit!r}")


def _dollar_quote(text: str) -> str:
    # cypher() only accepts a dollar-quoted constant; nothing is escaped inside one, so the tag must not occur in the
    # text. psycopg reads every % of the statement as a placeholder marker, hence %%.
    tag, n = "$cypher$", 0
    while tag in text:  # deterministic, so that the prepared statement of a query is reused
        n += 1
        tag = f"$cypher{n}$"
    return f"{tag}{text}{tag}".replace("%", "%%")


# ------------------------------------------------------------------------------------------- parameter encoding


def encode_params(params: Mapping[str, Any] | None) -> str | None:
    """The parameter map as agtype text (None when there are no parameters)."""
    if params is None:
        return None
    if not isinstance(params, Mapping):
        raise CypherError(f"Cypher parameters must be a mapping of names to values, not {type(params).__name__}")
    for key in params:
        if not isinstance(key, str) or not COLUMN_PATTERN.fullmatch(key.lower()):
            raise CypherError(f"invalid Cypher parameter name {key!r}")
    return _encode(params)


def _encode(value: Any) -> str:
    if value is None or isinstance(value, bool | str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CypherError(f"cannot pass the non-finite decimal {value} to Cypher")
        return f"{value}::numeric"
    if isinstance(value, datetime | date):
        return json.dumps(value.isoformat())
    if isinstance(value, Mapping):
        items = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise CypherError(f"map keys passed to Cypher must be strings, not {key!r}")
            items.append(f"{json.dumps(key, ensure_ascii=False)}: {_encode(item)}")
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_encode(item) for item in value) + "]"
    raise CypherError(f"cannot pass a {type(value).__name__} to Cypher")


# ------------------------------------------------------------------------------------------------- decoding


class AgtypeDecodeError(ValueError):
    """Text that is not agtype as AGE prints it."""


_NUMBER = re.compile(r"-?(?:NaN|Infinity|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)")
_ANNOTATION = re.compile(r"::([a-z]+)")
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def decode_agtype(text: str | None) -> Any:
    """agtype text -> None/bool/int/float/Decimal/str/list/dict.

    vertex -> {"id", "label", "properties"}, edge -> {"id", "label", "start_id", "end_id", "properties"},
    path -> [vertex, edge, vertex, ...], `x::numeric` -> Decimal.
    """
    if text is None:
        return None
    value, end = _parse(text, _skip(text, 0))
    if _skip(text, end) != len(text):
        raise AgtypeDecodeError(f"unexpected text after the value at {end}: {text[end : end + 20]!r}")
    return value


def _skip(text: str, pos: int) -> int:
    return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]  # the pattern matches the empty string


def _parse(text: str, pos: int) -> tuple[Any, int]:
    if pos >= len(text):
        raise AgtypeDecodeError("unexpected end of agtype text")
    char = text[pos]
    if char == "{":
        value, pos = _parse_map(text, pos + 1)
    elif char == "[":
        value, pos = _parse_list(text, pos + 1)
    elif char == '"':
        try:
            value, pos = scanstring(text, pos + 1)
        except json.JSONDecodeError as exc:
            raise AgtypeDecodeError(f"bad string at {pos}: {exc.msg}") from exc
    elif text.startswith("null", pos):
        value, pos = None, pos + 4
    elif text.startswith("true", pos):
        value, pos = True, pos + 4
    elif text.startswith("false", pos):
        value, pos = False, pos + 5
    else:
        match = _NUMBER.match(text, pos)
        if match is None:
            raise AgtypeDecodeError(f"unexpected character {char!r} at {pos}")
        value, pos = _number(match.group()), match.end()
    annotation = _ANNOTATION.match(text, pos)
    if annotation is None:
        return value, pos
    return _annotate(value, annotation.group(1)), annotation.end()


def _parse_map(text: str, pos: int) -> tuple[dict[str, Any], int]:
    result: dict[str, Any] = {}
    pos = _skip(text, pos)
    if text.startswith("}", pos):
        return result, pos + 1
    while True:
        if not text.startswith('"', pos):
            raise AgtypeDecodeError(f"expected a quoted key at {pos}")
        key, pos = scanstring(text, pos + 1)
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise AgtypeDecodeError(f"expected ':' at {pos}")
        result[key], pos = _parse(text, _skip(text, pos + 1))
        pos = _skip(text, pos)
        if text.startswith("}", pos):
            return result, pos + 1
        if not text.startswith(",", pos):
            raise AgtypeDecodeError(f"expected ',' or '}}' at {pos}")
        pos = _skip(text, pos + 1)


def _parse_list(text: str, pos: int) -> tuple[list[Any], int]:
    result: list[Any] = []
    pos = _skip(text, pos)
    if text.startswith("]", pos):
        return result, pos + 1
    while True:
        item, pos = _parse(text, pos)
        result.append(item)
        pos = _skip(text, pos)
        if text.startswith("]", pos):
            return result, pos + 1
        if not text.startswith(",", pos):
            raise AgtypeDecodeError(f"expected ',' or ']' at {pos}")
        pos = _skip(text, pos + 1)


def _number(token: str) -> int | float:
    if token.lstrip("-").isdigit():
        return int(token)
    return float(token)  # float() reads NaN, Infinity and -Infinity as AGE prints them


def _annotate(value: Any, annotation: str) -> Any:
    if annotation == "numeric":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise AgtypeDecodeError(f"::numeric on a non-number {value!r}")
        return Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if annotation == "vertex":
        if not isinstance(value, dict) or not {"id", "label", "properties"} <= value.keys():
            raise AgtypeDecodeError("::vertex on something that is not a vertex map")
        return value
    if annotation == "edge":
        if not isinstance(value, dict) or not {"id", "label", "start_id", "end_id", "properties"} <= value.keys():
            raise AgtypeDecodeError("::edge on something that is not an edge map")
        return value
    if annotation == "path":
        if not isinstance(value, list):
            raise AgtypeDecodeError("::path on something that is not a list")
        return value
    if annotation in ("integer", "float", "string", "boolean"):
        return value
    raise AgtypeDecodeError(f"unknown agtype annotation ::{annotation}")


class AgtypeLoader(Loader):
    """psycopg loader: every agtype column a connection reads is decoded by decode_agtype."""

    def load(self, data: Any) -> Any:
        return decode_agtype(bytes(data).decode("utf-8"))


# ------------------------------------------------------------------------------------------------- running

_AGTYPE_OID_SQL = "SELECT 'ag_catalog.agtype'::regtype::oid"
_registered: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


def register_agtype(conn: psycopg.Connection[Any]) -> None:
    """Decode agtype values read on `conn` (idempotent; also fit for a pool's `configure` callback)."""
    if conn in _registered:
        return
    with conn.cursor(row_factory=tuple_row) as cursor:
        row = cursor.execute(_AGTYPE_OID_SQL).fetchone()
    assert row is not None
    conn.adapters.register_loader(row[0], AgtypeLoader)
    _registered[conn] = row[0]


async def register_agtype_async(conn: psycopg.AsyncConnection[Any]) -> None:
    """The async twin of register_agtype."""
    if conn in _registered:
        return
    async with conn.cursor(row_factory=tuple_row) as cursor:
        await cursor.execute(_AGTYPE_OID_SQL)
        row = await cursor.fetchone()
    assert row is not None
    conn.adapters.register_loader(row[0], AgtypeLoader)
    _registered[conn] = row[0]


_PARAMETER_SCAN = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/|\$([A-Za-z_][A-Za-z0-9_]*)""", re.S
)


def referenced_parameters(query: str) -> set[str]:
    """The $names a query uses, outside string literals, quoted names and comments."""
    return {match.group(1) for match in _PARAMETER_SCAN.finditer(query) if match.group(1)}


def _check_parameters(query: str, params: Mapping[str, Any] | None) -> None:
    # AGE reads a parameter missing from the map as null, silently matching nothing; say so instead.
    missing = referenced_parameters(query) - set(params or ())
    if missing:
        raise CypherError(f"missing Cypher parameter(s): {', '.join('$' + name for name in sorted(missing))}")


def run_cypher(
    conn: psycopg.Connection[Any],
    query: str,
    params: Mapping[str, Any] | None = None,
    columns: Sequence[str] = ("result",),
    *,
    graph: str = DEFAULT_GRAPH,
    limit: int | None = None,
) -> list[Row]:
    """Run one Cypher query on `graph` as a prepared statement; rows as {column: decoded value}.

    `limit` caps the rows on the SQL side (bound as a parameter, so it does not change the prepared statement)."""
    statement = compose_cypher(graph, query, columns, limit=limit is not None)
    names = tuple(columns)
    bound = encode_params(params)
    _check_parameters(query, params)
    _check_limit(limit)
    register_agtype(conn)
    with conn.cursor(row_factory=tuple_row) as cursor:  # whatever the connection's row factory
        cursor.execute(statement, (bound,) if limit is None else (bound, limit), prepare=True)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()] if cursor.description else []


async def run_cypher_async(
    conn: psycopg.AsyncConnection[Any],
    query: str,
    params: Mapping[str, Any] | None = None,
    columns: Sequence[str] = ("result",),
    *,
    graph: str = DEFAULT_GRAPH,
    limit: int | None = None,
) -> list[Row]:
    """The async twin of run_cypher (for the API's AsyncConnection pool)."""
    statement = compose_cypher(graph, query, columns, limit=limit is not None)
    names = tuple(columns)
    bound = encode_params(params)
    _check_parameters(query, params)
    _check_limit(limit)
    await register_agtype_async(conn)
    async with conn.cursor(row_factory=tuple_row) as cursor:
        await cursor.execute(statement, (bound,) if limit is None else (bound, limit), prepare=True)
        rows = await cursor.fetchall() if cursor.description else []
        return [dict(zip(names, row, strict=True)) for row in rows]
