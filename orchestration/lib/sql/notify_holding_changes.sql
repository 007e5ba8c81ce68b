-- One stream event and one NOTIFY per batch (trade date) of newly recorded holding changes.
with streamed as (
    insert into events.stream (channel, payload)
    values ('holding_changes', jsonb_build_object('trade_date', %(trade_date)s::date, 'count', %(count)s::int))
    returning id, payload
)
select id, pg_notify('holding_changes', (payload || jsonb_build_object('id', id))::text)
from streamed
