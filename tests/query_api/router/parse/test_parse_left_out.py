"""Unknown words weighed (parse/leftover.py), one-jamo typos of lexicon words (analyse._typo_fixed) and the chain
from a named ETF's most similar ETF to its holdings (small dictionary, exact Struct equality)."""

from __future__ import annotations

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse

K200, SAMSUNG, KAKAO = ir.EtfNamed("069500"), ir.StockNamed("005930"), ir.StockNamed("035720")
BOND = ir.DimIs(ir.Dim.ASSET_CLASS, "채권")


@pytest.mark.parametrize(
    ("question", "expected", "left_out"),
    [
        # a head noun after an understood ask: answered, the word named as left out
        ("KODEX 200 과세 방식 뭐임", ir.Lookup(etfs=(K200,), measures=(ir.Measure.TAX_TYPE,)), ("방식",)),
        ("KODEX 200 보수 수준 알려줘", ir.Lookup(etfs=(K200,), measures=(ir.Measure.FEE,)), ("수준",)),
        # English asks first: an unknown word before 'what' is not the thing asked
        ("sorta what's the fee of KODEX 200", ir.Lookup(etfs=(K200,), measures=(ir.Measure.FEE,)), ("sorta",)),
    ],
)
def test_an_unknown_head_noun_is_left_out(
    small_dictionary: Dictionary, question: str, expected: ir.Query, left_out: tuple[str, ...]
) -> None:
    parsed = parse(question, small_dictionary)
    assert (parsed.query, parsed.left_out) == (expected, left_out)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("KODEX 200 PER 알려줘", "PER"),  # nothing else asked: the unknown word is the ask
        ("KODEX 200 배당수익률 얼마야", "배당수익률"),  # a modifier glued before the measure changes it
        ("KODEX 200 배당 수익률 얼마야", "배당"),  # ... or written apart
        ("KODEX 200 운용역 누구임", "운용역"),  # an ending glued after an ask word makes another word
        ("KODEX 200 공매도 잔고 얼마", "공매"),  # asked after (얼마)
        ("리플 ETF 보수 알려줘", "리플"),  # a modifier of the set, past the word ETF
        ("테슬라 많이 담은 ETF", "테슬라"),  # the stock of a holding relation that names none
        ("KODEX 화성탐사 보수", "화성탐사"),  # a product name after a brand
        ("QQQ 수수료 얼마야", "QQQ"),  # an upper-case Latin name
        ("KODEX 200 보수랑 회전율", "회전율"),  # joined to an ask by 'and': asked too
        ("KODEX 200 최소 투자금액", "투자금액"),  # the rest asks nothing particular (the ETF's generic facts)
        ("삼성전자 외국인 보유비중 몇 %", "외국인"),  # a known compound of the lexicon noun 외국 stays whole
        ("삼성전자 담은 ETF 중에 분배율 제일 높은 거", "분배율"),  # 분|배율: not the multiple
    ],
)
def test_an_unknown_word_that_is_the_ask_or_a_name_is_not_in_the_data(
    small_dictionary: Dictionary, question: str, term: str
) -> None:
    parsed = parse(question, small_dictionary)
    assert isinstance(parsed.query, ir.NotHeld), parsed.query
    assert term in parsed.query.terms and parsed.left_out == ()


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("KODEX 200 총보슈 얼마", ir.Lookup(etfs=(K200,), measures=(ir.Measure.FEE,))),
        (
            "채권 ETF 총보수 재일 비싼 거",
            ir.ListEtfs(
                ir.EtfSet((BOND,)), measures=(ir.Measure.FEE,), sort=ir.Sort(ir.Measure.FEE, descending=True), limit=1
            ),
        ),
        ("카카오 새로 편잎한 ETF", ir.Changes(kinds=(ir.ChangeKind.ADDED,), stock=KAKAO)),
    ],
)
def test_a_word_one_jamo_off_a_lexicon_phrase_is_that_phrase(
    small_dictionary: Dictionary, question: str, expected: ir.Query
) -> None:
    assert parse(question, small_dictionary).query == expected


def test_an_unknown_name_is_not_corrected_in_part(small_dictionary: Dictionary) -> None:
    """무신사 is not 무 + 신상 (a correction covers the words it touches whole)."""
    parsed = parse("무신사 비중 높은 ETF 뭐야", small_dictionary)
    assert isinstance(parsed.query, ir.NotHeld) and parsed.query.terms == ("무신사",)


@pytest.mark.parametrize(
    ("question", "limit"),
    [("KODEX 200이랑 제일 겹치는 ETF의 1위 종목", 1), ("KODEX 200이랑 제일 비슷한 ETF 상위 5개 종목", 5)],
)
def test_the_holdings_of_the_most_similar_etf(small_dictionary: Dictionary, question: str, limit: int) -> None:
    top = ir.EtfFrom(ir.Similar(K200, limit=1))
    assert parse(question, small_dictionary).query == ir.Holdings(top, limit=limit)


def test_similar_by_holdings_is_not_a_chain(small_dictionary: Dictionary) -> None:
    assert parse("KODEX 200이랑 구성 비슷한 etf", small_dictionary).query == ir.Similar(K200)


def test_an_unknown_word_asked_for_as_well_is_answered_without_and_said_not_held(
    small_dictionary: Dictionary,
) -> None:
    """삼성전자 5% 넘게 담은 ETF 추적오차도 같이: the holders, and '추적오차' named as not in the data."""
    parsed = parse("삼성전자 5% 넘게 담은 ETF들 추적오차도 같이 보여줘", small_dictionary)
    assert parsed.query == ir.Holders(SAMSUNG, op=ir.Op.GT, weight=5.0)
    assert (parsed.left_out, parsed.not_held) == ((), ("추적오차",))


@pytest.mark.parametrize("question", ["요즘 외국인이 제일 많이 순매수한 ETF 뭐야", "연기금이 새로 편입한 종목"])
def test_the_unknown_subject_of_a_buying_verb_is_who_acted_and_not_in_the_data(
    small_dictionary: Dictionary, question: str
) -> None:
    """The data knows the ETFs' own trades: another actor (외국인, 연기금) is what the question is about."""
    parsed = parse(question, small_dictionary)
    assert isinstance(parsed.query, ir.NotHeld) and parsed.query.terms[0] in question
