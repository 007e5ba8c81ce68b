"""The ETF universe of a trade date: every ETF that existed that day, so that the holdings of each are asked for.

Sources, in the order they are merged: the masters (every snapshot's ETFs listed on or before the date), the
date's quotes (MDCSTAT04301; live answers carry ISU_CD, the 2024 replay quotes of ETFs delisted before the
masters carry only the ticker), and what a replay recording holds for the date. Where no source carries an
ETF's ISIN it is derived from the ticker by the check-digit rule (orchestration.lib.isin).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import psycopg
from psycopg.pq import TransactionStatus

from orchestration.lib.isin import is_valid_isin, krx_etf_isin
from orchestration.lib.krx import KrxClient

SQL_DIR = Path(__file__).resolve().parent / "sql"


@cache
def _sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


@dataclass(frozen=True)
class EtfUniverse:
    trade_date: date
    isins: tuple[str, ...]  # sorted, unique
    by_source: dict[str, int] = field(default_factory=dict)  # ISINs each source contributed (before the union)
    derived: tuple[str, ...] = ()  # ISINs computed from a ticker because no source carried them

    def __len__(self) -> int:
        return len(self.isins)

    def metadata(self) -> dict[str, object]:
        sources = {f"from_{k}": v for k, v in self.by_source.items()}
        return {"etfs": len(self.isins), **sources, "derived": len(self.derived)}


def merge_universe(
    trade_date: date, known: Iterable[tuple[str, str | None, str | None]], recorded: Iterable[str] = ()
) -> EtfUniverse:
    """The universe from `(source, ticker, isin)` rows and a recording's ISINs (pure).

    A row without a usable ISIN gets `krx_etf_isin(ticker)`; a row with neither a ticker nor a valid ISIN is
    skipped (it cannot be asked for). The recording's ISINs are taken as they are.
    """
    found: set[str] = set()
    derived: set[str] = set()
    by_source: dict[str, int] = {}
    for source, ticker, isin in known:
        code = (isin or "").strip().upper()
        if not is_valid_isin(code):
            if not ticker:
                continue
            try:
                code = krx_etf_isin(ticker)
            except ValueError:
                continue
            derived.add(code)
        by_source[source] = by_source.get(source, 0) + 1
        found.add(code)
    recording = {isin for isin in recorded if isin}
    if recording:
        by_source["recording"] = len(recording)
    return EtfUniverse(trade_date, tuple(sorted(found | recording)), by_source, tuple(sorted(derived)))


def etf_universe(conn: psycopg.Connection, client: KrxClient, trade_date: date) -> EtfUniverse:
    """Every ETF of `trade_date` from raw.krx_etf_master, raw.krx_etf_prices of that date (load them first) and the
    source's recording of the date (replay)."""
    if conn.info.transaction_status != TransactionStatus.IDLE:
        raise RuntimeError("etf_universe reads in its own transaction: pass a connection with no transaction open")
    with conn.transaction():
        rows = conn.execute(_sql("etf_universe"), {"trade_date": trade_date}).fetchall()
    return merge_universe(trade_date, rows, client.recorded_etfs(trade_date))
