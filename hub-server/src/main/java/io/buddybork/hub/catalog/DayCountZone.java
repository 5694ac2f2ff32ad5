package io.buddybork.hub.catalog;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * Keeps the trigger-maintained {@code raw_day_count} in the hub's time zone. The table's days are
 * local days of the zone named in {@code raw_day_count_zone}; at startup, when that is not the
 * configured zone (first start after the upgrade, a changed {@code BUDDYBORK_TIME_ZONE}, a
 * restored backup), the counts are rebuilt from {@code raw} in one transaction that holds off
 * inserts and deletes of segments meanwhile, so no segment is counted in the old zone's day.
 * Also checks that PostgreSQL knows the zone, since several queries hand it to {@code at time zone}.
 */
@ApplicationScoped
public class DayCountZone {
    private static final Logger LOG = Logger.getLogger(DayCountZone.class);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    HubZone zone;

    void onSchemaReady(@Observes SchemaReady ready) throws SQLException {
        align();
    }

    /**
     * Rebuilds {@code raw_day_count} in the hub's zone unless it is counted in it already.
     *
     * @return whether the counts were rebuilt
     * @throws IllegalStateException when PostgreSQL does not know the zone
     */
    public boolean align() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                requireKnownToDatabase(c);
                String counted;
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("select zone from raw_day_count_zone for update")) {
                    counted = rs.next() ? rs.getString(1) : null;
                }
                if (zone.id().equals(counted)) {
                    c.commit();
                    return false;
                }
                long started = System.nanoTime();
                int rows;
                try (Statement s = c.createStatement()) {
                    // inserts and deletes of segments wait here: the trigger must not count in the old zone meanwhile
                    s.execute("lock table raw in share mode");
                    s.execute("delete from raw_day_count");
                }
                try (PreparedStatement q = c.prepareStatement("""
                        insert into raw_day_count (day, device_id, segments)
                        select (start_time at time zone ?)::date, device_id, count(*) from raw group by 1, 2""")) {
                    q.setString(1, zone.id());
                    rows = q.executeUpdate();
                }
                try (PreparedStatement q =
                        c.prepareStatement("insert into raw_day_count_zone (only_row, zone) values (true, ?)"
                                + " on conflict (only_row) do update set zone = excluded.zone")) {
                    q.setString(1, zone.id());
                    q.executeUpdate();
                }
                c.commit();
                LOG.infof(
                        "Daily segment counts now follow the time zone %s (were %s): %d day and device row(s) in %d ms",
                        zone.id(), counted, rows, (System.nanoTime() - started) / 1_000_000);
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private void requireKnownToDatabase(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select now() at time zone ?")) {
            q.setString(1, zone.id());
            q.executeQuery().close();
        } catch (SQLException e) {
            if ("22023".equals(e.getSQLState())) { // invalid_parameter_value: time zone "..." not recognized
                throw new IllegalStateException(
                        "PostgreSQL does not know the time zone '" + zone.id()
                                + "' (BUDDYBORK_TIME_ZONE): update its tz data, or choose a zone it lists in pg_timezone_names");
            }
            throw e;
        }
    }
}
