-- Entity dictionary: benchmark indexes.
select index_id as id, name, provider, etf_count from marts.dim_index
