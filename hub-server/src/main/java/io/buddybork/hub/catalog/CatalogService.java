package io.buddybork.hub.catalog;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.storage.ByteRange;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read side of the stored segments for charts and players: counts per day (from the
 * trigger-maintained {@code raw_day_count}, so a year costs a few hundred rows, not millions),
 * the segments of one day (a range scan on {@code raw(start_time)}), and the file of one segment.
 * Days are local days of the hub's time zone ({@link HubZone}). Blocking; thread-safe.
 */
@ApplicationScoped
public class CatalogService {
    /** Longest range of days a count query may span (about ten years). */
    public static final int MAX_RANGE_DAYS = 3660;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SegmentFiles files;

    @Inject
    HubZone zone;

    /** Parses {@code YYYY-MM-DD}, refusing anything else with a 400 problem. */
    public static LocalDate parseDay(String text, String name) {
        if (text == null || !text.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
            throw ProblemException.badRequest("invalid-date", name + " must be a date as YYYY-MM-DD");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-date", name + " is not a calendar date: " + text);
        }
    }

    /** Parses an optional device id filter; null when absent. */
    public static Long parseDeviceId(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!text.matches("[0-9]{1,18}")) {
            throw ProblemException.badRequest("invalid-device-id", "deviceId must be a device number");
        }
        return Long.parseLong(text);
    }

    /** Segment counts per day and device for {@code [from, to]} (both inclusive). */
    public List<DailyCount> dailyCounts(LocalDate from, LocalDate to, Long deviceId) {
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("invalid-range", "'to' is before 'from'");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_RANGE_DAYS) {
            throw ProblemException.badRequest("range-too-long", "a range may span at most " + MAX_RANGE_DAYS + " days");
        }
        String sql = "select day, device_id, segments from raw_day_count where day between ? and ? and segments > 0"
                + (deviceId != null ? " and device_id = ?" : "") + " order by day, device_id";
        List<DailyCount> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, from);
            q.setObject(2, to);
            if (deviceId != null) {
                q.setLong(3, deviceId);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new DailyCount(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)));
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return out;
    }

    /** The segments starting on the hub's local day {@code day}, ordered by start (then device). */
    public List<SegmentSummary> segmentsOfDay(LocalDate day, Long deviceId) {
        String sql =
                "select id, device_id, start_time, max_amp, duration_ms from raw where start_time >= ? and start_time < ?"
                        + (deviceId != null ? " and device_id = ?" : "") + " order by start_time, device_id";
        List<SegmentSummary> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setObject(1, zone.startOf(day).atOffset(ZoneOffset.UTC));
            q.setObject(2, zone.endOf(day).atOffset(ZoneOffset.UTC));
            if (deviceId != null) {
                q.setLong(3, deviceId);
            }
            q.setFetchSize(2000);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new SegmentSummary(
                            rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).getTime(), rs.getInt(4), rs.getInt(5)));
                }
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        return out;
    }

    /** What a playback request gets: the bytes and, for a 206, the range they are. */
    public record AudioPart(byte[] bytes, Optional<ByteRange> range) {}

    /**
     * The stored bytes of segment {@code rawId}, read from the object store; 404 problem when
     * unknown or its object is gone, 503 when the store cannot be read now.
     */
    public byte[] audio(long rawId) {
        return audio(rawId, null, null).bytes();
    }

    /**
     * Segment {@code rawId}'s bytes, or only the one range {@code rangeHeader} asks for (read
     * alone from the store: S3 gets a ranged GET); as {@link #audio(long)} plus a 416 problem for
     * a range past the end. A request without a usable range reads the object once.
     */
    public AudioPart audio(long rawId, String rangeHeader, String ifRange) {
        Optional<String> path;
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("select path from raw where id = ?")) {
            q.setLong(1, rawId);
            try (ResultSet rs = q.executeQuery()) {
                path = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
        String key = path.orElseThrow(
                () -> ProblemException.notFound("unknown-segment", "no stored segment with id " + rawId));
        try {
            if (rangeHeader == null || ifRange != null) {
                return new AudioPart(files.read(key), Optional.empty());
            }
            Optional<ByteRange> range =
                    ByteRange.of(rangeHeader, ifRange, files.store().size(key));
            if (range.isEmpty()) {
                return new AudioPart(files.read(key), range);
            }
            ByteRange r = range.get();
            byte[] part = files.store().read(key, r.first(), (int) r.length());
            if (part.length != r.length()) { // replaced by a shorter object meanwhile: send what is there
                return new AudioPart(files.read(key), Optional.empty());
            }
            return new AudioPart(part, range);
        } catch (java.nio.file.NoSuchFileException e) {
            throw ProblemException.notFound(
                    "segment-file-missing", "segment " + rawId + " is indexed but its file is missing");
        } catch (java.io.IOException e) {
            throw ProblemException.unavailable(
                    "storage-unavailable", "the segment's audio cannot be read from the store now", 10, e);
        }
    }

    private static ProblemException unavailable(SQLException e) {
        return io.buddybork.hub.problem.DatabaseFailures.problem("read the catalogue", e);
    }
}
