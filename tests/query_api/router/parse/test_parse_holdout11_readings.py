"""Readings of holdout11's misses, fixed after its one run (so holdout11 is spent): an issuer typed with 자산운용
where the data's name lacks it, branded, 마감, 수량 늘린, 스타일, 상장 먼저, 'the top holder of X', and both extremes
said as 낮은거랑 높은거 둘다 — but not 'fell the most … bottom 2' (small dictionary, exact equality)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200, T200 = ir.EtfNamed("069500"), ir.EtfNamed("102110")
KAKAO = ir.StockNamed("035720")
BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")

READINGS: list[tuple[str, ir.Query]] = [
    # the data names the issuer 마이다스에셋; people type the company's full name
    ("마이다스에셋자산운용 ETF 몇 개 상장돼있음", ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "마이다스에셋"),)))),
    (
        "number of KODEX branded active ETFs",
        ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "KODEX"), ir.DimIs(ir.Dim.ACTIVE, "true")))),
    ),
    (
        "어제 KODEX 200 얼마에 마감",
        ir.Lookup(etfs=(K200,), measures=(ir.Measure.CLOSE,), time=ir.TimeScope(as_of=date(2025, 12, 29))),
    ),
    ("KODEX 200 가장 최근에 수량 늘린 종목", ir.Changes(named=(K200,), kinds=(ir.ChangeKind.INCREASED,))),
    ("KODEX 200 어떤 스타일 펀드인지 쉽게 알려줘", ir.Explain(etf=K200)),
    ("KODEX 200, TIGER 200 둘 중 상장 먼저 한 거", ir.Lookup(etfs=(K200, T200), measures=(ir.Measure.LISTING_DATE,))),
    (
        "when was the top holder of 카카오 listed",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(KAKAO, limit=1)),), measures=(ir.Measure.LISTING_DATE,)),
    ),
    (
        "채권 ETF TER 제일 낮은거랑 높은거 둘다",
        ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.MIN, measure=ir.Measure.TER, also=(ir.Agg.MAX,)),
    ),
]


@pytest.mark.parametrize(("question", "expected"), READINGS, ids=[q for q, _ in READINGS])
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


def test_fell_the_most_is_one_ranking_not_both_extremes(small_dictionary: Dictionary) -> None:
    query = parse("which bond ETFs fell the most over the past month, bottom 2", small_dictionary).query
    assert isinstance(query, ir.ListEtfs)
    assert query.sort == ir.Sort(ir.Measure.RETURN, descending=False) and query.limit == 2


def test_a_lexicon_word_is_no_typo_of_a_name(small_dictionary: Dictionary) -> None:
    # 마이너스 is one edit from the brand 마이다스, but a word of the lexicon (a sign): a negative return
    query = parse("1주 수익률 마이너스인 ETF 몇개", small_dictionary).query
    assert query == ir.Aggregate(
        ir.EtfSet((ir.Cond(ir.Measure.RETURN, ir.Op.LT, 0.0),)), time=ir.TimeScope(window=ir.Window.WEEK_1)
    )
