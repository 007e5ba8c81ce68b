"""Where dbt's console log goes (importable without dagster-dbt, for the CLI's first line)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def dbt_log_file() -> Path:
    """$DAGSTER_HOME/logs/dbt.log (else the project's .dagster_home)."""
    home = Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")
    return home / "logs" / "dbt.log"
