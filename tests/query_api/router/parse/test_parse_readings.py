"""Readings that compose pieces the class tables do not: value-or-entity extremes, exclusions, chains that count
or fan into holdings, a stock's weight across its holders, parts of a year, number words, and open questions
that carry words the data cannot judge (small dictionary, exact Struct equality)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200, T200 = ir.EtfNamed("069500"), ir.EtfNamed("102110")
SAMSUNG, HYNIX, LGES, KAKAO = (ir.StockNamed(c) for c in ("005930", "000660", "373220", "035720"))
BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")
FEE_UP = ir.Sort(ir.Measure.FEE, descending=False)
TWO_WEEKS = ir.TimeScope(start=date(2025, 12, 16), end=date(2025, 12, 30))

READINGS: list[tuple[str, ir.Query]] = [
    # the extreme figure itself, or the ETF that has it
    ("채권 ETF 중 제일 낮은 보수는 몇 %", ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.MIN, measure=ir.Measure.FEE)),
    (
        "what is the highest total fee among bond ETFs?",
        ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.MAX, measure=ir.Measure.FEE),
    ),
    ("채권 ETF 시총 다 더하면 얼마", ir.Aggregate(ir.EtfSet((BOND,)), agg=ir.Agg.SUM, measure=ir.Measure.MARKET_CAP)),
    (
        "채권 ETF 중 보수 최저인 거 뭐야",
        ir.ListEtfs(ir.EtfSet((BOND,)), measures=(ir.Measure.FEE,), sort=FEE_UP, limit=1),
    ),
    # number words
    ("cheapest two bond ETFs", ir.ListEtfs(ir.EtfSet((BOND,)), measures=(ir.Measure.FEE,), sort=FEE_UP, limit=2)),
    # exclusion: 빼고 after a condition is not a removal from holdings
    (
        "레버리지 빼고 코스피 200 따라가는 ETF",
        ir.ListEtfs(ir.EtfSet((ir.DimIs(ir.Dim.INDEX, "코스피 200"), ir.Leveraged(negate=True)))),
    ),
    # chains
    (
        "KODEX 200 1등 종목 담은 ETF 몇 개",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(ir.StockFrom(ir.Holdings(K200, limit=1))),))),
    ),
    (
        "삼성전자랑 SK하이닉스 둘다 들어간 ETF 몇개",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(SAMSUNG), ir.HoldsStock(HYNIX)))),
    ),
    ("엔솔 비중 1위 ETF의 상위 3종목", ir.Holdings(ir.EtfFrom(ir.Holders(LGES, limit=1)), limit=3)),
    # a stock's weight across its holders
    ("카카오 담은 ETF들 평균 비중", ir.Holders(KAKAO, agg=ir.Agg.AVG, limit=1)),
    ("삼성전자 제일 많이 담은 ETF는 비중이 몇%까지 돼?", ir.Holders(SAMSUNG, agg=ir.Agg.MAX, limit=1)),
    # time: N weeks, parts of a year, a year the quotes do not cover
    ("KODEX 200 2주 수익률", ir.Lookup(etfs=(K200,), measures=(ir.Measure.RETURN,), time=TWO_WEEKS)),
    ("what's the 2-week return of KODEX 200", ir.Lookup(etfs=(K200,), measures=(ir.Measure.RETURN,), time=TWO_WEEKS)),
    (
        "2024년 하반기에 상장한 ETF",
        ir.ListEtfs(ir.EtfSet((ir.Listed(start=date(2024, 7, 1), end=date(2024, 12, 31)),))),
    ),
    # open questions and comparisons of a figure
    ("KODEX 200 장기로 묻어둬도 괜찮음?", ir.Explain(etf=K200, unheld=("장기",))),
    (
        "KODEX 200이랑 TIGER 200 1주 수익률 뭐가 더 좋음?",
        ir.Lookup(etfs=(K200, T200), measures=(ir.Measure.RETURN,), time=ir.TimeScope(window=ir.Window.WEEK_1)),
    ),
    # an attribute word outweighs the verb around it
    ("KODEX 반도체 실물로 담는 거야?", ir.Lookup(etfs=(ir.EtfNamed("091160"),), measures=(ir.Measure.REPLICATION,))),
    ("ETF들이 제일 많이 담고있는 코스닥 종목 3개", ir.TopStocks(limit=3, market="KOSDAQ")),
    # a stock the set must not hold
    (
        "SK하이닉스는 담고 삼성전자는 안 담은 ETF",
        ir.ListEtfs(ir.EtfSet((ir.HoldsStock(HYNIX), ir.HoldsStock(SAMSUNG, negate=True)))),
    ),
    ("삼성전자 안 담은 ETF 몇개", ir.Aggregate(ir.EtfSet((ir.HoldsStock(SAMSUNG, negate=True),)))),
    # this month: from the previous month's last close
    (
        "KODEX 200 이번달 수익률",
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 11, 30), end=date(2025, 12, 30)),
        ),
    ),
    # the ETFs with the most new holdings, and what a set bought (산 read as a verb)
    ("최근 신규 편입 종목 많은 ETF top 3", ir.Changes(kinds=(ir.ChangeKind.ADDED,), limit=3, by_etf=True)),
    (
        "액티브 ETF들이 많이 산 종목",
        ir.Changes(
            etfs=ir.EtfSet((ir.DimIs(ir.Dim.ACTIVE, "true"),)),
            kinds=(ir.ChangeKind.ADDED, ir.ChangeKind.INCREASED),
            limit=10,
            by_stock=True,
        ),
    ),
    # the group ranked by a figure; a figure then and now
    (
        "평균 보수 제일 싼 운용사",
        ir.Aggregate(agg=ir.Agg.AVG, measure=ir.Measure.FEE, group_by=ir.Dim.ISSUER, limit=1, descending=False),
    ),
    (
        "KODEX 200 1주 전 대비 종가 변화",
        ir.Lookup(etfs=(K200,), measures=(ir.Measure.CLOSE,), time=ir.TimeScope(compare_to=date(2025, 12, 23))),
    ),
    # 비중 1위 is the top holder; 제일 inside a phrase is still a superlative; 각각 asks per stock
    (
        "삼성전자 비중 1위 ETF 보수 얼마",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(SAMSUNG, limit=1)),), measures=(ir.Measure.FEE,)),
    ),
    (
        "삼성전자 담은 ETF 중에서 제일 오래된 거",
        ir.Holders(SAMSUNG, sort=ir.Sort(ir.Measure.LISTING_DATE, descending=False), limit=1),
    ),
    ("삼성전자랑 SK하이닉스 각각 몇 개 ETF에 들어있어", ir.StockLookup(stocks=(SAMSUNG, HYNIX))),
    (
        "KODEX 200이랑 제일 비슷한 ETF 3개 보수 비교해줘",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Similar(K200, limit=3), n=3),), measures=(ir.Measure.FEE,)),
    ),
    # a listing's age is a Listed bound, not a window of figures
    ("상장한지 1년 안된 ETF 몇개", ir.Aggregate(ir.EtfSet((ir.Listed(start=date(2024, 12, 30)),)))),
    ("ETFs listed less than 6 months ago", ir.ListEtfs(ir.EtfSet((ir.Listed(start=date(2025, 7, 3)),)))),
    # a one-letter theme as a whole word
    (
        "금 관련 ETF 중 시총 제일 큰거",
        ir.ListEtfs(
            ir.EtfSet((ir.Tagged("금"),)),
            measures=(ir.Measure.MARKET_CAP,),
            sort=ir.Sort(ir.Measure.MARKET_CAP),
            limit=1,
        ),
    ),
    # alternatives of one kind are compared; a name word counted is counted distinct
    (
        "레버리지랑 인버스 ETF 각각 몇 개",
        ir.Compare((ir.EtfSet((ir.Leveraged(),)), ir.EtfSet((ir.Leveraged(inverse=True),)))),
    ),
    (
        "2024년이랑 2025년 상장 ETF 수 비교",
        ir.Compare(
            (
                ir.EtfSet((ir.Listed(start=date(2024, 1, 1), end=date(2024, 12, 31)),)),
                ir.EtfSet((ir.Listed(start=date(2025, 1, 1), end=date(2025, 12, 31)),)),
            )
        ),
    ),
    ("운용사 몇 개야", ir.Aggregate(measure=ir.Measure.ISSUER)),
    ("how many issuers are there", ir.Aggregate(measure=ir.Measure.ISSUER)),
    # a sign said in words
    (
        "1주 수익률 마이너스인 ETF 몇개",
        ir.Aggregate(
            ir.EtfSet((ir.Cond(ir.Measure.RETURN, ir.Op.LT, 0.0),)), time=ir.TimeScope(window=ir.Window.WEEK_1)
        ),
    ),
    # a figure cut at a named ETF's own, then ordered by what follows
    (
        "TIGER 200보다 시총 작은 ETF 중 보수 제일 싼 거",
        ir.ListEtfs(
            ir.EtfSet((ir.CondThan(ir.Measure.MARKET_CAP, ir.Op.LT, T200),), exclude=(T200,)),
            measures=(ir.Measure.MARKET_CAP, ir.Measure.FEE),
            sort=FEE_UP,
            limit=1,
        ),
    ),
    (
        "ETFs cheaper than KODEX 200",
        ir.ListEtfs(
            ir.EtfSet((ir.CondThan(ir.Measure.FEE, ir.Op.LT, K200),), exclude=(K200,)),
            measures=(ir.Measure.FEE,),
            sort=FEE_UP,
        ),
    ),
    # the first word of a Latin company name; chat noise; 빠졌음 of one ETF is its return
    (
        "JYP 20% 넘게 담은 ETF 몇 개임",
        ir.Aggregate(ir.EtfSet((ir.HoldsStock(ir.StockNamed("035900"), ir.Op.GT, 20.0),))),
    ),
    ("KODEX 200 TIGER 200 총보수 비교 ㄱㄱ", ir.Lookup(etfs=(K200, T200), measures=(ir.Measure.FEE,))),
    (
        "KODEX 200 2025년 11월 3일부터 지금까지 몇프로 빠졌음",
        ir.Lookup(
            etfs=(K200,),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 11, 3), end=date(2025, 12, 30)),
        ),
    ),
    # advice about a named ETF carries the words the data cannot judge, forecasts included
    ("KODEX 200 outlook 어때", ir.Explain(etf=K200, unheld=("outlook",))),
    # an open question over two named ETFs weighs both
    ("KODEX 200이랑 TIGER 200 중에 뭐 살까", ir.Explain(etf=K200, others=(T200,))),
]


@pytest.mark.parametrize(("question", "expected"), READINGS, ids=[r[0] for r in READINGS])
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


def test_a_year_the_quotes_do_not_cover_is_not_held(small_dictionary: Dictionary) -> None:
    q = parse("KODEX 200 2022년 연간 수익률", small_dictionary).query
    assert isinstance(q, ir.NotHeld) and q.kind is ir.NotHeldKind.PERIOD and q.terms == ("2022년",)


def test_a_typo_prefers_the_syllable_nearest_in_jamo() -> None:
    from query_api.router.parse.typos import edit_cost as _edit_cost

    assert _edit_cost("삼성전저", "삼성전자") < _edit_cost("삼성전저", "삼성전기")  # ㅓ→ㅏ beats ㅈㅓ→ㄱㅣ
    assert _edit_cost("나스닥300", "나스닥100") == 3  # not Hangul: no jamo to compare


def test_a_lower_case_lexicon_word_is_not_a_capitalised_name(small_dictionary: Dictionary) -> None:
    q = parse("what are the new holdings of KODEX 200", small_dictionary).query
    assert q == ir.Changes(named=(K200,), kinds=(ir.ChangeKind.ADDED,))
