package io.buddybork.hub.db;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The one way repositories run SQL: a statement with positional parameters on a connection of the
 * hub's Agroal pool, each row mapped by the caller's {@link Row} into a record, so no untyped row
 * leaves a repository. Inside a JTA transaction (a service's {@code @Transactional}) the
 * connection joins it; outside one each call is its own auto-committed transaction, committed
 * when the call returns. Failures stay {@link SQLException}s for the repository (or
 * {@code problem.DatabaseFailures}) to map. Work that must hold row locks across statements
 * outside any JTA transaction (on the security layer's worker thread) runs them through
 * {@link #inTransaction}. Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class Sql {

    /** Reads one row of a result into a typed value; called once per row, cursor on that row. */
    @FunctionalInterface
    public interface Row<T> {
        /** The value of the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    /** Work on the statements of one transaction; what it returns is returned once committed. */
    @FunctionalInterface
    public interface Work<T> {
        /** Runs the statements through {@code tx}. */
        T run(Transaction tx) throws SQLException;
    }

    /** The statements of one {@link #inTransaction} call, all on its one connection. */
    public static final class Transaction {
        private final Connection connection;
        private boolean rollbackOnly;

        private Transaction(Connection connection) {
            this.connection = connection;
        }

        /** Every row of the query, mapped, in the query's order. */
        public <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
            return Sql.list(connection, sql, row, params);
        }

        /** Runs an insert, update or delete without result rows; the number of rows it touched. */
        public int update(String sql, Object... params) throws SQLException {
            return Sql.update(connection, sql, params);
        }

        /** Ends the transaction with a rollback instead of a commit (nothing it wrote is kept). */
        public void rollbackOnly() {
            rollbackOnly = true;
        }
    }

    private final DataSource dataSource;

    /** The statements of {@code dataSource}: the hub's Agroal pool (a second pool acts as another hub in tests). */
    public Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every row of the query, mapped, in the query's order. */
    public <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return list(c, sql, row, params);
        }
    }

    /** The first row of the query, mapped, if any (the query says which row is first). */
    public <T> Optional<T> first(String sql, Row<T> row, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, params);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
            }
        }
    }

    /** Whether the query returns any row. */
    public boolean exists(String sql, Object... params) throws SQLException {
        return first(sql, rs -> Boolean.TRUE, params).isPresent();
    }

    /** The single {@code bigint} the query returns (a count). */
    public long count(String sql, Object... params) throws SQLException {
        return first(sql, rs -> rs.getLong(1), params).orElseThrow();
    }

    /** Runs an insert, update or delete without result rows; the number of rows it touched. */
    public int update(String sql, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return update(c, sql, params);
        }
    }

    /**
     * Runs {@code work} in one local transaction of its own on one connection of the pool: row locks
     * it takes hold until it ends, committed when it returns, rolled back when it threw or asked for
     * it ({@link Transaction#rollbackOnly}). Not inside a JTA transaction (a service's
     * {@code @Transactional}): the pool refuses to commit a connection that takes part in one.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Transaction tx = new Transaction(c);
                T result = work.run(tx);
                if (tx.rollbackOnly) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true); // back to the pool as it came
            }
        }
    }

    private static <T> List<T> list(Connection c, String sql, Row<T> row, Object[] params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, params);
            try (ResultSet rs = q.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(row.map(rs));
                }
                return rows;
            }
        }
    }

    private static int update(Connection c, String sql, Object[] params) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            bind(q, params);
            return q.executeUpdate();
        }
    }

    /** A UTC timestamp for {@code epochMs}, the type a {@code timestamptz} parameter is sent as. */
    public static OffsetDateTime utc(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }

    /** Column {@code index} ({@code timestamptz}) of the current row in epoch milliseconds. */
    public static long millis(ResultSet rs, int index) throws SQLException {
        Timestamp t = rs.getTimestamp(index);
        return t.getTime();
    }

    private static void bind(PreparedStatement q, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            q.setObject(i + 1, params[i]);
        }
    }
}
