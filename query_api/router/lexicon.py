# ruff: noqa: E501  -- regex alternations are word lists; one line per concept keeps them greppable
"""Words that carry meaning for routing, in Korean and English: attributes, conditions, cues per intent.

Patterns are regular expressions over the lower-cased question; entity names are masked before the cues are read,
so words inside an ETF's name (e.g. 레버리지 in "KODEX 레버리지") are not taken as conditions.
"""

from __future__ import annotations

import re

# Attributes of an ETF (answered from marts.dim_etf / fct_etf_prices / fct_etf_holdings).
ATTRIBUTES: dict[str, str] = {
    "fee": r"보수|수수료|비용|총보수|운용보수|ter\b|\bfees?\b|expense|싼|싸|저렴|비싼|비싸|cheap|charge",
    "aum": r"순자산|시가총액|시총|규모|\baum\b|market ?cap|net assets|\bsize\b|\blargest\b|\bbiggest\b|덩치|크기",
    "price": r"가격|종가|주가|\bprice\b|\bclose\b|closing|how much is",
    "nav": r"\bnav\b|순자산가치|기준가",
    "volume": r"거래량|거래대금|\bvolume\b|traded value|\bturnover\b|많이 거래|거래가 많|거래 많|활발",
    "change": r"등락|등락률|변동률|daily change|하루 변동|전일 대비|전일대비",
    "return": r"수익률|상승률|\breturns?\b|performance|올랐|오른|성과",
    "index": r"기초지수|추종 ?지수|벤치마크|\bbenchmark\b|\bindex\b|어떤 지수|무슨 지수|지수는|지수가",
    "issuer": r"운용사|자산운용사|운용하는 ?곳|어디서 운용|누가 운용|어느 회사|어디 회사|issuer|manager|managed by|who (runs|manages)|운용 회사|회사는",
    "listing_date": r"상장일|언제 상장|상장된 날|상장 날짜|listing date|when .*listed|listed on",
    "holdings": r"어떤 종목|무슨 종목|종목을? 담|종목들? 뭐|담고 있어|뭘 담고|뭐 담고|구성종목|보유종목|보유 종목|구성 종목|편입종목|편입 종목|담고 있는|담고있는|뭘 담|무엇을 담|뭐 담|뭐가 들어|뭐 들어|holdings|holds what|top holdings|constituents|what does .* hold|상위 종목|종목 구성|들어있는 종목|담긴 종목",
    "holdings_count": r"종목 ?수|몇 ?종목|몇 ?개 ?종목|종목이 몇|number of holdings|how many (holdings|stocks|constituents)",
    "leverage": r"몇 ?배|배수|추적배수|leverage factor|tracking multiple",
    "replication": r"복제|실물|합성|replication|synthetic|physical",
    "tax": r"과세|세금|\btax",
    "sector": r"업종|섹터|산업|\bsectors?\b|industry",
    "weight": r"비중|비율|weight|얼마나 담|얼마나 들어|몇 ?%|몇 ?퍼센트",
    "market": r"상장 ?시장|시장 구분|어느 시장|코스피|코스닥|kospi|kosdaq|which market|유가증권",
    "units": r"상장좌수|상장 ?주식수|listed units|cu ?수량|\bcu\b",
    "isin": r"\bisin\b|표준코드|종목코드|ticker",
    "english_name": r"영문 ?명|영어 ?이름|english name",
}

# "얼마" (how much) asks for the price only when nothing more specific is asked.
WEAK_PRICE = r"얼마|지금 ?몇|현재가"

# Conditions for FILTER / AGGREGATION.
CONDITIONS: dict[str, str] = {
    "leveraged": r"레버리지|leveraged|\b2x\b|2배",
    "inverse": r"인버스|inverse|곱버스|\bshort\b",
    "active": r"액티브|active",
    "passive": r"패시브|passive",
    "synthetic": r"합성|synthetic",
    "physical": r"실물|physical",
    "foreign": r"해외|foreign|overseas|global|글로벌",
    "domestic": r"국내|domestic|korean (stocks|equity)",
    "equity": r"주식형|주식 ?etf|equity",
    "bond": r"채권|bond",
    "commodity": r"원자재|commodit|금 ?etf|\bgold\b",
    "delisted": r"상장폐지|상폐|delisted",
}

