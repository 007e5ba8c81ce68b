"""Words the parse could not use, weighed: a question whose ask was understood is answered without them (and the
answer says so); a word that stands for the thing asked, for a modifier of it, or for a name is "not in the data".

Korean puts a modifier before its head: an unknown word right before the measure asked changes it (배당 수익률,
개인투자자 보유비중), one after it does not (과세 방식, 보수 수준). A name the data lacks stands where a name goes:
an upper-case Latin word (QQQ, PER), a word Kiwi reads as a proper noun, a word after a brand (KODEX 화성탐사), the
stock of a holding relation that names none (테슬라 많이 담은 ETF).
"""

from __future__ import annotations

import dataclasses
import re

from query_api.router import ir
from query_api.router.parse.analyse import Analysis, Tok
from query_api.router.parse.unknown import SLASHED, left_out

ASKS = ("measures", "stock_measures", "relations", "aggregates", "dims", "changes")
MAX_LEFT_OUT = 2  # more unknown words than this: too little of the question was understood to answer it
# Korean asks after the thing asked (잔고 몇 주); English asks first (roughly what's the fee), so no English here.
QUESTION_WORDS = {"몇", "얼마", "얼마나", "얼만", "언제", "누구", "뭐", "무엇", "어디"}
JOINED = re.compile(r"^\s*(?:이랑|랑|하고|와|과|및|and|&|,|/)\s*$")  # 보수랑 회전율: a second thing asked
RANKING = ("superlatives", "directions", "comparators", "implied_sorts")
SET_WORDS = {"etf", "etfs", "펀드", "상품"}  # between a modifier and the ask it modifies (리플 ETF 보수)
# After a word, what asks for it as well (추적오차도 같이 보여줘, tracking error too): a second thing asked.
ALSO_PARTICLES = ("도", "까지", "이랑도", "랑도")
AND_PARTICLES = ("이랑", "랑", "과", "와", "하고")
ALSO_WORDS = {"같이", "함께", "also", "too", "as well"}


def answerable_without(a: Analysis) -> bool:
    """Whether the question can be answered with its unknown words left out (named in the answer's caveat)."""
    toks = left_out(a)
    if not toks or len(toks) > MAX_LEFT_OUT or SLASHED.search(a.t.text):
        return False
    if not any(h.entry.section in ASKS for h in a.hits):
        return False  # nothing else is asked: the unknown word is what the question asks about (PER 몇이야)
    named = a.entities("etf", "stock")
    if not named and (a.has("relations", "holds") or a.has("relations", "weight")):
        return False  # 테슬라 많이 담은 ETF: the holding names no stock the data has
    return not any(_name_like(a, t) or _after_brand(a, t) or _stands_for_ask(a, t) for t in toks)


def _stands_for_ask(a: Analysis, tok: Tok) -> bool:
    """The word is (part of) what is asked: glued to an ask word, modifying the next one, or itself asked after (회전율
    제일 높은, 잔고 얼마) — unless it is a head noun right after an understood ask (과세 방식 뭐임)."""
    if _glued_to_ask(a, tok) or _joined_to_ask(a, tok) or _actor(a, tok):
        return True
    if _after_ask(a, tok):
        return False
    return _modifies_ask(a, tok) or _asked_after(a, tok)


SUBJECT_PARTICLES = ("이", "가", "이가")
ACTS = ("changes", "relations")


def _actor(a: Analysis, tok: Tok) -> bool:
    """외국인이 순매수한 ETF, 연기금이 담은: the subject of a buying or holding verb is who acted (the data knows the
    ETFs' own trades and holdings only), so the word is what is asked about."""
    e = a.t.text.find(" ", tok.end)
    if a.t.text[tok.end : len(a.t.text) if e < 0 else e] not in SUBJECT_PARTICLES:
        return False
    after = [h for h in a.hits if h.start >= tok.end and h.entry.section in ASKS]
    return bool(after) and after[0].entry.section in ACTS and after[0].entry.key not in ("weight", "holdings")


