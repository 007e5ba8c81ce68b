"""Raw loads into a real provisioned database: counts equal the snapshot files, re-runs replace exactly one
date, and a failure at any point leaves the previous rows of that date as they were."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from orchestration.lib import raw_load
from orchestration.lib.isin import krx_etf_isin
from orchestration.lib.krx import DATASETS, KrxClient, KrxError, KrxResponseError, ReplayTransport
from orchestration.lib.universe import etf_universe
from tests.conftest import AtlasDatabase
from tests.orchestration.lib.conftest import SNAPSHOT, copy_snapshot_subset, live_client, snapshot_holdings
from tests.support.fake_krx import FakeKrx

MASTER_FILES = ["MDCSTAT04601/20251231.json", "MDCSTAT04601/20260125.json"]


def _master_isins() -> set[str]:
    return {row["ISU_CD"] for name in MASTER_FILES for row in json.loads((SNAPSHOT / name).read_text())["output"]}


def _count(conn: psycopg.Connection, table: str, column: str, day: date) -> int:
    query = f"select count(*) from raw.{table} where {column} = %s"  # test-only: fixed table names
    return conn.execute(query, (day,)).fetchone()[0]  # type: ignore[index]


def _holdings_state(conn: psycopg.Connection, day: date) -> list[tuple]:
    query = """select etf_isu_cd, line_no, compst_isu_cd, compst_isu_cu1_shrs, valu_amt, _loaded_at
               from raw.krx_etf_holdings where trade_date = %s order by 1, 2"""
    return conn.execute(query, (day,)).fetchall()


@pytest.fixture(scope="module")
def replay() -> KrxClient:
    return KrxClient(ReplayTransport(SNAPSHOT))


@pytest.fixture(scope="module")
def loaded(fresh_db: AtlasDatabase, replay: KrxClient) -> Iterator[psycopg.Connection]:
    """fresh_db with every master/list snapshot and the two last price dates loaded."""
    with fresh_db.loader() as conn:
        for dataset in ("etf_master", "stock_master", "kind_companies", "kofia_fees"):
            raw_load.load_snapshots(conn, replay, dataset)
        for day in (date(2025, 12, 29), date(2025, 12, 30)):
            raw_load.load_etf_prices(conn, replay, day)
        yield conn


def test_parsed_columns_are_the_raw_tables_columns(fresh_db: AtlasDatabase) -> None:
    with fresh_db.loader() as conn:
        for dataset in DATASETS.values():
            columns = [
                row[0]
                for row in conn.execute(
                    "select column_name from information_schema.columns where table_schema = 'raw' "
                    "and table_name = %s and column_name <> '_loaded_at' order by ordinal_position",
                    (dataset.table,),
                )
            ]
            assert columns == [*dataset.table_columns, "_source"], dataset.name


@pytest.mark.parametrize(
    ("table", "files", "key"),
    [
        ("krx_etf_master", MASTER_FILES, "output"),
        ("krx_stock_master", ["MDCSTAT01901/20260414.json"], "OutBlock_1"),
        ("krx_etf_prices", ["MDCSTAT04301/20251229.json", "MDCSTAT04301/20251230.json"], "output"),
    ],
)
def test_json_snapshots_land_row_for_row(loaded: psycopg.Connection, table: str, files: list[str], key: str) -> None:
    column = "trade_date" if table == "krx_etf_prices" else "as_of_date"
    for name in files:
        stem = Path(name).stem
        day = date(int(stem[:4]), int(stem[4:6]), int(stem[6:]))
        expected = len(json.loads((SNAPSHOT / name).read_text(encoding="utf-8"))[key])
        assert _count(loaded, table, column, day) == expected, name


@pytest.mark.parametrize(
    ("table", "folder", "day"),
    [("kind_companies", "KIND_corpList", date(2026, 3, 22)), ("kofia_fees", "KOFIA_fees", date(2025, 12, 31))],
)
def test_csv_lists_land_row_for_row(loaded: psycopg.Connection, table: str, folder: str, day: date) -> None:
    path = SNAPSHOT / folder / f"{day:%Y%m%d}.csv"
    expected = len(list(csv.DictReader(path.open(encoding="utf-8-sig"))))
    assert _count(loaded, table, "as_of_date", day) == expected


def test_loaded_values_keep_krx_meaning(loaded: psycopg.Connection) -> None:
    row = loaded.execute(
        "select isu_cd, list_dd, cu_qty, etf_tot_fee, list_shrs, _source from raw.krx_etf_master "
        "where isu_srt_cd = '0000D0' order by as_of_date"
    ).fetchall()
    assert [r[4] for r in row] == [None, 5950000]  # LIST_SHRS absent in the 2025-12-31 mapping
    assert {(r[0], r[1], r[2], str(r[3]), r[5]) for r in row} == {
        ("KR70000D0009", date(2024, 12, 17), 50000, "0.390000", "replay")
    }
    no_par = loaded.execute("select count(*) from raw.krx_stock_master where parval is null").fetchone()[0]
    assert no_par == 15  # 무액면


@pytest.mark.parametrize("day", [date(2024, 11, 5), date(2024, 11, 6)])
def test_holdings_partitions_hold_every_snapshot_row_of_the_date(
    loaded: psycopg.Connection, replay: KrxClient, day: date
) -> None:
    answers = snapshot_holdings(f"{day:%Y%m%d}")
    result = raw_load.load_etf_holdings(loaded, replay, day)
    expected = sum(len(answer["output"]) for answer in answers.values())
    assert _count(loaded, "krx_etf_holdings", "trade_date", day) == result.rows == expected
    assert result.trading_day and result.answered == len(answers)
    universe = etf_universe(loaded, replay, day)
    assert result.requested == len(universe) and set(answers) <= set(universe.isins)
    # ETFs delisted before both master snapshots are loaded too (they were left out before issue 12).
    delisted = set(answers) - _master_isins()
    assert delisted and delisted <= set(universe.isins)
    etfs_sql = "select distinct etf_isu_cd from raw.krx_etf_holdings where trade_date = %s"
    in_table = {r[0] for r in loaded.execute(etfs_sql, (day,))}
    assert delisted <= in_table
    assert result.preview and result.preview[0]["trade_date"] == day.isoformat()


def test_verbatim_2021_holdings_land_with_shorts_and_cash(loaded: psycopg.Connection, replay: KrxClient) -> None:
    answers = snapshot_holdings("20210402")
    result = raw_load.load_etf_holdings(loaded, replay, date(2021, 4, 2), answers)
    assert result.rows == sum(len(a["output"]) for a in answers.values()) == 205
    rows = loaded.execute(
        "select line_no, compst_isu_cd, compst_isu_cu1_shrs, valu_amt, compst_amt, mkt_id from raw.krx_etf_holdings "
        "where trade_date = '2021-04-02' and etf_isu_cd = 'KR7114800006' order by line_no"
    ).fetchall()
    assert [(r[1], None if r[2] is None else str(r[2])) for r in rows] == [
        ("069500", "-324.00"),
        ("KR4101R60000", "-3.58"),
        ("KRD010010001", None),
        ("CASH00000001", None),
    ]
    assert str(rows[1][3]) == "-375184000" and rows[2][4] is not None and rows[2][5] is None


def test_a_rerun_replaces_exactly_that_date(loaded: psycopg.Connection, replay: KrxClient) -> None:
    first, other = date(2024, 11, 1), date(2024, 11, 4)
    raw_load.load_etf_holdings(loaded, replay, first)
    raw_load.load_etf_holdings(loaded, replay, other)
    before_first, before_other = _holdings_state(loaded, first), _holdings_state(loaded, other)
    again = raw_load.load_etf_holdings(loaded, replay, first)
    after_first = _holdings_state(loaded, first)
    assert again.rows == len(before_first) == len(after_first)
    assert [r[:5] for r in after_first] == [r[:5] for r in before_first]
    assert min(r[5] for r in after_first) > max(r[5] for r in before_first)  # rows were replaced, not kept
    assert _holdings_state(loaded, other) == before_other  # the other date is untouched


def test_a_date_without_trading_leaves_the_table_as_it_was(loaded: psycopg.Connection, tmp_path: Path) -> None:
    day = date(2025, 12, 30)
    before = _count(loaded, "krx_etf_prices", "trade_date", day)
    empty = KrxClient(ReplayTransport(copy_snapshot_subset(tmp_path, MASTER_FILES)))
    result = raw_load.load_etf_prices(loaded, empty, day)
    assert (result.trading_day, result.rows) == (False, 0)
    assert _count(loaded, "krx_etf_prices", "trade_date", day) == before > 0


def test_the_universe_adds_etfs_quoted_that_day(scratch_db: AtlasDatabase, replay: KrxClient, tmp_path: Path) -> None:
    with scratch_db.loader() as conn:
        raw_load.load_etf_master(conn, replay)
        conn.execute(
            "insert into raw.krx_etf_prices (trade_date, isu_srt_cd, isu_cd, _source) values "
            "('2024-11-06', '999999', 'KR7999999006', 'test'), ('2024-11-07', '888888', 'KR7888888005', 'test'),"
            "('2024-11-06', '0001A0', null, 'test')"
        )
        no_recording = KrxClient(ReplayTransport(copy_snapshot_subset(tmp_path, MASTER_FILES)))
        universe = etf_universe(conn, no_recording, date(2024, 11, 6))
        assert "KR7999999006" in universe.isins and "KR7888888005" not in universe.isins
        assert krx_etf_isin("0001A0") in universe.derived  # a quote without ISU_CD: ISIN by the check digit
        listed_by_then = conn.execute(
            "select count(distinct isu_cd) from raw.krx_etf_master where list_dd is null or list_dd <= '2024-11-06'"
        ).fetchone()[0]
        assert len(universe) == listed_by_then + 2 < 1066  # ETFs listed after the date are not asked for


def test_a_parse_error_mid_partition_keeps_the_previous_rows(
    scratch_db: AtlasDatabase, replay: KrxClient, tmp_path: Path
) -> None:
    day, answers = date(2024, 11, 6), snapshot_holdings("20241106")
    isins = sorted(answers)[:40]
    broken = answers[isins[30]]["output"][3] | {"VALU_AMT": "12,34x"}
    answers[isins[30]]["output"][3] = broken
    (tmp_path / "MDCSTAT05001").mkdir()
    with gzip.open(tmp_path / "MDCSTAT05001" / "20241106.jsonl.gz", "wt", encoding="utf-8") as out:
        for isin in isins:
            out.write(json.dumps({"params": {"isuCd": isin}, "response": answers[isin]}, ensure_ascii=False) + "\n")
    with scratch_db.loader() as conn:
        good = raw_load.load_etf_holdings(conn, replay, day, isins)
        before = _holdings_state(conn, day)
        with pytest.raises(KrxResponseError, match=rf"MDCSTAT05001 for 2024-11-06, isuCd {isins[30]}.*VALU_AMT"):
            raw_load.load_etf_holdings(conn, KrxClient(ReplayTransport(tmp_path)), day, isins)
        assert _holdings_state(conn, day) == before and len(before) == good.rows > 0


def test_a_database_error_inside_the_transaction_rolls_back_the_delete(
    scratch_db: AtlasDatabase, replay: KrxClient, tmp_path: Path
) -> None:
    day = date(2025, 12, 30)
    body = json.loads((SNAPSHOT / "MDCSTAT04301" / "20251230.json").read_text(encoding="utf-8"))
    body["output"].append(dict(body["output"][0]))  # the same ETF twice: the COPY breaks the primary key
    (tmp_path / "MDCSTAT04301").mkdir()
    (tmp_path / "MDCSTAT04301" / "20251230.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    with scratch_db.loader() as conn:
        raw_load.load_etf_prices(conn, replay, day)
        before = conn.execute("select isu_srt_cd, _loaded_at from raw.krx_etf_prices order by 1").fetchall()
        with pytest.raises(psycopg.errors.UniqueViolation):
            raw_load.load_etf_prices(conn, KrxClient(ReplayTransport(tmp_path)), day)
        after = conn.execute("select isu_srt_cd, _loaded_at from raw.krx_etf_prices order by 1").fetchall()
        assert after == before and len(before) == len(body["output"]) - 1


def test_krx_failing_mid_partition_keeps_the_previous_rows(
    scratch_db: AtlasDatabase, replay: KrxClient, fake_krx: FakeKrx
) -> None:
    day, isins = date(2024, 11, 6), sorted(snapshot_holdings("20241106"))[:12]
    with scratch_db.loader() as conn:
        raw_load.load_etf_holdings(conn, replay, day, isins)
        before = _holdings_state(conn, day)
        fake_krx.fail_next(*["ok"] * 7, "503", "503", "503")
        with live_client(fake_krx) as live, pytest.raises(KrxError, match=r"isuCd .*after 3 attempts.*HTTP 503"):
            raw_load.load_etf_holdings(conn, live, day, isins)
        assert _holdings_state(conn, day) == before
        with live_client(fake_krx) as live:  # KRX is back: the same date loads from live, tagged as such
            result = raw_load.load_etf_holdings(conn, live, day, isins)
        assert result.source == "live" and result.rows == len(before)
        assert {row[0] for row in conn.execute("select distinct _source from raw.krx_etf_holdings")} == {"live"}


def test_a_connection_in_a_transaction_is_refused_and_an_idle_one_is_committed(
    scratch_db: AtlasDatabase, replay: KrxClient
) -> None:
    with psycopg.connect(scratch_db.loader_dsn) as conn:  # not autocommit, as Dagster resources hand it out
        conn.execute("select 1")
        with pytest.raises(RuntimeError, match="no transaction open"):
            raw_load.load_etf_prices(conn, replay, date(2025, 12, 30))
        conn.rollback()
        result = raw_load.load_etf_prices(conn, replay, date(2025, 12, 30))
        with psycopg.connect(scratch_db.loader_dsn) as other:
            assert _count(other, "krx_etf_prices", "trade_date", date(2025, 12, 30)) == result.rows == 1058


def test_snapshot_loads_cover_every_snapshot_and_refuse_daily_datasets(
    scratch_db: AtlasDatabase, replay: KrxClient
) -> None:
    with scratch_db.loader() as conn:
        results = raw_load.load_snapshots(conn, replay, "etf_master")
        assert [(r.partition_date, r.rows) for r in results] == [(date(2025, 12, 31), 1058), (date(2026, 1, 25), 1066)]
        assert results[0].metadata()["table"] == "raw.krx_etf_master"
        with pytest.raises(ValueError, match="not a snapshot dataset"):
            raw_load.load_snapshots(conn, replay, "etf_prices")
