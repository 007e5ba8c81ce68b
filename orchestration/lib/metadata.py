"""Materialization metadata shared by assets: row counts, dates, previews, timings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg


def preview_table(rows: Sequence[Mapping[str, Any]], limit: int = 5) -> dg.MetadataValue:
    """A small Markdown preview of the first rows."""
    head = list(rows[:limit])
    if not head:
        return dg.MetadataValue.md("_no rows_")
    columns = list(head[0].keys())
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(col, "")) for col in columns) + " |" for row in head]
    return dg.MetadataValue.md("\n".join(lines))
