-- A small, realistic slice of the marts (columns exactly as docs/data-contract.md lists them), two holdings dates.
-- Includes on purpose: an ETF without holdings or index (999990), an issuer and a tag and a sector without edges,
-- a dim_stock row held only on the earlier date (000270), and a latest-date holding whose instrument is missing
-- from dim_stock (US88160R1014: the documented HOLDS exclusion). Quotes: 2024-11-07 for four ETFs, 2024-11-06 for
-- two (091160 only then: no same-day quote on the latest date); two ETFs held by ETFs without a valuation amount,
-- 122630 (quoted on 2024-11-07: valued as shares x close) and 091160 (not quoted that day: no value).
create schema if not exists marts;

create table marts.dim_etf (
    ticker text primary key, isin text, name text, full_name text, english_name text, brand text,
    issuer_id text, issuer_name text, index_id text, index_name text, index_provider text,
    tracking_multiple text, leverage_factor numeric, is_leveraged boolean, is_inverse boolean, replication text,
    is_active boolean, asset_class text, market text, total_fee_pct numeric, ter_pct numeric, listing_date date,
    cu_qty bigint, listed_units bigint, tax_type text, is_listed boolean, master_as_of date
);
create table marts.dim_issuer (issuer_id text primary key, name text, brands text[], etf_count integer);
create table marts.dim_index (index_id text primary key, name text, provider text, etf_count integer);
create table marts.dim_stock (
    code text primary key, isin text, name text, instrument_type text, market text, sector text, listing_date date
);
create table marts.dim_sector (sector_id text primary key, name text, stock_count integer);
create table marts.dim_tag (tag text primary key, description text);
create table marts.bridge_etf_tag (etf_ticker text, tag text, matched_on text, primary key (etf_ticker, tag));
create table marts.fct_etf_holdings (
    trade_date date, etf_ticker text, etf_isin text, instrument_code text, instrument_name text,
    shares numeric, value_krw numeric, weight_pct numeric, is_cash boolean,
    primary key (trade_date, etf_ticker, instrument_code)
);
create table marts.fct_etf_prices (
    trade_date date, etf_ticker text, close_price numeric, change_price numeric, change_pct numeric, nav numeric,
    open_price numeric, high_price numeric, low_price numeric, volume bigint, traded_value_krw bigint,
    market_cap_krw bigint, listed_units bigint,
    primary key (trade_date, etf_ticker)
);
create table marts.mart_etf_overlap (
    as_of date, etf_ticker text, other_ticker text, overlap_pct numeric, common_count integer, rank integer,
    primary key (as_of, etf_ticker, other_ticker)
);

insert into marts.dim_issuer values
    ('삼성자산운용', '삼성자산운용', array['KODEX'], 5),
    ('미래에셋자산운용', '미래에셋자산운용', array['TIGER'], 2),
    ('키움투자자산운용', '키움투자자산운용', array['KOSEF'], 2),
    ('한국투자신탁운용', '한국투자신탁운용', array['ACE'], 0);

insert into marts.dim_index values
    ('코스피 200', '코스피 200', 'KRX', 3),
    ('KRX 반도체', 'KRX 반도체', 'KRX', 1),
    ('코스피 200 선물지수', '코스피 200 선물지수', 'KRX', 1),
    ('S&P 500', 'S&P 500', 'S&P Dow Jones Indices', 1),
    ('FnGuide 2차전지 산업 지수', 'FnGuide 2차전지 산업 지수', 'FnGuide', 1),
    ('KTB 10년', 'KTB 10년', 'KAP', 1);

