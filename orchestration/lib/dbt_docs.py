"""`make dbt-docs`: generate dbt's documentation site (model docs, column docs, lineage) and serve it on :8080."""

from __future__ import annotations

import subprocess
import sys

from atlas.config import Settings
from atlas.db.cluster import resolve_cluster
from orchestration.lib.dbt_project import DBT_EXECUTABLE, DBT_PROJECT_DIR, dbt_env


def main() -> int:
    settings = Settings.from_env()
    with dbt_env(resolve_cluster(settings).loader_dsn(settings.db_name)):
        generated = subprocess.run([DBT_EXECUTABLE, "docs", "generate"], cwd=DBT_PROJECT_DIR)
        if generated.returncode != 0:
            return generated.returncode
        return subprocess.run(
            [DBT_EXECUTABLE, "docs", "serve", "--host", "127.0.0.1", "--port", "8080"], cwd=DBT_PROJECT_DIR
        ).returncode


if __name__ == "__main__":
    sys.exit(main())
