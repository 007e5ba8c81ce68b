"""Advice asked by grammar (parse/modality.py): an investing verb bearing a deliberating, permitting, obliging or
weighing ending makes the question open, whatever its conjugation; the same verbs in a statement of fact do not."""

from __future__ import annotations

import pytest

from query_api.router import ir
from query_api.router.parse import Dictionary, parse
from query_api.router.parse.analyse import analyse

K200 = ir.EtfNamed("069500")


@pytest.mark.parametrize(
    "question",
    [
        "KODEX 200 지금 갈아탈까",
        "KODEX 200 넣어둬도 될까",
        "KODEX 200 사 모으는 게 낫나요",
        "KODEX 200 계속 들고 가야 하나",
        "KODEX 200 지금 팔아야 함?",
        "KODEX 200 계속 보유해도 될지 모르겠네",
        "KODEX 200 묻어둘 만해?",
        "KODEX 200 살 가치 있음?",
        "KODEX 200 이거 사면 안 되지?",
        "KODEX 200 몇년 묵혀두면 손해봄?",
        "KODEX 200 처음 사보려는데 뭐부터 봐야돼?",  # what one must look at
    ],
)
def test_advice_by_grammar_is_an_open_question(small_dictionary: Dictionary, question: str) -> None:
    a = analyse(question, small_dictionary)
    assert a.advice
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.Explain) and query.etf == K200


@pytest.mark.parametrize(
    "question",
    [
        "KODEX 200 보유 종목 알려줘",  # 보유 without an advice ending
        "삼성전자 담은 ETF 뭐 있을까",  # the deliberating ending is on 있다, not on the investing verb
        "삼성전자를 5% 넘게 담고 있는 ETF",
        "KODEX 200이 새로 담은 종목",
        "KODEX 200 사면 수익률 얼마였어",  # 'if I bought': a figure is asked, not a judgement
        "KODEX 200 수익률 비교해볼까",  # 보다 after a request verb, not an investing one
        "KODEX 200 보유종목 좀 볼까",  # shall we look: a request
    ],
)
def test_investing_verbs_in_a_question_of_fact_are_not_advice(small_dictionary: Dictionary, question: str) -> None:
    assert not analyse(question, small_dictionary).advice


@pytest.mark.parametrize(
    ("question", "unheld"),
    [
        ("KODEX 200 어떤 구조로 굴러가는지 쉽게 풀어줘", "구조"),  # explain it to me
        ("KODEX 200 롤오버 비용 때문에 손해 볼수도 있나", "롤오버"),  # a possible loss
        ("KODEX 200 오래 묵혀두면 뭐가 문제임?", "문제"),
    ],
)
def test_a_question_about_an_etfs_mechanics_is_explained_naming_the_concept(
    small_dictionary: Dictionary, question: str, unheld: str
) -> None:
    """A concept the data lacks (롤오버, 구조) inside an open question: the ETF explained, the concept named."""
    query = parse(question, small_dictionary).query
    assert isinstance(query, ir.Explain) and query.etf == K200 and unheld in query.unheld


def test_a_claim_heard_and_checked_is_an_open_question(small_dictionary: Dictionary) -> None:
    query = parse("KODEX 200 오를 때 덜 오른다던데 진짜야?", small_dictionary).query
    assert isinstance(query, ir.Explain) and query.etf == K200
