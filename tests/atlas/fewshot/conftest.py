"""A provisioned database for the few-shot store tests of this package (dropped at the end)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from atlas.config import Settings
from atlas.db.cluster import Cluster
from atlas.db.provision import drop_database, provision
from tests.conftest import AtlasDatabase


@pytest.fixture(scope="module")
def fewshot_db(cluster: Cluster, settings: Settings) -> Iterator[AtlasDatabase]:
    name = f"atlas_test_fewshot_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    provision(cluster, name, settings.readonly_timeout_ms)
    yield AtlasDatabase(name=name, cluster=cluster)
    drop_database(cluster, name)
