"""Which dbt models run per trade-date window and which run on everything (keep in sync with dbt_project)."""

# Incremental by trade date: rebuilt for the dates of the Dagster partition window.
DAILY_MODELS = "fct_etf_holdings fct_etf_prices fct_holding_changes"
# Built from the latest holdings date, after the daily facts.
LATEST_MODELS = "mart_etf_overlap mart_etf_returns mart_etf_daily"
