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

-- Ids in commit order. A bigserial alone is assigned at insert time, so two transactions can commit out of id
-- order and a listener that has seen id 11 would drop a later-committed 10 (and a client resuming from 11 never
-- gets it). events.append takes a transaction-level advisory lock before it draws the id: a second writer waits
-- at its first append until the first one commits (the lock is released only after the commit is visible), so
-- every id is drawn after all smaller ids are committed. Write events last in a transaction: the lock serialises
-- event writers from their first append to their commit.
create or replace function events.append(p_channel text, p_payload jsonb) returns bigint
language plpgsql as $$
declare
    new_id bigint;
begin
    perform pg_advisory_xact_lock(hashtextextended('events.stream', 0));
    insert into events.stream (channel, payload) values (p_channel, p_payload) returning id into new_id;
    perform pg_notify(p_channel, (p_payload || jsonb_build_object('id', new_id))::text);
    return new_id;
end
$$;

-- Webhook outbox: one row per (event, url), written in the event's own transaction, delivered after commit.
-- A row is `delivered` only after a 2xx; failures stay `pending` with a later next_attempt_at (exponential
-- backoff) until max attempts make it `failed`. delivery_id is sent as the Idempotency-Key of every attempt.
create table if not exists events.webhook_outbox (
    delivery_id uuid primary key default gen_random_uuid(),
    stream_id bigint not null references events.stream (id),
    url text not null,
    body jsonb not null,
    state text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
    attempts int not null default 0,
    next_attempt_at timestamptz not null default now(),
    last_error text,
    created_at timestamptz not null default now(),
    delivered_at timestamptz,
    unique (stream_id, url)
);

create index if not exists webhook_outbox_pending_idx on events.webhook_outbox (next_attempt_at)
    where state = 'pending';
