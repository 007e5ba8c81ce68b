"""KRX trade dates (XKRX + overrides, orchestration.lib.trade_calendar) up to today in Seoul: one partition each."""

import dagster as dg

from orchestration.lib.trade_calendar import today_kst, trade_dates_until

trade_date_partitions = dg.StaticPartitionsDefinition([d.isoformat() for d in trade_dates_until(today_kst())])
