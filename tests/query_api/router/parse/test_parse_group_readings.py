"""Groups of a size (ETF 10개 이상 운용사만: HAVING) and both extremes of a figure asked together (최저랑 최고), read
into one Aggregate (small dictionary, exact equality)."""

from __future__ import annotations

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")
FEE = ir.Measure.FEE

READINGS: list[tuple[str, ir.Query]] = [
    (
        "운용사별 평균 총보수 제일 높은 곳 3개 (ETF 10개 이상 운용사만)",
        ir.Aggregate(agg=ir.Agg.AVG, measure=FEE, group_by=ir.Dim.ISSUER, limit=3, having=ir.EtfCount(ir.Op.GE, 10.0)),
    ),
    # the size is no limit, and no figure of the ETFs: every group that size, counted in the answer
    ("ETF 20개 넘게 가진 운용사 몇 곳이야", ir.Aggregate(group_by=ir.Dim.ISSUER, having=ir.EtfCount(ir.Op.GT, 20.0))),
    ("which issuers have more than 50 ETFs", ir.Aggregate(group_by=ir.Dim.ISSUER, having=ir.EtfCount(ir.Op.GT, 50.0))),
    # a number of ETFs with no group word is still a plain count
    ("채권 ETF 몇 개야", ir.Aggregate(ir.EtfSet((BOND,)))),
    # both extremes: one aggregate, the other in `also`
    (
        "레버리지 ETF 중 보수 최저랑 최고 각각 몇%",
        ir.Aggregate(ir.EtfSet((ir.Leveraged(),)), agg=ir.Agg.MIN, measure=FEE, also=(ir.Agg.MAX,)),
    ),
    (
        "채권 ETF 제일 싼 거랑 제일 비싼 거 보수 몇 %야",
        ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.MIN, measure=FEE, also=(ir.Agg.MAX,)),
    ),
    ("채권 ETF 보수 최저 몇 %", ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.MIN, measure=FEE)),
    # the first within each group (1위 per group): every group, each with its extreme ETF
    ("운용사별 시총 1위 ETF", ir.Aggregate(agg=ir.Agg.MAX, measure=ir.Measure.MARKET_CAP, group_by=ir.Dim.ISSUER)),
    # 'beat' asks returns; 'tilt' is a weight
    (
        "did KODEX 200 beat TIGER 200 last month",
        ir.Lookup(
            etfs=(ir.EtfNamed("069500"), ir.EtfNamed("102110")),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(window=ir.Window.MONTH_1),
        ),
    ),
    ("which fund has the heaviest tilt to SK하이닉스", ir.Holders(ir.StockNamed("000660"), limit=1)),
    # an ETF's name said of many (ETF들 평균): the brand's ETFs of that theme; said of one, that ETF
    (
        "코덱스 반도체 ETF들 평균 보수",
        ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "KODEX"), ir.Tagged("반도체"))), agg=ir.Agg.AVG, measure=FEE),
    ),
    ("KODEX 반도체 보수", ir.Lookup(etfs=(ir.EtfNamed("091160"),), measures=(FEE,))),
]


@pytest.mark.parametrize(("question", "expected"), READINGS, ids=[q for q, _ in READINGS])
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected
