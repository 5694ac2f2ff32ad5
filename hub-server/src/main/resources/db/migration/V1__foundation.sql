-- Buddybork foundation schema: devices, raw segments, users, tags, annotations, models, detections.
-- Times are timestamptz (stored as UTC instants); "day" always means the UTC calendar day.

create table device (
    id              bigserial primary key,
    name            text        not null check (length(btrim(name)) between 1 and 100),
    -- SHA-256 (hex) of the device's bearer token; the token itself is never stored.
    token_hash      char(64)    not null unique,
    capture_enabled boolean     not null default true,
    -- grows by one with every capture change, so devices can long-poll "anything newer than N?"
    capture_version bigint      not null default 1,
    created         timestamptz not null default now(),
    last_seen       timestamptz,
    revoked         timestamptz
);

create table raw (
    id          bigserial primary key,
    device_id   bigint      not null references device (id),
    start_time  timestamptz not null,
    max_amp     integer     not null check (max_amp between 0 and 32768),
    -- relative to the data root: raw/<device>/<yyyy>/<mm>/<dd>/<startMs>.wav
    path        text        not null,
    duration_ms integer     not null check (duration_ms between 1 and 10000),
    sample_rate integer     not null check (sample_rate > 0),
    -- SHA-256 of the stored WAV bytes: an identical re-upload is answered 200, a different one 409
    sha256      bytea       not null check (length(sha256) = 32),
    size_bytes  integer     not null check (size_bytes > 0),
    created     timestamptz not null default now(),
    constraint raw_device_start_uq unique (device_id, start_time)
);
create index raw_start_time_idx on raw (start_time);

-- Segments per UTC day and device, kept by trigger so that day charts never count millions of rows.
create table raw_day_count (
    day       date   not null,
    device_id bigint not null references device (id),
    segments  bigint not null check (segments >= 0),
    primary key (day, device_id)
);

create function raw_day_count_track() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'INSERT' then
        insert into raw_day_count (day, device_id, segments)
        values ((new.start_time at time zone 'UTC')::date, new.device_id, 1)
        on conflict (day, device_id) do update set segments = raw_day_count.segments + 1;
        return new;
    elsif tg_op = 'DELETE' then
        update raw_day_count set segments = segments - 1
        where day = (old.start_time at time zone 'UTC')::date and device_id = old.device_id;
        return old;
    end if;
    return null;
end;
$$;

create trigger raw_day_count_trg
    after insert or delete on raw
    for each row execute function raw_day_count_track();

create table app_user (
    username        text        primary key check (username ~ '^[A-Za-z0-9_.@-]{1,64}$'),
    -- bcrypt in modular crypt format ($2a$12$...)
    password        text        not null,
    role            text        not null check (role in ('admin', 'viewer')),
    enabled         boolean     not null default true,
    -- bumped to end every session of the user (password change, disable, "log out everywhere")
    session_version integer     not null default 0,
    created         timestamptz not null default now()
);

create table tag (
    id      bigserial primary key,
    name    text        not null unique check (length(btrim(name)) between 1 and 64),
    created timestamptz not null default now()
);

create table annot (
    id         bigserial primary key,
    device_id  bigint      not null references device (id),
    start_time timestamptz not null,
    end_time   timestamptz not null,
    tag_id     bigint      not null references tag (id),
    created_by text        references app_user (username) on update cascade on delete set null,
    created    timestamptz not null default now(),
    constraint annot_time_order check (end_time > start_time)
);
create index annot_device_start_idx on annot (device_id, start_time);
create index annot_start_idx on annot (start_time);
create index annot_tag_idx on annot (tag_id);

create table model (
    id        bigserial primary key,
    name      text        not null check (length(btrim(name)) between 1 and 100),
    created   timestamptz not null default now(),
    -- ids and names of the known tags, in the classifier's output order
    tags      jsonb       not null default '[]'::jsonb,
    metrics   jsonb,
    file_path text,
    active    boolean     not null default false
);
-- at most one model drives live detection
create unique index model_single_active_idx on model (active) where active;

create table detection (
    id         bigserial primary key,
    raw_id     bigint           not null references raw (id) on delete cascade,
    model_id   bigint           not null references model (id) on delete cascade,
    start_time timestamptz      not null,
    -- null: the segment was scored but matched no known tag ("unknown")
    tag_id     bigint           references tag (id),
    score      double precision not null
);
create index detection_start_idx on detection (start_time);
create index detection_raw_idx on detection (raw_id);
create index detection_model_idx on detection (model_id);
