"""Answers rendered from IR + rows: units (억/조 원, %, 원, 개, 배), as-of dates, ko and en, exact sources, and the
NEGATIVE / OPEN phrasings the evaluation checks. Rows are written by hand here; test_render_db runs them for real."""

from __future__ import annotations

from query_api.router import ir
from query_api.router.compile import Ctx, compile_query
from query_api.router.render import RenderCtx, Result, render, sources
from tests.query_api.router.compile.samples import SAMPLES

KO, EN = RenderCtx("ko"), RenderCtx("en", {"069500": "KODEX 200"})


def _results(name: str, rows: list[dict[str, object]]) -> list[Result]:
    (statement,) = compile_query(SAMPLES[name], Ctx())
    return [Result(statement, rows)]


def test_a_lookup_shows_each_figure_in_its_unit_with_its_dates() -> None:
    row = {"ticker": "069500", "name": "KODEX 200", "fee": 0.15, "close": 60895, "holding_count": 201}
    row |= {"price_date": "2025-12-30", "holdings_date": "2024-11-06"}
    text, srcs = render(SAMPLES["lookup"], _results("lookup", [row]), KO)
    assert "KODEX 200(069500)의 총보수 0.15%, 종가 60,895원, 구성종목 수 201개" in text
    assert "2025-12-30 기준" in text and "2024-11-06 기준" in text
    assert srcs == ["marts.dim_etf", "marts.fct_etf_prices as of 2025-12-30", "marts.fct_etf_holdings as of 2024-11-06"]


def test_big_krw_figures_are_in_jo_and_eok() -> None:
    rows = [
        {"ticker": "069500", "name": "KODEX 200", "market_cap": 11719200000000, "market_cap_then": 5734700000000},
        {"ticker": "102110", "name": "TIGER 200", "market_cap": 450270000000, "market_cap_then": None},
    ]
    for r in rows:
        r |= {"price_date": "2025-12-30", "price_date_then": "2024-11-05"}
    text, srcs = render(SAMPLES["lookup_compare_dates"], _results("lookup_compare_dates", rows), KO)
    assert "5조 7,347억원(2024-11-05) → 11조 7,192억원(2025-12-30)" in text
    assert "4,503억원" in text
    assert "marts.fct_etf_prices as of 2024-11-05" in srcs
    en, _ = render(SAMPLES["lookup_compare_dates"], _results("lookup_compare_dates", rows), EN)
    assert "KRW 11.72 trillion" in en


def test_counts_say_gae_and_etfs() -> None:
    rows = [{"value": 165, "etf_count": 165}]
    ko, _ = render(SAMPLES["aggregate"], _results("aggregate", rows), KO)
    en, _ = render(SAMPLES["aggregate"], _results("aggregate", rows), EN)
    assert "165개" in ko and "165 ETFs" in en


def test_a_list_says_how_many_match_and_which_are_shown() -> None:
    rows = [
        {"ticker": "459580", "name": "KODEX CD금리액티브(합성)", "fee": 0.02, "total_count": 18},
        {"ticker": "423160", "name": "KODEX KOFR금리액티브(합성)", "fee": 0.05, "total_count": 18},
    ]
    for r in rows:
        r["price_date"] = "2025-12-30"
    text, _ = render(SAMPLES["list"], _results("list", rows), KO)
    assert text.startswith("운용사 삼성자산운용, 복제방법 합성 ETF 18개 중 2개 (2025-12-30 기준):")
    assert "1. KODEX CD금리액티브(합성)(459580) 총보수 0.02%" in text


def test_a_multiple_is_said_in_bae() -> None:
    row = {"ticker": "122630", "name": "KODEX 레버리지", "multiple": 2, "fee": 0.64, "holding_count": 208}
    row |= {"top10_weight": 81.62, "top": [{"code": "A", "name": "코스피200 F 202412", "weight": 50.46}]}
    row |= {"holdings_date": "2024-11-06"}
    ko, srcs = render(SAMPLES["explain"], _results("explain", [row]), KO)
    en, _ = render(SAMPLES["explain"], _results("explain", [row]), EN)
    assert "레버리지 2배" in ko and "알 수 없는" in ko and "구성종목 208개" in ko
    assert "cannot tell" in en and "2x" in en
    assert srcs == ["marts.dim_etf", "marts.fct_etf_holdings as of 2024-11-06"]


