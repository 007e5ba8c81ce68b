"""A stock written by the start of its name (아모레 → 아모레퍼시픽, 포스코인터 → 포스코인터내셔널): an unused word of
three syllables or more that stock names start with is the stock of the shortest such name, when every other one
goes on from it (아모레퍼시픽 / 아모레퍼시픽홀딩스); a typo link inside that word gives way to it. In a question about
holdings, a two-syllable word may be a group's initials: the first syllable of a group name that several stocks share
(현대, 롯데) and the first of the rest (현엘 → 현대엘리베이터, 롯케 → 롯데케미칼), when one company is named so. A
group's name written out, then syllables of the rest (LG디플 → LG디스플레이, 삼성바이오 is a start already), is
the one company of that group whose rest begins with the first and holds the others in order."""

from __future__ import annotations

from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.link import Link
from query_api.router.parse.text import HANGUL_WORD, TRAILING_PARTICLE, Text, norm

MIN_SYLLABLES = 3


GROUP_MIN = 3  # a two-syllable start this many names share is a group's name (현대, 롯데, 삼성)


def short_name(t: Text, start: int, end: int, links: list[Link], d: Dictionary, held: bool = False) -> Link | None:
    """The stock a word at [start, end) starts the name of (see the module doc), or None."""
    inside = [k for k in links if k.start < end and start < k.end]
    if any(k.type != "stock" or k.how not in ("typo", "partial") for k in inside):
        return None  # a word linked whole (or as another kind) is not a short name
    core = TRAILING_PARTICLE.sub("", t.text[start:end])
    if len(core) < (2 if held else MIN_SYLLABLES) or not HANGUL_WORD.fullmatch(core):
        return None
    key = norm(core)
    if key in d.terms:
        return None
    stocks = {c.id: c.name for term in d.terms_starting(key) for c in d.terms[term] if c.type == "stock"}
    if not stocks and held and len(core) == 2:
        stocks = _by_initials(key, d)
    if not stocks:
        return None
    code, name = min(stocks.items(), key=lambda kv: (len(kv[1]), kv[1]))
    if any(not norm(other).startswith(norm(name)) for other in stocks.values()):
        return None  # two different companies start so: not a name
    return Link("stock", code, name, start, start + len(core), "short")


def _by_initials(key: str, d: Dictionary) -> dict[str, str]:
    """Stocks whose name is a group name (shared by GROUP_MIN names or more) then a part starting with key[1]."""
    out: dict[str, str] = {}
    for term in d.terms_starting(key[0]):
        if len(term) < 3 or term[2] != key[1] or len(d.terms_starting(term[:2])) < GROUP_MIN:
            continue
        out |= {c.id: c.name for c in d.terms[term] if c.type == "stock"}
    return out


def contracted(t: Text, start: int, end: int, links: list[Link], d: Dictionary) -> Link | None:
    """LG|디플: a stock name glued before [start, end) is the group; the word contracts the rest of one company of
    that group (its first syllable first, the others in order), as a link over both."""
    group = next((k for k in links if k.type == "stock" and k.end == start), None)
    core = TRAILING_PARTICLE.sub("", t.text[start:end])
    if group is None or not 2 <= len(core) <= 3 or not HANGUL_WORD.fullmatch(core):
        return None
    prefix = norm(t.text[group.start : group.end])
    found = {}
    for term in d.terms_starting(prefix):
        rest = term[len(prefix) :]
        if rest and rest[0] == core[0] and _in_order(core[1:], rest[1:]):
            found |= {c.id: c.name for c in d.terms[term] if c.type == "stock" and c.kind == "name"}
    if len(found) != 1:
        return None
    code, name = next(iter(found.items()))
    return Link("stock", code, name, group.start, start + len(core), "contracted")


def _in_order(syllables: str, text: str) -> bool:
    at = 0
    for ch in syllables:
        at = text.find(ch, at) + 1
        if at == 0:
            return False
    return True
