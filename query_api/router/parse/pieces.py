"""IR pieces read off an analysed question: entity references, measures, constraints, thresholds, sorts, limits and
time scopes. compose.py puts them together."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from query_api.router import ir
from query_api.router.parse.analyse import Analysis, Hit
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.text import Number

CLAUSE_GAP = 12  # characters: a measure word this close before a number or a direction word is its measure
DIM_VALUES = {x.value for x in ir.Dim}
PLURAL = ("들", "순", "순으로", "순서", "목록", "리스트", "etfs")


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
            q = ir.Leveraged(inverse=bool(spec.get("inverse")))
            inverse = inverse or q.inverse
        elif tag == "dim":
            value = str(spec["value"])
            if spec["dim"] == "multiple" and h.start > 0 and a.t.text[h.start - 1] == "-" and value[0] != "-":
                value = "-" + value  # -2배
            q = ir.DimIs(ir.Dim(spec["dim"]), value)
        if q is not None and q not in out:
            out.append(q)
    return _reconcile(out, inverse)


def _reconcile(cs: list[ir.Constraint], inverse: bool) -> list[ir.Constraint]:
    """A multiple with 인버스 is negative (2X 인버스 → -2); a multiple makes 레버리지/인버스 redundant; of two
    multiples the more specific (negative) one stays — never two contradicting values of the multiple."""
    multiples = [c for c in cs if isinstance(c, ir.DimIs) and c.dim is ir.Dim.MULTIPLE]
    if not multiples:
        return cs
    values = [c.value for c in multiples]
    neg = [v for v in values if v.startswith("-")]
    value = neg[0] if neg else values[0]
    if inverse and not value.startswith("-"):
        value = "-" + value
    out: list[ir.Constraint] = []
    for c in cs:
        if isinstance(c, ir.Leveraged):
            continue
        if isinstance(c, ir.DimIs) and c.dim is ir.Dim.MULTIPLE:
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
    """The comparator word right after (or before) a number: 5% 넘는, under 0.1%, 이후."""
    for h in a.of("comparators"):
        if 0 <= h.start - n.end <= 4 or 0 <= n.start - h.end <= 8:
            return h.entry.key if h.entry.key in ("after", "before") else ir.Op(h.entry.key)
    return None


def thresholds(a: Analysis) -> list[tuple[ir.Measure | None, ir.Op, float, Number]]:
    """(measure, op, value) for every number followed by a comparator; the measure is the closest word before it,
    else the number's unit says (억/조 → market cap)."""
    out = []
    for n in a.numbers:
        op = comparator_after(a, n)
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


def has_superlative(a: Analysis) -> bool:
    if a.has("superlatives"):
        return True
    return any(t.form.endswith("est") and t.tag == "SL" for t in a.tokens)


def sort_of(a: Analysis, d: Dictionary) -> ir.Sort | None:
    """제일 싼 → fee ascending, 시총 큰 순 → market cap descending, 많이 오른 → return descending."""
    dirs = a.of("directions")
    implied = a.of("implied_sorts")
    rank1 = [h for h in a.of("superlatives") if a.t.lower[h.start : h.end] in ("1위", "1등")]
    if not dirs and not implied and rank1:
        measure = measure_near(a, rank1[0].start)
        return ir.Sort(measure) if measure is not None else None
    if not dirs and not implied:
        return _sorted_by(a)
    anchor = (dirs or implied)[0]
    if not has_superlative(a) and not _ordered(a) and not _measure_then_direction(a, anchor):
        return None
    measure = measure_near(a, anchor.start, figures=True)
    if measure is None:
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


ORDER_WORDS = ("sorted by", "sort by", "ordered by", "order by", "ranked by", "순으로", "순서로", "순", "순서")
ASCENDING_FIRST = (ir.Measure.FEE, ir.Measure.TER, ir.Measure.LISTING_DATE)  # cheapest / oldest first


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


def limit_of(a: Analysis, default: int | None = None) -> int | None:
    """N개 / top N / 상위 N / N위; a superlative without a count and without a plural means one."""
    for n in a.numbers:
        before = a.t.lower[max(0, n.start - 6) : n.start]
        after = a.t.lower[n.end : n.end + 24]
        english = n.unit == "" and n.value == int(n.value) and _ENGLISH_COUNT.match(after) is not None
        if n.unit in ("개", "위", "곳") or any(w in before for w in ("top", "상위", "하위", "bottom")) or english:
            if "몇" in before or n.value <= 0 or n.value > 100:
                continue
            return int(n.value)
    if has_superlative(a) and not plural(a):
        return 1
    return default


