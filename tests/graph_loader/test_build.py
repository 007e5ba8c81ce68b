"""graph_loader against a real AGE database holding a small marts fixture (tests/graph_loader/marts_fixture.sql)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest

import graph_loader.build
from atlas.cypher import compose_cypher, encode_params, run_cypher
from graph_loader import GraphBuildError, build_graph, count_checks, traversal_checks
from graph_loader.model import EDGE_LABELS, VERTEX_LABELS
from tests.conftest import AtlasDatabase

LATEST = date(2024, 11, 7)


def _live_graphs(conn: psycopg.Connection[Any]) -> list[str]:
    return [name for (name,) in conn.execute("select name::text from ag_catalog.ag_graph order by 1")]


def _floats(rows: list[tuple[Any, ...]]) -> set[tuple[Any, ...]]:
    """Rows with Decimals as floats, as the graph stores them."""
    return {tuple(float(v) if isinstance(v, Decimal) else v for v in row) for row in rows}


# ------------------------------------------------------------------------------------------------ contents


def test_build_result_and_label_counts(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as conn:
        result = build_graph(conn)
        assert result.graph == "etf_graph" and result.as_of == LATEST
        assert result.replaced_previous and result.previous_dropped
        assert set(result.node_counts) == {v.name for v in VERTEX_LABELS}
        assert set(result.edge_counts) == {e.name for e in EDGE_LABELS}
        for label, count in {**result.node_counts, **result.edge_counts}.items():
            [row] = run_cypher(
                conn,
                f"MATCH (n:{label}) RETURN count(n)"
                if label in result.node_counts
                else f"MATCH ()-[r:{label}]->() RETURN count(r)",
                None,
                ("n",),
            )
            assert row["n"] == count, label
        latest_rows = conn.execute("select count(*) from marts.fct_etf_holdings where trade_date = %s", (LATEST,))
        # One latest-date holding (US88160R1014) has no dim_stock row: the documented exclusion.
        assert result.edge_counts["HOLDS"] == latest_rows.fetchone()[0] - 1
        assert result.metadata()["as_of"] == "2024-11-07" and result.metadata()["nodes"] == result.nodes
        assert _live_graphs(conn) == ["etf_graph"]


def test_vertices_carry_the_mart_rows(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as loader:
        build_graph(loader)
    with marts_db.reader() as conn:
        etfs = run_cypher(
            conn,
            "MATCH (e:ETF) RETURN e.ticker, e.name, e.isin, e.close, e.nav, e.market_cap, e.price_date",
            None,
            ("t", "n", "i", "c", "nav", "m", "d"),
        )
        dim_etf = conn.execute(
            "select e.ticker, e.name, e.isin, p.close_price, p.nav, p.market_cap_krw, p.trade_date::text "
            "from marts.dim_etf e left join marts.fct_etf_prices p on p.etf_ticker = e.ticker and p.trade_date = %s",
            (LATEST,),
        ).fetchall()
        assert {tuple(r.values()) for r in etfs} == _floats(dim_etf)
        held = conn.execute(
            "select s.code, s.name, s.instrument_type from marts.dim_stock s where s.code in "
            "(select instrument_code from marts.fct_etf_holdings where trade_date = %s)",
            (LATEST,),
        ).fetchall()
        stocks = run_cypher(conn, "MATCH (s:Stock) RETURN s.code, s.name, s.instrument_type", None, ("c", "n", "t"))
        assert {(r["c"], r["n"], r["t"]) for r in stocks} == set(held)
        codes = {r["c"] for r in stocks}
        assert "000270" not in codes and "US88160R1014" not in codes  # held only earlier / not in dim_stock
        for label, key, table, column in [
            ("Issuer", "issuer_id", "dim_issuer", "issuer_id"),
            ("Index", "index_id", "dim_index", "index_id"),
            ("Sector", "sector_id", "dim_sector", "sector_id"),
            ("Tag", "tag", "dim_tag", "tag"),
        ]:
            graph_keys = {r["k"] for r in run_cypher(conn, f"MATCH (n:{label}) RETURN n.{key}", None, ("k",))}
            mart_keys = {r[0] for r in conn.execute(f"select {column} from marts.{table}")}
            assert graph_keys == mart_keys, label


EDGE_TWINS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "HOLDS": (
        "MATCH (e:ETF)-[h:HOLDS]->(s:Stock) "
        "RETURN e.ticker, s.code, h.weight, h.shares, h.value, h.value_source, h.value_date, h.as_of",
        ("e", "s", "w", "sh", "v", "vs", "vd", "d"),
        "select h.etf_ticker, h.instrument_code, h.weight_pct, h.shares, "
        "coalesce(h.value_krw, h.shares * p.close_price), "
        "case when h.value_krw is not null then 'holdings_file' when h.shares * p.close_price is not null "
        "then 'shares_x_close' end, case when coalesce(h.value_krw, h.shares * p.close_price) is not null "
        "then h.trade_date::text end, h.trade_date::text "
        "from marts.fct_etf_holdings h join marts.dim_stock s on s.code = h.instrument_code "
        "left join marts.fct_etf_prices p on p.etf_ticker = h.instrument_code and p.trade_date = h.trade_date "
        "where h.trade_date = (select max(trade_date) from marts.fct_etf_holdings)",
    ),
    "MANAGED_BY": (
        "MATCH (e:ETF)-[:MANAGED_BY]->(i:Issuer) RETURN e.ticker, i.issuer_id",
        ("e", "i"),
        "select ticker, issuer_id from marts.dim_etf where issuer_id is not null",
    ),
    "TRACKS": (
        "MATCH (e:ETF)-[:TRACKS]->(i:Index) RETURN e.ticker, i.index_id",
        ("e", "i"),
        "select ticker, index_id from marts.dim_etf where index_id is not null",
    ),
    "IN_SECTOR": (
        "MATCH (s:Stock)-[:IN_SECTOR]->(c:Sector) RETURN s.code, c.sector_id",
        ("s", "c"),
        "select code, sector from marts.dim_stock where sector is not null and code in (select instrument_code "
        "from marts.fct_etf_holdings where trade_date = (select max(trade_date) from marts.fct_etf_holdings))",
    ),
    "TAGGED": (
        "MATCH (e:ETF)-[:TAGGED]->(t:Tag) RETURN e.ticker, t.tag",
        ("e", "t"),
        "select etf_ticker, tag from marts.bridge_etf_tag",
    ),
    "SIMILAR_TO": (
        "MATCH (a:ETF)-[r:SIMILAR_TO]->(b:ETF) RETURN a.ticker, b.ticker, r.overlap, r.rank",
        ("a", "b", "o", "r"),
        "select etf_ticker, other_ticker, overlap_pct, rank from marts.mart_etf_overlap "
        "where as_of = (select max(trade_date) from marts.fct_etf_holdings)",
    ),
}


@pytest.mark.parametrize("label", list(EDGE_TWINS))
def test_edges_join_back_to_sql(marts_db: AtlasDatabase, label: str) -> None:
    cypher, columns, twin = EDGE_TWINS[label]
    with marts_db.loader() as loader:
        build_graph(loader)
    with marts_db.reader() as conn:
        graph = {tuple(row[c] for c in columns) for row in run_cypher(conn, cypher, None, columns)}
        expected = _floats(conn.execute(twin).fetchall())
        assert graph == expected
        assert len(graph) > 0


def test_decoded_types_of_a_path(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as loader:
        build_graph(loader)
    with marts_db.reader() as conn:
        [row] = run_cypher(
            conn,
            "MATCH p = (e:ETF {ticker: $t})-[h:HOLDS]->(s:Stock {code: $c}) RETURN p, h.weight, h.shares, h.as_of",
            {"t": "069500", "c": "005930"},
            ("p", "weight", "shares", "as_of"),
        )
        etf, holds, stock = row["p"]
        assert (etf["label"], holds["label"], stock["label"]) == ("ETF", "HOLDS", "Stock")
        assert holds["start_id"] == etf["id"] and holds["end_id"] == stock["id"]
        assert etf["properties"]["name"] == "KODEX 200" and stock["properties"]["name"] == "삼성전자"
        assert row["weight"] == 30.12 and isinstance(row["weight"], float)
        assert row["shares"] == 8981.0 and row["as_of"] == "2024-11-07"
        [odd] = run_cypher(conn, "MATCH (e:ETF {ticker: '999990'}) RETURN e.name, e.isin", None, ("n", "i"))
        assert odd == {"n": 'KOSEF 단종 O\'Reilly "테스트"', "i": None}


def test_key_lookups_use_indexes(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as loader:
        build_graph(loader)
    with marts_db.reader() as conn, conn.transaction():
        conn.execute("set local enable_seqscan = off")  # the fixture is tiny; ask whether an index *can* serve
        for label, key, value in [("ETF", "ticker", "069500"), ("Stock", "code", "005930")]:
            for query in (
                f"MATCH (n:{label} {{{key}: $v}}) RETURN n",
                f"MATCH (n:{label}) WHERE n.{key} = $v RETURN n",
            ):
                statement = psycopg.sql.SQL("explain ") + compose_cypher("etf_graph", query, ("n",))
                plan = "\n".join(r[0] for r in conn.execute(statement, (encode_params({"v": value}),)))
                assert re.search(rf'Index Scan (using|on) "{label}_', plan), plan


def test_cypher_create_still_works_after_the_switch(marts_db: AtlasDatabase) -> None:
    # Label tables' id defaults name their graph; the build graph's are pointed at the final name.
    with marts_db.loader() as conn:
        build_graph(conn)
        with conn.transaction():
            [row] = run_cypher(
                conn,
                "MATCH (e:ETF {ticker: '069500'}) CREATE (e)-[h:HOLDS {weight: 1.0}]->(s:Stock {code: 'NEW'}) RETURN s",
                None,
                ("s",),
            )
            assert row["s"]["label"] == "Stock"
            raise psycopg.Rollback()  # leaves the block quietly, undoing the CREATE
        assert run_cypher(conn, "MATCH (s:Stock {code: 'NEW'}) RETURN s", None, ("s",)) == []


# ------------------------------------------------------------------------------------ same-day valuation

ETF_QUOTE = "MATCH (e:ETF {ticker: $t}) RETURN e.close, e.nav, e.market_cap, e.price_date"
HOLDS_VALUE = "MATCH (:ETF {ticker: $t})-[h:HOLDS]->(:Stock {code: $c}) RETURN h.value, h.value_source, h.value_date"


def _quote(conn: psycopg.Connection[Any], ticker: str) -> tuple[Any, ...]:
    [row] = run_cypher(conn, ETF_QUOTE, {"t": ticker}, ("close", "nav", "cap", "date"))
    return tuple(row.values())


def _holding_value(conn: psycopg.Connection[Any], ticker: str, code: str) -> tuple[Any, ...]:
    [row] = run_cypher(conn, HOLDS_VALUE, {"t": ticker, "c": code}, ("value", "source", "date"))
    return tuple(row.values())


def test_etf_vertices_carry_the_quote_of_the_graph_date_only(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as loader:
        build_graph(loader)
    with marts_db.reader() as conn:
        assert _quote(conn, "069500") == (35120.0, 35135.62, 6.9e12, "2024-11-07")
        assert _quote(conn, "252670") == (2190.0, None, 2.2e12, "2024-11-07"), "a null NAV is absent, the rest stays"
        assert _quote(conn, "091160") == (None, None, None, None), "quoted on 2024-11-06 only: no earlier fallback"
        assert _quote(conn, "999990") == (None, None, None, None)


def test_holds_value_says_its_source_and_date(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as loader:
        build_graph(loader)
    with marts_db.reader() as conn:
        assert _holding_value(conn, "069500", "005930") == (515000000.0, "holdings_file", "2024-11-07")
        assert _holding_value(conn, "305720", "122630") == (175000.0, "shares_x_close", "2024-11-07"), "10 x 17,500"
        assert _holding_value(conn, "360750", "091160") == (None, None, None), "no amount, no quote that day"


def test_a_graph_date_without_quotes_has_no_prices_and_its_checks_pass(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as conn:
        conn.execute("delete from marts.fct_etf_prices where trade_date = %s", (LATEST,))
        build_graph(conn)
        quotes = run_cypher(
            conn, "MATCH (e:ETF) RETURN e.close, e.nav, e.market_cap, e.price_date", None, ("c", "n", "m", "d")
        )
        assert len(quotes) == 9 and all(set(row.values()) == {None} for row in quotes)
        assert _holding_value(conn, "305720", "122630") == (None, None, None)
        assert _holding_value(conn, "069500", "005930") == (515000000.0, "holdings_file", "2024-11-07")
        outcomes = {c.name: c for c in count_checks(conn) + traversal_checks(conn)}
    assert [name for name, c in outcomes.items() if not c.passed] == []
    assert outcomes["priced_ETF"].metadata["graph"] == 0 and outcomes["etf_quotes"].metadata["graph_rows"] == 0
    assert outcomes["valued_HOLDS"].metadata["graph"] == {"holdings_file": 29, "shares_x_close": 0}


# ------------------------------------------------------------------------------------------------- checks


def test_checks_pass_on_a_fresh_build(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as conn:
        build_graph(conn)
        counts = count_checks(conn)
        traversals = traversal_checks(conn)
    assert [c.name for c in counts] == ["graph_as_of"] + [
        f"count_{label}" for label in graph_loader.model.LABEL_NAMES
    ] + ["priced_ETF", "valued_HOLDS"]
    assert [t.name for t in traversals] == ["holders_of_stock", "etfs_of_issuer", "similar_etfs", "etf_quotes"]
    failed = [c for c in counts + traversals if not c.passed]
    assert failed == []
    by_name = {c.name: c for c in counts + traversals}
    holds = by_name["count_HOLDS"]
    assert holds.metadata["excluded_rows"] == 1
    assert by_name["priced_ETF"].metadata == {"graph": 4, "marts": 4, "price_date": "2024-11-07"}
    valued = by_name["valued_HOLDS"].metadata
    assert valued["graph"] == valued["marts"] == {"holdings_file": 29, "shares_x_close": 1}
    assert valued["graph_without_value"] == valued["marts_without_value"] == 1
    assert by_name["etf_quotes"].metadata["graph_rows"] == 4
    holders = traversals[0]
    assert holders.metadata["code"] == "005930" and holders.metadata["graph_rows"] == 5


def test_checks_fail_when_graph_and_marts_disagree(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as conn:
        build_graph(conn)
        conn.execute(
            "delete from marts.fct_etf_holdings where trade_date = %s and etf_ticker = '091160' "
            "and instrument_code = '005930'",
            (LATEST,),
        )
        conn.execute("update marts.dim_etf set issuer_id = '미래에셋자산운용' where ticker = '305720'")
        conn.execute(
            "update marts.fct_etf_prices set market_cap_krw = 1 where trade_date = %s and etf_ticker = '069500'",
            (LATEST,),
        )
        conn.execute(
            "update marts.fct_etf_holdings set value_krw = null "
            "where trade_date = %s and etf_ticker = '069500' and instrument_code = '000660'",
            (LATEST,),
        )
        outcome = {c.name: c.passed for c in count_checks(conn) + traversal_checks(conn)}
        assert outcome["count_HOLDS"] is False and outcome["holders_of_stock"] is False
        assert outcome["etfs_of_issuer"] is False and outcome["count_ETF"] is True
        assert outcome["etf_quotes"] is False and outcome["priced_ETF"] is True
        assert outcome["valued_HOLDS"] is False
        conn.execute(
            "insert into marts.fct_etf_prices (trade_date, etf_ticker, close_price) values (%s, '999990', 1)", (LATEST,)
        )
        assert {c.name: c.passed for c in count_checks(conn)}["priced_ETF"] is False
        conn.execute(
            "insert into marts.fct_etf_holdings (trade_date, etf_ticker, instrument_code) values "
            "('2024-11-08', '069500', '005930')"
        )
        outcome = {c.name: c.passed for c in count_checks(conn)}
        assert outcome["graph_as_of"] is False
        build_graph(conn)
        assert all(c.passed for c in count_checks(conn)), "a rebuild follows the marts again"


def test_checks_fail_on_an_unbuilt_graph(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as conn:
        assert [c.passed for c in count_checks(conn)] == [False]
        assert [c.passed for c in traversal_checks(conn)] == [False]


# --------------------------------------------------------------------------------- atomicity and failures

STATE_QUERY = (
    "MATCH (e:ETF) WITH count(e) AS etfs "
    "MATCH (:ETF)-[h:HOLDS]->(:Stock) RETURN etfs, count(h), collect(DISTINCT h.as_of)"
)


def _observe(conn: psycopg.Connection[Any]) -> tuple[Any, ...]:
    rows = run_cypher(conn, STATE_QUERY, None, ("etfs", "holds", "dates"))
    return tuple((r["etfs"], r["holds"], tuple(r["dates"])) for r in rows)


def _add_next_day(conn: psycopg.Connection[Any]) -> None:
    """State B: a new ETF and a new latest date whose holdings differ from 2024-11-07's."""
    conn.execute(
        "insert into marts.dim_etf (ticker, name, issuer_id, index_id) "
        "values ('069660', 'KOSEF 200', '키움투자자산운용', '코스피 200')"
    )
    conn.execute(
        "insert into marts.fct_etf_holdings select '2024-11-08', etf_ticker, etf_isin, instrument_code, "
        "instrument_name, shares, value_krw, weight_pct, is_cash from marts.fct_etf_holdings "
        "where trade_date = '2024-11-07' and instrument_code <> 'KRD010010001'"
    )
    conn.execute(
        "insert into marts.fct_etf_holdings (trade_date, etf_ticker, instrument_code, weight_pct) "
        "values ('2024-11-08', '069660', '005930', 31.0)"
    )


