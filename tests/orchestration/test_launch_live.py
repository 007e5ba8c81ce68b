"""`atlas materialize --launch` against a real dagster-webserver: the backfill reaches the instance over GraphQL.

The webserver runs as a subprocess on a free port with a scratch DAGSTER_HOME (SQLite storage in a temporary
folder). No daemon runs: the backfill's runs would write to the configured database, and the test only proves
that the submission reaches a live instance with the requested partitions and assets.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import httpx
import pytest

from atlas.config import PROJECT_ROOT

BIN = Path(sys.executable).parent
FIRST, LAST = "2024-11-05", "2024-11-06"
STARTUP_TIMEOUT_S = 240
LOCATION_STATUS = """
{ workspaceOrError { __typename ... on Workspace { locationEntries { name loadStatus
  locationOrLoadError { __typename ... on PythonError { message } } } } } }
"""
BACKFILL = """
query Backfill($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill { id status isAssetBackfill partitionNames assetSelection { path } }
    ... on PythonError { message }
  }
}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _graphql(url: str, query: str, variables: dict | None = None) -> dict:
    response = httpx.post(url, json={"query": query, "variables": variables or {}}, timeout=30)
    response.raise_for_status()
    return response.json()["data"]


def _wait_until_loaded(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dagster-webserver exited ({server.returncode}): {log.read_text()[-3000:]}")
        try:
            entries = _graphql(url, LOCATION_STATUS)["workspaceOrError"]["locationEntries"]
        except (httpx.HTTPError, KeyError, TypeError):
            time.sleep(1)
            continue
        if entries and all(e["loadStatus"] == "LOADED" for e in entries):
            errors = [
                e["locationOrLoadError"]
                for e in entries
                if e["locationOrLoadError"]["__typename"] != "RepositoryLocation"
            ]
            assert not errors, errors
            return
        time.sleep(1)
    pytest.fail(f"the code location did not load within {STARTUP_TIMEOUT_S} s: {log.read_text()[-3000:]}")


@pytest.fixture
def webserver(tmp_path: Path) -> Iterator[tuple[str, Path, dict[str, str]]]:
    if importlib.util.find_spec("dagster_webserver") is None:
        pytest.skip("dagster-webserver is not installed")
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    env = {**os.environ, "DAGSTER_HOME": str(home), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    port = _free_port()
    log = tmp_path / "webserver.log"
    command = [str(BIN / "dagster-webserver"), "-w", "workspace.yaml", "-h", "127.0.0.1", "-p", str(port)]
    with log.open("w") as out:
        server = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/graphql"
    try:
        _wait_until_loaded(url, server, log)
        yield url, home, env
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.slow
def test_launch_submits_a_backfill_to_a_live_webserver(webserver) -> None:
    url, home, env = webserver
    done = subprocess.run(
        [str(BIN / "atlas"), "materialize", "--launch", url, "--from", FIRST, "--to", LAST],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    match = re.search(r"backfill (\S+) submitted", done.stdout)
    assert match, done.stdout
    backfill_id = match.group(1)

    backfill = _graphql(url, BACKFILL, {"id": backfill_id})["partitionBackfillOrError"]
    assert backfill["__typename"] == "PartitionBackfill", backfill
    assert backfill["isAssetBackfill"] is True
    assert backfill["status"] == "REQUESTED"  # no daemon runs in this test
    assert sorted(backfill["partitionNames"]) == [FIRST, LAST]
    selected = {tuple(key["path"]) for key in backfill["assetSelection"]}
    assert {("raw", "krx_etf_holdings"), ("marts", "fct_etf_holdings"), ("etf_graph",)} <= selected
    assert ("collection_notification",) in selected

    # The same backfill, read from the instance's own storage (the scratch DAGSTER_HOME).
    with dg.DagsterInstance.from_config(str(home)) as instance:
        stored = instance.get_backfill(backfill_id)
    assert stored is not None
    assert stored.asset_backfill_data is not None
    targeted = stored.asset_backfill_data.target_subset
    holdings = targeted.get_partitions_subset(dg.AssetKey(["raw", "krx_etf_holdings"]))
    assert sorted(holdings.get_partition_keys()) == [FIRST, LAST]
