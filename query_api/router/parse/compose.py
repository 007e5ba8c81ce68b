"""Pieces → one ir.Query: a decision over what the question names (ETFs, stocks, groups) and asks (a measure,
a relation, an aggregate, a comparison), in the order that resolves overlaps (forecast and not-held first)."""

from __future__ import annotations

from datetime import date, timedelta

import query_api.router.parse.periods as periods
import query_api.router.parse.pieces as p
from query_api.router import ir
from query_api.router.parse.against import against
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.asks import asks_entity, asks_value, counted_names, not_held_stocks, than_etf
from query_api.router.parse.chains import top_holding_chain
from query_api.router.parse.cues import (
    NAMED_DIMS,
    attribute_of,
    brand_condition,
    enumerated,
    excluding,
    factual,
    fell,
    group,
    holdings_of_holder,
    implied_measures,
    issuer_before_etf,
    issuers_named_as_stocks,
    kinds,
    limit_n,
    most,
    rank_one,
    ranked_group,
    ranks_etfs,
    same_dim_sets,
    size_word_only,
    stock_market,
    stock_price,
    stock_target,
    theme_words,
    top_holding_held,
    weight_bounds,
    weight_sorted,
)
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.unknown import (
    ETF_HELD,
    STOCK_HELD,
    about,
    completed_names,
    held_period,
    invented_names,
    terms,
    unknown_codes,
    unknown_words,
)

# An ETF's fixed attributes: asked of one ETF, they are the answer whatever verb surrounds them.
STATIC_MEASURES = {
    ir.Measure.TAX_TYPE,
    ir.Measure.REPLICATION,
    ir.Measure.ISSUER,
    ir.Measure.INDEX,
    ir.Measure.INDEX_PROVIDER,
    ir.Measure.MULTIPLE,
    ir.Measure.ASSET_CLASS,
    ir.Measure.ENGLISH_NAME,
}
FIGURE_AGGS = (ir.Agg.AVG, ir.Agg.SUM, ir.Agg.MEDIAN)  # a figure per group, which a superlative can rank


def compose(a: Analysis, d: Dictionary, as_of: date | None) -> ir.Query:
    a = issuer_before_etf(excluding(enumerated(completed_names(a, d))))
    etfs, stocks = p.etf_refs(a), p.stock_refs(a)
    scope, outside = periods.time_scope(a, d, as_of)
    unknown = unknown_words(a)
    advice = any(w in a.t.lower for w in p.a_lex(d)["open_surface"])
    if a.has("forecast") and etfs and (a.has("open") or a.has("open_weak")) and not p.measures(a):  # outlook 어때
        return _explain(a, d, etfs, stocks, (*terms(a, "forecast"), *unknown))
    if a.has("forecast") and not etfs and (advice or a.has("open")) and not p.measures(a):
        # what should I buy if the won will weaken: advice, answered from the data with the forecast named
        return _explain(a, d, etfs, stocks, (*terms(a, "forecast"), *unknown))
    if a.has("forecast"):
        return ir.NotHeld(ir.NotHeldKind.FORECAST, terms=terms(a, "forecast"), about=about(etfs, stocks))
    if outside:
        return ir.NotHeld(ir.NotHeldKind.PERIOD, terms=tuple(outside), held=held_period(d))
    codes = unknown_codes(a, d)
    if codes:
        return ir.NotHeld(ir.NotHeldKind.ENTITY, terms=tuple(codes))
    invented = invented_names(a, d)
    if invented:  # 타이거 화장품레버리지: no such ETF; the real one it was built from is the near match
        return ir.NotHeld(ir.NotHeldKind.ENTITY, terms=tuple(w for w, _ in invented), suggestions=(invented[0][1],))
    judged = a.has("open_weak") and bool(etfs) and not stocks  # KODEX … 어때? 금리 내리면 오르는 거 맞지
    if unknown and (a.has("open") or advice or judged) and not a.has("forecast"):
        # 장기로 묻어둬도 괜찮음?: an open question answers from the data and names the words it cannot judge
        return _explain(a, d, etfs, stocks, tuple(unknown))
    if unknown:
        kind = ir.NotHeldKind.ATTRIBUTE if (etfs or stocks) else ir.NotHeldKind.ENTITY
        held = ETF_HELD if etfs else STOCK_HELD if stocks else ()
        return ir.NotHeld(kind, terms=tuple(unknown), held=held, about=about(etfs, stocks))
    measures = p.measures(a)
    if stocks and not etfs and stock_price(a, measures):
        return ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=terms(a, "measures"), held=STOCK_HELD, about=stocks[0])
    weak_open = a.has("open_weak") and not (measures or a.has("relations") or a.has("changes") or a.has("aggregates"))
    if (a.has("open") or weak_open or advice) and not factual(a, etfs, measures):
        return _explain(a, d, etfs, stocks)
    as_issuers = issuers_named_as_stocks(a) if stocks and not etfs else None
    if as_issuers is not None:
        a, stocks = as_issuers, []
    brand_list = brand_condition(a, d, etfs)
    if brand_list is not None:
        a, etfs = brand_list, []
    than = than_etf(a)
    if than is not None and not stocks and len(etfs) == 1:  # KODEX 200보다 보수 싼 코스피200 ETF: a set vs that ETF
        return against(a, d, than, measures, scope)
    if len(etfs) >= 2:
        return _two_etfs(a, d, etfs, stocks, measures, scope)
    themes = theme_words(a) if len(etfs) == 1 and not stocks else []
    if themes:  # KODEX 200 배당 수익률: a theme next to one named ETF is a figure the data does not hold
        return ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=tuple(themes), held=ETF_HELD, about=etfs[0])
    if etfs:
        return _one_etf(a, d, etfs[0], stocks, measures, scope)
    if stocks:
        return _stocks(a, d, stocks, measures, scope)
    return _sets(a, d, measures, scope)