# "cheapest 3 Nasdaq ETFs", "the 5 largest ETFs": a bare count before what is counted
_ENGLISH_COUNT = re.compile(r"\s*(?:\S+\s+){0,2}(?:etfs|funds|stocks|holdings|companies|issuers)\b")


def plural(a: Analysis) -> bool:
    return any(t.form in PLURAL for t in a.tokens) or any(t.tag == "XSN" and t.form == "들" for t in a.tokens)


# -- time -------------------------------------------------------------------------------------------------------
def time_scope(a: Analysis, d: Dictionary, as_of: date | None) -> tuple[ir.TimeScope, list[str]]:
    """The time scope, and the words naming periods outside the data (→ NotHeld PERIOD)."""
    dd = d.data_dates
    outside: list[str] = []
    windows = a.keys("windows")
    span = _span(a, d, as_of)
    if span is not None:
        return span, outside
    if windows:
        return ir.TimeScope(window=ir.Window(windows[0])), outside
    for n in a.numbers:
        days = {"주": 7, "주일": 7, "개월": 30, "달": 30, "년": 365, "일": 1}.get(n.unit)
        if days is None or n.value <= 0 or (n.unit == "년" and n.value > 10):
            continue
        window = _WINDOWS.get((int(n.value), n.unit))
        if window is not None:
            return ir.TimeScope(window=window), outside
        latest = as_of or dd.last_price
        if latest is not None:
            return ir.TimeScope(start=latest - timedelta(days=int(days * n.value)), end=latest), outside
    if a.has("relative_days", "yesterday") and dd.price_dates:
        latest = as_of or dd.last_price
        earlier = sorted(x for x in dd.price_dates if latest is not None and x < latest)
        if earlier:
            return ir.TimeScope(as_of=earlier[-1]), outside
    for m in a.dates:
        surface = a.t.text[m.start : m.end]
        if _listing_date(a, m):
            continue  # a listing-date bound, not a time scope
        exact = m.exact() or _day_without_year(m, d, as_of, holdings=a.has("changes"))
        if exact is not None:
            if dd.first_price and not (dd.first_price <= exact <= (dd.last_price or exact)):
                outside.append(surface)
            return ir.TimeScope(as_of=exact), outside
        if m.month:
            period = _month(m.year, m.month, d, as_of, holdings=a.has("changes"))
            if period is None:
                outside.append(surface)
                continue
            # a month's return runs from the previous month's last close (12월 수익률 → 11-30 .. 12-31)
            shift = timedelta(days=1 if a.has("measures", "return") and not a.has("changes") else 0)
            return ir.TimeScope(start=period[0] - shift, end=period[1]), outside
        if m.year:
            start, end = date(m.year, 1, 1), date(m.year, 12, 31)
            if dd.first_price and (end < dd.first_price or (dd.last_price and start > dd.last_price)):
                outside.append(surface)
                continue
            return ir.TimeScope(start=start, end=end), outside
    return ir.TimeScope(), outside


RANGE_WORDS = ("부터", "~", "에서", "대비", "from", "since")


def _span(a: Analysis, d: Dictionary, as_of: date | None) -> ir.TimeScope | None:
    """10월 8일부터 10월 말까지 → start..end; 11월 5일 대비 지금 → start..latest; 11월 한 달 → that month."""
    ds = [m for m in a.dates if not _listing_date(a, m)]
    if not ds:
        return None
    first = ds[0]
    year = first.year or _year_of(first, d, as_of, holdings=a.has("changes"))
    between = a.t.lower[first.end : first.end + 6]
    if year is None or not first.month:
        return None
    start = date(year, first.month, first.day or 1) if _valid(year, first.month, first.day or 1) else None
    if start is None:
        return None
    if len(ds) >= 2 and any(w in between for w in RANGE_WORDS):
        last = ds[1]
        y2, m2 = last.year or year, last.month or first.month
        if not _valid(y2, m2, last.day or 1):
            return None
        return ir.TimeScope(start=start, end=date(y2, m2, last.day or calendar.monthrange(y2, m2)[1]))
    if any(w in between for w in (*RANGE_WORDS, "이후", "after")):
        if not first.day and between.lstrip().startswith("말"):  # 5월 말 이후
            start = date(year, first.month, calendar.monthrange(year, first.month)[1])
        last = d.data_dates.last_holdings if a.has("changes") else d.data_dates.last_price
        return ir.TimeScope(start=start, end=as_of or last)
    if not first.day and between.lstrip().startswith("말") and not a.has("changes"):
        return ir.TimeScope(as_of=date(year, first.month, calendar.monthrange(year, first.month)[1]))  # 10월 말 종가
    if not first.day and any(w in a.t.text[first.end : first.end + 6] for w in ("한 달", "한달")):
        # a month's move runs from the previous month's last close (11월 한 달 → 10-31 .. 11-30)
        end = date(year, first.month, calendar.monthrange(year, first.month)[1])
        return ir.TimeScope(start=start if a.has("changes") else start - timedelta(days=1), end=end)
    return None


