"""The query IR: what a question asks, typed — the one language between the parser, the compiler and the renderer.

A question parses into one `Query` (a tagged union of node kinds below). Nodes compose: an ETF set is all ETFs
narrowed by constraints; an entity reference is either named (a ticker, a stock code) or the result of another node
(a chain: "the top holding of X", "the cheapest ETF of S", "the ETF most similar to X"). Every closed set is a
StrEnum defined here once; few-shot examples, the optional LLM (which emits this IR as JSON, schema from these
Structs) and the evaluation share them. The intent label is derived from a node's shape (`intent_of`), never set.

Values (tickers, codes, numbers, dates) live in the IR and reach SQL/Cypher only as parameters.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

import msgspec

from atlas.intents import Intent

__all__ = [
    "Agg",
    "Aggregate",
    "ChangeKind",
    "Changes",
    "Compare",
    "Cond",
    "Constraint",
    "Dim",
    "DimIs",
    "EntityType",
    "EtfFrom",
    "EtfNamed",
    "EtfRef",
    "EtfSet",
    "Explain",
    "Holders",
    "Holdings",
    "HoldsStock",
    "Intent",
    "Leveraged",
    "ListEtfs",
    "Listed",
    "Lookup",
    "Measure",
    "NameHas",
    "NotHeld",
    "NotHeldKind",
    "Op",
    "Overlap",
    "Query",
    "SameSector",
    "SectorMix",
    "Similar",
    "SimilarTo",
    "Sort",
    "StockFrom",
    "StockLookup",
    "StockNamed",
    "StockRef",
    "Tagged",
    "TimeScope",
    "TopStocks",
    "Window",
    "intent_of",
]


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


# -- time ---------------------------------------------------------------------------------------------------------
class TimeScope(msgspec.Struct, frozen=True, omit_defaults=True, forbid_unknown_fields=True):
    """When: one date (as_of), a period (start..end), a relative window, or two dates compared. Empty = latest."""

    as_of: date | None = None
    start: date | None = None
    end: date | None = None
    window: Window | None = None
    compare_to: date | None = None  # a second date: figures on `as_of` (or latest) vs this date


# -- ETF set expressions ------------------------------------------------------------------------------------------
class Cond(msgspec.Struct, frozen=True, tag="cond", forbid_unknown_fields=True):
    """A numeric measure compared with a threshold: fee < 0.1 (%), market cap ≥ 1e12 (KRW), return > 5 (%)."""

    measure: Measure
    op: Op
    value: float


class DimIs(msgspec.Struct, frozen=True, tag="dim", omit_defaults=True, forbid_unknown_fields=True):
    """A dimension equal to a value: issuer = 삼성자산운용, index = 코스피 200, asset class = 채권, market = 해외,
    replication = 합성, multiple = -2 ("-2"), active = "true", brand = KODEX, listing year = "2024"."""

    dim: Dim
    value: str
    negate: bool = False


class Listed(msgspec.Struct, frozen=True, tag="listed", omit_defaults=True, forbid_unknown_fields=True):
    """Listed on or after `start` and on or before `end`."""

    start: date | None = None
    end: date | None = None


class Leveraged(msgspec.Struct, frozen=True, tag="leveraged", forbid_unknown_fields=True):
    """Any leveraged (|multiple| > 1) or any inverse (multiple < 0) ETF: 레버리지 / 인버스 without a number."""

    inverse: bool = False


class HoldsStock(msgspec.Struct, frozen=True, tag="holds", omit_defaults=True, forbid_unknown_fields=True):
    """ETFs that hold a stock (on the holdings date), optionally with its weight compared with a threshold (%)."""

    stock: StockRef
    op: Op | None = None
    weight: float | None = None
    negate: bool = False  # ETFs that do NOT hold it


class Tagged(msgspec.Struct, frozen=True, tag="tagged", forbid_unknown_fields=True):
    """ETFs with a theme tag (marts.bridge_etf_tag / TAGGED)."""

    tag: str


class SimilarTo(msgspec.Struct, frozen=True, tag="similar_to", forbid_unknown_fields=True):
    """ETFs whose holdings overlap most with an ETF (marts.mart_etf_overlap / SIMILAR_TO)."""

    etf: EtfRef


class NameHas(msgspec.Struct, frozen=True, tag="name", forbid_unknown_fields=True):
    """ETFs whose name contains a word that links to no tag (a last resort, said in the answer)."""

    term: str


Constraint = Cond | DimIs | Listed | Leveraged | HoldsStock | Tagged | SimilarTo | NameHas


class Sort(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    measure: Measure
    descending: bool = True


class EtfSet(msgspec.Struct, frozen=True, omit_defaults=True, forbid_unknown_fields=True):
    """All listed ETFs ∧ every constraint; `exclude` drops named tickers (e.g. 'other ETFs than X')."""

    constraints: tuple[Constraint, ...] = ()
    exclude: tuple[EtfRef, ...] = ()
    listed_only: bool = True


# -- entity references (named, or the result of another node: a chain) -------------------------------------------
class EtfNamed(msgspec.Struct, frozen=True, tag="etf", forbid_unknown_fields=True):
    ticker: str


class EtfFrom(msgspec.Struct, frozen=True, tag="etf_from", forbid_unknown_fields=True):
    """The first ETF of another node's result ("the cheapest of S", "the ETF most similar to X")."""

    node: ListEtfs | Similar | Holders


