-- A failed Dagster run as one stream event + NOTIFY pipeline_failed, at most once per run id
-- (a sensor that evaluates the same failure twice writes nothing the second time); events.append: commit order.
select events.append('pipeline_failed', jsonb_build_object(
    'run_id', %(run_id)s::text, 'job', %(job)s::text, 'message', %(message)s::text,
    'partition', %(partition)s::text
)) as id
where not exists (
    select 1 from events.stream
    where channel = 'pipeline_failed' and payload ->> 'run_id' = %(run_id)s::text
)
