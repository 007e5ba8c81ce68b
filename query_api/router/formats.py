"""Number formats for answers: percentages, KRW in 조/억원 (or bn/tn in English), prices in 원."""

from __future__ import annotations

import re
from typing import Any


def num(value: Any) -> float | None:
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def pct(value: Any, digits: int = 2, signed: bool = False) -> str:
    v = num(value)
    if v is None:
        return "-"
    text = f"{v:.{digits}f}".rstrip("0").rstrip(".") if digits > 2 else f"{v:.{digits}f}"
    if signed and v > 0:
        text = "+" + text
    return text + "%"


def fee(value: Any) -> str:
    """Fees keep up to 4 decimals (0.0099%), without trailing zeros."""
    v = num(value)
    if v is None:
        return "-"
    return f"{v:.4f}".rstrip("0").rstrip(".") + "%"


def krw_big(value: Any, lang: str = "ko") -> str:
    v = num(value)
    if v is None:
        return "-"
    if lang != "ko":
        if abs(v) >= 1e12:
            return f"KRW {v / 1e12:,.2f} trillion"
        if abs(v) >= 1e9:
            return f"KRW {v / 1e9:,.1f} billion"
        return f"KRW {v:,.0f}"
    eok = round(v / 1e8)
    if abs(eok) >= 10000:
        jo, rest = divmod(abs(eok), 10000)
        sign = "-" if eok < 0 else ""
        return f"{sign}{jo:,}조 {rest:,}억원" if rest else f"{sign}{jo:,}조원"
    if abs(v) >= 1e8:
        return f"{eok:,}억원"
    return f"{v / 1e4:,.0f}만원"  # 83,745,765 → 8,375만원, not 1억원


def won(value: Any, lang: str = "ko") -> str:
    v = num(value)
    if v is None:
        return "-"
    text = f"{v:,.0f}" if v == int(v) else f"{v:,.2f}"
    return f"{text}원" if lang == "ko" else f"KRW {text}"


def count(value: Any) -> str:
    v = num(value)
    return "-" if v is None else f"{v:,.0f}"


def weight(value: Any) -> str:
    return pct(value, 2)


_JOSA_PAIRS = {"을(를)": ("을", "를"), "은(는)": ("은", "는"), "이(가)": ("이", "가"), "과(와)": ("과", "와")}
_DIGIT_BATCHIM = {
    "0": True,
    "1": True,
    "2": False,
    "3": True,
    "4": False,
    "5": False,
    "6": True,
    "7": True,
    "8": True,
    "9": False,
}


def _has_batchim(ch: str) -> bool:
    if "가" <= ch <= "힣":
        return (ord(ch) - 0xAC00) % 28 != 0
    if ch in _DIGIT_BATCHIM:
        return _DIGIT_BATCHIM[ch]
    return ch.lower() in "lmnr"


_JOSA_RE = re.compile(r"을\(를\)|은\(는\)|이\(가\)|과\(와\)")


def fix_josa(text: str) -> str:
    """Pick 을/를, 은/는, 이/가, 과/와 after the word they follow (templates write 을(를) and friends)."""

    def choose(match: re.Match[str]) -> str:
        before = text[: match.start()]
        if before.endswith(")") and "(" in before:  # "KODEX 200(069500)을(를)": the name is what is read
            before = before[: before.rfind("(")]
        before = before.rstrip("'\"’ ")  # '운용역'은: the quoted word decides
        with_batchim, without = _JOSA_PAIRS[match.group()]
        return with_batchim if before and _has_batchim(before[-1]) else without

    return _JOSA_RE.sub(choose, text)
