"""bench/graph_load.py end to end on the small marts fixture (figures are not asserted, only their consistency)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import graph_load
from tests.conftest import AtlasDatabase


def test_bench_runs_and_builds_the_same_graph_both_ways(
    marts_db: AtlasDatabase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "graph_load.json"
    assert graph_load.main(["--dsn", marts_db.loader_dsn, "--bulk-runs", "1", "--output", str(output)]) == 0
    printed = json.loads(capsys.readouterr().out)
    written = json.loads(output.read_text(encoding="utf-8"))
    assert printed == written
    for key in ("bulk_s", "per_row_s", "ratio", "copy_s", "copy_ratio", "nodes", "edges", "as_of", "machine", "date"):
        assert key in written, key
    assert written["as_of"] == "2024-11-07" and written["machine"]["cores"] >= 1
    assert written["per_row_matches_bulk"] is True and written["extrapolated"] is False
    assert written["nodes"] == sum(written["node_counts"].values())
    assert written["edges"] == sum(written["edge_counts"].values())
    assert written["per_row"]["statements"] == written["nodes"] + written["per_row"]["total_edges"]
    with marts_db.loader() as conn:
        graphs = [name for (name,) in conn.execute("select name::text from ag_catalog.ag_graph")]
    assert graphs == ["etf_graph"], "the bench drops its graphs"
