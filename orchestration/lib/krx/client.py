"""The KRX client: one method per dataset, any transport, the one parser."""

from __future__ import annotations

import re
from datetime import date
from types import TracebackType

from atlas.config import Settings
from orchestration.lib.krx.datasets import ETF_HOLDINGS, Dataset, get_dataset
from orchestration.lib.krx.parser import KrxTable, parse_csv, parse_response
from orchestration.lib.krx.source import parse_source
from orchestration.lib.krx.transport import Transport

_ISIN = re.compile(r"[A-Z]{2}[A-Z0-9]{9}[0-9]")


class KrxClient:
    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    @property
    def kind(self) -> str:
        """live, replay or record: what the raw tables' _source column and the metadata say."""
        return self.transport.kind

    def describe(self) -> str:
        return self.transport.describe()

    def available_dates(self, dataset: str | Dataset, start: date | None = None, end: date | None = None) -> list[date]:
        """Dates the source has: the replay's files, or (live) the weekdays of the range / today for snapshots."""
        return self.transport.available_dates(_dataset(dataset), start, end)

    def recorded_etfs(self, trade_date: date) -> list[str]:
        """ETF ISINs whose holdings a replay recording holds for `trade_date` ([] for live sources)."""
        return self.transport.recorded_etfs(ETF_HOLDINGS, trade_date)

    def fetch(self, dataset: str | Dataset, day: date | None = None, isu_cd: str | None = None) -> KrxTable:
        spec = _dataset(dataset)
        if spec.per_etf and (isu_cd is None or not _ISIN.fullmatch(isu_cd)):
            raise ValueError(f"{spec.label} are asked per ETF ISIN (12 characters, e.g. KR7069500007); got {isu_cd!r}")
        fetched = self.transport.fetch(spec, day, isu_cd)
        if fetched.payload is None:
            return KrxTable(spec, fetched.day, [], trading_day=False, isu_cd=isu_cd)
        if spec.bld_code is None:
            return parse_csv(spec, fetched.payload, fetched.day)
        return parse_response(spec, fetched.payload, fetched.day, isu_cd)

    def etf_master(self, as_of: date | None = None) -> KrxTable:
        return self.fetch("etf_master", as_of)

    def etf_prices(self, trade_date: date) -> KrxTable:
        return self.fetch("etf_prices", trade_date)

    def etf_holdings(self, trade_date: date, etf_isin: str) -> KrxTable:
        return self.fetch(ETF_HOLDINGS, trade_date, etf_isin)

    def stock_master(self, as_of: date | None = None) -> KrxTable:
        return self.fetch("stock_master", as_of)

    def kind_companies(self, as_of: date | None = None) -> KrxTable:
        return self.fetch("kind_companies", as_of)

    def kofia_fees(self, as_of: date | None = None) -> KrxTable:
        return self.fetch("kofia_fees", as_of)

    def close(self) -> None:
        self.transport.close()

    def __enter__(self) -> KrxClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()


def _dataset(dataset: str | Dataset) -> Dataset:
    return dataset if isinstance(dataset, Dataset) else get_dataset(dataset)


def client_from_source(krx_source: str | None = None) -> KrxClient:
    """A client for a KRX_SOURCE string (default: the environment's, i.e. the bundled replay)."""
    return KrxClient(parse_source(krx_source or Settings.from_env().krx_source))
