-- raw_day_count counts segments per local day of the hub's time zone (buddybork.time-zone), no
-- longer per UTC day. raw_day_count_zone names the zone its days are in: the trigger reads it, and
-- at startup the hub (catalog/DayCountZone) rebuilds raw_day_count in one transaction whenever
-- the configured zone differs from it. Until then the counts stay UTC days, as before.
create table raw_day_count_zone (
    only_row boolean primary key default true check (only_row),
    zone     text    not null
);
insert into raw_day_count_zone (zone) values ('UTC');

create or replace function raw_day_count_track() returns trigger
    language plpgsql as
$$
declare
    day_zone text := coalesce((select z.zone from raw_day_count_zone z), 'UTC');
begin
    if tg_op = 'INSERT' then
        insert into raw_day_count (day, device_id, segments)
        values ((new.start_time at time zone day_zone)::date, new.device_id, 1)
        on conflict (day, device_id) do update set segments = raw_day_count.segments + 1;
        return new;
    elsif tg_op = 'DELETE' then
        update raw_day_count set segments = segments - 1
        where day = (old.start_time at time zone day_zone)::date and device_id = old.device_id;
        return old;
    end if;
    return null;
end;
$$;
