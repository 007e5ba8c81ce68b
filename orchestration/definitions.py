"""Dagster entry point (workspace.yaml): the definitions folder plus the shared resources."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from orchestration.resources import shared_resources


@dg.definitions
def definitions() -> dg.Definitions:
    project_root = Path(__file__).resolve().parent.parent
    return dg.Definitions.merge(
        dg.load_from_defs_folder(path_within_project=project_root),
        dg.Definitions(resources=shared_resources()),
    )