class StockNamed(msgspec.Struct, frozen=True, tag="stock", forbid_unknown_fields=True):
    code: str


class StockFrom(msgspec.Struct, frozen=True, tag="stock_from", forbid_unknown_fields=True):
    """The first stock of another node's result ("the top holding of X")."""

    node: Holdings | TopStocks


EtfRef = EtfNamed | EtfFrom
StockRef = StockNamed | StockFrom


# -- query nodes --------------------------------------------------------------------------------------------------
class Lookup(msgspec.Struct, frozen=True, tag="lookup", omit_defaults=True, forbid_unknown_fields=True):
    """Measures of named ETFs (one: ATTRIBUTE; several: COMPARISON); `weight_of` adds a stock's weight in each."""

    etfs: tuple[EtfRef, ...]
    measures: tuple[Measure, ...] = ()
    weight_of: StockRef | None = None
    time: TimeScope = TimeScope()


class StockLookup(msgspec.Struct, frozen=True, tag="stock_lookup", omit_defaults=True, forbid_unknown_fields=True):
    """Facts of named stocks: sector, market, and how many ETFs hold them (one: ATTRIBUTE; several: COMPARISON)."""

    stocks: tuple[StockRef, ...]
    holder_count: bool = True


class ListEtfs(msgspec.Struct, frozen=True, tag="list", omit_defaults=True, forbid_unknown_fields=True):
    """ETFs of a set, with the measures shown, sorted and limited (FILTER; MULTI_HOP when the set uses a relation)."""

    etfs: EtfSet = EtfSet()
    measures: tuple[Measure, ...] = ()
    sort: Sort | None = None
    limit: int | None = None
    time: TimeScope = TimeScope()


class Aggregate(msgspec.Struct, frozen=True, tag="aggregate", omit_defaults=True, forbid_unknown_fields=True):
    """An aggregate over an ETF set (count when measure is None), optionally per group, groups sorted and limited."""

    etfs: EtfSet = EtfSet()
    agg: Agg = Agg.COUNT
    measure: Measure | None = None
    group_by: Dim | None = None
    limit: int | None = None
    time: TimeScope = TimeScope()


class Holdings(msgspec.Struct, frozen=True, tag="holdings", omit_defaults=True, forbid_unknown_fields=True):
    """Constituents of an ETF by weight (top `limit`); `sum_weights` asks for their weight sum; `count` the number."""

    etf: EtfRef
    limit: int | None = 10
    sum_weights: bool = False
    count: bool = False
    time: TimeScope = TimeScope()


class Holders(msgspec.Struct, frozen=True, tag="holders", omit_defaults=True, forbid_unknown_fields=True):
    """ETFs holding a stock, by its weight (or by a measure), within an optional ETF set, above a weight threshold.
    How many hold it is an `Aggregate` over `HoldsStock`."""

    stock: StockRef
    etfs: EtfSet = EtfSet()
    op: Op | None = None
    weight: float | None = None
    sort: Sort | None = None  # None: by the stock's weight
    limit: int | None = 10
    time: TimeScope = TimeScope()


class Similar(msgspec.Struct, frozen=True, tag="similar", omit_defaults=True, forbid_unknown_fields=True):
    etf: EtfRef
    limit: int | None = 5


class SectorMix(msgspec.Struct, frozen=True, tag="sector_mix", omit_defaults=True, forbid_unknown_fields=True):
    etf: EtfRef
    time: TimeScope = TimeScope()


class Overlap(msgspec.Struct, frozen=True, tag="overlap", omit_defaults=True, forbid_unknown_fields=True):
    """Common holdings of two ETFs: overlap % and the common stocks."""

    a: EtfRef
    b: EtfRef


class TopStocks(msgspec.Struct, frozen=True, tag="top_stocks", omit_defaults=True, forbid_unknown_fields=True):
    """Stocks held by the most ETFs of a set (or with the largest total weight)."""

    etfs: EtfSet = EtfSet()
    limit: int | None = 5


class SameSector(msgspec.Struct, frozen=True, tag="same_sector", omit_defaults=True, forbid_unknown_fields=True):
    stock: StockRef
    limit: int | None = 10


