"""Time read off an analysed question: the time scope (a date, a period, a window, two dates compared) and the
words naming periods outside the data; listing-date bounds (2024년 상장, listed after June 2025)."""

from __future__ import annotations

import calendar
import dataclasses
import re
from datetime import date, timedelta

from query_api.router import ir
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.dictionary import Dictionary

UNIT_DAYS = {"주": 7, "주일": 7, "개월": 30, "달": 30, "년": 365, "일": 1}  # a number of time units, in days


def month_entered(a: Analysis) -> Analysis:
    """12월 들어(서): since the month began — 들어 here enters a month, it does not hold a stock."""
    entered = [
        h
        for h in a.of("relations", "holds")
        if a.t.text[h.start : h.end].startswith("들")
        and (
            any(m.month is not None and 0 <= h.start - m.end <= 1 for m in a.dates)
            or THIS_MONTH.search(a.t.lower[max(0, h.start - 5) : h.start]) is not None  # 이번 달 들어서
        )
    ]
    if not entered:
        return a
    return dataclasses.replace(a, hits=[h for h in a.hits if h not in entered])


def _outside_data(a: Analysis, d: Dictionary, span: ir.TimeScope) -> list[str]:
    """The dates said, when every one of them is before the data's first date or after its last (2023년 12월 말)."""
    dd = d.data_dates
    said = [x for x in (span.as_of, span.start, span.end, span.compare_to) if x is not None]
    held = a.has("relations", "holdings") or a.has("relations", "holds") or a.has("relations", "weight")
    priced = _dated_ask(a) and not _changes(a) and not held  # 종가 on a day: the price dates only
    firsts = [x for x in (dd.first_price, None if priced else dd.first_holdings) if x is not None]
    lasts = [x for x in (dd.last_price, None if priced else dd.last_holdings) if x is not None]
    if not said or not firsts or not lasts:
        return []
    if all(x < min(firsts) for x in said) or all(x > max(lasts) for x in said):
        return [a.t.text[m.start : _part_end(a, m)] for m in a.dates] or [str(said[0])]
    return []


def _changes(a: Analysis) -> bool:
    """Holding changes asked: a change word that is not also the fall of a price (몇 프로 빠졌냐: a return), or one
    said of stocks (이번 달 빠진 종목)."""
    falls = {(h.start, h.end) for h in a.of("measures", "return")}
    if any((h.start, h.end) not in falls for h in a.of("changes")):
        return True
    return a.has("changes") and (a.has("relations", "holdings") or any(w in a.t.lower for w in ("종목", "stock")))


def time_scope(a: Analysis, d: Dictionary, as_of: date | None) -> tuple[ir.TimeScope, list[str]]:
    """The time scope, and the words naming periods outside the data (→ NotHeld PERIOD)."""
    dd = d.data_dates
    outside: list[str] = []
    windows = a.keys("windows")
    span = _span(a, d, as_of)
    if span is not None:
        return span, _outside_data(a, d, span)
    if a.has("relative_days", "yesterday") and dd.price_dates:
        changes = _changes(a)  # 어제 바뀐 구성종목: the holdings file before the latest one
        latest = as_of or (dd.last_holdings if changes else dd.last_price)
        days = dd.holdings_dates if changes else dd.price_dates
        earlier = sorted(x for x in days if latest is not None and x < latest)
        if earlier:
            return ir.TimeScope(as_of=earlier[-1]), outside
    for m in a.dates:  # a named date, month or year comes before a window word (2022년 연간 수익률: 2022)
        surface = a.t.text[m.start : m.end]
        if _listing_date(a, m):
            continue  # a listing-date bound, not a time scope
        exact = m.exact() or _day_without_year(m, d, as_of, holdings=a.has("changes"))
        if exact is not None:
            holdings = (a.has("changes") or a.has("relations", "holdings")) and bool(dd.holdings_dates)
            if holdings:  # 6월 24일 신규 편입: a day the holdings files hold (or a weekend just after one)
                held = any(timedelta(0) <= exact - h <= timedelta(days=HOLDINGS_GAP_DAYS) for h in dd.holdings_dates)
            else:
                held = not dd.first_price or dd.first_price <= exact <= (dd.last_price or exact)
            if not held:
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
            first, last = part_of_year(a, m) or (1, 12)
            start, end = date(m.year, first, 1), date(m.year, last, calendar.monthrange(m.year, last)[1])
            if dd.first_price and (end < dd.first_price or (dd.last_price and start > dd.last_price)):
                outside.append(a.t.text[m.start : _part_end(a, m)])
                continue
            return ir.TimeScope(start=start, end=end), outside
    if outside:
        return ir.TimeScope(), outside
    latest = as_of or (dd.last_holdings if _changes(a) else dd.last_price)
    if THIS_MONTH.search(a.t.lower) and latest is not None:  # 이번 달: from the previous month's last close
        first = latest.replace(day=1)
        shift = timedelta(days=1 if a.has("measures", "return") and not _changes(a) else 0)
        return ir.TimeScope(start=first - shift, end=latest), outside
    for n in a.numbers:  # 2주, 2-week, 10 days: a number of time units before any window word ('week')
        days = UNIT_DAYS.get(n.unit)
        if days is None or n.value <= 0 or (n.unit == "년" and n.value > 10):
            continue
        if listing_age(a, n):
            continue  # 상장한 지 1년: an age of the listing (a Listed bound), not a time scope
        window = _WINDOWS.get((int(n.value), n.unit))
        if window is not None:
            return ir.TimeScope(window=window), outside
        latest = as_of or dd.last_price
        if latest is not None:
            return ir.TimeScope(start=latest - timedelta(days=int(days * n.value)), end=latest), outside
    windows = a.keys("windows")
    if windows:
        window = ir.Window(windows[0])
        latest = as_of or dd.last_price
        extreme = a.has("measures", "high") or a.has("measures", "low")
        if extreme and window in WINDOW_DAYS and latest is not None and not a.has("measures", "return"):
            # 최근 일주일 최고가: the window's highest high, a period of days back from the latest
            return ir.TimeScope(start=latest - timedelta(days=WINDOW_DAYS[window]), end=latest), outside
        return ir.TimeScope(window=window), outside
    return ir.TimeScope(), outside


