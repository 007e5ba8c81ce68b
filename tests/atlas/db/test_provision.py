"""Provisioning: idempotent, read-only role really read-only, timeouts, parameterised Cypher."""

from __future__ import annotations

import psycopg
import pytest

from atlas.db.provision import provision
from tests.conftest import AtlasDatabase


def test_extensions_schemas_and_graph_exist(fresh_db: AtlasDatabase) -> None:
    with fresh_db.reader() as conn:
        exts = {row[0] for row in conn.execute("select extname from pg_extension")}
        schemas = {row[0] for row in conn.execute("select nspname from pg_namespace")}
        graphs = {row[0] for row in conn.execute("select name from ag_catalog.ag_graph")}
    assert {"age", "vector", "pg_trgm"} <= exts
    assert {"raw", "staging", "marts", "fewshot", "events", "etf_graph"} <= schemas
    assert "etf_graph" in graphs


def test_provision_is_idempotent(scratch_db: AtlasDatabase, settings) -> None:
    with scratch_db.loader() as conn:
        conn.execute("insert into events.collection_runs (trade_date) values ('2024-11-06')")
    provision(scratch_db.cluster, scratch_db.name, settings.readonly_timeout_ms)
    provision(scratch_db.cluster, scratch_db.name, settings.readonly_timeout_ms)
    with scratch_db.loader() as conn:
        assert conn.execute("select count(*) from events.collection_runs").fetchone() == (1,)
        assert conn.execute("select count(*) from ag_catalog.ag_graph where name = 'etf_graph'").fetchone() == (1,)


@pytest.mark.parametrize(
    "statement",
    [
        "insert into events.collection_runs (trade_date) values ('2020-01-01')",
        "update events.collection_runs set run_id = 'x'",
        "delete from events.collection_runs",
        "create table marts.evil (x int)",
        "drop table events.collection_runs",
        "truncate events.stream",
    ],
)
def test_reader_cannot_write(fresh_db: AtlasDatabase, statement: str) -> None:
    with fresh_db.reader() as conn, pytest.raises(psycopg.Error):
        conn.execute(statement)


def test_reader_cannot_write_even_outside_read_only_transaction(fresh_db: AtlasDatabase) -> None:
    with fresh_db.reader() as conn:
        conn.execute("set default_transaction_read_only = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("insert into events.collection_runs (trade_date) values ('2020-01-01')")


def test_reader_cannot_create_in_graph(fresh_db: AtlasDatabase) -> None:
    with fresh_db.reader() as conn:
        conn.execute("set default_transaction_read_only = off")
        with pytest.raises(psycopg.Error):
            conn.execute("select * from cypher('etf_graph', $$ CREATE (:ETF {ticker: 'x'}) $$) as (a agtype)")


def test_reader_cannot_read_raw(fresh_db: AtlasDatabase) -> None:
    with fresh_db.reader() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("select count(*) from raw.krx_etf_holdings")


def test_statement_timeout_fires_for_reader(fresh_db: AtlasDatabase) -> None:
    with fresh_db.reader() as conn:
        assert conn.execute("show statement_timeout").fetchone() == ("5s",)
        conn.execute("set statement_timeout = '200ms'")
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("select pg_sleep(2)")


def test_parameterised_cypher_and_injection_is_inert(scratch_db: AtlasDatabase) -> None:
    with scratch_db.loader() as conn:
        conn.execute(
            "select * from cypher('etf_graph', $$ CREATE (:Stock {code: '005930', name: '삼성전자'}) $$) as (a agtype)"
        )
    query = "select * from cypher('etf_graph', $$ MATCH (s:Stock {code: $code}) RETURN s.name $$, %s) as (name agtype)"
    with scratch_db.reader() as conn:
        rows = conn.execute(query, ('{"code": "005930"}',), prepare=True).fetchall()
        assert rows == [('"삼성전자"',)]
        evil = '{"code": "005930\'}) DETACH DELETE s //"}'
        assert conn.execute(query, (evil,), prepare=True).fetchall() == []
    with scratch_db.loader() as conn:
        count = conn.execute("select * from cypher('etf_graph', $$ MATCH (s:Stock) RETURN count(s) $$) as (n agtype)")
        assert count.fetchone() == ("1",)
