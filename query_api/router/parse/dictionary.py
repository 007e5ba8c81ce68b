"""The parser's dictionary: an index of the entity names and aliases of the marts (longest-match windows, one-edit
variants, prefixes), the Kiwi analyser with those names as user words, the compiled lexicon, and the dates the data
holds. Built once at start-up (`load_dictionary`), or from rows in tests; which rows make which terms is in
`names.py`."""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from query_api.router.parse.names import (
    AMBIGUOUS_NAMES,
    CONDITION_TAGS,
    ENGLISH_TAGS,
    INDEX_NAME_VARIANTS,
    INDEX_SUFFIX,
    ISSUER_ALIASES,
    TYPE_PRIORITY,
    Candidate,
    analyser,
    english_company_names,
    english_short_name,
    issuer_short_names,
)
from query_api.router.parse.text import norm
from query_api.router.parse.typos import deletions, edit_cost, within_one_edit
from query_api.router.parse.words import Lexicon, compile_lexicon

__all__ = [
    "AMBIGUOUS_NAMES",
    "CONDITION_TAGS",
    "ENGLISH_TAGS",
    "INDEX_NAME_VARIANTS",
    "INDEX_SUFFIX",
    "ISSUER_ALIASES",
    "TYPE_PRIORITY",
    "Candidate",
    "DataDates",
    "Dictionary",
]

_DIGITS = re.compile(r"\d+")  # numbers in a name are its identity (나스닥100 vs 나스닥300), never a typo
_NONE: frozenset[str] = frozenset()
PRICE_GAP_DAYS = 10  # the longest break in the quotes that is still one run (Chuseok, New Year)
WINDOW = 4  # terms this long or longer are found by their first WINDOW characters (`Dictionary.spans`)


@dataclass(frozen=True)
class DataDates:
    first_price: date | None = None
    last_price: date | None = None
    first_holdings: date | None = None
    last_holdings: date | None = None
    price_dates: frozenset[date] = frozenset()
    holdings_dates: frozenset[date] = frozenset()

    @cached_property  # read per question (dates, windows): computed once per loaded dictionary
    def price_spans(self) -> list[tuple[date, date]]:
        """The runs of quotes (a gap longer than a holiday week splits them: 2024-10-08..2024-11-06, 2025-10-29..)."""
        spans: list[tuple[date, date]] = []
        for day in sorted(self.price_dates):
            if spans and (day - spans[-1][1]).days <= PRICE_GAP_DAYS:
                spans[-1] = (spans[-1][0], day)
            else:
                spans.append((day, day))
        return spans

    def priced(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.price_spans)