HOLDINGS_GAP_DAYS = 6  # a day this long after a holdings file reads that file; a longer gap is a period not held
# A window as days back from the latest date (for 'figure then vs now'; returns use the calendar in compile.sets)
WINDOW_DAYS = {ir.Window.DAY_1: 1, ir.Window.WEEK_1: 7, ir.Window.MONTH_1: 30, ir.Window.MONTH_3: 91}
WINDOW_DAYS |= {ir.Window.MONTH_6: 182, ir.Window.YEAR_1: 365}
THIS_MONTH = re.compile(r"이번\s?달|이달|this month|month to date|mtd")
# Parts of a year after (or before) the year: 상반기 / 하반기 / 3분기 / H2 / Q3 / first half of → (first, last month)
_HALVES = {"상반기": (1, 6), "하반기": (7, 12), "h1": (1, 6), "h2": (7, 12), "first half": (1, 6)}
_HALVES |= {"second half": (7, 12), "1h": (1, 6), "2h": (7, 12)}
_QUARTER = re.compile(r"(?:([1-4])\s*분기|q([1-4])|([1-4])q)")


def part_of_year(a: Analysis, m) -> tuple[int, int] | None:
    near = a.t.lower[m.end : m.end + 6] + " " + a.t.lower[max(0, m.start - 16) : m.start]
    for word, months in _HALVES.items():
        if word in near:
            return months
    q = _QUARTER.search(near)
    if q is not None:
        k = int(next(g for g in q.groups() if g))
        return 3 * k - 2, 3 * k
    return None


def _part_end(a: Analysis, m) -> int:
    after = a.t.lower[m.end : m.end + 6]
    hit = next((w for w in (*_HALVES, "분기") if w in after), None)
    return m.end + after.index(hit) + len(hit) if hit else m.end


_AGAINST = re.compile(r"\bvs\.?\b|versus|이랑|랑|과|와|\band\b|하고")
RANGE_WORDS = ("부터", "~", "에서", "대비", "from", "since")


