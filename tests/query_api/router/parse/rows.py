"""A small dictionary in the shape the marts give (router_*.sql rows), for parser tests without a database."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any


def etf(
    ticker: str, name: str, brand: str, english: str | None = None, index: str | None = None
) -> list[dict[str, Any]]:
    named = {"id": ticker, "term": name, "term_kind": "name", "name": name, "brand": brand, "is_listed": True}
    rows: list[dict[str, Any]] = [
        {"id": ticker, "term": ticker, "term_kind": "ticker", "name": name, "brand": brand, "is_listed": True},
        {**named, "index_id": index},
    ]
    if english:
        rows.append({"id": ticker, "term": english, "term_kind": "english_name", "name": name, "brand": brand})
    return rows


def stock(code: str, name: str, *aliases: str) -> list[dict[str, Any]]:
    rows = [
        {"id": code, "term": code, "term_kind": "code", "name": name},
        {"id": code, "term": name, "term_kind": "name", "name": name},
    ]
    return rows + [{"id": code, "term": a, "term_kind": "alias", "name": name} for a in aliases]


def _weekdays(start: date, end: date) -> list[dict[str, Any]]:
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [{"trade_date": d} for d in days if d.weekday() < 5]


ROWS: dict[str, list[dict[str, Any]]] = {
    "brand_aliases": [
        {"alias": "코덱스", "brand": "KODEX"},
        {"alias": "타이거", "brand": "TIGER"},
        {"alias": "kodex", "brand": "KODEX"},
        {"alias": "tiger", "brand": "TIGER"},
    ],
    "etf_terms": [
        *etf("069500", "KODEX 200", "KODEX", "SAMSUNG KODEX200 ETF"),
        *etf("102110", "TIGER 200", "TIGER", "MIRAE ASSET TIGER 200 ETF"),
        *etf("122630", "KODEX 레버리지", "KODEX"),
        *etf("114800", "KODEX 인버스", "KODEX", "Samsung KODEX Inverse ETF"),
        *etf("133690", "TIGER 미국나스닥100", "TIGER"),
        *etf("091160", "KODEX 반도체", "KODEX", "SAMSUNG KODEX SEMICON ETF"),
        *etf("494310", "KODEX 반도체레버리지(합성)", "KODEX"),  # a full name past the one typed
        *etf("305720", "KODEX 2차전지산업", "KODEX", "Samsung KODEX Secondary Battery Industry ETF"),
        *etf("396500", "TIGER 반도체TOP10", "TIGER", "MIRAE ASSET TIGER Semiconductor TOP 10 ETF"),
        *etf("360750", "TIGER 미국S&P500", "TIGER", "MIRAE ASSET TIGER S&P500 ETF"),
        *etf("453870", "TIGER 인도니프티50", "TIGER", index="Nifty 50 Index"),  # the index written as the names do
        *etf("236350", "TIGER 인도니프티50레버리지(합성)", "TIGER", index="Nifty 50 Index"),
        *etf("0026E0", "KODEX 미국S&P500버퍼3월액티브", "KODEX"),  # siblings said once: …버퍼3월액티브, 버퍼6월액티브
        *etf("0068M0", "KODEX 미국S&P500버퍼6월액티브", "KODEX"),
        *etf("439860", "KODEX ESG종합채권(A-이상)액티브", "KODEX"),  # brackets inside the name
        *etf("414780", "TIGER 차이나과창판STAR50(합성)", "TIGER", index="STAR 50 Index(Price Return)"),
        *etf("416090", "ACE 중국과창판STAR50", "ACE", index="STAR 50 Index(Price Return)"),
        *etf("256750", "KODEX 차이나심천ChiNext(합성)", "KODEX", index="SZSE ChiNext Price Index"),
    ],
    "stock_terms": [
        *stock("005930", "삼성전자", "삼전", "SamsungElectronics"),
        *stock("000660", "SK하이닉스", "하닉", "하이닉스", "SK Hynix"),
        *stock("373220", "LG에너지솔루션", "엔솔", "LG엔솔"),
        *stock("003550", "LG"),
        *stock("034220", "LG디스플레이"),  # LG디플: the group, then syllables of the rest
        *stock("005380", "현대차", "HyundaiMotor", "현차"),
        *stock("000270", "기아", "KIA CORPORATION"),
        *stock("035720", "카카오", "Kakao"),
        *stock("090430", "아모레퍼시픽"),
        *stock("002790", "아모레퍼시픽홀딩스"),
        *stock("047050", "포스코인터내셔널"),
        *stock("009150", "삼성전기"),
        *stock("017800", "현대엘리베이터"),
        *stock("000720", "현대건설"),
        *stock("012330", "현대모비스"),
        *stock("042700", "한미반도체"),
        *stock("198080", "엔피디", "CAP"),
        *stock("086520", "에코프로"),
        *stock("247540", "에코프로비엠"),
        *stock("160550", "NEW"),  # a stock named like an English word
        *stock("035900", "JYP Ent."),
        *stock("138040", "메리츠금융지주"),
    ],
    "issuers": [
        {"id": "삼성자산운용", "name": "삼성자산운용", "brands": ["KODEX"], "etf_count": 200},
        {"id": "미래에셋자산운용", "name": "미래에셋자산운용", "brands": ["TIGER"], "etf_count": 190},
        {"id": "한국투자신탁운용", "name": "한국투자신탁운용", "brands": ["ACE"], "etf_count": 100},
        {"id": "신한자산운용", "name": "신한자산운용", "brands": ["SOL"], "etf_count": 70},
        {
            "id": "마이다스에셋",
            "name": "마이다스에셋",
            "brands": ["마이다스"],
            "etf_count": 3,
        },  # named without 자산운용
    ],
    "indexes": [
        {"id": "코스피 200", "name": "코스피 200"},
        {"id": "S&P 500", "name": "S&P 500"},
        {"id": "Nifty 50 Index", "name": "Nifty 50 Index"},
        {"id": "STAR 50 Index(Price Return)", "name": "STAR 50 Index(Price Return)"},
        {"id": "SZSE ChiNext Price Index", "name": "SZSE ChiNext Price Index"},
    ],
    "sectors": [{"id": "반도체 제조업", "name": "반도체 제조업"}],
    "tags": [{"id": t, "name": t} for t in ("반도체", "2차전지", "배당", "레버리지", "인버스", "채권", "금")],
    "price_dates": _weekdays(date(2024, 10, 8), date(2024, 11, 6)) + _weekdays(date(2025, 10, 29), date(2025, 12, 30)),
    "holdings_dates": _weekdays(date(2024, 5, 2), date(2024, 11, 6)),
}
