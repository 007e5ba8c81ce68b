"""A question that names stocks and no ETF: their holders (by weight, threshold, set), their facts, ETFs holding
all or none of them, and their changes."""

from __future__ import annotations

import query_api.router.parse.pieces as p
from query_api.router import ir
from query_api.router.parse.asks import asks_entity, asks_value, not_held_stocks
from query_api.router.parse.cues import group, kinds, limit_n, most, size_word_only
from query_api.router.parse.holding_cues import holdings_of_holder, weight_bounds, weight_sorted


def stocks_query(a, d, stocks, measures, scope) -> ir.Query:
    rel = set(a.keys("relations"))
    cs = p.set_constraints(a, d)
    sort = p.sort_of(a, d)
    thresholds = p.thresholds(a)
    if "same_sector" in rel:
        return ir.SameSector(stocks[0], limit=p.limit_of(a, 10) if not p.has_superlative(a) else 10)
    holds = "holds" in rel or "weight" in rel or a.has("changes") or bool(thresholds)
    facts = [k for k in a.keys("stock_measures") if k != "holder_count"]  # 들어간: a verb of holding here
    if len(stocks) >= 2 and a.has("stock_measures", "holder_count") and not thresholds and "both" not in rel:
        return ir.StockLookup(stocks=tuple(stocks))  # 셋 중 ETF 보유 수 젤 많은 거: their holder counts side by side
    if facts and not holds and len(stocks) == 1:  # is SOOP listed on KOSDAQ or KOSPI: its market, not a set
        return ir.StockLookup(stocks=(stocks[0],), holder_count="sector" not in facts)
    negated = not_held_stocks(a)
    if len(stocks) == 1 and negated:  # 삼성전자 안 담은 ETF: a set without it
        without = ir.EtfSet((ir.HoldsStock(stocks[0], negate=True), *cs))
        if a.has("aggregates", "count"):
            return ir.Aggregate(without)
        return ir.ListEtfs(without, measures=(sort.measure,) if sort else (), sort=sort, limit=p.limit_of(a))
    each = any(w in a.t.lower for w in ("각각", "each", "respectively", "개씩"))  # 각각 몇 개 ETF에: per stock
    if len(stocks) >= 2 and holds and ("both" in rel or not a.has("compare") or negated) and not facts and not each:
        bounds = weight_bounds(a, thresholds)  # 둘 다 5% 넘게 담은: the one threshold on each stock
        op, weight = bounds[0] if len(bounds) == 1 else (None, None)
        holding = tuple(
            ir.HoldsStock(s, negate=True)
            if isinstance(s, ir.StockNamed) and s.code in negated
            else ir.HoldsStock(s, op=op, weight=weight)
            for s in stocks
        )
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
    extreme = p.has_superlative(a) or a.has("directions")  # 비중 최대인 ETF 딱 하나: the ETF, not the weight
    if weight_agg is not None and extreme and asks_entity(a) and not asks_value(a):
        weight_agg = None  # 비중이 가장 높은 것은?: the ETF, by weight
    if weight_agg is None and asks_value(a) and (p.has_superlative(a) or most(a)):  # 비중이 몇%까지: the largest
        weight_agg = ir.Agg.MIN if any(h.entry.key == "low" for h in a.of("directions")) else ir.Agg.MAX
    if weight_agg is not None and a.has("relations", "weight"):  # 'the biggest weight': of the weight, not the size
        measures = [m for m in measures if not size_word_only(a, m)]
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
    asked = [m for m in measures if m in p.STATIC_MEASURES and (sort is None or m is not sort.measure)]
    if sort is not None and asked and p.has_superlative(a):  # 카카오 담은 ETF 중 제일 큰 거는 어느 운용사: its issuer
        top = ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), sort=sort, limit=1)
        return ir.Lookup(etfs=(ir.EtfFrom(top),), measures=tuple(asked))
    if (sort is not None and sort.measure is not ir.Measure.MARKET_CAP) or (sort is not None and measures):
        # 삼성전자 담은 ETF 중 한달 수익률 제일 좋은 거: ranked by the figure over the window said
        held = ir.EtfSet(tuple(cs))
        return ir.Holders(stock, etfs=held, op=op, weight=weight, sort=sort, limit=p.limit_of(a, 10), time=scope)
    limit = p.limit_of(a, p.EVERY_LIMIT if a.has("every") else 10)  # 담은 ETF 전부 다: the whole list
    ranked = p.has_superlative(a) or a.has("directions") or a.has("aggregates")
    if cs and not weight_sort and op is None and not ranked:  # 삼성전자 담은 액티브 ETF: a set, largest first
        sort = ir.Sort(ir.Measure.MARKET_CAP)
        return ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), sort=sort, limit=limit)
    return ir.Holders(stock, etfs=ir.EtfSet(tuple(cs)), op=op, weight=weight, limit=limit if limit != 1 or cs else 1)
