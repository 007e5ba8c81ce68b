"""Time read off an analysed question: the time scope (a date, a period, a window, two dates compared) and the
words naming periods outside the data (listing dates: listing.py)."""

from __future__ import annotations

import calendar
import dataclasses
import re
from datetime import date, timedelta

from query_api.router import ir
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.listing import (
    UNIT_DAYS,
    dated_ask,
    listed_words,
    listing_age,
    listing_mention,
    part_end,
    part_of_year,
)
from query_api.router.parse.words import Entry


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


PER_SHARE = re.compile(r"^\s?(?:에|당)")


def per_share(a: Analysis) -> Analysis:
    """한 주에 지금 얼마, 1주당 가격: 주 is a share here, not a week — the price asked, unless a return is."""
    shares = [
        h
        for h in a.of("windows", ir.Window.WEEK_1.value)
        if a.t.text[h.start : h.end].replace(" ", "") in ("한주", "1주")
        and PER_SHARE.match(a.t.text[h.end : h.end + 2])
    ]
    if not shares or a.has("measures", ir.Measure.RETURN.value) or a.has("changes"):
        return a
    kept = [h for h in a.hits if h not in shares]
    if not any(h.entry.section == "measures" for h in kept):
        kept += [dataclasses.replace(h, entry=Entry("measures", ir.Measure.CLOSE.value)) for h in shares[:1]]
    return dataclasses.replace(a, hits=sorted(kept, key=lambda h: (h.start, h.entry.section)))


def _outside_data(a: Analysis, d: Dictionary, span: ir.TimeScope) -> list[str]:
    """The dates said, when every one of them is before the data's first date or after its last (2023년 12월 말)."""
    dd = d.data_dates
    said = [x for x in (span.as_of, span.start, span.end, span.compare_to) if x is not None]
    weighed = a.has("relations", "weight") and not a.has("measures")  # 종가 몇원: '몇' is no weight beside a price
    held = a.has("relations", "holdings") or a.has("relations", "holds") or weighed
    priced = dated_ask(a) and not _changes(a) and not held  # 종가 on a day: the price dates only
    firsts = [x for x in (dd.first_price, None if priced else dd.first_holdings) if x is not None]
    lasts = [x for x in (dd.last_price, None if priced else dd.last_holdings) if x is not None]
    if not said or not firsts or not lasts:
        return []
    if all(x < min(firsts) for x in said) or all(x > max(lasts) for x in said):
        return [a.t.text[m.start : part_end(a, m)] for m in a.dates] or [str(said[0])]
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
        if listing_mention(a, m):
            continue  # a listing-date bound, not a time scope
        exact = m.exact() or _day_without_year(m, d, as_of, holdings=a.has("changes"))
        if exact is not None:
            holdings = (a.has("changes") or a.has("relations", "holdings")) and bool(dd.holdings_dates)
            if holdings:  # 6월 24일 신규 편입: a day the holdings files hold (or a weekend just after one)
                held = any(timedelta(0) <= exact - h <= timedelta(days=HOLDINGS_GAP_DAYS) for h in dd.holdings_dates)
            else:
                held = not dd.first_price or dd.priced(exact)  # not in the break between two runs of quotes
            if not held:
                outside.append(surface)
            return ir.TimeScope(as_of=exact), outside
        if m.month:
            period = _month(m.year, m.month, d, as_of, holdings=_changes(a))  # 12월 들어 빠진 ETF: a price fall
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
                outside.append(a.t.text[m.start : part_end(a, m)])
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
            return ir.TimeScope(window=window), outside + _unquoted_start(a, d, window, as_of, n.start, n.end)
        latest = as_of or dd.last_price
        if latest is not None:
            return ir.TimeScope(start=latest - timedelta(days=int(days * n.value)), end=latest), outside
    windows = a.keys("windows")
    if windows:
        window = ir.Window(windows[0])
        latest = as_of or dd.last_price
        extreme = a.has("measures", "high") or a.has("measures", "low")
        if extreme and window is ir.Window.DAY_1 and not a.has("measures", "return"):
            return ir.TimeScope(), outside  # 오늘 최고가: the latest day's own high
        if extreme and window in WINDOW_DAYS and latest is not None and not a.has("measures", "return"):
            # 최근 일주일 최고가: the window's highest high, a period of days back from the latest
            return ir.TimeScope(start=latest - timedelta(days=WINDOW_DAYS[window]), end=latest), outside
        hit = a.of("windows", window.value)[0]
        return ir.TimeScope(window=window), outside + _unquoted_start(a, d, window, as_of, hit.start, hit.end)
    return ir.TimeScope(), outside


