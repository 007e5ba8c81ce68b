"""The SQL of the few-shot store, read once from the named files beside this module."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def statement(name: str) -> str:
    return (resources.files("atlas.fewshot") / "sql" / f"{name}.sql").read_text(encoding="utf-8")