@dataclass
class Dictionary:
    terms: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    # the first two characters of the terms of two or more; the first WINDOW characters of the terms at least that
    # long → their lengths, longest first (link.py)
    heads: frozenset[str] = frozenset()
    spans: dict[str, tuple[int, ...]] = field(default_factory=dict)
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
    _windows: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _sorted_terms: list[str] = field(default_factory=list)  # every term in order, for prefix lookups (bisect)
    _listed_text: tuple[str, list[int], list[str | None]] = ("", [], [])  # the listed names joined, for find()
    _brand_rests: dict[str, tuple[list[str], list[tuple[str, str, str]]]] = field(default_factory=dict)

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
            if len(key) >= WINDOW:
                self._windows[key[:WINDOW]].add(len(key))
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
            b = norm(brand)
            unbracketed = _unbracketed(r["term"]) if r["term_kind"] == "name" else r["term"]
            if unbracketed != r["term"]:  # ESG종합채권(A-이상)액티브 written ESG종합채권 A-이상 액티브
                d.add(unbracketed, Candidate("etf", r["id"], name, "alias"))
            for key in dict.fromkeys((norm(r["term"]), norm(unbracketed))):
                if not (key.startswith(b) and len(key) > len(b) and r["term_kind"] in ("name", "alias")):
                    continue
                for alias in aliases_of.get(b, ()):
                    d.add(alias + key[len(b) :], Candidate("etf", r["id"], name, "alias"))
                if r["term_kind"] == "name" and r.get("is_listed", True) and key == norm(r["term"]):
                    d.brand_etfs[b].append((key[len(b) :], r["id"], name))
            if r["term_kind"] == "english_name":
                short = english_short_name(r["term"], brand)
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
                for short in english_company_names(r["term"]):
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
            for short in issuer_short_names(name):
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
        d.heads = frozenset(k[:2] for k in d.terms if len(k) >= 2)
        d.spans = {k: tuple(sorted(v, reverse=True)) for k, v in d._windows.items()}
        for b, etfs in d.brand_etfs.items():  # by name, ties in the order the rows came (what a scan would meet first)
            ordered = [etfs[j] for j in sorted(range(len(etfs)), key=lambda j: (etfs[j][0], j))]
            d._brand_rests[b] = ([e[0] for e in ordered], ordered)
        d.data_dates = _data_dates(rows.get("price_dates", []), rows.get("holdings_dates", []))
        d.kiwi = kiwi if kiwi is not None else analyser(d.terms)
        d.lexicon = compile_lexicon(d.kiwi)
        d.kiwi.tokenize("워밍업 KODEX 200 삼성전자 보수")  # the model loads lazily: load it now, not on a question
        return d

    # -- lookups ----------------------------------------------------------------------------------------------
    def one_edit(self, token: str, types: tuple[str, ...] = ("etf", "stock")) -> list[Candidate]:
        """Candidates whose term is one substitution/insertion/deletion away from `token`."""
        near: set[str] = set(self._deletions.get(token, ()))
        for variant in deletions(token):
            near |= self._deletions.get(variant, _NONE)
            if variant in self.terms:
                near.add(variant)
        found: list[tuple[int, Candidate]] = []
        for term in sorted(near):
            if term != token and within_one_edit(token, term) and _DIGITS.findall(term) == _DIGITS.findall(token):
                found.extend((edit_cost(token, term), c) for c in self.terms[term] if c.type in types)
        return [c for _cost, c in sorted(found, key=lambda x: x[0])]

    def listed_indexes_containing(self, piece: str) -> list[str | None]:
        """The index ids (None for none) of the listed ETFs whose normalised name contains `piece`, one per ETF name
        in `listed_names` order: `str.find` over the names joined once, instead of `in` against each name."""
        text, starts, indexes = self._listed_text
        if len(starts) != len(self.listed_names):
            names = list(self.listed_names)
            starts = [0]
            for name in names[:-1]:
                starts.append(starts[-1] + len(name) + 1)
            text = "\0".join(names)
            indexes = list(self.listed_names.values())
            self._listed_text = (text, starts, indexes)
        if not piece or "\0" in piece:
            return [index for name, index in self.listed_names.items() if piece in name]
        found: list[int] = []
        at = text.find(piece)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            if not found or found[-1] != i:
                found.append(i)
            at = text.find(piece, starts[i + 1] if i + 1 < len(starts) else len(text))  # the next name on
        return [indexes[i] for i in found]

    def terms_starting(self, prefix: str) -> list[str]:
        """The terms that start with `prefix` (itself included), in sorted order: a bisect over the terms sorted once
        (again after terms were added), instead of a `startswith` over every term."""
        keys = self._sorted_terms
        if len(keys) != len(self.terms):
            keys = self._sorted_terms = sorted(self.terms)
        return [keys[i] for i in _starting(keys, prefix)]

    def brand_etfs_starting(self, brand: str, prefix: str) -> list[tuple[str, str, str]]:
        """`brand_etfs[brand]` entries whose rest of the name starts with `prefix`, by name (ties in row order)."""
        rests, etfs = self._brand_rests.get(brand) or ([], [])
        return [etfs[i] for i in _starting(rests, prefix)]

    def issuer_of_brand(self, brand: str) -> str | None:
        return self.brand_issuer.get(brand)


def _unbracketed(name: str) -> str:
    """The name without brackets inside it (a trailing (H) or (합성) stays: the linker reads those as endings)."""
    core, tail = (name[: name.rindex("(")], name[name.rindex("(") :]) if name.endswith(")") else (name, "")
    return core.replace("(", " ").replace(")", " ").strip() + tail


def _starting(keys: list[str], prefix: str) -> range:
    """The positions of the sorted `keys` that start with `prefix`: one run found by bisection."""
    first = bisect_left(keys, prefix)
    last = bisect_left(keys, prefix + "\U0010ffff", first) if prefix else len(keys)
    return range(first, last)


def _data_dates(prices: list[dict[str, Any]], holdings: list[dict[str, Any]]) -> DataDates:
    p = frozenset(_as_date(r["trade_date"]) for r in prices)
    h = frozenset(_as_date(r["trade_date"]) for r in holdings)
    return DataDates(min(p, default=None), max(p, default=None), min(h, default=None), max(h, default=None), p, h)


def _as_date(value: date | str) -> date:
    """query_api.db.fetch_all gives ISO strings; psycopg rows give dates."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
