"""ETF search, detail, holdings and similar ETFs."""

from __future__ import annotations

import msgspec


class EtfSearchHit(msgspec.Struct):
    ticker: str
    name: str | None
    brand: str | None
    issuer: str | None
    matched_term: str
    term_kind: str
    score: float


class EtfSearchResponse(msgspec.Struct):
    query: str
    count: int
    results: list[EtfSearchHit]


class TopHolding(msgspec.Struct):
    instrument_code: str
    instrument_name: str | None
    weight_pct: float | None


class EtfDetail(msgspec.Struct):
    ticker: str
    isin: str | None
    name: str | None
    full_name: str | None
    english_name: str | None
    brand: str | None
    issuer_id: str | None
    issuer_name: str | None
    index_id: str | None
    index_name: str | None
    index_provider: str | None
    tracking_multiple: str | None
    leverage_factor: float | None
    is_leveraged: bool | None
    is_inverse: bool | None
    replication: str | None
    is_active: bool | None
    asset_class: str | None
    market: str | None
    total_fee_pct: float | None
    ter_pct: float | None
    listing_date: str | None
    cu_qty: int | None
    listed_units: int | None
    tax_type: str | None
    is_listed: bool | None
    master_as_of: str | None
    price_date: str | None
    close_price: float | None
    nav: float | None
    change_pct: float | None
    volume: int | None
    traded_value_krw: float | None
    market_cap_krw: float | None
    holdings_date: str | None
    holdings_count: int | None
    tags: list[str]
    top_holdings: list[TopHolding]


class Holding(msgspec.Struct):
    instrument_code: str
    instrument_name: str | None
    instrument_type: str | None
    sector: str | None
    weight_pct: float | None
    shares: float | None
    value_krw: float | None
    is_cash: bool | None


class HoldingsResponse(msgspec.Struct):
    ticker: str
    name: str | None
    date: str
    count: int
    holdings: list[Holding]


class SimilarEtf(msgspec.Struct):
    ticker: str
    name: str | None
    issuer: str | None
    overlap_pct: float | None
    common_count: int | None
    rank: int


class SimilarResponse(msgspec.Struct):
    ticker: str
    name: str | None
    as_of: str | None
    similar: list[SimilarEtf]
