package io.buddybork.hub.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Small SQL helpers for asserting what the hub stored, and for the few facts a test must arrange directly. */
public final class Db {
    private Db() {}

    /** The single long value of {@code sql} with {@code args}. */
    public static long queryLong(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the update {@code sql} with {@code args}; the number of rows it changed. */
    public static int update(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            return q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rows of device {@code deviceId}. */
    public static long rawRows(DataSource ds, long deviceId) {
        return queryLong(ds, "select count(*) from raw where device_id = ?", deviceId);
    }

    /** The single string value of {@code sql} with {@code args}. */
    public static String queryString(DataSource ds, String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