def _explain(a, d, etfs, stocks, unheld: tuple[str, ...] = ()) -> ir.Explain:
    if etfs:
        return ir.Explain(etf=etfs[0], unheld=unheld, others=tuple(etfs[1:]))
    cs = p.set_constraints(a, d) + [ir.HoldsStock(s) for s in stocks]
    return ir.Explain(etfs=ir.EtfSet(tuple(cs)), sort=p.sort_of(a, d), unheld=unheld)


# -- what the question names ------------------------------------------------------------------------------------
def _two_etfs(a, d, etfs, stocks, measures, scope) -> ir.Query:
    if a.has("relations", "overlap"):
        return ir.Overlap(etfs[0], etfs[1])
    if a.has("relations", "holds") and not measures and not a.has("compare"):
        pass  # "A와 B가 담은 종목" – falls through to a comparison of holdings
    weight = stocks[0] if stocks and a.has("relations", "weight") else (stocks[0] if stocks else None)
    ms = measures or implied_measures(a, d)
    return ir.Lookup(etfs=tuple(etfs), measures=tuple(ms), weight_of=weight, time=scope)


def _one_etf(a, d, etf, stocks, measures, scope) -> ir.Query:
    rel = set(a.keys("relations"))
    limit = p.limit_of(a)
    if "similar" in rel or ("overlap" in rel and not stocks):  # 구성 겹치는 ETF: the most overlapping ones
        n = limit_n(a) or (1 if p.has_superlative(a) and not p.plural(a) else 5)
        sim = ir.Similar(etf, limit=n)
        sort = p.sort_of(a, d)
        if sort is not None:
            cs = (ir.SimilarTo(etf),)
            return ir.ListEtfs(ir.EtfSet(cs, exclude=(etf,)), measures=(sort.measure,), sort=sort, limit=limit or 1)
        if measures:
            return ir.Lookup(etfs=(ir.EtfFrom(sim, n=n),), measures=tuple(measures), time=scope)
        return ir.Similar(etf, limit=limit if limit and limit > 1 else 5)
    static = [m for m in measures if m in STATIC_MEASURES]
    if static and not stocks and not rel & {"holdings", "other", "sector_mix"} and not a.has("aggregates"):
        # 실물로 담는 거야?, 팔면 세금은?: an attribute word outweighs the verb around it
        return ir.Lookup(etfs=(etf,), measures=tuple(measures), time=scope)
    top1 = rank_one(a) or top_holding_held(a)
    if ("holds" in rel and top1) or ("other" in rel and ("holds" in rel or top1)):
        return top_holding_chain(a, d, etf, measures)
    if "sector_mix" in rel or (a.has("dims") and a.has("group_markers") and a.has("relations", "weight")):
        return ir.SectorMix(etf, time=scope)
    if measures and a.has("changes") and not kinds(a) and "holdings" not in rel:
        # 시총 변화 between two dates: the figure on both dates, not holding changes
        if scope.start is not None and scope.end is not None:
            scope = ir.TimeScope(as_of=scope.end, compare_to=scope.start)
        elif scope.window in periods.WINDOW_DAYS and d.data_dates.last_price is not None:  # 1주 전 대비 종가
            before = d.data_dates.last_price - timedelta(days=periods.WINDOW_DAYS[scope.window])
            scope = ir.TimeScope(compare_to=before)
        return ir.Lookup(etfs=(etf,), measures=tuple(measures), time=scope)
    if fell(a) and not a.has("relations", "holdings"):  # 11월 3일부터 지금까지 몇 프로 빠졌음: its return
        return ir.Lookup(etfs=(etf,), measures=(ir.Measure.RETURN,), time=scope)
    if a.has("changes") and not a.has("aggregates"):
        n = limit_n(a)
        return ir.Changes(named=(etf,), kinds=kinds(a), time=scope, **({"limit": n} if n else {}))
    if "holdings" in rel or ("holds" in rel and not stocks) or (a.has("aggregates", "sum") and "weight" in rel):
        n = p.limit_of(a, 10)
        if a.has("aggregates", "sum") or (a.has("relations", "weight") and a.has("aggregates")):
            return ir.Holdings(etf, limit=n, sum_weights=True)
        if a.has("aggregates", "count") or ir.Measure.HOLDING_COUNT in measures:
            return ir.Holdings(etf, limit=None, count=True)
        if a.has("stock_measures", "sector"):
            return ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(etf, limit=n), n=n),), holder_count=False)
        return ir.Holdings(etf, limit=n, time=scope)
    if ir.Measure.HOLDING_COUNT in measures:
        return ir.Holdings(etf, limit=None, count=True)
    if a.has("changes"):
        return ir.Changes(named=(etf,), kinds=kinds(a), time=scope)
    if stocks:
        return ir.Lookup(etfs=(etf,), weight_of=stocks[0], time=scope)
    if not measures and ("상장" in a.t.text or "listed" in a.t.lower):  # 몇 년도에 상장했어 / when listed
        measures = [ir.Measure.LISTING_DATE]
    if not measures and scope.window is not None:  # how did it do last month: the return over the window
        measures = [ir.Measure.RETURN]
    if not measures:  # "synthetic or physical?", "its leverage": a condition word asks for that attribute
        measures = list(dict.fromkeys(m for c in p.set_constraints(a, d) if (m := attribute_of(c)) is not None))
    return ir.Lookup(etfs=(etf,), measures=tuple(measures), time=scope)