def test_not_held_says_so_with_what_is_held_and_suggestions() -> None:
    query = ir.NotHeld(ir.NotHeldKind.ENTITY, terms=("리플",), held=("ETF", "주식"), suggestions=("KODEX 200",))
    ko, srcs = render(query, [], KO)
    en, _ = render(query, [], EN)
    assert "데이터에 없습니다" in ko and "ETF, 주식" in ko and "KODEX 200" in ko
    assert "not in the data" in en and "Did you mean: KODEX 200" in en
    assert srcs == []
    about, _ = render(SAMPLES["not_held"], [], EN)
    assert "'PER' is not in the data for KODEX 200" in about


def test_sources_are_the_statements_whose_rows_are_shown_with_their_dates() -> None:
    (statement,) = compile_query(SAMPLES["changes"], Ctx())
    rows = [{"first_date": "2024-11-01", "last_date": "2024-11-06"}]
    assert sources([Result(statement, rows)]) == [
        "marts.fct_holding_changes 2024-11-01 to 2024-11-06",
        "marts.dim_etf",
    ]
    assert sources([]) == []


def test_no_rows_is_said_without_claiming_the_data_lacks_it() -> None:
    text, _ = render(SAMPLES["holders"], _results("holders", []), KO)
    assert "결과가 없습니다" in text and "데이터에 없" not in text


def test_both_extremes_are_shown() -> None:
    rows = [{"value": 0.022, "value_max": 0.69, "etf_count": 48}]
    ko, _ = render(SAMPLES["aggregate_extremes"], _results("aggregate_extremes", rows), KO)
    en, _ = render(SAMPLES["aggregate_extremes"], _results("aggregate_extremes", rows), EN)
    assert "총보수 최솟값 0.022%, 최댓값 0.69% (ETF 48개)" in ko
    assert "minimum 0.022%, maximum 0.69%" in en


def test_groups_of_a_size_say_how_many_pass() -> None:
    rows = [
        {"grp": "타임폴리오자산운용", "value": 0.7241, "etf_count": 17, "group_count": 12},
        {"grp": "삼성액티브자산운용", "value": 0.4861, "etf_count": 18, "group_count": 12},
    ]
    ko, _ = render(SAMPLES["aggregate_group_having"], _results("aggregate_group_having", rows), KO)
    en, _ = render(SAMPLES["aggregate_group_having"], _results("aggregate_group_having", rows), EN)
    assert ko.startswith("ETF ≥ 10개인 운용사 12곳") and "- 타임폴리오자산운용: 총보수 평균 0.7241% (ETF 17개)" in ko
    assert en.startswith("12 issuers with ≥ 10 ETFs")


def test_each_window_shows_its_return_and_dates() -> None:
    row = {"ticker": "069500", "name": "KODEX 200", "return": 3.93, "return_start": "2025-12-23"}
    row |= {"return_end": "2025-12-30", "return_pct_1m": 9.42, "return_start_1m": "2025-11-28"}
    row |= {"return_end_1m": "2025-12-30", "price_date": "2025-12-30"}
    ko, _ = render(SAMPLES["lookup_two_windows"], _results("lookup_two_windows", [row]), KO)
    en, _ = render(SAMPLES["lookup_two_windows"], _results("lookup_two_windows", [row]), EN)
    assert "수익률 3.93%" in ko and "1개월 수익률 9.42% (2025-11-28 → 2025-12-30)" in ko
    assert "1-month return 9.42% (2025-11-28 → 2025-12-30)" in en


def test_a_group_extreme_names_its_etf() -> None:
    rows = [{"grp": "삼성자산운용", "value": 11719200000000, "top_ticker": "069500", "top_name": "KODEX 200"}]
    rows[0] |= {"etf_count": 228, "group_count": 30, "price_date": "2025-12-30"}
    ko, _ = render(SAMPLES["aggregate_group_extreme"], _results("aggregate_group_extreme", rows), KO)
    assert "- 삼성자산운용: KODEX 200(069500) 시가총액 최댓값 11조 7,192억원 (ETF 228개)" in ko
