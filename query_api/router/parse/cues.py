"""Cues read off an analysed question for compose.py: what it groups by, ranks, counts, asks of one ETF, which words
the parse could not use, and the few readings that need the text as written (마다, 'which ETF', P/E)."""

from __future__ import annotations

import dataclasses
import re

import query_api.router.parse.pieces as p
import query_api.router.parse.text as tx
from query_api.router import ir
from query_api.router.parse.analyse import Analysis, Hit
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.link import Link
from query_api.router.parse.words import Entry

# -- helpers ----------------------------------------------------------------------------------------------------
GROUP_SUFFIXES = ("별", "마다", "각각")
NAMED_DIMS = (ir.Dim.ISSUER, ir.Dim.BRAND, ir.Dim.INDEX)  # many values: compare the ones named


def group(a: Analysis) -> ir.Dim | None:
    """운용사별 / 운용사마다 / per issuer / by market (마다 is a particle Kiwi does not keep: read off the text)."""
    markers = a.of("group_markers")
    for h in a.of("dims"):
        end = h.end
        if a.t.text[end : end + 1] == "(" and ")" in a.t.text[end:]:  # 시장(국내/해외)별: the values listed, then 별
            end = a.t.text.index(")", end) + 1
            if a.t.text[end : end + 4].lstrip().startswith(GROUP_SUFFIXES):
                return ir.Dim(h.entry.key)
        after = a.t.text[h.end : h.end + 4].lstrip()
        if any(0 <= m.start - h.end <= 1 or _marks(a, m, h) for m in markers) or after.startswith(GROUP_SUFFIXES):
            return ir.Dim(h.entry.key)
    return None


def _marks(a: Analysis, marker: Hit, dim: Hit) -> bool:
    """per issuer, per leverage multiple: the marker before the dimension, qualifier words between them."""
    if dim.start < marker.end:
        return False
    between = a.t.text[marker.end : dim.start]
    for q in a.of("qualifiers"):
        if marker.end <= q.start and q.end <= dim.start:
            between = between.replace(a.t.text[q.start : q.end], "")
    return len(between.strip()) == 0 and dim.start - marker.end <= 16


def ranked_group(a: Analysis, measures: list[ir.Measure], aggs: list[ir.Agg]) -> ir.Dim | None:
    """A group word with 'the most' and no figure of its own: the groups ranked by their number of ETFs."""
    dims = a.of("dims")
    if not dims or any(g is not ir.Agg.COUNT for g in aggs) or not (p.has_superlative(a) or most(a)):
        return None
    related = [h for h in a.of("relations") if a.t.lower[h.start : h.end] != "with"]  # 'top 3 with counts'
    if any(x.value not in p.DIM_VALUES for x in measures) or related:
        return None
    spans = [a.t.lower[h.start : h.end] for h in (*a.of("directions"), *a.of("superlatives"))]
    if not any("많" in w or w == "most" for w in spans):
        return None
    return ir.Dim(dims[0].entry.key)


def group_size(a: Analysis, thresholds: list) -> tuple[ir.EtfCount, tx.Number] | None:
    """'ETF 10개 이상 운용사만', 'issuers with more than 20 ETFs': a number of ETFs, compared, beside a group word —
    the size each group must have (whatever measure word stands before the number)."""
    if not a.of("dims"):
        return None
    for m, op, value, n in thresholds:
        if n.unit not in ("개", "") or m in (ir.Measure.HOLDING_COUNT, ir.Measure.RETURN):
            continue
        before, after = a.t.lower[max(0, n.start - 5) : n.start], a.t.lower[n.end : n.end + 24]
        if "etf" in before or after.lstrip().split(" ")[0].strip("?.,").startswith("etf") or " etfs" in after:
            return ir.EtfCount(op, value), n
    return None


STOCK_MARKETS = {"코스닥": "KOSDAQ", "kosdaq": "KOSDAQ", "코스피": "KOSPI", "kospi": "KOSPI"}


def stock_market(a: Analysis) -> str | None:
    """코스닥 종목 중 …: the stock market named next to 종목/stocks (dim_stock.market)."""
    for h in a.of("stock_measures", "market"):
        word = a.t.lower[h.start : h.end]
        after = a.t.lower[h.end : h.end + 6]
        if word in STOCK_MARKETS and ("종목" in after or "stock" in after or "주" in after[:2]):
            return STOCK_MARKETS[word]
    return None


DIM_MEASURE = {
    ir.Dim.REPLICATION: ir.Measure.REPLICATION,
    ir.Dim.MULTIPLE: ir.Measure.MULTIPLE,
    ir.Dim.MARKET: ir.Measure.MARKET,
    ir.Dim.ASSET_CLASS: ir.Measure.ASSET_CLASS,
}


