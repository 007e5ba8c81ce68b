"""Pieces → one ir.Query: a decision over what the question names (ETFs, stocks, groups) and asks (a measure,
a relation, an aggregate, a comparison), in the order that resolves overlaps (forecast and not-held first)."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

import query_api.router.parse.pieces as p
from query_api.router import ir
from query_api.router.parse.analyse import Analysis, Hit
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.link import Link
from query_api.router.parse.words import Entry

STOCK_HELD = ("업종", "시장", "편입 ETF 수")
ETF_HELD = (
    "총보수",
    "TER",
    "NAV",
    "종가",
    "시가총액",
    "거래대금",
    "괴리율",
    "수익률",
    "상장일",
    "운용사",
    "기초지수",
    "보유종목",
)


def compose(a: Analysis, d: Dictionary, as_of: date | None) -> ir.Query:
    etfs, stocks = p.etf_refs(a), p.stock_refs(a)
    scope, outside = p.time_scope(a, d, as_of)
    unknown = _unknown_words(a)
    if a.has("forecast") and not a.has("open", "위험"):
        return ir.NotHeld(ir.NotHeldKind.FORECAST, terms=_terms(a, "forecast"), about=_about(etfs, stocks))
    if outside:
        return ir.NotHeld(ir.NotHeldKind.PERIOD, terms=tuple(outside), held=_held_period(d))
    codes = _unknown_codes(a, d)
    if codes:
        return ir.NotHeld(ir.NotHeldKind.ENTITY, terms=tuple(codes))
    if unknown:
        kind = ir.NotHeldKind.ATTRIBUTE if (etfs or stocks) else ir.NotHeldKind.ENTITY
        held = ETF_HELD if etfs else STOCK_HELD if stocks else ()
        return ir.NotHeld(kind, terms=tuple(unknown), held=held, about=_about(etfs, stocks))
    measures = p.measures(a)
    if stocks and not etfs and _stock_price(a, measures):
        return ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=_terms(a, "measures"), held=STOCK_HELD, about=stocks[0])
    weak_open = a.has("open_weak") and not (measures or a.has("relations") or a.has("changes") or a.has("aggregates"))
    advice = any(w in a.t.lower for w in p.a_lex(d)["open_surface"])
    if (a.has("open") or weak_open or advice) and not _factual(a):
        cs = p.set_constraints(a, d) + [ir.HoldsStock(s) for s in stocks if not etfs]
        if etfs:
            return ir.Explain(etf=etfs[0])
        return ir.Explain(etfs=ir.EtfSet(tuple(cs)), sort=p.sort_of(a, d))
    as_issuers = _issuers_named_as_stocks(a) if stocks and not etfs else None
    if as_issuers is not None:
        a, stocks = as_issuers, []
    brand_list = _brand_condition(a, d, etfs)
    if brand_list is not None:
        a, etfs = brand_list, []
    if len(etfs) >= 2:
        return _two_etfs(a, d, etfs, stocks, measures, scope)
    themes = _theme_words(a) if len(etfs) == 1 and not stocks else []
    if themes:  # KODEX 200 배당 수익률: a theme next to one named ETF is a figure the data does not hold
        return ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=tuple(themes), held=ETF_HELD, about=etfs[0])
    if etfs:
        return _one_etf(a, d, etfs[0], stocks, measures, scope)
    if stocks:
        return _stocks(a, d, stocks, measures, scope)
    return _sets(a, d, measures, scope)


# -- what the question names ------------------------------------------------------------------------------------
def _two_etfs(a, d, etfs, stocks, measures, scope) -> ir.Query:
    if a.has("relations", "overlap"):
        return ir.Overlap(etfs[0], etfs[1])
    if a.has("relations", "holds") and not measures and not a.has("compare"):
        pass  # "A와 B가 담은 종목" – falls through to a comparison of holdings
    weight = stocks[0] if stocks and a.has("relations", "weight") else (stocks[0] if stocks else None)
    ms = measures or _implied_measures(a, d)
    return ir.Lookup(etfs=tuple(etfs), measures=tuple(ms), weight_of=weight, time=scope)


def _one_etf(a, d, etf, stocks, measures, scope) -> ir.Query:
    rel = set(a.keys("relations"))
    limit = p.limit_of(a)
    if "similar" in rel or ("overlap" in rel and not stocks):  # 구성 겹치는 ETF: the most overlapping ones
        n = 1 if p.has_superlative(a) and not p.plural(a) else 5
        sim = ir.Similar(etf, limit=n)
        sort = p.sort_of(a, d)
        if sort is not None:
            cs = (ir.SimilarTo(etf),)
            return ir.ListEtfs(ir.EtfSet(cs, exclude=(etf,)), measures=(sort.measure,), sort=sort, limit=limit or 1)
        if measures:
            return ir.Lookup(etfs=(ir.EtfFrom(sim, n=n),), measures=tuple(measures), time=scope)
        return ir.Similar(etf, limit=limit if limit and limit > 1 else 5)
    top1 = _rank_one(a)
    if ("holds" in rel and top1) or ("other" in rel and ("holds" in rel or top1)):
        stock = ir.StockFrom(ir.Holdings(etf, limit=1))
        return ir.Holders(stock=stock, etfs=ir.EtfSet(exclude=(etf,)))
    if "sector_mix" in rel or (a.has("dims") and a.has("group_markers") and a.has("relations", "weight")):
        return ir.SectorMix(etf, time=scope)
    if measures and a.has("changes") and not _kinds(a) and "holdings" not in rel:
        # 시총 변화 between two dates: the figure on both dates, not holding changes
        if scope.start is not None and scope.end is not None:
            scope = ir.TimeScope(as_of=scope.end, compare_to=scope.start)
        return ir.Lookup(etfs=(etf,), measures=tuple(measures), time=scope)
    if a.has("changes") and not a.has("aggregates"):
        return ir.Changes(named=(etf,), kinds=_kinds(a), time=scope)
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
        return ir.Changes(named=(etf,), kinds=_kinds(a), time=scope)
    if stocks:
        return ir.Lookup(etfs=(etf,), weight_of=stocks[0], time=scope)
    if not measures and ("상장" in a.t.text or "listed" in a.t.lower):  # 몇 년도에 상장했어 / when listed
        measures = [ir.Measure.LISTING_DATE]
    if not measures and scope.window is not None:  # how did it do last month: the return over the window
        measures = [ir.Measure.RETURN]
    if not measures:  # "synthetic or physical?", "its leverage": a condition word asks for that attribute
        measures = list(dict.fromkeys(m for c in p.set_constraints(a, d) if (m := _attribute_of(c)) is not None))
    return ir.Lookup(etfs=(etf,), measures=tuple(measures), time=scope)


def _stocks(a, d, stocks, measures, scope) -> ir.Query:
    rel = set(a.keys("relations"))
    cs = p.set_constraints(a, d)
    sort = p.sort_of(a, d)
    thresholds = p.thresholds(a)
    if "same_sector" in rel:
        return ir.SameSector(stocks[0], limit=p.limit_of(a, 10) if not p.has_superlative(a) else 10)
    holds = "holds" in rel or "weight" in rel or a.has("changes") or bool(thresholds)
    if len(stocks) >= 2 and holds and ("both" in rel or not a.has("compare")) and not a.has("stock_measures"):
        all_of = ir.EtfSet(tuple(ir.HoldsStock(s) for s in stocks) + tuple(cs))
        if a.has("aggregates", "count"):
            return ir.Aggregate(all_of)
        if a.has("relations", "weight"):  # 비중 합 제일 큰: by the stocks' weight together (the list's default order)
            sort = None
        return ir.ListEtfs(all_of, sort=sort, limit=p.limit_of(a))
    if len(stocks) >= 2:
        return ir.StockLookup(stocks=tuple(stocks))
    stock = stocks[0]
    if a.has("changes"):
        return ir.Changes(etfs=ir.EtfSet(tuple(cs)), kinds=_kinds(a), stock=stock, time=scope)
    if not holds and not measures:
        return ir.StockLookup(stocks=(stock,), holder_count=not a.has("stock_measures", "sector"))
    op, weight = None, None
    for m, o, v, _n in thresholds:
        if m in (None, ir.Measure.FEE) and (a.has("relations", "weight") or _n.unit == "%"):
            op, weight = o, v
    if a.has("aggregates", "count"):
        return ir.Aggregate(ir.EtfSet((ir.HoldsStock(stock, op=op, weight=weight), *cs)))
    weight_sort = _weight_sort(a)
    if weight_sort:
        sort = None
        measures = [m for m in measures if not _size_word_only(a, m)]  # 'largest exposure': of the weight
    if measures and p.has_superlative(a) and sort is None and weight_sort:
        # 삼성전자를 가장 많이 담은 ETF의 운용사 → the issuer of the top holder
        top = ir.Holders(stock, limit=1)
        return ir.Lookup(etfs=(ir.EtfFrom(top),), measures=tuple(measures))
    if measures and not p.has_superlative(a) and sort is None and not thresholds and _most(a):
        n = _limit_n(a) or 5  # SK하이닉스 많이 담은 ETF 3개의 보수
        return ir.Lookup(etfs=(ir.EtfFrom(ir.Holders(stock, limit=n), n=n),), measures=tuple(measures))
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
        if m is not None:
            value = value * 1e8 if m in (ir.Measure.MARKET_CAP, ir.Measure.TRADED_VALUE) and n.unit == "" else value
            cs.append(ir.Cond(m, op, value))
    listed = p.listed_bounds(a)
    if listed is not None:
        cs.append(listed)
    rel = set(a.keys("relations"))
    aggs = [ir.Agg(k) for k in a.keys("aggregates")]
    groups = _group(a)
    if groups is not None:  # 시장별로 / 운용사마다: the grouped dimension is not also a constraint
        cs = [c for c in cs if not (isinstance(c, ir.DimIs) and c.dim is groups and not c.negate)]
    issuers = _same_dim_sets(cs)
    if issuers and groups is None and aggs and issuers[0].dim not in NAMED_DIMS and a.has("group_markers"):
        groups = issuers[0].dim  # 국내 ETF랑 해외 ETF 평균 보수 각각: per market
        cs = [c for c in cs if c not in issuers]
        issuers = []
    if a.has("changes") and not _fell(a):
        counted = a.has("aggregates", "count")  # 몇 건: counts per kind; else the stocks most of the set's ETFs changed
        per_etf = not counted and _ranks_etfs(a)  # 신규편입 종목 제일 많은 ETF: the ETFs with the most
        n = p.limit_of(a, 10)
        return ir.Changes(
            etfs=ir.EtfSet(tuple(cs)),
            kinds=_kinds(a),
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
    if "most_held" in rel or (
        a.has("relations", "holds")
        and a.has("aggregates", "count")
        and "종목" in a.t.text
        and not cs
        and p.has_superlative(a)
    ):
        return ir.TopStocks(ir.EtfSet(tuple(cs)), limit=p.limit_of(a, 5) or 5, market=_stock_market(a))
    ranked = _ranked_group(a, measures, aggs) if groups is None else None
    if ranked is not None:  # which issuer has the most ETFs / ETF 제일 많은 운용사: the largest group(s)
        cs = [c for c in cs if not (isinstance(c, ir.DimIs) and c.dim is ranked)]
        return ir.Aggregate(ir.EtfSet(tuple(cs)), group_by=ranked, limit=_limit_n(a) or 1, time=scope)
    if groups is not None:
        agg = next((g for g in aggs if g is not ir.Agg.COUNT), ir.Agg.COUNT)
        figures = [x for x in measures if x.value not in {dim.value for dim in ir.Dim}]
        sort = p.sort_of(a, d)
        if agg is ir.Agg.COUNT and sort is not None and sort.measure in figures and p.has_superlative(a):
            agg = ir.Agg.MAX if sort.descending else ir.Agg.MIN  # 자산군별로 제일 싼 보수 → min fee per group
            figures = [sort.measure]
        m = figures[0] if agg is not ir.Agg.COUNT and figures else None
        return ir.Aggregate(ir.EtfSet(tuple(cs)), agg=agg, measure=m, group_by=groups, limit=_limit_n(a), time=scope)
    if aggs:
        agg = next((g for g in aggs if g is not ir.Agg.COUNT), ir.Agg.COUNT)
        m = next((x for x in measures if x not in (ir.Measure.ISSUER, ir.Measure.INDEX)), None)
        if agg in (ir.Agg.MAX, ir.Agg.MIN) and m is None:
            agg = ir.Agg.COUNT
        if agg is not ir.Agg.COUNT and m is None:
            m = ir.Measure.MARKET_CAP if agg is ir.Agg.SUM else ir.Measure.FEE
        return ir.Aggregate(ir.EtfSet(tuple(cs)), agg=agg, measure=m if agg is not ir.Agg.COUNT else None, time=scope)
    sort = p.sort_of(a, d)
    if sort is None and not measures and (scope.window or scope.start) and a.has("directions"):
        # best / worst ETF of a period: ranked by its return over the period
        sort = ir.Sort(ir.Measure.RETURN, descending=not any(h.entry.key == "low" for h in a.of("directions")))
        if scope.start is not None and scope.start.day == 1 and scope.end is not None:
            # a calendar month's return runs from the previous month's last close (as time_scope does for 수익률)
            scope = ir.TimeScope(start=scope.start - timedelta(days=1), end=scope.end)
    if "holdings" in rel and sort is not None and not a.has("relations", "holds"):
        # 보수 제일 싼 반도체 ETF의 상위 종목: the holdings of the set's first ETF
        return ir.Holdings(ir.EtfFrom(ir.ListEtfs(ir.EtfSet(tuple(cs)), sort=sort, limit=1)), limit=_limit_n(a) or 10)
    limit = p.limit_of(a) if sort is not None else _limit_n(a)
    shown = tuple(m for m in measures if not any(isinstance(c, ir.Cond) and c.measure is m for c in cs))
    if sort is not None and sort.measure not in shown:
        shown = (*shown, sort.measure)
    return ir.ListEtfs(ir.EtfSet(tuple(cs)), measures=shown, sort=sort, limit=limit, time=scope)


# -- helpers ----------------------------------------------------------------------------------------------------
GROUP_SUFFIXES = ("별", "마다", "각각")
NAMED_DIMS = (ir.Dim.ISSUER, ir.Dim.BRAND, ir.Dim.INDEX)  # many values: compare the ones named


def _group(a: Analysis) -> ir.Dim | None:
    """운용사별 / 운용사마다 / per issuer / by market (마다 is a particle Kiwi does not keep: read off the text)."""
    markers = a.of("group_markers")
    for h in a.of("dims"):
        after = a.t.text[h.end : h.end + 4].lstrip()
        if any(0 <= m.start - h.end <= 1 or 0 <= h.start - m.end <= 1 for m in markers) or after.startswith(
            GROUP_SUFFIXES
        ):
            return ir.Dim(h.entry.key)
    return None


def _ranked_group(a: Analysis, measures: list[ir.Measure], aggs: list[ir.Agg]) -> ir.Dim | None:
    """A group word with 'the most' and no figure of its own: the groups ranked by their number of ETFs."""
    dims = a.of("dims")
    if not dims or any(g is not ir.Agg.COUNT for g in aggs) or not (p.has_superlative(a) or _most(a)):
        return None
    if any(x.value not in {dim.value for dim in ir.Dim} for x in measures) or a.has("relations"):
        return None
    spans = [a.t.lower[h.start : h.end] for h in (*a.of("directions"), *a.of("superlatives"))]
    if not any("많" in w or w == "most" for w in spans):
        return None
    return ir.Dim(dims[0].entry.key)


STOCK_MARKETS = {"코스닥": "KOSDAQ", "kosdaq": "KOSDAQ", "코스피": "KOSPI", "kospi": "KOSPI"}


def _stock_market(a: Analysis) -> str | None:
    """코스닥 종목 중 …: the stock market named next to 종목/stocks (dim_stock.market)."""
    for h in a.of("stock_measures", "market"):
        word = a.t.lower[h.start : h.end]
        after = a.t.lower[h.end : h.end + 6]
        if word in STOCK_MARKETS and ("종목" in after or "stock" in after or "주" in after[:2]):
            return STOCK_MARKETS[word]
    return None


_DIM_MEASURE = {
    ir.Dim.REPLICATION: ir.Measure.REPLICATION,
    ir.Dim.MULTIPLE: ir.Measure.MULTIPLE,
    ir.Dim.MARKET: ir.Measure.MARKET,
    ir.Dim.ASSET_CLASS: ir.Measure.ASSET_CLASS,
}


def _attribute_of(c: ir.Constraint) -> ir.Measure | None:
    if isinstance(c, ir.Leveraged):
        return ir.Measure.MULTIPLE
    return _DIM_MEASURE.get(c.dim) if isinstance(c, ir.DimIs) else None


def _issuers_named_as_stocks(a: Analysis) -> Analysis | None:
    """'how many ETFs does Hanwha have': a company that is also an asset manager, in a question about ETFs that
    names no holding, is the manager."""
    stocks = [k for k in a.links if k.type == "stock"]
    if not stocks or a.has("relations") or a.has("stock_measures") or a.has("changes"):
        return None
    if not ("etf" in a.t.lower or "ETF" in a.t.text):
        return None
    out = []
    for k in a.links:
        issuer = next((c for c in k.alternatives if c.type == "issuer"), None) if k.type == "stock" else None
        if k.type == "stock" and issuer is None:
            return None
        out.append(Link("issuer", issuer.id, issuer.name, k.start, k.end, "alias") if issuer else k)
    return dataclasses.replace(a, links=out)


SIZE_WORDS = ("largest", "biggest", "larger", "bigger", "big", "large")


def _size_word_only(a: Analysis, m: ir.Measure) -> bool:
    hits = [a.t.lower[h.start : h.end] for h in a.of("measures", m.value)]
    return m is ir.Measure.MARKET_CAP and bool(hits) and all(w in SIZE_WORDS for w in hits)


_WHICH_ETF = re.compile(r"\s*(?:which|what)\s+(?:[a-z]+\s+)?etfs?\b")


def _ranks_etfs(a: Analysis) -> bool:
    """'종목 제일 많이 편입한 ETF', 'which ETF added the most': ETFs ranked, the last thing named after the words."""
    last = max((h.end for h in (*a.of("changes"), *a.of("superlatives"), *a.of("directions"))), default=-1)
    tail = a.t.lower[last:]
    if _WHICH_ETF.match(a.t.lower):  # which (active) ETF added the most …
        return p.has_superlative(a) or _most(a)
    return p.has_superlative(a) and ("etf" in tail and "종목" not in tail and "stock" not in tail)


def _fell(a: Analysis) -> bool:
    """'지난달 가장 많이 빠진 ETF': a word of both removal and falling prices, said of ETFs, not of stocks."""
    moves = [h for h in a.of("changes") if h.entry.key != "any"]
    falls = {(h.start, h.end) for h in a.of("measures", "return")}
    if not moves or not all((h.start, h.end) in falls for h in moves):
        return False
    return not any(w in a.t.lower for w in ("종목", "stock", "holding"))


def _theme_words(a: Analysis) -> list[str]:
    """Theme tags linked beside a single named ETF in a question about that ETF's figures (no set, no relation)."""
    if a.has("relations") or a.has("compare") or p.plural(a) or a.has("open"):
        return []
    return [a.t.text[k.start : k.end] for k in a.links if k.type == "tag"]


