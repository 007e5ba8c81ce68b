-- SQL twin of cypher/etfs_of_issuer.cypher.
select e.ticker from marts.dim_etf as e where e.issuer_id = %(issuer_id)s
