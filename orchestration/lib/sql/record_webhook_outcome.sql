-- The outcome of one delivery round: delivered, or pending again after a backoff, or failed for good.
update events.webhook_outbox
set state = %(state)s,
    attempts = attempts + %(attempts)s,
    last_error = %(error)s,
    next_attempt_at = now() + make_interval(secs => %(retry_after_s)s),
    delivered_at = case when %(state)s = 'delivered' then now() end
where delivery_id = %(delivery_id)s
