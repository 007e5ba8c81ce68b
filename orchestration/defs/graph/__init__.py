"""Dagster definitions of the graph domain."""
