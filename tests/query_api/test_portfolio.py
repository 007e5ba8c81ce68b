"""POST /v1/portfolio/exposure on the snapshot: signed look-through (1X, 2X, −1X, −2X), derivatives at notional,
ETFs held by ETFs looked through, and `date` choosing the holdings and prices (the nearest earlier, said)."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from litestar.testing import AsyncTestClient
from psycopg.rows import dict_row

from query_api.services.lookthrough import EtfBook, Exposure, Line, Method, spread

POSITION = 5_000_000
KODEX_200, LEVERAGE, INVERSE, INVERSE_2X = "069500", "122630", "114800", "252670"
DAY = "2024-11-06"


@pytest.fixture(scope="module")
def sql(api_db):  # type: ignore[no-untyped-def]
    with psycopg.connect(api_db.reader_dsn, row_factory=dict_row, autocommit=True) as conn:

        def query(text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
            return conn.execute(text, params or {}).fetchall()  # type: ignore[arg-type]

        yield query


async def _exposure(client: AsyncTestClient, **body: Any) -> dict[str, Any]:
    response = await client.post("/v1/portfolio/exposure", json=body)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(("ticker", "multiple"), [(KODEX_200, 1), (LEVERAGE, 2), (INVERSE, -1), (INVERSE_2X, -2)])
async def test_non_cash_total_is_multiple_times_position(client: AsyncTestClient, ticker: str, multiple: int) -> None:
    body = await _exposure(client, positions=[{"ticker": ticker, "amount_krw": POSITION}], date=DAY, top=500)
    assert body["non_cash_krw"] == pytest.approx(multiple * POSITION, rel=0.05), body["positions"]
    position = body["positions"][0]
    assert position["method"] == "nav" and position["nav_date"] == DAY and position["holdings_date"] == DAY
    assert position["leverage_factor"] == multiple
    assert position["exposure_multiple"] == pytest.approx(multiple, rel=0.05)
    assert body["long_krw"] + body["short_krw"] == pytest.approx(body["non_cash_krw"], abs=2)


async def test_inverse_2x_is_short_about_twice_its_value(client: AsyncTestClient) -> None:
    body = await _exposure(client, positions=[{"ticker": INVERSE_2X, "amount_krw": POSITION}], date=DAY)
    assert body["non_cash_krw"] == pytest.approx(-10_000_000, rel=0.03)
    future = next(e for e in body["exposures"] if e["instrument_type"] == "future")
    assert future["is_derivative"] and future["leg"] == "short" and future["amount_krw"] < -8_000_000
    # KODEX 인버스 held by 252670 is looked through into its own short futures: no ETF line stays.
    assert all(e["instrument_code"] != INVERSE for e in body["exposures"])
    assert {v["ticker"] for v in future["via"]} == {INVERSE_2X}


async def test_look_through_uses_values_over_nav_times_cu(client: AsyncTestClient, sql: Any) -> None:
    body = await _exposure(client, positions=[{"ticker": KODEX_200, "amount_krw": 10_000_000}], date=DAY)
    row = sql(
        "select h.value_krw, p.nav, e.cu_qty from marts.fct_etf_holdings h "
        "join marts.fct_etf_prices p on p.etf_ticker = h.etf_ticker and p.trade_date = h.trade_date "
        "join marts.dim_etf e on e.ticker = h.etf_ticker "
        "where h.etf_ticker = %(t)s and h.trade_date = %(d)s and h.instrument_code = '005930'",
        {"t": KODEX_200, "d": DAY},
    )[0]
    samsung = next(e for e in body["exposures"] if e["instrument_code"] == "005930")
    expected = 10_000_000 * float(row["value_krw"]) / (float(row["nav"]) * row["cu_qty"])
    assert samsung["amount_krw"] == pytest.approx(expected, abs=1.0)
    assert samsung["leg"] == "long" and samsung["weight_pct"] == pytest.approx(expected / 10_000_000 * 100, abs=1e-3)


async def test_date_selects_prices_of_that_date_or_the_nearest_earlier(client: AsyncTestClient, sql: Any) -> None:
    prices = "select trade_date, close_price from marts.fct_etf_prices where etf_ticker = %(t)s"
    closes = {r["trade_date"].isoformat(): float(r["close_price"]) for r in sql(prices, {"t": LEVERAGE})}
    same_day = await _exposure(client, positions=[{"ticker": LEVERAGE, "units": 100}], date=DAY)
    position = same_day["positions"][0]
    assert position["price_date"] == DAY and position["price_is_of_date"] is True
    assert same_day["total_krw"] == pytest.approx(100 * closes[DAY])
    saturday = await _exposure(client, positions=[{"ticker": LEVERAGE, "units": 100}], date="2024-11-09")
    position = saturday["positions"][0]
    assert position["price_date"] == DAY and position["price_is_of_date"] is False
    assert position["holdings_date"] == DAY and saturday["date"] == "2024-11-09"
    assert "2024-11-06" in saturday["note"]
    earlier = await _exposure(client, positions=[{"ticker": LEVERAGE, "units": 100}], date="2024-11-05")
    assert earlier["positions"][0]["holdings_date"] == "2024-11-05"
    assert earlier["total_krw"] == pytest.approx(100 * closes["2024-11-05"])
    latest = await _exposure(client, positions=[{"ticker": LEVERAGE, "units": 100}])
    assert latest["positions"][0]["price_date"] == max(closes) and latest["date"] is None


async def test_bad_portfolios(client: AsyncTestClient) -> None:
    for body, status in (
        ({"positions": [{"ticker": KODEX_200, "amount_krw": 1, "units": 1}]}, 400),
        ({"positions": [{"ticker": KODEX_200}]}, 400),
        ({"positions": [{"ticker": KODEX_200, "amount_krw": None, "units": None}]}, 400),
        ({"positions": []}, 400),
        ({"positions": [{"ticker": KODEX_200, "amount_krw": -5}]}, 400),
        ({"positions": [{"ticker": KODEX_200, "amount_krw": 5}], "date": "2024-13-01"}, 400),
        ({"positions": [{"ticker": "ZZZZZ9", "units": 1}]}, 404),
    ):
        response = await client.post("/v1/portfolio/exposure", json=body)
        assert response.status_code == status, (body, response.text)


async def test_an_etf_in_two_positions_counts_twice(client: AsyncTestClient) -> None:
    """Lots of one ETF (the schema cannot forbid a repeated ticker): each is listed and the exposures add up."""
    once = await _exposure(client, positions=[{"ticker": KODEX_200, "amount_krw": 2 * POSITION}], date=DAY, top=500)
    lots = [{"ticker": KODEX_200, "amount_krw": POSITION}, {"ticker": KODEX_200, "amount_krw": POSITION}]
    twice = await _exposure(client, positions=lots, date=DAY, top=500)
    assert [p["ticker"] for p in twice["positions"]] == [KODEX_200, KODEX_200]
    assert twice["total_krw"] == pytest.approx(once["total_krw"])
    by_code = {e["instrument_code"]: e for e in twice["exposures"]}
    for exposure in once["exposures"]:
        both = by_code[exposure["instrument_code"]]
        assert both["amount_krw"] == pytest.approx(exposure["amount_krw"], abs=2.0)
        assert both["via"] == [{"ticker": KODEX_200, "amount_krw": pytest.approx(exposure["amount_krw"], abs=2.0)}]


async def test_exactly_one_of_amount_or_units_is_in_the_schema(client: AsyncTestClient) -> None:
    """The rule the service enforces is the component's `oneOf`: a position by amount or by units, never both or
    neither (a null counts as left out), so a client learns it from the schema, not from a 400."""
    position = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]["Position"]
    branches = position["oneOf"]
    assert sorted(tuple(b["required"]) for b in branches) == [("amount_krw",), ("units",)]
    for branch in branches:
        (given,) = branch["required"]
        other = "units" if given == "amount_krw" else "amount_krw"
        assert branch["properties"][other] == {"type": "null"} and branch["properties"][given]["type"] != "null"
    by_amount = await client.post(
        "/v1/portfolio/exposure", json={"positions": [{"ticker": KODEX_200, "amount_krw": 1000, "units": None}]}
    )
    assert by_amount.status_code == 200, by_amount.text


def test_spread_keeps_signs_and_looks_through_nested_etfs() -> None:
    """Pure arithmetic: −2X = an inverse ETF held long plus short futures; nested ETFs are expanded."""
    books = {
        "INV2": EtfBook(
            "INV2",
            [
                Line("INV1", "인버스", 20.0, -11.0, False, "etf", is_etf=True),
                Line("FUT", "선물", -180.0, 111.0, False, "future"),
                Line("CASH", "현금", None, None, True, "cash"),
            ],
            nav=1.0,
            cu_qty=100,
        ),
        "INV1": EtfBook("INV1", [Line("FUT", "선물", -100.0, 100.0, False, "future")], nav=1.0, cu_qty=100),
    }
    into: dict[str, Exposure] = {}
    spread(books, "INV2", 1000.0, into, "INV2")
    assert set(into) == {"FUT"}
    assert into["FUT"].amount_krw == pytest.approx(1000 * (-1.8 + 0.2 * -1.0))
    assert books["INV2"].method is Method.NAV
    weights_only = EtfBook("W", [Line("X", "x", None, 60.0, False), Line("Y", "y", None, 40.0, False)])
    assert weights_only.method is Method.WEIGHTS and weights_only.factor(weights_only.lines[0]) == pytest.approx(0.6)
