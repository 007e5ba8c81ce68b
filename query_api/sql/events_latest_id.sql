-- The newest stream event id (0 when empty).
select coalesce(max(id), 0) as id from events.stream
