"""What the compiler produces and the small builder it writes SQL with.

A `Statement` is one query (SQL over the marts, or Cypher over the graph) with its parameters; the text comes only
from the compiler's own fragments and registry entries, values only as psycopg parameters `%(name)s` (Cypher:
`$name`, through cypher()'s third argument). `Builder` allocates parameter names and collects the CTEs of one
statement (chains become CTEs of the statement that reads them).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    SQL = "sql"
    CYPHER = "cypher"


class Source(StrEnum):
    """Where a measure is read from (decides the joins a select needs)."""

    DIM = "dim_etf"  # marts.dim_etf, the latest master
    PRICE = "price"  # marts.fct_etf_prices on the price date (the date asked, or the nearest earlier one)
    RETURN = "return"  # two closes of marts.fct_etf_prices: end date vs the last close on or before the start
    HOLDINGS = "holdings"  # marts.fct_etf_holdings on the holdings date


class Unit(StrEnum):
    PCT = "pct"  # a percentage, 2 decimals
    FEE = "fee"  # a fee in % p.a., up to 4 decimals
    KRW_BIG = "krw_big"  # 억/조 원
    WON = "won"  # a price in 원
    COUNT = "count"  # a count (개, 주)
    DATE = "date"
    TEXT = "text"
    MULTIPLE = "multiple"  # 2배, -1배


@dataclasses.dataclass(frozen=True)
class Ctx:
    """What the compiler knows about the data: the date asked (None: latest) and the graph's holdings date."""

    as_of: date | None = None
    graph_as_of: date | None = None
    latest_holdings: date | None = None
    use_graph: bool = True
    # the dates the data holds, ascending (from the parser's Dictionary.data_dates): dates are resolved here rather
    # than by max(trade_date) in SQL (fct_etf_prices is keyed by ticker first: that max is a scan). Empty: in SQL.
    price_dates: tuple[date, ...] = ()
    holdings_dates: tuple[date, ...] = ()


@dataclasses.dataclass(frozen=True)
class Statement:
    channel: Channel
    purpose: str
    text: str
    params: dict[str, Any]
    columns: tuple[str, ...] = ()  # Cypher result columns
    depends_on: tuple[int, ...] = ()
    tables: tuple[tuple[str, str | None], ...] = ()  # (source label, row column holding its as-of date)
    role: str = "main"  # what the renderer reads it as


class Builder:
    """Parameters and CTEs of one SQL statement."""

    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.params: dict[str, Any] = {"as_of": ctx.as_of}
        self.ctes: dict[str, str] = {}
        self.memo: dict[str, str] = {}  # CTEs shared within the statement (one date CTE per date asked)
        self._n = 0

    def param(self, value: Any, cast: str | None = None) -> str:
        self._n += 1
        name = f"p{self._n}"
        self.params[name] = value
        return f"%({name})s" + (f"::{cast}" if cast else "")

    def cte(self, name: str, body: str) -> str:
        """Register a CTE (once per name) and return its name."""
        if name not in self.ctes:
            self.ctes[name] = body
        return name

    def fresh(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    def as_of(self, day: date | None) -> str:
        """The parameter of a date asked: the statement's own `as_of`, or a new one for a node's own date."""
        if day is None or day == self.ctx.as_of:
            return "%(as_of)s::date"
        return self.param(day, "date")

    def sql(self, body: str) -> str:
        if not self.ctes:
            return body
        ctes = ",\n".join(f"{name} as (\n{text}\n)" for name, text in self.ctes.items())
        return f"with {ctes}\n{body}"
