"""Question text: one canonical form, its language, and the numbers and dates in it (the only regexes of the parser)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_HANGUL = re.compile(r"[\uac00-\ud7a3\u3131-\u318e]")
_SPACES = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202e\ufeff]")

DATE_RE = re.compile(
    r"(?P<y>20\d\d)\s*(?:[-./]|년\s*)(?P<m>\d{1,2})\s*(?:[-./]|월\s*)(?P<d>\d{1,2})\s*일?"
    r"|(?:(?P<y3>(?:20)?\d\d)\s*년\s*)?(?P<m3>\d{1,2})\s*월\s*(?P<d3>\d{1,2})\s*일"
    r"|(?:(?P<y2>(?:20)?\d\d)\s*년\s*)?(?P<m2>\d{1,2})\s*월(?:달)?(?![0-9])"
    r"|(?<![\d/.])(?P<m6>1[0-2]|0?[1-9])/(?P<d6>[0-3]?\d)(?![\d/])"  # 11/1에: month/day
    r"|(?P<y1>20\d\d)\s*년(?:도)?"
    # a bare year after an English preposition, or before 상장 (2024 상장): never a count or a ticker
    r"|(?:(?<=\bin )|(?<=since )|(?<=after )|(?<=before )|(?<=during )|(?<=from )|(?<=\bof ))(?P<y4>20\d\d)(?![\d%])"
    r"|(?P<y5>20\d\d)(?=\s*-?\s*(?:에\s*)?(?:상장|listed|launched))"  # 2024 상장, 2025-listed
    r"|(?<!\d)(?P<y8>1[5-9]|2\d)\s*년(?:도)?(?=\s*(?:에\s*)?(?:상장|출시|나온|나왔))"  # 23년에 상장한: a two-digit year
    r"|(?P<y7>20\d\d)(?=(?:\s*[,/·]?\s*(?:이랑|랑|와|과|하고|and)?\s*20\d\d)+\s*년)"  # 2022 2023 2024년: a run of years
    r"|\b(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)(?:uary|ruary|ch|il|e|y|ust|tember|t|ober|ember)?\b\.?"
    r"(?:\s+(?P<dd>\d{1,2})(?!\d)(?:st|nd|rd|th)?,?)?"
    r"(?:\s+(?P<yy>20\d\d))?",
    re.IGNORECASE,
)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
NUMBER_RE = re.compile(
    r"(?:(?<![A-Za-z0-9.])|(?<=top)|(?<=TOP)|(?<=Top))(?P<sign>[-+])?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*"
    r"(?P<unit>%|％|퍼센트|프로|퍼(?!스)|percent|trillion|billion|million|-?\s?(?:weeks?|months?|days?|years?)\b|조\s*\d+(?:,\d{3})*\s*억|조|천\s?억|억|만|천|개월|개사|개|군데|곳|위|등|배|원|년|주일|주|달|일|bp|x)?",
    re.IGNORECASE,
)
# Counters after a number that make it a count of things (N개, 3곳, 세 군데), and with 위 a rank too (top N).
COUNT_UNITS = ("개", "곳", "군데", "개사")
COUNTED_UNITS = (*COUNT_UNITS, "위")
CODE_RE = re.compile(r"(?<![0-9A-Za-z])([0-9][0-9A-Za-z]{5})(?![0-9A-Za-z])")
UPPER_WORD_RE = re.compile(r"(?<![A-Za-z0-9&])[A-Z]{2,5}(?![A-Za-z0-9&])")
HANGUL_WORD = re.compile(r"[가-힣]+")
# A particle or copula ending a word as written (삼성전자를, 운용역이야): what a word is said back without.
TRAILING_PARTICLE = re.compile(r"(?:이랑|에서|으로|이야|이에요|은|는|이|가|을|를|의|도|에|로|랑|와|과|야|임)$")
# A place said as an ordinal (두번째로 많이 담은, the second largest holding); 첫/first is the ordinary top one.
ORDINAL_RE = re.compile(
    r"(?:(?P<n>[2-9])\s*번\s*째|(?P<ko>두|세|네|다섯)\s*번\s*째|\b(?P<en>second|third|fourth|fifth)\b|\b(?P<th>[2-9])(?:nd|rd|th)\b)",
    re.IGNORECASE,
)
_ORDINAL_WORDS = {"두": 2, "세": 3, "네": 4, "다섯": 5, "second": 2, "third": 3, "fourth": 4, "fifth": 5}


def ordinal(text: str) -> int | None:
    m = ORDINAL_RE.search(text)
    if m is None:
        return None
    digits = m.group("n") or m.group("th")
    return int(digits) if digits else _ORDINAL_WORDS[(m.group("ko") or m.group("en")).lower()]


_RANKED_BEFORE = re.compile(r"(?:top|상위|하위)\s*$", re.IGNORECASE)
_TRILLION_EOK = re.compile(r"조\s*(\d+(?:,\d{3})*)\s*억")
_EN_TIME_UNITS = {"week": "주", "month": "개월", "day": "일", "year": "년"}
UNIT_SCALE = {"조": 1e12, "억": 1e8, "만": 1e4, "천": 1e3, "trillion": 1e12, "billion": 1e9, "million": 1e6}


@dataclass(frozen=True)
class Text:
    text: str  # NFKC, control characters removed, single spaces
    lower: str  # lower case of `text` (same length)
    lang: str  # "ko" when the question has Hangul outside the names it links (analyse.py), else "en"


@dataclass(frozen=True)
class Number:
    value: float  # scaled by 조/억/만 (KRW), otherwise as written
    unit: str  # "", "%", "조", "억", "개", "개월", "위", "배", "원", "년", "주", "달", "일", "x" ...
    start: int
    end: int


@dataclass(frozen=True)
class DateMention:
    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int

    def exact(self) -> date | None:
        if self.year and self.month and self.day:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


# Number words people type instead of digits: English cardinals, Korean native numbers before a counter (두 개).
_EN_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_EN_NUMBER_RE = re.compile(r"\b(" + "|".join(_EN_NUMBERS) + r")\b(?=[\s-]+[a-z]|\s*[?.!,]|\s*$)", re.IGNORECASE)
_KO_NUMBERS = {"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}
_KO_NUMBER_RE = re.compile(r"(?<![가-힣])(" + "|".join(_KO_NUMBERS) + r")\s?(?=(?:개|곳|군데|종목|가지)(?![가-힣]*월))")


def _digits(text: str) -> str:
    text = _EN_NUMBER_RE.sub(lambda m: str(_EN_NUMBERS[m.group(1).lower()]), text)
    return _KO_NUMBER_RE.sub(lambda m: str(_KO_NUMBERS[m.group(1)]), text)


def normalize(question: str) -> Text:
    text = unicodedata.normalize("NFKC", question)
    text = _digits(_SPACES.sub(" ", _CONTROL.sub(" ", text)).strip())
    return Text(text=text, lower=_lower(text), lang="ko" if _HANGUL.search(text) else "en")


def _lower(text: str) -> str:
    """Lower case character by character, keeping any character whose lower case is longer (İ), so positions match.
    str.lower gives the same in one call when no character grows and there is no capital sigma (its final form
    depends on the next character)."""
    lower = text.lower()
    if len(lower) == len(text) and "\u03a3" not in text:
        return lower
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def squash(text: str) -> tuple[str, list[int]]:
    """`text` without spaces, and for each kept character its index in `text`."""
    positions = [i for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(text.split()), positions  # split() cuts at exactly the characters isspace() is true of


def norm(text: str) -> str:
    """NFKC, lower case, no whitespace: the form of `term_norm` in the search marts."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text).lower())


