-- Tags of one ETF.
select tag from marts.bridge_etf_tag where etf_ticker = %(ticker)s order by tag
