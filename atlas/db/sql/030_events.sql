-- events.*: completed collections (one row per trade date, NOTIFY only on insert) and holding changes.
create table if not exists events.collection_runs (
    trade_date date primary key,
    completed_at timestamptz not null default now(),
    run_id text,
    counts jsonb not null default '{}'::jsonb
);

create table if not exists events.holding_changes (
    id bigserial primary key,
    trade_date date not null,
    prev_date date,
    etf_ticker text not null,
    instrument_code text not null,
    instrument_name text,
    kind text not null check (kind in ('added', 'removed', 'increased', 'decreased')),
    weight_prev numeric,
    weight_curr numeric,
    weight_delta numeric,
    shares_prev numeric,
    shares_curr numeric,
    shares_delta numeric,
    created_at timestamptz not null default now(),
    unique (trade_date, etf_ticker, instrument_code)
);

create index if not exists holding_changes_date_idx on events.holding_changes (trade_date);

-- One stream for the API's SSE: every event gets a monotonically increasing id for Last-Event-ID resume.
create table if not exists events.stream (
    id bigserial primary key,
    channel text not null,
    payload jsonb not null,
    created_at timestamptz not null default now()
);
