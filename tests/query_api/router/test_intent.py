"""Intent rules on linked questions (no database, no embeddings), and how nearest examples adjust them."""

from __future__ import annotations

import pytest

from query_api.router.entities import link
from query_api.router.intent import Neighbour, combine, rule_intent
from query_api.router.normalize import normalize
from query_api.router.slots import extract
from tests.query_api.router.fake_dictionary import dictionary

D = dictionary()


def intent(question: str) -> str:
    linking = link(normalize(question), D)
    return rule_intent(linking, extract(linking.masked, linking), near_miss=False)[0]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("KODEX 200 총보수 얼마야?", "ATTRIBUTE"),
        ("TIGER 200 운용사 어디야", "ATTRIBUTE"),
        ("삼전 업종이 뭐야", "ATTRIBUTE"),
        ("보수 0.1% 이하 ETF 알려줘", "FILTER"),
        ("미래에셋자산운용 레버리지 ETF 뭐 있어", "FILTER"),
        ("삼성전자 담고 있는 ETF", "RELATION"),
        ("KODEX 200 구성종목 알려줘", "RELATION"),
        ("KODEX 200이랑 비슷한 ETF", "RELATION"),
        ("하닉 담은 ETF 중에 보수 제일 싼 거", "MULTI_HOP"),
        ("삼성전자랑 하이닉스 둘 다 담은 ETF", "MULTI_HOP"),
        ("KODEX 200 vs TIGER 200 보수", "COMPARISON"),
        ("삼성자산운용 ETF 몇 개야", "AGGREGATION"),
        ("레버리지 ETF 평균 보수", "AGGREGATION"),
        ("KODEX 레버리지 투자위험을 설명해줘", "OPEN"),
        ("반도체 ETF 추천해줘", "OPEN"),
        ("비트코인 ETF 있어?", "NEGATIVE"),
        ("삼성전자 주가 얼마야", "NEGATIVE"),
        ("하닉 내일 오를까?", "NEGATIVE"),
        ("999999 ETF 알려줘", "NEGATIVE"),
    ],
)
def test_rules(question: str, expected: str) -> None:
    assert intent(question) == expected


def test_agreeing_examples_raise_the_confidence() -> None:
    rule = ("ATTRIBUTE", 0.8, "attribute")
    decision = combine(rule, [Neighbour("a", "ATTRIBUTE", 0.05), Neighbour("b", "ATTRIBUTE", 0.1)])
    assert decision.intent == "ATTRIBUTE" and decision.confidence > 0.8


def test_near_unanimous_examples_override_an_unsure_rule_but_never_a_negative() -> None:
    near = [Neighbour(str(i), "RELATION", 0.05) for i in range(5)]
    assert combine(("FILTER", 0.5, "default"), near).intent == "RELATION"
    assert combine(("FILTER", 0.9, "sure"), near).intent == "FILTER"
    assert combine(("NEGATIVE", 0.55, "nothing"), near).intent == "NEGATIVE"


def test_no_examples_means_rules_alone() -> None:
    assert combine(("OPEN", 0.85, "open"), []).intent == "OPEN"
