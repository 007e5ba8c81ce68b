"""Phrasings new users type that the first readings missed (session 5's fresh development questions): units said
as 퍼, a count asked with the names, a threshold per group, a holding company by its group name, listing verbs and
years said relative to now, a stock weight compared by 'has more', an amount in won, a size ranked under a fee
threshold, two-digit years and month/day dates, 'since' before a date, a narrower change kind, a word only the
names of one index's ETFs use, a measure glued to its aggregate, manager typos, advice words, and the top holding
held (small dictionary, exact Struct equality)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200, T200, KSEMI = ir.EtfNamed("069500"), ir.EtfNamed("102110"), ir.EtfNamed("091160")
SAMSUNG, HYNIX, KAKAO, MERITZ = (ir.StockNamed(c) for c in ("005930", "000660", "035720", "138040"))
BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")
CAP_DOWN = ir.Sort(ir.Measure.MARKET_CAP)

PHRASINGS: list[tuple[str, ir.Query]] = [
    # session 8: the top holder's fact, 비중 가장 높은 (an aggregate word) or "the heaviest X weight" (English order)
    (
        "삼성전자 비중 가장 높은 ETF는 언제 상장했어",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(SAMSUNG, limit=1)),), measures=(ir.Measure.LISTING_DATE,)),
    ),
    (
        "when was the ETF with the heaviest 삼성전자 weight listed?",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(SAMSUNG, limit=1)),), measures=(ir.Measure.LISTING_DATE,)),
    ),
    # an ETF and a calendar month, no measure: its return over the month; 군데 counts groups; 주식 before 액티브
    (
        "KODEX 200 2025년 11월 월간 수익률",  # a month's return: from the day before the month
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 10, 31), end=date(2025, 11, 30)),
        ),
    ),
    (
        "how did KODEX 200 do in November 2025",  # a month's return: from the day before the month, said or not
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 10, 31), end=date(2025, 11, 30)),
        ),
    ),
    (
        "인버스 제일 많이 낸 운용사 3군데",
        ir.Aggregate(ir.EtfSet((ir.Leveraged(inverse=True),)), group_by=ir.Dim.ISSUER, limit=3),
    ),
    (
        "주식 액티브 ETF 운용사마다 몇개씩",
        ir.Aggregate(
            ir.EtfSet((ir.DimIs(ir.Dim.ACTIVE, "true"), ir.DimIs(ir.Dim.ASSET_CLASS, "주식"))), group_by=ir.Dim.ISSUER
        ),
    ),
    ("하이닉스 10퍼 이상 들어간 ETF 몇개?", ir.Aggregate(ir.EtfSet((ir.HoldsStock(HYNIX, ir.Op.GE, 10.0),)))),
    ("카카오 5% 넘게 담은 ETF 몇개고 어디어디야", ir.Holders(KAKAO, op=ir.Op.GT, weight=5.0, limit=10)),
    (
        "삼성전자 비중 10프로 넘는 ETF 운용사별로 몇개",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(SAMSUNG, ir.Op.GT, 10.0),)), group_by=ir.Dim.ISSUER),
    ),
    ("메리츠금융 비중 10%이상인 etf 있음?", ir.Holders(MERITZ, op=ir.Op.GE, weight=10.0, limit=10)),
    ("2023년에 나온 ETF 몇 개", ir.Aggregate(ir.EtfSet((ir.Listed(start=date(2023, 1, 1), end=date(2023, 12, 31)),)))),
    (
        "올해 상장한 레버리지 ETF",
        ir.ListEtfs(ir.EtfSet((ir.Leveraged(), ir.Listed(start=date(2025, 1, 1), end=date(2025, 12, 31))))),
    ),
    (
        "which has more SK hynix, KODEX 반도체 or TIGER 반도체TOP10?",
        ir.Lookup(etfs=(KSEMI, ir.EtfNamed("396500")), weight_of=HYNIX),
    ),
    (
        "KODEX ETFs with a market cap of at least 1 trillion won",
        ir.ListEtfs(ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "KODEX"), ir.Cond(ir.Measure.MARKET_CAP, ir.Op.GE, 1e12)))),
    ),
    (
        "채권 ETF 보수 0.1프로 이하인것 중 큰거 3개",
        ir.ListEtfs(
            ir.EtfSet((BOND, ir.Cond(ir.Measure.FEE, ir.Op.LE, 0.1))),
            measures=(ir.Measure.MARKET_CAP,),
            sort=CAP_DOWN,
            limit=3,
        ),
    ),
    (
        "KODEX 200 vs TIGER 200 24년 10월8일~10월31일 수익률 비교",
        ir.Lookup(
            etfs=(K200, T200),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2024, 10, 8), end=date(2024, 10, 31)),
        ),
    ),
    (
        "KODEX 반도체 11/1에 편출한거",
        ir.Changes(named=(KSEMI,), kinds=(ir.ChangeKind.REMOVED,), time=ir.TimeScope(as_of=date(2024, 11, 1))),
    ),
    (
        "which stocks did KODEX 반도체 newly buy in July 2024?",
        ir.Changes(
            named=(KSEMI,),
            kinds=(ir.ChangeKind.ADDED,),
            time=ir.TimeScope(start=date(2024, 7, 1), end=date(2024, 7, 31)),
        ),
    ),
    (
        "how much has KODEX 200 returned since November 5, 2024?",
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2024, 11, 5), end=date(2025, 12, 30)),
        ),
    ),
    (
        "니프티50 추종 ETF 중 시총 1위",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.INDEX, "Nifty 50 Index"),)),
            measures=(ir.Measure.MARKET_CAP,),
            sort=CAP_DOWN,
            limit=1,
        ),
    ),
    (  # a letters-and-digits piece the names of one index's ETFs share
        "STAR50 따라가는 ETF 뭐 있음",
        ir.ListEtfs(ir.EtfSet((ir.DimIs(ir.Dim.INDEX, "STAR 50 Index(Price Return)"),))),
    ),
    (  # the first English words of an index's own name
        "SZSE ChiNext 추종 ETF 중 시총 1등",
        ir.ListEtfs(
            ir.EtfSet((ir.DimIs(ir.Dim.INDEX, "SZSE ChiNext Price Index"),)),
            measures=(ir.Measure.MARKET_CAP,),
            sort=CAP_DOWN,
            limit=1,
        ),
    ),
    (
        "KODEX 2차전지산업 최근 덜어낸 종목 top3",
        ir.Changes(named=(ir.EtfNamed("305720"),), kinds=(ir.ChangeKind.DECREASED,), limit=3),
    ),
    (
        "채권 ETF 운용사별 시총합 상위 3곳",
        ir.Aggregate(
            ir.EtfSet((BOND,)), agg=ir.Agg.SUM, measure=ir.Measure.MARKET_CAP, group_by=ir.Dim.ISSUER, limit=3
        ),
    ),
    # a one-syllable typo of a manager; advice and judgement words, a forecast inside advice; the top holding held
    ("미래애셋 ETF 몇개", ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "미래에셋자산운용"),)))),
    ("미래에셋자산운영 ETF 개수", ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.ISSUER, "미래에셋자산운용"),)))),
    ("KODEX 200 총보슈", ir.Lookup(etfs=(K200,), measures=(ir.Measure.FEE,))),
    ("KODEX 200 수익율", ir.Lookup(etfs=(K200,), measures=(ir.Measure.RETURN,))),
    ("what should I buy if I think the won will weaken?", ir.Explain(unheld=("will", "weaken"))),
    ("KODEX 200 이거 단타용이야 장기용이야?", ir.Explain(etf=K200)),
    ("KODEX 반도체 반도체에 너무 몰려있지 않음?", ir.Explain(etf=KSEMI)),
    (
        "KODEX 반도체 제일 비중 큰 종목 담은 ETF 몇개",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(ir.StockFrom(ir.Holdings(KSEMI, limit=1))),))),
    ),
    # a range of weights on one stock is one relation with two bounds; 어제 of changes is the file before the latest
    (
        "카카오 2%~5% 담은 ETF",
        ir.ListEtfs(ir.EtfSet((ir.HoldsStock(KAKAO, ir.Op.GE, 2.0), ir.HoldsStock(KAKAO, ir.Op.LE, 5.0)))),
    ),
    (
        "카카오 비중 2에서 5% 사이 ETF 몇개",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(KAKAO, ir.Op.GE, 2.0), ir.HoldsStock(KAKAO, ir.Op.LE, 5.0)))),
    ),
    ("KODEX 200 어제 바뀐 구성종목", ir.Changes(named=(K200,), time=ir.TimeScope(as_of=date(2024, 11, 5)))),
    # chains from a named ETF's top holding(s): each one's holders, its sector, the top holder's figure
    (
        "KODEX 200의 상위 3종목 각각 담은 ETF 수",
        ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(K200, limit=3), n=3),)),
    ),
    (
        "KODEX 반도체 top holding의 업종",
        ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(KSEMI, limit=1)),), holder_count=False),
    ),
    (
        "KODEX 200에서 제일 비중 큰 종목을 가장 많이 담은 ETF 보수는?",
        ir.Lookup(
            etfs=(
                ir.EtfFrom(ir.Holders(ir.StockFrom(ir.Holdings(K200, limit=1)), ir.EtfSet(exclude=(K200,)), limit=1)),
            ),
            measures=(ir.Measure.FEE,),
        ),
    ),
    # a listing within a span said after the number
    ("6개월 이내 출시된 ETF 몇개", ir.Aggregate(ir.EtfSet((ir.Listed(start=date(2025, 7, 3)),)))),
    (
        "최근 1년 안에 상장한 ETF 중 보수 제일 싼 거",
        ir.ListEtfs(
            ir.EtfSet((ir.Listed(start=date(2024, 12, 30)),)),
            measures=(ir.Measure.FEE,),
            sort=ir.Sort(ir.Measure.FEE, descending=False),
            limit=1,
        ),
    ),
    # two dates against each other; a day without a year in the year whose quotes hold it; a window's extreme
    (
        "KODEX 200 10월 31일 종가 vs 12월 30일 종가",
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.CLOSE,),
            time=ir.TimeScope(as_of=date(2025, 12, 30), compare_to=date(2025, 10, 31)),
        ),
    ),
    (
        "KODEX 200 10월 8일부터 10월 31일까지 수익률",
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2024, 10, 8), end=date(2024, 10, 31)),
        ),
    ),
    (
        "KODEX 200 최근 일주일 최고가",
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.HIGH,),
            time=ir.TimeScope(start=date(2025, 12, 23), end=date(2025, 12, 30)),
        ),
    ),
    # a range of months said 'between … and … YEAR'; a weight threshold on a chained stock
    (
        "which stocks did KODEX 반도체 drop between August and October 2024?",
        ir.Changes(
            named=(KSEMI,),
            kinds=(ir.ChangeKind.REMOVED,),
            time=ir.TimeScope(start=date(2024, 8, 1), end=date(2024, 10, 31)),
        ),
    ),
    (
        "KODEX 200 1등 종목 10% 넘게 담은 ETF 몇 개야",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(ir.StockFrom(ir.Holdings(K200, limit=1)), ir.Op.GT, 10.0),))),
    ),
    # a real name with a qualifier glued on that no ETF has is a product that does not exist; which ETF is good
    (
        "KODEX 반도체인버스 보수",
        ir.NotHeld(ir.NotHeldKind.ENTITY, terms=("KODEX 반도체인버스",), suggestions=("KODEX 반도체",)),
    ),
    ("금리 떨어질 때는 어떤 ETF가 좋아요?", ir.Explain(unheld=("금리",))),
    # a name shortened before a glued qualifier that one ETF's full name starts with; English plurals
    ("KODEX 반도체레버리지 보수", ir.Lookup(etfs=(ir.EtfNamed("494310"),), measures=(ir.Measure.FEE,))),
    (
        "sum of the market caps of KODEX bond ETFs",
        ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "KODEX"), BOND)), agg=ir.Agg.SUM, measure=ir.Measure.MARKET_CAP),
    ),
    ("KODEX 200 지금 고점이야?", ir.Explain(etf=K200, unheld=("고점",))),
    (
        "자산군별 시총 비중",
        ir.Aggregate(agg=ir.Agg.SUM, measure=ir.Measure.MARKET_CAP, group_by=ir.Dim.ASSET_CLASS),
    ),
    (
        "KODEX 200 10월 매매 내역",
        ir.Changes(named=(K200,), time=ir.TimeScope(start=date(2024, 10, 1), end=date(2024, 10, 31))),
    ),
]


@pytest.mark.parametrize(("question", "expected"), PHRASINGS, ids=[r[0] for r in PHRASINGS])
def test_phrasing(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


def test_a_word_in_one_etf_name_only_is_not_an_index(small_dictionary: Dictionary) -> None:
    """반도체TOP10 is in one ETF's name: a name, so no index link is made from it."""
    q = parse("반도체TOP10 추종 ETF", small_dictionary)
    assert not any(m.type is ir.EntityType.INDEX and m.text == "반도체TOP10" for m in q.mentions)


def test_an_amount_in_jo_is_a_market_cap_bound(small_dictionary: Dictionary) -> None:
    q = parse("1조 넘는 KODEX ETF", small_dictionary).query
    assert isinstance(q, ir.ListEtfs) and ir.Cond(ir.Measure.MARKET_CAP, ir.Op.GT, 1e12) in q.etfs.constraints


def test_two_bounds_on_one_stock_are_a_relation_not_a_chain(small_dictionary: Dictionary) -> None:
    q = parse("카카오 2%~5% 담은 ETF", small_dictionary)
    assert ir.intent_of(q.query) is ir.Intent.RELATION


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("what are the top 3 holdings of KODEX 반도체", "en"),
        ("when was KODEX 레버리지 listed", "en"),
        ("KODEX 반도체 보수", "ko"),
        ("삼성전자", "ko"),
        ("KODEX 반도체 top 3", "ko"),
    ],
)
def test_the_language_is_read_outside_the_names(small_dictionary: Dictionary, question: str, lang: str) -> None:
    assert parse(question, small_dictionary).lang == lang
