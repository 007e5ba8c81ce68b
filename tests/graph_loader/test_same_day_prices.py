"""Same-day valuation in the graph on the real recorded snapshot, loaded by the real Dagster pipeline.

One database of our own, loaded twice through the pipeline's stages up to the graph: first 2024-10-07 (a holdings
date the recorded quotes do not cover: they start 2024-10-08), then 2024-11-06 (holdings and quotes). Each load
ends with the Dagster `etf_graph` asset building the graph for the marts' latest holdings date; the graph of
2024-10-07 is read before the second load replaces it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import dagster as dg
import pytest

from atlas.config import Settings
from atlas.cypher import run_cypher
from atlas.db.cluster import Cluster
from atlas.db.provision import drop_database, provision
from graph_loader import count_checks, traversal_checks
from graph_loader.checks import graph_as_of
from tests.conftest import AtlasDatabase

WITHOUT_QUOTES = date(2024, 10, 7)
WITH_QUOTES = date(2024, 11, 6)
ETF_QUOTE = "MATCH (e:ETF) RETURN e.ticker, e.close, e.nav, e.market_cap, e.price_date"
ETF_QUOTE_COLUMNS = ("ticker", "close", "nav", "market_cap", "price_date")
HOLDS_VALUE = "MATCH (:ETF)-[h:HOLDS]->(:Stock) RETURN h.value, h.value_source, h.value_date, h.as_of"
HOLDS_VALUE_COLUMNS = ("value", "source", "value_date", "as_of")


@dataclass(frozen=True)
class GraphState:
    as_of: date | None
    etfs: list[dict[str, Any]]
    holds: list[dict[str, Any]]
    failed_graph_checks: list[str]
    quotes_of_date: int


@dataclass(frozen=True)
class TwoLoads:
    db: AtlasDatabase
    without_quotes: GraphState
    with_quotes: GraphState


def _load(db: AtlasDatabase, day: date, instance: dg.DagsterInstance) -> list[str]:
    from orchestration.defs.graph.assets import etf_graph
    from orchestration.pipeline import STAGES, run_pipeline
    from orchestration.resources import AtlasDatabase as DatabaseResource

    last = next(i for i, stage in enumerate(STAGES) if etf_graph in stage.assets)  # no embeddings, no notification
    report = run_pipeline(
        day,
        day,
        instance,
        resources={"database": DatabaseResource(dsn=db.loader_dsn)},
        log=lambda _m: None,
        stages=STAGES[: last + 1],
    )
    # The graph's blocking checks (etf_graph:counts_match_marts, :traversals_match_sql) as Dagster evaluated them;
    # other assets' checks (e.g. dbt warn-severity tests on a one-day quote window) are not this module's subject.
    return [name for name in report.failed_checks if name.startswith("etf_graph:")]


def _state(db: AtlasDatabase, failed: list[str]) -> GraphState:
    with db.reader() as conn:
        as_of = graph_as_of(conn)
        quotes = conn.execute("select count(*) from marts.fct_etf_prices where trade_date = %s", (as_of,)).fetchone()
        return GraphState(
            as_of=as_of,
            etfs=run_cypher(conn, ETF_QUOTE, None, ETF_QUOTE_COLUMNS),
            holds=run_cypher(conn, HOLDS_VALUE, None, HOLDS_VALUE_COLUMNS),
            failed_graph_checks=failed,
            quotes_of_date=int(quotes[0]) if quotes else -1,
        )


@pytest.fixture(scope="module")
def two_loads(cluster: Cluster, settings: Settings) -> Iterator[TwoLoads]:
    db = AtlasDatabase(name=f"atlas_test_graphprices_{os.getpid()}_{uuid.uuid4().hex[:6]}", cluster=cluster)
    provision(cluster, db.name, settings.readonly_timeout_ms)
    try:
        with dg.DagsterInstance.ephemeral() as instance:
            first = _state(db, _load(db, WITHOUT_QUOTES, instance))
            second = _state(db, _load(db, WITH_QUOTES, instance))
        yield TwoLoads(db, first, second)
    finally:
        drop_database(cluster, db.name)


def _floats(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def test_etf_vertices_carry_the_same_day_quote(two_loads: TwoLoads) -> None:
    state = two_loads.with_quotes
    assert state.as_of == WITH_QUOTES and state.failed_graph_checks == []
    with two_loads.db.reader() as conn:
        quotes = {
            ticker: (close, nav, cap)
            for ticker, close, nav, cap in conn.execute(
                "select etf_ticker, close_price, nav, market_cap_krw from marts.fct_etf_prices where trade_date = %s",
                (WITH_QUOTES,),
            )
        }
        etf_count = conn.execute("select count(*) from marts.dim_etf").fetchone()
    assert len(quotes) > 800, "the recorded quotes of 2024-11-06 (919 ETFs in the snapshot)"
    assert etf_count is not None and len(state.etfs) == etf_count[0] > len(quotes)
    priced = {row["ticker"]: row for row in state.etfs if row["price_date"] is not None}
    assert set(priced) == set(quotes), "exactly the ETFs quoted that day carry a quote"
    for ticker, (close, nav, cap) in quotes.items():
        row = priced[ticker]
        assert row["price_date"] == "2024-11-06"
        assert (row["close"], row["nav"], row["market_cap"]) == (_floats(close), _floats(nav), _floats(cap)), ticker
    for row in state.etfs:
        if row["ticker"] not in quotes:  # not quoted that day: nothing, and no date
            assert (row["close"], row["nav"], row["market_cap"], row["price_date"]) == (None, None, None, None)
    total_cap = sum(row["market_cap"] for row in priced.values())
    assert total_cap == pytest.approx(sum(float(cap) for _c, _n, cap in quotes.values()), rel=1e-12)


def test_a_holdings_date_without_quotes_gets_nulls(two_loads: TwoLoads) -> None:
    state = two_loads.without_quotes
    assert state.as_of == WITHOUT_QUOTES and state.failed_graph_checks == []
    assert state.quotes_of_date == 0
    assert len(state.etfs) > 800
    assert all(
        (row["close"], row["nav"], row["market_cap"], row["price_date"]) == (None, None, None, None)
        for row in state.etfs
    )
    # The holdings file's amounts still value the edges, dated the holdings date; nothing is shares x close.
    sources = {row["source"] for row in state.holds}
    assert sources <= {"holdings_file", None} and "holdings_file" in sources
    for row in state.holds:
        assert row["as_of"] == "2024-10-07"
        assert (row["value_date"] is None) == (row["value"] is None) == (row["source"] is None)
        assert row["value_date"] in (None, "2024-10-07")


def test_holds_values_equal_the_holdings_file_on_the_quoted_date(two_loads: TwoLoads) -> None:
    state = two_loads.with_quotes
    with two_loads.db.reader() as conn:
        row = conn.execute(
            "select count(*), count(value_krw), sum(value_krw) from marts.fct_etf_holdings h "
            "join marts.dim_stock s on s.code = h.instrument_code where h.trade_date = %s",
            (WITH_QUOTES,),
        ).fetchone()
    assert row is not None
    edges, valued, total = row
    assert len(state.holds) == edges > 30_000
    from_file = [r for r in state.holds if r["source"] == "holdings_file"]
    assert len(from_file) == valued
    assert sum(r["value"] for r in from_file) == pytest.approx(float(total), rel=1e-9)
    assert all(r["value_date"] == "2024-11-06" for r in state.holds if r["value"] is not None)


def test_the_graph_checks_pass_on_the_real_graph(two_loads: TwoLoads) -> None:
    with two_loads.db.loader() as conn:
        outcomes = {c.name: c for c in count_checks(conn) + traversal_checks(conn)}
    assert [name for name, c in outcomes.items() if not c.passed] == []
    assert outcomes["priced_ETF"].metadata["graph"] == outcomes["priced_ETF"].metadata["marts"] > 800
    assert outcomes["etf_quotes"].metadata["graph_rows"] == outcomes["priced_ETF"].metadata["graph"]
