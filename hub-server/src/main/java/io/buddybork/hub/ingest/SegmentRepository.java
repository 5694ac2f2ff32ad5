package io.buddybork.hub.ingest;

import io.buddybork.hub.db.Sql;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.wav.PcmAudio;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The SQL of the stored segments (table {@code raw}) as the ingest path needs it, through
 * {@link Sql}: each call is one statement in its own (auto-committed) transaction, so an insert has
 * been committed when it returns. Blocking; thread-safe.
 */
@ApplicationScoped
public class SegmentRepository {

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

    private final Sql sql;

    SegmentRepository(Sql sql) {
        this.sql = sql;
    }

    /** The row for this device and start, if any. */
    public Optional<Existing> find(long deviceId, long startMs) throws SQLException {
        return sql.first(
                "select id, sha256 from raw where device_id = ? and start_time = ?",
                rs -> new Existing(rs.getLong(1), rs.getBytes(2)),
                deviceId,
                Sql.utc(startMs));
    }

    /** Inserts and commits the row; empty when a row for the key exists already. */
    public OptionalLong insert(NewRow row) throws SQLException {
        return sql.first(
                        """
                        insert into raw (device_id, start_time, max_amp, path, duration_ms, sample_rate, sha256, size_bytes)
                        values (?, ?, ?, ?, ?, ?, ?, ?)
                        on conflict (device_id, start_time) do nothing returning id""",
                        rs -> rs.getLong(1),
                        row.deviceId(),
                        Sql.utc(row.startMs()),
                        row.maxAmp(),
                        row.path(),
                        row.durationMs(),
                        row.sampleRate(),
                        row.sha256(),
                        row.sizeBytes())
                .map(OptionalLong::of)
                .orElseGet(OptionalLong::empty);
    }

    /** A stored segment of the device that overlaps another's time span. */
    public record Overlap(long startMs, int durationMs) {}

    /**
     * The earliest stored segment of the device, at another start time, whose span overlaps
     * {@code [startMs, startMs + durationMs)}; segments that only touch (one ends where the next
     * starts, as the edge tiles them) do not overlap.
     */
    public Optional<Overlap> findOverlap(long deviceId, long startMs, int durationMs) throws SQLException {
        return sql.first(
                """
                select start_time, duration_ms from raw where device_id = ?
                and start_time > ? and start_time < ? and start_time <> ?
                and start_time + duration_ms * interval '1 millisecond' > ? order by start_time limit 1""",
                rs -> new Overlap(Sql.millis(rs, 1), rs.getInt(2)),
                deviceId,
                Sql.utc(startMs - SegmentFormat.MAX_SEGMENT_MILLIS), // no segment is longer
                Sql.utc(startMs + durationMs),
                Sql.utc(startMs),
                Sql.utc(startMs));
    }

    /** Start times (ms) of the device's rows within {@code [fromMs, toMs)}. */
    public Set<Long> startsBetween(long deviceId, long fromMs, long toMs) throws SQLException {
        return new HashSet<>(sql.list(
                "select start_time from raw where device_id = ? and start_time >= ? and start_time < ?",
                rs -> Sql.millis(rs, 1),
                deviceId,
                Sql.utc(fromMs),
                Sql.utc(toMs)));
    }
}
