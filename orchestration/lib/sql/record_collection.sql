-- Insert a completed trade date once; only a newly inserted row becomes a stream event and a NOTIFY
-- (pg_notify is delivered on commit, never for a rolled-back write).
with inserted as (
    insert into events.collection_runs (trade_date, run_id, counts)
    values (%(trade_date)s, %(run_id)s, %(counts)s)
    on conflict (trade_date) do nothing
    returning trade_date, run_id, counts
), streamed as (
    insert into events.stream (channel, payload)
    select 'new_collection', jsonb_build_object('trade_date', trade_date, 'run_id', run_id, 'counts', counts)
    from inserted
    returning id, payload
)
select id, pg_notify('new_collection', (payload || jsonb_build_object('id', id))::text)
from streamed
