"""The parser's dictionary: entity names and aliases from the marts, the Kiwi analyser with those names as user
words, the compiled lexicon, and the dates the data holds. Built once at start-up
(`load_dictionary`), or from rows in tests."""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from query_api.router.parse.text import norm
from query_api.router.parse.typos import deletions, edit_cost, within_one_edit
from query_api.router.parse.words import Lexicon, compile_lexicon

# When two entities match the same longest span, the more specific type wins.
_DIGITS = re.compile(r"\d+")  # numbers in a name are its identity (나스닥100 vs 나스닥300), never a typo
INDEX_SUFFIX = re.compile(r"\s+(?:지수|index)$", re.IGNORECASE)
TYPE_PRIORITY = {"etf": 0, "stock": 1, "index": 2, "issuer": 3, "brand": 3, "tag": 4, "sector": 5}
# Generic words that happen to be names of listed companies or sectors: never linked as those on their own.
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
    "시장",
    "평균",
    "액티브",
    "수익",
    "상장",
    "가격",
    "금융",
    "종목",
    "자산",
    "현대",
    "시가",
}
CONDITION_TAGS = {"레버리지", "인버스", "액티브", "채권", "원자재", "통화", "혼합자산"}
ISSUER_ALIASES = {
    "kb": "케이비",
    "kb운용": "케이비",
    "kb자산운용": "케이비",
    "kbassetmanagement": "케이비",
    "케이비": "케이비",
    "한투": "한국투자신탁",
    "한국투자": "한국투자신탁",
    "한국투자운용": "한국투자신탁",
    "한국투신": "한국투자신탁",
    "삼성": "삼성자산운용",
    "삼성운용": "삼성자산운용",
    "미래": "미래에셋",
    "미래에셋": "미래에셋",
    "nh": "엔에이치",
    "nh아문디": "엔에이치",
    "농협": "엔에이치",
    "신한": "신한",
    "한화": "한화",
    "키움": "키움",
    "하나운용": "하나자산",
    "타임폴리오": "타임폴리오",
    "교보": "교보악사",
    "흥국": "흥국",
    "bnk": "비엔케이",
    "ibk": "아이비케이",
    "db": "디비",
    "대신": "대신",
    "트러스톤": "트러스톤",
    "kcgi": "케이씨지아이",
    "삼성액티브": "삼성액티브",
    "우리운용": "우리자산",
    "우리자산": "우리자산",
    "mirae": "미래에셋",
    "miraeasset": "미래에셋",
    "samsung": "삼성자산운용",
    "samsungasset": "삼성자산운용",
    "samsungassetmanagement": "삼성자산운용",
    "shinhan": "신한",
    "hanwha": "한화",
    "kiwoom": "키움",
    "koreainvestment": "한국투자신탁",
    "miraeassetmanagement": "미래에셋",
}
ENGLISH_TAGS = {
    "semiconductor": "반도체",
    "semiconductors": "반도체",
    "secondarybattery": "2차전지",
    "battery": "2차전지",
    "batteries": "2차전지",
    "automobile": "자동차",
    "automotive": "자동차",
    "biotech": "바이오",
    "bio": "바이오",
    "robot": "로봇",
    "robotics": "로봇",
    "defense": "방산",
    "shipbuilding": "조선",
    "nuclear": "원자력",
    "reits": "리츠",
    "gaming": "게임",
    "cosmetics": "화장품",
    "coveredcall": "커버드콜",
    "valueup": "밸류업",
    "dividend": "배당",
    "dividends": "배당",
    "gold": "금",
    "china": "중국",
    "japan": "일본",
    "india": "인도",
    "vietnam": "베트남",
    "moneymarket": "머니마켓",
    "nasdaq": "나스닥",
}
INDEX_NAME_VARIANTS = (("코스피", "kospi"), ("코스닥", "kosdaq"), ("nasdaq", "나스닥"), ("s&p", "에스앤피"))
_LEGAL_FORM = re.compile(
    r"[\s,.]*(?:co\.?,?\s*ltd\.?|corporation|corp\.?|incorporated|inc\.?|limited|ltd\.?|company|co\.?)\s*$", re.I
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class Candidate:
    type: str  # etf | stock | issuer | index | sector | tag | brand
    id: str
    name: str
    kind: str  # ticker, code, name, alias, english_name, brand ...


@dataclass(frozen=True)
class DataDates:
    first_price: date | None = None
    last_price: date | None = None
    first_holdings: date | None = None
    last_holdings: date | None = None
    price_dates: frozenset[date] = frozenset()
    holdings_dates: frozenset[date] = frozenset()


@dataclass
class Dictionary:
    terms: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    lengths: dict[str, list[int]] = field(default_factory=dict)  # first two characters → term lengths, longest first
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    brand_aliases: dict[str, str] = field(default_factory=dict)  # alias → brand (코덱스 → KODEX)
    brands: dict[str, str] = field(default_factory=dict)  # norm brand → brand
    brand_issuer: dict[str, str] = field(default_factory=dict)
    etf_brand: dict[str, str] = field(default_factory=dict)
    brand_etfs: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    tags: set[str] = field(default_factory=set)
    listed_names: dict[str, str | None] = field(default_factory=dict)  # norm name of a listed ETF → its index id
    data_dates: DataDates = DataDates()
    kiwi: Any = None
    lexicon: Lexicon | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    _deletions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _prefix: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))

    # -- building -------------------------------------------------------------------------------------------------
    def add(self, term: str, cand: Candidate) -> None:
        key = norm(term)
        if len(key) < 2 and not (cand.type in ("brand", "tag") and key):  # 솔, 금: whole words only (link.py)
            return
        if cand.type in ("stock", "sector") and key in AMBIGUOUS_NAMES and cand.kind != "code":
            return
        if cand.type == "tag" and key in CONDITION_TAGS:
            return
        bucket = self.terms[key]
        if cand in bucket:
            return
        if not bucket:
            self._prefix[key[:2]].add(len(key))
            if 4 <= len(key) <= 14 and cand.type in ("etf", "stock", "issuer") and cand.kind in ("name", "alias"):
                for variant in deletions(key):
                    self._deletions[variant].add(key)
        bucket.append(cand)
        self.names.setdefault((cand.type, cand.id), cand.name)

    @classmethod
    def from_rows(cls, rows: dict[str, list[dict[str, Any]]], kiwi: Any = None) -> Dictionary:
        d = cls()
        for r in rows.get("brand_aliases", []):
            d.brand_aliases[r["alias"]] = r["brand"]
        aliases_of: dict[str, list[str]] = defaultdict(list)
        for alias, brand in d.brand_aliases.items():
            if norm(alias) != norm(brand):
                aliases_of[norm(brand)].append(norm(alias))
        for r in rows.get("etf_terms", []):
            name = r.get("name") or r["id"]
            d.add(r["term"], Candidate("etf", r["id"], name, r["term_kind"]))
            if r["term_kind"] == "name" and r.get("is_listed", True):
                d.listed_names[norm(name)] = r.get("index_id")
            brand = r.get("brand") or ""
            if not brand:
                continue
            d.brands[norm(brand)] = brand
            d.etf_brand[r["id"]] = brand
            key, b = norm(r["term"]), norm(brand)
            if key.startswith(b) and len(key) > len(b) and r["term_kind"] in ("name", "alias"):
                for alias in aliases_of.get(b, ()):
                    d.add(alias + key[len(b) :], Candidate("etf", r["id"], name, "alias"))
                if r["term_kind"] == "name" and r.get("is_listed", True):
                    d.brand_etfs[b].append((key[len(b) :], r["id"], name))
            if r["term_kind"] == "english_name":
                short = _english_short_name(r["term"], brand)
                if short:
                    d.add(short, Candidate("etf", r["id"], name, "alias"))
        firsts: dict[str, set[tuple[str, str]]] = defaultdict(set)  # 'JYP Ent.' → JYP, when no other name starts so
        for r in rows.get("stock_terms", []):
            d.add(r["term"], Candidate("stock", r["id"], r.get("name") or r["id"], r["term_kind"]))
            word = r["term"].split(" ", 1)[0]
            if r["term_kind"] == "name" and " " in r["term"] and word.isascii() and word.isalpha() and len(word) >= 3:
                firsts[word].add((r["id"], r.get("name") or r["id"]))
            stem = r["term"].removesuffix("지주")  # 메리츠금융지주 → 메리츠금융 (a holding company by its group name)
            if r["term_kind"] == "name" and stem != r["term"] and len(stem) >= 3 and norm(stem) not in d.terms:
                d.add(stem, Candidate("stock", r["id"], r.get("name") or r["id"], "alias"))
            if r["term_kind"] == "alias" and r["term"].isascii():
                for short in _english_company_names(r["term"]):
                    if norm(short) not in d.terms:
                        d.add(short, Candidate("stock", r["id"], r.get("name") or r["id"], "alias"))
        for word, found in firsts.items():
            if len(found) == 1 and norm(word) not in d.terms and norm(word) not in d.brands:
                code, stock_name = next(iter(found))
                d.add(word, Candidate("stock", code, stock_name, "alias"))
        issuers = sorted(rows.get("issuers", []), key=lambda r: -(r.get("etf_count") or 0))
        for r in issuers:
            name = r.get("name") or r["id"]
            cand = Candidate("issuer", r["id"], name, "name")
            d.add(r["id"], cand)
            d.add(name, cand)
            for short in _issuer_short_names(name):
                d.add(short, Candidate("issuer", r["id"], name, "alias"))
            for brand in r.get("brands") or []:
                d.brand_issuer[brand] = r["id"]
                for suffix in ("자산운용", "운용", " asset management"):  # BNK자산운용 → 비엔케이자산운용
                    d.add(brand + suffix, Candidate("issuer", r["id"], name, "alias"))
        for alias, fragment in ISSUER_ALIASES.items():
            match = next((r for r in issuers if fragment in (r.get("name") or r["id"])), None)
            if match:
                d.add(alias, Candidate("issuer", match["id"], match.get("name") or match["id"], "alias"))
        for brand in d.brands.values():
            d.add(brand, Candidate("brand", brand, brand, "brand"))
        for alias, brand in d.brand_aliases.items():
            if norm(brand) in d.brands:
                d.add(alias, Candidate("brand", d.brands[norm(brand)], d.brands[norm(brand)], "alias"))
        for r in rows.get("indexes", []):
            name = r.get("name") or r["id"]
            d.add(name, Candidate("index", r["id"], name, "name"))
            bare = INDEX_SUFFIX.sub("", name)  # 코리아 밸류업 지수 → 코리아 밸류업, Nifty 50 Index → Nifty 50
            if bare != name and len(norm(bare)) >= 3:
                d.add(bare, Candidate("index", r["id"], name, "alias"))
            for source, target in INDEX_NAME_VARIANTS:
                if name.lower().startswith(source):
                    d.add(target + name[len(source) :], Candidate("index", r["id"], name, "alias"))
        for r in rows.get("sectors", []):
            d.add(r.get("name") or r["id"], Candidate("sector", r["id"], r.get("name") or r["id"], "name"))
        for r in rows.get("tags", []):
            d.add(r["id"], Candidate("tag", r["id"], r.get("name") or r["id"], "name"))
            d.tags.add(r["id"])
        for english, tag in ENGLISH_TAGS.items():
            if tag in d.tags:
                d.add(english, Candidate("tag", tag, tag, "alias"))
        for bucket in d.terms.values():
            bucket.sort(
                key=lambda c: (TYPE_PRIORITY.get(c.type, 9), c.kind not in ("ticker", "code"), c.kind != "name")
            )
        d.lengths = {k: sorted(v, reverse=True) for k, v in d._prefix.items()}
        d.data_dates = _data_dates(rows.get("price_dates", []), rows.get("holdings_dates", []))
        d.kiwi = kiwi if kiwi is not None else _kiwi(d)
        d.lexicon = compile_lexicon(d.kiwi)
        d.kiwi.tokenize("워밍업 KODEX 200 삼성전자 보수")  # the model loads lazily: load it now, not on a question
        return d

    # -- lookups ----------------------------------------------------------------------------------------------
    def one_edit(self, token: str, types: tuple[str, ...] = ("etf", "stock")) -> list[Candidate]:
        """Candidates whose term is one substitution/insertion/deletion away from `token`."""
        near: set[str] = set(self._deletions.get(token, ()))
        for variant in deletions(token):
            near |= self._deletions.get(variant, set())
            if variant in self.terms:
                near.add(variant)
        found: list[tuple[int, Candidate]] = []
        for term in sorted(near):
            if term != token and within_one_edit(token, term) and _DIGITS.findall(term) == _DIGITS.findall(token):
                found.extend((edit_cost(token, term), c) for c in self.terms[term] if c.type in types)
        return [c for _cost, c in sorted(found, key=lambda x: x[0])]

    def issuer_of_brand(self, brand: str) -> str | None:
        return self.brand_issuer.get(brand)


