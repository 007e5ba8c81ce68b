"""Dagster definitions of the fewshot domain."""
