-- One instrument (stock, foreign stock, bond, ...) by its code.
select code, isin, name, instrument_type, market, sector, listing_date
from marts.dim_stock
where code = %(code)s
