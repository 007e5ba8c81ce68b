-- An issuer by id, name or one of its brands (case-insensitive), for ?issuer= filters.
select issuer_id, name, brands
from marts.dim_issuer
where lower(issuer_id) = lower(%(issuer)s)
   or lower(name) = lower(%(issuer)s)
   or exists (select 1 from unnest(brands) b where lower(b) = lower(%(issuer)s))
order by etf_count desc
limit 1
