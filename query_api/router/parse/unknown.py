"""The words a parse could not use, said back as the user wrote them, and the facts a "not in the data" answer
names (about what, the dates held)."""

from __future__ import annotations

import dataclasses
import re

from query_api.router.parse.analyse import Analysis, Tok
from query_api.router.parse.dictionary import Dictionary
from query_api.router.parse.link import Link
from query_api.router.parse.text import CODE_RE, TRAILING_PARTICLE, norm

# What a "not in the data" answer says is held instead, of an ETF and of a stock.
ETF_HELD = (
    "총보수",
    "TER",
    "NAV",
    "종가",
    "시가총액",
    "거래대금",
    "괴리율",
    "수익률",
    "상장일",
    "운용사",
    "기초지수",
    "보유종목",
)
STOCK_HELD = ("업종", "시장", "편입 ETF 수")
JAMO_ONLY = re.compile(r"[\u1100-\u11ff\u3131-\u318e]+")
SLASHED = re.compile(r"(?<![A-Za-z])[A-Za-z]/[A-Za-z](?![A-Za-z])")  # P/E, P/B: ratios, not two letters


def left_out(a: Analysis) -> list[Tok]:
    """The unused content tokens that count as words not understood (chat noise and one-letter Latin aside)."""
    out = []
    for tok in a.unused():
        if tok.tag == "SL" and tok.form.isascii() and len(tok.form) <= 2:
            continue
        if JAMO_ONLY.fullmatch(a.t.text[tok.start : tok.end]):  # ㄱㄱ, ㅋㅋ, ㅠㅠ: chat noise
            continue
        out.append(tok)
    return out


def unknown_words(a: Analysis) -> list[str]:
    out = [m.group() for m in SLASHED.finditer(a.t.text) if not any(k.start <= m.start() < k.end for k in a.links)]
    for tok in left_out(a):
        word = _word_of(a, tok.start, tok.end)
        if word not in out:
            out.append(word)
    return out


def _word_of(a: Analysis, start: int, end: int) -> str:
    """An unknown piece as the user wrote it: its whole word (운용|역 → 운용역, 분배|금 → 분배금) without a trailing
    particle, unless the word also holds a name or a number."""
    s = a.t.text.rfind(" ", 0, start) + 1
    e = a.t.text.find(" ", end)
    e = len(a.t.text) if e < 0 else e
    if any(k.start < e and s < k.end for k in a.links) or any(n.start < e and s < n.end for n in a.numbers):
        return a.t.text[start:end]
    word = a.t.text[s:e].rstrip("?!.,")
    bare = TRAILING_PARTICLE.sub("", word)
    return bare if len(bare) >= 2 else word


def invented_names(a: Analysis, d: Dictionary) -> list[tuple[str, str]]:
    """'타이거 화장품레버리지', 'KODEX 은행인버스': a real ETF's name with a qualifier glued on that no ETF's name has —
    a product that does not exist, said with the real name it was built from (surface, that name)."""
    out = []
    for k in a.entities("etf"):
        rest = _glued_qualifier(a, k)
        said = a.t.text[k.start : k.end] + rest
        if rest and not _named(d, norm(k.name + rest)) and not _named(d, norm(said)):
            out.append((said, k.name))
    return out


def invented_products(a: Analysis, d: Dictionary) -> list[str]:
    """'타이거 우주항공인버스2X', 'SOL 우주항공레버리지': a brand, then one word gluing a theme to a qualifier, that no
    ETF of the brand is named by (its pieces in order) — a product that does not exist, not a set of ETFs."""
    out = []
    for k in a.entities("brand"):
        s = k.end + 1 if a.t.text[k.end : k.end + 1] == " " else k.end
        e = a.t.text.find(" ", s)
        e = len(a.t.text) if e < 0 else e
        themes = [x for x in a.links if x.type == "tag" and s <= x.start and x.end <= e]
        quals = [h for h in a.of("qualifiers") if s <= h.start and h.end <= e]
        if not themes or not quals or min(h.start for h in quals) < themes[0].end:
            continue
        pieces = [norm(a.t.text[x.start : x.end]) for x in sorted([*themes, *quals], key=lambda x: x.start)]
        names = [rest for rest, _, _ in d.brand_etfs_starting(norm(k.name), "")]
        if not any(_in_order(pieces, name) for name in names):
            out.append(a.t.text[k.start : e].rstrip("?!.,"))
    return out


def invented_multiples(a: Analysis) -> list[tuple[str, str]]:
    """'SOL 조선TOP3플러스 3배 레버리지': a multiple said right after the name of an ETF that is no leveraged or inverse
    product — a product that does not exist (term, the real ETF it was built from)."""
    out = []
    for k in a.entities("etf"):
        if GEARED_NAME.search(k.name):
            continue
        for n in a.numbers:
            if n.unit in ("배", "x") and 0 <= n.start - k.end <= 1 and (n.value >= 2 or n.value <= -1):
                out.append((a.t.text[k.start : n.end] + GEARED_AFTER.match(a.t.text[n.end :]).group(0), k.name))
    return [(term.strip(), name) for term, name in out]


