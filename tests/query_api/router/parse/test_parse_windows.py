"""Windows of a return: two said together (1주랑 한 달, 1w and 1m) are both read; a window whose first day falls in
the break between the runs of quotes (3개월 back from 2025-12-30 is 2025-09-30) is not in the data — never a longer
return from the last quote before the break (small dictionary, exact equality)."""

from __future__ import annotations

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200 = ir.EtfNamed("069500")
W = ir.Window


@pytest.mark.parametrize(
    ("question", "first", "more"),
    [
        ("KODEX 200 1주 수익률이랑 한달 수익률 둘다", W.WEEK_1, (W.MONTH_1,)),
        ("KODEX 200 1w and 1m returns", W.WEEK_1, (W.MONTH_1,)),
        ("KODEX 200 한달 수익률", W.MONTH_1, ()),
    ],
)
def test_windows_said_together(small_dictionary: Dictionary, question: str, first: ir.Window, more: tuple) -> None:
    expected = ir.Lookup(
        etfs=(K200,), measures=(ir.Measure.RETURN,), time=ir.TimeScope(window=first), also_windows=more
    )
    assert parse(question, small_dictionary).query == expected


@pytest.mark.parametrize("question", ["KODEX 200 3개월 수익률", "KODEX 200 1년 수익률", "KODEX 200 올해 수익률"])
def test_a_window_back_into_the_break_is_not_held(small_dictionary: Dictionary, question: str) -> None:
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.NotHeld) and query.kind is ir.NotHeldKind.PERIOD


def test_a_listing_age_is_no_window_of_quotes(small_dictionary: Dictionary) -> None:
    query = parse("6개월 이내 출시된 ETF 몇개", small_dictionary).query  # an age of the listing, read as before
    assert isinstance(query, ir.Aggregate)
    assert any(isinstance(c, ir.Listed) for c in query.etfs.constraints)


def test_the_unreachable_one_of_two_windows_is_left_out_and_said(small_dictionary: Dictionary) -> None:
    parsed = parse("KODEX 200 1w and 3m returns", small_dictionary)
    assert parsed.query == ir.Lookup(etfs=(K200,), measures=(ir.Measure.RETURN,), time=ir.TimeScope(window=W.WEEK_1))
    assert parsed.not_held == ("3m (2025-09-30 →)",)
