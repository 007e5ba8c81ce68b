-- Give every source row its graphid (label id + the label's sequence) and keep the business key beside it, so
-- that edges find their endpoints by a plain text join instead of reading agtype properties.
create temp table {stage} on commit drop as
select ag_catalog._graphid(%(label_id)s, nextval(%(seq)s::regclass)) as id, src.key, src.properties
from ({source}) as src
