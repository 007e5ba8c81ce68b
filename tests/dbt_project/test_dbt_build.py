"""dbt build of the real project on a scratch database holding a real replay slice: every master, prices of one
date and holdings of two dates, loaded by the raw loaders. Facts in the marts are checked against the raw rows
and the recorded files, independently of the SQL that produced them."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from dbt.cli.main import dbtRunner, dbtRunnerResult

from atlas.config import DEFAULT_KRX_DIR
from atlas.db.cluster import Cluster
from atlas.db.provision import drop_database
from orchestration.lib import raw_load
from orchestration.lib.dbt_project import dbt_env
from orchestration.lib.isin import krx_etf_isin
from orchestration.lib.krx import KrxClient
from orchestration.lib.krx.replay import ReplayTransport
from tests.conftest import AtlasDatabase, _new_database

PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
PRICE_DATE = date(2025, 12, 30)
FIRST, SECOND = date(2024, 11, 5), date(2024, 11, 6)
KODEX_200, KODEX_LEVERAGE, KODEX_INVERSE, TIGER_200 = "069500", "122630", "114800", "102110"


def _dbt(db: AtlasDatabase, target: Path, *args: str) -> dbtRunnerResult:
    with dbt_env(db.loader_dsn):  # profiles.yml reads DBT_*; dbtRunner runs in-process
        return dbtRunner().invoke(
            [
                *args,
                "--project-dir",
                str(PROJECT_DIR),
                "--profiles-dir",
                str(PROJECT_DIR),
                "--target-path",
                str(target),
                "--log-path",
                str(target / "logs"),
                "--quiet",
            ]
        )


def _failures(result: dbtRunnerResult) -> list[str]:
    if result.exception is not None:
        return [repr(result.exception)]
    return [f"{r.node.unique_id}: {r.status} {r.message}" for r in result.result if r.status not in ("success", "pass")]


def _recorded_holdings(day: date) -> dict[str, list[dict[str, str]]]:
    """ETF ISIN → the recorded KRX lines of `day`, straight from the replay file."""
    path = DEFAULT_KRX_DIR / "MDCSTAT05001" / f"{day:%Y%m%d}.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return {entry["params"]["isuCd"]: entry["response"]["output"] for entry in map(json.loads, lines)}


def _number(text: str) -> Decimal | None:
    return None if text == "-" else Decimal(text.replace(",", ""))


@pytest.fixture(scope="module")
def built(cluster: Cluster, settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AtlasDatabase, Path]]:
    db = _new_database(cluster, settings, "dbt")
    target = tmp_path_factory.mktemp("dbt_target")
    with psycopg.connect(db.loader_dsn, autocommit=True) as conn, KrxClient(ReplayTransport(DEFAULT_KRX_DIR)) as krx:
        for dataset in ("etf_master", "stock_master", "kind_companies", "kofia_fees"):
            raw_load.load_snapshots(conn, krx, dataset)
        raw_load.load_etf_prices(conn, krx, PRICE_DATE)
        for day in (FIRST, SECOND):
            raw_load.load_etf_holdings(conn, krx, day)
    result = _dbt(db, target, "build")
    assert result.success, _failures(result)
    # The first build's node results, before later tests run dbt again in the same target directory.
    (target / "first_build.json").write_bytes((target / "run_results.json").read_bytes())
    yield db, target
    drop_database(cluster, db.name)


def _rows(db: AtlasDatabase, query: str, params: dict | None = None) -> list[tuple]:
    with db.loader() as conn:
        return conn.execute(query, params).fetchall()


def test_build_ran_every_kind_of_node(built: tuple[AtlasDatabase, Path]) -> None:
    _, target = built
    run_results = json.loads((target / "first_build.json").read_text(encoding="utf-8"))
    kinds = {r["unique_id"].split(".")[0] for r in run_results["results"]}
    assert {"model", "seed", "test", "unit_test"} <= kinds
    # every node succeeds; a test may only warn when it is declared with severity warn (a data oddity to show,
    # e.g. premiums beyond ±50 % on delisted ETFs' quotes), never fail
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))["nodes"]
    for r in run_results["results"]:
        if r["status"] == "warn":
            assert manifest[r["unique_id"]]["config"]["severity"].lower() == "warn", r["unique_id"]
        else:
            assert r["status"] in ("success", "pass"), (r["unique_id"], r["status"])


def test_holdings_rows_equal_the_recorded_lines_per_date(built: tuple[AtlasDatabase, Path]) -> None:
    db, _ = built
    for day in (FIRST, SECOND):
        loaded_isins = {
            row[0]
            for row in _rows(
                db, "select distinct etf_isu_cd from raw.krx_etf_holdings where trade_date = %(d)s", {"d": day}
            )
        }
        recorded = _recorded_holdings(day)
        assert loaded_isins == set(recorded)  # every ETF of the file, delisted ones included (issue 12)
        expected = sum(len({line["COMPST_ISU_CD"] for line in recorded[isin]}) for isin in loaded_isins)
        (facts,) = _rows(db, "select count(*) from marts.fct_etf_holdings where trade_date = %(d)s", {"d": day})[0]
        (raw,) = _rows(db, "select count(*) from raw.krx_etf_holdings where trade_date = %(d)s", {"d": day})[0]
        # No response repeats a constituent code, so nothing is merged: facts = raw lines = recorded lines.
        assert facts == raw == expected > 25_000


def test_a_holding_keeps_the_recorded_figures(built: tuple[AtlasDatabase, Path]) -> None:
    db, _ = built
    kodex_200 = _recorded_holdings(SECOND)["KR7069500007"]
    samsung = next(line for line in kodex_200 if line["COMPST_ISU_CD"] == "005930")
    row = _rows(
        db,
        "select shares, value_krw, weight_pct, is_cash, etf_isin from marts.fct_etf_holdings "
        "where trade_date = %(d)s and etf_ticker = %(t)s and instrument_code = '005930'",
        {"d": SECOND, "t": KODEX_200},
    )
    assert row == [
        (
            _number(samsung["COMPST_ISU_CU1_SHRS"]),
            _number(samsung["VALU_AMT"]),
            _number(samsung["COMPST_RTO"]),
            False,
            "KR7069500007",
        )
    ]
    cash = _rows(
        db,
        "select is_cash, weight_pct from marts.fct_etf_holdings where trade_date = %(d)s "
        "and etf_ticker = %(t)s and instrument_code = 'KRD010010001'",
        {"d": SECOND, "t": KODEX_200},
    )
    assert cash == [(True, None)]


def test_holding_changes_match_a_diff_of_the_recorded_files(built: tuple[AtlasDatabase, Path]) -> None:
    db, _ = built
    assert _rows(db, "select count(*) from marts.fct_holding_changes where trade_date = %(d)s", {"d": FIRST}) == [(0,)]
    before, after = _recorded_holdings(FIRST), _recorded_holdings(SECOND)
    loaded = {
        row[0]
        for row in _rows(
            db, "select distinct etf_isin from marts.fct_etf_holdings where trade_date = %(d)s", {"d": SECOND}
        )
    }
    cash = {"KRD010010001", "CASH00000001"}
    expected: set[tuple[str, str, str]] = set()
    for isin in loaded & set(before):
        old = {line["COMPST_ISU_CD"]: _number(line["COMPST_ISU_CU1_SHRS"]) for line in before[isin]}
        new = {line["COMPST_ISU_CD"]: _number(line["COMPST_ISU_CU1_SHRS"]) for line in after[isin]}
        for code in (old.keys() | new.keys()) - cash:
            if code not in old:
                expected.add((isin[3:9], code, "added"))
            elif code not in new:
                expected.add((isin[3:9], code, "removed"))
            elif old[code] is not None and new[code] is not None and new[code] != old[code]:
                expected.add((isin[3:9], code, "increased" if new[code] > old[code] else "decreased"))
    actual = set(
        _rows(
            db,
            "select etf_ticker, instrument_code, change_kind from marts.fct_holding_changes where trade_date = %(d)s",
            {"d": SECOND},
        )
    )
    assert actual == expected
    assert len(actual) > 100
    assert _rows(db, "select distinct prev_date from marts.fct_holding_changes") == [(FIRST,)]


def test_overlap_equals_sum_of_min_weights_on_the_latest_date(built: tuple[AtlasDatabase, Path]) -> None:
    db, _ = built
    recorded = _recorded_holdings(SECOND)

    def weights(isin: str) -> dict[str, Decimal]:
        return {
            line["COMPST_ISU_CD"]: w
            for line in recorded[isin]
            if line["COMPST_ISU_CD"] not in ("KRD010010001", "CASH00000001")
            and (w := _number(line["COMPST_RTO"])) is not None
            and w > 0
        }

    a, b = weights("KR7069500007"), weights("KR7102110004")
    assert sum(a.values()) <= 100 and sum(b.values()) <= 100  # ordinary ETFs: no scaling involved
    expected = sum(min(a[code], b[code]) for code in a.keys() & b.keys())
    rows = _rows(
        db,
        "select as_of, overlap_pct, common_count, rank from marts.mart_etf_overlap "
        "where etf_ticker = %(a)s and other_ticker = %(b)s",
        {"a": KODEX_200, "b": TIGER_200},
    )
    assert rows == [(SECOND, expected, len(a.keys() & b.keys()), rows[0][3])]
    assert rows[0][3] <= 3  # two KOSPI 200 trackers are among each other's closest
    per_etf = _rows(db, "select max(rank), count(*) from marts.mart_etf_overlap group by etf_ticker")
    assert all(top == count <= 10 for top, count in per_etf)


def test_dimensions_cover_every_key_the_facts_use(built: tuple[AtlasDatabase, Path]) -> None:
    db, _ = built
    leverage = dict(
        _rows(
            db,
            "select ticker, leverage_factor from marts.dim_etf where ticker in (%(a)s, %(b)s, %(c)s)",
            {"a": KODEX_200, "b": KODEX_LEVERAGE, "c": KODEX_INVERSE},
        )
    )
    assert leverage == {KODEX_200: 1, KODEX_LEVERAGE: 2, KODEX_INVERSE: -1}
    types = dict(
        _rows(
            db,
            "select code, instrument_type from marts.dim_stock "
            "where code in ('005930', 'KRD010010001', 'KR4101VC0004', '069500')",
        )
    )
    assert types == {"005930": "stock", "KRD010010001": "cash", "KR4101VC0004": "future", "069500": "etf"}
    (masters,) = _rows(db, "select count(distinct isu_cd) from raw.krx_etf_master")[0]
    (listed, total) = _rows(db, "select count(*) filter (where is_listed), count(*) from marts.dim_etf")[0]
    (latest,) = _rows(
        db,
        "select count(*) from raw.krx_etf_master where as_of_date = (select max(as_of_date) from raw.krx_etf_master)",
    )[0]
    assert listed == latest and total >= masters


def test_search_finds_korean_brand_spellings_through_the_trigram_index(built: tuple[AtlasDatabase, Path]) -> None:
    db, _ = built
    indexes = _rows(
        db, "select tablename from pg_indexes where schemaname = 'marts' and indexdef like '%gin_trgm_ops%'"
    )
    assert sorted(row[0] for row in indexes) == ["mart_etf_search", "mart_stock_search"]
    found = _rows(
        db, "select etf_ticker, term_kind from marts.mart_etf_search where term_norm = %(t)s", {"t": "코덱스200"}
    )
    assert found == [(KODEX_200, "alias")]
    stock = _rows(
        db,
        "select code from marts.mart_stock_search where term_norm %% %(t)s "
        "order by public.similarity(term_norm, %(t)s) desc limit 1",
        {"t": "삼전"},
    )
    assert stock == [("005930",)]


def test_reader_role_reads_the_marts(built: tuple[AtlasDatabase, Path]) -> None:
    db, _ = built
    with db.reader() as conn:
        (count,) = conn.execute("select count(*) from marts.dim_etf").fetchone()
    assert count > 1000


def test_a_windowed_rerun_replaces_its_dates_and_looks_back_before_them(built: tuple[AtlasDatabase, Path]) -> None:
    db, target = built
    tables = ("fct_etf_holdings", "fct_holding_changes")
    before = {table: set(_rows(db, f"select * from marts.{table}")) for table in tables}
    with db.loader() as conn:  # stale rows a rerun must remove
        conn.execute(
            "insert into marts.fct_holding_changes (trade_date, prev_date, etf_ticker, instrument_code, "
            "change_kind) values (%(d)s, %(p)s, '069500', 'STALE0000001', 'added')",
            {"d": SECOND, "p": FIRST},
        )
    result = _dbt(
        db,
        target,
        "build",
        "--select",
        "fct_etf_holdings+",
        "--vars",
        f"{{start_date: '{SECOND}', end_date: '{SECOND}'}}",
    )
    assert result.success, _failures(result)
    after = {table: set(_rows(db, f"select * from marts.{table}")) for table in tables}
    assert after == before
    assert _rows(db, "select count(*) from marts.fct_holding_changes where instrument_code = 'STALE0000001'") == [(0,)]


def test_a_malformed_window_is_a_clear_error(built: tuple[AtlasDatabase, Path]) -> None:
    db, target = built
    result = _dbt(db, target, "compile", "--select", "fct_etf_holdings", "--vars", "{start_date: 'yesterday'}")
    assert not result.success
    assert "must be a date YYYY-MM-DD" in str(result.exception)


def test_the_isin_macro_equals_the_python_rule_for_every_etf(built: tuple[AtlasDatabase, Path]) -> None:
    """dim_etf's ISINs (masters, or dbt_project/macros/isin.sql for ETFs no source names) = orchestration.lib.isin."""
    db, _ = built
    rows = _rows(db, "select ticker, isin, is_listed from marts.dim_etf")
    assert len(rows) > 1066 and any(not listed for _, _, listed in rows)
    assert [(t, i) for t, i, _ in rows if krx_etf_isin(t) != i] == []


def test_returns_mart_on_the_loaded_quote(built: tuple[AtlasDatabase, Path]) -> None:
    """One quote date loaded: since-first is 0, windows have no base, premium = (close − NAV) / NAV × 100."""
    db, _ = built
    rows = _rows(
        db,
        "select r.return_since_first, r.return_1w, r.premium_discount_pct, p.close_price, p.nav "
        "from marts.mart_etf_returns r join marts.fct_etf_prices p using (trade_date, etf_ticker) "
        "where r.etf_ticker = %(t)s",
        {"t": KODEX_200},
    )
    assert len(rows) == 1
    since, week, premium, close, nav = rows[0]
    assert since == 0 and week is None
    assert float(premium) == pytest.approx(float((close - nav) / nav * 100), abs=1e-4)
