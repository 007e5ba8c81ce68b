"""Names made into dictionary terms: the candidate a term stands for, the generic words never linked on their own,
aliases of managers and English themes, the short forms of English and managers' names, and the Kiwi analyser with
the names as user words. `dictionary.py` holds the index these feed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

INDEX_SUFFIX = re.compile(r"\s+(?:지수|index)$", re.IGNORECASE)
# When two entities match the same longest span, the more specific type wins.
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


@dataclass(frozen=True)
class Candidate:
    type: str  # etf | stock | issuer | index | sector | tag | brand
    id: str
    name: str
    kind: str  # ticker, code, name, alias, english_name, brand ...


def analyser(terms: Mapping[str, Iterable[Candidate]]) -> Any:
    """Kiwi with the names (and the Hangul aliases) as proper nouns and the lexicon's noun phrases as nouns."""
    from kiwipiepy import Kiwi

    kiwi = Kiwi()
    nouns = _lexicon_nouns(kiwi)  # analysed before any user word is added (adding one invalidates the model)
    compounds = _known_compounds(kiwi, nouns)
    seen: set[str] = set()
    for key, cands in terms.items():
        for c in cands:
            for word in (c.name, *([key] if c.kind == "alias" else [])):
                if " " not in word and word not in seen and not word.isascii() and len(word) >= 2:
                    seen.add(word)
                    kiwi.add_user_word(word, "NNP", 0.0)
    for phrase in nouns:
        if phrase not in seen:
            kiwi.add_user_word(phrase, "NNG", 0.0)
    for compound in compounds:  # 외국인 stays one word beside the user word 외국 (not 외국 + 이 + ㄴ)
        if compound not in seen:
            kiwi.add_user_word(compound, "NNG", 0.0)
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


# Noun suffixes that make a common word of a lexicon noun (외국 → 외국인, 채권 → 채권자). Kiwi's own dictionary
# decides which are words: one noun with a score no unknown word reaches (unknown compounds score below -20).
_SUFFIXES = ("인", "율", "률", "자", "계", "권", "사", "가", "금", "층")
_KNOWN_WORD_SCORE = -13.0


def _known_compounds(kiwi: Any, nouns: list[str]) -> list[str]:
    """Lexicon noun + suffix that Kiwi, before any user word, reads as one known noun: user words too, or the user
    word (외국) would split the compound the question wrote (외국인이 순매수한)."""
    out = []
    for noun in nouns:
        for suffix in _SUFFIXES:
            word = noun + suffix
            toks = kiwi.tokenize(word)
            one = len(toks) == 1 and str(toks[0].tag) == "NNG" and toks[0].form == word
            if one and toks[0].score > _KNOWN_WORD_SCORE and word not in nouns:
                out.append(word)
    return out


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


def english_short_name(english: str, brand: str) -> str | None:
    """'MIRAE ASSET TIGER Semiconductor TOP 10 ETF' → 'TIGER Semiconductor TOP 10'."""
    start = english.upper().find(brand.upper())
    if start < 0:
        return None
    short = english[start:].strip()
    if short.upper().endswith(" ETF"):
        short = short[:-4].strip()
    return short if len(short) > len(brand) + 1 else None


def english_company_names(term: str) -> list[str]:
    """'KIA CORPORATION' → 'KIA'; 'SamsungElectronics' → 'Samsung Electronics' (spaces do not matter to matching)."""
    out = []
    short = term
    while (stripped := _LEGAL_FORM.sub("", short).strip()) != short:
        short = stripped
    if short != term.strip() and sum(ch.isalpha() for ch in short) >= 3:
        out.append(short)
    return out


def issuer_short_names(name: str) -> list[str]:
    out = []
    for suffix in ("자산운용", "투자신탁운용", "투자자산운용", "운용", "에셋"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            out += [stem + "운용", stem + "자산"]
            if len(stem) >= 3:
                out.append(stem)
    return out
