-- The next due delivery not yet tried by this call, locked for this worker (others skip it) until its outcome is recorded.
select delivery_id, stream_id, url, body, attempts
from events.webhook_outbox
where state = 'pending' and next_attempt_at <= now()
  and delivery_id <> all(%(tried)s::uuid[])  -- once per call: a failed row waits for a later call
order by stream_id, delivery_id
limit 1
for update skip locked
