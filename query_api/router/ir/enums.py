"""The closed sets of the query IR: every one a StrEnum defined once (parser, compiler, renderer, few-shot, LLM schema
and evaluation share them)."""

from __future__ import annotations

from enum import StrEnum


# -- closed sets ------------------------------------------------------------------------------------------------
class Measure(StrEnum):
    """A figure or fact of an ETF (registry: compile/measures.py; words: lexicon). Units are the registry's."""

    FEE = "fee"  # dim_etf.total_fee_pct (KRX 총보수, % p.a.)
    TER = "ter"  # dim_etf.ter_pct (KOFIA 총비용비율)
    NAV = "nav"
    CLOSE = "close"
    OPEN = "open"
    HIGH = "high"
    LOW = "low"
    HIGHEST_CLOSE = "highest_close"  # over a period: its highest close (without one: the close)
    LOWEST_CLOSE = "lowest_close"
    CHANGE_PCT = "change_pct"  # that day's 등락률
    MARKET_CAP = "market_cap"
    VOLUME = "volume"
    TRADED_VALUE = "traded_value"
    LISTED_UNITS = "listed_units"
    PREMIUM = "premium"  # 괴리율: (close - NAV) / NAV, %
    RETURN = "return"  # close-to-close over the time scope's window or period, %
    LISTING_DATE = "listing_date"
    ISSUER = "issuer"
    INDEX = "index"
    INDEX_PROVIDER = "index_provider"
    MULTIPLE = "multiple"  # leverage factor (2, -1, -2 ...)
    REPLICATION = "replication"  # 실물/합성
    ASSET_CLASS = "asset_class"
    MARKET = "market"  # 국내/해외
    TAX_TYPE = "tax_type"
    ENGLISH_NAME = "english_name"
    HOLDING_COUNT = "holding_count"  # number of non-cash constituents on the holdings date


class Dim(StrEnum):
    """A group-by dimension over ETFs."""

    ISSUER = "issuer"
    BRAND = "brand"
    INDEX = "index"
    ASSET_CLASS = "asset_class"
    MARKET = "market"
    REPLICATION = "replication"
    MULTIPLE = "multiple"
    ACTIVE = "active"
    LISTING_YEAR = "listing_year"
    TAX_TYPE = "tax_type"


class Agg(StrEnum):
    COUNT = "count"
    AVG = "avg"
    SUM = "sum"
    MIN = "min"
    MAX = "max"
    MEDIAN = "median"


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"  # 미만
    LE = "le"  # 이하
    GT = "gt"  # 초과, 넘는
    GE = "ge"  # 이상


class Window(StrEnum):
    """A relative period, resolved against the latest date the data holds."""

    DAY_1 = "1d"
    WEEK_1 = "1w"
    MONTH_1 = "1m"
    MONTH_3 = "3m"
    MONTH_6 = "6m"
    YEAR_1 = "1y"
    YTD = "ytd"
    ALL = "all"  # since the first loaded quote


class ChangeKind(StrEnum):
    """As in marts.fct_holding_changes.change_kind. 'bought' = added ∪ increased, 'sold' = removed ∪ decreased."""

    ADDED = "added"
    REMOVED = "removed"
    INCREASED = "increased"
    DECREASED = "decreased"


class NotHeldKind(StrEnum):
    ATTRIBUTE = "attribute"  # a figure the data does not hold (PER, dividend yield, custodian …)
    ENTITY = "entity"  # a product or company the data does not hold
    PERIOD = "period"  # dates outside the loaded data, or the future
    DATASET = "dataset"  # a kind of data not collected (news, flows, analyst ratings …)
    FORECAST = "forecast"  # a prediction


class EntityType(StrEnum):
    """What a mention in the question links to (the response's `entities[].type`)."""

    ETF = "etf"
    STOCK = "stock"
    ISSUER = "issuer"
    INDEX = "index"
    SECTOR = "sector"
    TAG = "tag"
