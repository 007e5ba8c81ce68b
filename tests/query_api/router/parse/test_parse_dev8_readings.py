"""Readings of dev8's first-run misses, mostly English idioms: parked in, came to market, N or more … ETFs per
group, what share the top N take, add up, which stock got trimmed by the most, look most like … give me N, thoughts
on; and Korean: 겹쳐서 담은 종목, 제일 싼 보수랑 제일 비싼 보수, 6월달에 신규로 담은, 깨진 (small dictionary)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse
from query_api.router.parse.typos import vowel_swaps

K200, KAKAO = ir.EtfNamed("069500"), ir.StockNamed("035720")
ACTIVE = ir.DimIs(ir.Dim.ACTIVE, "true")
BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")
TIGER = ir.DimIs(ir.Dim.BRAND, "TIGER")

READINGS: list[tuple[str, ir.Query]] = [
    ("which ETFs have at least 2.5% parked in 카카오?", ir.Holders(KAKAO, op=ir.Op.GE, weight=2.5)),
    (
        "how many ETFs came to market in the second half of 2025?",
        ir.Aggregate(ir.EtfSet((ir.Listed(date(2025, 7, 1), date(2025, 12, 31)),))),
    ),
    (
        "brands with 10 or more active ETFs, with the counts",
        ir.Aggregate(ir.EtfSet((ACTIVE,)), group_by=ir.Dim.BRAND, having=ir.EtfCount(ir.Op.GE, 10.0)),
    ),
    ("what share do the top 5 names take in KODEX 200?", ir.Holdings(K200, limit=5, sum_weights=True)),
    (
        "add up the market cap of every bond ETF",
        ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.SUM, measure=ir.Measure.MARKET_CAP),
    ),
    ("TIGER ETF들이 가장 많이 겹쳐서 담은 종목 top 1", ir.TopStocks(ir.EtfSet((TIGER,)), limit=1)),
    (
        "채권 ETF 제일 싼 보수랑 제일 비싼 보수",
        ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.MIN, measure=ir.Measure.FEE, also=(ir.Agg.MAX,)),
    ),
    (
        "on the latest holdings day, which stock got trimmed by the most active ETFs, and by how many?",
        ir.Changes(etfs=ir.EtfSet((ACTIVE,)), kinds=(ir.ChangeKind.DECREASED,), limit=10, by_stock=True),
    ),
    ("ETFs that look most like KODEX 200, give me 3", ir.Similar(K200, limit=3)),
    (
        "KODEX 200 6월달에 신규로 담은거",
        ir.Changes(
            named=(K200,),
            kinds=(ir.ChangeKind.ADDED,),
            time=ir.TimeScope(start=date(2024, 6, 1), end=date(2024, 6, 30)),
        ),
    ),
    ("thoughts on KODEX 200 as a core holding?", ir.Explain(etf=K200)),
]


@pytest.mark.parametrize(("question", "expected"), READINGS, ids=[q for q, _ in READINGS])
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


def test_kkaejin_ranks_the_fallers(small_dictionary: Dictionary) -> None:
    query = parse("지난 일주일 제일 많이 깨진 채권 ETF 3개", small_dictionary).query
    assert isinstance(query, ir.ListEtfs)
    assert query.sort == ir.Sort(ir.Measure.RETURN, descending=False) and query.limit == 3


def test_a_short_name_with_ae_for_e_is_the_stock(small_dictionary: Dictionary) -> None:
    # 현데차: 현대차 with ㅐ typed as ㅔ (short names get no other one-edit typos)
    query = parse("현데차 담은 ETF", small_dictionary).query
    assert query == ir.Holders(ir.StockNamed("005380"))


def test_vowel_swaps() -> None:
    assert vowel_swaps("웹잰") == ["웹젠"]
    assert vowel_swaps("카카오") == []
