"""The scheduled job `daily_collection` runs for one trade date through a Dagster instance, end to end."""

from __future__ import annotations

import dagster as dg
import pytest

from orchestration.definitions import definitions
from orchestration.resources import AtlasDatabase as DatabaseResource
from orchestration.resources import EmbeddingsEndpoint
from tests.conftest import AtlasDatabase

TRADE_DATE = "2024-11-06"


@pytest.mark.slow
def test_daily_collection_for_one_trade_date(scratch_db: AtlasDatabase, embedding_endpoint, tmp_path) -> None:
    defs = definitions()
    job = defs.resolve_job_def("daily_collection")
    resources = {
        "database": DatabaseResource(dsn=scratch_db.loader_dsn),
        "embeddings": EmbeddingsEndpoint(base_url=embedding_endpoint.base_url),
    }
    with dg.DagsterInstance.local_temp(str(tmp_path)) as instance:
        result = job.execute_in_process(partition_key=TRADE_DATE, instance=instance, resources=resources)
        assert result.success
        holdings = dg.AssetKey(["raw", "krx_etf_holdings"])
        assert instance.get_materialized_partitions(holdings) == {TRADE_DATE}
        # The notification is not partitioned: one materialization announcing the run's date.
        notified = instance.get_latest_materialization_event(dg.AssetKey("collection_notification"))
        assert notified is not None and notified.run_id == result.run_id
        metadata = notified.asset_materialization.metadata
        assert metadata["newly_announced"].value == 1 and metadata["dates"].value == TRADE_DATE
    with scratch_db.loader() as conn:
        assert conn.execute("select array_agg(trade_date::text) from events.collection_runs").fetchone() == (
            [TRADE_DATE],
        )
        assert conn.execute("select count(*) from raw.krx_etf_holdings").fetchone()[0] > 30_000
