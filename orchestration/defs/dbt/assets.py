"""dbt models as Dagster assets: dimensions, daily facts (partitioned) and latest-date marts.

Three @dbt_assets so no op is both upstream and downstream of another: dimensions and staging first,
then the partitioned facts (dates passed as --vars), then marts computed from the latest holdings.
"""

import json
from collections.abc import Iterator
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.defs.dbt.selections import DAILY_MODELS, LATEST_MODELS
from orchestration.defs.dbt.translator import TRANSLATOR
from orchestration.defs.krx.partitions import trade_date_partitions
from orchestration.lib.dbt_project import DBT_PROJECT, dbt_console_to_file, dbt_env
from orchestration.lib.windows import key_dates, vars_for
from orchestration.resources import AtlasDatabase

MANIFEST = DBT_PROJECT.manifest_path


@dbt_assets(
    manifest=MANIFEST,
    project=DBT_PROJECT,
    exclude=f"{DAILY_MODELS} {LATEST_MODELS}",
    dagster_dbt_translator=TRANSLATOR,
    name="dbt_dimensions",
)
def dbt_dimensions(context: dg.AssetExecutionContext, dbt: DbtCliResource, database: AtlasDatabase) -> Iterator[Any]:
    with dbt_env(database.dsn), dbt_console_to_file():
        yield from dbt.cli(["build"], context=context).stream()


@dbt_assets(
    manifest=MANIFEST,
    project=DBT_PROJECT,
    select=DAILY_MODELS,
    dagster_dbt_translator=TRANSLATOR,
    partitions_def=trade_date_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    name="dbt_daily_facts",
)
def dbt_daily_facts(context: dg.AssetExecutionContext, dbt: DbtCliResource, database: AtlasDatabase) -> Iterator[Any]:
    dbt_vars = vars_for(key_dates(context.partition_keys))
    context.log.info(f"dbt vars for this window: {dbt_vars}")
    with dbt_env(database.dsn), dbt_console_to_file():
        yield from dbt.cli(["build", "--vars", json.dumps(dbt_vars)], context=context).stream()


@dbt_assets(
    manifest=MANIFEST,
    project=DBT_PROJECT,
    select=LATEST_MODELS,
    dagster_dbt_translator=TRANSLATOR,
    name="dbt_latest_marts",
)
def dbt_latest_marts(context: dg.AssetExecutionContext, dbt: DbtCliResource, database: AtlasDatabase) -> Iterator[Any]:
    with dbt_env(database.dsn), dbt_console_to_file():
        yield from dbt.cli(["build"], context=context).stream()
