"""A word the dictionary does not know but that names one index: a piece the names of that index's ETFs share
(니프티50 in TIGER 인도니프티50 and TIGER 인도니프티50레버리지, STAR50 in the 과창판STAR50 ETFs), or the first English
words of the index's own name (SZSE ChiNext → SZSE ChiNext Price Index). Linked as that index."""

from __future__ import annotations

import re

from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.link import Link
from query_api.router.parse.text import Text, norm

_HANGUL = re.compile(r"[가-힣]")
_LATIN_CODE = re.compile(r"(?=.*[a-z])(?=.*\d)[a-z\d]{5,}")  # star50, csi300: letters and digits, one word
_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z&.\-]*")
_PARTICLE = re.compile(r"(?:이랑|에서|으로|은|는|이|가|을|를|의|도|에|로|랑|와|과)$")
MIN_ETFS = 2  # one ETF's name is a name, not a way of writing an index
MIN_PREFIX = 6  # characters of an index name's start that may name it (szsechinext; not 'dow')
MAX_WORDS = 4


def index_word(t: Text, start: int, end: int, d: Dictionary) -> Link | None:
    """The index the word around [start, end) names, as a link over the word (or the English words it starts)."""
    s = t.text.rfind(" ", 0, start) + 1
    e = t.text.find(" ", end)
    word = t.text[s : len(t.text) if e < 0 else e].rstrip("?!.,")
    return _name_piece(word, s, d) or _english_start(t, s, d)


def _name_piece(word: str, s: int, d: Dictionary) -> Link | None:
    word = _PARTICLE.sub("", word) if len(word) > 3 else word
    key = norm(word)
    if len(key) < 3 or (len(_HANGUL.findall(key)) < 2 and not _LATIN_CODE.fullmatch(key)):
        return None
    found = [index for name, index in d.listed_names.items() if key in name]
    indexes = {i for i in found if i}
    if len(found) < MIN_ETFS or len(indexes) != 1 or len(found) != sum(1 for i in found if i):
        return None
    index = next(iter(indexes))
    return Link("index", index, d.names.get(("index", index), index), s, s + len(word), "name_piece")


def _english_start(t: Text, s: int, d: Dictionary) -> Link | None:
    """English words from `s` on that start exactly one index's name: the longest such run of words."""
    words = []
    for m in _ENGLISH_WORD.finditer(t.text, s):
        if m.start() != (words[-1].end() + 1 if words else s) or len(words) == MAX_WORDS:
            break
        words.append(m)
    for n in range(len(words), 0, -1):
        key = norm(t.text[s : words[n - 1].end()])
        if len(key) < MIN_PREFIX:
            break
        indexes = {c.id for term in d.terms_starting(key) for c in d.terms[term] if c.type == "index"}
        if len(indexes) == 1:
            index = next(iter(indexes))
            return Link("index", index, d.names.get(("index", index), index), s, words[n - 1].end(), "name_start")
    return None
