package io.buddybork.hub.annotate;

import io.buddybork.hub.device.DeviceRepository;
import io.buddybork.hub.problem.DatabaseFailures;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.tag.TagService;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Owns annotations and their rules: a known device and tag, end after start, at most one window
 * long, inside the window it was drawn in, and within one day of the hub's time zone (day charts
 * and training split by day). Each method is one transaction, so a refused call leaves nothing behind.
 */
@ApplicationScoped
public class AnnotationService {
    /** Longest date range the list and count queries accept. */
    public static final int MAX_RANGE_DAYS = 3700;

    private final AnnotationRepository annotations;
    private final DeviceRepository devices;
    private final TagService tags;
    private final long windowMs;
    private final HubZone zone;

    AnnotationService(
            AnnotationRepository annotations,
            DeviceRepository devices,
            TagService tags,
            MacroConfig config,
            HubZone zone) {
        this.annotations = annotations;
        this.devices = devices;
        this.tags = tags;
        this.windowMs = config.window().toMillis();
        this.zone = zone;
    }

    /**
     * Creates an annotation by {@code user}. The fields' presence and plausible times are checked
     * on the request ({@link AnnotationRequests.Create}'s constraints); the rules between fields here.
     */
    @Transactional
    public AnnotationView create(AnnotationRequests.Create req, String user) {
        long start = req.startMs();
        long end = req.endMs();
        if (end <= start) {
            throw ProblemException.badRequest(
                    "end-before-start", "the end (" + end + ") must be after the start (" + start + ")");
        }
        if (end - start > windowMs) {
            throw ProblemException.badRequest(
                    "annotation-too-long", "an annotation can be at most " + windowMs / 1000 + " s long");
        }
        if (req.windowStartMs() != null && (start < req.windowStartMs() || end > req.windowStartMs() + windowMs)) {
            throw ProblemException.badRequest(
                    "outside-window",
                    "the region must lie inside the " + windowMs / 1000 + " s window it was drawn in");
        }
        LocalDate startDay = zone.dayOf(start);
        if (!startDay.equals(zone.dayOf(end - 1))) {
            Instant midnight = zone.endOf(startDay);
            throw ProblemException.badRequest(
                    "crosses-day-boundary",
                    "an annotation cannot cross midnight (" + zone.id() + "); split it at "
                            + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(midnight.atZone(zone.zone())) + " ("
                            + midnight.toEpochMilli() + ")");
        }
        requireDevice(req.deviceId());
        tags.require(req.tagId());
        return annotations.insert(req.deviceId(), start, end, req.tagId(), user);
    }

    /** Gives annotation {@code id} another tag. */
    @Transactional
    public AnnotationView retag(long id, long tagId) {
        require(id);
        tags.require(tagId);
        return annotations.retag(id, tagId).orElseThrow(() -> unknown(id));
    }

    /** Deletes annotation {@code id}. */
    @Transactional
    public void delete(long id) {
        if (!annotations.delete(id)) {
            throw unknown(id);
        }
    }

    /** Annotations starting on the days {@code from}..{@code to} (inclusive, the hub's zone), optionally of one device. */
    @Transactional
    public List<AnnotationView> list(LocalDate from, LocalDate to, Long deviceId) {
        checkRange(from, to);
        return annotations.startingBetween(dayStart(from), dayStart(to.plusDays(1)), deviceId);
    }

    /** Annotations per day (the hub's zone) and tag for days {@code from}..{@code to}. */
    @Transactional
    public List<AnnotationRequests.DailyCount> dailyCounts(LocalDate from, LocalDate to, Long deviceId) {
        checkRange(from, to);
        return annotations.dailyCounts(dayStart(from), dayStart(to.plusDays(1)), deviceId, zone.id());
    }

    private void require(long id) {
        if (!annotations.exists(id)) {
            throw unknown(id);
        }
    }

    private static ProblemException unknown(long id) {
        return ProblemException.notFound("unknown-annotation", "no annotation with id " + id);
    }

    private void requireDevice(long deviceId) {
        boolean known;
        try {
            known = devices.exists(deviceId);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("look up the device", e);
        }
        if (!known) {
            throw ProblemException.badRequest("unknown-device", "no device with id " + deviceId);
        }
    }

    static void checkRange(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw ProblemException.badRequest("missing-range", "from and to (YYYY-MM-DD) are required");
        }
        if (to.isBefore(from)) {
            throw ProblemException.badRequest("bad-range", "to (" + to + ") is before from (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) > MAX_RANGE_DAYS) {
            throw ProblemException.badRequest("range-too-long", "at most " + MAX_RANGE_DAYS + " days at once");
        }
    }

    private OffsetDateTime dayStart(LocalDate day) {
        return zone.startOf(day).atOffset(ZoneOffset.UTC);
    }
}