def _kiwi(d: Dictionary) -> Any:
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    nouns = _lexicon_nouns(kiwi)  # analysed before any user word is added (adding one invalidates the model)
    seen: set[str] = set()
    for key, cands in d.terms.items():
        for c in cands:
            for word in (c.name, *([key] if c.kind == "alias" else [])):
                if " " not in word and word not in seen and not word.isascii() and len(word) >= 2:
                    seen.add(word)
                    kiwi.add_user_word(word, "NNP", 0.0)
    for phrase in nouns:
        if phrase not in seen:
            kiwi.add_user_word(phrase, "NNG", 0.0)
    for adverb in ("제일", "가장", "젤"):  # next to a user word Kiwi would split 제일 into 제 + 일
        kiwi.add_user_word(adverb, "MAG", 0.0)
    for measure in _measure_nouns(nouns):  # 시총합 → 시총 + 합, not 시 + 총합 (a high score: only this exact form)
        for agg in _AGG_SUFFIXES:
            n = len(measure)
            kiwi.add_pre_analyzed_word(measure + agg, [(measure, "NNG", 0, n), (agg, "NNG", n, n + len(agg))], 10.0)
    return kiwi


_AGG_SUFFIXES = ("합", "합계", "총합", "평균")


def _measure_nouns(nouns: list[str]) -> list[str]:
    from query_api.router import lexicon

    measures = {str(w) for words in lexicon.load()["measures"].values() for w in words}
    return [n for n in nouns if n in measures]


