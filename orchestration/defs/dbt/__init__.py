"""Dagster definitions of the dbt domain."""
