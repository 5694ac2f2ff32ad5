package io.buddybork.hub.device;

import io.buddybork.hub.db.Sql;
import io.buddybork.model.wire.CaptureState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The SQL of the devices (table {@code device}) through {@link Sql}: {@link DeviceService}'s
 * changes (run in its transactions), the token lookup of authentication, the capture states
 * {@link CaptureStateBroker} loads, the last-seen times {@link DeviceActivity} loads and writes, and
 * the id reads of other packages. Each call is one statement, auto-committed unless a caller's
 * transaction is active. Failures stay {@link SQLException}s: each caller answers them its own way
 * (a problem, a failed start, a retry). Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class DeviceRepository {

    private static final String COLUMNS = "id, name, capture_enabled, capture_version, created, last_seen, revoked";

    /** A device's capture state and whether its token was revoked. */
    public record Capture(long deviceId, CaptureState state, boolean revoked) {}

    /** When a device was last heard from, as stored. */
    public record LastSeen(long deviceId, long ms) {}

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

    /** Stores a new device with capture on (version 1), created now. */
    public Device insert(String name, String tokenHash) throws SQLException {
        return sql.first(
                        "insert into device (name, token_hash, capture_enabled, capture_version, created)"
                                + " values (?, ?, true, 1, now()) returning " + COLUMNS,
                        DeviceRepository::device,
                        name,
                        tokenHash)
                .orElseThrow();
    }

    /** Every device by id. */
    public List<Device> list() throws SQLException {
        return sql.list("select " + COLUMNS + " from device order by id", DeviceRepository::device);
    }

    /** The device with this id, if any. */
    public Optional<Device> find(long id) throws SQLException {
        return sql.first("select " + COLUMNS + " from device where id = ?", DeviceRepository::device, id);
    }

    /** Renames the device; the device afterwards, if it exists. */
    public Optional<Device> rename(long id, String name) throws SQLException {
        return sql.first(
                "update device set name = ? where id = ? returning " + COLUMNS, DeviceRepository::device, name, id);
    }

    /** Revokes the token at {@code at} unless it was revoked before; the device afterwards, if it exists. */
    public Optional<Device> revoke(long id, OffsetDateTime at) throws SQLException {
        return sql.first(
                "update device set revoked = coalesce(revoked, ?) where id = ? returning " + COLUMNS,
                DeviceRepository::device,
                at,
                id);
    }

    /**
     * Switches capture on or off; a switch that changes it moves the capture version on by one.
     * The device afterwards, if it exists.
     */
    public Optional<Device> setCapture(long id, boolean enabled) throws SQLException {
        return sql.first(
                "update device set capture_enabled = ?,"
                        + " capture_version = capture_version + case when capture_enabled = ? then 0 else 1 end"
                        + " where id = ? returning " + COLUMNS,
                DeviceRepository::device,
                enabled,
                enabled,
                id);
    }

    /** The capture state of every device. */
    public List<Capture> captures() throws SQLException {
        return sql.list(
                "select id, capture_enabled, capture_version, revoked is not null from device",
                rs -> new Capture(rs.getLong(1), new CaptureState(rs.getBoolean(2), rs.getLong(3)), rs.getBoolean(4)));
    }

    /** The device's capture state, if the device exists. */
    public Optional<CaptureState> capture(long id) throws SQLException {
        return sql.first(
                "select capture_enabled, capture_version from device where id = ?",
                rs -> new CaptureState(rs.getBoolean(1), rs.getLong(2)),
                id);
    }

    /** The stored last-seen time (epoch ms) of every device that has one. */
    public List<LastSeen> lastSeen() throws SQLException {
        return sql.list(
                "select id, last_seen from device where last_seen is not null",
                rs -> new LastSeen(rs.getLong(1), Sql.millis(rs, 2)));
    }

    /**
     * Writes last-seen times (epoch ms by device id) in one statement; a stored time that is later
     * (written by another hub) stays.
     */
    public void writeLastSeen(Map<Long, Long> times) throws SQLException {
        Long[] ids = times.keySet().toArray(Long[]::new);
        Long[] ms = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ms[i] = times.get(ids[i]);
        }
        sql.update("""
                update device d set last_seen = v.seen
                from (select unnest(?::bigint[]) as id,
                             timestamptz 'epoch' + unnest(?::bigint[]) * interval '1 millisecond' as seen) v
                where d.id = v.id and (d.last_seen is null or d.last_seen < v.seen)""", ids, ms);
    }

    private static Device device(ResultSet rs) throws SQLException {
        return new Device(
                rs.getLong(1),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getLong(4),
                rs.getObject(5, OffsetDateTime.class),
                rs.getObject(6, OffsetDateTime.class),
                rs.getObject(7, OffsetDateTime.class));
    }
}