# Sort words: metric direction.
ASCENDING = r"낮은|낮게|저렴|싼|싸|적은|작은|최저|lowest|cheapest|cheaper|smallest|least|fewest|\blow\b"
DESCENDING = r"높은|높게|비싼|많은|많이|큰|최고|최대|가장 큰|highest|largest|biggest|most|\btop\b|상위|\bhigh\b"

CUES: dict[str, str] = {
    "negative_topic": (
        r"비트코인|bitcoin|이더리움|ethereum|가상화폐|가상자산|암호화폐|코인|crypto|\bbtc\b|\beth\b|"
        r"배당수익률|분배금|분배율|dividend yield|distribution yield|"
        r"내일|다음 ?주|다음 ?달|내년|미래(?!에셋)|예측|전망|예상|forecast|predict|tomorrow|next (week|month|year)|"
        r"실시간|real[- ]?time|지금 ?당장|호가|"
        r"목표가|목표 ?주가|target price|오를까|떨어질까|오를지|떨어질지|will .* (rise|fall|go up|go down)|worth next|"
        r"주주총회|\bceo\b|대표이사|직원 ?수|\bpbr\b|\beps\b|재무제표|영업이익|매출액|"
        r"날씨|weather|점심|저녁 ?메뉴|맛집|로또|"
        r"환율|금리 ?전망|부동산 ?가격|펀드매니저|매니저 ?이름|"
        r"미국 주식 .*직접|애플|apple|테슬라|tesla|엔비디아|nvidia|마이크로소프트|microsoft|아마존|amazon"
    ),
    "open": (
        r"설명해|설명 ?좀|어때|어떰|어떤가요|어떤지|위험|리스크|\brisks?\b|risky|특징|장단점|분석해|"
        r"괜찮|투자해도|투자할 ?만|평가해|요약해|summar|explain|tell me about|what do you think|pros and cons|"
        r"뭐하는|성격|개요|overview|good etf|good investment|worth (buying|it)|should i|어떻게 생각|생각해|의견|"
        r"사도 ?(돼|됨|될|되)|들어가도|몰빵|쏠린|쏠려|치우친|추천|recommend|뭐 ?사야|뭘 ?사야|뭐부터|사면 좋|"
        r"어떤 ?(게|거|걸) ?좋|좋아\?|좋을까|피하고|어떡해|어떻게 해야|해도 될까|괜찮을까|처음인데|입문|초보|사면 ?(돼|됨|될)"
    ),
    "compare": (
        r"비교|\bvs\.?\b|versus|대비|차이|다른 ?점|어느 ?(게|것|쪽|etf)|어떤 ?게|뭐가 더|무엇이 더|누가 더|"
        r"더 (낮|높|싸|비싸|크|많|적|작|좋)|compare|comparison|difference|which (is|one|has)|"
        r"겹치|겹쳐|중복|공통|overlap|in common|둘 ?중|둘 ?다 비교|랑 .* 중|와 .* 중|과 .* 중"
    ),
    "aggregate": (
        r"몇 ?개|몇개|개수|갯수|숫자|몇 ?곳|how many|count|number of|평균|average|\bmean\b|합계|총합|합산|총 ?(규모|순자산|시가총액)|"
        r"\btotal\b|\bsum\b|별로|별 |by issuer|per issuer|per asset|순위|랭킹|ranking|rank|상위 ?\d|top ?\d|하위 ?\d|bottom ?\d|"
        r"합치|다 합|(?<!시가)총액|몇 ?건|건수|"
        r"가장 많이 (담|편입|보유)된|가장 많은 etf|최다|most (common|widely|held)|제일 많이 (담|편입)된|분포|통계|중앙값|median|"
        r"최대값|최솟값|최소값|최댓값|비율이 .*몇"
    ),
    "relation": (
        r"담은|담고 있는|담긴|담았|들고 ?있는|들고있|들어있|보유한|보유하고|보유 중|보유중|편입한|편입된|편입하고|들어간|들어있는|포함한|포함된|"
        r"hold(s|ing)?\b|contain|include|비슷한|유사한|닮은|similar|like \w+|추종하는|추종 ?etf|tracking|track(s|ing)? the|"
        r"운용하는|운용 중|운용중|굴리는|managed by|run by|내놓은|출시한|속한|소속|belong|따라가는|추종"
    ),
    "filter": (
        r"목록|리스트|list|뭐 ?있|뭐가 ?있|무엇이 ?있|어떤 게 있|종류|찾아|골라|보여줘|알려줘|show me|find|which etfs|"
        r"이하|이상|미만|초과|넘는|under|below|over|above|at least|at most|less than|more than|이후|이전|after|before|"
        r"중에서|중 "
    ),
    "same_sector": r"같은 ?업종|같은 ?섹터|동종|same (sector|industry)|같은 ?산업",
    "top_holding": r"1위 ?종목|1등 ?종목|비중 ?1위|비중 ?1등|최대 ?종목|가장 큰 ?종목|top holding|largest holding",
    "multi_hop": (
        r"(담은|보유한|편입한|포함한|들어간|추종하는|운용하는|비슷한|유사한).{0,12}(etf|상품|것|거|애).{0,10}"
        r"(운용사|보수|수수료|시가총액|시총|순자산|규모|가격|종가|거래량|기초지수|지수|업종|섹터|상장일|비중|구성종목|보유종목|1위|최대 ?종목)|"
        r"(둘 ?다|모두|동시에|함께|같이|both|all of).{0,10}(담은|보유|편입|포함|hold|contain)|"
        r"(1위|1등|최대|가장 큰|가장 많이 담은|비중이 가장 높은|top) ?종목.{0,15}(담은|보유|편입|들고|다른 etf)|"
        r"(which|what).*(etfs?) (that|which) (hold|contain|track).*(fee|issuer|manager|aum|size|cheapest|largest)"
    ),
}


