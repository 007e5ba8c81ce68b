-- Korean and former names of ETF brands (코덱스 → KODEX, KBSTAR → RISE): a dbt seed in the marts schema.
select alias, brand from marts.brand_aliases
