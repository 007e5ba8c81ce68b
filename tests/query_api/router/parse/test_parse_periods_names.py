"""Readings added in session 6 for periods, listing years and names (small dictionary, exact Struct equality): a
period's highest or lowest close, several listing years said each or as a range, a brand's ETFs as a relation, and a
named ETF with a run of qualifiers glued on that no ETF has."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200 = ir.EtfNamed("069500")
OCTOBER = ir.TimeScope(start=date(2024, 10, 1), end=date(2024, 10, 31))


@pytest.mark.parametrize(
    ("question", "measure"),
    [
        ("KODEX 200 2024년 10월 중 최고 종가", ir.Measure.HIGHEST_CLOSE),
        ("2024년 10월에 KODEX 200 제일 높았던 종가 얼마", ir.Measure.HIGHEST_CLOSE),
        ("KODEX 200 2024년 10월 최저 종가", ir.Measure.LOWEST_CLOSE),
    ],
)
def test_a_periods_extreme_close(small_dictionary: Dictionary, question: str, measure: ir.Measure) -> None:
    assert parse(question, small_dictionary).query == ir.Lookup(etfs=(K200,), measures=(measure,), time=OCTOBER)


def test_a_close_without_a_period_is_the_close(small_dictionary: Dictionary) -> None:
    assert parse("KODEX 200 종가", small_dictionary).query == ir.Lookup(etfs=(K200,), measures=(ir.Measure.CLOSE,))


@pytest.mark.parametrize(
    ("question", "group_by"),
    [
        ("2020년 2021년 2022년 각각 몇 개 상장했어?", ir.Dim.LISTING_YEAR),
        ("2016년부터 2018년까지 연도별 상장 ETF 개수", ir.Dim.LISTING_YEAR),
        ("2016년부터 2018년까지 상장한 ETF 몇 개", None),
    ],
)
def test_listing_years_each_or_as_a_range(small_dictionary: Dictionary, question: str, group_by: ir.Dim | None) -> None:
    years = [int(w[:4]) for w in question.split() if w[:4].isdigit()]
    span = ir.Listed(start=date(min(years), 1, 1), end=date(max(years), 12, 31))
    assert parse(question, small_dictionary).query == ir.Aggregate(ir.EtfSet((span,)), group_by=group_by)


def test_two_listing_years_without_each_are_compared(small_dictionary: Dictionary) -> None:
    assert isinstance(parse("2024년 2025년 상장 ETF 몇 개", small_dictionary).query, ir.Compare)


def test_a_brands_etfs_are_a_relation(small_dictionary: Dictionary) -> None:
    query = parse("KODEX 브랜드 ETF 전부", small_dictionary).query
    assert query == ir.ListEtfs(ir.EtfSet((ir.DimIs(ir.Dim.BRAND, "KODEX"),)))
    assert ir.intent_of(query) is ir.Intent.RELATION


def test_a_run_of_glued_qualifiers_no_etf_has_is_an_invented_product(small_dictionary: Dictionary) -> None:
    query = parse("KODEX 반도체인버스2X 보수 얼마야", small_dictionary).query
    assert query == ir.NotHeld(ir.NotHeldKind.ENTITY, terms=("KODEX 반도체인버스2X",), suggestions=("KODEX 반도체",))


def test_a_multiple_after_an_unleveraged_etf_is_an_invented_product(small_dictionary: Dictionary) -> None:
    query = parse("KODEX 200 3배 레버리지 총보수 알려줘", small_dictionary).query
    assert query == ir.NotHeld(ir.NotHeldKind.ENTITY, terms=("KODEX 200 3배 레버리지",), suggestions=("KODEX 200",))
    # a multiple asked of a leveraged ETF is its attribute, not a product
    assert isinstance(parse("KODEX 레버리지 2배 맞아?", small_dictionary).query, ir.Lookup)


@pytest.mark.parametrize(
    ("question", "code"),
    [("아모레 10% 초과로 담은 ETF", "090430"), ("포스코인터 9% 넘는 비중으로 담은 ETF", "047050")],
)
def test_a_stock_by_the_start_of_its_name(small_dictionary: Dictionary, question: str, code: str) -> None:
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.Holders) and query.stock == ir.StockNamed(code)


def test_a_start_two_companies_share_is_not_a_name(small_dictionary: Dictionary) -> None:
    """삼성전 starts both 삼성전자 and 삼성전기: not read as either."""
    assert isinstance(parse("삼성전 담은 ETF", small_dictionary).query, ir.NotHeld)


def test_a_count_after_top_is_not_ten_thousands(small_dictionary: Dictionary) -> None:
    """top3만 is the top three (만: only), not 30,000."""
    query = parse("KODEX ETF 시총 top3만", small_dictionary).query
    assert isinstance(query, ir.ListEtfs) and query.limit == 3


def test_an_asset_class_named_other(small_dictionary: Dictionary) -> None:
    query = parse("자산군 기타로 분류된 ETF 몇 개", small_dictionary).query
    assert query == ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.ASSET_CLASS, "기타"),)))


@pytest.mark.parametrize(
    "question",
    [
        "which etf has the lowest fee among kodex bond etfs",
        "KODEX ETF들 중 보수 제일 싼 거",
        "ETF 중에 순자산 제일 큰거",
    ],
)
def test_a_plural_naming_the_set_chosen_from_asks_for_one(small_dictionary: Dictionary, question: str) -> None:
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.ListEtfs) and query.limit == 1


def test_a_qualifier_between_the_group_marker_and_the_dimension(small_dictionary: Dictionary) -> None:
    query = parse("average total fee per leverage multiple", small_dictionary).query
    assert query == ir.Aggregate(ir.EtfSet(), agg=ir.Agg.AVG, measure=ir.Measure.FEE, group_by=ir.Dim.MULTIPLE)


def test_thousands_of_eok(small_dictionary: Dictionary) -> None:
    query = parse("시총 5천억 이상 채권 ETF 몇개", small_dictionary).query
    bound = ir.Cond(ir.Measure.MARKET_CAP, ir.Op.GE, 5e11)
    assert query == ir.Aggregate(ir.EtfSet((ir.DimIs(ir.Dim.ASSET_CLASS, "채권"), bound)))


@pytest.mark.parametrize("question", ["국내주식 액티브 ETF 몇 개", "국내 주식 액티브 ETF 몇 개"])
def test_a_markets_equity(small_dictionary: Dictionary, question: str) -> None:
    cs = (ir.DimIs(ir.Dim.MARKET, "국내"), ir.DimIs(ir.Dim.ASSET_CLASS, "주식"), ir.DimIs(ir.Dim.ACTIVE, "true"))
    assert parse(question, small_dictionary).query == ir.Aggregate(ir.EtfSet(cs))


@pytest.mark.parametrize("question", ["KODEX 200 들고있어도 됨?", "KODEX 200 계속 들고 있으면 어떻게 돼?"])
def test_advice_phrases_whatever_the_spacing(small_dictionary: Dictionary, question: str) -> None:
    assert isinstance(parse(question, small_dictionary).query, ir.Explain)


def test_a_particle_is_not_corrected_into_a_word(small_dictionary: Dictionary) -> None:
    """월배당용으로: 으로 is one jamo off 프로 (percent), but a particle is no unknown word."""
    query = parse("KODEX 200 월배당용으로 들고있어도 됨?", small_dictionary).query
    assert isinstance(query, ir.Explain) and query.unheld == ("월배당용",)


def test_entering_a_month_is_not_holding(small_dictionary: Dictionary) -> None:
    """12월 들어서 수익률: since December began (들어 enters the month; it holds no stock)."""
    query = parse("KODEX 200 12월 들어서 수익률", small_dictionary).query
    assert isinstance(query, ir.Lookup) and query.measures == (ir.Measure.RETURN,) and query.time.start is not None


def test_bare_years_before_a_year(small_dictionary: Dictionary) -> None:
    span = ir.Listed(start=date(2019, 1, 1), end=date(2021, 12, 31))
    query = parse("2019 2020 2021년 각각 상장한 ETF 수", small_dictionary).query
    assert query == ir.Aggregate(ir.EtfSet((span,)), group_by=ir.Dim.LISTING_YEAR)


def test_a_groups_initials_in_a_holdings_question(small_dictionary: Dictionary) -> None:
    """현엘: 현대 (a group name several stocks share) + 엘리베이터."""
    query = parse("현엘 3% 초과로 들고있는 ETF 몇 개", small_dictionary).query
    held = ir.HoldsStock(ir.StockNamed("017800"), op=ir.Op.GT, weight=3.0)
    assert query == ir.Aggregate(ir.EtfSet((held,)))


def test_initials_are_not_read_outside_a_holdings_question(small_dictionary: Dictionary) -> None:
    assert isinstance(parse("현엘 보수 얼마", small_dictionary).query, ir.NotHeld)


def test_a_run_of_bare_years_before_a_year_is_each_of_them(small_dictionary: Dictionary) -> None:
    """2022 2023 2024년 각각 … 상장했어: three listing years, the verb far from them."""
    query = parse("2022 2023 2024년 각각 해외 ETF 몇개씩 상장했어", small_dictionary).query
    assert isinstance(query, ir.Aggregate) and query.group_by is ir.Dim.LISTING_YEAR
    assert ir.Listed(start=date(2022, 1, 1), end=date(2024, 12, 31)) in query.etfs.constraints


@pytest.mark.parametrize(
    ("question", "negated"),
    [
        ("국내 채권 ETF 중에 액티브 아닌거만", ir.DimIs(ir.Dim.ACTIVE, "true", negate=True)),
        ("레버리지 아닌 반도체 ETF", ir.Leveraged(negate=True)),
    ],
)
def test_a_condition_followed_by_anin_is_negated_not_an_opinion(
    small_dictionary: Dictionary, question: str, negated: ir.Constraint
) -> None:
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.ListEtfs) and negated in query.etfs.constraints


def test_a_stock_market_asked_in_capitals_is_the_stock_fact(small_dictionary: Dictionary) -> None:
    """is X listed on KOSDAQ or KOSPI: the stock's market (KOSDAQ in capitals is a word, not a name)."""
    query = parse("is 삼성전자 listed on KOSDAQ or KOSPI", small_dictionary).query
    assert isinstance(query, ir.StockLookup) and query.stocks == (ir.StockNamed("005930"),)


