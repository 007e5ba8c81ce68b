"""A database of our own for the graph tests, reset to the small marts fixture before each test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from atlas.config import Settings
from atlas.db.cluster import Cluster
from atlas.db.provision import drop_database, grant_reader, provision
from tests.conftest import AtlasDatabase

MARTS_FIXTURE = Path(__file__).with_name("marts_fixture.sql")
LIVE_GRAPH = "etf_graph"


@pytest.fixture(scope="module")
def graph_database(cluster: Cluster, settings: Settings) -> Iterator[AtlasDatabase]:
    name = f"atlas_test_graph_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    provision(cluster, name, settings.readonly_timeout_ms)
    yield AtlasDatabase(name=name, cluster=cluster)
    drop_database(cluster, name)


@pytest.fixture
def marts_db(graph_database: AtlasDatabase) -> AtlasDatabase:
    """The fixture marts, and only the empty provisioned `etf_graph`, as after `atlas db up` and dbt."""
    with graph_database.loader() as conn:
        for (graph,) in conn.execute("select name::text from ag_catalog.ag_graph").fetchall():
            conn.execute("select ag_catalog.drop_graph(%s, true)", (graph,))
        conn.execute("select ag_catalog.create_graph(%s)", (LIVE_GRAPH,))
        conn.execute("drop schema if exists marts cascade")
        conn.execute(MARTS_FIXTURE.read_text(encoding="utf-8"))
        grant_reader(conn)
    return graph_database
