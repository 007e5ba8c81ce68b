"""ISINs (ISO 6166) of KRX-listed ETFs: `KR7` + 6-character ticker + `00` + check digit.

The check digit is the Luhn digit of the payload with letters replaced by 10..35 (A=10 … Z=35), doubling from
the rightmost digit. It is what dbt_project/macros/isin.sql computes in SQL; both are tested against every ISIN
the ETF masters carry. KRX tickers are alphanumeric since 2024 (e.g. 0000D0 → KR70000D0009).
"""

from __future__ import annotations

import re

TICKER = re.compile(r"[0-9A-Z]{6}")
ISIN = re.compile(r"[A-Z]{2}[0-9A-Z]{9}[0-9]")


def isin_check_digit(payload: str) -> str:
    """The ISO 6166 check digit of an 11-character payload of upper-case letters and digits."""
    if len(payload) != 11 or not re.fullmatch(r"[0-9A-Z]+", payload):
        raise ValueError(f"an ISIN payload is 11 upper-case letters or digits; got {payload!r}")
    digits = "".join(ch if ch.isdigit() else str(ord(ch) - 55) for ch in payload)
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch)
        if position % 2 == 0:  # the rightmost digit and every second one to its left are doubled
            value *= 2
            value = value // 10 + value % 10
        total += value
    return str((10 - total % 10) % 10)


def is_valid_isin(isin: str) -> bool:
    """True when `isin` has the ISIN shape and its last character is the payload's check digit."""
    return bool(ISIN.fullmatch(isin)) and isin_check_digit(isin[:11]) == isin[11]


def krx_etf_isin(ticker: str) -> str:
    """The ISIN of a KRX ETF from its ticker: `KR7` + ticker + `00` + check digit."""
    code = ticker.strip().upper()
    if not TICKER.fullmatch(code):
        raise ValueError(f"a KRX ticker is 6 letters or digits; got {ticker!r}")
    payload = f"KR7{code}00"
    return payload + isin_check_digit(payload)


def ticker_of_etf_isin(isin: str) -> str | None:
    """The ticker inside a KRX ETF ISIN (`KR7069500007` → `069500`), None for anything else."""
    if re.fullmatch(r"KR7[0-9A-Z]{6}00[0-9]", isin) and is_valid_isin(isin):
        return isin[3:9]
    return None
