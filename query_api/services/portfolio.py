"""Portfolio look-through: ETF positions (KRW amounts or units) spread over what the ETFs hold, signed.

Exposure per instrument = position × (instrument value ÷ ETF net value), the net value being NAV × CU units of the
holdings date (or the nearest earlier quote); short lines keep their sign, futures and swaps count at their notional,
and ETFs held by ETFs are looked through (services.lookthrough). With `date`, holdings are the latest on or before
it and positions in units are valued at the close of that date or the nearest earlier one; the response says which.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from query_api import validation
from query_api.db import Database, fetch_all, load_sql
from query_api.errors import BadInput, NotFound
from query_api.schemas.portfolio import ExposureRequest
from query_api.services.lookthrough import DERIVATIVES, MAX_DEPTH, EtfBook, Exposure, Line, as_float, leg, spread


class PortfolioService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def exposure(self, request: ExposureRequest) -> dict[str, Any]:
        date = validation.date(request.date)
        # The same ETF may come in several positions (lots; the schema cannot forbid repeats): each is listed, and
        # their exposures add up.
        tickers = [validation.ticker(p.ticker) for p in request.positions]
        for p in request.positions:
            if (p.amount_krw is None) == (p.units is None):
                raise BadInput(f"position {p.ticker}: give exactly one of amount_krw or units")

        async with self.db.connection() as conn:
            etfs = await _etfs(conn, tickers, date)
            missing = [t for t in tickers if t not in etfs]
            if missing:
                raise NotFound(f"ETF(s) not in the data: {', '.join(missing)}")
            positions = [
                _value(t, p.amount_krw, p.units, etfs[t], date) for t, p in zip(tickers, request.positions, strict=True)
            ]
            books = await _books(conn, {t: etfs[t] for t in tickers if etfs[t]["holdings_date"] is not None})

        exposures: dict[str, Exposure] = {}
        for position in positions:
            if position["ticker"] not in books:
                continue
            own: dict[str, Exposure] = {}
            spread(books, position["ticker"], position["amount_krw"], own, position["ticker"])
            non_cash = sum(e.amount_krw for e in own.values() if not e.line.is_cash)
            position["non_cash_krw"] = round(non_cash, 0)
            position["exposure_multiple"] = round(non_cash / position["amount_krw"], 4)
            for code, part in own.items():
                merged = exposures.setdefault(code, Exposure(part.line))
                merged.amount_krw += part.amount_krw
                for via, amount in part.via.items():
                    merged.via[via] = merged.via.get(via, 0.0) + amount
        return _response(request, date, positions, exposures)


async def _etfs(conn: Any, tickers: list[str], date: dt.date | None) -> dict[str, dict[str, Any]]:
    rows = await fetch_all(conn, load_sql("portfolio_etfs"), {"tickers": tickers, "date": date})
    return {r["ticker"]: r for r in rows}


async def _books(conn: Any, etfs: dict[str, dict[str, Any]]) -> dict[str, EtfBook]:
    """The lines of each ETF on its holdings date, and of the ETFs they hold (on or before the same date)."""
    books: dict[str, EtfBook] = {}
    wanted = etfs
    for _ in range(MAX_DEPTH + 1):
        if not wanted:
            break
        params = {
            "tickers": list(wanted),
            "dates": [dt.date.fromisoformat(e["holdings_date"]) for e in wanted.values()],
        }
        lines: dict[str, list[Line]] = {t: [] for t in wanted}
        nested: set[str] = set()
        for r in await fetch_all(conn, load_sql("portfolio_lookthrough"), params):
            lines[r["ticker"]].append(
                Line(
                    code=r["instrument_code"],
                    name=r["instrument_name"],
                    value_krw=as_float(r["value_krw"]),
                    weight_pct=as_float(r["weight_pct"]),
                    is_cash=bool(r["is_cash"]),
                    instrument_type=r["instrument_type"],
                    sector=r["sector"],
                    is_etf=bool(r["is_etf"]),
                )
            )
            if r["is_etf"] and r["instrument_code"] not in books and r["instrument_code"] not in wanted:
                nested.add(r["instrument_code"])
        for ticker, etf in wanted.items():
            books[ticker] = EtfBook(ticker, lines[ticker], as_float(etf["nav"]), etf["cu_qty"])
        latest = max(dt.date.fromisoformat(e["holdings_date"]) for e in wanted.values())
        found = await _etfs(conn, sorted(nested), latest) if nested else {}
        wanted = {t: e for t, e in found.items() if e["holdings_date"] is not None}
    return books


def _value(
    ticker: str, amount: float | None, units: int | None, etf: dict[str, Any], date: dt.date | None
) -> dict[str, Any]:
    price = as_float(etf.get("close_price"))
    if amount is None:
        if not price:
            raise BadInput(f"position {ticker}: no price in the data to value units; give amount_krw instead")
        amount = price * (units or 0)
    nav, cu_qty = as_float(etf.get("nav")), etf.get("cu_qty")
    return {
        "ticker": ticker,
        "name": etf.get("name"),
        "amount_krw": float(amount),
        "units": units,
        "price_krw": price,
        "price_date": etf.get("price_date"),
        "price_is_of_date": date is None or etf.get("price_date") == date.isoformat(),
        "holdings_date": etf.get("holdings_date"),
        "nav": nav,
        "nav_date": etf.get("nav_date"),
        "cu_qty": cu_qty,
        "leverage_factor": as_float(etf.get("leverage_factor")),
        "method": "nav" if nav and cu_qty else "weights",
        "exposure_multiple": None,
        "non_cash_krw": None,
    }


def _response(
    request: ExposureRequest, date: dt.date | None, positions: list[dict[str, Any]], exposures: dict[str, Exposure]
) -> dict[str, Any]:
    total = sum(p["amount_krw"] for p in positions)
    ordered = sorted(exposures.items(), key=lambda item: (-abs(item[1].amount_krw), item[0]))
    rows = [
        {
            "instrument_code": code,
            "instrument_name": e.line.name,
            "instrument_type": e.line.instrument_type,
            "sector": e.line.sector,
            "is_cash": e.line.is_cash,
            "is_derivative": e.line.instrument_type in DERIVATIVES,
            "leg": leg(e.amount_krw),
            "amount_krw": round(e.amount_krw, 0),
            "weight_pct": round(e.amount_krw / total * 100.0, 4) if total else 0.0,
            "via": [
                {"ticker": t, "amount_krw": round(a, 0)} for t, a in sorted(e.via.items(), key=lambda kv: -abs(kv[1]))
            ],
        }
        for code, e in ordered[: request.top]
    ]
    non_cash = [e.amount_krw for e in exposures.values() if not e.line.is_cash]
    uncovered = [p["ticker"] for p in positions if p["holdings_date"] is None]
    dates = sorted({p["holdings_date"] for p in positions if p["holdings_date"]})
    prices = sorted({p["price_date"] for p in positions if p["price_date"]})
    asked = f"on or before {date.isoformat()}" if date else "latest"
    note = (
        f"holdings of {', '.join(dates) or 'no date'} ({asked}); units valued at closes of {', '.join(prices) or '-'}; "
        "exposure = position × line value ÷ (NAV × CU units), signed (short = negative, futures/swaps at notional), "
        "ETFs held by ETFs looked through; weight_pct = share of the portfolio's total"
    )
    return {
        "date": date.isoformat() if date else None,
        "total_krw": total,
        "non_cash_krw": round(sum(non_cash), 0),
        "long_krw": round(sum(a for a in non_cash if a > 0), 0),
        "short_krw": round(sum(a for a in non_cash if a < 0), 0),
        "positions": positions,
        "exposures": rows,
        "uncovered": uncovered,
        "note": note,
    }
