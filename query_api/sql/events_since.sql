-- Stream events after a given id (Last-Event-ID resume), oldest first.
select id, channel, payload, created_at
from events.stream
where id > %(after)s
order by id
limit %(limit)s