def dates(text: str) -> list[DateMention]:
    out = []
    for m in DATE_RE.finditer(text):
        g = m.groupdict()
        year = g["y"] or g["y3"] or g["y2"] or g["y1"] or g["y4"] or g["y5"] or g["y7"] or g["y8"] or g["yy"]
        month = g["m"] or g["m3"] or g["m2"] or g["m6"]
        month = month or (str(_MONTHS.index(g["mon"].lower()) + 1) if g["mon"] else None)
        day = g["d"] or g["d3"] or g["dd"] or g["d6"]
        if year and len(year) == 2:  # 24년 10월: a two-digit year, only ever said before a month
            year = "20" + year
        if g["mon"] and g["mon"].lower() == "may" and not (g["dd"] or g["yy"]):
            continue  # 'may' the verb
        if month and not 1 <= int(month) <= 12:
            continue
        out.append(
            DateMention(
                int(year) if year else None,
                int(month) if month else None,
                int(day) if day else None,
                m.start(),
                m.end(),
            )
        )
    return out


def numbers(text: str, skip: list[tuple[int, int]]) -> list[Number]:
    """Numbers with their unit outside the `skip` spans (entity names, dates)."""
    out = []
    for m in NUMBER_RE.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in skip):
            continue
        value = float(m.group("num").replace(",", ""))
        unit = (m.group("unit") or "").lower()
        end = m.end()
        if unit == "만" and _RANKED_BEFORE.search(text[: m.start()]):  # top3만, 상위 5만: a count, then 만 (only)
            unit, end = "", m.end("num")
        if unit.startswith("조") and len(unit) > 1:
            eok = _TRILLION_EOK.match(unit)
            value = value * 1e12 + (float(eok.group(1).replace(",", "")) * 1e8 if eok else 0.0)
            unit = "조"
        elif unit.startswith("천") and unit.endswith("억"):  # 5천억: five thousand 억
            value, unit = value * 1e11, "억"
        elif unit in UNIT_SCALE:
            value *= UNIT_SCALE[unit]
        if unit in ("trillion", "billion", "million"):  # an amount of won, like 조/억
            unit = "조" if unit == "trillion" else "억"
        unit = _EN_TIME_UNITS.get(unit.lstrip("- ").rstrip("s"), unit)
        if unit in ("％", "퍼센트", "프로", "퍼", "percent"):
            unit = "%"
        if m.group("sign") == "-":
            value = -value
        out.append(Number(value, unit, m.start(), end))
    return out


_SHARED_WORDS = {
    "vs",
    "etf",
    "etfs",
    "top",
    "nav",
    "ter",
    "aum",
    "ytd",
    "krw",
    "ai",
    "per",
    "tr",
    "x",
}  # typed in Korean too


def language_outside(t: Text, spans: list[tuple[int, int]]) -> Text:
    """'what are the top 3 holdings of KODEX 반도체': Hangul only inside a name is still an English question."""
    outside = "".join(ch for i, ch in enumerate(t.text) if not any(s <= i < e for s, e in spans))
    words = [w for w in re.findall(r"[A-Za-z]+", outside) if w.lower() not in _SHARED_WORDS]
    if not words and not _HANGUL.search(outside):  # nothing but names ('삼성전자', 'A vs B'): the names' language
        return t
    lang = "ko" if _HANGUL.search(outside) else "en"
    return t if lang == t.lang else Text(t.text, t.lower, lang)
