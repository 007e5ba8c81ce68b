"""History endpoints over HTTP (in-process app on the loaded database), checked against the marts with plain SQL;
their constraints in the OpenAPI schema; bad inputs answered with 4xx JSON errors."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient
from psycopg.rows import dict_row

ETF, NAVER, SAMSUNG = "069500", "035420", "005930"
# An active ETF that changed holdings on the last holdings date (KODEX 200 did not change between 11-05 and 11-06).
CHANGING_ETF = "365040"


@pytest.fixture(scope="module")
def sql(api_db):  # type: ignore[no-untyped-def]
    with psycopg.connect(api_db.reader_dsn, row_factory=dict_row, autocommit=True) as conn:

        def query(text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
            return conn.execute(text, params or {}).fetchall()  # type: ignore[arg-type]

        yield query


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    assert set(response.json()) == {"error"}
    return str(response.json()["error"])


async def test_prices_are_the_marts_quotes_with_premium_and_returns(client: AsyncTestClient, sql: Any) -> None:
    want = sql(
        "select p.trade_date, p.close_price, p.nav, p.volume, p.market_cap_krw, r.premium_discount_pct, r.return_1w "
        "from marts.fct_etf_prices p left join marts.mart_etf_returns r using (trade_date, etf_ticker) "
        "where p.etf_ticker = %(t)s order by 1",
        {"t": ETF},
    )
    body = (await client.get(f"/v1/etfs/{ETF}/prices")).json()
    assert body["ticker"] == ETF and body["count"] == len(want) > 20
    assert [p["date"] for p in body["prices"]] == [w["trade_date"].isoformat() for w in want]
    assert body["first"] == want[0]["trade_date"].isoformat() and body["last"] == want[-1]["trade_date"].isoformat()
    for got, row in zip(body["prices"], want, strict=True):
        assert got["close_price"] == pytest.approx(float(row["close_price"]))
        assert got["volume"] == row["volume"] and got["market_cap_krw"] == pytest.approx(float(row["market_cap_krw"]))
        premium = (float(row["close_price"]) - float(row["nav"])) / float(row["nav"]) * 100
        assert got["premium_discount_pct"] == pytest.approx(premium, abs=1e-3)
    assert any(p["return_1w"] is not None for p in body["prices"])
    window = (await client.get(f"/v1/etfs/{ETF}/prices", params={"from": "2025-12-01", "to": "2025-12-05"})).json()
    assert [p["date"] for p in window["prices"]] == [
        w["trade_date"].isoformat() for w in want if "2025-12-01" <= w["trade_date"].isoformat() <= "2025-12-05"
    ]
    assert window["from"] == "2025-12-01" and window["to"] == "2025-12-05" and window["count"] == 5


async def test_one_holding_over_time(client: AsyncTestClient, sql: Any) -> None:
    want = sql(
        "select d.trade_date, h.shares, h.weight_pct from (select distinct trade_date from marts.fct_etf_holdings "
        "where etf_ticker = %(t)s) d left join marts.fct_etf_holdings h on h.trade_date = d.trade_date "
        "and h.etf_ticker = %(t)s and h.instrument_code = %(c)s order by 1",
        {"t": ETF, "c": SAMSUNG},
    )
    body = (await client.get(f"/v1/etfs/{ETF}/holdings/history", params={"code": SAMSUNG})).json()
    assert body["code"] == SAMSUNG and body["instrument_name"] == "삼성전자"
    assert body["count"] == len(want) >= 2 and body["dates_held"] == len(want)
    assert [(p["date"], p["shares"], p["weight_pct"]) for p in body["history"]] == [
        (w["trade_date"].isoformat(), float(w["shares"]), float(w["weight_pct"])) for w in want
    ]
    never = (await client.get(f"/v1/etfs/{ETF}/holdings/history", params={"code": "KR4101VC0004"})).json()
    assert never["dates_held"] == 0 and all(not p["held"] and p["shares"] is None for p in never["history"])


async def test_holder_counts_by_date_equal_the_marts(client: AsyncTestClient, sql: Any) -> None:
    want = sql(
        "select trade_date, count(*) as n from marts.fct_etf_holdings where instrument_code = %(c)s "
        "group by 1 order by 1",
        {"c": NAVER},
    )
    body = (await client.get(f"/v1/stocks/{NAVER}/holders/history")).json()
    assert body["name"] == "NAVER" and body["count"] == len(want) >= 2
    assert [(p["date"], p["etf_count"]) for p in body["history"]] == [
        (w["trade_date"].isoformat(), w["n"]) for w in want
    ]
    last = body["history"][-1]
    if last["date"] == "2024-11-06":  # the snapshot's files: 134 ETFs held NAVER that day
        assert last["etf_count"] == 134
    assert all(p["etfs_reporting"] >= p["etf_count"] for p in body["history"])


async def test_an_etfs_changes_equal_the_marts(client: AsyncTestClient, sql: Any) -> None:
    busiest = sql(
        "select etf_ticker, count(*) as n from marts.fct_holding_changes group by 1 order by 2 desc, 1 limit 1"
    )[0]
    body = (await client.get(f"/v1/etfs/{busiest['etf_ticker']}/changes", params={"limit": 2000})).json()
    assert body["count"] == min(busiest["n"], 2000) > 0  # all of them, or the newest 2000 (the limit's maximum)
    dates = [c["date"] for c in body["changes"]]
    assert dates == sorted(dates, reverse=True)
    added = (await client.get(f"/v1/etfs/{busiest['etf_ticker']}/changes", params={"kind": "added"})).json()
    assert all(c["change_kind"] == "added" for c in added["changes"])
    n_added = sql(
        "select count(*) as n from marts.fct_holding_changes where etf_ticker = %(t)s and change_kind = 'added'",
        {"t": busiest["etf_ticker"]},
    )[0]["n"]
    assert added["count"] == min(n_added, 500)  # the default limit


async def test_history_endpoints_in_the_schema_with_their_constraints(client: AsyncTestClient) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    paths = schema["paths"]
    for path in (
        "/v1/etfs/{ticker}/prices",
        "/v1/etfs/{ticker}/holdings/history",
        "/v1/stocks/{code}/holders/history",
        "/v1/etfs/{ticker}/changes",
    ):
        params = {p["name"]: p for p in paths[path]["get"]["parameters"]}
        first = params["ticker" if "etfs" in path else "code"]
        assert first["required"] and first["schema"]["pattern"], path
        if "from" in params:
            assert params["from"]["schema"].get("format") == "date" and params["to"]["schema"]["pattern"]
        assert params["limit"]["schema"]["maximum"] == 2000 and params["limit"]["schema"]["minimum"] == 1
    assert paths["/v1/etfs/{ticker}/holdings/history"]["get"]["parameters"]
    code = {p["name"]: p for p in paths["/v1/etfs/{ticker}/holdings/history"]["get"]["parameters"]}["code"]
    assert code["required"] is True
    kind = {p["name"]: p for p in paths["/v1/etfs/{ticker}/changes"]["get"]["parameters"]}["kind"]
    kinds = set(schema["components"]["schemas"]["ChangeKind"]["enum"])
    assert kinds == {"added", "removed", "increased", "decreased"}
    # a string among the kinds, or left out: never null (the query value "null" is refused, see below)
    assert kind["required"] is False and kind["schema"]["type"] == "string" and set(kind["schema"]["enum"]) == kinds
    assert "oneOf" not in kind["schema"] and "null" not in str(kind["schema"])


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (f"/v1/etfs/{ETF}/prices", {}),
        (f"/v1/etfs/{ETF}/holdings/history", {"code": SAMSUNG}),
        (f"/v1/stocks/{SAMSUNG}/holders/history", {}),
        (f"/v1/etfs/{CHANGING_ETF}/changes", {}),
    ],
)
async def test_from_after_to_is_an_empty_window(client: AsyncTestClient, url: str, params: dict[str, str]) -> None:
    """As /v1/changes: a window whose start is after its end has no dates in it, so no rows (200), not an error."""
    full = await client.get(url, params=params)
    assert full.status_code == 200 and full.json()["count"] > 0, full.text
    backwards = await client.get(url, params={**params, "from": "2024-11-06", "to": "2024-11-01"})
    assert backwards.status_code == 200, backwards.text
    body = backwards.json()
    assert body["count"] == 0, url
    assert not (body.get("prices") or body.get("history") or body.get("changes")), url


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        ("/v1/etfs/069500/prices", {"from": "2025-13-01"}, 400),
        ("/v1/etfs/069500/prices", {"limit": "0"}, 400),
        ("/v1/etfs/06950!/prices", {}, 400),
        ("/v1/etfs/ZZZZZ9/prices", {}, 404),
        ("/v1/etfs/069500/holdings/history", {}, 400),
        ("/v1/etfs/069500/holdings/history", {"code": "x"}, 400),
        ("/v1/etfs/ZZZZZ9/holdings/history", {"code": "005930"}, 404),
        ("/v1/etfs/ZZZZZ9/holdings/history", {"code": "005930", "from": "2024-13-01"}, 400),
        ("/v1/stocks/ZZZZZ9/holders/history", {}, 404),
        ("/v1/stocks/005930/holders/history", {"to": "11/06/2024"}, 400),
        ("/v1/etfs/069500/changes", {"kind": "sold"}, 400),
        ("/v1/etfs/069500/changes", {"kind": "null"}, 400),
        ("/v1/etfs/069500/changes", {"kind": ""}, 400),
        ("/v1/etfs/069500/changes", {"kind": "ADDED"}, 400),
        ("/v1/etfs/ZZZZZ9/changes", {}, 404),
    ],
)
async def test_bad_history_requests(client: AsyncTestClient, url: str, params: dict[str, str], status: int) -> None:
    _error(await client.get(url, params=params), status)