insert into marts.dim_etf (ticker, isin, name, full_name, brand, issuer_id, issuer_name, index_id, index_name,
                           leverage_factor, is_leveraged, is_inverse, asset_class, market, total_fee_pct,
                           listing_date, is_listed, master_as_of) values
    ('069500', 'KR7069500007', 'KODEX 200', '삼성 KODEX 200증권상장지수투자신탁[주식]', 'KODEX', '삼성자산운용',
     '삼성자산운용', '코스피 200', '코스피 200', 1, false, false, '주식', '국내', 0.15, '2002-10-14', true, '2024-11-07'),
    ('102110', 'KR7102110004', 'TIGER 200', '미래에셋 TIGER 200증권상장지수투자신탁(주식)', 'TIGER', '미래에셋자산운용',
     '미래에셋자산운용', '코스피 200', '코스피 200', 1, false, false, '주식', '국내', 0.05, '2008-04-03', true, '2024-11-07'),
    ('091160', 'KR7091160002', 'KODEX 반도체', '삼성 KODEX 반도체증권상장지수투자신탁[주식]', 'KODEX', '삼성자산운용',
     '삼성자산운용', 'KRX 반도체', 'KRX 반도체', 1, false, false, '주식', '국내', 0.45, '2006-06-27', true, '2024-11-07'),
    ('122630', 'KR7122630007', 'KODEX 레버리지', '삼성 KODEX 레버리지증권상장지수투자신탁[주식-파생형]', 'KODEX',
     '삼성자산운용', '삼성자산운용', '코스피 200', '코스피 200', 2, true, false, '주식', '국내', 0.64, '2010-02-22',
     true, '2024-11-07'),
    ('252670', 'KR7252670005', 'KODEX 200선물인버스2X', '삼성 KODEX 200선물인버스2X증권상장지수투자신탁[주식-파생형]',
     'KODEX', '삼성자산운용', '삼성자산운용', '코스피 200 선물지수', '코스피 200 선물지수', -2, true, true, '주식', '국내',
     0.64, '2016-09-22', true, '2024-11-07'),
    ('360750', 'KR7360750004', 'TIGER 미국S&P500', '미래에셋 TIGER 미국S&P500증권상장지수투자신탁(주식)', 'TIGER',
     '미래에셋자산운용', '미래에셋자산운용', 'S&P 500', 'S&P 500', 1, false, false, '주식', '해외', 0.07, '2020-08-07',
     true, '2024-11-07'),
    ('305720', 'KR7305720005', 'KODEX 2차전지산업', '삼성 KODEX 2차전지산업증권상장지수투자신탁[주식]', 'KODEX',
     '삼성자산운용', '삼성자산운용', 'FnGuide 2차전지 산업 지수', 'FnGuide 2차전지 산업 지수', 1, false, false, '주식',
     '국내', 0.45, '2018-09-12', true, '2024-11-07'),
    ('148070', 'KR7148070006', 'KOSEF 국고채10년', '키움 KOSEF 국고채10년증권상장지수투자신탁[채권]', 'KOSEF',
     '키움투자자산운용', '키움투자자산운용', 'KTB 10년', 'KTB 10년', 1, false, false, '채권', '국내', 0.15, '2011-10-20',
     true, '2024-11-07'),
    ('999990', null, 'KOSEF 단종 O''Reilly "테스트"', null, 'KOSEF', '키움투자자산운용', '키움투자자산운용', null, null,
     1, false, false, '주식', '국내', 0.30, '2015-01-02', false, '2024-11-07');

insert into marts.dim_sector values
    ('통신 및 방송 장비 제조업', '통신 및 방송 장비 제조업', 1),
    ('반도체 제조업', '반도체 제조업', 1),
    ('일차전지 및 축전지 제조업', '일차전지 및 축전지 제조업', 1),
    ('자동차용 엔진 및 자동차 제조업', '자동차용 엔진 및 자동차 제조업', 2),
    ('자료처리, 호스팅, 포털 및 기타 인터넷 정보매개 서비스업', '자료처리, 호스팅, 포털 및 기타 인터넷 정보매개 서비스업', 1),
    ('특수 목적용 기계 제조업', '특수 목적용 기계 제조업', 1),
    ('기타 화학제품 제조업', '기타 화학제품 제조업', 1),
    ('의료용 물질 및 의약품 제조업', '의료용 물질 및 의약품 제조업', 0);

