"""Checks that the live graph says what the marts say: counts per label, and traversals equal to their SQL twins.

Each function returns small `CheckOutcome`s (name, passed, JSON-ready metadata); the orchestration wraps them as
Dagster asset checks. The expected figures are computed from the marts by their own queries, not by the load SQL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from atlas.cypher import DEFAULT_GRAPH, run_cypher, validate_graph_name
from graph_loader import catalog
from graph_loader.files import cypher_text, sql_text
from graph_loader.model import LABEL_NAMES

COUNT_LABEL = "select count(*) from {}"
PREFERRED_STOCK = "005930"  # 삼성전자, held by most domestic equity ETFs
PREFERRED_ISSUER = "삼성자산운용"
PREFERRED_SIMILAR = "069500"  # KODEX 200
# Where a HOLDS edge's `value` comes from (sql/edge_holds.sql); an edge with neither has no value.
VALUE_SOURCES = ("holdings_file", "shares_x_close")
QUOTE_COLUMNS = ("ticker", "close", "nav", "market_cap", "price_date")


@dataclass(frozen=True)
class CheckOutcome:
    name: str
    passed: bool
    metadata: dict[str, Any] = field(default_factory=dict)


def graph_as_of(conn: psycopg.Connection[Any], graph_name: str = DEFAULT_GRAPH) -> date | None:
    """The date the graph was built for (from its HOLDS edges); None when it has none."""
    try:
        rows = run_cypher(conn, cypher_text("graph_as_of.cypher"), None, ("as_of",), graph=graph_name)
    except psycopg.errors.UndefinedTable:  # a graph without HOLDS label (e.g. the empty provisioned one)
        return None
    dates = sorted({row["as_of"] for row in rows})
    if len(dates) > 1:
        raise ValueError(f"graph {graph_name} mixes HOLDS dates {dates}")
    return date.fromisoformat(dates[0]) if dates else None


def count_checks(conn: psycopg.Connection[Any], graph_name: str = DEFAULT_GRAPH) -> list[CheckOutcome]:
    """One outcome per label (vertex and edge counts equal the marts) plus one on the graph's date."""
    validate_graph_name(graph_name)
    as_of = graph_as_of(conn, graph_name)
    if as_of is None:
        return [CheckOutcome("graph_as_of", False, {"reason": f"graph {graph_name} has no HOLDS edges"})]
    with conn.cursor(row_factory=dict_row) as cursor:
        expected = cursor.execute(sql_text("expected_counts.sql"), {"as_of": as_of}).fetchone()
    assert expected is not None
    latest = expected["marts_latest_date"]
    outcomes = [
        CheckOutcome(
            "graph_as_of",
            latest == as_of,
            {"graph_as_of": as_of.isoformat(), "marts_latest_date": latest.isoformat() if latest else None},
        )
    ]
    present = catalog.label_infos(conn, graph_name)
    for label in LABEL_NAMES:
        actual = _label_count(conn, graph_name, label) if label in present else None
        metadata: dict[str, Any] = {"graph": actual, "marts": expected[label], "as_of": as_of.isoformat()}
        if label == "HOLDS":
            metadata["holdings_rows"] = expected["holdings_rows"]
            metadata["excluded_rows"] = expected["holdings_rows"] - expected["HOLDS"]
            metadata["exclusion_rule"] = "holdings whose ETF is not in dim_etf or instrument is not in dim_stock"
        if label == "SIMILAR_TO":
            metadata["excluded_rows"] = expected["overlap_rows"] - expected["SIMILAR_TO"]
        outcomes.append(CheckOutcome(f"count_{label}", actual == expected[label], metadata))
    if {"ETF", "HOLDS"} <= present.keys():
        outcomes += _valuation_counts(conn, graph_name, as_of, expected)
    return outcomes


def _valuation_counts(
    conn: psycopg.Connection[Any], graph_name: str, as_of: date, expected: dict[str, Any]
) -> list[CheckOutcome]:
    """Same-day valuation: ETF vertices priced with the date's quote, and HOLDS edges by the source of `value`."""
    [priced] = run_cypher(conn, cypher_text("priced_etfs.cypher"), None, ("n",), graph=graph_name)
    by_source = {
        row["source"]: row["n"]
        for row in run_cypher(
            conn, cypher_text("holds_by_value_source.cypher"), None, ("source", "n"), graph=graph_name
        )
    }
    marts_by_source = {source: expected[f"HOLDS_{source}"] for source in VALUE_SOURCES}
    graph_by_source = {source: by_source.get(source, 0) for source in VALUE_SOURCES}
    unvalued = expected["HOLDS"] - sum(marts_by_source.values())
    return [
        CheckOutcome(
            "priced_ETF",
            priced["n"] == expected["priced_ETF"],
            {"graph": priced["n"], "marts": expected["priced_ETF"], "price_date": as_of.isoformat()},
        ),
        CheckOutcome(
            "valued_HOLDS",
            graph_by_source == marts_by_source and by_source.get(None, 0) == unvalued,
            {
                "graph": graph_by_source,
                "marts": marts_by_source,
                "graph_without_value": by_source.get(None, 0),
                "marts_without_value": unvalued,
                "value_date": as_of.isoformat(),
            },
        ),
    ]


