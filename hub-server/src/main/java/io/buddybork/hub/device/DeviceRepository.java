package io.buddybork.hub.device;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The SQL of the devices (table {@code device}) that runs outside the {@link Device} entity's
 * Panache queries: the token lookup of authentication and the id reads of ingest's reconciler,
 * each one statement through {@link Sql} (its own auto-committed transaction unless a caller's
 * is active). Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class DeviceRepository {

    private final Sql sql;

    DeviceRepository(Sql sql) {
        this.sql = sql;
    }

    /** The active (not revoked) device holding the token with this hash. */
    public OptionalLong activeIdForToken(String tokenHash) throws SQLException {
        return sql.first(
                        "select id from device where token_hash = ? and revoked is null",
                        rs -> rs.getLong(1),
                        tokenHash)
                .map(OptionalLong::of)
                .orElseGet(OptionalLong::empty);
    }

    /** The ids of every device. */
    public List<Long> ids() throws SQLException {
        return sql.list("select id from device order by id", rs -> rs.getLong(1));
    }

    /** Whether a device with this id exists. */
    public boolean exists(long deviceId) throws SQLException {
        return sql.exists("select 1 from device where id = ?", deviceId);
    }
}
