package io.buddybork.hub.db;

import io.agroal.api.AgroalDataSource;
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

/**
 * The one way repositories run SQL: a statement with positional parameters on a connection of the
 * hub's Agroal pool, each row mapped by the caller's {@link Row} into a record, so no untyped row
 * leaves a repository. Inside a JTA transaction (a service's {@code @Transactional}) the
 * connection joins it; outside one each call is its own auto-committed transaction, committed
 * when the call returns. Failures stay {@link SQLException}s for the repository (or
 * {@code problem.DatabaseFailures}) to map. Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class Sql {

    /** Reads one row of a result into a typed value; called once per row, cursor on that row. */
    @FunctionalInterface
    public interface Row<T> {
        /** The value of the current row. */
        T map(ResultSet rs) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    Sql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every row of the query, mapped, in the query's order. */
    public <T> List<T> list(String sql, Row<T> row, Object... params) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
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
