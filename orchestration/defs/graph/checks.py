"""Asset checks on the graph: counts equal the marts, traversals equal their SQL twins (blocking: a failure
stops collection_notification)."""

from collections.abc import Iterator

import dagster as dg

from orchestration.defs.graph.assets import etf_graph
from orchestration.resources import AtlasDatabase


def _as_check_result(name: str, results: list) -> dg.AssetCheckResult:
    failed = [r.name for r in results if not r.passed]
    metadata: dict[str, object] = {r.name: dg.MetadataValue.json(r.metadata) for r in results}
    metadata["failed"] = ", ".join(failed) or "none"
    return dg.AssetCheckResult(check_name=name, passed=not failed, metadata=metadata)


@dg.multi_asset_check(
    specs=[
        dg.AssetCheckSpec(
            "counts_match_marts", asset=etf_graph, blocking=True, description="node and edge counts equal the marts"
        ),
        dg.AssetCheckSpec(
            "traversals_match_sql", asset=etf_graph, blocking=True, description="three traversals equal SQL twins"
        ),
    ],
)
def etf_graph_checks(database: AtlasDatabase) -> Iterator[dg.AssetCheckResult]:
    from graph_loader import count_checks, traversal_checks

    with database.connect(autocommit=True) as conn:
        yield _as_check_result("counts_match_marts", count_checks(conn))
        yield _as_check_result("traversals_match_sql", traversal_checks(conn))
