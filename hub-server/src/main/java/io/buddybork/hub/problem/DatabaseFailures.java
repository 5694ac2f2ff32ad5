package io.buddybork.hub.problem;

import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * Turns a JDBC failure into the problem a client may see: 503 {@code database-unavailable} (with
 * Retry-After) only when the database really cannot be reached, otherwise a 500 whose body names
 * no SQL and no exception text (those go to the log, with an id to find them by).
 */
public final class DatabaseFailures {
    private static final Logger LOG = Logger.getLogger(DatabaseFailures.class);

    /**
     * The class of Agroal's pool that refuses a connection when none came within
     * {@code quarkus.datasource.jdbc.acquisition-timeout} (a database that hangs rather than
     * refuses) or the pool is shutting down. Its plain {@code SQLException} carries no SQLState and
     * no type of its own, so where it was raised is the sign (not its text, which Agroal words two
     * ways). A compile-time reference: a renamed pool breaks the build; {@code DatabaseFailuresTest}
     * pins the behaviour against the real pool.
     */
    static final String AGROAL_POOL = io.agroal.pool.ConnectionPool.class.getName();

    private DatabaseFailures() {}

    /** The problem for {@code e}, raised while trying to {@code doing} (e.g. "read segments"). */
    public static ProblemException problem(String doing, SQLException e) {
        if (isConnectionFailure(e)) {
            LOG.warnf("database unavailable while trying to %s: %s", doing, e.getMessage());
            return ProblemException.unavailable(
                    "database-unavailable", "the hub's database cannot be reached now; retry later", 5, e);
        }
        String id = Long.toHexString(System.nanoTime() ^ Thread.currentThread().threadId());
        LOG.errorf(e, "database error %s while trying to %s", id, doing);
        return new ProblemException(
                io.buddybork.model.wire.ApiProblem.of(
                        500,
                        "internal-error",
                        "Internal Server Error",
                        "the hub could not " + doing + " (error " + id + " in the hub's log)"),
                java.util.Map.of(),
                e);
    }

    /**
     * Whether {@code e} (or a cause) means the database cannot be reached: SQLState class 08
     * (connection exception), 57P01-57P03 (server shutting down or starting), or the pool's
     * acquisition timeout (every connection is gone or stuck).
     */
    public static boolean isConnectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() == null && raisedByThePool(sql)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the pool itself raised {@code e} (it gave no connection), not a statement. */
    private static boolean raisedByThePool(SQLException e) {
        StackTraceElement[] frames = e.getStackTrace();
        return frames.length > 0 && frames[0].getClassName().equals(AGROAL_POOL);
    }
}
