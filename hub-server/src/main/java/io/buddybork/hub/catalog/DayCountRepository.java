package io.buddybork.hub.catalog;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The SQL that keeps the trigger-maintained daily segment counts ({@code raw_day_count}) in a
 * time zone: which zone they are counted in ({@code raw_day_count_zone}) and the recount from
 * {@code raw}, through {@link Sql}; the counts' reads are {@code ingest.SegmentRepository}'s. Meant
 * for {@link DayCountZone}'s transaction (the lock and the row lock last until it ends). Failures
 * stay {@link SQLException}s. Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class DayCountRepository {

    private final Sql sql;

    DayCountRepository(Sql sql) {
        this.sql = sql;
    }

    /** Runs {@code now() at time zone zone}: fails with SQLState 22023 when PostgreSQL does not know the zone. */
    public void tryZone(String zone) throws SQLException {
        sql.first("select now() at time zone ?", rs -> Boolean.TRUE, zone);
    }

    /** The zone the counts are in, locking its row until the transaction ends. */
    public Optional<String> countedZoneForUpdate() throws SQLException {
        return sql.first("select zone from raw_day_count_zone for update", rs -> rs.getString(1));
    }

    /**
     * Counts every segment again per local day of {@code zone} and device, replacing the counts and
     * naming the zone; inserts and deletes of segments wait until the transaction ends (share lock
     * on {@code raw}), so the trigger counts none in the old zone meanwhile. The number of day and
     * device rows.
     */
    public int recount(String zone) throws SQLException {
        sql.update("lock table raw in share mode");
        sql.update("delete from raw_day_count");
        int rows = sql.update("""
                insert into raw_day_count (day, device_id, segments)
                select (start_time at time zone ?)::date, device_id, count(*) from raw group by 1, 2""", zone);
        sql.update(
                "insert into raw_day_count_zone (only_row, zone) values (true, ?)"
                        + " on conflict (only_row) do update set zone = excluded.zone",
                zone);
        return rows;
    }
}
