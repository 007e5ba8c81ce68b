"""The API's input types, declared once: every constraint a handler enforces is here.

Each `Rule` is one declaration that becomes both a msgspec `Meta` (for request bodies) and a Litestar
`QueryParameter`/`PathParameter` (for the URL), so what msgspec validates (a violation is a 400 `{"error": ...}`) and
what the OpenAPI schema shows (pattern, length, bounds, `format: date`) cannot drift apart. Clients and generated
SDKs learn the limits from the schema, not from 400s.

Tickers and codes accept lower case (the handlers upper-case them); dates are any real calendar date written
YYYY-MM-DD (a date before the data simply finds nothing).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

import msgspec
from litestar.openapi.spec import Example
from litestar.params import ParameterKwarg, PathParameter, QueryParameter

TICKER_PATTERN = r"^[0-9A-Za-z]{6}$"  # KRX short codes, alphanumeric since 2024 (e.g. 0000D0)
STOCK_CODE_PATTERN = r"^(?:[0-9A-Za-z]{6}|[0-9A-Za-z]{12})$"  # 6-char tickers or 12-char codes/ISINs
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
TEXT_PATTERN = r"^[^\x00]*[^\x00\s][^\x00]*$"  # something besides spaces, and no NUL characters

QUESTION_MAX = 500
SEARCH_MAX = 200
ISSUER_MAX = 100
CYPHER_MAX = 4000


@dataclass(frozen=True)
class Rule:
    """One input constraint, rendered for bodies (`meta`) and for path/query parameters (`path`, `query`)."""

    description: str
    pattern: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    ge: int | None = None
    le: int | None = None
    format: str | None = None
    example: str | int | None = None

    def _bounds(self) -> dict[str, Any]:
        keys = ("pattern", "min_length", "max_length", "ge", "le")
        return {k: v for k, v in asdict(self).items() if k in keys and v is not None}

    def meta(self) -> msgspec.Meta:
        return msgspec.Meta(
            description=self.description,
            examples=[self.example] if self.example is not None else None,
            extra_json_schema={"format": self.format} if self.format else None,
            **self._bounds(),
        )

    def _kwargs(self, description: str | None) -> dict[str, Any]:
        return {
            "description": description or self.description,
            "examples": [Example(value=self.example)] if self.example is not None else None,
            "format": self.format,
            **self._bounds(),
        }

    def query(self, description: str | None = None, name: str | None = None) -> ParameterKwarg:
        return QueryParameter(**({"name": name} if name else {}), **self._kwargs(description))

    def path(self, description: str | None = None) -> ParameterKwarg:
        return PathParameter(**self._kwargs(description))


TICKER = Rule("ETF ticker: 6 letters or digits", TICKER_PATTERN, 6, 6, example="069500")
STOCK_CODE = Rule(
    "a 6-character ticker (005930) or a 12-character instrument code / ISIN",
    STOCK_CODE_PATTERN,
    6,
    12,
    example="005930",
)
DATE = Rule("a calendar date, YYYY-MM-DD", DATE_PATTERN, 10, 10, format="date", example="2024-11-06")
QUESTION = Rule("a question in Korean or English", TEXT_PATTERN, 1, QUESTION_MAX, example="KODEX 200 총보수 알려줘")
SEARCH = Rule("name, ticker, brand or alias; typos allowed", TEXT_PATTERN, 1, SEARCH_MAX, example="코덱스 200")
ISSUER = Rule("issuer name/id or brand (KODEX)", TEXT_PATTERN, 1, ISSUER_MAX, example="KODEX")
CYPHER = Rule("one read-only Cypher statement", TEXT_PATTERN, 1, CYPHER_MAX)
COLUMN = Rule("a result column name", r"^[A-Za-z_][A-Za-z0-9_]*$", 1, 63)
EVENT_ID = Rule("resume after this event id (or the Last-Event-ID header)", r"^[0-9]{1,18}$", 1, 18)


def limit(maximum: int, what: str) -> Rule:
    return Rule(f"at most this many {what} (1-{maximum})", ge=1, le=maximum)


SEARCH_LIMIT = limit(100, "results")
HOLDINGS_LIMIT = limit(500, "holdings")
HOLDERS_LIMIT = limit(500, "ETFs")
SIMILAR_LIMIT = limit(10, "similar ETFs")
CHANGES_LIMIT = limit(1000, "changes")
CYPHER_LIMIT = limit(1000, "rows")

# Request-body field types.
Ticker = Annotated[str, TICKER.meta()]
StockCode = Annotated[str, STOCK_CODE.meta()]
IsoDate = Annotated[str, DATE.meta()]
Question = Annotated[str, QUESTION.meta()]
CypherText = Annotated[str, CYPHER.meta()]
ColumnName = Annotated[str, COLUMN.meta()]
CypherColumns = Annotated[list[ColumnName], msgspec.Meta(min_length=1, max_length=20)]
PARAM_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]{0,62}$"
ParamName = Annotated[str, msgspec.Meta(pattern=PARAM_NAME_PATTERN, max_length=63)]
CypherParams = Annotated[
    dict[ParamName, Any],
    msgspec.Meta(
        description="values for $name placeholders (names: letters, digits, underscore)",
    ),
]
CypherLimit = Annotated[int, CYPHER_LIMIT.meta()]

# Path and query parameter types.
TickerPath = Annotated[str, TICKER.path()]
StockCodePath = Annotated[str, STOCK_CODE.path()]
DateQuery = Annotated[str | None, DATE.query("YYYY-MM-DD; the latest data on or before it")]
SearchQuery = Annotated[str, SEARCH.query()]
IssuerQuery = Annotated[str | None, ISSUER.query()]
TickerQuery = Annotated[str | None, TICKER.query("one ETF")]
EventIdQuery = Annotated[str | None, EVENT_ID.query()]