def _stocks(a, d, stocks, measures, scope) -> ir.Query:
    rel = set(a.keys("relations"))
    cs = p.set_constraints(a, d)
    sort = p.sort_of(a, d)
    thresholds = p.thresholds(a)
    if "same_sector" in rel:
        return ir.SameSector(stocks[0], limit=p.limit_of(a, 10) if not p.has_superlative(a) else 10)
    holds = "holds" in rel or "weight" in rel or a.has("changes") or bool(thresholds)
    facts = [k for k in a.keys("stock_measures") if k != "holder_count"]  # 들어간: a verb of holding here
    negated = not_held_stocks(a)
    if len(stocks) == 1 and negated:  # 삼성전자 안 담은 ETF: a set without it
        without = ir.EtfSet((ir.HoldsStock(stocks[0], negate=True), *cs))
        if a.has("aggregates", "count"):
            return ir.Aggregate(without)
        return ir.ListEtfs(without, measures=(sort.measure,) if sort else (), sort=sort, limit=p.limit_of(a))
    each = any(w in a.t.lower for w in ("각각", "each", "respectively", "개씩"))  # 각각 몇 개 ETF에: per stock
    if len(stocks) >= 2 and holds and ("both" in rel or not a.has("compare") or negated) and not facts and not each:
        holding = tuple(ir.HoldsStock(s, negate=isinstance(s, ir.StockNamed) and s.code in negated) for s in stocks)
        all_of = ir.EtfSet(holding + tuple(cs))
        if a.has("aggregates", "count"):
            return ir.Aggregate(all_of)
        if a.has("relations", "weight"):  # 비중 합 제일 큰: by the stocks' weight together (the list's default order)
            sort = None
        return ir.ListEtfs(all_of, sort=sort, limit=p.limit_of(a))
    if len(stocks) >= 2:
        return ir.StockLookup(stocks=tuple(stocks))
    stock = stocks[0]
    if a.has("changes"):
        return ir.Changes(etfs=ir.EtfSet(tuple(cs)), kinds=kinds(a), stock=stock, time=scope)
    if "holdings" in rel and holdings_of_holder(a):  # 엔솔 비중 1위 ETF의 상위 3종목: that ETF's holdings
        top = ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), limit=1)
        return ir.Holdings(ir.EtfFrom(top), limit=limit_n(a, past_rank=True) or 10)
    if not holds and not measures:
        return ir.StockLookup(stocks=(stock,), holder_count=not a.has("stock_measures", "sector"))
    bounds = weight_bounds(a, thresholds)
    op, weight = bounds[-1] if bounds else (None, None)
    if len(bounds) == 2:  # 카카오 2%~5% 담은 ETF: both bounds on the one stock
        held = ir.EtfSet((*(ir.HoldsStock(stock, op=o, weight=v) for o, v in bounds), *cs))
        return ir.Aggregate(held) if a.has("aggregates", "count") else ir.ListEtfs(held, limit=p.limit_of(a))
    weight_agg = next((ir.Agg(k) for k in a.keys("aggregates") if k in ("avg", "sum", "min", "max")), None)
    if weight_agg is not None and p.has_superlative(a) and asks_entity(a) and not asks_value(a):
        weight_agg = None  # 비중이 가장 높은 것은?: the ETF, by weight
    if weight_agg is None and asks_value(a) and (p.has_superlative(a) or most(a)):  # 비중이 몇%까지: the largest
        weight_agg = ir.Agg.MIN if any(h.entry.key == "low" for h in a.of("directions")) else ir.Agg.MAX
    if weight_agg is not None and a.has("relations", "weight") and not measures:  # 담은 ETF들 평균 비중
        return ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), op=op, weight=weight, agg=weight_agg, limit=1)
    if a.has("aggregates", "count"):  # per group too: 비중 10% 넘는 ETF 운용사별로 몇 개
        return ir.Aggregate(ir.EtfSet((ir.HoldsStock(stock, op=op, weight=weight), *cs)), group_by=group(a))
    weight_sort = weight_sorted(a)
    if weight_sort:
        sort = None
        measures = [m for m in measures if not size_word_only(a, m)]  # 'largest exposure': of the weight
    if measures and p.has_superlative(a) and sort is None and weight_sort:
        # 삼성전자를 가장 많이 담은 ETF의 운용사 → the issuer of the top holder
        top = ir.Holders(stock, limit=1)
        return ir.Lookup(etfs=(ir.EtfFrom(top),), measures=tuple(measures))
    if measures and not p.has_superlative(a) and sort is None and not thresholds and most(a):
        n = limit_n(a) or 5  # SK하이닉스 많이 담은 ETF 3개의 보수
        return ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(stock, limit=n), n=n),), measures=tuple(measures))
    asked = [m for m in measures if m in STATIC_MEASURES and (sort is None or m is not sort.measure)]
    if sort is not None and asked and p.has_superlative(a):  # 카카오 담은 ETF 중 제일 큰 거는 어느 운용사: its issuer
        top = ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), sort=sort, limit=1)
        return ir.Lookup(etfs=(ir.EtfFrom(top),), measures=tuple(asked))
    if (sort is not None and sort.measure is not ir.Measure.MARKET_CAP) or (sort is not None and measures):
        return ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), op=op, weight=weight, sort=sort, limit=p.limit_of(a, 10))
    limit = p.limit_of(a, 10)
    ranked = p.has_superlative(a) or a.has("directions") or a.has("aggregates")
    if cs and not weight_sort and op is None and not ranked:  # 삼성전자 담은 액티브 ETF: a set, largest first
        sort = ir.Sort(ir.Measure.MARKET_CAP)
        return ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), sort=sort, limit=limit)
    return ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), op=op, weight=weight, limit=limit if limit != 1 or cs else 1)


