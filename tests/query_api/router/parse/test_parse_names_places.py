"""Names said the way people shorten them (a sibling by its different end, a bracket left out), a holding by its
place (두번째로 많이 담은), ranks by an English 'by', and suggestions beside a relation (small dictionary)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse
from query_api.router.parse.text import ordinal

K200 = ir.EtfNamed("069500")


def test_a_sibling_said_by_its_different_end_is_that_etf(small_dictionary: Dictionary) -> None:
    """'…버퍼3월액티브, 버퍼6월액티브': the shared start said once; the month is the name's, not a period."""
    query = parse("KODEX 미국S&P500버퍼3월액티브, 버퍼6월액티브 TER 비교", small_dictionary).query
    assert isinstance(query, ir.Lookup)
    assert query.etfs == (ir.EtfNamed("0026E0"), ir.EtfNamed("0068M0")) and query.time == ir.TimeScope()


def test_a_name_with_its_brackets_left_out_is_that_etf(small_dictionary: Dictionary) -> None:
    """ESG종합채권 A-이상 액티브: and 종합 (a word Kiwi knows) is not 'corrected' to the lexicon's 총합."""
    query = parse("코덱스 ESG종합채권 A-이상 액티브 총보수 몇이야?", small_dictionary).query
    assert query == ir.Lookup(etfs=(ir.EtfNamed("439860"),), measures=(ir.Measure.FEE,))


@pytest.mark.parametrize(
    ("text", "place"),
    [("두번째로 많이 담은", 2), ("세 번째 종목", 3), ("2번째", 2), ("the third largest", 3), ("4th", 4), ("1위", None)],
)
def test_ordinals(text: str, place: int | None) -> None:
    assert ordinal(text) == place


@pytest.mark.parametrize(
    "question",
    ["KODEX 200 두번째로 많이 담은 종목 코스닥 상장이야?", "what sector is the second largest holding of KODEX 200"],
)
def test_a_holding_by_its_place_is_that_one_stock(small_dictionary: Dictionary, question: str) -> None:
    query = parse(question, small_dictionary).query
    assert query == ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(K200, limit=2), rank=2),), holder_count=False)


def test_an_english_by_ranks_by_its_measure_not_by_a_thresholds(small_dictionary: Dictionary) -> None:
    query = parse("KODEX ETFs with a TER below 0.2%, top 3 by size", small_dictionary).query
    assert isinstance(query, ir.ListEtfs) and query.sort == ir.Sort(ir.Measure.MARKET_CAP) and query.limit == 3


def test_a_suggestion_beside_a_relation_is_that_relation(small_dictionary: Dictionary) -> None:
    """비슷한 ETF 3개 추천: the three most similar ETFs, not an open question about KODEX 200."""
    assert parse("KODEX 200이랑 비슷한 ETF 3개 추천", small_dictionary).query == ir.Similar(K200, limit=3)


def test_one_threshold_said_of_both_stocks_bounds_each(small_dictionary: Dictionary) -> None:
    query = parse("삼전이랑 하닉 둘 다 5% 넘게 담은 ETF", small_dictionary).query
    assert isinstance(query, ir.ListEtfs)
    assert query.etfs.constraints == (
        ir.HoldsStock(ir.StockNamed("005930"), op=ir.Op.GT, weight=5.0),
        ir.HoldsStock(ir.StockNamed("000660"), op=ir.Op.GT, weight=5.0),
    )


@pytest.mark.parametrize("question", ["KODEX 200 이번달 들어서 몇프로 빠졌냐", "KODEX 200 이번달 들어서 몇프로 올랐냐"])
def test_this_month_entered_is_a_return_over_the_price_month(small_dictionary: Dictionary, question: str) -> None:
    """들어서 enters the month (no holding); 빠졌냐 of an ETF is its fall: the latest price month, not holdings."""
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.Lookup) and query.measures == (ir.Measure.RETURN,)
    assert query.time.end is not None and query.time.end.year == 2025


def test_a_holding_verb_said_with_a_month_asks_what_came_in(small_dictionary: Dictionary) -> None:
    """9월에 편입한 종목: the stocks added over September; 9월 보유종목 stays the holdings (at the month's end)."""
    added = parse("KODEX 200 2024년 9월에 편입한 종목", small_dictionary).query
    held = parse("KODEX 200 2024년 9월 보유종목", small_dictionary).query
    assert isinstance(added, ir.Changes) and added.kinds == (ir.ChangeKind.ADDED,) and added.named == (K200,)
    assert isinstance(held, ir.Holdings) and held.time.end is not None


def test_a_group_then_syllables_of_the_rest_is_that_company(small_dictionary: Dictionary) -> None:
    query = parse("LG디플 8% 이상 들어있는 ETF 몇 개인가요", small_dictionary).query
    assert query == ir.Aggregate(ir.EtfSet((ir.HoldsStock(ir.StockNamed("034220"), op=ir.Op.GE, weight=8.0),)))


def test_the_sector_an_etf_invests_in_most_is_its_sector_mix(small_dictionary: Dictionary) -> None:
    query = parse("KODEX 200은 어떤 업종에 제일 많이 투자하나요", small_dictionary).query
    assert isinstance(query, ir.SectorMix) and query.etf == K200


def test_how_a_stock_is_classified_is_its_fact_not_an_opinion(small_dictionary: Dictionary) -> None:
    query = parse("삼성전자는 업종 분류가 어떻게 되나요?", small_dictionary).query
    assert query == ir.StockLookup(stocks=(ir.StockNamed("005930"),), holder_count=False)


def test_an_unknown_word_asked_after_past_a_word_of_no_content_is_the_ask(small_dictionary: Dictionary) -> None:
    """분배금 다음에 언제: '다음' has no content; 언제 asks after 분배금, which the data lacks."""
    query = parse("KODEX 200 분배금 다음에 언제 나오나요", small_dictionary).query
    assert isinstance(query, ir.NotHeld) and query.terms == ("분배금",)


def test_a_price_day_before_the_price_data_is_a_period_not_held(small_dictionary: Dictionary) -> None:
    """2023년 12월 말 종가: the holdings go back further, but a close needs the price dates."""
    query = parse("KODEX 200 2023년 12월 말 종가", small_dictionary).query
    assert isinstance(query, ir.NotHeld) and query.kind is ir.NotHeldKind.PERIOD


def test_a_two_digit_year_before_listing_is_that_year(small_dictionary: Dictionary) -> None:
    query = parse("23년에 상장한 ETF 몇개", small_dictionary).query
    assert isinstance(query, ir.Aggregate)
    assert query.etfs.constraints == (ir.Listed(start=date(2023, 1, 1), end=date(2023, 12, 31)),)
