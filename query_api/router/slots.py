"""What a question asks for beyond its entities: attributes, conditions, sort order, thresholds, counts.

Read from the masked question (entity names replaced), so words inside names are not taken as conditions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from query_api.router.entities import Linking
from query_api.router.lexicon import (
    ASCENDING_RE,
    ATTRIBUTE_RES,
    CONDITION_RES,
    CUE_RES,
    DESCENDING_RE,
    WEAK_PRICE_RE,
)

_TOP_N = re.compile(r"(?:상위|하위|top|bottom|best|worst|first)\s*(\d+)|(\d+)\s*(?:개|곳|가지|종목)(?!\s*이상)", re.I)
_THRESHOLD_WORDS = {
    "max": re.compile(
        r"이하|미만|under|below|less than|at most|not more than|보다 (낮|싼|적)|안 되는|안되는|아래", re.I
    ),
    "min": re.compile(r"이상|초과|넘는|넘은|over|above|more than|at least|보다 (높|큰|많)|넘어", re.I),
}
_AFTER = re.compile(r"이후|부터|after|since|later than", re.I)
_BEFORE = re.compile(r"이전|전에|까지|before|until|earlier than", re.I)
_LISTING = re.compile(r"상장|listed|launch|출시|신규", re.I)


@dataclass
class Slots:
    attributes: list[str] = field(default_factory=list)
    conditions: set[str] = field(default_factory=set)
    cues: set[str] = field(default_factory=set)
    direction: str | None = None  # asc | desc
    top_n: int | None = None
    fee_max: float | None = None
    fee_min: float | None = None
    amount_min: float | None = None  # KRW, for AUM / traded value thresholds
    amount_max: float | None = None
    amount_metric: str | None = None  # aum | volume
    listed_after: str | None = None
    listed_before: str | None = None

    def wants(self, *attributes: str) -> bool:
        return any(a in self.attributes for a in attributes)


def extract(masked: str, linking: Linking) -> Slots:
    """Slots from the question with its entities masked (numbers kept: '상위 5개', '1위 종목')."""
    text = (linking.cue_text or masked).lower()
    slots = Slots()
    found = []
    for key, pattern in ATTRIBUTE_RES.items():
        m = pattern.search(text)
        if m:
            found.append((m.start(), key))
    slots.attributes = [key for _, key in sorted(found)]
    if not slots.attributes and WEAK_PRICE_RE.search(text):
        slots.attributes = ["price"]
    slots.conditions = {key for key, pattern in CONDITION_RES.items() if pattern.search(text)}
    slots.cues = {key for key, pattern in CUE_RES.items() if pattern.search(text)}
    asc, desc = ASCENDING_RE.search(text), DESCENDING_RE.search(text)
    if asc and (not desc or asc.start() > desc.start()):
        slots.direction = "asc"
    elif desc:
        slots.direction = "desc"
    _numbers(text, linking, slots)
    _dates(text, linking, slots)
    return slots


def _numbers(text: str, linking: Linking, slots: Slots) -> None:
    top = _TOP_N.search(text)
    if top:
        slots.top_n = int(top.group(1) or top.group(2))
    if slots.top_n is not None:
        slots.top_n = max(1, min(slots.top_n, 50))
    is_max = bool(_THRESHOLD_WORDS["max"].search(text))
    is_min = bool(_THRESHOLD_WORDS["min"].search(text))
    for value, unit in linking.numbers:
        if unit in ("%", "퍼센트"):
            if is_max and not is_min:
                slots.fee_max = value
            elif is_min:
                slots.fee_min = value
            else:
                slots.fee_max = value
        elif unit in ("조", "억", "만", "천"):
            krw = value * {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3}[unit]
            if is_max and not is_min:
                slots.amount_max = krw
            else:
                slots.amount_min = krw
            slots.amount_metric = "volume" if re.search(r"거래대금|거래량|traded|volume", text) else "aum"
        elif unit == "bp":
            slots.fee_max = value / 100.0


def _dates(text: str, linking: Linking, slots: Slots) -> None:
    if not linking.dates or not _LISTING.search(text):
        return
    first = linking.dates[0]
    iso = first if len(first) == 10 else (first + "-01" if len(first) == 7 else first + "-01-01")
    if _BEFORE.search(text) and not _AFTER.search(text):
        slots.listed_before = iso
    else:
        slots.listed_after = iso