GEARED_NAME = re.compile(r"레버리지|인버스|곱버스|\d(?:X|x|배)|leverage|inverse", re.IGNORECASE)
GEARED_AFTER = re.compile(r"\s?(?:레버리지|인버스|leveraged|leverage|inverse)?", re.IGNORECASE)


def _in_order(pieces: list[str], name: str) -> bool:
    at = 0
    for piece in pieces:
        at = name.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def completed_names(a: Analysis, d: Dictionary) -> Analysis:
    """'TIGER 차이나항셍테크레버리지': a name plus a glued qualifier that one ETF's full name starts with (…(합성 H)) is
    that ETF, not the shorter one the link found."""
    links, hits = list(a.links), list(a.hits)
    for i, k in enumerate(links):
        rest = _glued_qualifier(a, k) if k.type == "etf" else ""
        if not rest:
            continue
        keys = {norm(k.name + rest), norm(a.t.text[k.start : k.end] + rest)}
        terms = {t for key in keys for t in d.terms_starting(key)}
        found = {c.id: c.name for t in terms for c in d.terms[t] if c.type == "etf"}
        if len(found) == 1:
            (ticker, name), stop = next(iter(found.items())), k.end + len(rest)
            links[i] = Link("etf", ticker, name, k.start, stop, "prefix")
            hits = [h for h in hits if not (k.start <= h.start < stop)]
    return a if links == a.links else dataclasses.replace(a, links=links, hits=hits)


SIBLING_GAP = 4  # characters between a named ETF and a word naming its sibling (", ", "랑 ", " and ")
MIN_SHARED = 2  # characters past the brand the two names must share


def sibling_names(a: Analysis, d: Dictionary) -> Analysis:
    """'KODEX 미국S&P500버퍼3월액티브, 버퍼6월액티브': an unknown word right after a named ETF that, put in place of the
    end of that ETF's name, makes another ETF's name, is that ETF (the shared start said once)."""
    links = list(a.links)
    for tok in a.unused():
        prev = [k for k in links if k.type == "etf" and 0 < tok.start - k.end <= SIBLING_GAP]
        if not prev or any(k.start <= tok.start < k.end for k in links):
            continue
        s, e = tok.start, a.t.text.find(" ", tok.start)
        word = TRAILING_PARTICLE.sub("", a.t.text[s : len(a.t.text) if e < 0 else e].rstrip("?!.,"))
        name, brand = norm(prev[-1].name), norm(d.etf_brand.get(prev[-1].id, ""))
        for cut in range(len(name) - 1, len(brand) + MIN_SHARED - 1, -1):
            found = {c.id: c.name for c in d.terms.get(name[:cut] + norm(word), ()) if c.type == "etf"}
            if len(found) == 1 and prev[-1].id not in found:
                ticker, full = next(iter(found.items()))
                links.append(Link("etf", ticker, full, s, s + len(word), "sibling"))
                break
    if len(links) == len(a.links):
        return a
    new = links[len(a.links) :]

    def outside(start: int) -> bool:
        return not any(k.start <= start < k.end for k in new)

    for tok in a.tokens:
        if not outside(tok.start):
            tok.covered = "entity"
    dates = [m for m in a.dates if outside(m.start)]  # 버퍼6월액티브: the month is the name's
    numbers = [n for n in a.numbers if outside(n.start)]
    return dataclasses.replace(a, links=sorted(links, key=lambda k: k.start), dates=dates, numbers=numbers)


def _glued_qualifier(a: Analysis, k: Link) -> str:
    """The rest of the link's word when it is a qualifier glued to the name (화장품|레버리지), else ''."""
    end = a.t.text.find(" ", k.end)
    rest = TRAILING_PARTICLE.sub("", a.t.text[k.end : len(a.t.text) if end < 0 else end].rstrip("?!.,"))
    at = k.end  # one qualifier or a run of them (인버스|2X) makes up the rest of the word
    for h in sorted(a.of("qualifiers"), key=lambda h: h.start):
        if h.start == at:
            at = h.end
    return rest if rest and a.t.text[k.end : at] == rest else ""


def _named(d: Dictionary, key: str) -> bool:
    """Some ETF is called that, or starts so (TIGER 차이나항셍테크레버리지 → …레버리지(합성 H))."""
    return bool(d.terms_starting(key))


def unknown_codes(a: Analysis, d: Dictionary) -> list[str]:
    out = []
    for m in CODE_RE.finditer(a.t.text):
        code = m.group(1)
        if any(k.start <= m.start() < k.end for k in a.links):
            continue
        if sum(ch.isdigit() for ch in code) >= 4 and not code.startswith("20"):
            out.append(code)
    return out


def terms(a: Analysis, section: str) -> tuple[str, ...]:
    return tuple(a.t.text[h.start : h.end] for h in a.of(section))


def about(etfs, stocks):
    return etfs[0] if etfs else stocks[0] if stocks else None


def held_period(d: Dictionary) -> tuple[str, ...]:
    dd = d.data_dates
    out = []
    if dd.first_price:
        out.append("가격 " + ", ".join(f"{start}..{end}" for start, end in dd.price_spans))
    if dd.first_holdings:
        out.append(f"보유종목 {dd.first_holdings}..{dd.last_holdings}")
    return tuple(out)