def test_deul_eosseo_read_as_hear_is_still_holding(small_dictionary: Dictionary) -> None:
    """뭐 제일 많이 들었어: Kiwi reads 들었 as 듣 (hear); in a question about an ETF it is 들다 (contain)."""
    assert parse("KODEX 200 뭐 제일 많이 들었어? 3개", small_dictionary).query == ir.Holdings(
        ir.EtfNamed("069500"), limit=3
    )


def test_a_phrase_is_not_matched_by_an_analysis_that_drops_its_start(small_dictionary: Dictionary) -> None:
    """마다 → 마/IC 다/MAG: the lexicon phrase 마다 must not match every 다 ('큰 순서로 다': all of them)."""
    query = parse("KODEX ETF 시총 큰 순서로 다", small_dictionary).query
    assert isinstance(query, ir.ListEtfs) and query.etfs.constraints == (ir.DimIs(ir.Dim.BRAND, "KODEX"),)


def test_a_year_with_buteo_and_no_end_bounds_the_listing_from_then(small_dictionary: Dictionary) -> None:
    """상장연도별 ETF 개수 2020년부터: listed from 2020 on (the listing word far before the year)."""
    query = parse("상장연도별 ETF 개수 2020년부터", small_dictionary).query
    assert isinstance(query, ir.Aggregate) and query.etfs.constraints == (ir.Listed(start=date(2020, 1, 1)),)
