"""Resources shared by every domain: the database (loader role), the KRX source, dbt, embeddings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import psycopg
from dagster_dbt import DbtCliResource

from atlas.config import Settings
from atlas.db.cluster import resolve_cluster
from orchestration.lib.dbt_project import DBT_EXECUTABLE, DBT_PROJECT


class AtlasDatabase(dg.ConfigurableResource):
    """The pipeline's database, reached as the loader role."""

    dsn: str

    @contextmanager
    def connect(self, autocommit: bool = False) -> Iterator[psycopg.Connection]:
        with psycopg.connect(self.dsn, autocommit=autocommit) as conn:
            yield conn


class KrxSource(dg.ConfigurableResource):
    """Where KRX data comes from: `replay:<dir>`, `live` or `record:<dir>` (KRX_SOURCE)."""

    source: str

    def client(self):  # -> orchestration.lib.krx client; imported lazily to keep definitions light
        from orchestration.lib.krx import client_from_source

        return client_from_source(self.source)


class EmbeddingsEndpoint(dg.ConfigurableResource):
    """The OpenAI-compatible embeddings endpoint; the local model server is started when none is configured."""

    base_url: str | None = None  # overrides OPENAI_BASE_URL (tests point it at their own server)

    def embedder(self):
        import dataclasses

        from atlas.embeddings import Embedder

        settings = Settings.from_env()
        if self.base_url:
            settings = dataclasses.replace(settings, embedding_base_url=self.base_url)
        return Embedder.from_settings(settings)


def shared_resources(settings: Settings | None = None) -> dict[str, object]:
    settings = settings or Settings.from_env()
    dsn = resolve_cluster(settings).loader_dsn(settings.db_name)
    return {
        "database": AtlasDatabase(dsn=dsn),
        "krx": KrxSource(source=settings.krx_source),
        "dbt": DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=DBT_EXECUTABLE),
        "embeddings": EmbeddingsEndpoint(),
    }
