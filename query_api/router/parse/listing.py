"""Listing dates read off an analysed question — a year said with 상장 (each year, a range, bounds before / after,
an age: 상장한 지 1년) — and the parts of a year (상반기, 3분기) and units of time both readers share."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from query_api.router import ir
from query_api.router.parse.analyse import Analysis

UNIT_DAYS = {"주": 7, "주일": 7, "개월": 30, "달": 30, "년": 365, "일": 1}  # a number of time units, in days


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


def part_end(a: Analysis, m) -> int:
    after = a.t.lower[m.end : m.end + 6]
    hit = next((w for w in (*_HALVES, "분기") if w in after), None)
    return m.end + after.index(hit) + len(hit) if hit else m.end


EN_LISTING_WORDS = ("listed", "launched", "came out", "came to market", "hit the market")
LISTING_WORDS = ("상장", "나온", "나왔", "출시", "설정된", "생긴", "데뷔")  # 2023년에 나온 ETF: listed in 2023


def listed_words(a: Analysis) -> bool:
    """상장한 / 출시된 / listed: the sentence speaks of listing (a number of months beside it is an age)."""
    return any(w in a.t.text for w in LISTING_WORDS) or any(w in a.t.lower for w in EN_LISTING_WORDS)


def listing_mention(a: Analysis, m) -> bool:
    end = m.end
    for other in a.dates:  # 2020년 2021년 2022년 각각 … 상장, 2016년부터 2018년까지 연도별 상장: the run's listing word
        if end < other.start <= end + 6:
            end = other.end
    near = a.t.text[end : end + 12] + a.t.text[max(0, m.start - 6) : m.start]
    if m.month is None and any(w in a.t.text for w in LISTING_WORDS) and not dated_ask(a):
        return True  # 2022 2023 2024년 각각 해외 ETF 몇 개씩 상장했어: the sentence's verb is the listing
    return (
        any(w in near for w in LISTING_WORDS)
        or any(w in a.t.lower[m.end : m.end + 16] for w in EN_LISTING_WORDS)
        or (
            m.month is None
            and not dated_ask(a)
            and any(w in a.t.lower[max(0, m.start - 40) : m.start] for w in EN_LISTING_WORDS)
        )
        or "list" in a.t.lower[max(0, m.start - 16) : m.start]
    )


# Measures of a date or period (a year beside them bounds the figure, not the listing).
_DATED = {
    *("return", "close", "nav", "high", "low", "open", "change_pct"),
    *("volume", "traded_value", "premium", "market_cap"),
}


def dated_ask(a: Analysis) -> bool:
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
        if m.year is None or m.month is not None or not listing_mention(a, m):
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
        if m.year is None or not listing_mention(a, m):
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
