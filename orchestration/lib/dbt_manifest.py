"""`python -m orchestration.lib.dbt_manifest`: build dbt_project/target/manifest.json (`dbt parse`)."""

from __future__ import annotations

import subprocess
import sys

from atlas.config import Settings
from atlas.db.cluster import resolve_cluster
from orchestration.lib.dbt_project import DBT_EXECUTABLE, DBT_PROJECT_DIR, dbt_env


def main() -> int:
    settings = Settings.from_env()
    dbt = [DBT_EXECUTABLE]
    with dbt_env(resolve_cluster(settings).loader_dsn(settings.db_name)):
        for args in (["deps", "--quiet"], ["parse", "--quiet"]):
            if args[0] == "deps" and not (DBT_PROJECT_DIR / "packages.yml").exists():
                continue
            result = subprocess.run([*dbt, *args], cwd=DBT_PROJECT_DIR)
            if result.returncode != 0:
                return result.returncode
    print(f"dbt manifest ready at {DBT_PROJECT_DIR / 'target' / 'manifest.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