def attribute_of(c: ir.Constraint) -> ir.Measure | None:
    if isinstance(c, ir.Leveraged):
        return ir.Measure.MULTIPLE
    return DIM_MEASURE.get(c.dim) if isinstance(c, ir.DimIs) else None


def issuers_named_as_stocks(a: Analysis) -> Analysis | None:
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


def issuer_before_etf(a: Analysis) -> Analysis:
    """'한화 채권 ETF', '한화 ETF 중에서 현대차 비중': a company that is also an asset manager, right before ETF (with
    only qualifiers between), is the manager even when the question names a holding too."""
    quals = [(h.start, h.end) for h in a.of("qualifiers")]
    out, changed = [], False
    for k in a.links:
        issuer = next((c for c in k.alternatives if c.type == "issuer"), None) if k.type == "stock" else None
        if issuer is not None:
            pos = k.end
            while True:
                rest = a.t.lower[pos:]
                pos += len(rest) - len(rest.lstrip())
                nxt = next((e for s, e in quals if s == pos), None)
                if nxt is None:
                    break
                pos = nxt
            from_ = a.t.lower[: k.start].rstrip().endswith((" from", " by", "managed by", " run by"))  # ETFs from Mirae
            if a.t.lower[pos:].startswith("etf") or from_:
                k, changed = Link("issuer", issuer.id, issuer.name, k.start, k.end, "alias"), True
        out.append(k)
    return dataclasses.replace(a, links=out) if changed else a


SIZE_WORDS = ("largest", "biggest", "larger", "bigger", "big", "large")


def size_word_only(a: Analysis, m: ir.Measure) -> bool:
    hits = [a.t.lower[h.start : h.end] for h in a.of("measures", m.value)]
    return m is ir.Measure.MARKET_CAP and bool(hits) and all(w in SIZE_WORDS for w in hits)


WHICH_ETF = re.compile(r"\s*(?:which|what)\s+(?:[a-z]+\s+)?etfs?\b")


def ranks_etfs(a: Analysis) -> bool:
    """'종목 제일 많이 편입한 ETF', 'which ETF added the most': ETFs ranked, the last thing named after the words."""
    last = max((h.end for h in (*a.of("changes"), *a.of("superlatives"), *a.of("directions"))), default=-1)
    tail = a.t.lower[last:]
    if WHICH_ETF.match(a.t.lower):  # which (active) ETF added the most …
        return p.has_superlative(a) or most(a)
    if any(re.match(r"[은는한던]?\s*etf", a.t.lower[h.end :]) for h in a.of("directions")):
        return p.has_superlative(a) or most(a) or "많은" in a.t.text  # 신규 편입 종목 많은 ETF top 3
    return p.has_superlative(a) and ("etf" in tail and "종목" not in tail and "stock" not in tail)


def fell(a: Analysis) -> bool:
    """'지난달 가장 많이 빠진 ETF': a word of both removal and falling prices, said of ETFs, not of stocks."""
    moves = [h for h in a.of("changes") if h.entry.key != "any"]
    falls = {(h.start, h.end) for h in a.of("measures", "return")}
    if not moves or not all((h.start, h.end) in falls for h in moves):
        return False
    return not any(w in a.t.lower for w in ("종목", "stock", "holding"))


EXCEPT_SURFACES = ("빼고", "빼면", "말고", "제외", "except", "excluding", "other than")


NEGATING_SURFACES = ("아닌", "아니고", "아니라")  # 액티브 아닌 거: a condition negated, not a judgement asked


def excluding(a: Analysis) -> Analysis:
    """'레버리지 빼고', 'KODEX 말고', '액티브 아닌': 빼 or 아니 right after a condition or a name excludes it; it is not
    a removal, nor an opinion asked (아니 is also the 'isn't it' of an open question)."""
    conditions = (*a.of("qualifiers"), *a.links)

    def after_condition(h: Hit) -> bool:
        return any(0 <= h.start - x.end <= 3 for x in conditions)

    marks = {
        (h.start, h.end)
        for h in a.of("relations", "except")
        if a.t.lower[h.start :].startswith(EXCEPT_SURFACES) and after_condition(h)
    }
    negating = {
        (h.start, h.end)
        for h in a.of("open_weak")
        if a.t.lower[h.start :].startswith(NEGATING_SURFACES) and after_condition(h)
    }
    if not marks and not negating:
        return a
    hits = [h for h in a.hits if not (h.entry.section == "changes" and (h.start, h.end) in marks)]
    hits = [
        dataclasses.replace(h, entry=Entry("relations", "except")) if (h.start, h.end) in negating else h
        for h in hits
        if not ((h.start, h.end) in negating and h.entry.section != "open_weak")
    ]
    return dataclasses.replace(a, hits=hits)


