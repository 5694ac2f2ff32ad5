-- raw_bytes keeps the running total of size_bytes over raw, so the S3 soft quota
-- (buddybork.s3.quota-bytes) is checked by reading at most 16 rows instead of summing raw.
-- Triggers keep it in the same transaction as the rows, so it is exact across hubs, retention
-- deletes and restarts. The total is spread over 16 slots (raw.id % 16) so concurrent inserts of
-- several hubs do not all wait for one row's lock.
create table raw_bytes (
    slot  smallint primary key check (slot between 0 and 15),
    bytes bigint   not null
);

-- no insert may slip between the sum and the trigger
lock table raw in share row exclusive mode;

insert into raw_bytes (slot, bytes) select 0, coalesce(sum(size_bytes), 0) from raw;

create function raw_bytes_track() returns trigger
    language plpgsql as
$$
begin
    if tg_op = 'INSERT' then
        insert into raw_bytes (slot, bytes) values (new.id % 16, new.size_bytes)
        on conflict (slot) do update set bytes = raw_bytes.bytes + excluded.bytes;
        return new;
    elsif tg_op = 'DELETE' then
        insert into raw_bytes (slot, bytes) values (old.id % 16, -old.size_bytes)
        on conflict (slot) do update set bytes = raw_bytes.bytes + excluded.bytes;
        return old;
    elsif tg_op = 'UPDATE' then
        insert into raw_bytes (slot, bytes) values (new.id % 16, new.size_bytes - old.size_bytes)
        on conflict (slot) do update set bytes = raw_bytes.bytes + excluded.bytes;
        return new;
    end if;
    return null;
end;
$$;

create trigger raw_bytes_track
    after insert or delete or update of size_bytes on raw
    for each row execute function raw_bytes_track();

create function raw_bytes_reset() returns trigger
    language plpgsql as
$$
begin
    delete from raw_bytes;
    return null;
end;
$$;

create trigger raw_bytes_reset
    after truncate on raw
    for each statement execute function raw_bytes_reset();
