"""A question that names ETFs: one ETF's figures, holdings, changes, similar ETFs and chains; two ETFs compared
or overlapping."""

from __future__ import annotations

from datetime import timedelta

import query_api.router.parse.periods as periods
import query_api.router.parse.pieces as p
import query_api.router.parse.text as tx
from query_api.router import ir
from query_api.router.parse.chains import top_holding_chain
from query_api.router.parse.cues import attribute_of, fell, implied_measures, kinds, limit_n, rank_one
from query_api.router.parse.holding_cues import top_holding_held


def two_etfs(a, d, etfs, stocks, measures, scope) -> ir.Query:
    if a.has("relations", "overlap"):
        return ir.Overlap(etfs[0], etfs[1])
    if a.has("relations", "holds") and not measures and not a.has("compare"):
        pass  # "A와 B가 담은 종목" – falls through to a comparison of holdings
    weight = stocks[0] if stocks and a.has("relations", "weight") else (stocks[0] if stocks else None)
    ms = measures or implied_measures(a, d)
    if not ms and weight is None and (scope.window is not None or (scope.start and scope.end)):
        ms, scope = [ir.Measure.RETURN], periods.return_scope(scope)  # A vs B this month, which did better
    return ir.Lookup(etfs=tuple(etfs), measures=tuple(ms), weight_of=weight, time=scope)


SHARE_WORDS = ("what share", "share of", "take up", "takes up")  # the top N's weights taken together
TOOK_IN = ("담은", "편입", "넣은")  # 9월에 담은 종목: a holding verb said with a period asks what came in


