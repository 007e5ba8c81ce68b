"""Portfolio look-through: ETF positions (KRW amounts or units) spread over the instruments the ETFs hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from query_api import validation
from query_api.db import Database, fetch_all, load_sql
from query_api.errors import BadInput, NotFound
from query_api.schemas.portfolio import ExposureRequest


class PortfolioService:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def exposure(self, request: ExposureRequest) -> dict[str, Any]:
        date = validation.date(request.date)
        tickers = [validation.ticker(p.ticker) for p in request.positions]
        if len(set(tickers)) != len(tickers):
            raise BadInput("each ETF may appear only once in positions")
        for p in request.positions:
            if (p.amount_krw is None) == (p.units is None):
                raise BadInput(f"position {p.ticker}: give exactly one of amount_krw or units")

        async with self.db.connection() as conn:
            etfs = {
                r["ticker"]: r for r in await fetch_all(conn, load_sql("portfolio_etfs"), _etf_params(tickers, date))
            }
            missing = [t for t in tickers if t not in etfs]
            if missing:
                raise NotFound(f"ETF(s) not in the data: {', '.join(missing)}")
            positions = [_value(p.ticker.strip().upper(), p.amount_krw, p.units, etfs) for p in request.positions]
            covered = [p for p in positions if p["holdings_date"] is not None]
            params = {
                "tickers": [p["ticker"] for p in covered],
                "amounts": [p["amount_krw"] for p in covered],
                "dates": [dt.date.fromisoformat(p["holdings_date"]) for p in covered],
                "limit": request.top,
            }
            rows = await fetch_all(conn, load_sql("portfolio_lookthrough"), params) if covered else []

        total = sum(p["amount_krw"] for p in positions)
        exposures = [
            {
                **row,
                "amount_krw": round(float(row["amount_krw"]), 0),
                "weight_pct": round(float(row["amount_krw"]) / total * 100.0, 4) if total else 0.0,
            }
            for row in rows
        ]
        uncovered = [p["ticker"] for p in positions if p["holdings_date"] is None]
        dates = sorted({p["holdings_date"] for p in covered})
        note = (
            f"look-through on holdings of {', '.join(dates) or 'no date'}; positions in units are valued at the latest"
            " close; weights are shares of the whole portfolio"
        )
        return {
            "total_krw": total,
            "positions": positions,
            "exposures": exposures,
            "uncovered": uncovered,
            "note": note,
        }


def _etf_params(tickers: list[str], date: dt.date | None) -> dict[str, Any]:
    return {"tickers": tickers, "date": date}


def _value(ticker: str, amount: float | None, units: int | None, etfs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    etf = etfs[ticker]
    price = etf.get("close_price")
    if amount is None:
        if not price:
            raise BadInput(f"position {ticker}: no price in the data to value units; give amount_krw instead")
        amount = float(price) * (units or 0)
    return {
        "ticker": ticker,
        "name": etf.get("name"),
        "amount_krw": float(amount),
        "units": units,
        "price_krw": price,
        "price_date": etf.get("price_date"),
        "holdings_date": etf.get("holdings_date"),
    }