def _span(a: Analysis, d: Dictionary, as_of: date | None) -> ir.TimeScope | None:
    """10월 8일부터 10월 말까지 → start..end; 11월 5일 대비 지금 → start..latest; 11월 한 달 → that month."""
    ds = [m for m in a.dates if not _listing_date(a, m)]
    if not ds:
        return None
    first = ds[0]
    between = a.t.lower[first.end : first.end + 6]
    ranged = len(ds) >= 2 and ("between" in a.t.lower[max(0, first.start - 9) : first.start] or "사이" in a.t.text)
    day = _day_without_year(first, d, as_of, holdings=a.has("changes"))
    year = first.year or (ds[1].year if ranged else None)  # between August and October 2024: the year said last
    year = year or (day.year if day else None) or _year_of(first, d, as_of, holdings=a.has("changes"))
    if year is None or not first.month:
        return None
    start = date(year, first.month, first.day or 1) if _valid(year, first.month, first.day or 1) else None
    if start is None:
        return None
    if len(ds) >= 2 and (ranged or any(w in between for w in RANGE_WORDS)):
        last = ds[1]
        y2, m2 = last.year or year, last.month or first.month
        if not _valid(y2, m2, last.day or 1):
            return None
        return ir.TimeScope(start=start, end=date(y2, m2, last.day or calendar.monthrange(y2, m2)[1]))
    said_before = a.t.lower[max(0, first.start - 7) : first.start]  # since November 5: the word comes first
    if len(ds) >= 2 and first.day and ds[1].day and _AGAINST.search(a.t.lower[first.end : ds[1].start]):
        # 10월 31일 종가 vs 12월 30일 종가: the figure on the second date against the first
        y2 = ds[1].year or year
        if y2 is not None and _valid(y2, ds[1].month or first.month, ds[1].day):
            return ir.TimeScope(as_of=date(y2, ds[1].month or first.month, ds[1].day), compare_to=start)
    if any(w in between for w in (*RANGE_WORDS, "이후", "after")) or any(w in said_before for w in ("since", "after")):
        if not first.day and between.lstrip().startswith("말"):  # 5월 말 이후
            start = date(year, first.month, calendar.monthrange(year, first.month)[1])
        moves = {(h.start, h.end) for h in a.of("changes")} - {(h.start, h.end) for h in a.of("measures", "return")}
        last = d.data_dates.last_holdings if moves else d.data_dates.last_price  # 빠졌음 is a price move here
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
    days = [date(y, m.month, m.day) for y in reversed(years) if _valid(y, m.month, m.day)]
    near = [x for x in days if any(abs((x - y).days) <= 4 for y in dates)]  # 10월 8일: the year whose data has it
    return (near or days or [None])[0]


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
    (7, "일"): ir.Window.WEEK_1,
    (30, "일"): ir.Window.MONTH_1,
    (90, "일"): ir.Window.MONTH_3,
}


LISTING_WORDS = ("상장", "나온", "나왔", "출시", "설정된", "생긴", "데뷔")  # 2023년에 나온 ETF: listed in 2023


def _listing_date(a: Analysis, m) -> bool:
    end = m.end
    for other in a.dates:  # 2020년 2021년 2022년 각각 … 상장, 2016년부터 2018년까지 연도별 상장: the run's listing word
        if end < other.start <= end + 6:
            end = other.end
    near = a.t.text[end : end + 12] + a.t.text[max(0, m.start - 6) : m.start]
    if m.month is None and any(w in a.t.text for w in LISTING_WORDS) and not _dated_ask(a):
        return True  # 2022 2023 2024년 각각 해외 ETF 몇 개씩 상장했어: the sentence's verb is the listing
    return (
        any(w in near for w in LISTING_WORDS)
        or any(w in a.t.lower[m.end : m.end + 16] for w in ("listed", "launched", "came out"))
        or "list" in a.t.lower[max(0, m.start - 16) : m.start]
    )


# Measures of a date or period (a year beside them bounds the figure, not the listing).
_DATED = {
    *("return", "close", "nav", "high", "low", "open", "change_pct"),
    *("volume", "traded_value", "premium", "market_cap"),
}


def _dated_ask(a: Analysis) -> bool:
    """A figure of a date or period is asked (prices, changes): a year in the question bounds it, not the listing."""
    return a.has("changes") or any(h.entry.key in _DATED for h in a.of("measures"))


EACH = ("각각", "each", "respectively", "개씩", "따로")
_RANGE_WORDS = ("부터", "~", "-", "에서", " to ", "through", "until")


def ranged(a: Analysis) -> bool:
    """2016년부터 2018년까지, 2016~2018: the first two dates said as the ends of a range."""
    if len(a.dates) < 2:
        return False
    between = a.t.lower[a.dates[0].end : a.dates[1].start]
    return any(w in between for w in _RANGE_WORDS)


def each_or_range(a: Analysis) -> bool:
    return ranged(a) or any(w in a.t.lower for w in EACH)


