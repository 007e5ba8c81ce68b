"""Words about how much of a list and which part of a day: 쭉 / 전부 다 / list all ask the whole list; 장중 / 오후 /
intraday ask what daily quotes cannot tell (unless it is the day's high or low); 오늘 최고가 is the day's own high
(small dictionary, exact equality)."""

from __future__ import annotations

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse
from query_api.router.parse.pieces import EVERY_LIMIT

K200, SAMSUNG = ir.EtfNamed("069500"), ir.StockNamed("005930")
BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("채권 ETF 쭉 보여줘", ir.ListEtfs(ir.EtfSet((BOND,)), limit=EVERY_LIMIT)),
        ("list all bond ETFs", ir.ListEtfs(ir.EtfSet((BOND,)), limit=EVERY_LIMIT)),
        ("채권 ETF 보여줘", ir.ListEtfs(ir.EtfSet((BOND,)))),  # the first rows, as before
        ("채권 ETF 5개만 쭉", ir.ListEtfs(ir.EtfSet((BOND,)), limit=5)),  # a count said wins
        ("삼성전자 담은 ETF 전부 다 보여줘", ir.Holders(SAMSUNG, limit=EVERY_LIMIT)),
        ("KODEX 200 오늘 최고가", ir.Lookup(etfs=(K200,), measures=(ir.Measure.HIGH,))),
        ("KODEX 200 오늘 장중 최고가", ir.Lookup(etfs=(K200,), measures=(ir.Measure.HIGH,))),
    ],
)
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("KODEX 200 오늘 오후 2시 장중 가격 얼마였어", ("오후", "장중")),
        ("KODEX 200 intraday price at 2pm", ("intraday",)),
        ("KODEX 200 실시간 시세", ("실시간",)),
    ],
)
def test_times_within_a_day_are_not_held(small_dictionary: Dictionary, question: str, terms: tuple[str, ...]) -> None:
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.NotHeld) and query.kind is ir.NotHeldKind.PERIOD
    assert query.terms == terms and query.about == K200
    assert any("일별" in h for h in query.held)
