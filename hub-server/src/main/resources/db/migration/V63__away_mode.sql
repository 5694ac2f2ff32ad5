-- Away mode (issue 20): whether the owner is away, since when and why, the weekly schedule that
-- sends them away and back, and the last absence (the dashboard greets them with its summary).
create table away_state (
    only_row        boolean     primary key default true check (only_row),
    away            boolean     not null default false,
    since           timestamptz not null default now(),
    -- what changed it last: button, schedule, presence or start
    source          text        not null default 'start',
    -- the weekly away windows in the hub's zone (AwaySchedule):
    -- {"windows":[{"days":["MONDAY",...],"from":"08:00","to":"17:00"}]}
    schedule        jsonb       not null default '{"windows": []}'::jsonb,
    -- whether now was inside a window at the last check: the schedule acts on edges only, so
    -- "I'm back" inside a window holds until the next window starts
    schedule_inside boolean     not null default false,
    -- the last absence that ended
    last_away_from  timestamptz,
    last_away_to    timestamptz
);
insert into away_state default values;

-- when each user last looked at the dashboard: "since your last visit" summaries
create table user_visit (
    username      text        primary key references app_user (username) on update cascade on delete cascade,
    -- the latest page view of the current visit
    last_seen     timestamptz not null,
    -- the last page view of the visit before (null: none yet)
    previous_seen timestamptz
);
