package io.buddybork.hub.catalog;

import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.time.HubZone;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.QuarkusTransactionException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
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
    DayCountRepository counts;

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
        long started = System.nanoTime();
        Recount done;
        try {
            done = QuarkusTransaction.requiringNew().call(this::alignInTransaction);
        } catch (QuarkusTransactionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
        if (done == null) {
            return false;
        }
        LOG.infof(
                "Daily segment counts now follow the time zone %s (were %s): %d day and device row(s) in %d ms",
                zone.id(), done.were(), done.rows(), (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    /** A committed recount: the zone the counts were in before, and the day and device rows now. */
    private record Recount(String were, int rows) {}

    /** The recount, or null when the counts are in the hub's zone already. */
    private Recount alignInTransaction() throws SQLException {
        requireKnownToDatabase();
        String counted = counts.countedZoneForUpdate().orElse(null);
        if (zone.id().equals(counted)) {
            return null;
        }
        return new Recount(counted, counts.recount(zone.id()));
    }

    private void requireKnownToDatabase() throws SQLException {
        try {
            counts.tryZone(zone.id());
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
