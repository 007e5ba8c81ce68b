"""Plans: channels, named queries, and dependent steps for MULTI_HOP and COMPARISON."""

from __future__ import annotations

from query_api.db import load_cypher, load_sql
from query_api.router.entities import link
from query_api.router.normalize import normalize
from query_api.router.planner import Context, make_plan
from query_api.router.slots import extract
from tests.query_api.router.fake_dictionary import dictionary

D = dictionary()


def plan(question: str, intent: str, graph_ok: bool = True, as_of: str | None = None):  # type: ignore[no-untyped-def]
    linking = link(normalize(question), D)
    return make_plan(intent, linking, extract(linking.masked, linking), Context(as_of=as_of, graph_ok=graph_ok))


def test_multi_hop_feeds_the_graph_result_into_sql() -> None:
    p = plan("하닉 담은 ETF 중에 보수 제일 싼 거", "MULTI_HOP")
    assert [s.channel for s in p.steps][:2] == ["cypher", "sql"]
    second = p.steps[1]
    assert second.depends_on == [1] and second.bind["tickers"].column == "ticker"
    assert p.steps[0].params == {"code": "000660"}


def test_comparison_binds_the_two_tickers_of_the_first_step() -> None:
    p = plan("KODEX 200 vs TIGER 200 보수 비교", "COMPARISON")
    overlap = p.steps[-1]
    assert overlap.query_name == "ask_etf_overlap"
    assert overlap.bind["a"].index == 0 and overlap.bind["b"].index == 1 and overlap.depends_on == [1]


def test_relation_uses_sql_twins_when_the_graph_cannot_answer_the_date() -> None:
    assert plan("삼성전자 담고 있는 ETF", "RELATION").steps[0].channel == "cypher"
    steps = plan("삼성전자 담고 있는 ETF", "RELATION", graph_ok=False, as_of="2024-06-03").steps
    assert all(s.channel == "sql" for s in steps)
    assert steps[0].params["as_of"] == "2024-06-03"


def test_every_planned_query_is_a_named_file_with_parameters_only() -> None:
    questions = {
        "ATTRIBUTE": "KODEX 200 보수",
        "FILTER": "보수 0.1% 이하 ETF",
        "RELATION": "KODEX 200 구성종목",
        "MULTI_HOP": "삼성자산운용 ETF 중 삼전 비중 제일 높은 거",
        "COMPARISON": "KODEX 200 vs TIGER 200",
        "AGGREGATION": "운용사별 ETF 개수",
        "OPEN": "KODEX 레버리지 위험해?",
        "NEGATIVE": "리플 ETF",
    }
    for intent, question in questions.items():
        for step in plan(question, intent).steps:
            text = load_cypher(step.query_name) if step.channel == "cypher" else load_sql(step.query_name)
            for name, value in step.params.items():
                if name != "sort" and isinstance(value, str) and len(value) > 3:  # sort names are the SQL's own
                    assert value not in text, f"{step.query_name} has the value {value!r} in its text"