def _sets(a, d, measures, scope) -> ir.Query:
    cs = p.set_constraints(a, d)
    for m, op, value, n in p.thresholds(a):
        listing_age = m is ir.Measure.LISTING_DATE or (m is None and periods.listing_age(a, n))
        if listing_age:  # 상장한 지 1년 안 된, listed less than 6 months ago: listed within the last N units
            age = periods.listed_within(n, op, d.data_dates.last_price)
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
    years = periods.listing_years(a)
    listed = periods.listed_bounds(a) if len(years) < 2 else None
    aged = any(isinstance(c, ir.Listed) for c in cs)  # 상장한 지 1년 안 된: read off the threshold already
    if listed is None and not years and not aged and (listed := periods.listed_lately(a, d.data_dates.last_price)):
        scope = ir.TimeScope()  # 올해 상장한, 1년 안에 상장한: the listing's dates, not a window of figures
    if listed is not None and listed not in cs:
        cs.append(listed)
    cs += years if len(years) >= 2 else []  # 2024년이랑 2025년 상장: alternatives, compared below
    rel = set(a.keys("relations"))
    aggs = [ir.Agg(k) for k in a.keys("aggregates")]
    groups = group(a)
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
        counted = a.has("aggregates", "count")  # 몇 건: counts per kind; else the stocks most of the set's ETFs changed
        per_etf = not counted and ranks_etfs(a)  # 신규편입 종목 제일 많은 ETF: the ETFs with the most
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
    best_group = groups is None and bool(a.of("dims")) and p.has_superlative(a) and any(g in FIGURE_AGGS for g in aggs)
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
        low = n is not None and sort is not None and not sort.descending and p.has_superlative(a)  # 제일 낮은 3곳
        return ir.Aggregate(
            ir.EtfSet(tuple(cs)), agg=agg, measure=m, group_by=groups, limit=n, time=scope, descending=not low
        )
    sort = p.sort_of(a, d)
    if not aggs and sort is not None and asks_value(a):  # 제일 낮은 보수는 몇 %: the extreme figure, not a list
        aggs = [ir.Agg.MAX if sort.descending else ir.Agg.MIN]
    extreme = next((g for g in aggs if g in (ir.Agg.MAX, ir.Agg.MIN)), None)
    if extreme is not None and not asks_value(a) and asks_entity(a):  # 보수 최저인 거 뭐야: the ETF with it
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
        return ir.Aggregate(ir.EtfSet(tuple(cs)), agg=agg, measure=m if agg is not ir.Agg.COUNT else None, time=scope)
    if sort is None and not measures and (scope.window or scope.start) and a.has("directions"):
        # best / worst ETF of a period: ranked by its return over the period
        sort = ir.Sort(ir.Measure.RETURN, descending=not any(h.entry.key == "low" for h in a.of("directions")))
        if scope.start is not None and scope.start.day == 1 and scope.end is not None:
            # a calendar month's return runs from the previous month's last close (as time_scope does for 수익률)
            scope = ir.TimeScope(start=scope.start - timedelta(days=1), end=scope.end)
    if "holdings" in rel and sort is not None and not a.has("relations", "holds"):
        # 보수 제일 싼 반도체 ETF의 상위 종목: the holdings of the set's first ETF
        top = ir.ListEtfs(ir.EtfSet(tuple(cs)), sort=sort, limit=1)
        return ir.Holdings(ir.EtfFrom(top), limit=limit_n(a, past_rank=True) or 10)
    limit = p.limit_of(a) if sort is not None else limit_n(a)
    shown = tuple(m for m in measures if not any(isinstance(c, ir.Cond | ir.CondThan) and c.measure is m for c in cs))
    if sort is not None and sort.measure not in shown:
        shown = (*shown, sort.measure)
    return ir.ListEtfs(ir.EtfSet(tuple(cs)), measures=shown, sort=sort, limit=limit, time=scope)
