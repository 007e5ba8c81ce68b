"""The one parser, against the recorded real KRX answers and KRX's string conventions."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from orchestration.lib.krx import KrxResponseError, get_dataset, parse_csv, parse_response
from orchestration.lib.krx.datasets import Column, Kind
from orchestration.lib.krx.parser import decode_json, parse_value
from tests.orchestration.lib.conftest import SNAPSHOT, snapshot_holdings, snapshot_json

PRICES = get_dataset("etf_prices")
HOLDINGS = get_dataset("etf_holdings")
MASTER = get_dataset("etf_master")
STOCKS = get_dataset("stock_master")


def _day(stem: str) -> date:
    return date(int(stem[:4]), int(stem[4:6]), int(stem[6:8]))


@pytest.mark.parametrize(
    ("text", "column", "expected"),
    [
        ("1,234,567", Column("n", "N", Kind.INT), 1234567),
        ("-324", Column("n", "N", Kind.INT), -324),
        ("0", Column("n", "N", Kind.INT), 0),
        ("102,916.59", Column("n", "N", Kind.DECIMAL, 20, 2), Decimal("102916.59")),
        ("-3.58", Column("n", "N", Kind.DECIMAL, 24, 2), Decimal("-3.58")),
        ("-375,184,000", Column("n", "N", Kind.DECIMAL, 24, 0), Decimal("-375184000")),
        ("0.100000", Column("n", "N", Kind.DECIMAL, 12, 6), Decimal("0.100000")),
        ("-", Column("n", "N", Kind.DECIMAL, 12, 2), None),
        ("", Column("n", "N", Kind.INT), None),
        ("무액면", Column("p", "P", Kind.DECIMAL, 20, 2, missing_words=frozenset({"무액면"})), None),
        ("2024/12/03", Column("d", "D", Kind.DATE_SLASH), date(2024, 12, 3)),
        ("2002-04-23", Column("d", "D", Kind.DATE_ISO), date(2002, 4, 23)),
        ("KR70000D0009", Column("c", "C"), "KR70000D0009"),
        ("0000D0", Column("c", "C"), "0000D0"),
        ("-", Column("c", "C"), None),
    ],
)
def test_krx_strings_parse_to_typed_values(text: str, column: Column, expected: object) -> None:
    assert parse_value(text, column) == expected


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ("1,23", Column("n", "N", Kind.INT)),  # a comma that is not a thousands separator
        ("12.00", Column("n", "N", Kind.INT)),  # a count with decimals
        ("--1", Column("n", "N", Kind.DECIMAL, 12, 2)),
        ("1.234", Column("n", "N", Kind.DECIMAL, 12, 2)),  # more decimals than the column keeps
        ("12a", Column("n", "N", Kind.DECIMAL, 12, 2)),
        ("무액면", Column("n", "N", Kind.DECIMAL, 12, 2)),  # only where the column says so
        ("2024/02/30", Column("d", "D", Kind.DATE_SLASH)),
        ("2024-01-02", Column("d", "D", Kind.DATE_SLASH)),
        ("20240102", Column("d", "D", Kind.DATE_ISO)),
    ],
)
def test_strings_that_are_not_the_columns_type_are_refused(text: str, column: Column) -> None:
    with pytest.raises(ValueError):
        parse_value(text, column)


@pytest.mark.parametrize("path", sorted((SNAPSHOT / "MDCSTAT04301").glob("*.json")), ids=lambda p: p.stem)
def test_every_recorded_price_file_parses_row_for_row(path: Path) -> None:
    body = json.loads(path.read_text(encoding="utf-8"))
    table = parse_response(PRICES, body, _day(path.stem))
    assert table.trading_day
    assert len(table.rows) == len(body["output"])
    for raw, row in zip(body["output"], table.rows, strict=True):
        assert set(row) == set(PRICES.table_columns)
        assert row["trade_date"] == _day(path.stem)
        assert row["isu_srt_cd"] == raw["ISU_SRT_CD"]
        assert row["isu_cd"] == raw.get("ISU_CD")  # absent for ETFs in neither master: NULL, not a guess
        assert row["tdd_clsprc"] == Decimal(raw["TDD_CLSPRC"].replace(",", ""))
        assert row["list_shrs"] == int(raw["LIST_SHRS"].replace(",", ""))


@pytest.mark.parametrize("stem", ["20251231", "20260125"])
def test_etf_masters_parse_with_alphanumeric_tickers_and_isins_intact(stem: str) -> None:
    body = snapshot_json("MDCSTAT04601", stem)
    table = parse_response(MASTER, body, _day(stem))
    assert len(table.rows) == len(body["output"])
    by_ticker = {row["isu_srt_cd"]: row for row in table.rows}
    tiger = by_ticker["0000D0"]
    assert tiger["isu_cd"] == "KR70000D0009"
    assert tiger["list_dd"] == date(2024, 12, 17)
    assert tiger["cu_qty"] == 50000
    assert tiger["etf_tot_fee"] == Decimal("0.390000")
    assert all(len(row["isu_cd"]) == 12 and row["isu_cd"][3:9] == row["isu_srt_cd"] for row in table.rows)
    # The 2025-12-31 mapping lacks LIST_SHRS (the source crawler dropped it): NULL, never a made-up number.
    assert (tiger["list_shrs"] is None) == (stem == "20251231")


def test_stock_master_keeps_out_block_and_reads_no_par_value_as_missing() -> None:
    body = snapshot_json("MDCSTAT01901", "20260414")
    table = parse_response(STOCKS, body, date(2026, 4, 14))
    assert len(table.rows) == len(body["OutBlock_1"]) == 2882
    raw_by_isin = {row["ISU_CD"]: row for row in body["OutBlock_1"]}
    for row in table.rows:
        raw = raw_by_isin[row["isu_cd"]]
        if raw["PARVAL"] == "무액면":
            assert row["parval"] is None
        else:
            assert row["parval"] == Decimal(raw["PARVAL"].replace(",", ""))
        assert row["sect_tp_nm"] == (raw["SECT_TP_NM"] or None)
    assert any(row["parval"] is None for row in table.rows)


def test_verbatim_2021_holdings_keep_shorts_futures_and_cash_lines() -> None:
    answers = snapshot_holdings("20210402")
    inverse = parse_response(HOLDINGS, answers["KR7114800006"], date(2021, 4, 2), "KR7114800006")
    rows = inverse.rows
    assert [row["line_no"] for row in rows] == [1, 2, 3, 4]
    assert {row["etf_isu_cd"] for row in rows} == {"KR7114800006"}
    assert rows[0]["compst_isu_cd"] == "069500" and rows[0]["compst_isu_cd2"] == "KR7069500007"
    assert rows[0]["compst_isu_cu1_shrs"] == Decimal("-324.00")
    assert rows[0]["valu_amt"] is None and rows[0]["compst_amt"] == Decimal("-13946580")
    future = rows[1]
    assert (future["compst_isu_cd"], future["mkt_id"], future["secugrp_id"]) == ("KR4101R60000", "DRV", "FU")
    assert future["compst_isu_cu1_shrs"] == Decimal("-3.58") and future["valu_amt"] == Decimal("-375184000")
    cash = rows[2]
    assert (cash["compst_isu_cd"], cash["compst_isu_nm"]) == ("KRD010010001", "원화예금")
    assert cash["compst_isu_cu1_shrs"] is None and cash["compst_amt"] == Decimal("388739133")
    assert cash["mkt_id"] is None  # KRX sends "" for a cash line's market

    kospi200 = parse_response(HOLDINGS, answers["KR7152100004"], date(2021, 4, 2), "KR7152100004")
    assert len(kospi200.rows) == 201
    samsung = kospi200.rows[0]
    assert samsung["compst_isu_nm"] == "삼성전자"
    assert samsung["compst_isu_cu1_shrs"] == Decimal("8140.00")
    assert (samsung["valu_amt"], samsung["compst_amt"], samsung["compst_rto"]) == (
        Decimal("674806000"),
        Decimal("690272000"),
        Decimal("31.74"),
    )


@pytest.mark.parametrize("stem", ["20240523", "20240625", "20241106"])
def test_recorded_2024_holdings_parse_every_row(stem: str) -> None:
    day = _day(stem)
    total = 0
    for isin, answer in snapshot_holdings(stem).items():
        table = parse_response(HOLDINGS, answer, day, isin)
        # Cash-only PDFs (ETFs winding down, e.g. on 2024-06-25) are real answers, not holidays.
        assert table.trading_day
        assert len(table.rows) == len(answer["output"])
        for raw, row in zip(answer["output"], table.rows, strict=True):
            assert row["compst_isu_cd"] == raw["COMPST_ISU_CD"]  # 12-char codes and 00104K-style tickers intact
            assert row["compst_amt"] is None  # the 2024 crawler did not keep COMPST_AMT
        total += len(table.rows)
    assert total == sum(len(answer["output"]) for answer in snapshot_holdings(stem).values())


def test_a_holiday_answer_is_no_trading_day_not_zeros() -> None:
    body = snapshot_json("MDCSTAT04301", "20251230")
    holiday = {"output": [{k: ("-" if k in PRICES.value_keys else v) for k, v in r.items()} for r in body["output"]]}
    table = parse_response(PRICES, holiday, date(2025, 12, 31))
    assert not table.trading_day and table.rows == []
    all_dashes = {"output": [{k: "-" for k in row} for row in body["output"][:5]]}
    assert not parse_response(PRICES, all_dashes, date(2025, 12, 31)).trading_day
    answer = snapshot_holdings("20241106")["KR7069500007"]
    dashed = {"output": [{k: ("-" if k in HOLDINGS.value_keys else v) for k, v in r.items()} for r in answer["output"]]}
    assert not parse_response(HOLDINGS, dashed, date(2024, 11, 7), "KR7069500007").trading_day


def test_a_day_with_some_untraded_etfs_is_still_a_trading_day() -> None:
    body = snapshot_json("MDCSTAT04301", "20251230")
    untraded = [row for row in body["output"] if row["TDD_OPNPRC"] == "0"]
    assert untraded  # "0" = nothing traded that day, which is a value, not a holiday
    table = parse_response(PRICES, body, date(2025, 12, 30))
    assert table.trading_day and len(table.rows) == len(body["output"])


def test_an_empty_output_is_no_trading_day() -> None:
    table = parse_response(PRICES, {"output": []}, date(2025, 12, 26))
    assert not table.trading_day and table.rows == []


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "expected a JSON object"),
        ({"CURRENT_DATETIME": "x"}, "has no 'output'"),
        ({"output": {"ISU_SRT_CD": "069500"}}, "not a list"),
        ({"output": ["069500"]}, "row 1 is a str"),
        ({"output": [{"ISU_SRT_CD": "069500", "TDD_CLSPRC": 35000}]}, "TDD_CLSPRC is a int"),
        ({"output": [{"ISU_SRT_CD": "069500", "TDD_CLSPRC": "35,00"}]}, "not a KRX number"),
        ({"output": [{"ISU_CD": "KR7069500007", "TDD_CLSPRC": "35,000"}]}, "lacks ISU_SRT_CD"),
    ],
)
def test_malformed_answers_name_the_endpoint_and_the_date(payload: object, message: str) -> None:
    with pytest.raises(KrxResponseError) as caught:
        parse_response(PRICES, payload, date(2025, 12, 30))
    text = str(caught.value)
    assert "MDCSTAT04301" in text and "2025-12-30" in text and message in text


def test_a_malformed_holdings_answer_names_the_etf() -> None:
    with pytest.raises(KrxResponseError, match=r"MDCSTAT05001 for 2024-11-06, isuCd KR7069500007.*row 2 VALU_AMT"):
        rows = [{"COMPST_ISU_CD": "005930", "VALU_AMT": "1,000"}, {"COMPST_ISU_CD": "000660", "VALU_AMT": "n/a"}]
        parse_response(HOLDINGS, {"output": rows}, date(2024, 11, 6), "KR7069500007")


def test_a_body_that_is_not_json_is_a_response_error() -> None:
    with pytest.raises(KrxResponseError, match=r"MDCSTAT04301 for 2025-12-30.*not JSON.*<html>"):
        decode_json(b"<html><body>error</body></html>", PRICES, date(2025, 12, 30))
    with pytest.raises(KrxResponseError, match="not JSON"):
        decode_json(b'{"output": [{"ISU_SRT_CD": "0695', PRICES, date(2025, 12, 30))


def test_kofia_csv_with_bom_parses_and_kind_csv_keeps_codes() -> None:
    kofia_path = next((SNAPSHOT / "KOFIA_fees").glob("*.csv"))
    kofia = parse_csv(get_dataset("kofia_fees"), kofia_path.read_text(encoding="utf-8"), date(2025, 12, 31))
    assert len(kofia.rows) == len(kofia_path.read_text(encoding="utf-8-sig").splitlines()) - 1
    first = kofia.rows[0]
    assert first["fund_code"] == "K55207EE5208" and first["ter"] == Decimal("0.47")
    assert first["setup_date"] == date(2024, 9, 23) and first["trading_fee_rate"] == Decimal("0.0855")
    kind_path = next((SNAPSHOT / "KIND_corpList").glob("*.csv"))
    kind = parse_csv(get_dataset("kind_companies"), kind_path.read_text(encoding="utf-8"), date(2026, 3, 22))
    codes = {row["code"]: row for row in kind.rows}
    assert codes["060310"]["industry"] == "측정, 시험, 항해, 제어 및 기타 정밀기기 제조업; 광학기기 제외"
    assert codes["00104K"]["industry"] is None and codes["00104K"]["listing_date"] is None


def test_a_csv_without_the_expected_columns_or_with_ragged_rows_is_refused() -> None:
    kind = get_dataset("kind_companies")
    with pytest.raises(KrxResponseError, match="lacks the column"):
        parse_csv(kind, "Code,Name\n005930,삼성전자\n", date(2026, 3, 22))
    with pytest.raises(KrxResponseError, match="row 1 does not match"):
        parse_csv(kind, "Code,Name,Market,Industry,ListingDate\n005930,삼성전자\n", date(2026, 3, 22))