def _remove_next_day(conn: psycopg.Connection[Any]) -> None:
    conn.execute("delete from marts.fct_etf_holdings where trade_date = '2024-11-08'")
    conn.execute("delete from marts.dim_etf where ticker = '069660'")


def _expected_state(conn: psycopg.Connection[Any]) -> tuple[Any, ...]:
    """What a whole graph of the current marts shows, computed from the marts."""
    row = conn.execute(
        "with d as (select max(trade_date) as d from marts.fct_etf_holdings) "
        "select (select count(*) from marts.dim_etf), "
        "(select count(*) from marts.fct_etf_holdings h join marts.dim_stock s on s.code = h.instrument_code "
        " join marts.dim_etf e on e.ticker = h.etf_ticker where h.trade_date = d.d), d.d::text from d"
    ).fetchone()
    assert row is not None
    return ((row[0], row[1], (row[2],)),)


class ReaderLoop(threading.Thread):
    """Runs the state query on the reader role, as fast as it can, recording what it sees and any error."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.dsn = dsn
        self.seen: dict[tuple[Any, ...], int] = {}
        self.errors: list[str] = []
        self.reads = 0
        self.stop = threading.Event()

    def run(self) -> None:
        with psycopg.connect(self.dsn, autocommit=True) as conn:
            while not self.stop.is_set():
                try:
                    state = _observe(conn)
                    self.seen[state] = self.seen.get(state, 0) + 1
                except psycopg.Error as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                self.reads += 1

    def wait_reads(self, n: int, timeout: float = 30.0) -> None:
        target = self.reads + n
        deadline = time.monotonic() + timeout
        while self.reads < target and time.monotonic() < deadline and self.is_alive():
            time.sleep(0.005)


def test_concurrent_readers_only_ever_see_a_whole_graph(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as conn:
        build_graph(conn)
        state_a = _expected_state(conn)
        _add_next_day(conn)
        state_b = _expected_state(conn)
        _remove_next_day(conn)
        assert state_a != state_b
        readers = [ReaderLoop(marts_db.reader_dsn) for _ in range(2)]
        for reader in readers:
            reader.start()
            reader.wait_reads(3)
        try:
            for round_ in range(6):
                (_add_next_day if round_ % 2 == 0 else _remove_next_day)(conn)
                build_graph(conn)
                for reader in readers:
                    reader.wait_reads(3)  # each reader reads each new graph before the next switch
        finally:
            for reader in readers:
                reader.stop.set()
                reader.join(timeout=30)
        assert _live_graphs(conn) == ["etf_graph"]
    for reader in readers:
        assert reader.errors == []
        assert set(reader.seen) == {state_a, state_b}, reader.seen


def _break_overlap(conn: psycopg.Connection[Any]) -> None:
    conn.execute("drop table marts.mart_etf_overlap")  # the last edge label's source: fails after the rest loaded


def _duplicate_etf(conn: psycopg.Connection[Any]) -> None:
    conn.execute("alter table marts.dim_etf drop constraint dim_etf_pkey")
    conn.execute("insert into marts.dim_etf (ticker, name) values ('069500', 'duplicate KODEX 200')")


def _fail_the_switch(monkeypatch: pytest.MonkeyPatch) -> Callable[[psycopg.Connection[Any]], None]:
    """The second rename of the switch fails, after the live graph was renamed away in the same transaction."""
    rename = graph_loader.catalog.rename_graph

    def rename_then_fail(conn: psycopg.Connection[Any], name: str, new_name: str) -> None:
        if "_build_" in name:
            raise psycopg.errors.InsufficientPrivilege("injected failure inside the switch transaction")
        rename(conn, name, new_name)

    def arm(_conn: psycopg.Connection[Any]) -> None:
        monkeypatch.setattr(graph_loader.catalog, "rename_graph", rename_then_fail)

    return arm


@pytest.mark.parametrize("breakage", ["missing source table", "duplicate mart key", "switch fails"])
def test_failed_build_keeps_the_previous_graph(
    marts_db: AtlasDatabase, monkeypatch: pytest.MonkeyPatch, breakage: str
) -> None:
    breakers = {
        "missing source table": _break_overlap,
        "duplicate mart key": _duplicate_etf,
        "switch fails": _fail_the_switch(monkeypatch),
    }
    with marts_db.loader() as conn, marts_db.reader() as reader:
        build_graph(conn)
        before = _observe(reader)
        _add_next_day(conn)  # the marts move on ...
        breakers[breakage](conn)  # ... but the rebuild fails
        with pytest.raises(GraphBuildError, match="etf_graph"):
            build_graph(conn)
        assert _observe(reader) == before
        assert _live_graphs(conn) == ["etf_graph"], "the partial build graph is removed"
    with marts_db.loader() as other:  # the build lock was released
        assert other.execute("select pg_try_advisory_lock(hashtext('graph_loader:etf_graph'))").fetchone() == (True,)


def test_leftovers_of_a_crashed_build_are_removed(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as conn:
        for name in ("etf_graph_build_17", "etf_graph_old_16", "etf_graph_other"):
            conn.execute("select ag_catalog.create_graph(%s)", (name,))
        build_graph(conn)
        assert _live_graphs(conn) == ["etf_graph", "etf_graph_other"]


def test_a_second_concurrent_build_is_refused(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as holder, marts_db.loader() as conn:
        holder.execute("select pg_advisory_lock(hashtext('graph_loader:etf_graph'))")
        with pytest.raises(GraphBuildError, match="another build"):
            build_graph(conn)
        holder.execute("select pg_advisory_unlock(hashtext('graph_loader:etf_graph'))")
        assert build_graph(conn).as_of == LATEST


def test_needs_an_autocommit_connection_and_a_valid_name(marts_db: AtlasDatabase) -> None:
    with psycopg.connect(marts_db.loader_dsn) as conn, pytest.raises(GraphBuildError, match="autocommit"):
        build_graph(conn)
    with marts_db.loader() as conn, pytest.raises(Exception, match="invalid graph name"):
        build_graph(conn, "etf_graph; drop schema marts")


def test_injection_in_parameters_is_inert_on_the_built_graph(marts_db: AtlasDatabase) -> None:
    with marts_db.loader() as loader:
        build_graph(loader)
        before = _observe(loader)
        for attack in ["069500'}) DETACH DELETE e RETURN 1 //", "' OR 1=1 --", "$$; drop schema marts cascade; --"]:
            rows = run_cypher(loader, "MATCH (e:ETF {ticker: $t})-[:HOLDS]->(s) RETURN s.code", {"t": attack}, ("c",))
            assert rows == []
            assert traversal_checks(loader, stock_code=attack, etf_ticker=attack)[0].metadata["code"] == "005930"
        assert _observe(loader) == before
