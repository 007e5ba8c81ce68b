"""Entity linking: longest dictionary matches on the space-free question (so spacing never matters), brand + name
fragments (타이거 나스닥100), and one-edit typos of long names."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from query_api.router.parse.dictionary import TYPE_PRIORITY, WINDOW, Candidate, Dictionary
from query_api.router.parse.text import Text, norm, squash
from query_api.router.parse.typos import vowel_swaps, within_one_edit

_ASCII_ALNUM = re.compile(r"[a-z0-9&]")
_HANGUL_ONLY = re.compile(r"^[\uac00-\ud7a3]+$")
_FOLLOWERS = (
    "이",
    "가",
    "은",
    "는",
    "의",
    "에",
    "랑",
    "이랑",
    "인",
    "과",
    "와",
    "도",
    "를",
    "을",
    "만",
    "하고",
    "운용",
    "자산",
    "에서",
    "보다",
    "처럼",
    "까지",
    "기준",
    "거",
    "꺼",
    "께",
    "중",
    "쪽",
)
_FOLLOWERS_LONGEST_FIRST = sorted(_FOLLOWERS, key=len, reverse=True)
_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")
_WORD = re.compile(r"[^\s?!.,]+")
_PARTICLE_END = ("은", "는", "이", "가", "의", "을", "를", "랑", "과", "와", "도", "에", "로")
_PARTICLES = sorted(
    (*_PARTICLE_END, "이랑", "하고", "에서", "보다", "처럼", "까지", "이나", "에는", "으로"), key=len, reverse=True
)


def _bare(token: str) -> str:
    """A word without the particle it ends in (골드선물이랑 → 골드선물), keeping at least two letters."""
    for particle in _PARTICLES:
        if token.endswith(particle) and len(token) - len(particle) >= 2:
            return token[: -len(particle)]
    return token


@dataclass
class Link:
    type: str  # etf | stock | issuer | index | sector | tag | brand
    id: str
    name: str
    start: int  # span in Text.text
    end: int
    how: str  # exact | alias | code | partial | typo
    alternatives: tuple[Candidate, ...] = ()

    def text(self, t: Text) -> str:
        return t.text[self.start : self.end]


def _boundary_ok(lower: str, start: int, end: int, term: str) -> bool:
    """ASCII terms must not run into other ASCII letters/digits (kt ≠ kodex); short Hangul names need a word start."""
    before = lower[start - 1] if start > 0 else " "
    after = lower[end] if end < len(lower) else " "
    if _ASCII_ALNUM.match(term[0]) and _ASCII_ALNUM.match(before):
        return False
    if _ASCII_ALNUM.match(term[-1]) and _ASCII_ALNUM.match(after):
        return False
    if _HANGUL_ONLY.match(term) and len(term) <= 2:
        return not before.isalnum() and (not _HANGUL_ONLY.match(after) or lower[end:].startswith(_FOLLOWERS))
    return True


def link(t: Text, d: Dictionary) -> list[Link]:
    lower = t.lower
    text, pos = squash(lower)
    found: list[tuple[int, int, str]] = []
    terms, heads, spans, n = d.terms, d.heads, d.spans, len(text)
    hits: list[tuple[int, int]] = []
    for i in range(n - 1):
        # every substring of two characters or more that is a term: where some term starts with these two
        # characters, two and three directly, longer ones by the lengths of the terms that start with these WINDOW
        # characters (few, where the two characters alone had many)
        if text[i : i + 2] not in heads:
            continue
        if text[i : i + 2] in terms:
            hits.append((i, 2))
        if i + 3 <= n and text[i : i + 3] in terms:
            hits.append((i, 3))
        for length in spans.get(text[i : i + WINDOW], ()):
            if i + length <= n and text[i : i + length] in terms:
                hits.append((i, length))
    for i, length in hits:
        term = text[i : i + length]
        start, end = pos[i], pos[i + length - 1] + 1
        if _boundary_ok(lower, start, end, term):
            found.append((start, end, term))
    # brands are one character sometimes (솔): whole words only
    for m in _WORD.finditer(lower):
        w = m.group()
        if len(w) == 1 and w in d.terms:
            found.append((m.start(), m.end(), w))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], TYPE_PRIORITY.get(d.terms[f[2]][0].type, 9)))
    links: list[Link] = []
    for start, end, term in found:
        if any(start < k.end and k.start < end for k in links):
            continue
        cands = d.terms[term]
        best = cands[0]
        surface = t.text[start:end]
        if best.type == "stock" and best.kind == "alias" and surface.isascii() and surface.islower() and len(term) <= 5:
            continue  # 'market cap' is no company CAP: short English names count when written as names
        how = (
            "code"
            if best.kind in ("ticker", "code", "isin")
            else "alias"
            if best.kind in ("alias", "brand")
            else "exact"
        )
        others = tuple(c for c in cands[1:] if (c.type, c.id) != (best.type, best.id))
        links.append(Link(best.type, best.id, best.name, start, end, how, others))
    links.sort(key=lambda k: k.start)
    links = [k for k in links if not _plain_english_word(t, k, d)]
    links = _brand_typos(t, links, d)
    links = _brand_fragments(t, links, d)
    links = _typos(t, links, d)
    links = _longer_etf_names(t, links, d)
    return _issuers_among_issuers(_issuer_suffixes(t, links))


_ISSUER_SUFFIX = re.compile(r"(?:자산\s?운용|투자신탁운용|운용사?|asset management)", re.IGNORECASE)


def _issuer_suffixes(t: Text, links: list[Link]) -> list[Link]:
    """마이다스에셋자산운용 where the data names the issuer 마이다스에셋: the company word typed after the name is
    part of it, not a word of its own."""
    out = []
    for k in links:
        m = _ISSUER_SUFFIX.match(t.text, k.end) if k.type == "issuer" else None
        taken = m is not None and not any(x.start < m.end() and x.end > k.end for x in links if x is not k)
        out.append(dataclasses.replace(k, end=m.end()) if taken and m is not None else k)
    return out


def _plain_english_word(t: Text, k: Link, d: Dictionary) -> bool:
    """'the new holdings': a stock named in capitals (NEW) is not meant by the lower-case word of the lexicon."""
    surface = t.text[k.start : k.end]
    if k.type not in ("stock", "etf") or not surface.isascii() or not surface.islower() or " " in surface:
        return False
    lex = d.lexicon
    return lex is not None and (surface in lex.index or surface in lex.filler)


def _longer_etf_names(t: Text, links: list[Link], d: Dictionary) -> list[Link]:
    """An ETF name that stops inside a word (KODEX 차이나H|레버리지) or before the next word (나스닥100 레버리지):
    the brand's ETF whose name goes on with that word and ends within a few characters ((H), (합성)), when there is
    one."""
    out = []
    for k in links:
        m = _WORD.match(t.lower, k.end) if k.type == "etf" and k.end < len(t.lower) else None
        if m is None and k.type == "etf" and t.lower[k.end : k.end + 1] == " ":
            m = _WORD.match(t.lower, k.end + 1)
        brand = d.etf_brand.get(k.id, "") if m else ""
        if not m or not brand or any(o is not k and o.start < m.end() and k.end < o.end for o in links):
            out.append(k)
            continue
        token = m.group()
        tail = norm(_bare(token))
        stem = norm(k.name)[len(norm(brand)) :] + tail
        starting = d.brand_etfs_starting(norm(brand), stem) if len(tail) >= 2 else []
        cands = [c for c in starting if len(c[0]) - len(stem) <= 4]
        if len(tail) < 2 or not cands or not norm(k.name).startswith(norm(brand)):
            out.append(k)
            continue
        _rest, ticker, name = min(cands, key=lambda c: (len(c[0]), c[0]))
        out.append(Link("etf", ticker, name, k.start, m.start() + len(tail), "partial"))
    return out


def _brand_typos(t: Text, links: list[Link], d: Dictionary) -> list[Link]:
    """A Latin word of five or more letters linking to nothing, one edit away from a brand (kodax → KODEX)."""
    out = list(links)
    for m in _WORD.finditer(t.lower):
        w = m.group()
        if len(w) < 5 or not w.isascii() or not w.isalpha():
            continue
        if any(m.start() < k.end and k.start < m.end() for k in out):
            continue
        near = [(key, b) for key, b in d.brands.items() if abs(len(key) - len(w)) <= 1]  # within_one_edit's first test
        brands = [b for key, b in near if key.isascii() and within_one_edit(w, key)]
        if len(brands) == 1:
            out.append(Link("brand", brands[0], brands[0], m.start(), m.end(), "typo"))
    return sorted(out, key=lambda x: x.start)


def _brand_fragments(t: Text, links: list[Link], d: Dictionary) -> list[Link]:
    """A brand followed by part of a name ('타이거 나스닥100') names the brand's ETF with the shortest such name;
    a theme or condition word after a brand stays a filter (brand ∧ tag)."""
    out = list(links)
    for k in links:
        if k.type != "brand":
            continue
        m = _WORD.match(t.lower, k.end) or _WORD.match(t.lower, k.end + 1)
        if not m or m.start() > k.end + 1:
            continue
        token = m.group()
        fragment = norm(_bare(token))
        covered = [o for o in out if o is not k and o.start >= m.start() and o.end <= m.end()]
        if any(o.type == "etf" for o in covered) or len(fragment) < 2 or fragment in d.tags:
            continue
        if fragment in ("etf", "etfs") or any(o.type in ("stock", "issuer") for o in covered):
            continue
        cands = [c for c in d.brand_etfs.get(norm(k.id), []) if c[0].startswith(fragment) or fragment in c[0]]
        if not cands:
            typo = [c for c in d.one_edit(norm(k.id) + fragment, ("etf",)) if d.etf_brand.get(c.id) == k.id]
            if typo:
                cands = [(norm(typo[0].name)[len(norm(k.id)) :], typo[0].id, typo[0].name)]
        if not cands:
            continue
        rest, ticker, name = min(cands, key=lambda c: (not c[0].startswith(fragment), len(c[0]), c[0]))
        if len(rest) - len(fragment) > 4:
            continue
        end = m.start() + len(token) - (len(token) - len(fragment) if fragment != norm(token) else 0)
        out = [o for o in out if o is not k and o not in covered]
        out.append(Link("etf", ticker, name, k.start, end, "partial"))
    return sorted(out, key=lambda x: x.start)


def _typos(t: Text, links: list[Link], d: Dictionary) -> list[Link]:
    """A word linking to nothing, or only in part (에코프로|비앰: a shorter name matched its start), one edit away
    from a long ETF/stock name: that name, in place of the partial match."""
    out = list(links)
    for m in _WORD.finditer(t.lower):
        inside = [k for k in out if m.start() < k.end and k.start < m.end()]
        if inside and not _partly_covered(m, inside):
            continue
        token = norm(m.group())
        short = _short_name_swap(token, d) if not inside else None
        if short is not None:  # 웹잰: a short name with ㅐ/ㅔ swapped
            c, cut = short
            out.append(Link(c.type, c.id, c.name, m.start(), m.start() + len(m.group()) - cut, "typo"))
            continue
        for cut in (0, 1, 2):
            w = token[: len(token) - cut] if cut else token
            if len(w) < 4 or not _SYLLABLE.search(w) or _a_lexicon_word(d, w):
                continue  # 마이너스 is a word of its own, not a typo of 마이다스
            cands = d.one_edit(w, ("etf", "stock", "issuer"))
            if cands and all(len(norm(cands[0].name)) > len(norm(k.name)) or cands[0].id == k.id for k in inside):
                c = cands[0]
                out = [k for k in out if k not in inside]
                out.append(Link(c.type, c.id, c.name, m.start(), m.start() + len(m.group()) - cut, "typo"))
                break
    return sorted(out, key=lambda x: x.start)


def _a_lexicon_word(d: Dictionary, word: str) -> bool:
    index = d.lexicon.index if d.lexicon is not None else {}
    return any(seq == (word,) for seq, _ in index.get(word, ()))


def _short_name_swap(token: str, d: Dictionary) -> tuple[Candidate, int] | None:
    """A two- or three-syllable word (a particle cut off or not) that names nothing, but a stock or an ETF once one
    ㅐ/ㅔ is swapped; one-edit typos of names this short would match too much, this one confusion does not."""
    for cut in (0, 1):
        w = token[: len(token) - cut] if cut else token
        if not 2 <= len(w) <= 3 or w in d.terms:
            continue
        found = [c for v in vowel_swaps(w) for c in d.terms.get(v, ()) if c.type in ("stock", "etf")]
        if len(found) == 1:
            return found[0], cut
    return None


def _partly_covered(m: re.Match[str], inside: list[Link]) -> bool:
    """Links that sit inside one word and leave two or more Hangul letters of it unexplained (not a particle)."""
    if any(k.start < m.start() or k.end > m.end() or k.type not in ("etf", "stock", "issuer") for k in inside):
        return False
    word = m.group()
    rest = "".join(ch for i, ch in enumerate(word) if not any(k.start <= m.start() + i < k.end for k in inside))
    for particle in _FOLLOWERS_LONGEST_FIRST:
        if rest.endswith(particle):
            rest = rest[: -len(particle)]
            break
    return len(_SYLLABLE.findall(rest)) >= 2


def _issuers_among_issuers(links: list[Link]) -> list[Link]:
    """'키움이랑 한화 ETF 몇 개씩': a company that is also an asset manager, next to a manager, is the manager."""
    if not any(k.type in ("issuer", "brand") for k in links):
        return links
    out = []
    for k in links:
        issuer = next((c for c in k.alternatives if c.type == "issuer"), None)
        if k.type == "stock" and issuer is not None:
            k = Link("issuer", issuer.id, issuer.name, k.start, k.end, "alias")
        out.append(k)
    return out
