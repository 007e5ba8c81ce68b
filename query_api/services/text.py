"""Text normalisation shared by search and entity linking (same rule as marts' term_norm: lower case, no spaces)."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def norm(text: str) -> str:
    """NFKC, lower case, no whitespace: the form of `term_norm` in the search marts."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text).lower())
