"""`atlas materialize --launch`: the same selection as an asset backfill on a running Dagster instance.

The webserver (`dagster dev`, or a deployment's dagster-webserver) takes it over GraphQL; its daemon and run
launcher execute it, so the work can run on other machines (k8s/docker run launchers).
"""

from __future__ import annotations

from datetime import date

import httpx

from atlas.errors import AtlasError

LAUNCH_BACKFILL = """
mutation Launch($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
    ... on InvalidStepError { invalidStepKey }
    ... on UnauthorizedError { message }
    ... on PartitionSetNotFoundError { message }
  }
}
"""


def backfill_params(asset_keys: list[list[str]], partitioned: set[tuple[str, ...]], first: str, last: str) -> dict:
    """LaunchBackfillParams: partitioned assets over [first, last], the others once (pure, unit-tested)."""
    return {
        "partitionsByAssets": [
            {
                "assetKey": {"path": key},
                "partitions": {"range": {"start": first, "end": last}} if tuple(key) in partitioned else None,
            }
            for key in asset_keys
        ],
        "title": f"atlas materialize {first} .. {last}",
        "description": "submitted by `atlas materialize --launch`",
    }


def submit_backfill(url: str, first: date, last: date) -> str:
    """Submit every asset of the code location; the backfill id."""
    from orchestration.definitions import definitions
    from orchestration.lib.trade_calendar import trade_dates

    days = [d.isoformat() for d in trade_dates() if first <= d <= last]
    if not days:
        raise AtlasError(f"no KRX trade date between {first} and {last}")
    graph = definitions().resolve_asset_graph()
    keys = sorted(graph.materializable_asset_keys)
    partitioned = {tuple(k.path) for k in keys if graph.get(k).partitions_def is not None}
    params = backfill_params([list(k.path) for k in keys], partitioned, days[0], days[-1])
    try:
        response = httpx.post(url, json={"query": LAUNCH_BACKFILL, "variables": {"params": params}}, timeout=60)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise AtlasError(f"no Dagster webserver answered at {url} ({exc}); start one with `make serve`") from exc
    result = response.json().get("data", {}).get("launchPartitionBackfill") or {}
    if result.get("__typename") != "LaunchBackfillSuccess":
        raise AtlasError(f"Dagster refused the backfill: {result or response.text[:500]}")
    return str(result["backfillId"])
