-- Entity dictionary: ETF tags (themes such as 반도체, 2차전지, 배당).
select t.tag as id, t.tag as name, t.description,
       (select count(*) from marts.bridge_etf_tag b where b.tag = t.tag) as etf_count
from marts.dim_tag t