def _unquoted_start(a: Analysis, d: Dictionary, window: ir.Window, as_of: date | None, at: int, end: int) -> list[str]:
    """3개월 수익률 when the quotes break before it: the window's first day has no quote near it, so its return
    cannot be told (not a longer return from the last quote before the break). A listing age is no such window."""
    if not d.data_dates.price_dates or not dated_ask(a) or a.has("changes") or listed_words(a):
        return []
    first = unquoted_from(d, window, as_of)
    return [f"{a.t.text[at:end]} ({first} →)"] if first is not None else []


def unquoted_from(d: Dictionary, window: ir.Window, as_of: date | None) -> date | None:
    """The first day of a window back from the latest quote, when no quote run holds it (else None)."""
    latest = as_of or d.data_dates.last_price
    if latest is None or (window not in WINDOW_DAYS and window is not ir.Window.YTD):
        return None
    first = date(latest.year, 1, 1) if window is ir.Window.YTD else latest - timedelta(days=WINDOW_DAYS[window])
    return None if d.data_dates.priced(first) else first


def return_scope(scope: ir.TimeScope) -> ir.TimeScope:
    """A return read into a period said without one: a month's return runs from the previous month's last close."""
    if scope.start is not None and scope.end is not None and scope.start.day == 1:
        return ir.TimeScope(start=scope.start - timedelta(days=1), end=scope.end)
    return scope


def more_windows(a: Analysis, first: ir.Window) -> tuple[ir.Window, ...]:
    """1주 수익률이랑 한달 수익률 둘다, 1w and 3m returns: the windows said after the first, in the order said."""
    said = [(h.start, ir.Window(h.entry.key)) for h in a.of("windows") if h.entry.key != ir.Window.ALL.value]
    for n in a.numbers:
        window = _WINDOWS.get((int(n.value), n.unit)) if n.value == int(n.value) else None
        if window is not None and not listing_age(a, n):
            said.append((n.start, window))
    return tuple(w for w in dict.fromkeys(w for _, w in sorted(said, key=lambda x: x[0])) if w is not first)


HOLDINGS_GAP_DAYS = 6  # a day this long after a holdings file reads that file; a longer gap is a period not held
# A window as days back from the latest date (for 'figure then vs now'; returns use the calendar in compile.sets)
WINDOW_DAYS = {ir.Window.DAY_1: 1, ir.Window.WEEK_1: 7, ir.Window.MONTH_1: 30, ir.Window.MONTH_3: 91}
WINDOW_DAYS |= {ir.Window.MONTH_6: 182, ir.Window.YEAR_1: 365}
THIS_MONTH = re.compile(r"이번\s?달|이달|this month|month to date|mtd")
# Parts of a year after (or before) the year: 상반기 / 하반기 / 3분기 / H2 / Q3 / first half of → (first, last month)
_AGAINST = re.compile(r"\bvs\.?\b|versus|이랑|랑|과|와|\band\b|하고")
RANGE_WORDS = ("부터", "~", "에서", "대비", "from", "since")


def _span(a: Analysis, d: Dictionary, as_of: date | None) -> ir.TimeScope | None:
    """10월 8일부터 10월 말까지 → start..end; 11월 5일 대비 지금 → start..latest; 11월 한 달 → that month."""
    ds = [m for m in a.dates if not listing_mention(a, m)]
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
