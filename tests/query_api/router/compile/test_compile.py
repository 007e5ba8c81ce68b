"""Every IR node compiles to the SQL text of its snapshot (values only as parameters) and runs on the test database.

Snapshots: tests/query_api/router/compile/snapshots/<sample>.sql (regenerate with ATLAS_UPDATE_SNAPSHOTS=1 and
read the diff). The execution tests read the API's test database (`api_db`) on the read-only role.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from query_api.config import ApiConfig
from query_api.db import Database, fetch_all
from query_api.graph import run_cypher
from query_api.router import ir
from query_api.router.compile import Channel, CompileError, Ctx, Statement, check_sql, compile_query
from query_api.router.compile.sets import on_or_before
from query_api.router.render import Result
from tests.query_api.router.compile.samples import HOLDINGS_DATES, PRICE_DATES, SAMPLES

SNAPSHOTS = Path(__file__).parent / "snapshots"
GRAPH_CTX = Ctx(graph_as_of=date(2024, 11, 6), latest_holdings=date(2024, 11, 6))


def _snapshot(statements: list[Statement]) -> str:
    parts = [f"-- {s.channel}: {s.purpose}\n{s.text.strip()}\n" for s in statements]
    return "\n".join(parts) or "-- no statement\n"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sql_text_snapshot(name: str) -> None:
    text = _snapshot(compile_query(SAMPLES[name], Ctx()))
    path = SNAPSHOTS / f"{name}.sql"
    if os.environ.get("ATLAS_UPDATE_SNAPSHOTS"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def _values(node: Any) -> list[str]:
    """Every string value the IR carries (tickers, codes, names)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, tuple | list):
        return [v for item in node for v in _values(item)]
    if hasattr(node, "__struct_fields__"):
        return [v for f in node.__struct_fields__ for v in _values(getattr(node, f))]
    return []


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_values_travel_only_as_parameters(name: str) -> None:
    query = SAMPLES[name]
    for statement in compile_query(query, Ctx()):
        params = list(statement.params.values())
        for value in _values(query):
            if value.isdigit() or not value.isascii() or (value.isupper() and len(value) >= 4):
                assert value not in statement.text, f"{value!r} is in the SQL text"
                assert any(value == p or (isinstance(p, list) and value in p) for p in params), value


def test_the_sql_check_refuses_writes_and_other_schemas() -> None:
    for bad in (
        "delete from marts.dim_etf",
        "select * from raw.krx_etf_master",
        "select 1; select 2",
        "select * from pg_catalog.pg_roles",
    ):
        with pytest.raises(CompileError):
            check_sql(bad)
    check_sql("with x as (select ticker from marts.dim_etf) select * from x")


def test_similar_of_a_named_etf_reads_the_graph_only_when_it_holds_the_date_asked() -> None:
    query = SAMPLES["similar"]
    (graph,) = compile_query(query, GRAPH_CTX)
    assert graph.channel is Channel.CYPHER and graph.params == {"ticker": "069500", "limit": 3}
    assert graph.tables == (("graph etf_graph as of 2024-11-06", None),)
    (past,) = compile_query(query, Ctx(as_of=date(2024, 11, 5), graph_as_of=date(2024, 11, 6)))
    assert past.channel is Channel.SQL  # the graph holds 2024-11-06 only
    (stale,) = compile_query(query, Ctx(graph_as_of=date(2024, 11, 5), latest_holdings=date(2024, 11, 6)))
    assert stale.channel is Channel.SQL
    (chained,) = compile_query(SAMPLES["similar_chain"], GRAPH_CTX)
    assert chained.channel is Channel.SQL  # a chain composes as CTEs of one SQL statement


def test_a_chain_is_a_cte_of_the_statement_that_reads_it() -> None:
    (statement,) = compile_query(SAMPLES["holders_chain"], Ctx())
    assert statement.text.startswith("with ") and "sref" in statement.text
    assert "limit %(p" in statement.text  # the inner node limited to its first row


# -- execution on the test database ---------------------------------------------------------------------------------
async def _run(db: Database, statements: list[Statement]) -> list[Result]:
    results = []
    async with db.connection() as conn:
        for st in statements:
            if st.channel is Channel.CYPHER:
                rows = await run_cypher(conn, st.text, st.params, st.columns)
            else:
                rows = await fetch_all(conn, st.text, st.params)
            results.append(Result(st, rows))
    return results


@pytest.fixture(scope="module")
async def reader(api_db):  # type: ignore[no-untyped-def]
    db = Database(ApiConfig(dsn=api_db.reader_dsn).dsn, min_size=1, max_size=2)
    await db.open()
    await db.pool.wait(timeout=10.0)
    yield db
    await db.close()


EMPTY_OK = {"not_held"}


@pytest.mark.parametrize("name", sorted(SAMPLES))
async def test_every_sample_runs_on_the_test_database(reader: Database, name: str) -> None:
    statements = compile_query(SAMPLES[name], Ctx())
    results = await _run(reader, statements)
    if name in EMPTY_OK:
        assert results == []
        return
    assert results and results[0].rows, f"{name}: no rows"


