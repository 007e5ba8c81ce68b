"""IR pieces read off an analysed question: entity references, measures, constraints, thresholds, sorts and limits
(time scopes and listing-date bounds: periods.py). compose.py puts them together."""

from __future__ import annotations

import re

import query_api.router.parse.text as tx
from query_api.router import ir
from query_api.router.parse.analyse import Analysis, Hit
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.text import Number

CLAUSE_GAP = 12  # characters: a measure word this close before a number or a direction word is its measure
DIM_VALUES = {x.value for x in ir.Dim}
PLURAL = ("들", "순", "순으로", "순서", "목록", "리스트", "etfs", "funds")

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


def etf_refs(a: Analysis) -> list[ir.EtfRef]:
    """The ETFs the question names, in order, each once."""
    return list(dict.fromkeys(ir.EtfNamed(k.id) for k in a.entities("etf")))


def stock_refs(a: Analysis) -> list[ir.StockRef]:
    """The stocks the question names, in order, each once."""
    return list(dict.fromkeys(ir.StockNamed(k.id) for k in a.entities("stock")))


def measures(a: Analysis) -> list[ir.Measure]:
    out: list[ir.Measure] = []
    for h in a.of("measures"):
        m = ir.Measure(h.entry.key)
        if m not in out:
            out.append(m)
    return out


def measure_near(a: Analysis, pos: int, default: ir.Measure | None = None, figures: bool = False) -> ir.Measure | None:
    """The measure word closest before `pos` (or right after it); `figures`: only measures with an order (a sort
    is by 보수, never by 자산군)."""
    hits = [h for h in a.of("measures") if not (figures and h.entry.key in DIM_VALUES)]
    before = [h for h in hits if h.end <= pos and pos - h.end <= CLAUSE_GAP * 2]
    if before:
        return ir.Measure(before[-1].entry.key)
    after = [h for h in hits if h.start >= pos and h.start - pos <= CLAUSE_GAP]
    return ir.Measure(after[0].entry.key) if after else default


def set_constraints(a: Analysis, d: Dictionary) -> list[ir.Constraint]:
    """Issuer, brand, index, tag and qualifier constraints, in question order."""
    out: list[ir.Constraint] = []
    for k in a.links:
        c: ir.Constraint | None = None
        if k.type == "issuer":
            c = ir.DimIs(ir.Dim.ISSUER, k.id)
        elif k.type == "brand":
            c = ir.DimIs(ir.Dim.BRAND, k.id)
        elif k.type == "index":
            c = ir.DimIs(ir.Dim.INDEX, k.id)
        elif k.type == "tag":
            c = ir.Tagged(k.id)
        if isinstance(c, ir.DimIs) and k.type in ("issuer", "brand") and _excepted(a, k.end):
            c = ir.DimIs(c.dim, c.value, negate=True)  # KODEX 말고 / except KODEX
        if c is not None and c not in out:
            out.append(c)
    raw = a_lex(d)["qualifiers"]
    inverse = False
    for h in a.of("qualifiers"):
        spec = dict(raw[int(h.entry.key)]["constraint"])
        tag = spec.pop("tag")
        q: ir.Constraint | None = None
        if tag == "leveraged":
            q = ir.Leveraged(inverse=bool(spec.get("inverse")), negate=_excepted(a, h.end))
            inverse = inverse or (q.inverse and not q.negate)
        elif tag == "dim":
            value = str(spec["value"])
            if spec["dim"] == "multiple" and h.start > 0 and a.t.text[h.start - 1] == "-" and value[0] != "-":
                value = "-" + value  # -2배
            q = ir.DimIs(ir.Dim(spec["dim"]), value, negate=_excepted(a, h.end))
            if value == MIXED_MARKET and not MIXED_SURFACE.search(a.t.lower[h.start : h.end]):
                # '국내 해외 각각': two markets side by side (Kiwi drops the & of 국내&해외, so the text decides)
                out += [c for c in (ir.DimIs(ir.Dim.MARKET, "국내"), ir.DimIs(ir.Dim.MARKET, "해외")) if c not in out]
                continue
        if q is not None and q not in out:
            out.append(q)
        if isinstance(q, ir.DimIs) and q.dim is ir.Dim.MARKET and EQUITY_AFTER.match(a.t.text[h.end :]):
            equity = ir.DimIs(ir.Dim.ASSET_CLASS, "주식")  # 국내주식, 해외 주식: the market's equity ETFs
            if equity not in out:
                out.append(equity)
        elif q is not None and EQUITY_BEFORE.search(a.t.text[: h.start]):
            equity = ir.DimIs(ir.Dim.ASSET_CLASS, "주식")  # 주식 액티브 ETF: the equity ETFs among them
            if equity not in out:
                out.append(equity)
    for n in a.numbers:  # 1배 인버스, 3배 레버리지: a multiple said as a number
        if n.unit == "배" and n.value == int(n.value) and 1 <= abs(n.value) <= 5 and (a.has("qualifiers") or inverse):
            c = ir.DimIs(ir.Dim.MULTIPLE, str(int(n.value)))
            if not any(isinstance(x, ir.DimIs) and x.dim is ir.Dim.MULTIPLE for x in out):
                out.append(c)
    return _reconcile(_one_market(out), inverse)