def _same_dim_sets(cs: list[ir.Constraint]) -> list[ir.DimIs]:
    """Two or more values of one dimension (국내 … 해외 …): alternatives to compare, never all at once."""
    by_dim: dict[ir.Dim, list[ir.DimIs]] = {}
    for c in cs:
        if isinstance(c, ir.DimIs) and not c.negate:
            by_dim.setdefault(c.dim, []).append(c)
    return next((v for v in by_dim.values() if len(v) >= 2), [])


def _limit_n(a: Analysis) -> int | None:
    for n in a.numbers:
        before = a.t.lower[max(0, n.start - 6) : n.start]
        if (n.unit in ("개", "위", "곳", "개사") or "top" in before or "상위" in before) and "몇" not in before:
            return int(n.value)
    return None


def _rank_one(a: Analysis) -> bool:
    return (
        any(n.unit in ("위", "등") and n.value == 1 for n in a.numbers)
        or any(a.t.lower[h.start : h.end] in ("1위", "1등") for h in a.of("superlatives"))
        or "top holding" in a.t.lower
        or "largest holding" in a.t.lower
    )


def _most(a: Analysis) -> bool:
    return "많이" in a.t.text or " the most" in a.t.lower


def _weight_sort(a: Analysis) -> bool:
    """비중 제일 큰 / 가장 많이 담은 / holds the most: ETFs ranked by the stock's weight."""
    weights = a.of("relations", "weight")
    dirs = a.of("directions")
    near = any(0 <= x.start - w.end <= 6 or 0 <= w.start - x.end <= 2 for w in weights for x in dirs)  # largest weight
    return near or _most(a)


