"""Question → IR, per question class, against a small dictionary (exact Struct equality)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse
from query_api.router.parse.unknown import ETF_HELD

K200, T200, KLEV, KINV, KSEMI, K2ND, TSEMI = "069500", "102110", "122630", "114800", "091160", "305720", "396500"
SAMSUNG, HYNIX, HANMI = ir.StockNamed("005930"), ir.StockNamed("000660"), ir.StockNamed("042700")
E = ir.EtfNamed
NO_TIME = ir.TimeScope()

CASES: list[tuple[str, str, ir.Query]] = [
    # attribute
    ("attribute", "KODEX 200 총보수가 얼마예요?", ir.Lookup(etfs=(E(K200),), measures=(ir.Measure.FEE,))),
    ("attribute", "타이거 미국S&P500 보수 몇 퍼센트야", ir.Lookup(etfs=(E("360750"),), measures=(ir.Measure.FEE,))),
    ("attribute", "TIGER 200 운용사가 어디야?", ir.Lookup(etfs=(E(T200),), measures=(ir.Measure.ISSUER,))),
    ("attribute", "What's the total fee of TIGER 200?", ir.Lookup(etfs=(E(T200),), measures=(ir.Measure.FEE,))),
    ("attribute", "KODEX 200에서 삼성전자 비중은 얼마야?", ir.Lookup(etfs=(E(K200),), weight_of=SAMSUNG)),
    ("attribute", "삼성전자 업종이 뭐야?", ir.StockLookup(stocks=(SAMSUNG,), holder_count=False)),
    ("attribute", "코덱스 반도채 보수", ir.Lookup(etfs=(E(KSEMI),), measures=(ir.Measure.FEE,))),  # one-edit typo
    # combined filter
    (
        "combined_filter",
        "미래에셋 레버리지 ETF 뭐가 있어?",
        ir.ListEtfs(ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "미래에셋자산운용"), ir.Leveraged()))),
    ),
    (
        "combined_filter",
        "총보수 0.1% 미만 ETF 알려줘",
        ir.ListEtfs(ir.EtfSet((ir.Cond(ir.Measure.FEE, ir.Op.LT, 0.1),))),
    ),
    (
        "combined_filter",
        "채권 ETF 중 보수 제일 낮은 거 3개",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.ASSET_CLASS, "채권"),)),
            measures=(ir.Measure.FEE,),
            sort=ir.Sort(ir.Measure.FEE, descending=False),
            limit=3,
        ),
    ),
    (
        "combined_filter",
        "show me KODEX inverse ETFs",
        ir.ListEtfs(ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "KODEX"), ir.Leveraged(inverse=True)))),
    ),
    (
        "combined_filter",
        "시가총액 5조 넘는 ETF 알려줘",
        ir.ListEtfs(ir.EtfSet((ir.Cond(ir.Measure.MARKET_CAP, ir.Op.GT, 5e12),))),
    ),
    (
        "combined_filter",
        "2025년 이후에 상장한 ETF 보여줘",
        ir.ListEtfs(ir.EtfSet((ir.Listed(start=date(2025, 1, 1)),))),
    ),
    # holdings threshold
    ("holdings_threshold", "삼성전자 5% 넘게 담은 ETF", ir.Holders(SAMSUNG, op=ir.Op.GT, weight=5.0)),
    (
        "holdings_threshold",
        "하닉 10% 이상 편입 ETF 수",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(HYNIX, op=ir.Op.GE, weight=10.0),))),
    ),
    # count
    ("count", "삼성자산운용 ETF는 몇 개야?", ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "삼성자산운용"),)))),
    (
        "count",
        "how many ETFs track the KOSPI 200?",
        ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.INDEX, "코스피 200"),))),
    ),
    # group-by
    ("group_by", "운용사별 ETF 수", ir.Aggregate(group_by=ir.Dim.ISSUER)),
    (
        "group_by",
        "자산군별 평균 보수",
        ir.Aggregate(agg=ir.Agg.AVG, measure=ir.Measure.FEE, group_by=ir.Dim.ASSET_CLASS),
    ),
    (
        "group_by",
        "운용사별 평균 시가총액 top 3",
        ir.Aggregate(agg=ir.Agg.AVG, measure=ir.Measure.MARKET_CAP, group_by=ir.Dim.ISSUER, limit=3),
    ),
    # aggregation
    (
        "aggregation",
        "레버리지 ETF들 평균 총보수는?",
        ir.Aggregate(ir.EtfSet((ir.Leveraged(),)), agg=ir.Agg.AVG, measure=ir.Measure.FEE),
    ),
    ("aggregation", "KODEX 200 업종별 비중 알려줘", ir.SectorMix(E(K200))),
    ("aggregation", "KODEX 반도체 상위 5개 종목 비중 합은 몇 %야?", ir.Holdings(E(KSEMI), limit=5, sum_weights=True)),
    ("aggregation", "KODEX 200 구성종목 수는?", ir.Holdings(E(K200), limit=None, count=True)),
    ("aggregation", "가장 많은 ETF에 편입된 종목 top 5", ir.TopStocks(limit=5)),
    (
        "aggregation",
        "total market cap of KODEX ETFs",
        ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "KODEX"),)), agg=ir.Agg.SUM, measure=ir.Measure.MARKET_CAP),
    ),
    # time
    (
        "time",
        "KODEX 반도체 지난 한 달 수익률",
        ir.Lookup(etfs=(E(KSEMI),), measures=(ir.Measure.RETURN,), time=ir.TimeScope(window=ir.Window.MONTH_1)),
    ),
    (
        "time",
        "KODEX 200 10월 수익률",  # the latest October the data covers, from the last close of September
        ir.Lookup(
            etfs=(E(K200),),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 9, 30), end=date(2025, 10, 31)),
        ),
    ),
    (
        "time",
        "KODEX 200 2024-11-01 종가",
        ir.Lookup(etfs=(E(K200),), measures=(ir.Measure.CLOSE,), time=ir.TimeScope(as_of=date(2024, 11, 1))),
    ),
    (
        "time",
        "지난 한 달 제일 많이 오른 ETF 5개",
        ir.ListEtfs(
            measures=(ir.Measure.RETURN,),
            sort=ir.Sort(ir.Measure.RETURN),
            limit=5,
            time=ir.TimeScope(window=ir.Window.MONTH_1),
        ),
    ),
    # changes
    ("changes", "KODEX 반도체 최근 신규편입 종목", ir.Changes(named=(E(KSEMI),), kinds=(ir.ChangeKind.ADDED,))),
    (
        "changes",
        "KODEX 반도체 뭐 팔았어?",
        ir.Changes(named=(E(KSEMI),), kinds=(ir.ChangeKind.REMOVED, ir.ChangeKind.DECREASED)),
    ),
    # relation
    ("relation", "KODEX 200 보유종목 알려줘", ir.Holdings(E(K200))),
    ("relation", "삼성전자를 담고 있는 ETF 알려줘", ir.Holders(SAMSUNG)),
    ("relation", "Which ETFs hold SK Hynix?", ir.Holders(HYNIX)),
    ("relation", "KODEX 200이랑 비슷한 ETF 뭐가 있을까", ir.Similar(E(K200))),
    ("relation", "코스피200 추종하는 ETF 알려줘", ir.ListEtfs(ir.EtfSet((ir.DimIs(ir.Dim.INDEX, "코스피 200"),)))),
    ("relation", "한미반도체랑 같은 업종인 종목은?", ir.SameSector(HANMI)),
    # chain
    (
        "chain",
        "KODEX 반도체 1위 종목을 담은 다른 ETF는?",
        ir.Holders(ir.StockFrom(ir.Holdings(E(KSEMI), limit=1)), etfs=ir.EtfSet(exclude=(E(KSEMI),))),
    ),
    (
        "chain",
        "삼전 담은 ETF 중 제일 싼 거",
        ir.Holders(SAMSUNG, sort=ir.Sort(ir.Measure.FEE, descending=False), limit=1),
    ),
    (
        "chain",
        "KODEX 200이랑 제일 비슷한 ETF 총보수",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Similar(E(K200), limit=1)),), measures=(ir.Measure.FEE,)),
    ),
    (
        "chain",
        "삼성전자와 SK하이닉스를 모두 담은 ETF는?",
        ir.ListEtfs(ir.EtfSet((ir.HoldsStock(SAMSUNG), ir.HoldsStock(HYNIX)))),
    ),
    (
        "chain",
        "삼성전자를 가장 많이 담은 ETF의 운용사는?",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(SAMSUNG, limit=1)),), measures=(ir.Measure.ISSUER,)),
    ),
    (
        "chain",
        "코스피200 추종 ETF 중 보수 가장 낮은 거",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.INDEX, "코스피 200"),)),
            measures=(ir.Measure.FEE,),
            sort=ir.Sort(ir.Measure.FEE, descending=False),
            limit=1,
        ),
    ),
    # comparison
    (
        "comparison",
        "KODEX 200이랑 TIGER 200 보수 비교해줘",
        ir.Lookup(etfs=(E(K200), E(T200)), measures=(ir.Measure.FEE,)),
    ),
    (
        "comparison",
        "KODEX 200, TIGER 200, TIGER 미국S&P500 시총 비교",
        ir.Lookup(etfs=(E(K200), E(T200), E("360750")), measures=(ir.Measure.MARKET_CAP,)),
    ),
    ("comparison", "KODEX 반도체랑 TIGER 반도체TOP10 겹치는 종목 얼마나 돼", ir.Overlap(E(KSEMI), E(TSEMI))),
    (
        "comparison",
        "삼성자산운용이랑 미래에셋자산운용 ETF 개수 비교해줘",
        ir.Compare(
            (
                ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "삼성자산운용"),)),
                ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "미래에셋자산운용"),)),
            )
        ),
    ),
    # open
    ("open", "KODEX 레버리지 투자위험을 설명해줘", ir.Explain(etf=E(KLEV))),
    ("open", "TIGER 200 어때요?", ir.Explain(etf=E(T200))),
    ("open", "반도체 ETF 하나 추천해 줄래?", ir.Explain(etfs=ir.EtfSet((ir.Tagged("반도체"),)))),
    # typos, English phrasing, colloquial advice, fan-out chains, a set's changes per stock
    ("relation", "에코프로비앰 담은 ETF", ir.Holders(ir.StockNamed("247540"))),  # 에코프로 + one-edit typo
    ("relation", "에코프로 담은 ETF", ir.Holders(ir.StockNamed("086520"))),
    ("attribute", "kodax 200 총보수", ir.Lookup(etfs=(E(K200),), measures=(ir.Measure.FEE,))),  # Latin brand typo
    ("attribute", "Which company manages KODEX 200?", ir.Lookup(etfs=(E(K200),), measures=(ir.Measure.ISSUER,))),
    ("attribute", "When was TIGER 200 listed?", ir.Lookup(etfs=(E(T200),), measures=(ir.Measure.LISTING_DATE,))),
    (
        "comparison",
        "Which is older, KODEX 200 or TIGER 200?",
        ir.Lookup(etfs=(E(K200), E(T200)), measures=(ir.Measure.LISTING_DATE,)),
    ),
    (
        "count",
        "How many ETFs were listed in 2024?",
        ir.Aggregate(ir.EtfSet((ir.Listed(start=date(2024, 1, 1), end=date(2024, 12, 31)),))),
    ),
    ("open", "KODEX 200 오래 들고 있어도 돼?", ir.Explain(etf=E(K200))),
    ("open", "KODEX 레버리지 지금 살까?", ir.Explain(etf=E(KLEV))),
    ("open", "Is KODEX 200 a good buy?", ir.Explain(etf=E(K200))),
    (
        "open",
        "보수 낮은 ETF 추천 좀",
        ir.Explain(sort=ir.Sort(ir.Measure.FEE, descending=False)),
    ),
    (
        "chain",
        "KODEX 200 상위 5개 종목 업종",
        ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(E(K200), limit=5), n=5),), holder_count=False),
    ),
    (
        "chain",
        "KODEX 200이랑 비슷한 ETF들 보수",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Similar(E(K200)), n=5),), measures=(ir.Measure.FEE,)),
    ),
    (
        "changes",
        "액티브 ETF들이 최근 많이 산 종목",
        ir.Changes(
            etfs=ir.EtfSet((ir.DimIs(ir.Dim.ACTIVE, "true"),)),
            kinds=(ir.ChangeKind.ADDED, ir.ChangeKind.INCREASED),
            limit=10,
            by_stock=True,
        ),
    ),
    (
        "chain",
        "보수 제일 싼 반도체 ETF의 상위 종목",
        ir.Holdings(
            ir.EtfFrom(
                ir.ListEtfs(ir.EtfSet((ir.Tagged("반도체"),)), sort=ir.Sort(ir.Measure.FEE, descending=False), limit=1)
            )
        ),
    ),
    ("aggregation", "코스닥 종목 중에 ETF에 제일 많이 들어간 거 top 3", ir.TopStocks(limit=3, market="KOSDAQ")),
    (
        "attribute",
        "Is TIGER 200 synthetic or physical?",
        ir.Lookup(etfs=(E(T200),), measures=(ir.Measure.REPLICATION,)),
    ),
    ("attribute", "what's the leverage of KODEX 레버리지", ir.Lookup(etfs=(E(KLEV),), measures=(ir.Measure.MULTIPLE,))),
    (
        "combined_filter",
        "cheapest 3 반도체 ETFs",
        ir.ListEtfs(
            ir.EtfSet((ir.Tagged("반도체"),)),
            measures=(ir.Measure.FEE,),
            sort=ir.Sort(ir.Measure.FEE, descending=False),
            limit=3,
        ),
    ),
    (
        "time",
        "best performing ETF last week",
        ir.ListEtfs(
            measures=(ir.Measure.RETURN,),
            sort=ir.Sort(ir.Measure.RETURN),
            limit=1,
            time=ir.TimeScope(window=ir.Window.WEEK_1),
        ),
    ),
    (
        "time",
        "지난달 가장 많이 빠진 ETF",  # 빠지: removed (of stocks) or fell (of ETFs)
        ir.ListEtfs(
            measures=(ir.Measure.RETURN,),
            sort=ir.Sort(ir.Measure.RETURN, descending=False),
            limit=1,
            time=ir.TimeScope(window=ir.Window.MONTH_1),
        ),
    ),
    ("changes", "신규편입 종목 제일 많은 ETF", ir.Changes(kinds=(ir.ChangeKind.ADDED,), limit=1, by_etf=True)),
    ("group_by", "which issuer has the most ETFs", ir.Aggregate(group_by=ir.Dim.ISSUER, limit=1)),
    ("group_by", "ETF 가장 많이 낸 운용사 3곳", ir.Aggregate(group_by=ir.Dim.ISSUER, limit=3)),
    ("relation", "KODEX 200이랑 구성 겹치는 ETF", ir.Similar(E(K200))),
    (
        "attribute",
        "How did KODEX 200 do last month?",
        ir.Lookup(etfs=(E(K200),), measures=(ir.Measure.RETURN,), time=ir.TimeScope(window=ir.Window.MONTH_1)),
    ),
    (
        "negative",
        "what is the P/E of TIGER 200?",
        ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=("P/E",), held=ETF_HELD, about=E(T200)),
    ),
    (
        "combined_filter",
        "ETFs with fee under 0.1% and market cap over 1 trillion",
        ir.ListEtfs(
            ir.EtfSet((ir.Cond(ir.Measure.FEE, ir.Op.LT, 0.1), ir.Cond(ir.Measure.MARKET_CAP, ir.Op.GT, 1e12)))
        ),
    ),
    (
        "changes",
        "액티브 ETF 최근 편입 편출 몇 건",
        ir.Changes(etfs=ir.EtfSet((ir.DimIs(ir.Dim.ACTIVE, "true"),)), limit=10, count=True),
    ),
]


@pytest.mark.parametrize(("cls", "question", "expected"), CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_question_parses_to_ir(small_dictionary: Dictionary, cls: str, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


NEGATIVE = [
    ("KODEX 200 배당수익률 얼마야?", ir.NotHeldKind.ATTRIBUTE),
    ("KODEX 화성탐사 보수 알려줘", ir.NotHeldKind.ENTITY),
    ("QQQ 구성종목 알려줘", ir.NotHeldKind.ENTITY),
    ("테슬라 많이 담은 ETF 있어?", ir.NotHeldKind.ENTITY),
    ("KODEX 200 다음달 수익률 예측해줘", ir.NotHeldKind.FORECAST),
    ("999999 ETF 정보 알려줘", ir.NotHeldKind.ENTITY),
    ("2023년 KODEX 200 수익률", ir.NotHeldKind.PERIOD),
    ("삼성전자 현재 주가 알려줘", ir.NotHeldKind.ATTRIBUTE),
]


@pytest.mark.parametrize(("question", "kind"), NEGATIVE)
def test_what_the_data_does_not_hold_is_not_held(
    small_dictionary: Dictionary, question: str, kind: ir.NotHeldKind
) -> None:
    parsed = parse(question, small_dictionary)
    assert isinstance(parsed.query, ir.NotHeld)
    assert parsed.query.kind is kind
    assert parsed.query.terms  # says what was not held


def test_not_held_names_the_words_and_the_entity(small_dictionary: Dictionary) -> None:
    q = parse("KODEX 200 배당수익률 얼마야?", small_dictionary).query
    assert q == ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=("배당수익률",), held=q.held, about=E(K200))  # as written
    assert "총보수" in q.held
    assert parse("QQQ 구성종목 알려줘", small_dictionary).query == ir.NotHeld(ir.NotHeldKind.ENTITY, terms=("QQQ",))