def _one_market(cs: list[ir.Constraint]) -> list[ir.Constraint]:
    """'Korea and abroad (국내&해외)': the mixed market said, its two halves said beside it are part of it."""
    if ir.DimIs(ir.Dim.MARKET, MIXED_MARKET) not in cs:
        return cs
    halves = (ir.DimIs(ir.Dim.MARKET, "국내"), ir.DimIs(ir.Dim.MARKET, "해외"))
    return [c for c in cs if c not in halves]


MIXED_MARKET = "국내&해외"
EQUITY_AFTER = re.compile(r"\s?주식(?!\s?(?:etf|ETF)\b)")  # 국내 주식 ETF is the qualifier 주식 ETF already
EQUITY_BEFORE = re.compile(r"(?<![가-힣])주식\s?$")  # 주식 액티브 ETF (not 삼성전자주식)
MIXED_SURFACE = re.compile(r"[&·+/]|혼합|섞|국내외|mixed|\band\b")


def _reconcile(cs: list[ir.Constraint], inverse: bool) -> list[ir.Constraint]:
    """A multiple with 인버스 is negative (2X 인버스 → -2); a multiple makes 레버리지/인버스 redundant; of two
    multiples the more specific (negative) one stays — never two contradicting values of the multiple."""
    multiples = [c for c in cs if isinstance(c, ir.DimIs) and c.dim is ir.Dim.MULTIPLE and not c.negate]
    if not multiples:
        return cs
    values = [c.value for c in multiples]
    neg = [v for v in values if v.startswith("-")]
    value = neg[0] if neg else values[0]
    if inverse and not value.startswith("-"):
        value = "-" + value
    out: list[ir.Constraint] = []
    for c in cs:
        if isinstance(c, ir.Leveraged) and not c.negate:
            continue
        if isinstance(c, ir.DimIs) and c.dim is ir.Dim.MULTIPLE and not c.negate:
            c = ir.DimIs(ir.Dim.MULTIPLE, value)
        if c not in out:
            out.append(c)
    return out


def _excepted(a: Analysis, end: int) -> bool:
    return any(0 <= h.start - end <= 3 for h in a.of("relations", "except"))


def a_lex(d: Dictionary) -> dict:
    assert d.lexicon is not None
    return d.lexicon.raw


def comparator_after(a: Analysis, n: Number) -> ir.Op | str | None:
    """The comparator word right after (or else before) a number: 5% 넘는, under 0.1%, 이후; a word right after
    one number is that number's (1조 이상이면서 보수 0.1% 미만: 이상 is not 0.1's)."""
    hits = a.of("comparators")
    after = next((h for h in hits if 0 <= h.start - n.end <= 4), None)
    if after is None:
        taken = {id(h) for h in hits for o in a.numbers if o is not n and 0 <= h.start - o.end <= 4}
        after = next((h for h in hits if 0 <= n.start - h.end <= 8 and id(h) not in taken), None)
    if after is None:
        return None
    return after.entry.key if after.entry.key in ("after", "before") else ir.Op(after.entry.key)


_RANGE_BETWEEN = re.compile(r"^\s*(?:%|퍼센트|프로|퍼)?\s*(?:~|-|에서|부터|to|and)\s*$")


def _ranges(a: Analysis) -> dict[int, ir.Op]:
    """'2%~5%', '0.3에서 0.5%', 'between 1 and 3%': the first number a lower bound, the second an upper one."""
    out: dict[int, ir.Op] = {}
    for lo, hi in zip(a.numbers, a.numbers[1:], strict=False):
        if _RANGE_BETWEEN.match(a.t.text[lo.end : hi.start]) and lo.unit in ("", hi.unit) and lo.value < hi.value:
            out[id(lo)] = ir.Op.GE
            if comparator_after(a, hi) is None:  # 2~5% 미만: the upper bound says its own
                out[id(hi)] = ir.Op.LE
    return out


