"""KRX trade dates: one daily partition per calendar day (KST); days without trading load nothing."""

import dagster as dg

trade_date_partitions = dg.DailyPartitionsDefinition(start_date="2021-04-01", timezone="Asia/Seoul", end_offset=1)
