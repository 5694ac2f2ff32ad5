package io.buddybork.hub.ingest;

import io.buddybork.hub.db.Sql;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.wav.PcmAudio;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
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
     * whose caller would delete the object that row owns), in a transaction of its own that first
     * takes the device's transaction advisory lock
     * ({@code pg_advisory_xact_lock(DEVICE_LOCK_CLASS, device)}): two hubs (or threads) storing
     * overlapping segments of one device take turns, and the second sees the first's committed
     * row. The lock ends with the transaction, also when the hub dies.
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = SQLException.class)
    public Insert insertUnlessOverlapping(NewRow row) throws SQLException {
        sql.first("select pg_advisory_xact_lock(?, ?)", rs -> Boolean.TRUE, DEVICE_LOCK_CLASS, (int)
                row.deviceId()); // ids past 2^31 share a lock with another device: only a wait
        OptionalLong id = insert(row);
        if (id.isEmpty()) {
            // the key is stored already: the caller compares bytes; an overlap of that row with
            // others was refused when it was stored, so none is looked for
            return new Insert(id, Optional.empty());
        }
        Optional<Overlap> overlap = findOverlap(row.deviceId(), row.startMs(), row.durationMs());
        if (overlap.isPresent()) {
            QuarkusTransaction.setRollbackOnly(); // takes the row back
            return new Insert(OptionalLong.empty(), overlap);
        }
        return new Insert(id, Optional.empty());
    }

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

    /** Segments of one device counted since two instants (the dashboard's last hour and today). */
    public record DeviceCounts(long deviceId, long sinceFirst, long sinceSecond) {}

    /**
     * Per device with segments since the earlier of the two instants, the number that started at
     * or after {@code firstMs} and at or after {@code secondMs}: one pass over the index range.
     */
    public List<DeviceCounts> countsSince(long firstMs, long secondMs) throws SQLException {
        return sql.list(
                """
                select device_id, count(*) filter (where start_time >= ?), count(*) filter (where start_time >= ?)
                from raw where start_time >= ? group by device_id""",
                rs -> new DeviceCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                Sql.utc(firstMs),
                Sql.utc(secondMs),
                Sql.utc(Math.min(firstMs, secondMs)));
    }

    /** A stored segment as the dashboard's recent view shows it. */
    public record Recent(long deviceId, long startMs, int maxAmp) {}

    /** Segments of every device that started at or after {@code sinceMs}, oldest first, at most 20000. */
    public List<Recent> startedSince(long sinceMs) throws SQLException {
        return sql.list(
                "select device_id, start_time, max_amp from raw where start_time >= ? order by start_time limit 20000",
                rs -> new Recent(rs.getLong(1), Sql.millis(rs, 2), rs.getInt(3)),
                Sql.utc(sinceMs));
    }

    /** A day's count of one device's segments, from the trigger-maintained {@code raw_day_count}. */
    public record DayCount(LocalDate day, long deviceId, long segments) {}

    /** Non-zero daily counts for {@code [from, to]} (both inclusive), of one device or (null) all, by day then device. */
    public List<DayCount> dailyCounts(LocalDate from, LocalDate to, Long deviceId) throws SQLException {
        String statement =
                "select day, device_id, segments from raw_day_count where day between ? and ? and segments > 0"
                        + (deviceId != null ? " and device_id = ?" : "") + " order by day, device_id";
        Sql.Row<DayCount> row = rs -> new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3));
        return deviceId != null ? sql.list(statement, row, from, to, deviceId) : sql.list(statement, row, from, to);
    }

    /** A stored segment as lists of a day show it. */
    public record Summary(long id, long deviceId, long startMs, int maxAmp, int durationMs) {}

    /** Segments starting in {@code [from, to)}, of one device or (null) all, by start then device. */
    public List<Summary> startedBetween(Instant from, Instant to, Long deviceId) throws SQLException {
        String statement =
                "select id, device_id, start_time, max_amp, duration_ms from raw where start_time >= ? and start_time < ?"
                        + (deviceId != null ? " and device_id = ?" : "") + " order by start_time, device_id";
        Sql.Row<Summary> row =
                rs -> new Summary(rs.getLong(1), rs.getLong(2), Sql.millis(rs, 3), rs.getInt(4), rs.getInt(5));
        OffsetDateTime start = from.atOffset(ZoneOffset.UTC);
        OffsetDateTime end = to.atOffset(ZoneOffset.UTC);
        return deviceId != null ? sql.list(statement, row, start, end, deviceId) : sql.list(statement, row, start, end);
    }

    /** The stored path (object-store key) of segment {@code id}, if it is indexed. */
    public Optional<String> path(long id) throws SQLException {
        return sql.first("select path from raw where id = ?", rs -> rs.getString(1), id);
    }

    /** A stored segment of one device as the annotator's listening window stitches it. */
    public record Stored(long id, long startMs, int durationMs, int maxAmp, String path) {}

    /** Segments of the device starting strictly between {@code afterMs} and {@code beforeMs}, by start. */
    public List<Stored> startingWithin(long deviceId, long afterMs, long beforeMs) throws SQLException {
        return sql.list(
                """
                select id, start_time, duration_ms, max_amp, path from raw
                where device_id = ? and start_time > ? and start_time < ? order by start_time""",
                rs -> new Stored(rs.getLong(1), Sql.millis(rs, 2), rs.getInt(3), rs.getInt(4), rs.getString(5)),
                deviceId,
                Sql.utc(afterMs),
                Sql.utc(beforeMs));
    }
}
