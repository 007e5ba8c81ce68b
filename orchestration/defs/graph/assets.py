"""The AGE graph `etf_graph`, rebuilt beside the live one from the marts and switched atomically."""

import dagster as dg

from orchestration.resources import AtlasDatabase

# The marts graph_loader reads (docs/data-contract.md); their keys make the lineage explicit.
GRAPH_SOURCE_MARTS = (
    "dim_etf",
    "dim_stock",
    "dim_issuer",
    "dim_index",
    "dim_sector",
    "dim_tag",
    "bridge_etf_tag",
    "fct_etf_holdings",
    "fct_etf_prices",  # the ETFs' quotes of the graph's date (ETF close, nav, market_cap; HOLDS value fallback)
    "mart_etf_overlap",
)


@dg.asset(
    key="etf_graph",
    deps=[dg.AssetKey(["marts", name]) for name in GRAPH_SOURCE_MARTS],
    group_name="graph",
    kinds={"postgres"},
    description="Apache AGE graph of ETFs, holdings, issuers, indexes, sectors and tags for the latest holdings date.",
)
def etf_graph(context: dg.AssetExecutionContext, database: AtlasDatabase) -> dg.MaterializeResult:
    from graph_loader import build_graph

    with database.connect(autocommit=True) as conn:
        result = build_graph(conn)
    context.log.info(f"graph built for {result.as_of}: {result.node_counts} / {result.edge_counts}")
    return dg.MaterializeResult(metadata=result.metadata())
