package io.buddybork.hub.ingest;

import io.buddybork.hub.db.Sql;
import io.buddybork.model.SegmentFormat;
import io.buddybork.model.SegmentNames;
import io.buddybork.model.wav.PcmAudio;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.IOException;
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

    /** Makes a new row's object durable under its key; runs inside the row's open transaction. */
    @FunctionalInterface
    public interface ObjectWrite {
        /** Writes the object; returns once the store acknowledged it. */
        void write() throws IOException;
    }

    /**
     * Inserts the row unless a stored segment of the device overlaps it, then writes its object
     * ({@code write}) and only then commits, all in a transaction of its own that first takes the
     * device's transaction advisory lock ({@code pg_advisory_xact_lock(DEVICE_LOCK_CLASS, device)}).
     * The row, uncommitted, is the arbiter of its key across hubs: a second hub storing the same
     * key (the same bytes or others) waits on the lock until the first committed or rolled back, so
     * it never writes its bytes under the first hub's row; two hubs storing overlapping segments of
     * one device take turns, and the second sees the first's committed row. The insert comes before
     * the overlap check, so a key stored already answers "taken" (nothing written) and is never
     * reported as an overlap. A failed write rolls the row back, so a committed row always has its
     * object; a crash after the write but before the commit leaves a complete object without a row,
     * which {@link OrphanReconciler} indexes. The lock ends with the transaction, also when the hub
     * dies. The timeout is generous: the object store's own timeouts and retries end a stalled write.
     */
    @Transactional(
            value = Transactional.TxType.REQUIRES_NEW,
            rollbackOn = {SQLException.class, IOException.class})
    @TransactionConfiguration(timeout = 300)
    public Insert insertUnlessOverlapping(NewRow row, ObjectWrite write) throws SQLException, IOException {
        Insert insert = insertLocked(row);
        if (insert.id().isPresent()) {
            write.write(); // an IOException rolls the row back
        }
        return insert;
    }

    /**
     * As {@link #insertUnlessOverlapping(NewRow, ObjectWrite)} for a row whose object is stored
     * already (an orphan being indexed): nothing to write.
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = SQLException.class)
    public Insert insertUnlessOverlapping(NewRow row) throws SQLException {
        return insertLocked(row);
    }

    /** The device's lock, the insert and the overlap check, in the caller's transaction. */
    private Insert insertLocked(NewRow row) throws SQLException {
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
            QuarkusTransaction.setRollbackOnly(); // takes the row back; nothing was written
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

    /**
     * The SQL condition "segment r is protected" from deletion: overlapping an annotation of the
     * same device, having a reviewed detection, or being in a model's training set.
     */
    private static final String PROTECTED = """
            (exists (select 1 from annot a where a.device_id = r.device_id
                        and a.start_time < r.start_time + r.duration_ms * interval '1 millisecond'
                        and a.end_time > r.start_time)
             or exists (select 1 from detection d where d.raw_id = r.id and d.review is not null)
             or exists (select 1 from model_training_segment m where m.raw_id = r.id))""";

    /** A deleted segment as its tombstone ({@code raw_tombstone}) records it. */
    public record Deleted(long rawId, long deviceId, Instant start, String path, long sizeBytes) {

        /** The tombstone of the current row, columns raw_id, device_id, start_time, path, size_bytes. */
        public static Deleted read(java.sql.ResultSet rs) throws SQLException {
            return new Deleted(
                    rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getLong(5));
        }
    }

    /**
     * Deletes up to {@code limit} of the oldest unprotected segments that start before
     * {@code before} and writes a tombstone with {@code reason} for each, in a transaction of its
     * own that first takes advisory lock {@code sharedLockKey} shared without waiting; empty (and
     * nothing deleted) when someone holds that lock exclusively. Concurrent callers pick disjoint
     * rows (skip locked). The returned rows are committed, oldest first.
     */
    @Transactional(value = Transactional.TxType.REQUIRES_NEW, rollbackOn = SQLException.class)
    public Optional<List<Deleted>> deleteOldestUnprotected(
            long sharedLockKey, String reason, OffsetDateTime before, int limit) throws SQLException {
        boolean locked = sql.first("select pg_try_advisory_xact_lock_shared(?)", rs -> rs.getBoolean(1), sharedLockKey)
                .orElseThrow();
        if (!locked) {
            return Optional.empty();
        }
        return Optional.of(sql.list("""
                with victims as (
                    select r.id from raw r
                    where r.start_time < ? and not %s
                    order by r.start_time, r.id
                    limit ?
                    for update of r skip locked
                ), gone as (
                    delete from raw r using victims v where r.id = v.id
                    returning r.id, r.device_id, r.start_time, r.path, r.size_bytes
                )
                insert into raw_tombstone (raw_id, device_id, start_time, path, size_bytes, reason)
                select id, device_id, start_time, path, size_bytes, ? from gone
                returning raw_id, device_id, start_time, path, size_bytes""".formatted(PROTECTED), Deleted::read, before, limit, reason));
    }

    /** How many segments, their bytes, and the oldest start (null without segments). */
    public record Totals(long segments, long bytes, Instant oldest) {}

    /** Every stored segment's totals. */
    public Totals totals() throws SQLException {
        return sql.first(
                        "select count(*), coalesce(sum(size_bytes), 0), min(start_time) from raw",
                        SegmentRepository::totals)
                .orElseThrow();
    }

    /** The totals of the segments that deletions must keep (see {@link #deleteOldestUnprotected}). */
    public Totals protectedTotals() throws SQLException {
        return sql.first(
                        "select count(*), coalesce(sum(size_bytes), 0), min(start_time) from raw r where " + PROTECTED,
                        SegmentRepository::totals)
                .orElseThrow();
    }

    /** The bytes stored per day over the last 7 days (by arrival), on average. */
    public long bytesPerDayLastWeek() throws SQLException {
        return sql.count("select coalesce(sum(size_bytes), 0) / 7 from raw where created > now() - interval '7 days'");
    }

    /** The bytes of audio the index holds (the sum of {@code raw.size_bytes}), from the trigger-kept running total. */
    public long indexedBytes() throws SQLException {
        return sql.count("select coalesce(sum(bytes), 0) from raw_bytes");
    }

    private static Totals totals(java.sql.ResultSet rs) throws SQLException {
        java.sql.Timestamp oldest = rs.getTimestamp(3);
        return new Totals(rs.getLong(1), rs.getLong(2), oldest == null ? null : oldest.toInstant());
    }
}