def _later(pattern: str, flags: int = 0) -> str:
    return pattern  # compiled with ascii_re at the end of the module


COUNT_RE = _later(r"몇 ?개|개수|갯수|how many|number of|몇 ?건|건수|몇 ?곳|\bcount\b|몇 ?종목|종목 ?수", re.I)
SUM_RE = _later(r"합계|합치|다 합|총합|합산|(?<!시가)총액|\bsum\b|\btotal\b|전부 합|모두 합|비중 ?합|합이", re.I)
AVG_RE = _later(r"평균|average|\bmean\b", re.I)
GROUP_RE = _later(r"별로|별 |별$|별\?|per (issuer|asset|manager)|by (issuer|manager|asset class|sector)|마다|씩", re.I)
MOST_HELD_RE = _later(
    r"가장 많이 (담|편입|보유|들어)|가장 많은 ?etf|most (held|widely|common|popular) (stock|holding)|최다 ?편입|"
    r"제일 많이 (담긴|편입된|들어간)|인기 ?종목|가장 많이 들어간 종목|여러 ?etf에 (가장|제일)",
    re.I,
)
RANK_RE = _later(r"순위|랭킹|ranking|\brank|상위 ?\d|하위 ?\d|top ?\d|bottom ?\d", re.I)
STOCK_PRICE_RE = _later(r"주가|주식 ?가격|가격|종가|얼마|share price|stock price", re.I)
# Tags that users mean as ETF conditions (레버리지 ETF): kept as conditions, not linked as tags.
CONDITION_TAGS = {"레버리지", "인버스", "액티브", "채권", "원자재"}
# English theme words → the tag they name (tags are Korean in the marts): "semiconductor ETFs", "EV battery".
ENGLISH_TAGS = {
    "semiconductor": "반도체",
    "semiconductors": "반도체",
    "secondary battery": "2차전지",
    "secondary batteries": "2차전지",
    "ev battery": "2차전지",
    "battery": "2차전지",
    "batteries": "2차전지",
    "automobile": "자동차",
    "automobiles": "자동차",
    "automotive": "자동차",
    "biotech": "바이오",
    "bio": "바이오",
    "robot": "로봇",
    "robots": "로봇",
    "robotics": "로봇",
    "defense": "방산",
    "defence": "방산",
    "shipbuilding": "조선",
    "nuclear": "원자력",
    "reit": "리츠",
    "reits": "리츠",
    "gaming": "게임",
    "cosmetics": "화장품",
    "covered call": "커버드콜",
    "value-up": "밸류업",
    "value up": "밸류업",
    "renewable energy": "신재생에너지",
    "emerging markets": "신흥국",
    "developed markets": "선진국",
    "china": "중국",
    "japan": "일본",
    "india": "인도",
    "vietnam": "베트남",
    "europe": "유럽",
    "money market": "머니마켓",
}
# Issuer nicknames → a fragment of the issuer's name (resolved against marts.dim_issuer at load time).
ISSUER_ALIASES = {
    "kb": "케이비",
    "kb운용": "케이비",
    "kb자산운용": "케이비",
    "케이비": "케이비",
    "한투": "한국투자신탁",
    "한국투자": "한국투자신탁",
    "한국투자운용": "한국투자신탁",
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
    "mirae asset": "미래에셋",
    "samsung": "삼성자산운용",
    "samsung asset": "삼성자산운용",
    "shinhan": "신한",
    "hanwha": "한화",
    "kiwoom": "키움",
    "korea investment": "한국투자신탁",
}
# Upper-case words that are not tickers of foreign ETFs.
KNOWN_ACRONYMS = {
    "ETF",
    "ETFS",
    "TOP",
    "AI",
    "US",
    "USA",
    "KRX",
    "NAV",
    "AUM",
    "TER",
    "ISIN",
    "CU",
    "ESG",
    "TR",
    "TDF",
    "TRF",
    "REITS",
    "KOSPI",
    "KOSDAQ",
    "MSCI",
    "FN",
    "KRW",
    "USD",
    "PDF",
    "CEO",
    "PER",
    "PBR",
    "EPS",
    "HBM",
    "IT",
    "SK",
    "LG",
    "KT",
    "CJ",
    "GS",
    "LS",
    "HD",
    "S&P",
    "SP",
    "K",
    "OK",
    "VS",
    "UN",
    "EU",
    "EM",
    "IPO",
    "M&A",
    "BTC",
    "ETH",
}

