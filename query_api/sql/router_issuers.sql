-- Entity dictionary: issuers (asset managers) with their ETF brands.
select issuer_id as id, name, brands, etf_count from marts.dim_issuer
