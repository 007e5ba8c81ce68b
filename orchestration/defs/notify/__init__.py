"""Dagster definitions of the notify domain."""
