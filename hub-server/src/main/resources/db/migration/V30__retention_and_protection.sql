-- Operations (issue 14): what retention and the disk guard must never delete, and the record of what they did.
-- The first two statements are idempotent on purpose: the model builder (issue 8) and live detection
-- (issue 10) create the same table and column in their own migrations; whichever runs first wins and
-- the other finds them in place.
create table if not exists model_training_segment (
    model_id bigint not null references model (id) on delete cascade,
    raw_id   bigint not null references raw (id),
    primary key (model_id, raw_id)
);

alter table detection add column if not exists review text check (review in ('confirmed','rejected'));

-- One row per segment deleted by retention or the disk guard, written in the same transaction as the
-- row's deletion. file_removed is set once the file is gone; startup reconciliation removes the files
-- of tombstones whose deletion was interrupted by a crash.
create table raw_tombstone (
    raw_id       bigint      primary key,
    device_id    bigint      not null,
    start_time   timestamptz not null,
    path         text        not null,
    size_bytes   integer     not null,
    reason       text        not null check (reason in ('retention', 'disk-guard')),
    deleted      timestamptz not null default now(),
    file_removed timestamptz
);
create index raw_tombstone_pending_idx on raw_tombstone (deleted) where file_removed is null;

-- Protection lookups: "is there an annotation of this device overlapping [start, end)?"
create index if not exists annot_device_end_idx on annot (device_id, end_time);
create index if not exists detection_reviewed_raw_idx on detection (raw_id) where review is not null;
