"""Composition rules: a direction after a measure sorts, one market value 국내&해외, group markers drop the grouped
dimension's constraints, multiples compose with 인버스, glued top-N counts, open questions about buying."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

FEE_UP = ir.Sort(ir.Measure.FEE, descending=False)
MULTIPLE = ir.Dim.MULTIPLE

CASES: list[tuple[str, ir.Query]] = [
    (
        "삼성자산운용 ETF 중에 보수 싼 거 3개",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "삼성자산운용"),)), measures=(ir.Measure.FEE,), sort=FEE_UP, limit=3
        ),
    ),
    ("보수 제일 싼 거", ir.ListEtfs(ir.EtfSet(), measures=(ir.Measure.FEE,), sort=FEE_UP, limit=1)),
    (
        "국내&해외 섞인 ETF 중 보수 제일 싼 3개",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.MARKET, "국내&해외"),)), measures=(ir.Measure.FEE,), sort=FEE_UP, limit=3
        ),
    ),
    ("국내&해외 ETF 몇 개", ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.MARKET, "국내&해외"),)))),
    ("국내 해외 시장별로 ETF 몇 개씩이야", ir.Aggregate(ir.EtfSet(), group_by=ir.Dim.MARKET)),
    ("2배 레버리지 ETF 몇 개", ir.Aggregate(ir.EtfSet((ir.DimIs(MULTIPLE, "2"),)))),
    ("2X 인버스 ETF 몇 개 있어?", ir.Aggregate(ir.EtfSet((ir.DimIs(MULTIPLE, "-2"),)))),
    ("-2배 ETF 몇 개", ir.Aggregate(ir.EtfSet((ir.DimIs(MULTIPLE, "-2"),)))),
    (
        "운용사마다 평균 총보수 얼마씩인지",
        ir.Aggregate(ir.EtfSet(), agg=ir.Agg.AVG, measure=ir.Measure.FEE, group_by=ir.Dim.ISSUER),
    ),
    (
        "복제방식별 평균 보수 차이 보여줘",
        ir.Aggregate(ir.EtfSet(), agg=ir.Agg.AVG, measure=ir.Measure.FEE, group_by=ir.Dim.REPLICATION),
    ),
    ("레버리지 배수별로 ETF 몇 개씩 있어?", ir.Aggregate(ir.EtfSet(), group_by=MULTIPLE)),
    (
        "자산군별로 제일 싼 보수는 얼마씩이야",
        ir.Aggregate(ir.EtfSet(), agg=ir.Agg.MIN, measure=ir.Measure.FEE, group_by=ir.Dim.ASSET_CLASS),
    ),
    (
        "국내 ETF랑 해외 ETF 평균 보수 각각 얼마야",
        ir.Aggregate(ir.EtfSet(), agg=ir.Agg.AVG, measure=ir.Measure.FEE, group_by=ir.Dim.MARKET),
    ),
    (
        "실물 ETF만 운용사별로 몇 개인지 보여줘",
        ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.REPLICATION, "실물"),)), group_by=ir.Dim.ISSUER),
    ),
    ("KODEX 200 구성종목 top5", ir.Holdings(ir.EtfNamed("069500"), limit=5)),
    ("KODEX 200 구성종목 몇 개야", ir.Holdings(ir.EtfNamed("069500"), limit=None, count=True)),
    ("How many holdings does TIGER 200 have?", ir.Holdings(ir.EtfNamed("102110"), limit=None, count=True)),
    (
        "top 3 ETFs by 1-week return",
        ir.ListEtfs(
            ir.EtfSet(),
            measures=(ir.Measure.RETURN,),
            sort=ir.Sort(ir.Measure.RETURN),
            limit=3,
            time=ir.TimeScope(window=ir.Window.WEEK_1),
        ),
    ),
    (
        "KODEX 200 2024년 10월 8일부터 10월 말까지 수익률",
        ir.Lookup(
            etfs=(ir.EtfNamed("069500"),),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2024, 10, 8), end=date(2024, 10, 31)),
        ),
    ),
    (
        "KODEX 200 2024년 11월 5일 대비 지금 얼마나 올랐어",
        ir.Lookup(
            etfs=(ir.EtfNamed("069500"),),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2024, 11, 5), end=date(2025, 12, 30)),
        ),
    ),
    (
        "TIGER ETF 중 1주일 수익률 제일 나쁜 3개",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "TIGER"),)),
            measures=(ir.Measure.RETURN,),
            sort=ir.Sort(ir.Measure.RETURN, descending=False),
            limit=3,
            time=ir.TimeScope(window=ir.Window.WEEK_1),
        ),
    ),
    (
        "KODEX 200 11월 한 달 수익률 몇%",
        ir.Lookup(
            etfs=(ir.EtfNamed("069500"),),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 10, 31), end=date(2025, 11, 30)),
        ),
    ),
    (
        "KODEX 200 12월 수익률",
        ir.Lookup(
            etfs=(ir.EtfNamed("069500"),),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 11, 30), end=date(2025, 12, 31)),
        ),
    ),
    (
        "KODEX 200 2024년 10월 말 종가",
        ir.Lookup(
            etfs=(ir.EtfNamed("069500"),), measures=(ir.Measure.CLOSE,), time=ir.TimeScope(as_of=date(2024, 10, 31))
        ),
    ),
    ("KODEX 200 지금 사면 어떰", ir.Explain(etf=ir.EtfNamed("069500"))),
    ("TIGER 200 보수 비싼 편 아냐?", ir.Explain(etf=ir.EtfNamed("102110"))),
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[c[0] for c in CASES])
def test_composition_rule(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


def test_except_brand_is_a_negated_constraint(small_dictionary: Dictionary) -> None:
    q = parse("인버스2X ETF 중에서 KODEX 말고 다른 브랜드 꺼 보여줘", small_dictionary).query
    assert isinstance(q, ir.ListEtfs)
    assert ir.DimIs(ir.Dim.BRAND, "KODEX", negate=True) in q.etfs.constraints
    assert ir.DimIs(MULTIPLE, "-2") in q.etfs.constraints
