"""Entity linking: a dictionary loaded from the marts at start-up, matched longest-first on the space-free question,
plus near misses (pg_trgm in the database, one-edit typos in memory) and brand/stock nicknames.

Masked output follows the few-shot convention: entity spans become {ETF}, {STOCK}, {ISSUER}, {INDEX}, {SECTOR},
{TAG}; numbers and dates become {NUMBER} and {DATE}.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from query_api.router.lexicon import CONDITION_TAGS, ENGLISH_TAGS, ISSUER_ALIASES, KNOWN_ACRONYMS, STOPWORDS
from query_api.router.normalize import Normalized, squash
from query_api.services.text import norm

ENTITY_TYPES = ("etf", "stock", "issuer", "index", "sector", "tag")
PLACEHOLDER = {"etf": "ETF", "stock": "STOCK", "issuer": "ISSUER", "index": "INDEX", "sector": "SECTOR", "tag": "TAG"}
# When two entities match the same longest span, the more specific type wins.
TYPE_PRIORITY = {"etf": 0, "stock": 1, "index": 2, "issuer": 3, "brand": 3, "tag": 4, "sector": 5}
_ASCII_ALNUM = re.compile(r"[a-z0-9]")
_HANGUL_ONLY = re.compile(r"^[\uac00-\ud7a3]+$")
_SHORT_NAME_FOLLOWERS = (
    "이",
    "가",
    "은",
    "는",
    "의",
    "에",
    "랑",
    "이랑",
    "과",
    "와",
    "도",
    "를",
    "을",
    "만",
    "하고",
    "운용",
    "자산",
)
_CODE = re.compile(r"(?<![0-9a-z])([0-9][0-9a-z]{5})(?![0-9a-z])", re.IGNORECASE)
_PARTICLES = re.compile(r"(으로|에서|에게|이랑|하고|까지|부터|보다|처럼|와|과|을|를|이|가|은|는|의|에|도|로|랑|만|요)$")
# Generic words that happen to be names of listed companies or sectors: never linked on their own.
AMBIGUOUS_NAMES = {
    "대상",
    "미래",
    "전망",
    "보수",
    "가치",
    "레버리지",
    "인버스",
    "채권",
    "배당",
    "성장",
    "코스피",
    "코스닥",
}

DATE_RE = re.compile(
    r"(?P<y>20\d\d)\s*(?:[-./]|년\s*)(?P<m>\d{1,2})\s*(?:[-./]|월\s*)(?P<d>\d{1,2})\s*일?"
    r"|(?P<y2>(?:20)?\d\d)\s*년(?:\s*(?P<m2>\d{1,2})\s*월)?"
)
NUMBER_RE = re.compile(
    r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>%|퍼센트|조|억|만|천|개|위|배|원|년|bp)?", re.IGNORECASE
)


@dataclass(frozen=True)
class Candidate:
    type: str  # etf | stock | issuer | index | sector | tag | brand
    id: str
    name: str
    kind: str  # how the term names it: ticker, name, alias, ...


@dataclass
class Mention:
    type: str
    id: str
    name: str
    surface: str
    start: int  # span in Normalized.text
    end: int
    how: str  # exact | alias | code | fuzzy | typo
    score: float = 1.0
    alternatives: list[Candidate] = field(default_factory=list)


@dataclass
class Linking:
    mentions: list[Mention]
    masked: str
    numbers: list[tuple[float, str]]  # (value, unit) outside entity spans
    dates: list[str]  # ISO dates (or YYYY / YYYY-MM) mentioned
    unknown_codes: list[str]  # 6-character codes that are no ETF/instrument in the data
    leftovers: list[str]  # content tokens not covered by any entity (for near-miss lookup)
    foreign_tickers: list[str] = field(default_factory=list)  # QQQ, SPY...: upper-case symbols not in the data
    cue_text: str = ""  # entities masked, numbers kept: what the cue words and slots are read from
    lower: str = ""  # the whole question, lower case (topics that must not hide behind an entity name)
    name_tokens: list[str] = field(default_factory=list)  # leftover words with their numbers (kodax 200) for typos
    brand_fragments: list[str] = field(default_factory=list)  # brand + words that named no ETF ("tiger미국나스닥200")
    unknown_names: list[str] = field(default_factory=list)  # names close to, but not, an ETF of the data
    unknown_name_keys: list[str] = field(default_factory=list)  # the same as search keys

    def of_type(self, kind: str) -> list[Mention]:
        return [m for m in self.mentions if m.type == kind]

    def ids(self, kind: str) -> list[str]:
        seen: list[str] = []
        for m in self.of_type(kind):
            if m.id not in seen:
                seen.append(m.id)
        return seen


class EntityDictionary:
    """Term → candidates, indexed by the first two characters for a fast longest-match scan."""

    def __init__(self) -> None:
        self.terms: dict[str, list[Candidate]] = defaultdict(list)
        self.by_prefix: dict[str, list[str]] = defaultdict(list)
        self.lengths: dict[
            str, list[int]
        ] = {}  # first two characters -> lengths of the terms starting so (longest first)
        self.names: dict[tuple[str, str], str] = {}
        self.brand_aliases: dict[str, str] = {}  # norm alias -> norm brand (코덱스 -> kodex)
        self.brands: dict[str, str] = {}  # norm brand -> brand
        self.brand_issuer: dict[str, str] = {}  # brand -> issuer id
        self.etf_brand: dict[str, str] = {}
        self.brand_etfs: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # brand → (rest of name, id, name)
        # brand → (English words after the brand, id, name): 'SAMSUNG KODEX SEMICON ETF' → (['semicon'], ...)
        self.brand_english: dict[str, list[tuple[list[str], str, str]]] = defaultdict(list)
        self.tag_terms: set[str] = set()
        self.surfaces: dict[str, str] = {}  # search key → what the user wrote (for answers about unknown names)
        self.loaded = False
        self._deletions: dict[str, set[str]] = defaultdict(set)  # term minus one character → terms (typo lookup)

    # -- building ---------------------------------------------------------------------------------------------

    def add(self, term: str, candidate: Candidate) -> None:
        key = norm(term)
        if len(key) < 2 or key in STOPWORDS:
            return
        if candidate.type in ("stock", "sector") and key in AMBIGUOUS_NAMES and candidate.kind != "code":
            return
        if candidate.type == "tag" and key in CONDITION_TAGS:
            return
        bucket = self.terms[key]
        if candidate in bucket:
            return
        if not bucket:
            self.by_prefix[key[:2]].append(key)
            if 3 <= len(key) <= 12:
                for variant in _deletions(key):
                    self._deletions[variant].add(key)
        bucket.append(candidate)
        self.names.setdefault((candidate.type, candidate.id), candidate.name)

    def finish(self) -> None:
        for first, prefix in self.by_prefix.items():
            prefix.sort(key=len, reverse=True)
            self.lengths[first] = sorted({len(term) for term in prefix}, reverse=True)
        for bucket in self.terms.values():
            bucket.sort(key=lambda c: (TYPE_PRIORITY.get(c.type, 9), c.kind != "ticker", c.kind != "name"))
        self.loaded = True

    @classmethod
    def from_rows(cls, rows: dict[str, list[dict[str, Any]]]) -> EntityDictionary:
        d = cls()
        for r in rows.get("brand_aliases", []):
            d.brand_aliases[norm(r["alias"])] = norm(r["brand"])
        for r in rows.get("etf_terms", []):
            d.add(r["term"], Candidate("etf", r["id"], r["name"] or r["id"], r["term_kind"]))
            if r.get("brand"):
                d.brands[norm(r["brand"])] = r["brand"]
                d.etf_brand[r["id"]] = r["brand"]
        # Korean and former brand names as extra terms (코덱스200 → KODEX 200), so matching needs no rewriting.
        by_brand: dict[str, list[str]] = defaultdict(list)
        for alias, brand_norm in d.brand_aliases.items():
            if alias != brand_norm:
                by_brand[brand_norm].append(alias)
        for r in rows.get("etf_terms", []):
            key = norm(r["term"])
            brand = norm(r.get("brand") or "")
            if brand and key.startswith(brand) and len(key) > len(brand):
                for alias in by_brand.get(brand, ()):
                    d.add(alias + key[len(brand) :], Candidate("etf", r["id"], r["name"] or r["id"], "alias"))
            if r["term_kind"] == "english_name" and brand:
                short = _english_short_name(r["term"], r.get("brand") or "")
                if short:
                    d.add(short, Candidate("etf", r["id"], r["name"] or r["id"], "alias"))
                    words = _ENGLISH_WORD.findall(short.lower())[1:]
                    if words and r.get("is_listed", True):
                        d.brand_english[brand].append((words, r["id"], r["name"] or r["id"]))
            if r["term_kind"] == "name" and brand and key.startswith(brand) and r.get("is_listed", True):
                d.brand_etfs[brand].append((key[len(brand) :], r["id"], r["name"] or r["id"]))
        for r in rows.get("stock_terms", []):
            d.add(r["term"], Candidate("stock", r["id"], r["name"] or r["id"], r["term_kind"]))
        # English company names without their legal form ('KIA CORPORATION' → Kia), unless that names something else
        short_names = {}
        for r in rows.get("stock_terms", []):
            short = _english_company_name(r["term"]) if r["term_kind"] == "alias" else None
            if short and norm(short) not in d.terms:
                short_names.setdefault(norm(short), Candidate("stock", r["id"], r["name"] or r["id"], "alias"))
        for short, cand in short_names.items():
            d.add(short, cand)
        for r in rows.get("issuers", []):
            cand = Candidate("issuer", r["id"], r["name"] or r["id"], "name")
            d.add(r["id"], cand)
            d.add(r["name"] or r["id"], cand)
            for short in _issuer_short_names(r["name"] or r["id"]):
                d.add(short, Candidate("issuer", r["id"], r["name"] or r["id"], "alias"))
            for brand in r.get("brands") or []:
                d.brand_issuer[brand] = r["id"]
        issuers = sorted(rows.get("issuers", []), key=lambda r: -(r.get("etf_count") or 0))
        for alias, fragment in ISSUER_ALIASES.items():
            match = next((r for r in issuers if fragment in (r["name"] or r["id"])), None)
            if match:
                d.add(alias, Candidate("issuer", match["id"], match["name"] or match["id"], "alias"))
        for brand in d.brands.values():
            issuer = d.brand_issuer.get(brand)
            if issuer:
                d.add(brand, Candidate("brand", brand, brand, "brand"))
        for alias, brand_norm in d.brand_aliases.items():
            brand = d.brands.get(brand_norm)
            if brand:
                d.add(alias, Candidate("brand", brand, brand, "alias"))
        for r in rows.get("indexes", []):
            name = r["name"] or r["id"]
            d.add(name, Candidate("index", r["id"], name, "name"))
            for source, target in INDEX_NAME_VARIANTS:
                if name.lower().startswith(source):
                    d.add(target + name[len(source) :], Candidate("index", r["id"], name, "alias"))
        for r in rows.get("sectors", []):
            d.add(r["name"] or r["id"], Candidate("sector", r["id"], r["name"] or r["id"], "name"))
        for r in rows.get("tags", []):
            d.add(r["id"], Candidate("tag", r["id"], r["name"] or r["id"], "name"))
            d.tag_terms.add(norm(r["id"]))
        tags = {r["id"] for r in rows.get("tags", [])}
        for english, tag in ENGLISH_TAGS.items():
            if tag in tags:
                d.add(english, Candidate("tag", tag, tag, "alias"))
        d.finish()
        return d

    # -- lookups ----------------------------------------------------------------------------------------------

    def one_edit(self, token: str, types: tuple[str, ...] = ("etf", "stock")) -> list[Candidate]:
        """Candidates whose term is one substitution/insertion/deletion away from `token` (Hangul typos)."""
        # symmetric deletions: a substitution, insertion or deletion leaves a shared one-deletion variant
        near: set[str] = set(self._deletions.get(token, ()))
        for variant in (token, *_deletions(token)):
            near |= self._deletions.get(variant, set())
            if variant in self.terms:
                near.add(variant)
        found: list[Candidate] = []
        for term in sorted(near):
            if term != token and _within_one_edit(token, term):
                found.extend(c for c in self.terms[term] if c.type in types)
        return found


def _english_short_name(english: str, brand: str) -> str | None:
    """'MIRAE ASSET TIGER Semiconductor TOP 10 ETF' → 'TIGER Semiconductor TOP 10' (how people write it)."""
    upper = english.upper()
    start = upper.find(brand.upper()) if brand else -1
    if start < 0:
        return None
    short = english[start:].strip()
    if short.upper().endswith(" ETF"):
        short = short[:-4].strip()
    return short if len(short) > len(brand) + 1 else None


_ENGLISH_WORD = re.compile(r"[a-z0-9&]+")
_LEGAL_FORM = re.compile(
    r"[\s,.]*(?:co\.?,?\s*ltd\.?|corporation|corp\.?|incorporated|inc\.?|limited|ltd\.?|company|co\.?)\s*$",
    re.IGNORECASE,
)


def _english_company_name(term: str) -> str | None:
    """'KIA CORPORATION' → 'KIA', 'DB HiTek Co.,LTD' → 'DB HiTek': the name as people write it (ASCII names only;
    at least three letters, so 'CJ Corp.' stays whole)."""
    if not term.isascii() or not any(ch.isalpha() for ch in term):
        return None
    short = term
    while True:
        stripped = _LEGAL_FORM.sub("", short).strip()
        if stripped == short:
            break
        short = stripped
    if short == term.strip() or sum(ch.isalpha() for ch in short) < 3:
        return None
    return short


def _issuer_short_names(name: str) -> list[str]:
    """삼성자산운용 → 삼성자산, 삼성운용; 미래에셋자산운용 → 미래에셋; 'KB자산운용' → KB운용 ..."""
    out = []
    for suffix in ("자산운용", "투자신탁운용", "글로벌자산운용", "운용"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            out += [stem + "운용", stem + "자산"]
            if len(stem) >= 3:
                out.append(stem)
    return out


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _within_one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def _boundary_ok(lower: str, start: int, end: int, term: str) -> bool:
    """ASCII terms must not run into other ASCII letters/digits (kt ≠ kodex); short Hangul names need a word start."""
    before = lower[start - 1] if start > 0 else " "
    after = lower[end] if end < len(lower) else " "
    if _ASCII_ALNUM.match(term[0]) and _ASCII_ALNUM.match(before):
        return False
    if _ASCII_ALNUM.match(term[-1]) and _ASCII_ALNUM.match(after):
        return False
    if _HANGUL_ONLY.match(term) and len(term) <= 2:
        # a short Hangul name is a word of its own (대상 ≠ 투자대상, 삼성 ≠ 삼성잔자), particles may follow
        return not before.isalnum() and (not _HANGUL_ONLY.match(after) or lower[end:].startswith(_SHORT_NAME_FOLLOWERS))
    return True


def link(question: Normalized, dictionary: EntityDictionary) -> Linking:
    """Longest non-overlapping dictionary matches on the space-free question, mapped back to spans of the text."""
    lower = question.lower
    text, pos = squash(lower)
    found: list[tuple[int, int, str, str]] = []  # (start, end) in text, term, surface text
    terms = dictionary.terms
    for i in range(len(text) - 1):
        # a dictionary lookup per term length that starts with these two characters (not a scan of the terms)
        for length in dictionary.lengths.get(text[i : i + 2], ()):
            term = text[i : i + length]
            if len(term) == length and term in terms:
                start, end = pos[i], pos[i + length - 1] + 1
                if _boundary_ok(lower, start, end, term):
                    found.append((start, end, term, question.text[start:end]))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0], TYPE_PRIORITY.get(dictionary.terms[f[2]][0].type, 9)))
    taken: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    for start, end, term, surface in found:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        cands = dictionary.terms[term]
        best = cands[0]
        how = (
            "code"
            if best.kind in ("ticker", "code", "isin")
            else ("alias" if best.kind in ("alias", "brand") else "exact")
        )
        others = [c for c in cands[1:] if c.id != best.id or c.type != best.type]
        mentions.append(Mention(best.type, best.id, best.name, surface, start, end, how, 1.0, others))
        taken.append((start, end))
    mentions.sort(key=lambda m: m.start)
    mentions = _prefer_issuers_among_issuers(mentions)

    outside = _outside(question.text, sorted(taken))
    dates = _dates(question.text)
    unknown = [
        code.upper()
        for code in _CODE.findall(outside)
        if not code.isdigit() or len(code) == 6
        if norm(code) not in dictionary.terms and not _is_date_like(code)
    ]
    unknown = [c for c in unknown if any(ch.isdigit() for ch in c) and sum(ch.isdigit() for ch in c) >= 4]
    unresolved: list[str] = []
    mentions = _resolve_brand_fragments(question, mentions, dictionary, unresolved)
    if any(m.type == "stock" for m in mentions):
        # "에코프로비엠 코스피야 코스닥이야?": next to a stock, 코스피/코스닥 name its market, not an index.
        mentions = [m for m in mentions if not (m.type == "index" and norm(m.surface) in MARKET_WORDS)]
    masked = _mask(question.text, mentions)
    outside = _outside(question.text, sorted((m.start, m.end) for m in mentions if m.start >= 0))
    numbers = _numbers(outside)
    bare = NUMBER_RE.sub(" ", DATE_RE.sub(" ", outside))
    leftovers = _content_tokens(bare)
    foreign = [
        w
        for w in re.findall(r"(?<![A-Za-z0-9&])[A-Z]{2,5}(?![A-Za-z0-9&])", outside)
        if w not in KNOWN_ACRONYMS and norm(w) not in dictionary.terms
    ]
    cue_text = _mask(question.text, mentions, numbers=False)
    name_tokens = _content_tokens(DATE_RE.sub(" ", outside))
    return Linking(
        mentions, masked, numbers, dates, unknown, leftovers, foreign, cue_text, question.lower, name_tokens, unresolved
    )


# Index names as people type them in the other language (코스피 200 ↔ KOSPI 200, NASDAQ 100 ↔ 나스닥100).
INDEX_NAME_VARIANTS = (
    ("코스피", "kospi"),
    ("코스닥", "kosdaq"),
    ("nasdaq", "나스닥"),
    ("s&p", "에스앤피"),
    ("dow jones", "다우존스"),
    ("phlx semiconductor", "필라델피아반도체"),
)
MARKET_WORDS = {"코스피", "코스닥", "kospi", "kosdaq", "코넥스", "konex"}
_LIST_CUE = re.compile(r"뭐 ?있|뭐뭐|목록|리스트|보여줘|상품들|etf들|종류|list|which etfs|머 ?있|show me|etfs", re.I)


def _prefer_issuers_among_issuers(mentions: list[Mention]) -> list[Mention]:
    """'키움이랑 한화 ETF 몇 개씩': a name that is both a company and an asset manager, next to another manager,
    is the manager."""
    if not any(m.type in ("issuer", "brand") for m in mentions):
        return mentions
    out = []
    for m in mentions:
        issuer = next((c for c in m.alternatives if c.type == "issuer"), None)
        if m.type == "stock" and issuer is not None:
            m = Mention("issuer", issuer.id, issuer.name, m.surface, m.start, m.end, "alias", 0.9)
        out.append(m)
    return out


def _brand_condition_lists(mentions: list[Mention], d: EntityDictionary) -> list[Mention]:
    """'코덱스 인버스 상품들 보여줘': an ETF named just brand + condition, in a list question, means the brand's
    ETFs with that condition (the condition word stays in the text for the slots)."""
    out = []
    for m in mentions:
        brand = d.etf_brand.get(m.id) if m.type == "etf" else None
        rest = norm(m.name)[len(norm(brand)) :] if brand and norm(m.name).startswith(norm(brand)) else None
        if brand and rest in CONDITION_TAGS:
            space = m.surface.find(" ")
            length = space if space > 0 else max(1, len(m.surface) - len(rest))
            out.append(Mention("brand", brand, brand, m.surface[:length], m.start, m.start + length, "brand", 0.9))
        else:
            out.append(m)
    return out


def _resolve_brand_fragments(
    question: Normalized, mentions: list[Mention], d: EntityDictionary, unresolved: list[str] | None = None
) -> list[Mention]:
    """A brand followed by part of a name ('타이거 나스닥100') names the brand's ETF with the shortest such name,
    unless the question asks for a list or the fragment is just a theme (then it is a FILTER on brand + tag)."""
    if _LIST_CUE.search(question.lower):
        return _brand_condition_lists(mentions, d)
    out = list(mentions)
    for m in mentions:
        if m.type != "brand":
            continue
        rest = question.lower[m.end :]
        token = re.match(r"\s*([^\s?!.,]+)", rest)
        if not token:
            continue
        fragment = norm(_PARTICLES.sub("", token.group(1)) if len(token.group(1)) > 2 else token.group(1))
        if len(fragment) < 2 or fragment in d.tag_terms or fragment in CONDITION_TAGS or fragment in STOPWORDS:
            continue
        candidates = [c for c in d.brand_etfs.get(norm(m.id), []) if fragment in c[0]]
        if not candidates and fragment.isascii():
            english = _english_candidates(d, norm(m.id), question.lower[m.end :])
            if english is not None:
                (ticker, name), length = english
                out = [o for o in out if o is not m and not (o.start >= m.start and o.end <= m.end + length)]
                out.append(
                    Mention(
                        "etf",
                        ticker,
                        name,
                        question.text[m.start : m.end + length],
                        m.start,
                        m.end + length,
                        "partial",
                        0.8,
                    )
                )
                continue
        if not candidates and not fragment.isascii():
            # '코덱스 반도채': one edit away from a name of the brand (typed with its Korean or its own spelling)
            typo = [c for c in d.one_edit(norm(m.id) + fragment, ("etf",)) if d.etf_brand.get(c.id) == m.id]
            if typo:
                candidates = [(norm(typo[0].name)[len(norm(m.id)) :], typo[0].id, typo[0].name)]
        if not candidates:
            if unresolved is not None and any(ch.isdigit() or (ch.isascii() and ch.isalpha()) for ch in fragment):
                # "TIGER 미국나스닥200": maybe a name that does not exist (searched as the marts' term_norm)
                unresolved.append(norm(m.id) + fragment)
                d.surfaces[norm(m.id) + fragment] = question.text[m.start : m.end + token.end()].strip()
            continue
        rest_name, ticker, name = min(candidates, key=lambda c: (len(c[0]), c[0]))
        if len(rest_name) - len(fragment) > 3:
            continue
        end = m.end + token.end()
        while (end > m.end and question.lower[end - 1] in "?!., ") or question.text[end - 1 : end] in (
            "은",
            "는",
            "이",
            "가",
            "의",
            "을",
            "를",
        ):
            end -= 1
        covered = [o for o in out if o is not m and o.start >= m.start and o.end <= m.end + token.end()]
        out = [o for o in out if o is not m and o not in covered]
        out.append(Mention("etf", ticker, name, question.text[m.start : end], m.start, end, "partial", 0.8))
    return sorted(out, key=lambda x: x.start)


def _english_candidates(d: EntityDictionary, brand: str, rest: str) -> tuple[tuple[str, str], int] | None:
    """'KODEX Semiconductor' → KODEX 반도체, whose English name is 'SAMSUNG KODEX SEMICON ETF': the words after the
    brand match the English name's words when one starts with the other (KRX abbreviates: SEMICON, AUTOs, BANKs).
    Returns the ETF with the fewest English words among those matching the most words, and the span length."""
    words = list(_ENGLISH_WORD.finditer(rest))
    best: tuple[int, int, str, str, int] | None = None  # (-matched words, english words, ticker, name, end)
    for english, ticker, name in d.brand_english.get(brand, []):
        matched, end = 0, 0
        for said, written in zip(words, english, strict=False):
            w = said.group()
            if not (
                w == written or (min(len(w), len(written)) >= 4 and (w.startswith(written) or written.startswith(w)))
            ):
                break
            matched, end = matched + 1, said.end()
        if matched and (best is None or (-matched, len(english)) < best[:2]):
            best = (-matched, len(english), ticker, name, end)
    if best is None:
        return None
    return (best[2], best[3]), best[4]


def _outside(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def _mask(text: str, mentions: list[Mention], numbers: bool = True) -> str:
    out, last = [], 0
    for m in mentions:
        out.append(text[last : m.start])
        out.append("{" + PLACEHOLDER.get(m.type, "ISSUER") + "}")
        last = m.end
    out.append(text[last:])
    masked = "".join(out)
    if not numbers:
        return masked
    masked = DATE_RE.sub("{DATE}", masked)
    return re.sub(r"(?<![A-Za-z0-9{.,])\d+(?:,\d{3})*(?:\.\d+)?(?![A-Za-z0-9}])", "{NUMBER}", masked)


def _numbers(text: str) -> list[tuple[float, str]]:
    out = []
    for m in NUMBER_RE.finditer(DATE_RE.sub(" ", text)):
        value = float(m.group("num").replace(",", ""))
        out.append((value, (m.group("unit") or "").lower()))
    return out


def _dates(text: str) -> list[str]:
    out = []
    for m in DATE_RE.finditer(text):
        if m.group("y"):
            out.append(f"{m.group('y')}-{int(m.group('m')):02d}-{int(m.group('d')):02d}")
        else:
            year = m.group("y2") if len(m.group("y2")) == 4 else "20" + m.group("y2")
            out.append(f"{year}-{int(m.group('m2')):02d}" if m.group("m2") else year)
    return out


def _is_date_like(code: str) -> bool:
    return bool(re.match(r"^20\d{4}$", code))


def _content_tokens(text: str) -> list[str]:
    tokens = []
    for raw in re.split(r"[\s,.?!·/()\[\]\"'“”‘’:;~]+", text.lower()):
        token = _PARTICLES.sub("", raw) if len(raw) > 2 else raw
        if (len(token) >= 2 and token not in STOPWORDS) or (token.isdigit() and len(token) >= 2):
            tokens.append(token)
    return tokens
