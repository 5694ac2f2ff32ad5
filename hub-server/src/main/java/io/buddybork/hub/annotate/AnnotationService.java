package io.buddybork.hub.annotate;

import io.buddybork.hub.problem.ProblemException;
import io.buddybork.hub.tag.TagService;
import io.buddybork.hub.time.HubZone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
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

    private final EntityManager em;
    private final TagService tags;
    private final long windowMs;
    private final HubZone zone;

    AnnotationService(EntityManager em, TagService tags, MacroConfig config, HubZone zone) {
        this.em = em;
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
        Annotation a = new Annotation();
        a.deviceId = req.deviceId();
        a.startTime = Instant.ofEpochMilli(start).atOffset(ZoneOffset.UTC);
        a.endTime = Instant.ofEpochMilli(end).atOffset(ZoneOffset.UTC);
        a.tagId = req.tagId();
        a.createdBy = user;
        a.created = OffsetDateTime.now(ZoneOffset.UTC);
        a.persist();
        return view(a);
    }

    /** Gives annotation {@code id} another tag. */
    @Transactional
    public AnnotationView retag(long id, long tagId) {
        Annotation a = require(id);
        tags.require(tagId);
        a.tagId = tagId;
        return view(a);
    }

    /** Deletes annotation {@code id}. */
    @Transactional
    public void delete(long id) {
        require(id).delete();
    }

    /** Annotations starting on the days {@code from}..{@code to} (inclusive, the hub's zone), optionally of one device. */
    @Transactional
    public List<AnnotationView> list(LocalDate from, LocalDate to, Long deviceId) {
        checkRange(from, to);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select a.id, a.device_id, a.start_time, a.end_time, a.tag_id, t.name, a.created_by
                from annot a join tag t on t.id = a.tag_id
                where a.start_time >= ?1 and a.start_time < ?2 and (cast(?3 as bigint) is null or a.device_id = ?3)
                order by a.start_time, a.id""")
                .setParameter(1, dayStart(from))
                .setParameter(2, dayStart(to.plusDays(1)))
                .setParameter(3, deviceId)
                .getResultList();
        return rows.stream()
                .map(r -> new AnnotationView(
                        ((Number) r[0]).longValue(),
                        ((Number) r[1]).longValue(),
                        toMs(r[2]),
                        toMs(r[3]),
                        ((Number) r[4]).longValue(),
                        (String) r[5],
                        (String) r[6]))
                .toList();
    }

    /** Annotations per day (the hub's zone) and tag for days {@code from}..{@code to}. */
    @Transactional
    public List<AnnotationRequests.DailyCount> dailyCounts(LocalDate from, LocalDate to, Long deviceId) {
        checkRange(from, to);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select cast((a.start_time at time zone cast(?4 as text)) as date) d, a.tag_id, count(*)
                from annot a
                where a.start_time >= ?1 and a.start_time < ?2 and (cast(?3 as bigint) is null or a.device_id = ?3)
                group by 1, 2 order by 1, 2""")
                .setParameter(1, dayStart(from))
                .setParameter(2, dayStart(to.plusDays(1)))
                .setParameter(3, deviceId)
                .setParameter(4, zone.id())
                .getResultList();
        return rows.stream()
                .map(r -> new AnnotationRequests.DailyCount(
                        r[0].toString(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue()))
                .toList();
    }

    private Annotation require(long id) {
        Annotation a = Annotation.findById(id);
        if (a == null) {
            throw ProblemException.notFound("unknown-annotation", "no annotation with id " + id);
        }
        return a;
    }

    private void requireDevice(long deviceId) {
        Number n = (Number) em.createNativeQuery("select count(*) from device where id = ?1")
                .setParameter(1, deviceId)
                .getSingleResult();
        if (n.longValue() == 0) {
            throw ProblemException.badRequest("unknown-device", "no device with id " + deviceId);
        }
    }

    private AnnotationView view(Annotation a) {
        String tagName = tags.require(a.tagId).name;
        return new AnnotationView(
                a.id,
                a.deviceId,
                a.startTime.toInstant().toEpochMilli(),
                a.endTime.toInstant().toEpochMilli(),
                a.tagId,
                tagName,
                a.createdBy);
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

    private static long toMs(Object sqlTime) {
        if (sqlTime instanceof OffsetDateTime odt) {
            return odt.toInstant().toEpochMilli();
        }
        if (sqlTime instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (sqlTime instanceof java.sql.Timestamp ts) {
            return ts.toInstant().toEpochMilli();
        }
        throw new IllegalStateException("unexpected time type " + sqlTime.getClass());
    }
}
