-- Queue one webhook delivery of a stream event, in the event's transaction (at most one per event and url).
insert into events.webhook_outbox (stream_id, url, body)
values (%(stream_id)s, %(url)s, %(body)s)
on conflict (stream_id, url) do nothing
returning delivery_id
