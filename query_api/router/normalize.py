"""Question normalisation: one canonical text, its language, and a lower-case, space-free search form."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")


@dataclass(frozen=True)
class Normalized:
    text: str  # NFKC, control characters removed, single spaces
    lower: str  # lower case of `text` (same length: positions map 1:1)
    lang: str  # "ko" when the question has Hangul, else "en"


def normalize(question: str) -> Normalized:
    text = unicodedata.normalize("NFKC", question)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return Normalized(text=text, lower=lower, lang="ko" if _HANGUL.search(text) else "en")


def squash(text: str) -> tuple[str, list[int]]:
    """`text` without spaces, and for each kept character its index in `text` (to map matches back)."""
    chars, positions = [], []
    for i, ch in enumerate(text):
        if not ch.isspace():
            chars.append(ch)
            positions.append(i)
    return "".join(chars), positions
