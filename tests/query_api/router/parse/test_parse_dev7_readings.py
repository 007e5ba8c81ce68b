"""Readings of dev7's first-run misses: English verbs of fees and changes (charging, upped a stake, bring in),
month abbreviations (Sept), 포트 for the portfolio, 먼저 나왔어 for the listing date, 'overlaps most' ranking the
likeness, two ETFs over a period with no figure named (their returns), an invented 3x product (small dictionary)."""

from __future__ import annotations

from datetime import date

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200, T200 = ir.EtfNamed("069500"), ir.EtfNamed("102110")
SAMSUNG = ir.StockNamed("005930")
OVERSEAS = ir.DimIs(ir.Dim.MARKET, "해외")

READINGS: list[tuple[str, ir.Query]] = [
    (
        "number of overseas ETFs charging more than 0.5%",
        ir.Aggregate(ir.EtfSet((OVERSEAS, ir.Cond(ir.Measure.FEE, ir.Op.GT, 0.5)))),
    ),
    (
        "any ETFs that upped their 삼성전자 stake recently?",
        ir.Changes(kinds=(ir.ChangeKind.INCREASED,), stock=SAMSUNG),
    ),
    (
        "KODEX 200 — which stocks did it newly bring in over Sept 2024?",
        ir.Changes(
            named=(K200,),
            kinds=(ir.ChangeKind.ADDED,),
            time=ir.TimeScope(start=date(2024, 9, 1), end=date(2024, 9, 30)),
        ),
    ),
    ("KODEX 200이랑 포트 비슷한 ETF 두 개", ir.Similar(K200, limit=2)),
    ("KODEX 200, TIGER 200 어느게 먼저 나왔어", ir.Lookup(etfs=(K200, T200), measures=(ir.Measure.LISTING_DATE,))),
    (
        "market cap of the ETF that overlaps most with KODEX 200?",
        ir.Lookup(etfs=(ir.EtfFrom(ir.Similar(K200, limit=1)),), measures=(ir.Measure.MARKET_CAP,)),
    ),
    (
        "KODEX 200 vs TIGER 200 this month so far, which did better",
        ir.Lookup(
            etfs=(K200, T200),
            measures=(ir.Measure.RETURN,),
            time=ir.TimeScope(start=date(2025, 11, 30), end=date(2025, 12, 30)),
        ),
    ),
]


@pytest.mark.parametrize(("question", "expected"), READINGS, ids=[q for q, _ in READINGS])
def test_reading(small_dictionary: Dictionary, question: str, expected: ir.Query) -> None:
    assert parse(question, small_dictionary).query == expected


def test_an_invented_3x_version_is_not_held(small_dictionary: Dictionary) -> None:
    query = parse("listing date of the KODEX 반도체 3x leveraged version?", small_dictionary).query
    assert isinstance(query, ir.NotHeld) and query.kind is ir.NotHeldKind.ENTITY
    assert query.suggestions == ("KODEX 반도체",)