def thresholds(a: Analysis) -> list[tuple[ir.Measure | None, ir.Op, float, Number]]:
    """(measure, op, value) for every number followed by a comparator; the measure is the closest word before it,
    else the number's unit says (억/조 → market cap)."""
    out = []
    ranged = _ranges(a)
    for n in a.numbers:
        op = ranged.get(id(n)) or comparator_after(a, n)
        if not isinstance(op, ir.Op):
            continue
        default = ir.Measure.MARKET_CAP if n.unit in ("조", "억", "만") else None
        m = measure_near(a, n.start, default)
        if m is ir.Measure.RETURN or n.unit == "%" or m is not None:
            out.append((m, op, n.value, n))
        else:
            out.append((None, op, n.value, n))
    return out


def direction(a: Analysis) -> Hit | None:
    hits = a.of("directions") + a.of("implied_sorts")
    return hits[0] if hits else None


SUPERLATIVE_WORDS = re.compile(r"제일|가장|젤")


def has_superlative(a: Analysis) -> bool:
    if a.has("superlatives"):
        return True
    if any(t.form.endswith("est") and t.tag == "SL" for t in a.tokens):
        return True
    # 제일 inside a longer phrase (제일 오래된 → implied sort): still a superlative, unless it is part of a name
    return any(not any(k.start <= m.start() < k.end for k in a.links) for m in SUPERLATIVE_WORDS.finditer(a.t.text))


def sort_of(a: Analysis, d: Dictionary) -> ir.Sort | None:
    """제일 싼 → fee ascending, 시총 큰 순 → market cap descending, 많이 오른 → return descending."""
    by = _by_measure(a)
    if by is not None:
        return by
    dirs = a.of("directions")
    implied = a.of("implied_sorts")
    rank1 = [h for h in a.of("superlatives") if a.t.lower[h.start : h.end] in ("1위", "1등")]
    if not dirs and not implied and rank1:
        measure = measure_near(a, rank1[0].start)
        return ir.Sort(measure) if measure is not None else None
    if not dirs and not implied:
        return _sorted_by(a)
    anchor = (dirs or implied)[0]
    counted = any(n.unit in tx.COUNT_UNITS and 0 <= n.start - anchor.end <= 5 for n in a.numbers)  # 중 큰거 3개
    if not has_superlative(a) and not _ordered(a) and not counted and not _measure_then_direction(a, anchor):
        return None
    measure = measure_near(a, anchor.start, figures=True)
    thresholded = measure is not None and bool(implied) and _threshold_measure(a, measure)
    if thresholded:
        measure = None  # 보수 0.1% 이하인 것 중 큰 거: 보수 is the threshold's; 큰 says the size
    if measure is None and not thresholded:
        figures = [m for m in measures(a) if m.value not in DIM_VALUES]
        measure = figures[0] if len(figures) == 1 else None  # top 3 ETFs by 1-week return
    low = any(h.entry.key == "low" for h in dirs)
    if measure is None and implied:
        spec = a_lex(d)["implied_sorts"][int(implied[0].entry.key)]
        measure = ir.Measure(spec["measure"])
        words = {w for w in spec["words"]}
        if "low" in spec:  # oldest → listing date ascending
            low = bool(spec["low"])
        elif any(a.t.lower[h.start : h.end] in words for h in implied) and a.has("low_words"):
            low = True
        elif implied[0].entry.key == "0":  # 싼/저렴: cheapest = lowest fee
            low = a.t.lower[implied[0].start : implied[0].end] not in ("비싸", "비싼", "expensive")
    if measure is None:
        return None
    if a.has("low_words") and measure is ir.Measure.RETURN:
        low = True
    return ir.Sort(measure, descending=not low)


def _threshold_measure(a: Analysis, m: ir.Measure) -> bool:
    """The measure word is a threshold's (보수 0.1% 이하): a number with a comparator right after it."""
    return any(
        h.entry.key == m.value and 0 <= n.start - h.end <= 2 and isinstance(comparator_after(a, n), ir.Op)
        for h in a.of("measures")
        for n in a.numbers
    )


ORDER_WORDS = ("sorted by", "sort by", "ordered by", "order by", "ranked by", "순으로", "순서로", "순", "순서")
ASCENDING_FIRST = (ir.Measure.FEE, ir.Measure.TER, ir.Measure.LISTING_DATE)  # cheapest / oldest first


def _by_measure(a: Analysis) -> ir.Sort | None:
    """'top 3 by size', 'largest by AUM': English 'by' right before a measure ranks by it (not by a threshold's
    measure said earlier: 'with a TER below 0.2%, top 3 by size'), largest first unless cheapest-first."""
    for h in a.of("measures"):
        if h.entry.key not in DIM_VALUES and a.t.lower[max(0, h.start - 3) : h.start] == "by ":
            measure = ir.Measure(h.entry.key)
            low = any(d.entry.key == "low" for d in a.of("directions"))
            return ir.Sort(measure, descending=False if low else measure not in ASCENDING_FIRST)
    return None


