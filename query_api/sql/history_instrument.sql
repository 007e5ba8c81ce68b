-- An instrument's name and type (404 when it was never held and is not in dim_stock).
select d.code, d.name, d.instrument_type
from marts.dim_stock d
where d.code = %(code)s
