"""Real Dagster materializations into a fresh database: counts against the snapshot, idempotent re-runs,
exactly one NOTIFY per new trade date, and a failed partition that leaves the loaded data intact."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import dagster as dg
import psycopg
import pytest

from atlas.config import DEFAULT_KRX_DIR
from atlas.errors import AtlasError
from orchestration.pipeline import STAGES, run_pipeline
from orchestration.resources import AtlasDatabase as DatabaseResource
from orchestration.resources import KrxSource
from tests.conftest import AtlasDatabase

FIRST, LAST = date(2024, 11, 5), date(2024, 11, 6)
# Everything the notification needs, without the graph and the embeddings (tested on their own).
STAGES_UNDER_TEST = [s for s in STAGES if s.name not in {"dbt latest marts", "graph", "few-shot embeddings"}]
RAW_STAGES = [s for s in STAGES if s.name.startswith("raw")]


def _snapshot_holdings(day: date) -> dict[str, list[dict[str, str]]]:
    """ETF ISIN → the lines of the recorded holdings file of `day`."""
    path = DEFAULT_KRX_DIR / "MDCSTAT05001" / f"{day:%Y%m%d}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {r["params"]["isuCd"]: r["response"]["output"] for r in map(json.loads, lines)}


def _snapshot_price_rows(first: date, last: date) -> dict[date, int]:
    """Rows per trade date in the recorded quote files (MDCSTAT04301) from `first` to `last`."""
    counts: dict[date, int] = {}
    for path in sorted((DEFAULT_KRX_DIR / "MDCSTAT04301").glob("*.json")):
        day = datetime.strptime(path.stem, "%Y%m%d").date()
        if first <= day <= last:
            counts[day] = len(json.loads(path.read_text(encoding="utf-8"))["output"])
    return counts


def _run(db: AtlasDatabase, stages, source: str | None = None) -> None:
    resources: dict[str, object] = {"database": DatabaseResource(dsn=db.loader_dsn)}
    if source:
        resources["krx"] = KrxSource(source=source)
    with dg.DagsterInstance.ephemeral() as instance:
        run_pipeline(FIRST, LAST, instance, resources=resources, log=lambda _msg: None, stages=stages)


@pytest.fixture(scope="module")
def pipeline_db(cluster, settings) -> Iterator[tuple[AtlasDatabase, list[tuple[str, dict]], list[tuple[str, dict]]]]:
    """Two runs of the same two trade dates, with a listener started before the first."""
    from tests.conftest import _new_database

    db = _new_database(cluster, settings, "pipeline")
    with db.loader() as listener:
        listener.execute("listen new_collection")
        _run(db, STAGES_UNDER_TEST)
        first = [(n.channel, json.loads(n.payload)) for n in listener.notifies(timeout=1.0, stop_after=100)]
        _run(db, STAGES_UNDER_TEST)
        second = [(n.channel, json.loads(n.payload)) for n in listener.notifies(timeout=1.0, stop_after=100)]
    yield db, first, second
    from atlas.db.provision import drop_database

    drop_database(cluster, db.name)


def test_raw_holdings_equal_the_snapshot_rows(pipeline_db) -> None:
    """Every line of every ETF in the files, delisted ETFs included (counts from the files)."""
    db, _, _ = pipeline_db
    with db.loader() as conn:
        for day in (FIRST, LAST):
            loaded = conn.execute("select count(*) from raw.krx_etf_holdings where trade_date = %s", (day,)).fetchone()
            assert loaded == (sum(len(lines) for lines in _snapshot_holdings(day).values()),)


def test_fact_holdings_per_date_equal_the_files(pipeline_db) -> None:
    """marts.fct_etf_holdings: one row per ETF and constituent code of the files (repeated lines summed), per date;
    and the ETFs holding NAVER (035420) on 2024-11-06 are the files' ETFs."""
    db, _, _ = pipeline_db
    with db.reader() as conn:
        loaded = dict(conn.execute("select trade_date, count(*) from marts.fct_etf_holdings group by 1 order by 1"))
        naver = conn.execute(
            "select count(distinct etf_ticker) from marts.fct_etf_holdings "
            "where trade_date = %s and instrument_code = '035420'",
            (LAST,),
        ).fetchone()[0]
    expected = {
        day: sum(len({line["COMPST_ISU_CD"] for line in lines}) for lines in _snapshot_holdings(day).values())
        for day in (FIRST, LAST)
    }
    assert loaded == expected
    files_naver = sum(
        any(line["COMPST_ISU_CD"] == "035420" for line in lines) for lines in _snapshot_holdings(LAST).values()
    )
    assert naver == files_naver == 134


