"""The one cached DbtProject, and the environment that points dbt's profile at a database."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from pathlib import Path

from dagster_dbt import DbtProject
from psycopg.conninfo import conninfo_to_dict

from orchestration.lib.dbt_log import dbt_log_file

# dbt is installed in the same environment as this package (the venv may not be on PATH).
DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")
DBT_PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
DBT_PROJECT.prepare_if_dev()


def dbt_env_for(dsn: str) -> dict[str, str]:
    """DBT_* variables read by dbt_project/profiles.yml, derived from a libpq DSN."""
    parts = conninfo_to_dict(dsn)
    return {
        "DBT_HOST": str(parts.get("host", "127.0.0.1")),
        "DBT_PORT": str(parts.get("port", "5432")),
        "DBT_USER": str(parts["user"]),
        "DBT_PASSWORD": str(parts.get("password", "")),
        "DBT_DBNAME": str(parts["dbname"]),
    }


@contextmanager
def dbt_env(dsn: str) -> Iterator[None]:
    """dbt runs as a subprocess that inherits os.environ: point it at `dsn` for the duration."""
    new = dbt_env_for(dsn)
    old = {key: os.environ.get(key) for key in new}
    os.environ.update(new)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@contextmanager
def dbt_console_to_file() -> Iterator[Path]:
    """dagster-dbt re-prints every dbt event on stdout; send those lines to dbt_log_file() instead of the console.
    The events still reach Dagster (materializations, check results, the run's logs)."""
    path = dbt_log_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log, redirect_stdout(log):
        yield path
