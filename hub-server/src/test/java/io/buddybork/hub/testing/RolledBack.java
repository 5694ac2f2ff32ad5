package io.buddybork.hub.testing;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.SQLException;

/**
 * Runs a repository test's statements in a transaction of their own and rolls it back, so the test
 * leaves no rows for the hub's runners or other tests to see. Repositories' statements join it
 * through {@code db.Sql}.
 */
public final class RolledBack {
    private RolledBack() {}

    /** Statements that may fail with a database error. */
    @FunctionalInterface
    public interface Body {
        /** Runs the statements and the assertions on them. */
        void run() throws SQLException;
    }

    /** Runs {@code body} in a new transaction and rolls it back, whatever happened. */
    public static void run(Body body) throws SQLException {
        QuarkusTransaction.begin();
        try {
            body.run();
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}
