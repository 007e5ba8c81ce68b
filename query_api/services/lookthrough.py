"""Signed look-through arithmetic (pure): what one KRW in an ETF is exposed to, line by line.

An ETF's holdings are per creation unit (CU). One KRW of the ETF holds `value_krw / (NAV × CU units)` KRW of each
line, keeping the sign KRX reports (short futures and swaps are negative; their value is the notional). The
weights of the 2024 files are the crawler's valuation shares (value / Σ signed values): for an ETF with short lines
they exceed 100 % or are negative, so they are used only when no NAV or CU size is known (method `weights`).
A line that is itself an ETF is replaced by that ETF's own look-through, scaled (one level per step, `MAX_DEPTH`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

MAX_DEPTH = 3
DERIVATIVES = frozenset({"future", "option", "swap"})


class Method(StrEnum):
    NAV = "nav"  # value_krw / (NAV × CU units) of the holdings date (or the nearest earlier quote)
    WEIGHTS = "weights"  # the source's weight_pct / 100 (no NAV or CU size known)


@dataclass(frozen=True)
class Line:
    code: str
    name: str | None
    value_krw: float | None
    weight_pct: float | None
    is_cash: bool
    instrument_type: str | None = None
    sector: str | None = None
    is_etf: bool = False


@dataclass
class EtfBook:
    """One ETF's lines on its holdings date and what a CU is worth."""

    ticker: str
    lines: list[Line]
    nav: float | None = None
    cu_qty: int | None = None

    @property
    def method(self) -> Method:
        return Method.NAV if self.nav and self.cu_qty else Method.WEIGHTS

    def factor(self, line: Line) -> float | None:
        """KRW of the line per KRW of the ETF (signed); None when the line has no value or weight."""
        if self.method is Method.NAV:
            return None if line.value_krw is None else line.value_krw / (float(self.nav) * float(self.cu_qty))  # type: ignore[arg-type]
        return None if line.weight_pct is None else line.weight_pct / 100.0


@dataclass
class Exposure:
    line: Line
    amount_krw: float = 0.0
    via: dict[str, float] = field(default_factory=dict)


def spread(
    books: dict[str, EtfBook], ticker: str, amount: float, into: dict[str, Exposure], via: str, depth: int = 0
) -> None:
    """Add `amount` KRW of `ticker` to the per-instrument exposures `into` (via the portfolio position `via`)."""
    book = books[ticker]
    for line in book.lines:
        factor = book.factor(line)
        if factor is None:
            continue
        part = amount * factor
        if line.is_etf and line.code in books and depth < MAX_DEPTH and line.code != ticker:
            spread(books, line.code, part, into, via, depth + 1)
            continue
        exposure = into.setdefault(line.code, Exposure(line))
        exposure.amount_krw += part
        exposure.via[via] = exposure.via.get(via, 0.0) + part


def leg(amount: float) -> str:
    return "long" if amount > 0 else "short" if amount < 0 else "flat"


def as_float(value: Any) -> float | None:
    return None if value is None else float(value)
