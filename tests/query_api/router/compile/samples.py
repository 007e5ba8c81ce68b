"""Hand-built IR, one or more per node kind, shared by the compiler, renderer and service tests.

Tickers and codes are the recorded snapshot's (KODEX 200, TIGER 200, KODEX 레버리지; 삼성전자, SK하이닉스)."""

from __future__ import annotations

from datetime import date

from query_api.router import ir

K200 = ir.EtfNamed("069500")
TIGER200 = ir.EtfNamed("102110")
LEVERAGE = ir.EtfNamed("122630")
SAMSUNG = ir.StockNamed("005930")
HYNIX = ir.StockNamed("000660")
M = ir.Measure


def _set(*constraints: ir.Constraint) -> ir.EtfSet:
    return ir.EtfSet(constraints=constraints)


SAMPLES: dict[str, ir.Query] = {
    "lookup": ir.Lookup(etfs=(K200,), measures=(M.FEE, M.CLOSE, M.HOLDING_COUNT)),
    "lookup_profile": ir.Lookup(etfs=(K200,)),
    "lookup_compare_dates": ir.Lookup(
        etfs=(K200, TIGER200), measures=(M.MARKET_CAP,), time=ir.TimeScope(compare_to=date(2024, 11, 5))
    ),
    "lookup_return": ir.Lookup(etfs=(K200,), measures=(M.RETURN,), time=ir.TimeScope(window=ir.Window.WEEK_1)),
    "lookup_weight": ir.Lookup(etfs=(K200,), weight_of=SAMSUNG),
    "lookup_chain": ir.Lookup(etfs=(ir.EtfFrom(ir.Similar(etf=K200)),), measures=(M.FEE,)),
    "lookup_fan_out": ir.Lookup(etfs=(ir.EtfFrom(ir.Similar(etf=K200), n=3),), measures=(M.FEE,)),
    "stock_lookup": ir.StockLookup(stocks=(SAMSUNG, HYNIX)),
    "stock_lookup_fan_out": ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(etf=K200, limit=5), n=5),)),
    "stock_lookup_second_holding": ir.StockLookup(
        stocks=(ir.StockFrom(ir.Holdings(etf=K200, limit=2), rank=2),), holder_count=False
    ),
    "list": ir.ListEtfs(
        etfs=_set(ir.DimIs(ir.Dim.ISSUER, "삼성자산운용"), ir.DimIs(ir.Dim.REPLICATION, "합성")),
        sort=ir.Sort(M.FEE, descending=False),
        limit=3,
    ),
    "list_return": ir.ListEtfs(
        etfs=_set(ir.Leveraged()), sort=ir.Sort(M.RETURN), limit=5, time=ir.TimeScope(window=ir.Window.ALL)
    ),
    "list_holds": ir.ListEtfs(etfs=_set(ir.HoldsStock(SAMSUNG, ir.Op.GT, 20.0)), limit=5),
    "list_than": ir.ListEtfs(
        etfs=ir.EtfSet((ir.CondThan(M.FEE, ir.Op.LT, K200), ir.CondThan(M.MARKET_CAP, ir.Op.GT, K200)), exclude=(K200,))
    ),
    "list_cond": ir.ListEtfs(etfs=_set(ir.Cond(M.MARKET_CAP, ir.Op.GE, 1e12), ir.Cond(M.FEE, ir.Op.LT, 0.1))),
    "aggregate": ir.Aggregate(etfs=_set(ir.Listed(start=date(2024, 1, 1), end=date(2024, 12, 31)))),
    "aggregate_group": ir.Aggregate(agg=ir.Agg.AVG, measure=M.FEE, group_by=ir.Dim.ASSET_CLASS),
    "lookup_two_windows": ir.Lookup(
        etfs=(K200,),
        measures=(M.RETURN,),
        time=ir.TimeScope(window=ir.Window.WEEK_1),
        also_windows=(ir.Window.MONTH_1,),
    ),
    "aggregate_group_extreme": ir.Aggregate(agg=ir.Agg.MAX, measure=M.MARKET_CAP, group_by=ir.Dim.ISSUER, limit=3),
    "aggregate_group_having": ir.Aggregate(
        agg=ir.Agg.AVG, measure=M.FEE, group_by=ir.Dim.ISSUER, limit=3, having=ir.EtfCount(ir.Op.GE, 10.0)
    ),
    "aggregate_extremes": ir.Aggregate(etfs=_set(ir.Leveraged()), agg=ir.Agg.MIN, measure=M.FEE, also=(ir.Agg.MAX,)),
    "aggregate_holds": ir.Aggregate(etfs=_set(ir.HoldsStock(SAMSUNG), ir.HoldsStock(HYNIX))),
    "holdings": ir.Holdings(etf=K200, limit=5, sum_weights=True),
    "holders": ir.Holders(stock=SAMSUNG, limit=5),
    "holders_sorted": ir.Holders(
        stock=SAMSUNG, etfs=_set(ir.DimIs(ir.Dim.ACTIVE, "true")), sort=ir.Sort(M.FEE, descending=False), limit=3
    ),
    "holders_chain": ir.Holders(
        stock=ir.StockFrom(ir.Holdings(etf=K200, limit=1)), etfs=_set(ir.DimIs(ir.Dim.BRAND, "TIGER")), limit=3
    ),
    "similar": ir.Similar(etf=K200, limit=3),
    "similar_chain": ir.Similar(
        etf=ir.EtfFrom(ir.ListEtfs(etfs=_set(ir.DimIs(ir.Dim.BRAND, "KODEX")), sort=ir.Sort(M.MARKET_CAP))), limit=3
    ),
    "sector_mix": ir.SectorMix(etf=K200),
    "overlap": ir.Overlap(a=K200, b=TIGER200),
    "top_stocks": ir.TopStocks(etfs=_set(ir.DimIs(ir.Dim.ACTIVE, "true")), limit=5),
    "top_stocks_market": ir.TopStocks(limit=3, market="KOSDAQ"),
    "lookup_period_high": ir.Lookup(
        etfs=(K200,), measures=(M.HIGH, M.CLOSE), time=ir.TimeScope(start=date(2025, 12, 1), end=date(2025, 12, 31))
    ),
    "lookup_period_highest_close": ir.Lookup(
        etfs=(K200,), measures=(M.HIGHEST_CLOSE,), time=ir.TimeScope(start=date(2025, 12, 1), end=date(2025, 12, 31))
    ),
    "same_sector": ir.SameSector(stock=SAMSUNG, limit=5),
    "changes": ir.Changes(
        etfs=_set(ir.DimIs(ir.Dim.ACTIVE, "true")), kinds=(ir.ChangeKind.ADDED, ir.ChangeKind.INCREASED), limit=5
    ),
    "changes_by_stock": ir.Changes(
        etfs=_set(ir.DimIs(ir.Dim.ACTIVE, "true")), kinds=(ir.ChangeKind.ADDED,), limit=3, by_stock=True
    ),
    "changes_net": ir.Changes(
        named=(ir.EtfNamed("403790"),),  # an active ETF; the test database's two days are 11-05 and 11-06
        kinds=(ir.ChangeKind.ADDED, ir.ChangeKind.REMOVED),
        time=ir.TimeScope(start=date(2024, 11, 6), end=date(2024, 11, 7)),
    ),
    "changes_by_etf": ir.Changes(kinds=(ir.ChangeKind.ADDED,), limit=3, by_etf=True),
    "changes_count": ir.Changes(etfs=_set(ir.DimIs(ir.Dim.ACTIVE, "true")), count=True),
    "compare": ir.Compare(
        groups=(_set(ir.DimIs(ir.Dim.ISSUER, "삼성자산운용")), _set(ir.DimIs(ir.Dim.ISSUER, "미래에셋자산운용"))),
        agg=ir.Agg.AVG,
        measure=M.FEE,
    ),
    "explain": ir.Explain(etf=LEVERAGE),
    "explain_set": ir.Explain(etfs=_set(ir.Leveraged(inverse=True))),
    "explain_sorted": ir.Explain(sort=ir.Sort(M.FEE, descending=False)),
    "not_held": ir.NotHeld(kind=ir.NotHeldKind.ATTRIBUTE, terms=("PER",), held=("총보수", "시가총액"), about=K200),
}

# the recorded snapshot's dates (a few of them): dates resolved in the compiler, as the service does
PRICE_DATES = (date(2024, 11, 5), date(2024, 11, 6), date(2024, 11, 7), date(2025, 12, 29), date(2025, 12, 30))
HOLDINGS_DATES = (date(2024, 11, 5), date(2024, 11, 6))

SAMPLES["explain_stock"] = ir.Explain(etfs=_set(ir.HoldsStock(SAMSUNG)), sort=ir.Sort(M.FEE, descending=False))