def enumerated(a: Analysis) -> Analysis:
    """'몇 개고 어디어디야', 'how many and which ones': the names are asked too, so the count word is dropped and the
    list (which states its count) answers; a per-group count stays a count."""
    if not a.has("enumerate") or not a.has("aggregates", "count") or a.has("group_markers"):
        return a
    hits = [h for h in a.hits if not (h.entry.section == "aggregates" and h.entry.key == "count")]
    return dataclasses.replace(a, hits=hits)


def theme_words(a: Analysis) -> list[str]:
    """Theme tags linked beside a single named ETF in a question about that ETF's figures (no set, no relation)."""
    if a.has("relations") or a.has("compare") or p.plural(a) or a.has("open"):
        return []
    return [a.t.text[k.start : k.end] for k in a.links if k.type == "tag"]


def same_dim_sets(cs: list[ir.Constraint]) -> list[ir.Constraint]:
    """Two or more values of one dimension (국내 … 해외 …, 레버리지랑 인버스, 2024년이랑 2025년 상장): alternatives to
    compare, never all at once."""
    by_dim: dict[object, list[ir.Constraint]] = {}
    for c in cs:
        if isinstance(c, ir.DimIs) and not c.negate:
            by_dim.setdefault(c.dim, []).append(c)
        elif isinstance(c, ir.Leveraged) and not c.negate:
            by_dim.setdefault("leveraged", []).append(c)
        elif isinstance(c, ir.Listed):
            by_dim.setdefault("listed", []).append(c)
    return next((v for v in by_dim.values() if len(v) >= 2), [])


def both_extremes(a: Analysis) -> bool:
    """제일 싼 거랑 제일 비싼 거, lowest and highest: a low and a high direction joined by 'and' (not 'fell the most',
    whose two directions are one ranking)."""
    lows = [h for h in a.of("directions") if h.entry.key == "low"]
    highs = [h for h in a.of("directions") if h.entry.key == "high"]
    for x in lows:
        for y in highs:
            first, second = (x, y) if x.start < y.start else (y, x)
            if _JOINED.search(a.t.lower[first.start : second.start]):
                return True
    return False


_JOINED = re.compile(r"랑|하고|\band\b|&|/|[가-힣](?:와|과)\s")


def limit_n(a: Analysis, after: int = 0, past_rank: bool = False) -> int | None:
    """N개 / 상위 N / top N / N ETFs; `past_rank`: not the 1위 of a chain's first step (1위 ETF의 상위 3종목)."""
    for n in a.numbers:
        if n.start < after or (past_rank and n.unit in ("위", "등") and n.value == 1):
            continue
        before = a.t.lower[max(0, n.start - 8) : n.start]
        whole = n.unit == "" and n.value == int(n.value)
        english = whole and (
            p.ENGLISH_COUNT.match(a.t.lower[n.end :]) is not None or p.GIVE_ME.search(a.t.lower[: n.start]) is not None
        )
        ranked = n.unit in ("", *tx.COUNTED_UNITS) and ("top" in before or "상위" in before or "bottom" in before)
        counted = n.unit in tx.COUNTED_UNITS or ranked or english
        if counted and "몇" not in before:
            return int(n.value)
    said = p.WORD_COUNT.search(a.t.lower[after:])  # 딱 하나
    return p.WORD_COUNTS[said.group(1)] if said is not None else None


def rank_one(a: Analysis) -> bool:
    return (
        any(n.unit in ("위", "등") and n.value == 1 for n in a.numbers)
        or any(a.t.lower[h.start : h.end] in ("1위", "1등") for h in a.of("superlatives"))
        or "top holding" in a.t.lower
        or "largest holding" in a.t.lower
    )


def most(a: Analysis) -> bool:
    return "많이" in a.t.text or " the most" in a.t.lower


