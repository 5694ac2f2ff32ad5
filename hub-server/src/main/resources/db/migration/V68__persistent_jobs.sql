-- Jobs that survive a restart and may run on another node (package job): re-detect jobs move from
-- memory to a table, and both job tables get a lease: the node running a job (owner) renews
-- heartbeat while it runs; a queued job, or a running one whose lease has expired (its node died),
-- may be claimed by any node with the right role. cancel_requested is how any node asks the
-- runner to stop.
create table redetect_job (
    id               bigserial primary key,
    model_id         bigint      not null references model (id) on delete cascade,
    from_ms          bigint      not null,
    to_ms            bigint      not null,
    device_id        bigint,
    state            text        not null check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    total            bigint      not null default 0,
    done             bigint      not null default 0,
    stored           bigint      not null default 0,
    failed           bigint      not null default 0,
    message          text,
    -- where a resumed run goes on: the keyset (start, id) of the last segment scored; null: from to_ms
    cursor_ms        bigint,
    cursor_id        bigint,
    cancel_requested boolean     not null default false,
    owner            text,
    heartbeat        timestamptz,
    created          timestamptz not null default now(),
    finished         timestamptz
);
create index redetect_job_active_idx on redetect_job (state) where state in ('queued', 'running');

alter table model_job
    add column cancel_requested boolean not null default false,
    add column owner            text,
    add column heartbeat        timestamptz;
