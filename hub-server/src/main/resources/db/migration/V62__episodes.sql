-- Episodes (issue 20): consecutive live detections of one tag on one device whose gaps stay under
-- the bridge (buddybork.episodes.bridge) form one episode. The tracker (episode/EpisodeTracker)
-- grows them as detections arrive; a rebuild recomputes a range from the detection table.
create table episode (
    id          bigserial primary key,
    device_id   bigint           not null references device (id) on delete cascade,
    -- a deleted tag takes its episodes along (a rebuild after a merge recomputes them)
    tag_id      bigint           not null references tag (id) on delete cascade,
    -- start of the first segment, end of the last one
    start_time  timestamptz      not null,
    end_time    timestamptz      not null,
    segments    integer          not null check (segments > 0),
    peak_score  double precision not null,
    -- still growing: the bridge has not passed since the last detection joined it
    open        boolean          not null default false,
    -- hub time of the last detection joining it: the sweep ends an open episode a bridge after it
    touched     timestamptz      not null default now(),
    constraint episode_time_order check (end_time >= start_time)
);
-- lists and summaries by time
create index episode_start_idx on episode (start_time);
-- merging: the episodes of one device and tag near a time
create index episode_device_tag_end_idx on episode (device_id, tag_id, end_time);
-- at most one open episode per device and tag
create unique index episode_open_uq on episode (device_id, tag_id) where open;
-- the sweep looks at open ones only
create index episode_open_touched_idx on episode (touched) where open;
