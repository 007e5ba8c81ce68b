"""Dagster definitions, one folder per domain: krx, dbt, graph, fewshot, notify."""