_NOUNISH = {"NNG", "NNP", "NNB", "XSN", "XR", "SN", "SL"}


def _lexicon_nouns(kiwi: Any) -> list[str]:
    """Noun phrases of the lexicon (비중, 인버스, 시가총액 …) as user words, so Kiwi never splits them."""
    from query_api.router import lexicon

    raw = lexicon.load()
    phrases: list[str] = []
    for section in ("measures", "stock_measures", "dims", "relations", "aggregates", "windows"):
        for words in raw[section].values():
            phrases += [str(w) for w in words]
    for item in raw["qualifiers"]:
        phrases += [str(w) for w in item["words"]]
    phrases += [str(w) for w in raw["open"] + raw["forecast"]]
    out: list[str] = []
    for phrase in dict.fromkeys(phrases):
        if " " in phrase or phrase.isascii() or len(phrase) < 2:
            continue
        if all(str(t.tag).split("-")[0] in _NOUNISH for t in kiwi.tokenize(phrase)):
            out.append(phrase)
    return out


def _data_dates(prices: list[dict[str, Any]], holdings: list[dict[str, Any]]) -> DataDates:
    p = frozenset(_as_date(r["trade_date"]) for r in prices)
    h = frozenset(_as_date(r["trade_date"]) for r in holdings)
    return DataDates(min(p, default=None), max(p, default=None), min(h, default=None), max(h, default=None), p, h)


def _as_date(value: date | str) -> date:
    """query_api.db.fetch_all gives ISO strings; psycopg rows give dates."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _english_short_name(english: str, brand: str) -> str | None:
    """'MIRAE ASSET TIGER Semiconductor TOP 10 ETF' → 'TIGER Semiconductor TOP 10'."""
    start = english.upper().find(brand.upper())
    if start < 0:
        return None
    short = english[start:].strip()
    if short.upper().endswith(" ETF"):
        short = short[:-4].strip()
    return short if len(short) > len(brand) + 1 else None


def _english_company_names(term: str) -> list[str]:
    """'KIA CORPORATION' → 'KIA'; 'SamsungElectronics' → 'Samsung Electronics' (spaces do not matter to matching)."""
    out = []
    short = term
    while (stripped := _LEGAL_FORM.sub("", short).strip()) != short:
        short = stripped
    if short != term.strip() and sum(ch.isalpha() for ch in short) >= 3:
        out.append(short)
    return out


def _issuer_short_names(name: str) -> list[str]:
    out = []
    for suffix in ("자산운용", "투자신탁운용", "투자자산운용", "운용", "에셋"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            out += [stem + "운용", stem + "자산"]
            if len(stem) >= 3:
                out.append(stem)
    return out
