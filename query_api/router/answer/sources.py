"""The sources line of an answer: the mart tables, graph and few-shot examples the steps read, with their as-of
dates (found in the rows the steps returned).
"""

from __future__ import annotations

import re

from query_api.router.channels import StepRun

SOURCE_TABLES: dict[str, list[str]] = {
    "ask_etf_profile": ["marts.dim_etf", "marts.fct_etf_prices", "marts.fct_etf_holdings"],
    "ask_etf_top_holdings": ["marts.fct_etf_holdings"],
    "ask_stock_weights": ["marts.fct_etf_holdings", "marts.dim_etf"],
    "ask_stock_holders": ["marts.fct_etf_holdings", "marts.dim_etf"],
    "ask_stock_profile": ["marts.dim_stock", "marts.fct_etf_holdings"],
    "ask_filter_etfs": ["marts.dim_etf", "marts.fct_etf_prices", "marts.bridge_etf_tag"],
    "ask_aggregate_etfs": ["marts.dim_etf", "marts.fct_etf_prices"],
    "ask_aggregate_by_issuer": ["marts.dim_etf", "marts.fct_etf_prices"],
    "ask_most_held_stocks": ["marts.fct_etf_holdings"],
    "ask_etf_overlap": ["marts.fct_etf_holdings"],
    "ask_etf_sector_mix": ["marts.fct_etf_holdings", "marts.dim_stock"],
    "ask_etf_risk": ["marts.fct_etf_holdings", "marts.dim_stock"],
    "ask_similar_etfs": ["marts.mart_etf_overlap"],
    "ask_issuer_stats": ["marts.dim_issuer", "marts.dim_etf", "marts.fct_etf_prices"],
    "ask_holders_of_all": ["marts.fct_etf_holdings"],
    "ask_stock_holder_counts": ["marts.fct_etf_holdings", "marts.dim_stock"],
    "router_fuzzy_etfs": ["marts.mart_etf_search"],
}

GENERATED_TABLE_RE = re.compile(r"\b(marts|fewshot|events)\.(\w+)")

# Columns that carry the as-of date of a source table, in the order they are looked for.
_DATE_COLUMNS = (
    ("price_date", "price"),
    ("holdings_date", "holdings"),
    ("trade_date", "holdings"),
    ("master_as_of", "master"),
    ("as_of", "holdings"),
)


def source_labels(runs: list[StepRun]) -> list[str]:
    out: list[str] = []
    dates = source_dates(runs)
    for run in runs:
        if run.step.channel == "cypher":
            when = f" (HOLDS as of {dates['holdings']})" if dates.get("holdings") else ""
            label = f"graph etf_graph{when}"
            if label not in out:
                out.append(label)
            continue
        if run.step.channel == "vector":
            if "fewshot.examples (nearest examples)" not in out:
                out.append("fewshot.examples (nearest examples)")
            continue
        tables = SOURCE_TABLES.get(run.step.query_name, [])
        if run.step.query_text:
            tables = [f"{schema}.{name}" for schema, name in GENERATED_TABLE_RE.findall(run.step.query_text)]
        for table in dict.fromkeys(tables):
            label = table
            if table == "marts.fct_etf_prices" and dates.get("price"):
                label = f"{table} as of {dates['price']}"
            elif table == "marts.fct_etf_holdings" and dates.get("holdings"):
                label = f"{table} as of {dates['holdings']}"
            elif table == "marts.dim_etf" and dates.get("master"):
                label = f"{table} (KRX ETF master as of {dates['master']})"
            if label not in out:
                out.append(label)
    return out


def source_dates(runs: list[StepRun]) -> dict[str, str]:
    dates: dict[str, str] = {}
    for run in runs:
        if not run.rows:
            continue
        # the rows of one step share their columns: look only for the date columns this step has
        keys = [(k, n) for k, n in _DATE_COLUMNS if k in run.rows[0]]
        if run.step.query_name in ("ask_filter_etfs",):
            keys = [(k, n) for k, n in keys if k != "trade_date"]
        for row in run.rows:
            if all(n in dates for _, n in keys):
                break
            for key, name in keys:
                value = row.get(key)
                if isinstance(value, str) and len(value) >= 10 and name not in dates:
                    dates[name] = value[:10]
        if len(dates) == 3:  # price, holdings and master dates found: the other steps add nothing
            return dates
    return dates