def _joined_to_ask(a: Analysis, tok: Tok) -> bool:
    """보수랑 회전율, 회전율이랑 보수: joined to an ask by 'and', it is asked too."""
    for h in a.hits:
        if h.entry.section not in ASKS:
            continue
        between = a.t.text[h.end : tok.start] if h.end <= tok.start else a.t.text[tok.end : h.start]
        if JOINED.match(between):
            return True
    return False


def _after_ask(a: Analysis, tok: Tok) -> bool:
    return any(h.entry.section in ASKS and 0 < tok.start - h.end <= 1 for h in a.hits)


def _asked_after(a: Analysis, tok: Tok) -> bool:
    end, gap = tok.end, 1
    nxt = None
    for t in (t for t in a.tokens if t.start >= tok.end):  # past words of no content: 분배금 다음에 언제
        if t.start - end > gap or t.covered != "filler" or t.form in QUESTION_WORDS:
            nxt = t
            break
        end, gap = t.end, 2  # a filler word may take a particle (다음에)
    if nxt is None or nxt.start - end > gap:
        return False
    return nxt.form in QUESTION_WORDS or any(
        h.entry.section in RANKING and h.start <= nxt.start < h.end for h in a.hits
    )


def asked_too(a: Analysis, words: list[str]) -> list[str]:
    """The left-out words asked for as well (추적오차도 같이, tracking error too): the answer says the data lacks
    them."""
    out = []
    for tok in left_out(a):
        e = a.t.text.find(" ", tok.end)
        rest = a.t.text[tok.end : len(a.t.text) if e < 0 else e]
        after = a.t.lower[(len(a.t.text) if e < 0 else e) + 1 :]
        joined = rest.endswith(AND_PARTICLES) and any(w in after for w in ALSO_WORDS)  # X(률)이랑 … 같이 알려줘
        if rest in ALSO_PARTICLES or any(after.startswith(w) for w in ALSO_WORDS) or joined:
            out.extend(w for w in words if a.t.text[tok.start : tok.end] in w and w not in out)
    return out


def asks_something(query: ir.Query) -> bool:
    """A query that answers a particular ask, not the generic facts of a name (an ETF's card, a stock's facts)."""
    if isinstance(query, ir.Lookup):
        return bool(query.measures) or query.weight_of is not None
    if isinstance(query, ir.StockLookup):
        return not query.holder_count or len(query.stocks) > 1
    return not isinstance(query, ir.NotHeld)


def without(a: Analysis) -> Analysis:
    """The analysis with its unknown words set aside (so the rest of the parse reads it as understood)."""
    ignored = {id(t) for t in left_out(a)}
    tokens = [dataclasses.replace(t, covered="ignored") if id(t) in ignored else t for t in a.tokens]
    return dataclasses.replace(a, tokens=tokens)


def _name_like(a: Analysis, tok: Tok) -> bool:
    said = a.t.text[tok.start : tok.end]
    return tok.tag == "NNP" or (tok.tag == "SL" and any(ch.isupper() for ch in said))


def _after_brand(a: Analysis, tok: Tok) -> bool:
    """KODEX 화성탐사, TIGER 반려동물케어: a word right after a brand is a product name."""
    return any(k.type == "brand" and 0 <= tok.start - k.end <= 1 for k in a.links)


def _glued_to_ask(a: Analysis, tok: Tok) -> bool:
    """운용|역, 분|배율: an unknown piece glued to an ask word makes another word (운용역 is a fund manager)."""
    return any(h.entry.section in ASKS and (h.end == tok.start or h.start == tok.end) for h in a.hits)


def _modifies_ask(a: Analysis, tok: Tok) -> bool:
    """The next content word, right after it (past a set word: 리플 ETF 보수), is an ask the unknown word modifies."""
    end = tok.end
    for t in (t for t in a.tokens if t.start >= tok.end):
        if t.start - end > 1:
            return False
        if t.form in SET_WORDS:
            end = t.end
            continue
        return any(h.entry.section in ASKS and h.start <= t.start < h.end for h in a.hits)
    return False
