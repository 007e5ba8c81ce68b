"""Landing KRX datasets in raw.*: one dataset and one date per call, in one transaction (delete that date + COPY).

Everything is fetched and parsed before the transaction starts, so a KRX failure or a malformed answer never
touches the table; an error inside the transaction (e.g. a constraint) rolls back to the previous rows.
A date the source says had no trading leaves the table untouched. Each call returns a LoadResult that a
Dagster asset turns into metadata.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import polars as pl
import psycopg
from psycopg import sql
from psycopg.pq import TransactionStatus

from orchestration.lib.krx import KrxClient
from orchestration.lib.krx.datasets import (
    ETF_HOLDINGS,
    ETF_MASTER,
    ETF_PRICES,
    KIND_COMPANIES,
    KOFIA_FEES,
    STOCK_MASTER,
    Dataset,
    Kind,
)
from orchestration.lib.krx.parser import KrxTable
from orchestration.lib.universe import etf_universe

RAW_SCHEMA = "raw"
PREVIEW_ROWS = 5
# COPY's NULL marker, distinct from an empty string (which polars writes as "").
COPY_NULL = r"\N"


@dataclass(frozen=True)
class LoadResult:
    dataset: str
    table: str  # raw.<table>
    partition_date: date  # trade date, or the date of the snapshot loaded
    rows: int
    source: str  # live / replay / record
    trading_day: bool  # False: the source had nothing for that date and the table was left as it was
    duration_s: float
    preview: list[dict[str, str]] = field(default_factory=list)  # first rows, values as text
    requested: int = 1  # answers asked for (holdings: one per ETF)
    answered: int = 0  # answers that had rows

    @property
    def trade_date(self) -> date:
        """The partition date (the name the daily assets use)."""
        return self.partition_date

    def metadata(self) -> dict[str, Any]:
        """Plain values for Dagster metadata."""
        return {
            "dataset": self.dataset,
            "table": self.table,
            "date": self.partition_date.isoformat(),
            "rows": self.rows,
            "source": self.source,
            "trading_day": self.trading_day,
            "duration_s": round(self.duration_s, 3),
            "requested": self.requested,
            "answered": self.answered,
        }


def load_etf_master(conn: psycopg.Connection, client: KrxClient, as_of: date | None = None) -> LoadResult:
    """ETF master snapshot (MDCSTAT04601) as of `as_of` (replay: the nearest snapshot; live: today's)."""
    return _load_one(conn, client, ETF_MASTER, as_of)


def load_stock_master(conn: psycopg.Connection, client: KrxClient, as_of: date | None = None) -> LoadResult:
    """Stock master snapshot (MDCSTAT01901, all markets)."""
    return _load_one(conn, client, STOCK_MASTER, as_of)


def load_kind_companies(conn: psycopg.Connection, client: KrxClient, as_of: date | None = None) -> LoadResult:
    """KIND listed companies (industries)."""
    return _load_one(conn, client, KIND_COMPANIES, as_of)


def load_kofia_fees(conn: psycopg.Connection, client: KrxClient, as_of: date | None = None) -> LoadResult:
    """KOFIA fund fees and TER (replay/record directories only; live has no KOFIA fetch)."""
    return _load_one(conn, client, KOFIA_FEES, as_of)


def load_etf_prices(conn: psycopg.Connection, client: KrxClient, trade_date: date) -> LoadResult:
    """All ETFs' quotes of one trade date (MDCSTAT04301)."""
    return _load_one(conn, client, ETF_PRICES, trade_date)


def load_snapshots(conn: psycopg.Connection, client: KrxClient, dataset: str) -> list[LoadResult]:
    """Every snapshot date the source has for a master/list dataset (replay: each file; live: today)."""
    loaders = {
        "etf_master": load_etf_master,
        "stock_master": load_stock_master,
        "kind_companies": load_kind_companies,
        "kofia_fees": load_kofia_fees,
    }
    if dataset not in loaders:
        raise ValueError(f"{dataset!r} is not a snapshot dataset; one of {', '.join(loaders)}")
    return [loaders[dataset](conn, client, day) for day in client.available_dates(dataset)]


def load_etf_holdings(
    conn: psycopg.Connection, client: KrxClient, trade_date: date, etf_isins: Iterable[str] | None = None
) -> LoadResult:
    """Holdings (PDF, MDCSTAT05001) of one trade date, asked per ETF ISIN; `etf_isins` defaults to the date's
    universe (orchestration.lib.universe: masters, that day's quotes, the replay's recording of the date).

    An ETF whose answer is empty or a holiday answer contributes no rows; when no ETF has rows the date is
    not a trading day and the table keeps what it had.
    """
    started = time.monotonic()
    universe = etf_universe(conn, client, trade_date).isins if etf_isins is None else etf_isins
    isins = sorted(set(universe))
    rows: list[dict[str, Any]] = []
    answered = 0
    for isin in isins:
        table = client.etf_holdings(trade_date, isin)
        if table.rows:
            answered += 1
            rows.extend(table.rows)
    return _replace(conn, ETF_HOLDINGS, trade_date, rows, bool(rows), client.kind, started, len(isins), answered)


def _load_one(conn: psycopg.Connection, client: KrxClient, dataset: Dataset, day: date | None) -> LoadResult:
    started = time.monotonic()
    table: KrxTable = client.fetch(dataset, day)
    answered = 1 if table.rows else 0
    return _replace(conn, dataset, table.day, table.rows, table.trading_day, client.kind, started, 1, answered)


def _replace(
    conn: psycopg.Connection,
    dataset: Dataset,
    day: date,
    rows: list[dict[str, Any]],
    trading_day: bool,
    source: str,
    started: float,
    requested: int,
    answered: int,
) -> LoadResult:
    if trading_day:
        frame = shape(dataset, rows, source)
        replace_partition(conn, dataset, day, frame)
    return LoadResult(
        dataset=dataset.name,
        table=f"{RAW_SCHEMA}.{dataset.table}",
        partition_date=day,
        rows=len(rows) if trading_day else 0,
        source=source,
        trading_day=trading_day,
        duration_s=time.monotonic() - started,
        preview=[{key: _text(value) for key, value in row.items()} for row in rows[:PREVIEW_ROWS]],
        requested=requested,
        answered=answered,
    )


def _polars_type(dataset: Dataset, column: str) -> pl.DataType:
    if column == dataset.date_column:
        return pl.Date()
    if column == "line_no":
        return pl.Int32()
    spec = next((c for c in dataset.columns if c.name == column), None)
    if spec is None or spec.kind is Kind.TEXT:
        return pl.String()
    if spec.kind is Kind.INT:
        return pl.Int64()
    if spec.kind is Kind.DECIMAL:
        return pl.Decimal(spec.precision, spec.scale)
    return pl.Date()


def shape(dataset: Dataset, rows: Sequence[dict[str, Any]], source: str) -> pl.DataFrame:
    """Parsed rows as a frame with the raw table's columns and types (plus _source)."""
    schema = {name: _polars_type(dataset, name) for name in dataset.table_columns}
    columns = {name: [row[name] for row in rows] for name in dataset.table_columns}
    return pl.DataFrame(columns, schema=schema).with_columns(pl.lit(source, dtype=pl.String()).alias("_source"))


def replace_partition(conn: psycopg.Connection, dataset: Dataset, day: date, frame: pl.DataFrame) -> None:
    """Delete the date's rows and COPY the frame in, in one transaction (all or nothing)."""
    _require_idle(conn)
    target = sql.Identifier(RAW_SCHEMA, dataset.table)
    delete = sql.SQL("delete from {} where {} = %s").format(target, sql.Identifier(dataset.date_column))
    copy = sql.SQL("copy {} ({}) from stdin with (format csv, null {})").format(
        target, sql.SQL(", ").join(map(sql.Identifier, frame.columns)), sql.Literal(COPY_NULL)
    )
    payload = frame.write_csv(include_header=False, null_value=COPY_NULL).encode("utf-8")
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute(delete, (day,))
        with cursor.copy(copy) as stream:
            stream.write(payload)


def _require_idle(conn: psycopg.Connection) -> None:
    # A transaction already open would turn ours into a savepoint, committed only with the caller's.
    if conn.info.transaction_status != TransactionStatus.IDLE:
        raise RuntimeError("raw loads run their own transaction: pass a connection with no transaction open")


def _text(value: object) -> str:
    return "" if value is None else str(value)
