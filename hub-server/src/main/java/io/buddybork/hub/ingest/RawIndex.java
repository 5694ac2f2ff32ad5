package io.buddybork.hub.ingest;

import io.agroal.api.AgroalDataSource;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.wav.PcmAudio;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The {@code raw} table as the ingest path needs it, in plain JDBC: each call is one statement in
 * its own (auto-committed) transaction, so an insert has been committed when it returns.
 * Blocking; thread-safe.
 */
@ApplicationScoped
public class RawIndex {

    /** The stored facts that decide between 200 and 409 for a repeated key. */
    public record Existing(long id, byte[] sha256) {}

    /** A row to insert. */
    public record NewRow(
            long deviceId,
            long startMs,
            int maxAmp,
            String path,
            int durationMs,
            int sampleRate,
            byte[] sha256,
            int sizeBytes) {

        /** The row describing {@code wav} (decoded as {@code audio}): measures recomputed here, never taken from a client. */
        public static NewRow of(long deviceId, long startMs, PcmAudio audio, byte[] wav) {
            return new NewRow(
                    deviceId,
                    startMs,
                    audio.maxAbs(),
                    SegmentNames.relativePath(deviceId, startMs),
                    (int) audio.durationMillis(),
                    audio.sampleRate(),
                    sha256(wav),
                    wav.length);
        }

        private static byte[] sha256(byte[] bytes) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(bytes);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    AgroalDataSource dataSource;

    /** The row for this device and start, if any. */
    public Optional<Existing> find(long deviceId, long startMs) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("select id, sha256 from raw where device_id = ? and start_time = ?")) {
            q.setLong(1, deviceId);
            q.setObject(2, utc(startMs));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Existing(rs.getLong(1), rs.getBytes(2))) : Optional.empty();
            }
        }
    }

    /**
     * The class half of the two-part advisory lock key that serialises the last overlap check and
     * the insert per device across every hub on the database ("bbra"); the two-part keys are a
     * space apart from the one-part keys of jobs and backups.
     */
    public static final int DEVICE_LOCK_CLASS = 0x62627261;

    /**
     * What {@link #insertUnlessOverlapping} did: stored with {@code id}; found the key taken (both
     * empty); or found an overlap (the row was not stored).
     */
    public record Insert(OptionalLong id, Optional<Overlap> overlap) {}

    /**
     * Inserts and commits the row unless a stored segment of the device overlaps it (the insert
     * comes first, so a key stored already answers "taken" and is never reported as an overlap
     * whose caller would delete the object that row owns), in one transaction that first takes
     * the device's transaction advisory lock
     * ({@code pg_advisory_xact_lock(DEVICE_LOCK_CLASS, device)}): two hubs (or threads) storing
     * overlapping segments of one device take turns, and the second sees the first's committed
     * row. The lock ends with the transaction, also when the hub dies.
     */
    public Insert insertUnlessOverlapping(NewRow row) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                lockDevice(c, row.deviceId());
                OptionalLong id = insert(c, row);
                if (id.isEmpty()) {
                    // the key is stored already: the caller compares bytes; an overlap of that
                    // row with others was refused when it was stored, so none is looked for
                    c.rollback();
                    return new Insert(id, Optional.empty());
                }
                Optional<Overlap> overlap = findOverlap(c, row.deviceId(), row.startMs(), row.durationMs());
                if (overlap.isPresent()) {
                    c.rollback(); // takes the row back
                    return new Insert(OptionalLong.empty(), overlap);
                }
                c.commit();
                return new Insert(id, Optional.empty());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Takes device {@code deviceId}'s ingest lock until {@code c}'s transaction ends (waiting for it). */
    public static void lockDevice(Connection c, long deviceId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select pg_advisory_xact_lock(?, ?)")) {
            q.setInt(1, DEVICE_LOCK_CLASS);
            q.setInt(2, (int) deviceId); // ids past 2^31 share a lock with another device: only a wait
            q.execute();
        }
    }

    /** Inserts and commits the row; empty when a row for the key exists already. */
    public OptionalLong insert(NewRow row) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return insert(c, row);
        }
    }

    /** Inserts the row in {@code c}'s transaction; empty when a row for the key exists already. */
    static OptionalLong insert(Connection c, NewRow row) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("insert into raw (device_id, start_time, max_amp, path,"
                + " duration_ms, sample_rate, sha256, size_bytes) values (?, ?, ?, ?, ?, ?, ?, ?)"
                + " on conflict (device_id, start_time) do nothing returning id")) {
            q.setLong(1, row.deviceId());
            q.setObject(2, utc(row.startMs()));
            q.setInt(3, row.maxAmp());
            q.setString(4, row.path());
            q.setInt(5, row.durationMs());
            q.setInt(6, row.sampleRate());
            q.setBytes(7, row.sha256());
            q.setInt(8, row.sizeBytes());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    /** A stored segment of the device that overlaps another's time span. */
    public record Overlap(long startMs, int durationMs) {}

    /**
     * The earliest stored segment of the device, at another start time, whose span overlaps
     * {@code [startMs, startMs + durationMs)}; segments that only touch (one ends where the next
     * starts, as the edge tiles them) do not overlap.
     */
    public Optional<Overlap> findOverlap(long deviceId, long startMs, int durationMs) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return findOverlap(c, deviceId, startMs, durationMs);
        }
    }

    private static Optional<Overlap> findOverlap(Connection c, long deviceId, long startMs, int durationMs)
            throws SQLException {
        try (PreparedStatement q = c.prepareStatement("select start_time, duration_ms from raw where device_id = ?"
                + " and start_time > ? and start_time < ? and start_time <> ?"
                + " and start_time + duration_ms * interval '1 millisecond' > ? order by start_time limit 1")) {
            q.setLong(1, deviceId);
            q.setObject(2, utc(startMs - SegmentFormat.MAX_SEGMENT_MILLIS)); // no segment is longer
            q.setObject(3, utc(startMs + durationMs));
            q.setObject(4, utc(startMs));
            q.setObject(5, utc(startMs));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Overlap(rs.getTimestamp(1).getTime(), rs.getInt(2)))
                        : Optional.empty();
            }
        }
    }

    /** Start times (ms) of the device's rows within {@code [fromMs, toMs)}. */
    public Set<Long> startsBetween(long deviceId, long fromMs, long toMs) throws SQLException {
        Set<Long> starts = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "select start_time from raw where device_id = ? and start_time >= ? and start_time < ?")) {
            q.setLong(1, deviceId);
            q.setObject(2, utc(fromMs));
            q.setObject(3, utc(toMs));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    starts.add(rs.getTimestamp(1).getTime());
                }
            }
        }
        return starts;
    }

    /** The ids of every device. */
    public List<Long> deviceIds() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("select id from device order by id");
                ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    /** Whether a device with this id exists. */
    public boolean deviceExists(long deviceId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("select 1 from device where id = ?")) {
            q.setLong(1, deviceId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A UTC timestamp for {@code epochMs}, sent as timestamptz. */
    static OffsetDateTime utc(long epochMs) {
        return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
    }
}
