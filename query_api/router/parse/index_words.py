"""A word the dictionary does not know but the names of one index's ETFs share (니프티50 in TIGER 인도니프티50 and
TIGER 인도니프티50레버리지, which track Nifty 50 Index): that index, written the way the ETF names write it."""

from __future__ import annotations

import re

from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.link import Link
from query_api.router.parse.text import Text, norm

_HANGUL = re.compile(r"[가-힣]")
_PARTICLE = re.compile(r"(?:이랑|에서|으로|은|는|이|가|을|를|의|도|에|로|랑|와|과)$")
MIN_ETFS = 2  # one ETF's name is a name, not a way of writing an index


def index_word(t: Text, start: int, end: int, d: Dictionary) -> Link | None:
    """The index whose listed ETFs alone have the word around [start, end) in their names, as a link over the word."""
    s = t.text.rfind(" ", 0, start) + 1
    e = t.text.find(" ", end)
    word = t.text[s : len(t.text) if e < 0 else e].rstrip("?!.,")
    word = _PARTICLE.sub("", word) if len(word) > 3 else word
    key = norm(word)
    if len(key) < 3 or len(_HANGUL.findall(key)) < 2:
        return None
    found = [index for name, index in d.listed_names.items() if key in name]
    indexes = {i for i in found if i}
    if len(found) < MIN_ETFS or len(indexes) != 1 or len(found) != sum(1 for i in found if i):
        return None
    index = next(iter(indexes))
    return Link("index", index, d.names.get(("index", index), index), s, s + len(word), "name_piece")