def _brand_condition(a: Analysis, d: Dictionary, etfs: list) -> Analysis | None:
    """'show me KODEX inverse ETFs': an ETF named just brand + condition, in a list question, is the brand's ETFs
    with that condition."""
    if len(etfs) != 1 or not (p.plural(a) or "etfs" in a.t.lower or (a.has("list") and "종류" in a.t.text)):
        return None
    k = next(x for x in a.links if x.type == "etf")
    brand = d.etf_brand.get(k.id, "")
    surface = a.t.text[k.start : k.end]
    rest = surface[len(brand) :].strip().lower() if brand and surface.lower().startswith(brand.lower()) else ""
    quals = _qualifier(d, rest)
    if not brand or quals is None:
        return None
    end = k.start + len(brand)
    links = [x for x in a.links if x is not k] + [Link("brand", brand, brand, k.start, end, "brand")]
    hit = Hit(Entry("qualifiers", quals), end + 1, k.end, -1, -1)
    hits = sorted([*a.hits, hit], key=lambda h: h.start)
    return dataclasses.replace(a, links=sorted(links, key=lambda x: x.start), hits=hits)


def _qualifier(d: Dictionary, word: str) -> str | None:
    for i, item in enumerate(p.a_lex(d)["qualifiers"]):
        if word and word in [str(w).lower() for w in item["words"]]:
            return str(i)
    return None