class Changes(msgspec.Struct, frozen=True, tag="changes", omit_defaults=True, forbid_unknown_fields=True):
    """Holding changes of an ETF set (or named ETFs) over a period (default: the latest holdings date)."""

    etfs: EtfSet = EtfSet()
    named: tuple[EtfRef, ...] = ()
    kinds: tuple[ChangeKind, ...] = ()  # empty: every kind
    stock: StockRef | None = None
    limit: int | None = 20
    count: bool = False  # count the changes per kind instead of listing them ("편입 편출 몇 건")
    time: TimeScope = TimeScope()


class Compare(msgspec.Struct, frozen=True, tag="compare_groups", omit_defaults=True, forbid_unknown_fields=True):
    """An aggregate compared across named groups (e.g. ETF counts or average fees of two issuers)."""

    groups: tuple[EtfSet, ...]
    agg: Agg = Agg.COUNT
    measure: Measure | None = None


class Explain(msgspec.Struct, frozen=True, tag="explain", omit_defaults=True, forbid_unknown_fields=True):
    """An open question about ETFs: answered from the data (multiple, concentration, top holdings, sector mix, fee)
    with what the data cannot tell. Without a named ETF, `etfs` narrows a set to suggest from, in `sort` order
    ("보수 낮은 ETF 추천" → fee ascending; default: largest market cap first)."""

    etf: EtfRef | None = None
    etfs: EtfSet = EtfSet()
    sort: Sort | None = None


class NotHeld(msgspec.Struct, frozen=True, tag="not_held", omit_defaults=True, forbid_unknown_fields=True):
    """What the data does not hold, said plainly: the words that were not understood or are not held, what is held
    instead, and near matches (names that look like what was asked)."""

    kind: NotHeldKind
    terms: tuple[str, ...] = ()
    held: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    about: EtfRef | StockRef | None = None


Query = (
    Lookup
    | StockLookup
    | ListEtfs
    | Aggregate
    | Holdings
    | Holders
    | Similar
    | SectorMix
    | Overlap
    | TopStocks
    | SameSector
    | Changes
    | Compare
    | Explain
    | NotHeld
)


# -- intent from shape --------------------------------------------------------------------------------------------
def _is_chain(ref: object) -> bool:
    return isinstance(ref, EtfFrom | StockFrom)


def _is_relation(c: Constraint) -> bool:
    """Constraints through a graph relation: holds a stock, tracks an index, similar to an ETF."""
    return isinstance(c, HoldsStock | SimilarTo) or (isinstance(c, DimIs) and c.dim is Dim.INDEX)


def intent_of(query: Query) -> Intent:
    """The intent label of a parsed question, derived from its shape (see seeds/eval/README.md for the convention)."""
    match query:
        case NotHeld():
            return Intent.NEGATIVE
        case Explain():
            return Intent.OPEN
        case Lookup(etfs=etfs, weight_of=weight_of):
            if any(_is_chain(e) for e in etfs) or _is_chain(weight_of):
                return Intent.MULTI_HOP
            return Intent.COMPARISON if len(etfs) > 1 else Intent.ATTRIBUTE
        case StockLookup(stocks=stocks):
            if any(_is_chain(s) for s in stocks):
                return Intent.MULTI_HOP
            return Intent.COMPARISON if len(stocks) > 1 else Intent.ATTRIBUTE
        case Overlap() | Compare():
            return Intent.COMPARISON
        case ListEtfs(etfs=etfs, sort=sort):
            cs = etfs.constraints
            one_membership = len(cs) == 1 and isinstance(cs[0], DimIs) and cs[0].dim in (Dim.ISSUER, Dim.INDEX)
            if (one_membership or (len(cs) == 1 and _is_relation(cs[0]))) and sort is None:
                return Intent.RELATION
            if any(_is_relation(c) for c in cs) and (len(cs) > 1 or sort is not None):
                return Intent.MULTI_HOP
            return Intent.FILTER
        case Aggregate(etfs=etfs):
            holds = sum(isinstance(c, HoldsStock) for c in etfs.constraints)
            return Intent.MULTI_HOP if holds > 1 else Intent.AGGREGATION
        case Holdings(etf=etf, sum_weights=sum_weights, count=count):
            if _is_chain(etf):
                return Intent.MULTI_HOP
            return Intent.AGGREGATION if sum_weights or count else Intent.RELATION
        case Holders(stock=stock, etfs=etfs, sort=sort):
            if _is_chain(stock) or etfs.constraints or sort is not None:
                return Intent.MULTI_HOP
            return Intent.RELATION
        case Similar(etf=etf):
            return Intent.MULTI_HOP if _is_chain(etf) else Intent.RELATION
        case SectorMix(etf=etf):
            return Intent.MULTI_HOP if _is_chain(etf) else Intent.AGGREGATION
        case SameSector(stock=stock):
            return Intent.MULTI_HOP if _is_chain(stock) else Intent.RELATION
        case TopStocks():
            return Intent.AGGREGATION
        case Changes(count=count):
            return Intent.AGGREGATION if count else Intent.RELATION
    raise TypeError(f"no intent for {type(query).__name__}")
