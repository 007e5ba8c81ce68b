-- Entity dictionary: sectors (KIND industries).
select sector_id as id, name, stock_count from marts.dim_sector
