"""Helpers the Dagster definitions call: KRX client, raw loads, dbt project, events, metadata."""