def one_etf(a, d, etf, stocks, measures, scope) -> ir.Query:
    measures = _closing_extreme(a, measures, scope)
    if scope.start is not None and scope.end is not None and ir.Measure.CHANGE_PCT in measures:
        # 10월 15일부터 11월 5일까지 등락률: over a period the change is its return, not one day's
        measures = [ir.Measure.RETURN if m is ir.Measure.CHANGE_PCT else m for m in measures]
    rel = set(a.keys("relations"))
    limit = p.limit_of(a)
    if "similar" in rel or ("overlap" in rel and not stocks):  # 구성 겹치는 ETF: the most overlapping ones
        n = limit_n(a) or (1 if p.has_superlative(a) and not p.plural(a) else 5)
        sim = ir.Similar(etf, limit=n)
        like = min(h.end for h in a.of("relations") if h.entry.key in ("similar", "overlap"))
        held_after = any(h.start >= like for h in a.of("relations", "holdings"))
        if held_after or rank_one(a):  # 제일 겹치는 ETF의 1위 종목: the holdings of the most similar one
            top = ir.EtfFrom(ir.Similar(etf, limit=1))
            return ir.Holdings(top, limit=1 if rank_one(a) else limit_n(a, past_rank=True) or 10)
        likes = [h for h in a.of("relations") if h.entry.key in ("similar", "overlap")]
        extremes = [*a.of("superlatives"), *a.of("directions")]
        most_alike = any(0 <= x.start - k.end <= 3 or 0 <= k.start - x.end <= 3 for x in extremes for k in likes)
        if most_alike and measures and (limit_n(a) or 1) == 1:  # market cap of the ETF that overlaps most with X
            return ir.Lookup(etfs=(ir.EtfFrom(ir.Similar(etf, limit=1)),), measures=tuple(measures), time=scope)
        sort = p.sort_of(a, d)
        if sort is not None:
            cs = (ir.SimilarTo(etf),)
            return ir.ListEtfs(ir.EtfSet(cs, exclude=(etf,)), measures=(sort.measure,), sort=sort, limit=limit or 1)
        if measures:
            return ir.Lookup(etfs=(ir.EtfFrom(sim, n=n),), measures=tuple(measures), time=scope)
        return ir.Similar(etf, limit=limit if limit and limit > 1 else 5)
    static = [m for m in measures if m in p.STATIC_MEASURES]
    replication = ir.Measure.REPLICATION in measures  # 'hold the stocks physically?': how, not what, it holds
    plain = replication or not rel & {"holdings", "other", "sector_mix"}
    if static and not stocks and plain and not a.has("aggregates"):
        # 실물로 담는 거야?, 팔면 세금은?: an attribute word outweighs the verb around it
        return ir.Lookup(etfs=(etf,), measures=tuple(measures), time=scope)
    top1 = rank_one(a) or top_holding_held(a) or tx.ordinal(a.t.text) is not None  # 1위 / 두번째 종목 담은
    if ("holds" in rel and top1) or ("other" in rel and ("holds" in rel or top1)):
        return top_holding_chain(a, d, etf, measures)
    invested = a.has("stock_measures", "sector") and p.has_superlative(a) and "holdings" not in rel  # 어떤 업종에 제일
    if "sector_mix" in rel or invested or (a.has("dims") and a.has("group_markers") and a.has("relations", "weight")):
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
    took = "holds" in rel or any(a.t.text[h.start : h.end].startswith(TOOK_IN) for h in a.of("relations", "holdings"))
    if "holdings" in rel and took and scope.start is not None and scope.end is not None and not stocks:
        # 9월에 편입한 종목: the stocks it took in over the period (holdings have a date, not a month)
        return ir.Changes(named=(etf,), kinds=(ir.ChangeKind.ADDED,), time=scope)
    shares = any(a.t.lower[h.start : h.end] in SHARE_WORDS for h in a.of("relations", "weight"))
    summed = shares and not stocks and limit_n(a) is not None  # what share do the top 5 names take
    if (
        "holdings" in rel
        or ("holds" in rel and not stocks)
        or (a.has("aggregates", "sum") and "weight" in rel)
        or summed
    ):
        n = p.limit_of(a, 10)
        if any(k != "holder_count" for k in a.keys("stock_measures")):  # 1위 종목 업종, 두번째 종목 코스닥이야?
            place = tx.ordinal(a.t.text)
            if place is not None:
                top = ir.StockFrom(ir.Holdings(etf, limit=place), rank=place)
                return ir.StockLookup(stocks=(top,), holder_count=False)
            if limit_n(a, past_rank=True) is None and (p.has_superlative(a) or a.has("aggregates", "max")):
                n = 1  # 최대 비중 종목은 무슨 업종: the one largest (상위 5개 종목 업종: five)
            return ir.StockLookup(stocks=(ir.StockFrom(ir.Holdings(etf, limit=n), n=n),), holder_count=False)
        if a.has("aggregates", "sum") or (a.has("relations", "weight") and a.has("aggregates")) or summed:
            return ir.Holdings(etf, limit=n, sum_weights=True)
        if a.has("aggregates", "count") or ir.Measure.HOLDING_COUNT in measures:
            return ir.Holdings(etf, limit=None, count=True)
        return ir.Holdings(etf, limit=n, time=scope)
    if ir.Measure.HOLDING_COUNT in measures:
        return ir.Holdings(etf, limit=None, count=True)
    if a.has("changes"):
        return ir.Changes(named=(etf,), kinds=kinds(a), time=scope)
    if stocks:
        return ir.Lookup(etfs=(etf,), weight_of=stocks[0], time=scope)
    if not measures and ("상장" in a.t.text or "listed" in a.t.lower):  # 몇 년도에 상장했어 / when listed
        measures = [ir.Measure.LISTING_DATE]
    if not measures and (scope.window is not None or (scope.start is not None and scope.end is not None)):
        # how did it do last month / in November: the return over the window or the period
        measures, scope = [ir.Measure.RETURN], periods.return_scope(scope)
    if not measures:  # "synthetic or physical?", "its leverage": a condition word asks for that attribute
        measures = list(dict.fromkeys(m for c in p.set_constraints(a, d) if (m := attribute_of(c)) is not None))
    return ir.Lookup(etfs=(etf,), measures=tuple(measures), time=scope)


def _closing_extreme(a, measures: list[ir.Measure], scope: ir.TimeScope) -> list[ir.Measure]:
    """2024년 10월 중 최고 종가, 제일 높았던 종가: over a period, the period's highest (lowest) close."""
    if ir.Measure.CLOSE not in measures or scope.start is None or scope.end is None:
        return measures
    if not (p.has_superlative(a) or a.has("directions")):
        return measures
    low = any(h.entry.key == "low" for h in a.of("directions")) or "최저" in a.t.text or "lowest" in a.t.lower
    extreme = ir.Measure.LOWEST_CLOSE if low else ir.Measure.HIGHEST_CLOSE
    return [extreme if m is ir.Measure.CLOSE else m for m in measures]
