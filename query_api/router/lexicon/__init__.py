"""The router's lexicon: words → IR pieces, as data (words.yaml), loaded once.

`load()` returns the raw sections; the parser analyses every phrase with its Kiwi instance (parse/words.py) so that a
phrase matches every inflection of its words.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

WORDS = Path(__file__).with_name("words.yaml")

SECTIONS = (
    "measures",
    "stock_measures",
    "dims",
    "group_markers",
    "comparators",
    "aggregates",
    "directions",
    "implied_sorts",
    "low_words",
    "superlatives",
    "qualifiers",
    "relations",
    "changes",
    "windows",
    "relative_days",
    "open",
    "open_weak",
    "open_surface",
    "invest_acts",
    "forecast",
    "intraday",
    "compare",
    "enumerate",
    "every",
    "list",
    "filler",
    "units",
    "signs",
)


@cache
def load(path: Path = WORDS) -> dict[str, Any]:
    """The sections of the lexicon file (every section present; unknown sections are an error)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(data) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown lexicon sections: {sorted(unknown)}")
    return {name: data.get(name) or ({} if name not in _LISTS else []) for name in SECTIONS}


_LISTS = {
    "group_markers",
    "implied_sorts",
    "low_words",
    "superlatives",
    "qualifiers",
    "open",
    "open_weak",
    "open_surface",
    "invest_acts",
    "forecast",
    "intraday",
    "compare",
    "enumerate",
    "every",
    "list",
    "filler",
}
