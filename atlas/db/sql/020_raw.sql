-- raw.*: KRX responses as delivered, parsed from KRX strings into typed columns (names keep KRX's keys).
-- Daily tables are replaced one trade date per transaction; masters one snapshot date per transaction.

create table if not exists raw.krx_etf_master (
    as_of_date date not null,
    isu_cd text not null,
    isu_srt_cd text not null,
    isu_nm text,
    isu_abbrv text,
    isu_eng_nm text,
    list_dd date,
    etf_obj_idx_nm text,
    idx_calc_inst_nm1 text,
    idx_calc_inst_nm2 text,
    etf_replica_methd_tp_cd text,
    idx_mkt_clss_nm text,
    idx_asst_clss_nm text,
    list_shrs bigint,
    com_abbrv text,
    cu_qty bigint,
    etf_tot_fee numeric(12, 6),
    tax_tp_cd text,
    _source text not null,
    _loaded_at timestamptz not null default now(),
    primary key (as_of_date, isu_cd)
);

create table if not exists raw.krx_etf_prices (
    trade_date date not null,
    isu_srt_cd text not null,
    isu_cd text,
    isu_abbrv text,
    tdd_clsprc numeric(20, 2),
    cmpprevdd_prc numeric(20, 2),
    fluc_rt numeric(12, 2),
    nav numeric(20, 2),
    tdd_opnprc numeric(20, 2),
    tdd_hgprc numeric(20, 2),
    tdd_lwprc numeric(20, 2),
    acc_trdvol bigint,
    acc_trdval numeric(24, 0),
    mktcap numeric(24, 0),
    list_shrs bigint,
    invstasst_netasst_totamt numeric(24, 0),
    _source text not null,
    _loaded_at timestamptz not null default now(),
    primary key (trade_date, isu_srt_cd)
);

create table if not exists raw.krx_etf_holdings (
    trade_date date not null,
    etf_isu_cd text not null,
    line_no integer not null,
    compst_isu_cd text,
    compst_isu_cd2 text,
    compst_isu_nm text,
    compst_isu_cu1_shrs numeric(24, 2),
    valu_amt numeric(24, 0),
    compst_amt numeric(24, 0),
    compst_rto numeric(12, 2),
    mkt_id text,
    secugrp_id text,
    _source text not null,
    _loaded_at timestamptz not null default now(),
    primary key (trade_date, etf_isu_cd, line_no)
);

create table if not exists raw.krx_stock_master (
    as_of_date date not null,
    isu_cd text not null,
    isu_srt_cd text not null,
    isu_nm text,
    isu_abbrv text,
    isu_eng_nm text,
    list_dd date,
    mkt_tp_nm text,
    secugrp_nm text,
    sect_tp_nm text,
    kind_stkcert_tp_nm text,
    parval numeric(20, 2),
    list_shrs bigint,
    _source text not null,
    _loaded_at timestamptz not null default now(),
    primary key (as_of_date, isu_cd)
);

create table if not exists raw.kind_companies (
    as_of_date date not null,
    code text not null,
    name text,
    market text,
    industry text,
    listing_date date,
    _source text not null,
    _loaded_at timestamptz not null default now(),
    primary key (as_of_date, code)
);

create table if not exists raw.kofia_fees (
    as_of_date date not null,
    fund_code text not null,
    fund_name text not null,
    fund_type text,
    setup_date date,
    mgmt_fee numeric(12, 4),
    sales_fee numeric(12, 4),
    trustee_fee numeric(12, 4),
    admin_fee numeric(12, 4),
    total_fee numeric(12, 4),
    peer_avg_fee numeric(12, 4),
    other_expenses numeric(12, 4),
    ter numeric(12, 4),
    front_load numeric(12, 4),
    back_load numeric(12, 4),
    trading_fee_rate numeric(12, 4),
    _source text not null,
    _loaded_at timestamptz not null default now(),
    primary key (as_of_date, fund_code)
);
