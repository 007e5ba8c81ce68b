"""IR + rows → answer text (ko/en) and sources, one renderer per node kind (`RENDERERS`).

`sources` names exactly the statements whose rows the answer shows, each with the as-of date read from its rows
("marts.fct_etf_prices as of 2025-12-30", "graph etf_graph as of 2024-11-06"); the compiler emits no statement
the renderer does not read, so every statement of the plan is a source.
"""

from __future__ import annotations

from collections.abc import Callable

from query_api.router import ir
from query_api.router.render import etfs, holdings
from query_api.router.render.words import RenderCtx, Result

__all__ = ["RENDERERS", "RenderCtx", "Result", "render", "sources"]

Renderer = Callable[..., str]
RENDERERS: dict[type, Renderer] = {
    ir.Lookup: etfs.lookup,
    ir.StockLookup: etfs.stock_lookup,
    ir.ListEtfs: etfs.list_etfs,
    ir.Aggregate: etfs.aggregate,
    ir.Compare: etfs.compare,
    ir.Explain: etfs.explain,
    ir.NotHeld: etfs.not_held,
    ir.Holdings: holdings.holdings,
    ir.Holders: holdings.holders,
    ir.Similar: holdings.similar,
    ir.SectorMix: holdings.sector_mix,
    ir.Overlap: holdings.overlap,
    ir.TopStocks: holdings.top_stocks,
    ir.SameSector: holdings.same_sector,
    ir.Changes: holdings.changes,
}


def _dated(label: str, column: str | None, rows: list[dict[str, object]]) -> str:
    if column is None:
        return label
    first, _, last = column.partition("..")
    row = next((r for r in rows if r.get(first)), None)
    if row is None:
        return label
    if last and row.get(last) and row.get(last) != row.get(first):
        return f"{label} {str(row[first])[:10]} to {str(row[last])[:10]}"
    return f"{label} as of {str(row[first])[:10]}"


def sources(results: list[Result]) -> list[str]:
    """Every table (or graph) the shown rows come from, with its date; a graph label already carries its date."""
    out: list[str] = []
    for result in results:
        for label, column in result.statement.tables:
            out.append(_dated(label, column, result.rows))
    return list(dict.fromkeys(out))


def render(query: ir.Query, results: list[Result], ctx: RenderCtx) -> tuple[str, list[str]]:
    renderer = RENDERERS[type(query)]
    return renderer(query, results, ctx), sources(results)
