"""The API in-process (AsyncTestClient) over the loaded database: every ordinary endpoint, checked against the
marts with plain SQL, and bad inputs answered with 4xx JSON errors."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient
from psycopg.rows import dict_row

from query_api.app import create_app
from tests.query_api.conftest import api_config

ASK_KEYS = {
    "question",
    "intent",
    "confidence",
    "entities",
    "plan",
    "results",
    "answer",
    "sources",
    "timings_ms",
    "query",
}


@pytest.fixture(scope="module")
def sql(api_db):  # type: ignore[no-untyped-def]
    with psycopg.connect(api_db.reader_dsn, row_factory=dict_row, autocommit=True) as conn:

        def query(text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
            return conn.execute(text, params or {}).fetchall()  # type: ignore[arg-type]

        yield query


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]
    return str(body["error"])


async def test_health_and_openapi(client: AsyncTestClient) -> None:
    health = await client.get("/health")
    assert health.status_code == 200 and health.json()["database"] == "ok"
    schema = (await client.get("/schema/openapi.json")).json()
    paths = set(schema["paths"])
    for path in (
        "/v1/ask",
        "/v1/etfs",
        "/v1/etfs/{ticker}",
        "/v1/etfs/{ticker}/holdings",
        "/v1/etfs/{ticker}/similar",
        "/v1/stocks/{code}/etfs",
        "/v1/changes",
        "/v1/portfolio/exposure",
        "/v1/graph/cypher",
        "/v1/events",
        "/health",
    ):
        assert path in paths, path


@pytest.mark.parametrize("query", ["코덱스 200", "kodex200", "KODEX 200", "kodax 200", "069500"])
async def test_search_is_typo_tolerant_and_knows_korean_brand_names(client: AsyncTestClient, query: str) -> None:
    body = (await client.get("/v1/etfs", params={"q": query})).json()
    assert body["results"][0]["ticker"] == "069500", body


async def test_search_bad_inputs(client: AsyncTestClient) -> None:
    error_of(await client.get("/v1/etfs"), 400)
    error_of(await client.get("/v1/etfs", params={"q": "   "}), 400)
    error_of(await client.get("/v1/etfs", params={"q": "x" * 300}), 400)
    error_of(await client.get("/v1/etfs", params={"q": "kodex", "limit": "0"}), 400)
    error_of(await client.get("/v1/etfs", params={"q": "kodex", "limit": "abc"}), 400)
    odd = await client.get("/v1/etfs", params={"q": "'; drop table marts.dim_etf; --"})
    assert odd.status_code == 200


async def test_etf_detail_matches_the_marts(client: AsyncTestClient, sql: Any) -> None:
    body = (await client.get("/v1/etfs/069500")).json()
    row = sql("select name, issuer_name, total_fee_pct from marts.dim_etf where ticker = '069500'")[0]
    assert (body["name"], body["issuer_name"]) == (row["name"], row["issuer_name"])
    assert body["total_fee_pct"] == pytest.approx(float(row["total_fee_pct"]))
    assert len(body["top_holdings"]) == 10 and body["holdings_date"]
    error_of(await client.get("/v1/etfs/ZZZZZZ"), 404)
    error_of(await client.get("/v1/etfs/12345"), 400)
    error_of(await client.get("/v1/etfs/06950%27"), 400)


async def test_holdings_by_date(client: AsyncTestClient, sql: Any) -> None:
    latest = sql("select max(trade_date)::text as d from marts.fct_etf_holdings where etf_ticker = '069500'")[0]["d"]
    body = (await client.get("/v1/etfs/069500/holdings")).json()
    assert body["date"] == latest
    count = sql(
        "select count(*) as n from marts.fct_etf_holdings where etf_ticker = '069500' and trade_date = %(d)s",
        {"d": latest},
    )[0]["n"]
    assert body["count"] == count
    weights = [h["weight_pct"] for h in body["holdings"] if h["weight_pct"] is not None]
    assert weights == sorted(weights, reverse=True)
    later = (await client.get("/v1/etfs/069500/holdings", params={"date": "2030-01-01", "limit": 5})).json()
    assert later["date"] == latest and later["count"] == 5
    error_of(await client.get("/v1/etfs/069500/holdings", params={"date": "2024-13-01"}), 400)
    error_of(await client.get("/v1/etfs/069500/holdings", params={"date": "yesterday"}), 400)
    error_of(await client.get("/v1/etfs/069500/holdings", params={"date": "2000-01-01"}), 404)


async def test_similar_and_stock_holders(client: AsyncTestClient, sql: Any) -> None:
    similar = (await client.get("/v1/etfs/069500/similar", params={"limit": 3})).json()
    want = sql("select other_ticker from marts.mart_etf_overlap where etf_ticker = '069500' order by rank limit 3")
    assert [s["ticker"] for s in similar["similar"]] == [r["other_ticker"] for r in want]
    holders = (await client.get("/v1/stocks/005930/etfs", params={"limit": 5})).json()
    assert holders["name"] == "삼성전자" and holders["count"] == 5
    weights = [e["weight_pct"] for e in holders["etfs"]]
    assert weights == sorted(weights, reverse=True)
    error_of(await client.get("/v1/stocks/ABC/etfs"), 400)
    error_of(await client.get("/v1/stocks/999990/etfs"), 404)


async def test_changes_of_active_etfs(client: AsyncTestClient, sql: Any) -> None:
    latest = sql("select max(trade_date)::text as d from marts.fct_holding_changes")[0]["d"]
    body = (await client.get("/v1/changes", params={"since": latest, "active_only": "false", "limit": 50})).json()
    assert body["count"] > 0 and {c["trade_date"] for c in body["changes"]} == {latest}
    by_issuer = (
        await client.get("/v1/changes", params={"issuer": "KODEX", "since": latest, "active_only": "false"})
    ).json()
    assert by_issuer["issuer"] == "삼성자산운용"
    assert all(c["issuer"] == "삼성자산운용" for c in by_issuer["changes"])
    error_of(await client.get("/v1/changes", params={"issuer": "없는운용사"}), 404)
    # since after until: an empty window (the schema cannot say "since <= until", so it is not a 400)
    empty = await client.get("/v1/changes", params={"since": "2024-11-06", "until": "2024-01-01"})
    assert empty.status_code == 200 and empty.json()["count"] == 0 and empty.json()["changes"] == []
    error_of(await client.get("/v1/changes", params={"until": "2024-1-01"}), 400)


async def test_portfolio_look_through(client: AsyncTestClient, sql: Any) -> None:
    body = {"positions": [{"ticker": "069500", "amount_krw": 10_000_000}, {"ticker": "102110", "units": 100}]}
    result = (await client.post("/v1/portfolio/exposure", json=body)).json()
    close = sql(
        "select close_price from marts.fct_etf_prices where etf_ticker = '102110' order by trade_date desc limit 1"
    )
    total = 10_000_000 + 100 * float(close[0]["close_price"])
    assert result["total_krw"] == pytest.approx(total)
    samsung = next(e for e in result["exposures"] if e["instrument_code"] == "005930")
    # Signed look-through (issue 12): position × value ÷ (NAV × CU units) of the holdings date.
    shares = sql(
        "select h.etf_ticker, h.value_krw / (p.nav * e.cu_qty) as share from marts.fct_etf_holdings h "
        "join marts.fct_etf_prices p on p.etf_ticker = h.etf_ticker and p.trade_date = h.trade_date "
        "join marts.dim_etf e on e.ticker = h.etf_ticker where h.instrument_code = '005930' and h.etf_ticker in "
        "('069500', '102110') and h.trade_date = (select max(trade_date) from marts.fct_etf_holdings)"
    )
    expected = sum(
        (10_000_000 if w["etf_ticker"] == "069500" else total - 10_000_000) * float(w["share"]) for w in shares
    )
    assert samsung["amount_krw"] == pytest.approx(expected, abs=1.0)
    assert {v["ticker"] for v in samsung["via"]} == {"069500", "102110"}
    bad = {"positions": [{"ticker": "069500", "amount_krw": 1, "units": 1}]}
    error_of(await client.post("/v1/portfolio/exposure", json=bad), 400)
    error_of(await client.post("/v1/portfolio/exposure", json={"positions": []}), 400)
    error_of(
        await client.post("/v1/portfolio/exposure", json={"positions": [{"ticker": "069500", "amount_krw": -5}]}), 400
    )
    error_of(await client.post("/v1/portfolio/exposure", json={"positions": [{"ticker": "ZZZZZ9", "units": 1}]}), 404)


async def test_read_only_cypher(client: AsyncTestClient, sql: Any) -> None:
    query = (
        "MATCH (e:ETF)-[h:HOLDS]->(s:Stock {code: $code}) "
        "RETURN e.ticker AS ticker, h.weight AS weight ORDER BY h.weight DESC"
    )
    body = (
        await client.post("/v1/graph/cypher", json={"query": query, "params": {"code": "005930"}, "limit": 3})
    ).json()
    want = sql(
        "select etf_ticker, weight_pct from marts.fct_etf_holdings where instrument_code = '005930' and trade_date ="
        " (select max(trade_date) from marts.fct_etf_holdings) order by weight_pct desc, etf_ticker limit 3"
    )
    assert body["columns"] == ["ticker", "weight"] and body["truncated"] is True
    assert [r["weight"] for r in body["rows"]] == pytest.approx([float(w["weight_pct"]) for w in want])
    inert = {
        "query": "MATCH (s:Stock {code: $code}) RETURN s.name AS name",
        "params": {"code": "005930'}) DETACH DELETE s //"},
    }
    assert (await client.post("/v1/graph/cypher", json=inert)).json()["rows"] == []
    for bad, refusal in (
        ("CREATE (n:ETF {ticker: 'x'}) RETURN n", "read-only: CREATE is not allowed"),
        ("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m", "only one Cypher statement is allowed"),
        ("MATCH (n:ETF) SET n.name = 'x' RETURN n.name", "read-only: SET is not allowed"),
    ):
        assert refusal in error_of(await client.post("/v1/graph/cypher", json={"query": bad}), 400)
    error_of(
        await client.post("/v1/graph/cypher", json={"query": "MATCH (n) RETURN n.name", "params": {"a b": 1}}), 400
    )
    error_of(await client.post("/v1/graph/cypher", json={"query": "MATCH (n RETURN n.x"}), 422)
    assert (
        sql(
            "select count(*) as n from ag_catalog.cypher('etf_graph', $$ MATCH (n:ETF {ticker: 'x'}) RETURN n $$)"
            " as (n ag_catalog.agtype)"
        )[0]["n"]
        == 0
    )


async def test_ask_keeps_the_contract(client: AsyncTestClient, sql: Any) -> None:
    response = await client.post("/v1/ask", json={"question": "KODEX 200 총보수 알려줘", "as_of": None})
    body = response.json()
    assert response.status_code == 200 and set(body) == ASK_KEYS
    assert body["intent"] == "ATTRIBUTE" and 0 < body["confidence"] <= 1
    assert body["entities"] == [{"type": "etf", "id": "069500", "name": "KODEX 200"}]
    step = body["plan"][0]
    assert set(step) == {"step", "channel", "purpose", "query", "params", "depends_on"} and step["channel"] == "sql"
    assert set(body["results"][0]) == {"step", "channel", "rows"}
    fee = float(sql("select total_fee_pct from marts.dim_etf where ticker = '069500'")[0]["total_fee_pct"])
    assert f"{fee:g}%" in body["answer"]
    assert any(s.startswith("marts.dim_etf") for s in body["sources"])
    assert {"parse", "compile", "execute", "render", "total"} <= set(body["timings_ms"])
    # the parsed query IR, as JSON: one named ETF and the fee
    assert body["query"]["type"] == "lookup" and body["query"]["measures"] == ["fee"]
    assert body["query"]["etfs"] == [{"type": "etf", "ticker": "069500"}]


async def test_ask_multi_hop_is_one_statement_over_a_chain(client: AsyncTestClient, sql: Any) -> None:
    body = (await client.post("/v1/ask", json={"question": "삼성전자를 가장 많이 담은 ETF의 운용사는?"})).json()
    assert body["intent"] == "MULTI_HOP"
    # the chain is in the IR (the ETF is the result of the holders node) and compiles into one statement
    assert body["query"]["etfs"][0]["type"] == "etf_from" and body["query"]["etfs"][0]["node"]["type"] == "holders"
    assert len(body["plan"]) == 1 and body["plan"][0]["channel"] == "sql" and "with " in body["plan"][0]["query"]
    top = sql(
        "select e.issuer_name from marts.fct_etf_holdings h join marts.dim_etf e on e.ticker = h.etf_ticker"
        " where h.instrument_code = '005930'"
        " and h.trade_date = (select max(trade_date) from marts.fct_etf_holdings)"
        " order by h.weight_pct desc, h.etf_ticker limit 1"
    )[0]["issuer_name"]
    assert top in body["answer"]
    assert len(body["sources"]) == len(body["plan"]) or body["sources"]


async def test_ask_negative_and_open(client: AsyncTestClient) -> None:
    negative = (await client.post("/v1/ask", json={"question": "비트코인 ETF 보수 알려줘"})).json()
    assert negative["intent"] == "NEGATIVE" and "데이터에 없" in negative["answer"]
    english = (await client.post("/v1/ask", json={"question": "What is the fee of KODEX 200?"})).json()
    assert "fee" in english["answer"] and "총보수" not in english["answer"]
    risk = (await client.post("/v1/ask", json={"question": "KODEX 레버리지 투자위험을 설명해줘"})).json()
    assert risk["intent"] == "OPEN"
    for word in ("레버리지", "2배", "상위 10", "총보수", "알 수 없는"):
        assert word in risk["answer"], word


async def test_ask_as_of_reads_history_from_the_marts(client: AsyncTestClient, sql: Any) -> None:
    first = sql("select min(trade_date)::text as d from marts.fct_etf_holdings")[0]["d"]
    body = (await client.post("/v1/ask", json={"question": "삼성전자 담은 ETF", "as_of": first})).json()
    assert all(p["channel"] == "sql" for p in body["plan"])  # the graph only holds the latest date
    assert first in body["answer"]
    before = (await client.post("/v1/ask", json={"question": "KODEX 200 보유종목", "as_of": "1999-01-05"})).json()
    assert "없습니다" in before["answer"] or "이전 데이터" in before["answer"]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"question": ""}, 400),
        ({"question": "   "}, 400),
        ({"question": "x" * 501}, 400),
        ({"question": 42}, 400),
        ({"question": "KODEX 200", "as_of": "2024/11/06"}, 400),
        ({"question": "KODEX 200", "as_of": "2024-02-30"}, 400),
        ({"question": "KODEX 200", "extra": 1}, 400),
        ({}, 400),
    ],
)
async def test_ask_bad_inputs(client: AsyncTestClient, body: dict[str, Any], status: int) -> None:
    error_of(await client.post("/v1/ask", json=body), status)


async def test_not_json_too_large_and_unknown_routes(client: AsyncTestClient) -> None:
    error_of(await client.post("/v1/ask", content=b"{not json", headers={"content-type": "application/json"}), 400)
    error_of(await client.post("/v1/ask", content=b"x" * 100_000, headers={"content-type": "application/json"}), 413)
    error_of(await client.get("/v1/nothing"), 404)
    error_of(await client.delete("/v1/ask"), 405)


async def test_few_shot_examples_never_sit_on_the_path_of_a_parse_that_succeeded(api_db, embedding_endpoint) -> None:  # type: ignore[no-untyped-def]
    config = api_config(
        api_db.reader_dsn,
        embedding_base_url=embedding_endpoint.base_url,
        embedding_model=embedding_endpoint.model,
        embedding_timeout_s=30.0,
    )
    async with AsyncTestClient(app=create_app(config)) as with_examples:
        short = (await with_examples.post("/v1/ask", json={"question": "KODEX 200은?"})).json()
        sure = (await with_examples.post("/v1/ask", json={"question": "KODEX 200 총보수 알려줘"})).json()
    # both parse (an ETF alone is its facts): no vector step, no embedding call, the examples are not cited
    for body in (short, sure):
        assert body["intent"] == "ATTRIBUTE" and "069500" in body["answer"]
        assert [p["channel"] for p in body["plan"]] == ["sql"]
        assert "embed" not in body["timings_ms"]
        assert not any(s.startswith("fewshot.examples") for s in body["sources"])


async def test_unreachable_embeddings_mean_rules_only_never_an_error(api_db) -> None:  # type: ignore[no-untyped-def]
    from tests.query_api.conftest import free_port

    config = api_config(api_db.reader_dsn, embedding_base_url=f"http://127.0.0.1:{free_port()}/v1")
    async with AsyncTestClient(app=create_app(config)) as without:
        body = (await without.post("/v1/ask", json={"question": "KODEX 200은?"})).json()  # unsure: tries the model
    assert body["intent"] == "ATTRIBUTE" and [p["channel"] for p in body["plan"]] == ["sql"]
    assert "069500" in body["answer"]


async def test_answers_are_cached_until_new_data_arrives(client: AsyncTestClient) -> None:
    from query_api.services.events import Event

    question = {"question": "TIGER 200 총보수 알려줘"}
    first = (await client.post("/v1/ask", json=question)).json()
    again = (await client.post("/v1/ask", json=question)).json()
    assert "cached" not in first["timings_ms"] and again["timings_ms"]["cached"] == 1.0
    assert again["answer"] == first["answer"] and again["plan"] == first["plan"]
    hub = client.app.state.services.hub
    hub._publish(Event(hub.last_id + 1, "new_collection", {"trade_date": "2099-01-01"}))  # as if NOTIFY arrived
    fresh = (await client.post("/v1/ask", json=question)).json()
    assert "cached" not in fresh["timings_ms"] and fresh["answer"] == first["answer"]


async def test_the_answer_cache_can_be_switched_off(api_db) -> None:  # type: ignore[no-untyped-def]
    async with AsyncTestClient(app=create_app(api_config(api_db.reader_dsn, answer_cache=False))) as uncached:
        question = {"question": "TIGER 200 총보수 알려줘"}
        answers = [(await uncached.post("/v1/ask", json=question)).json() for _ in range(3)]
    assert all("cached" not in a["timings_ms"] for a in answers)
    assert len({a["answer"] for a in answers}) == 1


def test_answer_cache_setting_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from atlas.config import Settings
    from query_api.config import ApiConfig

    for value, expected in (("off", False), ("0", False), ("false", False), ("on", True), ("", True)):
        monkeypatch.setenv("ATLAS_API_ANSWER_CACHE", value)
        assert ApiConfig.from_settings(Settings.from_env(), dsn="postgresql://x").answer_cache is expected


async def test_idle_connections_killed_by_the_server_are_replaced_unseen(api_db) -> None:  # type: ignore[no-untyped-def]
    """The liveness check skipped for busy connections still runs for idle ones: after the server drops every API
    connection (as in a restart), the next request gets a fresh connection instead of an error."""
    import asyncio

    from query_api import db as api_db_module

    app = create_app(api_config(api_db.reader_dsn, answer_cache=False))
    async with AsyncTestClient(app=app) as fresh:
        assert (await fresh.post("/v1/ask", json={"question": "KODEX 200 총보수"})).status_code == 200
        with psycopg.connect(api_db.admin_dsn, autocommit=True) as admin:
            killed = admin.execute(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity"
                " where datname = %s and application_name = 'atlas-query-api'",
                (api_db.name,),
            ).fetchone()[0]  # type: ignore[index]
        assert killed >= 1
        await asyncio.sleep(api_db_module.CHECK_AFTER_IDLE_S + 0.2)
        again = await fresh.post("/v1/ask", json={"question": "KODEX 200 총보수"})
    assert again.status_code == 200 and "069500" in again.json()["answer"]


async def test_search_finds_substrings_in_korean_names(client) -> None:  # type: ignore[no-untyped-def]
    # 인버스 sits in the middle of names (KODEX 인버스, ACE 인버스 ...): trigram similarity alone misses it.
    response = await client.get("/v1/etfs", params={"q": "인버스", "limit": 20})
    assert response.status_code == 200
    names = [hit["name"] for hit in response.json()["results"]]
    assert len(names) == 20 and all("인버스" in name for name in names)


async def test_an_english_theme_after_a_brand_lists_that_brands_theme(client: AsyncTestClient) -> None:
    body = (await client.post("/v1/ask", json={"question": "KODEX Semiconductor 총보수"})).json()
    assert ("tag", "반도체") in [(e["type"], e["id"]) for e in body["entities"]]
    assert "091160" in body["answer"] and body["intent"] == "FILTER"


@pytest.mark.parametrize(
    ("question", "entity"),
    [
        ("What is the fee of TIGER S&P500?", ("etf", "360750")),
        ("Which ETFs hold Samsung Electronics?", ("stock", "005930")),
        ("How many ETFs hold SK Hynix?", ("stock", "000660")),
        ("ETFs holding Kia", ("stock", "000270")),
        ("Which ETFs hold Hyundai Motor?", ("stock", "005380")),
        ("삼전 담은 ETF", ("stock", "005930")),
        ("하닉 비중 높은 ETF", ("stock", "000660")),
        ("코덱스 반도채 보수", ("etf", "091160")),
        ("타이거 미국S&P500 보수", ("etf", "360750")),
        ("kodax 200 총보수", ("etf", "069500")),
        ("tigar 200 보수", ("etf", "102110")),
        ("에코프로비앰 담은 ETF", ("stock", "247540")),
        ("두산에너빌러티 비중 높은 ETF", ("stock", "034020")),
    ],
)
async def test_english_names_nicknames_and_typos_are_linked_on_the_real_dictionary(
    client: AsyncTestClient, question: str, entity: tuple[str, str]
) -> None:
    body = (await client.post("/v1/ask", json={"question": question})).json()
    assert entity in [(e["type"], e["id"]) for e in body["entities"]], body["entities"]
    assert body["intent"] != "NEGATIVE" and "not in the data" not in body["answer"]
    if entity[0] == "etf":
        assert entity[1] in body["answer"]