COMPOSITE_KINDS = {
    "bought": (ir.ChangeKind.ADDED, ir.ChangeKind.INCREASED),
    "sold": (ir.ChangeKind.REMOVED, ir.ChangeKind.DECREASED),
}


def _kinds(a: Analysis) -> tuple[ir.ChangeKind, ...]:
    """The change kinds asked; a word inside a longer change phrase (사 in 새로 사) yields to that phrase."""
    hits = a.of("changes")
    kept = [h for h in hits if not any(o is not h and o.start <= h.start and h.end <= o.end for o in hits)]
    every = [h for h in kept if h.entry.key == "any"]  # 최근 편입 편출: '편입' belongs to '편입 편출'
    kept = [h for h in kept if h in every or not any(o.start < h.end and h.start < o.end for o in every)]
    out: list[ir.ChangeKind] = []
    for h in kept:
        key = h.entry.key
        if key != "any":
            out += COMPOSITE_KINDS[key] if key in COMPOSITE_KINDS else (ir.ChangeKind(key),)
    return tuple(dict.fromkeys(out))


def _factual(a: Analysis) -> bool:
    """An 'open' word inside a factual question (위험 등급? no: 'TIGER 200 보수 좋아?' stays open)."""
    return a.has("relations", "holds") and not a.has("open", "open") and False


