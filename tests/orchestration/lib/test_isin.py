"""The ETF ISIN rule (KR7 + ticker + 00 + ISO 6166 check digit) against every ISIN the recorded masters carry."""

from __future__ import annotations

import json

import pytest

from orchestration.lib.isin import is_valid_isin, isin_check_digit, krx_etf_isin, ticker_of_etf_isin
from tests.orchestration.lib.conftest import SNAPSHOT


def _master_pairs() -> set[tuple[str, str]]:
    pairs = set()
    for path in (SNAPSHOT / "MDCSTAT04601").glob("*.json"):
        pairs |= {(r["ISU_SRT_CD"], r["ISU_CD"]) for r in json.loads(path.read_text(encoding="utf-8"))["output"]}
    return pairs


def test_every_master_isin_is_reproduced_from_its_ticker() -> None:
    pairs = _master_pairs()
    assert len({isin for _, isin in pairs}) >= 1066
    wrong = [(ticker, isin, krx_etf_isin(ticker)) for ticker, isin in pairs if krx_etf_isin(ticker) != isin]
    assert wrong == []
    assert any(not ticker.isdigit() for ticker, _ in pairs)  # alphanumeric tickers are among them


@pytest.mark.parametrize(
    ("ticker", "isin"),
    [("069500", "KR7069500007"), ("114800", "KR7114800006"), ("0000D0", "KR70000D0009"), ("252670", "KR7252670005")],
)
def test_known_isins(ticker: str, isin: str) -> None:
    assert krx_etf_isin(ticker) == isin == krx_etf_isin(ticker.lower())
    assert ticker_of_etf_isin(isin) == ticker.upper() and is_valid_isin(isin)


def test_check_digit_of_a_non_krx_isin() -> None:
    assert isin_check_digit("US037833100") == "5"  # Apple, US0378331005
    assert is_valid_isin("US0378331005") and not is_valid_isin("US0378331006")


@pytest.mark.parametrize("bad", ["", "06950", "0695000", "06950!", "KR7069500007"])
def test_malformed_tickers_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="6 letters or digits"):
        krx_etf_isin(bad)


def test_a_wrong_check_digit_or_another_shape_has_no_ticker() -> None:
    assert ticker_of_etf_isin("KR7069500008") is None
    assert ticker_of_etf_isin("KRD010010001") is None
    with pytest.raises(ValueError, match="11 upper-case"):
        isin_check_digit("kr706950000")
