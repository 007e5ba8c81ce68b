-- Insert a completed trade date once; only a newly inserted row becomes a stream event and a NOTIFY
-- (events.append: id in commit order; pg_notify is delivered on commit, never for a rolled-back write).
with inserted as (
    insert into events.collection_runs (trade_date, run_id, counts)
    values (%(trade_date)s, %(run_id)s, %(counts)s)
    on conflict (trade_date) do nothing
    returning trade_date, run_id, counts
)
select events.append(
    'new_collection', jsonb_build_object('trade_date', trade_date, 'run_id', run_id, 'counts', counts)
) as id
from inserted
