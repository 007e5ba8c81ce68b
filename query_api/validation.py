"""Normalisation of path and query values (tickers, codes, dates, text) after the declared constraints.

The constraints themselves are declared once in `query_api.schemas.params` (and enforced by msgspec from the OpenAPI
declaration); these helpers upper-case codes, parse dates and strip text, and reject only what a schema cannot say
(a calendar date that does not exist), so nothing the schema accepts is refused here.
"""

from __future__ import annotations

import datetime as dt
import re

from query_api.errors import BadInput

TICKER_RE = re.compile(r"^[0-9A-Z]{6}$")  # KRX short codes, alphanumeric since 2024 (e.g. 0000D0)
INSTRUMENT_RE = re.compile(r"^[0-9A-Z]{6}$|^[0-9A-Z]{12}$")  # 6-char tickers or 12-char codes/ISINs
MAX_LIMIT = 500


def ticker(value: str) -> str:
    value = value.strip().upper()
    if not TICKER_RE.match(value):
        raise BadInput(f"invalid ETF ticker {value[:20]!r}: expected 6 letters or digits, e.g. 069500")
    return value


def instrument_code(value: str) -> str:
    value = value.strip().upper()
    if not INSTRUMENT_RE.match(value):
        raise BadInput(f"invalid instrument code {value[:20]!r}: expected a 6-character ticker or a 12-character code")
    return value


def date(value: str | None, name: str = "date") -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        parsed = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(f"invalid {name} {value[:20]!r}: expected YYYY-MM-DD") from None
    if len(value.strip()) != 10:
        raise BadInput(f"invalid {name} {value[:20]!r}: expected YYYY-MM-DD")
    return parsed


def limit(value: int, maximum: int = MAX_LIMIT) -> int:
    if value < 1 or value > maximum:
        raise BadInput(f"limit must be between 1 and {maximum}")
    return value


def text(value: str, name: str, max_length: int) -> str:
    cleaned = value.strip()
    if not cleaned:
        raise BadInput(f"{name} must not be empty")
    if len(cleaned) > max_length:
        raise BadInput(f"{name} is too long (at most {max_length} characters)")
    if "\x00" in cleaned:
        raise BadInput(f"{name} must not contain NUL characters")
    return cleaned