insert into marts.dim_stock values
    ('005930', 'KR7005930003', '삼성전자', 'stock', 'KOSPI', '통신 및 방송 장비 제조업', '1975-06-11'),
    ('000660', 'KR7000660001', 'SK하이닉스', 'stock', 'KOSPI', '반도체 제조업', '1996-12-26'),
    ('373220', 'KR7373220003', 'LG에너지솔루션', 'stock', 'KOSPI', '일차전지 및 축전지 제조업', '2022-01-27'),
    ('005380', 'KR7005380001', '현대차', 'stock', 'KOSPI', '자동차용 엔진 및 자동차 제조업', '1974-06-28'),
    ('000270', 'KR7000270009', '기아', 'stock', 'KOSPI', '자동차용 엔진 및 자동차 제조업', '1973-07-21'),
    ('035420', 'KR7035420009', 'NAVER', 'stock', 'KOSPI', '자료처리, 호스팅, 포털 및 기타 인터넷 정보매개 서비스업',
     '2008-11-28'),
    ('042700', 'KR7042700005', '한미반도체', 'stock', 'KOSPI', '특수 목적용 기계 제조업', '2005-07-22'),
    ('247540', 'KR7247540008', '에코프로비엠', 'stock', 'KOSDAQ', '기타 화학제품 제조업', '2019-03-05'),
    ('US0378331005', 'US0378331005', 'APPLE INC', 'foreign_stock', null, null, null),
    ('US5949181045', 'US5949181045', 'MICROSOFT CORP', 'foreign_stock', null, null, null),
    ('KR103502GD96', 'KR103502GD96', '국고채권 03500-3406(24-4)', 'bond', null, null, null),
    ('KR4101V30005', 'KR4101V30005', '코스피200 F 202412', 'future', null, null, null),
    ('KRD010010001', 'KRD010010001', '원화예금', 'cash', null, null, null),
    ('122630', 'KR7122630007', 'KODEX 레버리지', 'etf', 'KOSPI', null, '2010-02-22'),
    ('091160', 'KR7091160002', 'KODEX 반도체', 'etf', 'KOSPI', null, '2006-06-27');

insert into marts.dim_tag values
    ('반도체', '반도체 관련 ETF'), ('2차전지', '2차전지 관련 ETF'), ('레버리지', '레버리지 ETF'), ('인버스', '인버스 ETF'),
    ('미국', '미국 투자 ETF'), ('채권', '채권형 ETF'), ('배당', '배당 ETF');

insert into marts.bridge_etf_tag values
    ('091160', '반도체', 'name'), ('305720', '2차전지', 'name'), ('122630', '레버리지', 'attribute'),
    ('252670', '인버스', 'attribute'), ('252670', '레버리지', 'attribute'), ('360750', '미국', 'name'),
    ('148070', '채권', 'index');

