"""A question about a set of ETFs (no ETF or stock named): lists, counts, figures per group, ranked groups,
comparisons of sets, the most-held stocks and the set's holding changes."""

from __future__ import annotations

import dataclasses

import query_api.router.parse.listing as listing
import query_api.router.parse.periods as periods
import query_api.router.parse.pieces as p
from query_api.router import ir
from query_api.router.parse.asks import asks_entity, asks_value, counted_names
from query_api.router.parse.cues import (
    NAMED_DIMS,
    both_extremes,
    fell,
    group,
    group_size,
    kinds,
    limit_n,
    most,
    rank_one,
    ranked_group,
    ranks_etfs,
    same_dim_sets,
    stock_market,
)
from query_api.router.parse.holding_cues import stock_target

BOTH_WORDS = ("둘다", "둘 다", "both", "각각")
FIGURE_AGGS = (ir.Agg.AVG, ir.Agg.SUM, ir.Agg.MEDIAN)  # a figure per group, which a superlative can rank


def sets_query(a, d, measures, scope) -> ir.Query:
    cs = p.set_constraints(a, d)
    thresholds = p.thresholds(a)
    sized = group_size(a, thresholds)  # ETF 10개 이상 운용사: a size of groups, not a figure of ETFs
    having = sized[0] if sized else None
    if sized is not None:  # the size is no limit either
        a = dataclasses.replace(a, numbers=[x for x in a.numbers if x is not sized[1]])
    for m, op, value, n in thresholds:
        if sized is not None and n is sized[1]:
            continue
        listing_age = m is ir.Measure.LISTING_DATE or (m is None and listing.listing_age(a, n))
        if listing_age:  # 상장한 지 1년 안 된, listed less than 6 months ago: listed within the last N units
            age = listing.listed_within(n, op, d.data_dates.last_price)
            if age is not None:
                cs.append(age)
                scope = ir.TimeScope()  # the number is the listing's age, not a window of figures
            continue
        if m is not None:
            value = value * 1e8 if m in (ir.Measure.MARKET_CAP, ir.Measure.TRADED_VALUE) and n.unit == "" else value
            cs.append(ir.Cond(m, op, value))
    for h in a.of("signs"):  # 수익률 마이너스: below zero
        m = p.measure_near(a, h.start, ir.Measure.RETURN, figures=True)
        cs.append(ir.Cond(m, ir.Op(h.entry.key), 0.0))
    years = listing.listing_years(a)
    listed = listing.listed_bounds(a) if len(years) < 2 else None
    aged = any(isinstance(c, ir.Listed) for c in cs)  # 상장한 지 1년 안 된: read off the threshold already
    if listed is None and not years and not aged and (listed := listing.listed_lately(a, d.data_dates.last_price)):
        scope = ir.TimeScope()  # 올해 상장한, 1년 안에 상장한: the listing's dates, not a window of figures
    if listed is not None and listed not in cs:
        cs.append(listed)
    groups = group(a)
    if groups is None and having is not None:  # ETF 20개 넘는 운용사 몇 곳: the groups that size, counted
        groups = ir.Dim(a.of("dims")[0].entry.key)
    if len(years) >= 2 and (groups is ir.Dim.LISTING_YEAR or listing.each_or_range(a)):
        # 2020년 2021년 2022년 각각, 2016년부터 2018년까지 (연도별): one span of listing dates, per year when asked
        cs.append(ir.Listed(start=min(y.start for y in years), end=max(y.end for y in years)))
        groups = ir.Dim.LISTING_YEAR if groups is ir.Dim.LISTING_YEAR or not listing.ranged(a) else groups
    elif len(years) >= 2:
        cs += years  # 2024년이랑 2025년 상장: alternatives, compared below
    rel = set(a.keys("relations"))
    aggs = [ir.Agg(k) for k in a.keys("aggregates")]
    if groups is not None:  # 시장별로 / 운용사마다: the grouped dimension is not also a constraint
        cs = [c for c in cs if not (isinstance(c, ir.DimIs) and c.dim is groups and not c.negate)]
        if groups is ir.Dim.MULTIPLE:  # 배수별 (레버리지/인버스 포함): the groups show them
            cs = [c for c in cs if not isinstance(c, ir.Leveraged)]
    issuers = same_dim_sets(cs)
    dim = issuers[0].dim if issuers and isinstance(issuers[0], ir.DimIs) else None
    if dim is not None and groups is None and aggs and dim not in NAMED_DIMS and a.has("group_markers"):
        groups = dim  # 국내 ETF랑 해외 ETF 평균 보수 각각: per market
        cs = [c for c in cs if c not in issuers]
        issuers = []
    if a.has("changes") and not fell(a):
        which_stock = any(w in a.t.lower for w in ("which stock", "what stock", "어떤 종목", "무슨 종목"))
        counted = a.has("aggregates", "count") and not which_stock  # 몇 건: per kind; else the stocks most changed
        # 신규편입 종목 제일 많은 ETF: the ETFs with the most
        per_etf = not counted and not which_stock and ranks_etfs(a)
        n = p.limit_of(a, 10)
        return ir.Changes(
            etfs=ir.EtfSet(tuple(cs)),
            kinds=kinds(a),
            limit=n,
            count=counted,
            by_stock=not counted and not per_etf,
            by_etf=per_etf,
            time=scope,
        )
    if len(issuers) >= 2 and groups is None and (a.has("compare") or aggs):
        rest = tuple(c for c in cs if c not in issuers)
        agg = next((g for g in aggs if g is not ir.Agg.COUNT), ir.Agg.COUNT)
        return ir.Compare(
            tuple(ir.EtfSet((g, *rest)) for g in issuers),
            agg=agg,
            measure=measures[0] if agg is not ir.Agg.COUNT and measures else None,
        )
    counted = a.has("aggregates", "count") and "종목" in a.t.text and not cs
    figures = [m for m in measures if m.value not in p.DIM_VALUES]
    held_most = "most_held" in rel and not figures  # 거래대금 제일 많은 ETF: a sort, not the most-held stocks
    many = most(a) or "많은" in a.t.text  # 가장 많은 ETF에 편입된 종목
    if held_most or (p.has_superlative(a) and (counted or (many and stock_target(a)))):
        market = stock_market(a)  # 코스닥 종목: the stocks' market, not an index of the ETFs
        cs = [c for c in cs if not (market and isinstance(c, ir.DimIs) and c.dim is ir.Dim.INDEX)]
        return ir.TopStocks(ir.EtfSet(tuple(cs)), limit=p.limit_of(a, 5) or 5, market=market)
    best_group = (groups is None or having is not None) and bool(a.of("dims")) and p.has_superlative(a)
    best_group = best_group and any(g in FIGURE_AGGS for g in aggs)
    if best_group:  # which issuer has the cheapest average fee: the groups ranked by that figure, the first shown
        groups = ir.Dim(a.of("dims")[0].entry.key)
        cs = [c for c in cs if not (isinstance(c, ir.DimIs) and c.dim is groups and not c.negate)]
    ranked = ranked_group(a, measures, aggs) if groups is None else None
    if ranked is not None:  # which issuer has the most ETFs / ETF 제일 많은 운용사: the largest group(s)
        cs = [c for c in cs if not (isinstance(c, ir.DimIs) and c.dim is ranked)]
        return ir.Aggregate(ir.EtfSet(tuple(cs)), group_by=ranked, limit=limit_n(a) or 1, time=scope)
    if groups is not None:
        agg = next((g for g in aggs if g is not ir.Agg.COUNT), ir.Agg.COUNT)
        figures = [x for x in measures if x.value not in p.DIM_VALUES]
        sort = p.sort_of(a, d)
        if agg is ir.Agg.COUNT and sort is not None and sort.measure in figures and p.has_superlative(a):
            agg = ir.Agg.MAX if sort.descending else ir.Agg.MIN  # 자산군별로 제일 싼 보수 → min fee per group
            figures = [sort.measure]
        if agg is ir.Agg.COUNT and not aggs and figures and a.has("relations", "weight"):
            agg = ir.Agg.SUM  # 자산군별 시총 비중: each group's total, the groups' shares of it
        m = figures[0] if agg is not ir.Agg.COUNT and figures else None
        n = limit_n(a) or (1 if best_group else None)
        if n == 1 and agg in (ir.Agg.MIN, ir.Agg.MAX) and not best_group and rank_one(a):
            n = None  # 운용사별 시총 1위 ETF: the first within each group, every group shown
        low = n is not None and sort is not None and not sort.descending and p.has_superlative(a)  # 제일 낮은 3곳
        return ir.Aggregate(
            ir.EtfSet(tuple(cs)),
            agg=agg,
            measure=m,
            group_by=groups,
            limit=n,
            time=scope,
            descending=not low,
            having=having,
        )
    sort = p.sort_of(a, d)
    both = sort is not None and both_extremes(a)
    if not aggs and sort is not None and asks_value(a):  # 제일 낮은 보수는 몇 %: the extreme figure, not a list
        aggs = [ir.Agg.MIN, ir.Agg.MAX] if both else [ir.Agg.MAX if sort.descending else ir.Agg.MIN]
    elif not aggs and both and (not asks_entity(a) or any(w in a.t.lower for w in BOTH_WORDS)):
        aggs = [ir.Agg.MIN, ir.Agg.MAX]  # 제일 싼 보수랑 제일 비싼 보수, 낮은거랑 높은거 둘다: both figures
    extreme = next((g for g in aggs if g in (ir.Agg.MAX, ir.Agg.MIN)), None)
    if extreme is not None and not both and not asks_value(a) and asks_entity(a):  # 보수 최저인 거 뭐야: the ETF
        m = next((x for x in measures if x.value not in p.DIM_VALUES), None)
        if m is not None:
            sort = ir.Sort(m, descending=extreme is ir.Agg.MAX)
            return ir.ListEtfs(ir.EtfSet(tuple(cs)), measures=(m,), sort=sort, limit=limit_n(a) or 1, time=scope)
    if aggs:
        agg = next((g for g in aggs if g is not ir.Agg.COUNT), ir.Agg.COUNT)
        named = counted_names(a, measures) if agg is ir.Agg.COUNT else None
        if named is not None:  # 운용사 몇 개야, how many issuers: the distinct names
            return ir.Aggregate(ir.EtfSet(tuple(cs)), agg=ir.Agg.COUNT, measure=named, time=scope)
        m = next((x for x in measures if x not in (ir.Measure.ISSUER, ir.Measure.INDEX)), None)
        if agg in (ir.Agg.MAX, ir.Agg.MIN) and m is None:
            agg = ir.Agg.COUNT
        if agg is not ir.Agg.COUNT and m is None:
            m = ir.Measure.MARKET_CAP if agg is ir.Agg.SUM else ir.Measure.FEE
        extremes = (ir.Agg.MIN, ir.Agg.MAX)
        also = tuple(g for g in dict.fromkeys(aggs) if g in extremes and g is not agg) if agg in extremes else ()
        return ir.Aggregate(
            ir.EtfSet(tuple(cs)), agg=agg, measure=m if agg is not ir.Agg.COUNT else None, time=scope, also=also
        )
    if sort is None and not measures and (scope.window or scope.start) and a.has("directions"):
        # best / worst ETF of a period: ranked by its return over the period
        sort = ir.Sort(ir.Measure.RETURN, descending=not any(h.entry.key == "low" for h in a.of("directions")))
    if "holdings" in rel and sort is not None and not a.has("relations", "holds"):
        # 보수 제일 싼 반도체 ETF의 상위 종목: the holdings of the set's first ETF
        top = ir.ListEtfs(ir.EtfSet(tuple(cs)), sort=sort, limit=1)
        return ir.Holdings(ir.EtfFrom(top), limit=limit_n(a, past_rank=True) or 10)
    if sort is not None and sort.measure is ir.Measure.RETURN:
        scope = periods.return_scope(scope)  # a month's ranking (12월 들어 빠진): from the last close before it
    limit = p.limit_of(a) if sort is not None else limit_n(a)
    if limit is None and a.has("every"):  # 실물로 운용하는 거만 쭉: the whole list
        limit = p.EVERY_LIMIT
    shown = tuple(m for m in measures if not any(isinstance(c, ir.Cond | ir.CondThan) and c.measure is m for c in cs))
    if sort is not None and sort.measure not in shown:
        shown = (*shown, sort.measure)
    return ir.ListEtfs(ir.EtfSet(tuple(cs)), measures=shown, sort=sort, limit=limit, time=scope)
