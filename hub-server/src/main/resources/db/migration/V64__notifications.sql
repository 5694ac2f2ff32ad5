-- Notifications (package notify): webhook / push targets, per-tag rules, the delivery log, and the
-- episodes the hub has counted for MQTT / Home Assistant (so repeats after a restart count once).

-- Where pushes go: a generic JSON webhook or an ntfy-style topic URL. url and token are secrets
-- (an ntfy topic or a token in a query string is a password): the API only ever shows them masked.
create table notify_target (
    id         bigserial primary key,
    name       text        not null check (length(btrim(name)) between 1 and 100),
    kind       text        not null check (kind in ('generic', 'ntfy')),
    url        text        not null check (url ~* '^https?://'),
    -- sent as "Authorization: Bearer <token>" when set
    token      text,
    enabled    boolean     not null default true,
    created    timestamptz not null default now()
);

-- When a push is sent. The row with tag_id null is the default of every tag without its own row.
create table notify_rule (
    id               bigserial primary key,
    tag_id           bigint references tag (id) on delete cascade,
    enabled          boolean not null default true,
    -- no second push for the same tag within this many seconds of the last one
    cooldown_seconds integer not null default 600 check (cooldown_seconds >= 0),
    -- local times of the hub's zone; no push between them (start > end spans midnight); null: none
    quiet_start      time,
    quiet_end        time,
    -- the episode must have lasted this long and reached this score before it is pushed
    min_duration_ms  bigint  not null default 0 check (min_duration_ms >= 0),
    min_score        double precision not null default 0 check (min_score >= 0 and min_score <= 1),
    -- push only while away mode is on
    only_when_away   boolean not null default false,
    check ((quiet_start is null) = (quiet_end is null))
);
create unique index notify_rule_tag on notify_rule (coalesce(tag_id, 0));
insert into notify_rule (tag_id) values (null);

-- Every push and its fate: pending -> sent, or retrying -> ... -> sent / failed.
create table notify_delivery (
    id          bigserial primary key,
    target_id   bigint      not null references notify_target (id) on delete cascade,
    -- null for "send a test"
    episode_id  bigint,
    tag_id      bigint,
    kind        text        not null check (kind in ('episode', 'test')),
    payload     text        not null,
    status      text        not null check (status in ('pending', 'retrying', 'sent', 'failed')),
    attempts    integer     not null default 0,
    last_error  text,
    created     timestamptz not null default now(),
    updated     timestamptz not null default now(),
    next_try    timestamptz
);
-- one push per episode and target, however often the episode's events repeat
create unique index notify_delivery_once on notify_delivery (target_id, episode_id) where episode_id is not null;
create index notify_delivery_recent on notify_delivery (created desc);
create index notify_delivery_tag on notify_delivery (tag_id, created desc) where kind = 'episode';

-- Episodes counted for the MQTT counters (Home Assistant "episodes" sensors), one row per episode.
create table notify_episode (
    episode_id bigint      primary key,
    device_id  bigint      not null,
    tag_id     bigint      not null,
    start_time timestamptz not null
);
create index notify_episode_device_tag on notify_episode (device_id, tag_id);
