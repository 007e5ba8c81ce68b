"""IR → statements: one parameterised SQL statement per node (chains as CTEs), Cypher where the graph is the route.

`compile_query(query, ctx)` returns the statements to run, in order (none for NotHeld: what the data does not hold
is said without reading it). Every SQL text is checked by sqlglot (one read-only SELECT/WITH over the marts),
cached per text: the text depends only on the query's shape, values travel as parameters.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import sqlglot
from sqlglot import exp

from query_api.router import ir
from query_api.router.compile import nodes_changes, nodes_etf, nodes_holdings
from query_api.router.compile.model import Builder, Channel, Ctx, Source, Statement, Unit
from query_api.router.compile.registry import DIMENSIONS, MEASURES, DimSpec, MeasureSpec
from query_api.router.compile.sets import BODIES, CompileError

__all__ = [
    "BODIES",
    "COMPILERS",
    "DIMENSIONS",
    "MEASURES",
    "Builder",
    "Channel",
    "CompileError",
    "Ctx",
    "DimSpec",
    "MeasureSpec",
    "Source",
    "Statement",
    "Unit",
    "check_sql",
    "compile_query",
]


def _not_held(q: ir.NotHeld, ctx: Ctx) -> list[Statement]:
    return []


Compiler = Callable[..., list[Statement]]
COMPILERS: dict[type, Compiler] = {
    ir.Lookup: nodes_etf.lookup,
    ir.StockLookup: nodes_etf.stock_lookup,
    ir.ListEtfs: nodes_etf.list_etfs,
    ir.Aggregate: nodes_etf.aggregate,
    ir.Compare: nodes_etf.compare,
    ir.Explain: nodes_etf.explain,
    ir.Holdings: nodes_holdings.holdings,
    ir.Holders: nodes_holdings.holders,
    ir.Similar: nodes_holdings.similar,
    ir.SectorMix: nodes_holdings.sector_mix,
    ir.Overlap: nodes_holdings.overlap,
    ir.TopStocks: nodes_holdings.top_stocks,
    ir.SameSector: nodes_holdings.same_sector,
    ir.Changes: nodes_changes.changes,
    ir.NotHeld: _not_held,
}

ALLOWED_SCHEMAS = frozenset({"marts"})
_FORBIDDEN = (exp.Insert, exp.Update, exp.Delete, exp.Create, exp.Drop, exp.Command, exp.Merge, exp.Into)


@lru_cache(maxsize=4096)
def check_sql(text: str) -> None:
    """One read-only SELECT/WITH reading only the marts (and its own CTEs); CompileError otherwise."""
    try:
        statements = [s for s in sqlglot.parse(text, read="postgres") if s is not None]
    except sqlglot.errors.ParseError as exc:
        raise CompileError(f"compiled SQL does not parse: {str(exc).splitlines()[0]}") from exc
    if len(statements) != 1 or not isinstance(statements[0], exp.Query):
        raise CompileError("compiled SQL must be exactly one SELECT")
    statement = statements[0]
    for node in _FORBIDDEN:
        if statement.find(node) is not None:
            raise CompileError(f"compiled SQL contains {node.__name__.upper()}")
    ctes = {cte.alias_or_name for cte in statement.find_all(exp.CTE)}
    for table in statement.find_all(exp.Table):
        if not table.db and (table.name in ctes or not table.name):
            continue
        if table.db not in ALLOWED_SCHEMAS:
            raise CompileError(f"compiled SQL reads {table.sql()} outside the marts")


def compile_query(query: ir.Query, ctx: Ctx) -> list[Statement]:
    compiler = COMPILERS.get(type(query))
    if compiler is None:
        raise CompileError(f"no compiler for {type(query).__name__}")
    statements = compiler(query, ctx)
    for statement in statements:
        if statement.channel is Channel.SQL:
            check_sql(statement.text)
    return statements
