"""The words a parse could not use, said back as the user wrote them, and the facts a "not in the data" answer
names (about what, the dates held)."""

from __future__ import annotations

import re

from query_api.router.parse.analyse import Analysis
from query_api.router.parse.dictionary import Dictionary

# What a "not in the data" answer says is held instead, of an ETF and of a stock.
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
STOCK_HELD = ("업종", "시장", "편입 ETF 수")
JAMO_ONLY = re.compile(r"[\u1100-\u11ff\u3131-\u318e]+")
SLASHED = re.compile(r"(?<![A-Za-z])[A-Za-z]/[A-Za-z](?![A-Za-z])")  # P/E, P/B: ratios, not two letters


def unknown_words(a: Analysis) -> list[str]:
    out = [m.group() for m in SLASHED.finditer(a.t.text) if not any(k.start <= m.start() < k.end for k in a.links)]
    for tok in a.unused():
        if tok.tag == "SL" and tok.form.isascii() and len(tok.form) <= 2:
            continue
        if JAMO_ONLY.fullmatch(a.t.text[tok.start : tok.end]):  # ㄱㄱ, ㅋㅋ, ㅠㅠ: chat noise
            continue
        word = _word_of(a, tok.start, tok.end)
        if word not in out:
            out.append(word)
    return out


_TRAILING = re.compile(r"(?:이랑|에서|으로|이야|이에요|은|는|이|가|을|를|의|도|에|로|랑|와|과|야|임)$")


def _word_of(a: Analysis, start: int, end: int) -> str:
    """An unknown piece as the user wrote it: its whole word (운용|역 → 운용역, 분배|금 → 분배금) without a trailing
    particle, unless the word also holds a name or a number."""
    s = a.t.text.rfind(" ", 0, start) + 1
    e = a.t.text.find(" ", end)
    e = len(a.t.text) if e < 0 else e
    if any(k.start < e and s < k.end for k in a.links) or any(n.start < e and s < n.end for n in a.numbers):
        return a.t.text[start:end]
    word = a.t.text[s:e].rstrip("?!.,")
    bare = _TRAILING.sub("", word)
    return bare if len(bare) >= 2 else word


def invented_names(a: Analysis, d: Dictionary) -> list[tuple[str, str]]:
    """'타이거 화장품레버리지', 'KODEX 은행인버스': a real ETF's name with a qualifier glued on that no ETF's name has —
    a product that does not exist, said with the real name it was built from (surface, that name)."""
    from query_api.router.parse.text import norm

    out = []
    for k in a.entities("etf"):
        end = a.t.text.find(" ", k.end)
        rest = _TRAILING.sub("", a.t.text[k.end : len(a.t.text) if end < 0 else end].rstrip("?!.,"))
        glued = [h for h in a.of("qualifiers") if h.start == k.end and a.t.text[k.end : h.end] == rest]
        if (
            rest
            and glued
            and norm(k.name + rest) not in d.terms
            and norm(a.t.text[k.start : k.end] + rest) not in d.terms
        ):
            out.append((a.t.text[k.start : k.end] + rest, k.name))
    return out


def unknown_codes(a: Analysis, d: Dictionary) -> list[str]:
    from query_api.router.parse.text import CODE_RE

    out = []
    for m in CODE_RE.finditer(a.t.text):
        code = m.group(1)
        if any(k.start <= m.start() < k.end for k in a.links):
            continue
        if sum(ch.isdigit() for ch in code) >= 4 and not code.startswith("20"):
            out.append(code)
    return out


def terms(a: Analysis, section: str) -> tuple[str, ...]:
    return tuple(a.t.text[h.start : h.end] for h in a.of(section))


def about(etfs, stocks):
    return etfs[0] if etfs else stocks[0] if stocks else None


def held_period(d: Dictionary) -> tuple[str, ...]:
    dd = d.data_dates
    out = []
    if dd.first_price:
        out.append(f"가격 {dd.first_price}..{dd.last_price}")
    if dd.first_holdings:
        out.append(f"보유종목 {dd.first_holdings}..{dd.last_holdings}")
    return tuple(out)
