"""Pieces → one ir.Query: a decision over what the question names (ETFs, stocks, groups) and asks (a measure,
a relation, an aggregate, a comparison), in the order that resolves overlaps (forecast and not-held first)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import msgspec

import query_api.router.parse.periods as periods
import query_api.router.parse.pieces as p
from query_api.router import ir
from query_api.router.parse.against import against
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.asks import than_etf
from query_api.router.parse.cues import (
    brand_condition,
    enumerated,
    excluding,
    factual,
    issuer_before_etf,
    issuers_named_as_stocks,
    stock_price,
    theme_words,
)
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.leftover import answerable_without, asked_too, asks_something, without
from query_api.router.parse.of_etfs import one_etf, two_etfs
from query_api.router.parse.of_sets import sets_query
from query_api.router.parse.of_stocks import stocks_query
from query_api.router.parse.unknown import (
    ETF_HELD,
    STOCK_HELD,
    about,
    completed_names,
    held_period,
    invented_multiples,
    invented_names,
    invented_products,
    sibling_names,
    terms,
    unknown_codes,
    unknown_words,
)

DAILY_ONLY = "일별 시세 (장중·시간대별 시세 없음)"
# Open words that only ask for suggestions: beside a relation that makes them (비슷한 ETF 3개 추천), that relation.
SUGGEST = {"추천", "recommend", "recommendation", "pick"}


class Composed(NamedTuple):
    query: ir.Query
    left_out: tuple[str, ...] = ()  # unknown words the answer was given without
    not_held: tuple[str, ...] = ()  # ... of them, those asked for as well: the data lacks them


def compose(a: Analysis, d: Dictionary, as_of: date | None) -> Composed:
    """The question's query, the words it was answered without and those of them asked for as well (both said in the
    answer's caveat: not understood, or not in the data)."""
    a = periods.month_entered(
        periods.per_share(issuer_before_etf(excluding(enumerated(sibling_names(completed_names(a, d), d)))))
    )
    etfs, stocks = p.etf_refs(a), p.stock_refs(a)
    scope, outside = periods.time_scope(a, d, as_of)
    unknown = unknown_words(a)
    advice = _advice(a, d)
    if a.has("forecast") and etfs and (a.has("open") or a.has("open_weak")) and not p.measures(a):  # outlook 어때
        return Composed(_explain(a, d, etfs, stocks, (*terms(a, "forecast"), *unknown)))
    if a.has("forecast") and not etfs and (advice or a.has("open")) and not p.measures(a):
        # what should I buy if the won will weaken: advice, answered from the data with the forecast named
        return Composed(_explain(a, d, etfs, stocks, (*terms(a, "forecast"), *unknown)))
    if a.has("forecast"):
        return Composed(ir.NotHeld(ir.NotHeldKind.FORECAST, terms=terms(a, "forecast"), about=about(etfs, stocks)))
    if outside:
        return Composed(ir.NotHeld(ir.NotHeldKind.PERIOD, terms=tuple(outside), held=held_period(d)))
    if a.has("intraday") and not (a.has("measures", "high") or a.has("measures", "low")):  # 오후 2시 가격
        held = (*held_period(d), DAILY_ONLY)
        return Composed(
            ir.NotHeld(ir.NotHeldKind.PERIOD, terms=terms(a, "intraday"), held=held, about=about(etfs, stocks))
        )
    codes = unknown_codes(a, d)
    if codes:
        return Composed(ir.NotHeld(ir.NotHeldKind.ENTITY, terms=tuple(codes)))
    invented = invented_names(a, d)
    if invented:  # 타이거 화장품레버리지: no such ETF; the real one it was built from is the near match
        return Composed(
            ir.NotHeld(ir.NotHeldKind.ENTITY, terms=tuple(w for w, _ in invented), suggestions=(invented[0][1],))
        )
    geared = invented_multiples(a)
    if geared:  # SOL 조선TOP3플러스 3배 레버리지: the ETF exists, not as a 3x product
        return Composed(ir.NotHeld(ir.NotHeldKind.ENTITY, terms=(geared[0][0],), suggestions=(geared[0][1],)))
    products = invented_products(a, d)
    if products:  # 타이거 우주항공인버스2X: no such product (near matches: the names it looks like)
        return Composed(ir.NotHeld(ir.NotHeldKind.ENTITY, terms=tuple(products)))
    judged = a.has("open_weak") and bool(etfs) and not stocks  # KODEX … 어때? 금리 내리면 오르는 거 맞지
    if unknown and (a.has("open") or advice or judged) and not a.has("forecast"):
        # 장기로 묻어둬도 괜찮음?: an open question answers from the data and names the words it cannot judge
        return Composed(_explain(a, d, etfs, stocks, tuple(unknown)))
    if unknown and answerable_without(a):  # 과세 방식 뭐임: the tax type, the answer naming '방식' as left out
        query = understood(without(a), d, etfs, stocks, scope)
        if asks_something(query):  # not the generic facts of a name: then the unknown word was the ask
            also = asked_too(a, unknown)
            return Composed(query, tuple(w for w in unknown if w not in also), tuple(also))
    if unknown:
        kind = ir.NotHeldKind.ATTRIBUTE if (etfs or stocks) else ir.NotHeldKind.ENTITY
        held = ETF_HELD if etfs else STOCK_HELD if stocks else ()
        return Composed(ir.NotHeld(kind, terms=tuple(unknown), held=held, about=about(etfs, stocks)))
    return _with_windows(a, d, as_of, understood(a, d, etfs, stocks, scope))


