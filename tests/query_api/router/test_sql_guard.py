"""Generated SQL: one SELECT over marts/fewshot/events, parameters only, LIMIT added; everything else refused."""

from __future__ import annotations

import pytest

from query_api.errors import BadInput
from query_api.router.sql_guard import check_select


def test_a_select_with_parameters_is_limited() -> None:
    sql = "with t as (select ticker from marts.dim_etf where issuer_id = %(issuer)s) select * from t"
    checked = check_select(sql, {"issuer": "삼성자산운용"})
    assert checked.startswith("select * from (") and checked.endswith("limit 200") and sql in checked


@pytest.mark.parametrize(
    "sql",
    [
        "delete from marts.dim_etf",
        "update marts.dim_etf set name = %(x)s",
        "select 1; select 2",
        "with x as (delete from marts.dim_etf returning *) select * from x",
        "select * from raw.krx_etf_master",
        "select * from pg_catalog.pg_roles",
        "select * from dim_etf",
        "select pg_sleep(10)",
        "select set_config('statement_timeout', '0', false)",
        "select * from marts.dim_etf where ticker = '069500'",
        "select * from marts.dim_etf where name like %(x)s || '%'",
        "select * from marts.dim_etf where ticker = %(unknown)s",
        "select * from ag_catalog.cypher('etf_graph', $$ MATCH (n) RETURN n $$) as (n agtype)",
        "drop table marts.dim_etf",
        "select * from marts.dim_etf where",
    ],
)
def test_refused(sql: str) -> None:
    with pytest.raises(BadInput):
        check_select(sql, {"x": "a"})
