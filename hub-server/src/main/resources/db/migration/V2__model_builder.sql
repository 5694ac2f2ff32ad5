-- Model builder (issue 8): training jobs, what each model was trained on, the training summary.

-- Every raw segment whose audio went into a model's training (annotation windows' source segments
-- and background segments). Retention keeps these segments while the model exists.
create table if not exists model_training_segment (
    model_id bigint not null references model (id) on delete cascade,
    raw_id   bigint not null references raw (id),
    primary key (model_id, raw_id)
);
create index if not exists model_training_segment_raw_idx on model_training_segment (raw_id);

-- What a model was trained on (examples per tag, background used of available, days, timings).
alter table model add column if not exists training jsonb;

-- Training jobs: at most one runs at a time (TrainingJobs); a hub restart marks a running one failed.
create table model_job (
    id         bigserial primary key,
    state      text             not null check (state in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    progress   double precision not null default 0 check (progress between 0 and 1),
    stage      text             not null default 'queued',
    model_id   bigint           references model (id) on delete set null,
    error      text,
    -- the request as submitted (name, tags, split, options)
    request    jsonb            not null,
    created_by text,
    created    timestamptz      not null default now(),
    started    timestamptz,
    finished   timestamptz
);
create index model_job_state_idx on model_job (state);
