"""Dagster definitions of the krx domain."""