def _with_windows(a: Analysis, d: Dictionary, as_of: date | None, query: ir.Query) -> Composed:
    """A named ETF's return over one window, and the other windows said with it (1주랑 한 달 둘 다); a window the
    quotes do not reach back to is said to be not in the data."""
    if not isinstance(query, ir.Lookup) or ir.Measure.RETURN not in query.measures or query.time.window is None:
        return Composed(query)
    more = periods.more_windows(a, query.time.window)
    unquoted = {w: first for w in more if (first := periods.unquoted_from(d, w, as_of)) is not None}
    kept = tuple(w for w in more if w not in unquoted)
    query = msgspec.structs.replace(query, also_windows=kept) if kept else query
    return Composed(query, not_held=tuple(f"{w.value} ({first} →)" for w, first in unquoted.items()))


def understood(a: Analysis, d: Dictionary, etfs: list, stocks: list, scope: ir.TimeScope) -> ir.Query:
    """The query of a question every word of which was used (or set aside as left out)."""
    measures = p.measures(a)
    if stocks and not etfs and stock_price(a, measures):
        return ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=terms(a, "measures"), held=STOCK_HELD, about=stocks[0])
    asked = measures or a.has("stock_measures") or a.has("relations") or a.has("changes") or a.has("aggregates")
    weak_open = a.has("open_weak") and not asked  # 업종 분류가 어떻게 되나요: the sector, not an opinion
    suggested = a.has("relations", "similar") and all(a.t.lower[h.start : h.end] in SUGGEST for h in a.of("open"))
    if (a.has("open") or weak_open or _advice(a, d)) and not factual(a, etfs, measures) and not suggested:
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
        return two_etfs(a, d, etfs, stocks, measures, scope)
    themes = theme_words(a) if len(etfs) == 1 and not stocks else []
    if themes:  # KODEX 200 배당 수익률: a theme next to one named ETF is a figure the data does not hold
        return ir.NotHeld(ir.NotHeldKind.ATTRIBUTE, terms=tuple(themes), held=ETF_HELD, about=etfs[0])
    if etfs:
        return one_etf(a, d, etfs[0], stocks, measures, scope)
    if stocks:
        return stocks_query(a, d, stocks, measures, scope)
    return sets_query(a, d, measures, scope)


def _advice(a: Analysis, d: Dictionary) -> bool:
    if a.advice:  # 갈아탈까, 넣어둬도 될까: by grammar (modality.py)
        return True
    squashed = "".join(a.t.lower.split())  # 들고있어도 = 들고 있어도: spacing is not a different phrase
    return any("".join(w.split()) in squashed for w in p.a_lex(d)["open_surface"])


def _explain(a, d, etfs, stocks, unheld: tuple[str, ...] = ()) -> ir.Explain:
    if etfs:
        return ir.Explain(etf=etfs[0], unheld=unheld, others=tuple(etfs[1:]))
    cs = p.set_constraints(a, d) + [ir.HoldsStock(s) for s in stocks]
    return ir.Explain(etfs=ir.EtfSet(tuple(cs)), sort=p.sort_of(a, d), unheld=unheld)
