"""What a question asks for beyond its pieces: a figure or the thing that has it (몇 % vs 뭐야), names counted
as names (운용사 몇 개), stocks a set must not hold (안 담은), and the ETF a figure is measured against (보다)."""

from __future__ import annotations

import re

from query_api.router import ir
from query_api.router.parse.analyse import Analysis
from query_api.router.parse.link import Link

VALUE_WORDS = ("몇 %", "몇%", "몇 프로", "몇프로", "몇 퍼", "몇퍼", "얼마", "how much", "what percent")
_EN_VALUE = re.compile(
    r"\b(?:what(?:'s| is| are| was)?|tell me|give me) (?:the )?(?:highest|lowest|largest|smallest|biggest|max(?:imum)?|"
    r"min(?:imum)?|average|mean|total|combined|sum)\b(?! (?:\w+ )?(?:etfs?|funds?|one|stocks?)\b)"
)
ENTITY_WORDS = ("etf", "거", "것", "건", "어느", "펀드", "상품", "놈", "종목", "which", "뭐야", "뭐임", "뭔데", "어떤")


def asks_value(a: Analysis) -> bool:
    """'제일 낮은 보수는 몇 %', '다 더하면 얼마', 'what is the highest fee among …': the figure itself, not the ETF."""
    if _EN_VALUE.search(a.t.lower):
        return True
    at = min((i for w in VALUE_WORDS if (i := a.t.lower.find(w)) >= 0), default=-1)
    return at >= 0 and not asks_entity(a, after=at)


def asks_entity(a: Analysis, after: int | None = None) -> bool:
    """'보수 최저인거 뭐야', '수익률 가장 높은 ETF': the words after the extreme name a thing, so the thing is asked."""
    if after is None:
        hits = [*a.of("aggregates"), *a.of("superlatives"), *a.of("directions")]
        after = max((h.end for h in hits), default=len(a.t.text))
    tail = a.t.lower[after : after + 10]
    return any(w in tail for w in ENTITY_WORDS)


NOT_HELD_AFTER = re.compile(
    r"^\s?[은는을를이가]?\s?(?:안\s?(?:담|들어|들고|가지|갖|편입|보유)|없는|미보유|빼고|제외|말고)"
)
NOT_HELD_BEFORE = re.compile(r"(?:without|not holding|don't hold|do not hold|doesn't hold|excluding|except)\s+$")


def not_held_stocks(a: Analysis) -> set[str]:
    """'SK하이닉스는 담고 삼성전자는 안 담은', 'ETFs without Samsung': the stocks a set must not hold."""
    out = set()
    for k in a.links:
        if k.type == "stock" and (
            NOT_HELD_AFTER.match(a.t.text[k.end : k.end + 12]) or NOT_HELD_BEFORE.search(a.t.lower[: k.start])
        ):
            out.add(k.id)
    return out


def than_etf(a: Analysis) -> Link | None:
    """The ETF a figure is measured against: 'KODEX 200보다 …', '… cheaper than TIGER 200'."""
    etfs = [k for k in a.links if k.type == "etf"]
    for k in etfs:
        after = a.t.text[k.end : k.end + 3].lstrip()
        before = a.t.lower[max(0, k.start - 6) : k.start]
        if after.startswith("보다") or before.rstrip().endswith("than"):
            return k
    return None


NAME_MEASURES = (ir.Measure.ISSUER, ir.Measure.INDEX)


def counted_names(a: Analysis, measures: list[ir.Measure]) -> ir.Measure | None:
    """'운용사 몇 개야', 'how many issuers': a name word right before (or after) the count word, with no ETF between."""
    for h in (*a.of("measures"), *a.of("dims")):
        if h.entry.key not in {x.value for x in NAME_MEASURES}:
            continue
        m = ir.Measure(h.entry.key)
        for c in a.of("aggregates", "count"):
            between = a.t.lower[h.end : c.start] if h.end <= c.start else a.t.lower[c.end : h.start]
            if len(between) <= 3 and "etf" not in between:
                return m
    return None