def brand_condition(a: Analysis, d: Dictionary, etfs: list) -> Analysis | None:
    """'show me KODEX inverse ETFs': an ETF named just brand + condition, in a list question, is the brand's ETFs
    with that condition."""
    k = next((x for x in a.links if x.type == "etf"), None)
    among = k is not None and a.t.text[k.end :].lstrip().startswith("중")  # 코덱스 인버스 중에 원자재: a set
    listing = a.has("list") and "종류" in a.t.text
    if len(etfs) != 1 or k is None or not (p.plural(a) or "etfs" in a.t.lower or listing or among):
        return None
    brand = d.etf_brand.get(k.id, "")
    surface = a.t.text[k.start : k.end]
    first = surface.split(" ", 1)[0]
    said = first if d.brand_aliases.get(first.lower(), d.brand_aliases.get(first)) == brand else brand  # 코덱스
    rest = surface[len(said) :].strip().lower() if brand and surface.lower().startswith(said.lower()) else ""
    quals = qualifier(d, rest)
    tag = None if quals is not None else _tag_named(d, rest, a)  # 타이거 반도체 ETF들 평균 보수: brand + theme
    if not brand or (quals is None and tag is None):
        return None
    end = k.start + len(said)
    links = [x for x in a.links if x is not k] + [Link("brand", brand, brand, k.start, end, "brand")]
    hits = list(a.hits)
    if tag is not None:
        links.append(Link("tag", tag, tag, end + 1, k.end, "exact"))
    else:
        hits.append(Hit(Entry("qualifiers", quals), end + 1, k.end, -1, -1))
    return dataclasses.replace(a, links=sorted(links, key=lambda x: x.start), hits=sorted(hits, key=lambda h: h.start))


def _tag_named(d: Dictionary, word: str, a: Analysis) -> str | None:
    """The theme an ETF's name is made of after its brand, when the question asks over the brand's ETFs of it (a
    plural or an aggregate: 'ETF들 평균'), not the one ETF."""
    if not word or not (a.has("aggregates") or p.plural(a)):
        return None
    return next((c.id for c in d.terms.get(tx.norm(word), ()) if c.type == "tag"), None)


def qualifier(d: Dictionary, word: str) -> str | None:
    for i, item in enumerate(p.a_lex(d)["qualifiers"]):
        if word and word in [str(w).lower() for w in item["words"]]:
            return str(i)
    return None


COMPOSITE_KINDS = {
    "bought": (ir.ChangeKind.ADDED, ir.ChangeKind.INCREASED),
    "sold": (ir.ChangeKind.REMOVED, ir.ChangeKind.DECREASED),
}


def kinds(a: Analysis) -> tuple[ir.ChangeKind, ...]:
    """The change kinds asked; a word inside a longer change phrase (사 in 새로 사) yields to that phrase."""
    hits = a.of("changes")
    kept = [h for h in hits if not any(o is not h and o.start <= h.start and h.end <= o.end for o in hits)]
    every = [h for h in kept if h.entry.key == "any"]  # 최근 편입 편출: '편입' belongs to '편입 편출'
    kept = [h for h in kept if h in every or not any(o.start < h.end and h.start < o.end for o in every)]
    keys = [h.entry.key for h in kept if h.entry.key != "any"]
    out: list[ir.ChangeKind] = []
    for key in keys:
        parts = COMPOSITE_KINDS.get(key)
        if parts is None:
            out.append(ir.ChangeKind(key))
        elif not any(k.value in keys for k in parts):  # newly buy, 새로 산: the narrower kind (added) said with it
            out += parts
    return tuple(dict.fromkeys(out))


def factual(a: Analysis, etfs: list, measures: list[ir.Measure]) -> bool:
    """An open word in a comparison of a figure ('A랑 B 1주 수익률 뭐가 더 좋음?'): the figures answer it."""
    if len(etfs) < 2 or not measures or not a.has("compare"):
        return False
    better = {(h.start, h.end) for h in a.of("directions")}  # 더 좋음: a direction of the figure, not advice
    return all((h.start, h.end) in better for h in a.of("open"))


def implied_measures(a: Analysis, d: Dictionary) -> list[ir.Measure]:
    sort = p.sort_of(a, d)
    if sort is not None:
        return [sort.measure]
    for h in a.of("implied_sorts"):
        return [ir.Measure(p.a_lex(d)["implied_sorts"][int(h.entry.key)]["measure"])]
    return []


def stock_price(a: Analysis, measures: list[ir.Measure]) -> bool:
    priced = {
        ir.Measure.CLOSE,
        ir.Measure.NAV,
        ir.Measure.MARKET_CAP,
        ir.Measure.RETURN,
        ir.Measure.VOLUME,
        ir.Measure.TRADED_VALUE,
        ir.Measure.FEE,
    }
    if any(n.unit == "%" for n in a.numbers):  # 네이버 8프로 넘게 가진 ETF 중 시총: a holdings threshold, a set of ETFs
        return False
    stock_end = max((k.end for k in a.entities("stock")), default=0)
    if "etf" in a.t.lower[stock_end:]:  # 삼성전자 ETF 중 시총 큰 거: the ETFs holding it
        return False
    return any(m in priced for m in measures) and not a.has("relations")
