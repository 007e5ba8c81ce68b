"""Every sample IR compiled, run on the test database and rendered in Korean and English: the answer shows the
figures of its rows, an as-of date, and sources for exactly the statements run."""

from __future__ import annotations

import re

import pytest

from query_api.config import ApiConfig
from query_api.db import Database, fetch_all
from query_api.graph import run_cypher
from query_api.router.compile import Channel, Ctx, compile_query
from query_api.router.render import RenderCtx, Result, render
from tests.query_api.router.compile.samples import SAMPLES

DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
UNDATED = {
    "not_held",
    "aggregate",
    "aggregate_group",
    "aggregate_group_having",
    "aggregate_group_extreme",
    "aggregate_extremes",
    "compare",
    "lookup_chain",
    "lookup_fan_out",
    "stock_lookup_nodate",
    "stock_lookup_second_holding",  # a stock's own facts (market, sector): no date of their own
}


@pytest.fixture(scope="module")
async def reader(api_db):  # type: ignore[no-untyped-def]
    db = Database(ApiConfig(dsn=api_db.reader_dsn).dsn, min_size=1, max_size=2)
    await db.open()
    await db.pool.wait(timeout=10.0)
    yield db
    await db.close()


@pytest.mark.parametrize("name", sorted(SAMPLES))
async def test_sample_renders_from_its_rows(reader: Database, name: str) -> None:
    query = SAMPLES[name]
    results = []
    async with reader.connection() as conn:
        for st in compile_query(query, Ctx()):
            if st.channel is Channel.CYPHER:
                rows = await run_cypher(conn, st.text, st.params, st.columns)
            else:
                rows = await fetch_all(conn, st.text, st.params)
            results.append(Result(st, rows))
    for lang in ("ko", "en"):
        text, srcs = render(query, results, RenderCtx(lang))
        assert text.strip()
        assert len(srcs) == len({t for r in results for t in r.statement.tables})
        if name not in UNDATED:
            assert DATE.search(text), f"{name} [{lang}] shows no as-of date: {text}"
        for row in results[0].rows[:3] if results else []:
            shown = row.get("ticker") or row.get("code") or row.get("ticker_a")
            if shown and name not in ("changes_count", "sector_mix", "aggregate_group"):
                assert str(shown) in text, f"{name} [{lang}]: {shown} not in {text}"
