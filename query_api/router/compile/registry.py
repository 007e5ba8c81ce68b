"""The registries: every `ir.Measure` and `ir.Dim` once, with its SQL expression, source, unit and labels.

Adding a measure is one entry here (plus lexicon words and a test); `tests/query_api/router/compile` fails when an
enum member has no entry. Expressions read the aliases the compiler joins: `e` (marts.dim_etf), `p` (the price row
on the price date), `r` (the return CTE), `hc` (holding counts on the holdings date).
"""

from __future__ import annotations

import dataclasses

from query_api.router import ir
from query_api.router.compile.model import Source, Unit


@dataclasses.dataclass(frozen=True)
class MeasureSpec:
    expr: str
    source: Source
    unit: Unit
    ko: str
    en: str
    period_expr: str | None = None  # over a period (start..end): the period's figure (12월 최고가 = its highest high)

    @property
    def numeric(self) -> bool:
        return self.unit not in (Unit.TEXT, Unit.DATE)


@dataclasses.dataclass(frozen=True)
class DimSpec:
    expr: str  # the group-by / filter expression over `e`
    cast: str  # the SQL type a DimIs value is cast to
    ko: str
    en: str


M = ir.Measure
MEASURES: dict[ir.Measure, MeasureSpec] = {
    M.FEE: MeasureSpec("e.total_fee_pct", Source.DIM, Unit.FEE, "총보수", "total fee"),
    M.TER: MeasureSpec("e.ter_pct", Source.DIM, Unit.FEE, "총비용비율(TER)", "TER"),
    M.NAV: MeasureSpec("p.nav", Source.PRICE, Unit.WON, "NAV", "NAV"),
    M.CLOSE: MeasureSpec("p.close_price", Source.PRICE, Unit.WON, "종가", "close"),
    M.OPEN: MeasureSpec("p.open_price", Source.PRICE, Unit.WON, "시가", "open"),
    M.HIGH: MeasureSpec("p.high_price", Source.PRICE, Unit.WON, "고가", "high", period_expr="pp.period_high"),
    M.LOW: MeasureSpec("p.low_price", Source.PRICE, Unit.WON, "저가", "low", period_expr="pp.period_low"),
    M.HIGHEST_CLOSE: MeasureSpec(
        "p.close_price", Source.PRICE, Unit.WON, "최고 종가", "highest close", period_expr="pp.period_max_close"
    ),
    M.LOWEST_CLOSE: MeasureSpec(
        "p.close_price", Source.PRICE, Unit.WON, "최저 종가", "lowest close", period_expr="pp.period_min_close"
    ),
    M.CHANGE_PCT: MeasureSpec("p.change_pct", Source.PRICE, Unit.PCT, "등락률", "daily change"),
    M.MARKET_CAP: MeasureSpec("p.market_cap_krw", Source.PRICE, Unit.KRW_BIG, "시가총액", "market cap"),
    M.VOLUME: MeasureSpec("p.volume", Source.PRICE, Unit.COUNT, "거래량", "volume"),
    M.TRADED_VALUE: MeasureSpec("p.traded_value_krw", Source.PRICE, Unit.KRW_BIG, "거래대금", "traded value"),
    M.LISTED_UNITS: MeasureSpec(
        "coalesce(p.listed_units, e.listed_units)", Source.PRICE, Unit.COUNT, "상장좌수", "listed units"
    ),
    M.PREMIUM: MeasureSpec(
        "round((p.close_price - p.nav) / nullif(p.nav, 0) * 100, 2)", Source.PRICE, Unit.PCT, "괴리율", "premium"
    ),
    M.RETURN: MeasureSpec("r.return_pct", Source.RETURN, Unit.PCT, "수익률", "return"),
    M.LISTING_DATE: MeasureSpec("e.listing_date", Source.DIM, Unit.DATE, "상장일", "listing date"),
    M.ISSUER: MeasureSpec("e.issuer_name", Source.DIM, Unit.TEXT, "운용사", "issuer"),
    M.INDEX: MeasureSpec("e.index_name", Source.DIM, Unit.TEXT, "기초지수", "index"),
    M.INDEX_PROVIDER: MeasureSpec("e.index_provider", Source.DIM, Unit.TEXT, "지수 산출기관", "index provider"),
    M.MULTIPLE: MeasureSpec("e.leverage_factor", Source.DIM, Unit.MULTIPLE, "추적배수", "multiple"),
    M.REPLICATION: MeasureSpec("e.replication", Source.DIM, Unit.TEXT, "복제방법", "replication"),
    M.ASSET_CLASS: MeasureSpec("e.asset_class", Source.DIM, Unit.TEXT, "자산군", "asset class"),
    M.MARKET: MeasureSpec("e.market", Source.DIM, Unit.TEXT, "투자지역", "market"),
    M.TAX_TYPE: MeasureSpec("e.tax_type", Source.DIM, Unit.TEXT, "과세유형", "tax type"),
    M.ENGLISH_NAME: MeasureSpec("e.english_name", Source.DIM, Unit.TEXT, "영문명", "English name"),
    M.HOLDING_COUNT: MeasureSpec("hc.holding_count", Source.HOLDINGS, Unit.COUNT, "구성종목 수", "holdings"),
}

D = ir.Dim
DIMENSIONS: dict[ir.Dim, DimSpec] = {
    D.ISSUER: DimSpec("e.issuer_id", "text", "운용사", "issuer"),
    D.BRAND: DimSpec("e.brand", "text", "브랜드", "brand"),
    D.INDEX: DimSpec("e.index_id", "text", "기초지수", "index"),
    D.ASSET_CLASS: DimSpec("e.asset_class", "text", "자산군", "asset class"),
    D.MARKET: DimSpec("e.market", "text", "투자지역", "market"),
    D.REPLICATION: DimSpec("e.replication", "text", "복제방법", "replication"),
    D.MULTIPLE: DimSpec("e.leverage_factor", "numeric", "추적배수", "multiple"),
    D.ACTIVE: DimSpec("e.is_active", "boolean", "액티브 여부", "active"),
    D.LISTING_YEAR: DimSpec("extract(year from e.listing_date)::int", "int", "상장연도", "listing year"),
    D.TAX_TYPE: DimSpec("e.tax_type", "text", "과세유형", "tax type"),
}

OPS: dict[ir.Op, str] = {
    ir.Op.EQ: "=",
    ir.Op.NE: "<>",
    ir.Op.LT: "<",
    ir.Op.LE: "<=",
    ir.Op.GT: ">",
    ir.Op.GE: ">=",
}

AGGS: dict[ir.Agg, str] = {
    ir.Agg.COUNT: "count({x})",
    ir.Agg.AVG: "round(avg({x}), 4)",
    ir.Agg.SUM: "sum({x})",
    ir.Agg.MIN: "min({x})",
    ir.Agg.MAX: "max({x})",
    ir.Agg.MEDIAN: "percentile_cont(0.5) within group (order by {x})",
}

# how far back a window's start lies from the end date (YTD, ALL and 1D are special cases in compile.time)
WINDOW_INTERVALS: dict[ir.Window, str | None] = {
    ir.Window.DAY_1: None,
    ir.Window.WEEK_1: "7 days",
    ir.Window.MONTH_1: "1 month",
    ir.Window.MONTH_3: "3 months",
    ir.Window.MONTH_6: "6 months",
    ir.Window.YEAR_1: "1 year",
    ir.Window.YTD: None,
    ir.Window.ALL: None,
}
