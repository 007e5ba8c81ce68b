"""The one parser for KRX answers, whichever transport delivered them (live, replay, record).

KRX sends every value as a string: thousands commas, a lone `-` for "missing", `YYYY/MM/DD` dates,
negative quantities (`-3.58`). Numbers become Decimal (int for counts), codes and ISINs stay exactly
as sent. A holiday answer (rows whose numeric fields are all `-`) is "no trading that day", not zeros.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from orchestration.lib.krx.datasets import Column, Dataset, Kind
from orchestration.lib.krx.errors import KrxResponseError, describe_request

MISSING = "-"
# 1,234,567 or 1234567, optionally negative, optionally with a decimal part.
_INTEGER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)")
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_DATE_SLASH = re.compile(r"(\d{4})/(\d{2})/(\d{2})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Cash lines of a PDF carry no quantity or value in the 2024 files; they never make an answer a holiday.
CASH_CODES = frozenset({"KRD010010001", "CASH00000001"})

Row = dict[str, Any]


@dataclass(frozen=True)
class KrxTable:
    """One parsed answer: rows keyed by raw-table column names, already typed."""

    dataset: Dataset
    day: date
    rows: list[Row]
    trading_day: bool
    isu_cd: str | None = None


def _is_missing(text: str, column: Column) -> bool:
    return text == MISSING or text == "" or text in column.missing_words


def parse_int(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"not a KRX integer: {text!r}")
    return int(text.replace(",", ""))


def parse_decimal(text: str, scale: int | None = None) -> Decimal:
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"not a KRX number: {text!r}")
    value = Decimal(text.replace(",", ""))
    exponent = value.as_tuple().exponent
    if scale is not None and isinstance(exponent, int) and -exponent > scale:
        raise ValueError(f"{text!r} has more than {scale} decimals")
    return value


def parse_date(text: str, kind: Kind) -> date:
    pattern = _DATE_SLASH if kind is Kind.DATE_SLASH else _DATE_ISO
    match = pattern.fullmatch(text)
    if match is None:
        raise ValueError(f"not a {kind.value} date: {text!r}")
    year, month, day = (int(part) for part in match.groups())
    return date(year, month, day)  # ValueError for 2024/02/30


def _converter(column: Column) -> Callable[[str], Any]:
    if column.kind is Kind.INT:
        return parse_int
    if column.kind is Kind.DECIMAL:
        return lambda text: parse_decimal(text, column.scale)
    if column.kind in (Kind.DATE_SLASH, Kind.DATE_ISO):
        return lambda text: parse_date(text, column.kind)
    return lambda text: text  # codes and names exactly as sent


def parse_value(text: str, column: Column) -> Any:
    """One KRX string as the column's type; None for `-`/empty; ValueError when it is not that type."""
    if _is_missing(text, column):
        return None
    return _converter(column)(text)


def decode_json(body: str | bytes, dataset: Dataset, day: date | None, isu_cd: str | None = None) -> Any:
    """A KRX body as JSON, or KrxResponseError naming the endpoint and date (e.g. an HTML error page)."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        snippet = " ".join(text[:80].split())
        raise KrxResponseError(
            f"{_where(dataset, day, isu_cd)}: the answer is not JSON ({exc.__class__.__name__}: {exc}); "
            f"it starts with {snippet!r}"
        ) from exc


def _where(dataset: Dataset, day: date | None, isu_cd: str | None = None) -> str:
    name = dataset.bld_code or dataset.replay_dir
    return f"{describe_request(name, day, isu_cd)} ({dataset.label})"


def _output_rows(dataset: Dataset, payload: Any, day: date, isu_cd: str | None) -> list[Mapping[str, Any]]:
    where = _where(dataset, day, isu_cd)
    if not isinstance(payload, dict):
        raise KrxResponseError(f"{where}: expected a JSON object, got {type(payload).__name__}")
    if dataset.output_key not in payload:
        raise KrxResponseError(f"{where}: the answer has no {dataset.output_key!r} (keys: {sorted(payload)[:8]})")
    output = payload[dataset.output_key]
    if not isinstance(output, list):
        raise KrxResponseError(f"{where}: {dataset.output_key!r} is a {type(output).__name__}, not a list")
    for number, row in enumerate(output, start=1):
        if not isinstance(row, dict):
            raise KrxResponseError(f"{where}: row {number} is a {type(row).__name__}, not an object")
    return output


def is_holiday(dataset: Dataset, rows: list[Mapping[str, Any]]) -> bool:
    """KRX's answer for a day without trading: rows whose numeric fields are all `-` (cash lines aside)."""
    keys = dataset.value_keys
    counted = [row for row in rows if row.get("COMPST_ISU_CD") not in CASH_CODES]
    return bool(counted) and all(all(row.get(key, MISSING) in (MISSING, "") for key in keys) for row in counted)


def _typed_rows(
    dataset: Dataset, raw_rows: list[Mapping[str, Any]], context: Row, where: str, numbered: bool
) -> list[Row]:
    converters = [(column, _converter(column)) for column in dataset.columns]
    rows: list[Row] = []
    for number, raw in enumerate(raw_rows, start=1):
        row = dict(context)
        if numbered:
            row["line_no"] = number
        for column, convert in converters:
            text = raw.get(column.key)
            if text is None:  # a key the source did not carry (mapped files omit them)
                value = None
            elif not isinstance(text, str):
                raise KrxResponseError(
                    f"{where}: row {number} {column.key} is a {type(text).__name__} ({text!r}), KRX sends strings"
                )
            elif _is_missing(text, column):
                value = None
            else:
                try:
                    value = convert(text)
                except ValueError as exc:
                    raise KrxResponseError(f"{where}: row {number} {column.key}: {exc}") from exc
            if value is None and column.required:
                raise KrxResponseError(f"{where}: row {number} lacks {column.key}")
            row[column.name] = value
        rows.append(row)
    return rows


def parse_response(dataset: Dataset, payload: Any, day: date, isu_cd: str | None = None) -> KrxTable:
    """A decoded KRX JSON answer as typed rows; an empty or holiday answer is `trading_day=False` with no rows."""
    raw_rows = _output_rows(dataset, payload, day, isu_cd)
    if not raw_rows or is_holiday(dataset, raw_rows):
        return KrxTable(dataset, day, [], trading_day=False, isu_cd=isu_cd)
    context: Row = {dataset.date_column: day}
    if dataset.per_etf:
        context["etf_isu_cd"] = isu_cd
    rows = _typed_rows(dataset, raw_rows, context, _where(dataset, day, isu_cd), numbered=dataset.per_etf)
    return KrxTable(dataset, day, rows, trading_day=True, isu_cd=isu_cd)


def parse_csv(dataset: Dataset, text: str, day: date) -> KrxTable:
    """A KIND/KOFIA CSV (the replay format; a UTF-8 BOM is allowed) as typed rows."""
    where = _where(dataset, day)
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))
    header = reader.fieldnames or []
    missing = [c.key for c in dataset.columns if c.key not in header]
    if missing:
        raise KrxResponseError(f"{where}: the CSV lacks the column(s) {', '.join(missing)} (header: {header})")
    raw_rows = list(reader)
    for number, raw in enumerate(raw_rows, start=1):
        if None in raw or None in raw.values():  # more or fewer fields than the header
            raise KrxResponseError(f"{where}: CSV row {number} does not match the header")
    rows = _typed_rows(dataset, raw_rows, {dataset.date_column: day}, where, numbered=False)
    return KrxTable(dataset, day, rows, trading_day=bool(rows))
