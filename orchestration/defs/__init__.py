"""Dagster definitions, one folder per domain: krx, dbt, graph, fewshot, notify.

Known, understood warnings are silenced here, before any definition is built: Dagster's beta/preview notices
for the APIs used on purpose (backfill policies, freshness policies), and dagster-dbt's note on tests that
dbt's indirect selection runs beside a subset (they are dbt tests of other stages, still run there).
"""

import logging
import warnings

import dagster as dg

warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)


class _IndirectSelectionNote(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "was not included in Dagster's asset check selection" not in record.getMessage()


for _name in ("dagster", "dagster.builtin"):
    logging.getLogger(_name).addFilter(_IndirectSelectionNote())
