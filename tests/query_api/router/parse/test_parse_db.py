"""The dictionary loaded from real marts (`load_dictionary`) and pg_trgm near matches (`near_matches`)."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
from psycopg.rows import dict_row

from query_api.router import ir
from query_api.router.parse import Dictionary, load_dictionary, near_matches, parse


async def _load(dsn: str) -> tuple[Dictionary, list[str]]:
    async with await psycopg.AsyncConnection.connect(dsn, row_factory=dict_row) as conn:
        d = await load_dictionary(conn)
        near = await near_matches(conn, ["KODEX 반도채"], limit=3)
        return d, near


@pytest.fixture(scope="module")
def loaded(api_db: Any) -> tuple[Dictionary, list[str]]:
    return asyncio.run(_load(api_db.reader_dsn))


def test_dictionary_from_the_marts(loaded: tuple[Dictionary, list[str]]) -> None:
    d, _ = loaded
    assert d.brand_aliases["코덱스"] == "KODEX"
    assert d.data_dates.last_price is not None and d.data_dates.last_holdings is not None
    assert d.data_dates.last_price in d.data_dates.price_dates
    assert parse("KODEX 200 총보수 얼마야", d).query == ir.Lookup(
        etfs=(ir.EtfNamed("069500"),), measures=(ir.Measure.FEE,)
    )
    assert parse("삼전 담은 ETF 알려줘", d).query == ir.Holders(ir.StockNamed("005930"))
    assert parse("코덱스 반도체 보수", d).query == ir.Lookup(etfs=(ir.EtfNamed("091160"),), measures=(ir.Measure.FEE,))
    assert parse("Which ETFs hold Samsung Electronics?", d).query == ir.Holders(ir.StockNamed("005930"))
    assert isinstance(parse("KODEX 200 배당수익률 얼마야?", d).query, ir.NotHeld)


def test_near_matches_suggest_names(loaded: tuple[Dictionary, list[str]]) -> None:
    _, near = loaded
    assert "KODEX 반도체" in near
