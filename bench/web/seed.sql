-- Seeds one year of segments (one every 3 s, about 10.5 million raw rows) for one device into a
-- hub database that Flyway already migrated (start the hub once against it). Not part of the test
-- run. The per-row day-count trigger is switched off during the bulk load and its table rebuilt in
-- one pass afterwards, exactly as the trigger would have left it.
\timing on
begin;
insert into device (name, token_hash) values ('bench-mic', repeat('b', 64)) on conflict do nothing;
alter table raw disable trigger raw_day_count_trg;
insert into raw (device_id, start_time, max_amp, path, duration_ms, sample_rate, sha256, size_bytes)
select d.id, ts,
       -- quiet nights, busier days, a few loud events
       least(32768, (300 + 2500 * random() * (1 + sin(extract(epoch from ts) / 86400.0 * 2 * pi())))
                    + case when random() < 0.002 then 20000 else 0 end)::int,
       'raw/' || d.id || '/bench.wav', 3000, 44100, decode(repeat('00', 32), 'hex'), 264644
from device d,
     generate_series(timestamptz '2025-11-24 00:00:00+00', timestamptz '2026-11-23 23:59:57+00', interval '3 seconds') ts
where d.name = 'bench-mic';
alter table raw enable trigger raw_day_count_trg;
delete from raw_day_count where device_id = (select id from device where name = 'bench-mic');
insert into raw_day_count (day, device_id, segments)
select (start_time at time zone 'UTC')::date, device_id, count(*) from raw
where device_id = (select id from device where name = 'bench-mic') group by 1, 2;
commit;
analyze raw;
analyze raw_day_count;
select count(*) as raw_rows from raw;

-- About 17,500 annotations (one every 30 minutes) under two tags, for the annotation charts.
insert into tag (name) values ('bench-bark'), ('bench-doorbell') on conflict do nothing;
insert into annot (device_id, start_time, end_time, tag_id, created_by)
select d.id, ts + interval '1 second', ts + interval '2.5 seconds',
       (select id from tag where name = case when extract(minute from ts) = 0 then 'bench-bark' else 'bench-doorbell' end),
       null
from device d,
     generate_series(timestamptz '2025-11-24 00:00:00+00', timestamptz '2026-11-23 23:30:00+00', interval '30 minutes') ts
where d.name = 'bench-mic'
  and not exists (select 1 from annot a where a.device_id = d.id);
analyze annot;
select count(*) as annotations from annot;
