"""Readings of session 9's spent-holdout misses: the top holder within a brand, the sector of the top holding, the
largest weight said in English, 주 as a share, a year glued to 'listed', replication asked with 'hold', ranked
groups 'with counts', and dates in the break between the two runs of quotes (small dictionary, exact equality)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200 = ir.EtfNamed("069500")
SAMSUNG, HYNIX = ir.StockNamed("005930"), ir.StockNamed("000660")
TIGER, KODEX = ir.DimIs(ir.Dim.BRAND, "TIGER"), ir.DimIs(ir.Dim.BRAND, "KODEX")
BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")

READINGS: list[tuple[str, ir.Query]] = [
    # the top holder among one brand's ETFs: 인건 뭐 / 넣은 ETF name the ETF, not the weight
    ("타이거 ETF 중에 하이닉스 비중 최고인건 뭐", ir.Holders(HYNIX, etfs=ir.EtfSet((TIGER,)), limit=1)),
    ("코덱스 중에서 삼전 제일 많이 넣은 ETF", ir.Holders(SAMSUNG, etfs=ir.EtfSet((KODEX,)), limit=1)),
    # ... and the figure when the words ask it, 'biggest' being of the weight, not the size
    ("what's the biggest weight any ETF gives to SK하이닉스", ir.Holders(HYNIX, limit=1, agg=ir.Agg.MAX)),
    # the holders ranked by a figure over the window said
    (
        "삼전 담은 ETF 중 한달 수익률 제일 좋은 거",
        ir.Holders(SAMSUNG, sort=ir.Sort(ir.Measure.RETURN), limit=1, time=ir.TimeScope(window=ir.Window.MONTH_1)),
    ),
    # the sector of the one largest holding; an explicit count keeps its count
    (
        "KODEX 200 최대 비중 종목은 무슨 업종이야",
        ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(K200, limit=1)),), holder_count=False),
    ),
    (
        "KODEX 200 상위 3개 종목 업종",
        ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(K200, limit=3), n=3),), holder_count=False),
    ),
    # 한 주에 / 주당: a share's price, not a week's return; a return word keeps the week
    (
        "KODEX 200 한 주에 지금 얼마 하나요",
        ir.Lookup(etfs=(K200,), measures=(ir.Measure.CLOSE,), time=ir.TimeScope(window=ir.Window.ALL)),
    ),
    ("KODEX 200 주당 얼마", ir.Lookup(etfs=(K200,), measures=(ir.Measure.CLOSE,))),
    (
        "KODEX 200 한 주 수익률",
        ir.Lookup(etfs=(K200,), measures=(ir.Measure.RETURN,), time=ir.TimeScope(window=ir.Window.WEEK_1)),
    ),
    # a year glued to 'listed' bounds the listing date
    (
        "what is the highest TER among the 2025-listed bond ETFs",
        ir.Aggregate(
            ir.EtfSet((BOND, ir.Listed(date(2025, 1, 1), date(2025, 12, 31)))), agg=ir.Agg.MAX, measure=ir.Measure.TER
        ),
    ),
    # how it holds, not what it holds
    (
        "does KODEX 200 hold the stocks physically or synthetically?",
        ir.Lookup(etfs=(K200,), measures=(ir.Measure.REPLICATION,)),
    ),
    # 'with counts' is no relation: the issuers ranked by their number of bond ETFs
    (
        "which asset managers run the most bond ETFs? top 3 with counts",
        ir.Aggregate(ir.EtfSet((BOND,)), group_by=ir.Dim.ISSUER, limit=3),
    ),
]


@pytest.mark.parametrize(("question", "expected"), READINGS, ids=[q for q, _ in READINGS])
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("KODEX 200 2025년 3월 5일 종가", "2025년 3월 5일"),  # between 2024-11-06 and 2025-10-29: no quotes
        ("KODEX 200 2023년 6월 말 종가 몇원", "2023년 6월"),  # '몇' beside a price is no weight: the price dates
    ],
)
def test_a_day_without_quotes_is_not_held(small_dictionary: Dictionary, question: str, term: str) -> None:
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.NotHeld)
    assert query.kind is ir.NotHeldKind.PERIOD
    assert query.terms == (term,)
    assert "가격 2024-10-08..2024-11-06, 2025-10-29..2025-12-30" in query.held


def test_a_day_inside_a_run_of_quotes_is_read(small_dictionary: Dictionary) -> None:
    query = parse("KODEX 200 2025년 11월 5일 종가", small_dictionary).query
    assert query == ir.Lookup(etfs=(K200,), measures=(ir.Measure.CLOSE,), time=ir.TimeScope(as_of=date(2025, 11, 5)))