UNIT_WORDS = {"조": 10**12, "억": 10**8, "만": 10**4, "천": 10**3}

# Words that never name an entity on their own (kept out of fuzzy matching).
STOPWORDS = {
    "etf",
    "etfs",
    "펀드",
    "상품",
    "종목",
    "주식",
    "알려줘",
    "알려",
    "주세요",
    "해줘",
    "뭐야",
    "뭐",
    "무엇",
    "어떤",
    "어디",
    "what",
    "which",
    "the",
    "is",
    "are",
    "of",
    "and",
    "or",
    "for",
    "in",
    "a",
    "an",
    "me",
    "tell",
    "show",
    "how",
    "many",
    "much",
    "does",
    "do",
    "with",
    "by",
    "to",
    "its",
    "it",
    "this",
    "that",
    "there",
    "any",
    "please",
    "list",
    "from",
    "가장",
    "제일",
    "얼마",
    "몇",
    "개",
    "중",
    "중에",
    "중에서",
    "비교",
    "그리고",
    "또",
    "좀",
    "요",
    "은",
    "는",
    "이",
    "가",
}


# Python's \b treats Hangul as word characters, so "nav가" has no boundary after "nav"; our boundaries are ASCII.
ASCII_BOUNDARY = r"(?:(?<![A-Za-z0-9])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?![A-Za-z0-9]))"


def ascii_re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern.replace(r"\b", ASCII_BOUNDARY), re.IGNORECASE)


# Everyday words seen next to "ETF" that name nothing (so "<word> ETF" is not taken for an unknown product).
STOPWORDS |= set(
    [
        "신규",
        "새로운",
        "새",
        "인기",
        "인기있는",
        "좋은",
        "괜찮은",
        "모든",
        "전체",
        "전부",
        "상장",
        "상장된",
        "무슨",
        "다른",
        "요즘",
        "최근",
        "대표",
        "대표적인",
        "유명한",
        "국내",
        "한국",
        "관련",
        "테마",
        "종류",
        "투자",
        "투자하는",
        "해외투자",
        "korean",
        "good",
        "best",
        "all",
        "new",
        "popular",
        "listed",
        "some",
        "cheap",
        "big",
        "large",
        "top",
        "these",
        "those",
        "other",
        "similar",
        "investing",
    ]
)
STOPWORDS |= set(["어제", "오늘", "올해", "작년", "지금", "현재", "today", "yesterday"])  # times: never a name


def compile_map(patterns: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {key: ascii_re(pattern) for key, pattern in patterns.items()}


ATTRIBUTE_RES = compile_map(ATTRIBUTES)
COUNT_RE, SUM_RE, AVG_RE, GROUP_RE, MOST_HELD_RE, RANK_RE, STOCK_PRICE_RE = (  # type: ignore[assignment]
    ascii_re(p) for p in (COUNT_RE, SUM_RE, AVG_RE, GROUP_RE, MOST_HELD_RE, RANK_RE, STOCK_PRICE_RE)
)
CONDITION_RES = compile_map(CONDITIONS)
CUE_RES = compile_map(CUES)
WEAK_PRICE_RE = ascii_re(WEAK_PRICE)
ASCENDING_RE = ascii_re(ASCENDING)
DESCENDING_RE = ascii_re(DESCENDING)
