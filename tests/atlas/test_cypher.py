"""atlas.cypher: agtype decoding, parameter encoding, name validation, and real prepared cypher() calls on AGE."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest

from atlas.cypher import (
    AgtypeDecodeError,
    CypherError,
    compose_cypher,
    decode_agtype,
    encode_params,
    referenced_parameters,
    register_agtype,
    run_cypher,
    run_cypher_async,
)
from tests.conftest import AtlasDatabase

GRAPH = "cypher_unit"

# ------------------------------------------------------------------------------------------ decoding (pure)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("null", None),
        ("true", True),
        ("false", False),
        ("0", 0),
        ("-42", -42),
        ("12345678901234567890", 12345678901234567890),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        ("1e+20", 1e20),
        ("3.5e-07", 3.5e-07),
        ('"삼성전자"', "삼성전자"),
        ('"O\'Reilly \\"q\\" \\\\ \\n \\u00e9"', 'O\'Reilly "q" \\ \n é'),
        ('"1.5::numeric"', "1.5::numeric"),
        ("1.50::numeric", Decimal("1.50")),
        ("7::numeric", Decimal(7)),
        ("[]", []),
        ("{}", {}),
        ('[1, "a", [2.5, null], {"k": true}]', [1, "a", [2.5, None], {"k": True}]),
        ('{"w": 30.12::numeric, "tags": ["반도체"]}', {"w": Decimal("30.12"), "tags": ["반도체"]}),
    ],
)
def test_decode_scalars_and_containers(text: str, expected: Any) -> None:
    value = decode_agtype(text)
    assert value == expected
    assert type(value) is type(expected)


def test_decode_special_floats() -> None:
    assert math.isnan(decode_agtype("NaN"))
    assert decode_agtype("Infinity") == math.inf
    assert decode_agtype("-Infinity") == -math.inf
    assert decode_agtype("[NaN, -Infinity]")[1] == -math.inf


VERTEX = '{"id": 844424930131969, "label": "ETF", "properties": {"ticker": "069500", "name": "KODEX 200"}}::vertex'
EDGE = (
    '{"id": 1125899906842625, "label": "HOLDS", "end_id": 1407374883553281, "start_id": 844424930131969, '
    '"properties": {"weight": 30.12, "as_of": "2024-11-07"}}::edge'
)
STOCK = '{"id": 1407374883553281, "label": "Stock", "properties": {"code": "005930"}}::vertex'


def test_decode_vertex_edge_path() -> None:
    vertex = decode_agtype(VERTEX)
    assert vertex == {"id": 844424930131969, "label": "ETF", "properties": {"ticker": "069500", "name": "KODEX 200"}}
    edge = decode_agtype(EDGE)
    assert edge["start_id"] == vertex["id"] and edge["properties"]["weight"] == 30.12
    path = decode_agtype(f"[{VERTEX}, {EDGE}, {STOCK}]::path")
    assert [element["label"] for element in path] == ["ETF", "HOLDS", "Stock"]
    assert decode_agtype(f"[{VERTEX}, {STOCK}]") == [vertex, decode_agtype(STOCK)]


@pytest.mark.parametrize(
    "text",
    ["", "{", '{"a" 1}', "[1 2]", "nul", "1 2", '"unterminated', '{"a": 1}::vertex', "[1]::edge", "1::bogus", "{a: 1}"],
)
def test_decode_rejects_malformed_text(text: str) -> None:
    with pytest.raises(AgtypeDecodeError):
        decode_agtype(text)


def test_decode_sql_null_is_none() -> None:
    assert decode_agtype(None) is None


# --------------------------------------------------------------------------------- encoding and composing


def test_encode_params_types() -> None:
    encoded = encode_params(
        {"s": 'it\'s "x"', "n": 3, "f": 0.5, "d": Decimal("1.25"), "day": date(2024, 11, 7), "l": [None, True]}
    )
    assert encoded == (
        '{"s": "it\'s \\"x\\"", "n": 3, "f": 0.5, "d": 1.25::numeric, "day": "2024-11-07", "l": [null, true]}'
    )
    assert encode_params(None) is None


@pytest.mark.parametrize(
    "params", [["not", "a", "map"], {"bad key": 1}, {"x": object()}, {"x": {1: 2}}, {"x": Decimal("NaN")}]
)
def test_encode_params_rejects_bad_input(params: Any) -> None:
    with pytest.raises(CypherError):
        encode_params(params)


@pytest.mark.parametrize(
    "graph",
    ["g", "ab", "etf_graph'); drop table x; --", "Etf_graph", "1graph", "etf graph", "x" * 64, "", 'a"b'],
)
def test_compose_rejects_bad_graph_names(graph: str) -> None:
    with pytest.raises(CypherError, match="invalid graph name"):
        compose_cypher(graph, "RETURN 1", ("a",))


@pytest.mark.parametrize("columns", [(), "abc", ("A",), ("a b",), ('a"',), ("a", "a"), ("x" * 64,)])
def test_compose_rejects_bad_columns(columns: Any) -> None:
    with pytest.raises(CypherError):
        compose_cypher(GRAPH, "RETURN 1", columns)


@pytest.mark.parametrize("query", ["", "   ", "RETURN 1\x00", "RETURN 1" + " " * 20_000])
def test_compose_rejects_bad_queries(query: str) -> None:
    with pytest.raises(CypherError):
        compose_cypher(GRAPH, query, ("a",))


def test_compose_uses_a_dollar_tag_absent_from_the_query() -> None:
    text = compose_cypher(GRAPH, "RETURN '$cypher$ and $cypher1$'", ("a",)).as_string(None)
    assert "$cypher2$RETURN '$cypher$ and $cypher1$'$cypher2$" in text


# ------------------------------------------------------------------------------------------- on the server


@pytest.fixture(scope="module")
def graph_conn(fresh_db: AtlasDatabase) -> Iterator[psycopg.Connection[Any]]:
    with fresh_db.loader() as conn:
        if not conn.execute("select 1 from ag_catalog.ag_graph where name = %s", (GRAPH,)).fetchone():
            conn.execute("select ag_catalog.create_graph(%s)", (GRAPH,))
            run_cypher(
                conn,
                "CREATE (:ETF {ticker: '069500', name: 'KODEX 200'})-[:HOLDS {weight: 30.12, as_of: '2024-11-07'}]->"
                "(:Stock {code: '005930', name: '삼성전자'})",
                None,
                ("v",),
                graph=GRAPH,
            )
            from atlas.db.provision import grant_reader

            grant_reader(conn)
        yield conn


def test_values_round_trip_through_parameters(graph_conn: psycopg.Connection[Any]) -> None:
    params = {
        "s": '삼성전자 O\'Reilly "q" $$ %s {x} \\ \n',
        "i": -7,
        "f": 2.5,
        "d": Decimal("30.12"),
        "b": False,
        "n": None,
        "l": [1, "a", {"k": [True]}],
        "m": {"nested": {"deep": 1.25}},
    }
    columns = ("s", "i", "f", "d", "b", "n", "l", "m")
    query = "RETURN $s, $i, $f, $d, $b, $n, $l, $m"
    [row] = run_cypher(graph_conn, query, params, columns, graph=GRAPH)
    assert row == params
    assert isinstance(row["d"], Decimal) and isinstance(row["f"], float) and isinstance(row["i"], int)


def test_special_numbers_round_trip(graph_conn: psycopg.Connection[Any]) -> None:
    params = {"nan": math.nan, "inf": math.inf, "ninf": -math.inf, "big": 1e20, "sci": Decimal("1E+3")}
    [row] = run_cypher(graph_conn, "RETURN $nan, $inf, $ninf, $big, $sci", params, tuple(params), graph=GRAPH)
    assert math.isnan(row["nan"]) and row["inf"] == math.inf and row["ninf"] == -math.inf
    assert row["big"] == 1e20 and row["sci"] == Decimal(1000)


def test_server_values_decode(graph_conn: psycopg.Connection[Any]) -> None:
    [row] = run_cypher(
        graph_conn,
        "MATCH p = (e:ETF {ticker: $t})-[h:HOLDS]->(s:Stock) "
        "RETURN p, e, h, s.name, h.weight, 1.5::numeric, [e.ticker, null], {w: h.weight}, 10 / 4, 10.0 / 4",
        {"t": "069500"},
        ("p", "e", "h", "name", "weight", "num", "lst", "map", "idiv", "fdiv"),
        graph=GRAPH,
    )
    assert [x["label"] for x in row["p"]] == ["ETF", "HOLDS", "Stock"]
    assert row["p"][0] == row["e"] and row["p"][1] == row["h"]
    assert row["e"]["properties"] == {"ticker": "069500", "name": "KODEX 200"}
    assert row["h"]["start_id"] == row["e"]["id"] and row["h"]["end_id"] == row["p"][2]["id"]
    assert row["name"] == "삼성전자" and row["weight"] == 30.12
    assert row["num"] == Decimal("1.5") and row["lst"] == ["069500", None] and row["map"] == {"w": 30.12}
    assert row["idiv"] == 2 and row["fdiv"] == 2.5


def test_percent_and_dollar_quotes_in_query_text(graph_conn: psycopg.Connection[Any]) -> None:
    rows = run_cypher(graph_conn, "RETURN '100% $cypher$ %s %(x)s', 7 % 4", None, ("a", "b"), graph=GRAPH)
    assert rows == [{"a": "100% $cypher$ %s %(x)s", "b": 3}]


def test_runs_as_a_prepared_statement_with_values_out_of_the_text(graph_conn: psycopg.Connection[Any]) -> None:
    marker = "marker-value-7f3a"
    for _ in range(3):
        assert run_cypher(graph_conn, "MATCH (e:ETF {ticker: $t}) RETURN e.name", {"t": marker}, graph=GRAPH) == []
    statements = [
        row[0]
        for row in graph_conn.execute("select statement from pg_prepared_statements where statement like %s", ("%$t%",))
    ]
    assert statements, "run_cypher should leave a named prepared statement on the connection"
    assert all(marker not in text and "$1" in text for text in statements)


@pytest.mark.parametrize(
    "attack",
    [
        "069500'}) MATCH (n) DETACH DELETE n RETURN 1 //",
        '069500"}) DETACH DELETE e //',
        '\'; drop table cypher_unit."ETF"; --',
        '$$) as (a agtype); drop table cypher_unit."ETF"; --',
    ],
)
def test_injection_through_parameters_is_inert(graph_conn: psycopg.Connection[Any], attack: str) -> None:
    assert run_cypher(graph_conn, "MATCH (e:ETF {ticker: $t}) RETURN e.ticker", {"t": attack}, graph=GRAPH) == []
    assert run_cypher(graph_conn, "RETURN $t", {"t": attack}, graph=GRAPH) == [{"result": attack}]
    [row] = run_cypher(graph_conn, "MATCH (n) RETURN count(n)", None, ("n",), graph=GRAPH)
    assert row["n"] == 2


@pytest.mark.parametrize("params", [None, {}, {"ticker": "069500"}])
def test_missing_parameters_are_refused(graph_conn: psycopg.Connection[Any], params: Any) -> None:
    # AGE itself would read the missing $t as null and silently match nothing.
    with pytest.raises(CypherError, match=r"missing Cypher parameter\(s\): \$t"):
        run_cypher(graph_conn, "MATCH (e:ETF {ticker: $t}) RETURN e", params, graph=GRAPH)


def test_referenced_parameters_skip_strings_names_and_comments() -> None:
    query = 'MATCH (e {t: $t}) WHERE e.x = \'$a\' AND e.y = "$b \\" $c" // $d\n/* $e */ RETURN $ok, `$f`'
    assert referenced_parameters(query) == {"t", "ok"}


def test_limit_is_a_bound_parameter(graph_conn: psycopg.Connection[Any]) -> None:
    query = "UNWIND [1, 2, 3, 4] AS x RETURN x"
    assert [r["x"] for r in run_cypher(graph_conn, query, None, ("x",), graph=GRAPH, limit=2)] == [1, 2]
    assert [r["x"] for r in run_cypher(graph_conn, query, None, ("x",), graph=GRAPH, limit=3)] == [1, 2, 3]
    assert len(run_cypher(graph_conn, query, None, ("x",), graph=GRAPH)) == 4
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(CypherError, match="limit"):
            run_cypher(graph_conn, query, None, ("x",), graph=GRAPH, limit=bad)  # type: ignore[arg-type]


def test_register_agtype_decodes_plain_queries(graph_conn: psycopg.Connection[Any]) -> None:
    register_agtype(graph_conn)
    register_agtype(graph_conn)  # idempotent
    row = graph_conn.execute("select '{\"a\": [1, 2.5::numeric]}'::ag_catalog.agtype").fetchone()
    assert row == ({"a": [1, Decimal("2.5")]},)


def test_reader_role_reads_and_cannot_write(fresh_db: AtlasDatabase, graph_conn: psycopg.Connection[Any]) -> None:
    with fresh_db.reader() as reader:
        rows = run_cypher(reader, "MATCH (e:ETF) RETURN e.ticker", None, ("ticker",), graph=GRAPH)
        assert rows == [{"ticker": "069500"}]
        with pytest.raises(psycopg.Error):
            run_cypher(reader, "CREATE (:ETF {ticker: 'x'})", None, graph=GRAPH)


def test_connection_row_factory_does_not_matter(fresh_db: AtlasDatabase, graph_conn: psycopg.Connection[Any]) -> None:
    with psycopg.connect(fresh_db.reader_dsn, autocommit=True, row_factory=psycopg.rows.dict_row) as conn:
        rows = run_cypher(conn, "MATCH (e:ETF) RETURN e.ticker, e.name", None, ("ticker", "name"), graph=GRAPH)
        assert rows == [{"ticker": "069500", "name": "KODEX 200"}]


async def test_async_variant(fresh_db: AtlasDatabase, graph_conn: psycopg.Connection[Any]) -> None:
    async with await psycopg.AsyncConnection.connect(
        fresh_db.reader_dsn, autocommit=True, row_factory=psycopg.rows.dict_row
    ) as conn:
        for _ in range(2):
            rows = await run_cypher_async(
                conn,
                "MATCH (e:ETF {ticker: $t})-[h:HOLDS]->(s:Stock) RETURN s.code, h.weight, e",
                {"t": "069500"},
                ("code", "weight", "etf"),
                graph=GRAPH,
                limit=5,
            )
            assert rows[0]["code"] == "005930" and rows[0]["weight"] == 30.12
            assert rows[0]["etf"]["label"] == "ETF"