def _sorted_by(a: Analysis) -> ir.Sort | None:
    """'sorted by fee', '보수 순으로': the measure named, in its natural order (fees cheapest first)."""
    hits = [h for h in a.of("superlatives") if a.t.lower[h.start : h.end] in ORDER_WORDS]
    if not hits:
        return None
    measure = measure_near(a, hits[0].start, figures=True)
    if measure is None:
        return None
    return ir.Sort(measure, descending=measure not in ASCENDING_FIRST)


def _measure_then_direction(a: Analysis, anchor: Hit) -> bool:
    """보수 싼 거 3개 / 시총 큰 ETF 5개: a direction right after a measure word, not a threshold's (1조 넘게 큰)."""
    if any(0 <= anchor.start - n.end <= 6 for n in a.numbers):
        return False
    return any(0 <= anchor.start - h.end <= 2 for h in a.of("measures"))


def _ordered(a: Analysis) -> bool:
    return any(t.form in ("순", "순서", "순위") for t in a.tokens) or "top" in a.t.lower


EVERY_LIMIT = 100  # rows of a list asked whole (쭉, 전부 다, full list)


def limit_of(a: Analysis, default: int | None = None) -> int | None:
    """N개 / top N / 상위 N / N위; a superlative without a count and without a plural means one."""
    for n in a.numbers:
        before = a.t.lower[max(0, n.start - 8) : n.start]
        after = a.t.lower[n.end : n.end + 48]
        english = n.unit == "" and n.value == int(n.value) and ENGLISH_COUNT.match(after) is not None
        english = english or (
            n.unit == "" and n.value == int(n.value) and GIVE_ME.search(a.t.lower[: n.start]) is not None
        )
        ranked = n.unit in ("", *tx.COUNTED_UNITS) and any(w in before for w in ("top", "상위", "하위", "bottom"))
        if n.unit in tx.COUNTED_UNITS or ranked or english:  # top 3, bottom 2 (not 'top 종목을 5%')
            if "몇" in before or n.value <= 0 or n.value > 100:
                continue
            return int(n.value)
    said = WORD_COUNT.search(a.t.lower)  # 딱 하나
    if said is not None:
        return WORD_COUNTS[said.group(1)]
    if has_superlative(a) and not plural(a):
        return 1
    return default


# 딱 하나, 하나만: a count said in words (English number words are digits already in the canonical text)
WORD_COUNTS = {"딱 하나": 1, "하나만": 1, "딱 한 개": 1, "just one": 1, "only one": 1, "딱 두 개": 2, "딱 세 개": 3}
WORD_COUNT = re.compile("(" + "|".join(WORD_COUNTS) + ")")


GIVE_ME = re.compile(r"(?:give me|show me|list|just)\s*$")  # 'give me 3': a count with what is counted said before
# "cheapest 3 Nasdaq ETFs", "the 5 largest ETFs": a bare count before what is counted
ENGLISH_COUNT = re.compile(
    r"\s*(?:\S+\s+){0,3}(?:etfs|funds|stocks|holdings|positions|picks|constituents|companies|issuers|managers|ones|names|brands|indexes|indices)\b"
)


def plural(a: Analysis) -> bool:
    """The answer is asked for as several: a plural word not naming the set chosen from (KODEX ETF들 중 …, which …
    among KODEX bond ETFs)."""
    words = [t for t in a.tokens if t.form in PLURAL or (t.tag == "XSN" and t.form == "들")]
    return any(not _chosen_from(a, t.start) and not _in_word(a, t) for t in words)


def _in_word(a: Analysis, t) -> bool:
    """순 of 순자산: part of a longer lexicon word, not the plural 순."""
    return any(h.start <= t.start and t.end <= h.end and h.end - h.start > t.end - t.start for h in a.of("measures"))


_PARTITIVE_AFTER = re.compile(r"^\s*(?:중|가운데|among)")  # ETF들 중: the plural names the set
_PARTITIVE_BEFORE = re.compile(r"\b(?:among|of all|out of)\b[^?.,]*$")  # among KODEX bond ETFs


def _chosen_from(a: Analysis, pos: int) -> bool:
    end = next((t.end for t in a.tokens if t.start == pos), pos)
    return bool(_PARTITIVE_AFTER.match(a.t.lower[end:]) or _PARTITIVE_BEFORE.search(a.t.lower[:pos]))


# -- time -------------------------------------------------------------------------------------------------------
