-- One stream event and one NOTIFY per batch (trade date) of newly recorded holding changes (id in commit order).
select events.append(
    'holding_changes', jsonb_build_object('trade_date', %(trade_date)s::date, 'count', %(count)s::int)
) as id