def _implied_measures(a: Analysis, d: Dictionary) -> list[ir.Measure]:
    sort = p.sort_of(a, d)
    if sort is not None:
        return [sort.measure]
    for h in a.of("implied_sorts"):
        return [ir.Measure(p.a_lex(d)["implied_sorts"][int(h.entry.key)]["measure"])]
    return []


def _stock_price(a: Analysis, measures: list[ir.Measure]) -> bool:
    priced = {
        ir.Measure.CLOSE,
        ir.Measure.NAV,
        ir.Measure.MARKET_CAP,
        ir.Measure.RETURN,
        ir.Measure.VOLUME,
        ir.Measure.TRADED_VALUE,
        ir.Measure.FEE,
    }
    return any(m in priced for m in measures) and not a.has("relations")


_SLASHED = re.compile(r"(?<![A-Za-z])[A-Za-z]/[A-Za-z](?![A-Za-z])")  # P/E, P/B: ratios, not two letters


def _unknown_words(a: Analysis) -> list[str]:
    out = [m.group() for m in _SLASHED.finditer(a.t.text) if not any(k.start <= m.start() < k.end for k in a.links)]
    for tok in a.unused():
        if tok.tag == "SL" and tok.form.isascii() and len(tok.form) <= 2:
            continue
        out.append(a.t.text[tok.start : tok.end])
    return out


def _unknown_codes(a: Analysis, d: Dictionary) -> list[str]:
    from query_api.router.parse.text import CODE_RE

    out = []
    for m in CODE_RE.finditer(a.t.text):
        code = m.group(1)
        if any(k.start <= m.start() < k.end for k in a.links):
            continue
        if sum(ch.isdigit() for ch in code) >= 4 and not code.startswith("20"):
            out.append(code)
    return out


def _terms(a: Analysis, section: str) -> tuple[str, ...]:
    return tuple(a.t.text[h.start : h.end] for h in a.of(section))


def _about(etfs, stocks):
    return etfs[0] if etfs else stocks[0] if stocks else None


def _held_period(d: Dictionary) -> tuple[str, ...]:
    dd = d.data_dates
    out = []
    if dd.first_price:
        out.append(f"가격 {dd.first_price}..{dd.last_price}")
    if dd.first_holdings:
        out.append(f"보유종목 {dd.first_holdings}..{dd.last_holdings}")
    return tuple(out)