def test_prices_outside_the_window_are_not_loaded(pipeline_db) -> None:
    """Every quote of the window's files is loaded, and nothing of any other date (counts from the files)."""
    db, _, _ = pipeline_db
    with db.loader() as conn:
        loaded = dict(conn.execute("select trade_date, count(*) from raw.krx_etf_prices group by 1 order by 1"))
    expected = _snapshot_price_rows(FIRST, LAST)
    assert loaded == expected
    assert sum(_snapshot_price_rows(date.min, date.max).values()) > sum(expected.values())  # other dates exist


def test_marts_hold_both_dates(pipeline_db) -> None:
    db, _, _ = pipeline_db
    with db.reader() as conn:
        dates = [row[0] for row in conn.execute("select distinct trade_date from marts.fct_etf_holdings order by 1")]
        changes = conn.execute("select count(*) from marts.fct_holding_changes where trade_date = %s", (LAST,))
        assert dates == [FIRST, LAST]
        assert changes.fetchone()[0] > 0


def test_exactly_one_notification_per_new_date_and_none_on_rerun(pipeline_db) -> None:
    _, first, second = pipeline_db
    assert sorted(payload["trade_date"] for _, payload in first) == [FIRST.isoformat(), LAST.isoformat()]
    assert second == []


def test_rerun_is_idempotent(pipeline_db) -> None:
    db, _, _ = pipeline_db
    with db.loader() as conn:
        runs = conn.execute("select count(*) from events.collection_runs").fetchone()
        dupes = conn.execute(
            "select count(*) from (select trade_date, etf_ticker, instrument_code from marts.fct_etf_holdings "
            "group by 1, 2, 3 having count(*) > 1) d"
        ).fetchone()
    assert runs == (2,) and dupes == (0,)


def _broken_replay(tmp_path: Path, broken_day: date) -> Path:
    """The recorded snapshot, except that the holdings answer of one day is not JSON."""
    root = tmp_path / "krx"
    for folder in DEFAULT_KRX_DIR.iterdir():
        if folder.is_dir():
            (root / folder.name).mkdir(parents=True)
            for path in folder.iterdir():
                (root / folder.name / path.name).symlink_to(path)
    target = root / "MDCSTAT05001" / f"{broken_day:%Y%m%d}.jsonl.gz"
    target.unlink()
    with gzip.open(target, "wt", encoding="utf-8") as out:
        params = {"bld": "dbms/MDC/STAT/standard/MDCSTAT05001", "trdDd": f"{broken_day:%Y%m%d}"}
        out.write(json.dumps({"params": {**params, "isuCd": "KR7069500007"}, "response": "<html>oops"}) + "\n")
    return root


def test_failed_partition_leaves_previous_data_intact(scratch_db: AtlasDatabase, tmp_path: Path) -> None:
    _run(scratch_db, RAW_STAGES)
    count_sql = "select count(*), sum(valu_amt) from raw.krx_etf_holdings where trade_date = %s"
    with scratch_db.loader() as conn:
        before = conn.execute(count_sql, (LAST,)).fetchone()
    assert before[0] > 0
    with pytest.raises(AtlasError, match="raw daily"):
        _run(scratch_db, RAW_STAGES, source=f"replay:{_broken_replay(tmp_path, LAST)}")
    with scratch_db.loader() as conn:
        assert conn.execute(count_sql, (LAST,)).fetchone() == before
    _run(scratch_db, RAW_STAGES)  # a re-run with a good source succeeds
    with scratch_db.loader() as conn, pytest.raises(psycopg.Error):
        conn.execute("select 1 from raw.no_such_table")