def _label_count(conn: psycopg.Connection[Any], graph_name: str, label: str) -> int | None:
    row = conn.execute(sql.SQL(COUNT_LABEL).format(catalog.label_table(graph_name, label))).fetchone()
    return int(row[0]) if row else None


def traversal_checks(
    conn: psycopg.Connection[Any],
    graph_name: str = DEFAULT_GRAPH,
    *,
    stock_code: str = PREFERRED_STOCK,
    issuer_id: str = PREFERRED_ISSUER,
    etf_ticker: str = PREFERRED_SIMILAR,
) -> list[CheckOutcome]:
    """Traversals equal their SQL twins on the marts: holders of a stock by weight, the ETFs of an issuer, the
    similar ETFs of an ETF, and the ETFs' quotes of the graph's date (none on a date without quotes). The preferred
    samples fall back to the best-connected ones when absent."""
    validate_graph_name(graph_name)
    as_of = graph_as_of(conn, graph_name)
    if as_of is None:
        return [CheckOutcome("traversals", False, {"reason": f"graph {graph_name} has no HOLDS edges"})]
    base = {"as_of": as_of}
    code = _sample(conn, "sample_stock.sql", {**base, "preferred": stock_code})
    issuer = _sample(conn, "sample_issuer.sql", {**base, "preferred": issuer_id})
    ticker = _sample(conn, "sample_similar.sql", {**base, "preferred": etf_ticker})
    return [
        _compare(
            conn, graph_name, "holders_of_stock", {"code": code}, base, ("ticker", "weight"), _by_weight_then_ticker
        ),
        _compare(conn, graph_name, "etfs_of_issuer", {"issuer_id": issuer}, base, ("ticker",), _as_is),
        _compare(conn, graph_name, "similar_etfs", {"ticker": ticker}, base, ("ticker", "overlap", "rank"), _by_rank),
        _compare(conn, graph_name, "etf_quotes", {}, base, QUOTE_COLUMNS, _by_ticker, may_be_empty=True),
    ]


def _sample(conn: psycopg.Connection[Any], file: str, params: dict[str, Any]) -> str | None:
    row = conn.execute(sql_text(file), params).fetchone()
    return row[0] if row else None


def _compare(
    conn: psycopg.Connection[Any],
    graph_name: str,
    name: str,
    params: dict[str, Any],
    base: dict[str, Any],
    columns: Sequence[str],
    sort_key: Callable[[tuple[Any, ...]], Any],
    *,
    may_be_empty: bool = False,
) -> CheckOutcome:
    if any(value is None for value in params.values()):
        return CheckOutcome(name, False, {"reason": "the marts have no sample for this traversal", **params})
    graph_rows = run_cypher(conn, cypher_text(f"{name}.cypher"), params or None, columns, graph=graph_name)
    graph = sorted((tuple(row[c] for c in columns) for row in graph_rows), key=sort_key)
    twin = sorted((tuple(row) for row in conn.execute(sql_text(f"twin_{name}.sql"), {**base, **params})), key=sort_key)
    passed = (may_be_empty or len(graph) > 0) and len(graph) == len(twin) and all(map(_rows_equal, graph, twin))
    metadata = {**params, "graph_rows": len(graph), "sql_rows": len(twin), "first_rows": [list(r) for r in graph[:5]]}
    if not passed:
        metadata["sql_first_rows"] = [[_plain(v) for v in r] for r in twin[:5]]
    return CheckOutcome(name, passed, metadata)


def _rows_equal(graph_row: tuple[Any, ...], sql_row: tuple[Any, ...]) -> bool:
    return len(graph_row) == len(sql_row) and all(map(_values_equal, graph_row, sql_row))


def _values_equal(graph_value: Any, sql_value: Any) -> bool:
    if graph_value is None or sql_value is None:
        return graph_value is None and sql_value is None
    if isinstance(graph_value, int | float) and not isinstance(graph_value, bool):
        return math.isclose(float(graph_value), float(sql_value), rel_tol=1e-12, abs_tol=1e-12)
    return bool(graph_value == sql_value)


def _plain(value: Any) -> Any:
    return float(value) if hasattr(value, "is_finite") else value


def _by_weight_then_ticker(row: tuple[Any, ...]) -> tuple[Any, ...]:
    ticker, weight = row
    return (weight is None, -float(weight) if weight is not None else 0.0, ticker)


def _by_rank(row: tuple[Any, ...]) -> tuple[Any, ...]:
    ticker, _overlap, rank = row
    return (int(rank), ticker)


def _by_ticker(row: tuple[Any, ...]) -> Any:
    return row[0]


def _as_is(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return row
