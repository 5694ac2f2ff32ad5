package io.buddybork.hub.catalog;

import io.buddybork.hub.ingest.SegmentFiles;
import io.buddybork.hub.ingest.SegmentRepository;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.storage.ByteRange;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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
    SegmentRepository segments;

    @Inject
    SegmentFiles files;

    @Inject
    HubZone zone;

    /** Segment counts per day and device for {@code [from, to]} (both inclusive). */
    public List<DailyCount> dailyCounts(LocalDate from, LocalDate to, Long deviceId) {
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("invalid-range", "'to' is before 'from'");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_RANGE_DAYS) {
            throw ProblemException.badRequest("range-too-long", "a range may span at most " + MAX_RANGE_DAYS + " days");
        }
        try {
            return segments.dailyCounts(from, to, deviceId).stream()
                    .map(c -> new DailyCount(c.day(), c.deviceId(), c.segments()))
                    .toList();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** The segments starting on the hub's local day {@code day}, ordered by start (then device). */
    public List<SegmentSummary> segmentsOfDay(LocalDate day, Long deviceId) {
        try {
            return segments.startedBetween(zone.startOf(day), zone.endOf(day), deviceId).stream()
                    .map(r -> new SegmentSummary(r.id(), r.deviceId(), r.startMs(), r.maxAmp(), r.durationMs()))
                    .toList();
        } catch (SQLException e) {
            throw unavailable(e);
        }
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
        try {
            path = segments.path(rawId);
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
