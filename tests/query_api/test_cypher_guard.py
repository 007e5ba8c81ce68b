"""Read-only checks on Cypher text: write clauses and multiple statements refused, literals and comments inert."""

from __future__ import annotations

import pytest

from query_api.cypher_guard import check_params, check_read_only, return_columns
from query_api.errors import BadInput


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:ETF {ticker: 'x'}) RETURN n",
        "MATCH (n:ETF) SET n.name = 'x' RETURN n",
        "MATCH (n:ETF) DETACH DELETE n RETURN 1",
        "MERGE (n:Tag {tag: 'x'}) RETURN n",
        "MATCH (n) REMOVE n.name RETURN n",
        "match (n) delete n return 1",
        "LOAD CSV FROM 'file:///x' AS row RETURN row",
        "CALL db.labels() YIELD label RETURN label",
        "MATCH (n) RETURN n; MATCH (m) DELETE m",
        "MATCH (n) RETURN n /* ; */ ; CREATE (x) RETURN x",
    ],
)
def test_write_clauses_and_second_statements_are_refused(query: str) -> None:
    with pytest.raises(BadInput):
        check_read_only(query)


def test_keywords_inside_strings_and_comments_are_inert() -> None:
    query = "MATCH (e:ETF) WHERE e.name = 'CREATE; DELETE' // SET x\nRETURN e.ticker AS ticker"
    assert check_read_only(query + ";") == query


def test_unterminated_strings_are_refused() -> None:
    with pytest.raises(BadInput):
        check_read_only("MATCH (e:ETF {name: 'x}) RETURN e")


def test_columns_come_from_the_last_return_clause() -> None:
    q = "MATCH (e:ETF)-[h:HOLDS]->(s:Stock) RETURN DISTINCT e.ticker, s.name AS stock, count(s), h.weight ORDER BY 1"
    assert return_columns(q) == ["ticker", "stock", "count", "weight"]
    assert return_columns("MATCH (a)-->(b) RETURN a.name, b.name") == ["name", "name_2"]
    with pytest.raises(BadInput):
        return_columns("MATCH (n) RETURN *")


def test_parameter_names_are_identifiers() -> None:
    assert check_params({"code": "005930"}) == {"code": "005930"}
    with pytest.raises(BadInput):
        check_params({"x') RETURN 1 //": 1})
