"""The query IR's Structs: time scopes, ETF set expressions, entity references (named or a chain) and query nodes.

All in one module because they refer to each other (msgspec resolves the forward references here)."""

from __future__ import annotations

from datetime import date

import msgspec

from query_api.router.ir.enums import (
    Agg,
    ChangeKind,
    Dim,
    Measure,
    NotHeldKind,
    Op,
    Window,
)


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


class Leveraged(msgspec.Struct, frozen=True, tag="leveraged", omit_defaults=True, forbid_unknown_fields=True):
    """Any leveraged (|multiple| > 1) or any inverse (multiple < 0) ETF: 레버리지 / 인버스 without a number;
    `negate`: every ETF but those (레버리지 빼고)."""

    inverse: bool = False
    negate: bool = False


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


class CondThan(msgspec.Struct, frozen=True, tag="cond_than", forbid_unknown_fields=True):
    """A figure compared with a named ETF's own (KODEX 200보다 보수 싼, bigger than TIGER 200): fee, TER, multiple
    or a same-day price figure."""

    measure: Measure
    op: Op
    etf: EtfRef


Constraint = Cond | CondThan | DimIs | Listed | Leveraged | HoldsStock | Tagged | SimilarTo | NameHas


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


class EtfFrom(msgspec.Struct, frozen=True, tag="etf_from", omit_defaults=True, forbid_unknown_fields=True):
    """The first `n` ETFs of another node's result ("the cheapest of S", "the ETFs most similar to X")."""

    node: ListEtfs | Similar | Holders
    n: int = 1


class StockNamed(msgspec.Struct, frozen=True, tag="stock", forbid_unknown_fields=True):
    code: str


class StockFrom(msgspec.Struct, frozen=True, tag="stock_from", omit_defaults=True, forbid_unknown_fields=True):
    """The first `n` stocks of another node's result ("the top holding of X", "its top five holdings")."""

    node: Holdings | TopStocks
    n: int = 1
    rank: int = 1  # the place of the (first) stock in the node's order: 2 for "its second largest holding"


EtfRef = EtfNamed | EtfFrom
StockRef = StockNamed | StockFrom


# -- query nodes --------------------------------------------------------------------------------------------------
class Lookup(msgspec.Struct, frozen=True, tag="lookup", omit_defaults=True, forbid_unknown_fields=True):
    """Measures of named ETFs (one: ATTRIBUTE; several: COMPARISON); `weight_of` adds a stock's weight in each."""

    etfs: tuple[EtfRef, ...]
    measures: tuple[Measure, ...] = ()
    weight_of: StockRef | None = None
    time: TimeScope = TimeScope()
    also_windows: tuple[Window, ...] = ()  # the return over these windows too, next to time.window (1주랑 한 달)


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


class EtfCount(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How many ETFs a group must have to be shown: 'ETF 10개 이상 운용사만', 'issuers with more than 20 ETFs'."""

    op: Op
    value: float


class Aggregate(msgspec.Struct, frozen=True, tag="aggregate", omit_defaults=True, forbid_unknown_fields=True):
    """An aggregate over an ETF set (count when measure is None), optionally per group, groups sorted and limited."""

    etfs: EtfSet = EtfSet()
    agg: Agg = Agg.COUNT
    measure: Measure | None = None
    group_by: Dim | None = None
    limit: int | None = None
    time: TimeScope = TimeScope()
    descending: bool = True  # groups by their figure, largest first (평균 보수 제일 낮은 3곳: False)
    also: tuple[Agg, ...] = ()  # more aggregates of the same measure: 최저랑 최고 → MIN, also (MAX,)
    having: EtfCount | None = None  # only the groups with this many ETFs


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
    agg: Agg | None = None  # the stock's weight across the holders: 평균 비중, 최대 비중 (avg, sum, min, max)


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
    """Stocks held by the most ETFs of a set (or with the largest total weight); `market` keeps the stocks of one
    stock market (KOSPI, KOSDAQ: dim_stock.market)."""

    etfs: EtfSet = EtfSet()
    limit: int | None = 5
    market: str | None = None


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
    by_stock: bool = False  # per stock: how many ETFs of the set changed it so ("액티브 ETF들이 많이 산 종목")
    by_etf: bool = False  # per ETF: how many holdings each changed so ("신규편입 종목 제일 많은 ETF")
    time: TimeScope = TimeScope()

    @property
    def whole_portfolio(self) -> bool:
        """Named ETFs' own changes count every line but cash (a futures ETF's roll is its change); across a set,
        securities only (futures rolling over and swaps are not what managers bought or sold)."""
        return bool(self.named) and not self.etfs.constraints and self.stock is None and not self.by_stock


class Compare(msgspec.Struct, frozen=True, tag="compare_groups", omit_defaults=True, forbid_unknown_fields=True):
    """An aggregate compared across named groups (e.g. ETF counts or average fees of two issuers)."""

    groups: tuple[EtfSet, ...]
    agg: Agg = Agg.COUNT
    measure: Measure | None = None


class Explain(msgspec.Struct, frozen=True, tag="explain", omit_defaults=True, forbid_unknown_fields=True):
    """An open question about ETFs: answered from the data (multiple, concentration, top holdings, sector mix, fee)
    with what the data cannot tell. Without a named ETF, `etfs` narrows a set to suggest from, in `sort` order
    ("보수 낮은 ETF 추천" → fee ascending; default: largest market cap first). `unheld`: the question's words the
    data cannot judge (예금 대신, 함정), named in the caveat."""

    etf: EtfRef | None = None
    etfs: EtfSet = EtfSet()
    sort: Sort | None = None
    unheld: tuple[str, ...] = ()
    others: tuple[EtfRef, ...] = ()  # more named ETFs weighed together with `etf` (A랑 B 중에 뭐 살까)


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
