"""A small entity dictionary in the shape the marts give, for tests that need no database."""

from __future__ import annotations

from query_api.router.entities import EntityDictionary


def etf(ticker: str, name: str, brand: str, english: str | None = None) -> list[dict[str, object]]:
    rows = [
        {"id": ticker, "term": ticker, "term_kind": "ticker", "name": name, "brand": brand, "is_listed": True},
        {"id": ticker, "term": name, "term_kind": "name", "name": name, "brand": brand, "is_listed": True},
    ]
    if english:
        rows.append({"id": ticker, "term": english, "term_kind": "english_name", "name": name, "brand": brand})
    return rows


def stock(code: str, name: str, *aliases: str) -> list[dict[str, object]]:
    rows = [
        {"id": code, "term": code, "term_kind": "code", "name": name},
        {"id": code, "term": name, "term_kind": "name", "name": name},
    ]
    rows += [{"id": code, "term": a, "term_kind": "alias", "name": name} for a in aliases]
    return rows


def dictionary() -> EntityDictionary:
    return EntityDictionary.from_rows(
        {
            "brand_aliases": [{"alias": "코덱스", "brand": "KODEX"}, {"alias": "타이거", "brand": "TIGER"}],
            "etf_terms": [
                *etf("069500", "KODEX 200", "KODEX", "SAMSUNG KODEX200 ETF"),
                *etf("102110", "TIGER 200", "TIGER", "MIRAE ASSET TIGER 200 ETF"),
                *etf("122630", "KODEX 레버리지", "KODEX"),
                *etf("114800", "KODEX 인버스", "KODEX", "Samsung KODEX Inverse ETF"),
                *etf("133690", "TIGER 미국나스닥100", "TIGER"),
                *etf("418660", "TIGER 미국나스닥100레버리지(합성)", "TIGER"),
                *etf("091160", "KODEX 반도체", "KODEX", "SAMSUNG KODEX SEMICON ETF"),
                *etf("091170", "KODEX 은행", "KODEX", "SAMSUNG KODEX BANKs ETF"),
                *etf("305720", "KODEX 2차전지산업", "KODEX", "Samsung KODEX Secondary Battery Industry ETF"),
                *etf("396500", "TIGER 반도체TOP10", "TIGER", "MIRAE ASSET TIGER Semiconductor TOP 10 ETF"),
                *etf("360750", "TIGER 미국S&P500", "TIGER", "MIRAE ASSET TIGER S&P500 ETF"),
            ],
            "stock_terms": [
                *stock("005930", "삼성전자", "삼전"),
                *stock("000660", "SK하이닉스", "하닉", "하이닉스"),
                *stock("030200", "KT"),
                *stock("001680", "대상"),
                *stock("000270", "기아", "KIA CORPORATION", "기아차"),
                *stock("005380", "현대차", "HyundaiMotor", "현차"),
                *stock("001040", "CJ", "CJ Corp."),
                *stock("000990", "DB하이텍", "DB HiTek Co.,LTD"),
            ],
            "issuers": [
                {"id": "삼성자산운용", "name": "삼성자산운용", "brands": ["KODEX"], "etf_count": 200},
                {"id": "미래에셋자산운용", "name": "미래에셋자산운용", "brands": ["TIGER"], "etf_count": 190},
            ],
            "indexes": [{"id": "코스피 200", "name": "코스피 200"}],
            "sectors": [{"id": "반도체 제조업", "name": "반도체 제조업"}],
            "tags": [
                {"id": "반도체", "name": "반도체"},
                {"id": "레버리지", "name": "레버리지"},
                {"id": "배당", "name": "배당"},
            ],
        }
    )