def listing_age(a: Analysis, n) -> bool:
    """A number of time units said of the listing: 상장한 지 1년, listed less than 6 months ago."""
    return n.unit in UNIT_DAYS and (
        "상장" in a.t.text[max(0, n.start - 8) : n.start] or "listed" in a.t.lower[max(0, n.start - 24) : n.start]
    )


def listed_within(n, op: ir.Op, latest: date | None) -> ir.Listed | None:
    """'상장한 지 1년 안 된' (lt / le) → listed after latest - 1 year; '3년 넘은' (gt / ge) → listed before it."""
    days = UNIT_DAYS.get(n.unit)
    if days is None or latest is None:
        return None
    edge = latest - timedelta(days=int(days * n.value))
    return ir.Listed(start=edge) if op in (ir.Op.LT, ir.Op.LE) else ir.Listed(end=edge)


def listing_years(a: Analysis) -> list[ir.Listed]:
    """Each year named with 상장 and no before/after word (2024년이랑 2025년 상장한): one Listed per year."""
    out = []
    for m in a.dates:
        if m.year is None or m.month is not None or not _listing_date(a, m):
            continue
        for year in (*_bare_years_before(a, m.start), m.year):
            bound = ir.Listed(start=date(year, 1, 1), end=date(year, 12, 31))
            if bound not in out:
                out.append(bound)
    return sorted(out, key=lambda b: b.start or date.min)


def _bare_years_before(a: Analysis, start: int) -> list[int]:
    """2019 2020 2021년: years written bare before the one that says 년, separated only by spaces or commas."""
    out: list[int] = []
    for n in sorted((n for n in a.numbers if n.end <= start), key=lambda n: -n.start):
        bare_year = not n.unit and n.value == int(n.value) and 1990 <= n.value <= 2100
        if not bare_year or a.t.text[n.end : start].strip(" ,"):
            break
        out.append(int(n.value))
        start = n.start
    return out


_RELATIVE_YEARS = {"올해": 0, "금년": 0, "this year": 0, "작년": 1, "지난해": 1, "last year": 1, "재작년": 2}


_WITHIN = re.compile(
    r"(\d+)\s*(년|개월|달|주일|주|일)\s*(?:안에|안|이내|내에|내|미만)\s*(?:에\s*)?(?:상장|나온|나왔|출시|생긴)"
    r"|listed (?:in|within|over) the (?:last|past) (\d+) (year|month|week|day)s?"
)
_EN_UNITS = {"year": "년", "month": "개월", "week": "주", "day": "일"}


def listed_lately(a: Analysis, latest: date | None) -> ir.Listed | None:
    """올해 상장한 / 작년에 나온 (a year counted back) or 1년 안에 상장한 / listed in the last 6 months (a span)."""
    m = _WITHIN.search(a.t.lower)
    if m is not None and latest is not None:
        value, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), _EN_UNITS[m.group(4)])
        return ir.Listed(start=latest - timedelta(days=UNIT_DAYS[unit] * int(value)))
    return listed_relative_year(a, latest)


def listed_relative_year(a: Analysis, latest: date | None) -> ir.Listed | None:
    """올해(2025) 상장한, 작년에 나온, listed this year: the year counted back from the latest price date."""
    if latest is None:
        return None
    for word, back in _RELATIVE_YEARS.items():
        at = a.t.lower.find(word)
        after = a.t.lower[at : at + len(word) + 14]
        if at >= 0 and (any(w in after for w in LISTING_WORDS) or "listed" in a.t.lower[max(0, at - 16) : at]):
            year = latest.year - back
            return ir.Listed(start=date(year, 1, 1), end=date(year, 12, 31))
    return None


def listed_bounds(a: Analysis) -> ir.Listed | None:
    """2025년 이후 상장 → Listed(start=2025-01-01); 2024-06-01 이전 → Listed(end=…)."""
    if (
        not any(h.entry.key in ("listing_date",) for h in a.of("measures"))
        and not any(w in a.t.text for w in LISTING_WORDS)
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
        if word is None and len(a.dates) == 1 and a.t.text[m.end : m.end + 3].lstrip().startswith("부터"):
            word = "after"  # 2020년부터 (no end said): listed from then on
        part = part_of_year(a, m) if m.month is None else None
        if word is None and part is not None:  # 2024년 하반기에 상장한
            last = calendar.monthrange(m.year, part[1])[1]
            return ir.Listed(start=date(m.year, part[0], 1), end=date(m.year, part[1], last))
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
