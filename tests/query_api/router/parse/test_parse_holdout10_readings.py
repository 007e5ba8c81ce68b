"""Readings of holdout10's misses, fixed after its one run (so holdout10 is spent): 몇퍼, 안되게 (under), a from–to
등락률 (the period's return), 12월 들어 빠진 (a price fall, not holding changes), came into … during, largest
positions, 세금 유형별, 23년도에 상장, 전부 뽑아줘, 딱 하나, holder counts of three stocks, 'Korea and abroad', and a
word named beside an answerable part with 같이 (small dictionary, exact equality)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse
from query_api.router.parse.pieces import EVERY_LIMIT

K200 = ir.EtfNamed("069500")
SAMSUNG, HYNIX, KAKAO = ir.StockNamed("005930"), ir.StockNamed("000660"), ir.StockNamed("035720")
DOMESTIC_EQUITY = (ir.DimIs(ir.Dim.MARKET, "국내"), ir.DimIs(ir.Dim.ASSET_CLASS, "주식"))

READINGS: list[tuple[str, ir.Query]] = [
    ("KODEX 200에 삼성전자 몇퍼 들어감", ir.Lookup(etfs=(K200,), weight_of=SAMSUNG)),
    ("카카오 0.1% 안되게 조금 담은 ETF 수", ir.Aggregate(ir.EtfSet((ir.HoldsStock(KAKAO, ir.Op.LT, 0.1),)))),
    (
        "KODEX 200 2024년 10월 15일부터 11월 5일까지 등락률",
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2024, 10, 15), end=date(2024, 11, 5)),
        ),
    ),
    (
        "which names came into KODEX 200 during Sept 2024?",
        ir.Changes(
            named=(K200,),
            kinds=(ir.ChangeKind.ADDED,),
            time=ir.TimeScope(start=date(2024, 9, 1), end=date(2024, 9, 30)),
        ),
    ),
    ("what are the five largest positions in KODEX 200", ir.Holdings(K200, limit=5)),
    (
        "해외 주식형 ETF 세금 유형별로 개수",
        ir.Aggregate(
            ir.EtfSet((ir.DimIs(ir.Dim.MARKET, "해외"), ir.DimIs(ir.Dim.ASSET_CLASS, "주식"))), group_by=ir.Dim.TAX_TYPE
        ),
    ),
    (
        "23년도에 상장한 채권 ETF 전부 뽑아줘",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.ASSET_CLASS, "채권"), ir.Listed(date(2023, 1, 1), date(2023, 12, 31)))),
            limit=EVERY_LIMIT,
        ),
    ),
    ("SK하이닉스 비중 최대인 ETF 딱 하나", ir.Holders(HYNIX, limit=1)),
    ("삼성전자 SK하이닉스 카카오 셋 중 ETF 보유 수 젤 많은 거", ir.StockLookup(stocks=(SAMSUNG, HYNIX, KAKAO))),
    (
        "active funds investing in Korea and abroad, sorted by market cap",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.ACTIVE, "true"), ir.DimIs(ir.Dim.MARKET, "국내&해외"))),
            measures=(ir.Measure.MARKET_CAP,),
            sort=ir.Sort(ir.Measure.MARKET_CAP),
        ),
    ),
]


@pytest.mark.parametrize(("question", "expected"), READINGS, ids=[q for q, _ in READINGS])
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


def test_a_fall_since_a_month_began_ranks_returns(small_dictionary: Dictionary) -> None:
    query = parse("12월 들어서 가장 많이 빠진 국내 주식 ETF 2개", small_dictionary).query
    assert isinstance(query, ir.ListEtfs) and query.etfs.constraints == DOMESTIC_EQUITY
    assert query.sort == ir.Sort(ir.Measure.RETURN, descending=False) and query.time == ir.TimeScope(
        start=date(2025, 11, 30), end=date(2025, 12, 31)
    )


def test_a_word_asked_with_gachi_is_not_held(small_dictionary: Dictionary) -> None:
    parsed = parse("카카오 영업이익률이랑 몇 개 ETF가 담았는지 같이 알려줘", small_dictionary)
    assert parsed.query == ir.Aggregate(ir.EtfSet((ir.HoldsStock(KAKAO),)))
    assert parsed.not_held
