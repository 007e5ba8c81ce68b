"""The parser's contract: mentions, language, unused words, confidence, brand aliases; never raises on user text."""

from __future__ import annotations

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, Mention, parse


def test_mentions_name_what_was_written(small_dictionary: Dictionary) -> None:
    parsed = parse("코덱스 반도체랑 삼전", small_dictionary)
    assert parsed.mentions == (
        Mention(ir.EntityType.ETF, "091160", "KODEX 반도체", "코덱스 반도체"),
        Mention(ir.EntityType.STOCK, "005930", "삼성전자", "삼전"),
    )
    assert parsed.lang == "ko"


def test_english_question(small_dictionary: Dictionary) -> None:
    parsed = parse("Which ETFs hold Samsung Electronics?", small_dictionary)
    assert parsed.lang == "en"
    assert parsed.query == ir.Holders(ir.StockNamed("005930"))
    assert parsed.unused == ()
    assert parsed.confidence == 1.0


def test_english_words_do_not_link_to_stocks_by_substring(small_dictionary: Dictionary) -> None:
    # the dictionary has a company whose English alias is CAP: 'market cap' is a measure, not that company
    parsed = parse("total market cap of KODEX ETFs", small_dictionary)
    assert all(m.type is not ir.EntityType.STOCK for m in parsed.mentions)


def test_unknown_words_lower_confidence_and_are_reported(small_dictionary: Dictionary) -> None:
    parsed = parse("KODEX 화성탐사 보수 알려줘", small_dictionary)
    assert parsed.unused == ("화성", "탐사")
    assert parsed.confidence < 1.0


def test_brand_aliases_map_alias_to_brand(small_dictionary: Dictionary) -> None:
    assert small_dictionary.brand_aliases["코덱스"] == "KODEX"
    assert small_dictionary.brand_aliases["타이거"] == "TIGER"


def test_data_dates(small_dictionary: Dictionary) -> None:
    dd = small_dictionary.data_dates
    assert dd.last_price is not None and dd.last_price.isoformat() == "2025-12-30"
    assert dd.last_holdings is not None and dd.last_holdings.isoformat() == "2024-11-06"


@pytest.mark.parametrize("question", ["", "   ", "?!", "ㅋㅋㅋㅋ", "a" * 2000, "\x00\x01 KODEX", "😀 ETF", "0" * 50])
def test_never_raises(small_dictionary: Dictionary, question: str) -> None:
    parsed = parse(question, small_dictionary)
    ir.intent_of(parsed.query)  # a valid query of some shape