async def test_graph_route_runs(reader: Database) -> None:
    async with reader.connection() as conn:
        rows = await run_cypher(conn, "MATCH (:ETF)-[h:HOLDS]->(:Stock) RETURN max(h.as_of) AS d", None, ["d"])
    graph_date = date.fromisoformat(str(rows[0]["d"])[:10])
    statements = compile_query(SAMPLES["similar"], Ctx(graph_as_of=graph_date, latest_holdings=graph_date))
    assert statements[0].channel is Channel.CYPHER
    (result,) = await _run(reader, statements)
    sql = await _run(reader, compile_query(SAMPLES["similar"], Ctx(use_graph=False)))
    assert [r["ticker"] for r in result.rows] == [r["ticker"] for r in sql[0].rows]  # the two routes agree


async def test_chains_resolve_to_the_inner_nodes_first_row(reader: Database) -> None:
    (top,) = await _run(reader, compile_query(ir.Holdings(etf=ir.EtfNamed("069500"), limit=1), Ctx()))
    (holders,) = await _run(reader, compile_query(SAMPLES["holders_chain"], Ctx()))
    assert {r["stock_code"] for r in holders.rows} == {top.rows[0]["code"]}
    assert all(r["name"].startswith("TIGER") for r in holders.rows)


async def test_a_weight_threshold_and_a_count_over_holdings(reader: Database) -> None:
    (listed,) = await _run(reader, compile_query(SAMPLES["list_holds"], Ctx()))
    (holders,) = await _run(reader, compile_query(ir.Holders(stock=ir.StockNamed("005930"), limit=200), Ctx()))
    above = sorted(r["ticker"] for r in holders.rows if float(r["weight"]) > 20.0)
    assert listed.rows[0]["total_count"] == len(above)
    (both,) = await _run(reader, compile_query(SAMPLES["aggregate_holds"], Ctx()))
    assert 0 < both.rows[0]["value"] <= holders.rows[0]["total_count"]


def test_dates_resolve_to_the_date_asked_or_the_nearest_earlier_one() -> None:
    dates = PRICE_DATES
    assert on_or_before(dates, None) == date(2025, 12, 30)
    assert on_or_before(dates, date(2025, 1, 1)) == date(2024, 11, 7)
    assert on_or_before(dates, date(2024, 11, 6)) == date(2024, 11, 6)
    assert on_or_before(dates, date(2024, 11, 6), strict=True) == date(2024, 11, 5)
    assert on_or_before(dates, date(2024, 1, 1)) is None
    ctx = Ctx(as_of=date(2025, 1, 1), price_dates=PRICE_DATES, holdings_dates=HOLDINGS_DATES)
    (statement,) = compile_query(SAMPLES["lookup"], ctx)
    assert date(2024, 11, 7) in statement.params.values() and date(2024, 11, 6) in statement.params.values()
    assert "max(trade_date)" not in statement.text.split("fct_etf_holdings where etf_ticker")[0]


@pytest.mark.parametrize("name", sorted(SAMPLES))
async def test_dates_resolved_in_the_compiler_give_the_rows_of_dates_resolved_in_sql(
    reader: Database, name: str
) -> None:
    async with reader.connection() as conn:
        prices = await fetch_all(conn, "select distinct trade_date as d from marts.fct_etf_prices order by 1")
        holdings = await fetch_all(conn, "select distinct trade_date as d from marts.fct_etf_holdings order by 1")
    ctx = Ctx(
        price_dates=tuple(date.fromisoformat(r["d"]) for r in prices),
        holdings_dates=tuple(date.fromisoformat(r["d"]) for r in holdings),
        use_graph=False,
    )
    in_python = await _run(reader, compile_query(SAMPLES[name], ctx))
    in_sql = await _run(reader, compile_query(SAMPLES[name], Ctx(use_graph=False)))
    assert [r.rows for r in in_python] == [r.rows for r in in_sql]


def test_an_average_of_a_text_measure_is_refused_and_a_threshold_orders_the_list() -> None:
    with pytest.raises(CompileError):
        compile_query(ir.Aggregate(agg=ir.Agg.AVG, measure=ir.Measure.REPLICATION), Ctx())
    compile_query(ir.Aggregate(agg=ir.Agg.MIN, measure=ir.Measure.LISTING_DATE), Ctx())
    (cheap,) = compile_query(ir.ListEtfs(etfs=ir.EtfSet(constraints=(ir.Cond(ir.Measure.FEE, ir.Op.LE, 0.01),))), Ctx())
    assert "order by e.total_fee_pct asc nulls last" in cheap.text


def test_a_named_etfs_changes_count_its_futures_and_a_sets_count_securities_only() -> None:
    """A futures ETF's roll is its change (cash aside); across a set, futures and swaps are not bought or sold."""
    named = compile_query(ir.Changes(named=(ir.EtfNamed("252710"),)), Ctx())[0]
    across = compile_query(ir.Changes(etfs=ir.EtfSet((ir.Leveraged(inverse=True),))), Ctx())[0]
    lists = [v for v in named.params.values() if isinstance(v, list)]
    assert ["cash"] in lists and not any("future" in v for v in lists)
    assert any(isinstance(v, list) and "future" in v for v in across.params.values())