def _day_without_year(m, d: Dictionary, as_of: date | None, holdings: bool = False) -> date | None:
    """'11월 5일' → that day in the latest year whose data (holdings for changes, else prices and holdings) covers
    that month, up to as_of."""
    if m.year or not (m.month and m.day):
        return None
    dd = d.data_dates
    dates = dd.holdings_dates if holdings else dd.price_dates | dd.holdings_dates
    years = sorted({x.year for x in dates if x.month == m.month and (as_of is None or x <= as_of)})
    for y in reversed(years):
        if _valid(y, m.month, m.day):
            return date(y, m.month, m.day)
    return None


def _year_of(m, d: Dictionary, as_of: date | None, holdings: bool = False) -> int | None:
    period = _month(None, m.month, d, as_of, holdings) if m.month else None
    return period[0].year if period else None


def _valid(y: int, m: int, day: int) -> bool:
    try:
        date(y, m, day)
    except ValueError:
        return False
    return True


def _month(
    year: int | None, month: int, d: Dictionary, as_of: date | None, holdings: bool = False
) -> tuple[date, date] | None:
    """'10월' → the latest October the data covers (up to as_of; the holdings dates for changes); with a year, that
    month if the data has it."""
    dd = d.data_dates
    dates = dd.holdings_dates if holdings else dd.price_dates | dd.holdings_dates
    limit = as_of or max(dates, default=None)
    cands = sorted({x.year for x in dates if x.month == month and (limit is None or x <= limit)})
    if year is not None:
        cands = [y for y in cands if y == year]
    if not cands:
        return None
    y = cands[-1]
    return date(y, month, 1), date(y, month, calendar.monthrange(y, month)[1])


_WINDOWS = {
    (1, "주"): ir.Window.WEEK_1,
    (1, "주일"): ir.Window.WEEK_1,
    (1, "개월"): ir.Window.MONTH_1,
    (1, "달"): ir.Window.MONTH_1,
    (3, "개월"): ir.Window.MONTH_3,
    (3, "달"): ir.Window.MONTH_3,
    (6, "개월"): ir.Window.MONTH_6,
    (6, "달"): ir.Window.MONTH_6,
    (1, "년"): ir.Window.YEAR_1,
    (12, "개월"): ir.Window.YEAR_1,
    (1, "일"): ir.Window.DAY_1,
}


def _listing_date(a: Analysis, m) -> bool:
    near = a.t.text[m.end : m.end + 12] + a.t.text[max(0, m.start - 6) : m.start]
    return (
        "상장" in near
        or "listed" in a.t.lower[m.end : m.end + 16]
        or "list" in a.t.lower[max(0, m.start - 16) : m.start]
    )


def listed_bounds(a: Analysis) -> ir.Listed | None:
    """2025년 이후 상장 → Listed(start=2025-01-01); 2024-06-01 이전 → Listed(end=…)."""
    if (
        not any(h.entry.key in ("listing_date",) for h in a.of("measures"))
        and "상장" not in a.t.text
        and "list" not in a.t.lower
    ):
        return None
    for m in a.dates:
        word = next(
            (
                h.entry.key
                for h in a.of("comparators")
                if h.entry.key in ("after", "before") and (0 <= h.start - m.end <= 4 or 0 <= m.start - h.end <= 2)
            ),
            None,
        )
        if m.year is None or not _listing_date(a, m):
            continue
        if word is None:
            month = m.month or 12
            start = date(m.year, m.month or 1, 1)
            return ir.Listed(start=start, end=date(m.year, month, calendar.monthrange(m.year, month)[1]))
        if word == "after":
            return ir.Listed(start=date(m.year, m.month or 1, m.day or 1))
        month = m.month or 12
        end = date(m.year, month, m.day or calendar.monthrange(m.year, month)[1])
        return ir.Listed(end=end - timedelta(days=0))
    return None