insert into marts.fct_etf_holdings values
    ('2024-11-06', '069500', 'KR7069500007', '005930', '삼성전자', 8975, 512000000, 29.90, false),
    ('2024-11-06', '069500', 'KR7069500007', '000270', '기아', 420, 38000000, 1.00, false),
    ('2024-11-06', '102110', 'KR7102110004', '005930', '삼성전자', 9000, 513000000, 29.95, false),
    ('2024-11-07', '069500', 'KR7069500007', '005930', '삼성전자', 8981, 515000000, 30.12, false),
    ('2024-11-07', '069500', 'KR7069500007', '000660', 'SK하이닉스', 821, 167500000, 9.80, false),
    ('2024-11-07', '069500', 'KR7069500007', '373220', 'LG에너지솔루션', 170, 70100000, 4.10, false),
    ('2024-11-07', '069500', 'KR7069500007', '005380', '현대차', 192, 39300000, 2.30, false),
    ('2024-11-07', '069500', 'KR7069500007', '035420', 'NAVER', 160, 32500000, 1.90, false),
    ('2024-11-07', '069500', 'KR7069500007', 'KRD010010001', '원화예금', 8550000, 8550000, 0.50, true),
    ('2024-11-07', '102110', 'KR7102110004', '005930', '삼성전자', 8990, 515500000, 30.05, false),
    ('2024-11-07', '102110', 'KR7102110004', '000660', 'SK하이닉스', 822, 167700000, 9.75, false),
    ('2024-11-07', '102110', 'KR7102110004', '373220', 'LG에너지솔루션', 168, 68800000, 4.00, false),
    ('2024-11-07', '102110', 'KR7102110004', '005380', '현대차', 197, 40400000, 2.35, false),
    ('2024-11-07', '102110', 'KR7102110004', '035420', 'NAVER', 156, 31700000, 1.85, false),
    ('2024-11-07', '102110', 'KR7102110004', 'KRD010010001', '원화예금', 12000000, 12000000, 0.70, true),
    ('2024-11-07', '091160', 'KR7091160002', '000660', 'SK하이닉스', 2466, 503200000, 25.30, false),
    ('2024-11-07', '091160', 'KR7091160002', '005930', '삼성전자', 7702, 439600000, 22.10, false),
    ('2024-11-07', '091160', 'KR7091160002', '042700', '한미반도체', 1700, 167500000, 8.40, false),
    ('2024-11-07', '122630', 'KR7122630007', '005930', '삼성전자', 5450, 311000000, 18.20, false),
    ('2024-11-07', '122630', 'KR7122630007', '000660', 'SK하이닉스', 510, 104100000, 6.10, false),
    ('2024-11-07', '122630', 'KR7122630007', 'KR4101V30005', '코스피200 F 202412', 50, 1025000000, 60.00, false),
    ('2024-11-07', '122630', 'KR7122630007', 'KRD010010001', '원화예금', 171000000, 171000000, 10.00, true),
    ('2024-11-07', '252670', 'KR7252670005', 'KR4101V30005', '코스피200 F 202412', -30, -615000000, -85.20, false),
    ('2024-11-07', '252670', 'KR7252670005', 'KRD010010001', '원화예금', 686000000, 686000000, 95.00, true),
    ('2024-11-07', '360750', 'KR7360750004', 'US0378331005', 'APPLE INC', 35, 7150000, 7.10, false),
    ('2024-11-07', '360750', 'KR7360750004', 'US5949181045', 'MICROSOFT CORP', 16, 6650000, 6.60, false),
    ('2024-11-07', '360750', 'KR7360750004', 'US88160R1014', 'TESLA INC', 8, 2400000, 2.40, false),
    ('2024-11-07', '360750', 'KR7360750004', 'KRD010010001', '원화예금', 300000, 300000, 0.30, true),
    ('2024-11-07', '305720', 'KR7305720005', '373220', 'LG에너지솔루션', 410, 169000000, 22.40, false),
    ('2024-11-07', '305720', 'KR7305720005', '247540', '에코프로비엠', 592, 92800000, 12.30, false),
    ('2024-11-07', '305720', 'KR7305720005', '005930', '삼성전자', 556, 31700000, 4.20, false),
    ('2024-11-07', '305720', 'KR7305720005', '122630', 'KODEX 레버리지', 10, null, null, false),
    ('2024-11-07', '360750', 'KR7360750004', '091160', 'KODEX 반도체', 3, null, null, false),
    ('2024-11-07', '148070', 'KR7148070006', 'KR103502GD96', '국고채권 03500-3406(24-4)', 1000, 1041000000, 98.90, false),
    ('2024-11-07', '148070', 'KR7148070006', 'KRD010010001', '원화예금', 11600000, 11600000, 1.10, true);

insert into marts.fct_etf_prices values
    ('2024-11-06', '069500', 34900, -150, -0.43, 34912.55, 35000, 35100, 34850, 5100000, 178000000000,
     6850000000000, 196300000),
    ('2024-11-06', '091160', 41200, 600, 1.48, 41180.02, 40800, 41350, 40700, 210000, 8600000000, 780000000000,
     18930000),
    ('2024-11-07', '069500', 35120, 220, 0.63, 35135.62, 34950, 35200, 34900, 4800000, 168000000000,
     6900000000000, 196470000),
    ('2024-11-07', '102110', 35250, 230, 0.66, 35261.40, 35080, 35300, 35020, 1500000, 52800000000,
     3100000000000, 87940000),
    ('2024-11-07', '122630', 17500, 225, 1.30, 17512.30, 17300, 17560, 17280, 9300000, 162000000000,
     1800000000000, 102860000),
    ('2024-11-07', '252670', 2190, -30, -1.35, null, 2215, 2220, 2185, 98000000, 215000000000,
     2200000000000, 1004560000);

insert into marts.mart_etf_overlap values
    ('2024-11-06', '069500', '102110', 29.90, 1, 1),
    ('2024-11-07', '069500', '102110', 48.70, 5, 1),
    ('2024-11-07', '069500', '091160', 31.90, 2, 2),
    ('2024-11-07', '069500', '122630', 24.30, 2, 3),
    ('2024-11-07', '069500', '305720', 8.30, 2, 4),
    ('2024-11-07', '102110', '069500', 48.70, 5, 1),
    ('2024-11-07', '102110', '091160', 31.85, 2, 2),
    ('2024-11-07', '091160', '069500', 31.90, 2, 1),
    ('2024-11-07', '091160', '102110', 31.85, 2, 2),
    ('2024-11-07', '122630', '069500', 24.30, 2, 1),
    ('2024-11-07', '305720', '069500', 8.30, 2, 1);
