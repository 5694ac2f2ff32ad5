package io.buddybork.hub.model;

import io.buddybork.hub.annotate.MacroConfig;
import io.buddybork.hub.db.Sql;
import io.buddybork.hub.time.HubZone;
import io.buddybork.model.SegmentFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only queries that gather training audio: annotations of chosen days, the stored segments
 * around them, and background segments (segments of chosen days that overlap no annotation),
 * sampled evenly to a cap; and the per-day overview the model builder shows. Days are local days
 * of the hub's time zone. Read-only SQL over the annotation, segment and detection tables through
 * {@link Sql}, each call an auto-committed read of its own, so the long training job holds no
 * transaction; arrays are bound as Java arrays ({@code Long[]}, and days as ISO text cast to
 * {@code date[]}). Blocking; thread-safe.
 */
@ApplicationScoped
public class TrainingDataRepository {

    private final Sql sql;
    private final long maxAnnotationMs;
    private final HubZone zone;

    TrainingDataRepository(Sql sql, MacroConfig macro, HubZone zone) {
        this.sql = sql;
        this.maxAnnotationMs = macro.window().toMillis();
        this.zone = zone;
    }

    /** An annotation: a span of one device's audio with a tag. */
    public record Annot(long id, long deviceId, long startMs, long endMs, long tagId) {}

    /** Background segments chosen, and how many there were to choose from. */
    public record Background(List<AudioStitcher.Source> segments, long available) {}

    /** Stored segments of one day. */
    public record DaySegments(LocalDate day, long segments) {}

    /** Annotations of one tag starting on one day. */
    public record DayTagAnnotations(LocalDate day, long tagId, long annotations) {}

    /** A background segment and the number of candidates it was chosen from. */
    private record Candidate(AudioStitcher.Source source, long available) {}

    /** A stored segment near annotation {@code annotId}. */
    private record Around(long annotId, AudioStitcher.Source source) {}

    /** Every day with stored segments (from the per-day counters), in no particular order. */
    public List<DaySegments> segmentsPerDay() {
        try {
            return sql.list(
                    "select day, sum(segments) from raw_day_count group by day having sum(segments) > 0",
                    rs -> new DaySegments(rs.getObject(1, LocalDate.class), rs.getLong(2)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count segments per day: " + e.getMessage(), e);
        }
    }

    /** Annotations per day (of their start) and tag, for every day with annotations. */
    public List<DayTagAnnotations> annotationsPerDayAndTag() {
        try {
            return sql.list(
                    """
                    select cast((start_time at time zone cast(? as text)) as date), tag_id, count(*) from annot group by 1, 2""",
                    rs -> new DayTagAnnotations(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)),
                    zone.id());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count annotations per day: " + e.getMessage(), e);
        }
    }

    /** Annotations starting on {@code days}, of {@code tagIds} (every tag when null), in time order. */
    public List<Annot> annotations(Collection<LocalDate> days, Collection<Long> tagIds) {
        if (days.isEmpty()) {
            return List.of();
        }
        String query = """
                select a.id, a.device_id, a.start_time, a.end_time, a.tag_id from annot a
                where a.start_time >= ? and a.start_time < ?
                  and cast(a.start_time at time zone ? as date) = any(cast(? as date[]))
                  and (cast(? as bigint[]) is null or a.tag_id = any(cast(? as bigint[])))
                order by a.start_time, a.id""";
        Long[] tags = tagIds == null ? null : tagIds.toArray(Long[]::new);
        try {
            return sql.list(
                    query,
                    rs -> new Annot(rs.getLong(1), rs.getLong(2), Sql.millis(rs, 3), Sql.millis(rs, 4), rs.getLong(5)),
                    with(dayRange(days), tags, tags));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read annotations: " + e.getMessage(), e);
        }
    }

    /** Annotations per tag on {@code days} (only tags in {@code tagIds}). */
    public Map<Long, Long> annotationCounts(Collection<LocalDate> days, Collection<Long> tagIds) {
        Map<Long, Long> out = new HashMap<>();
        for (Annot a : annotations(days, tagIds)) {
            out.merge(a.tagId(), 1L, Long::sum);
        }
        return out;
    }

    /** Stored segments on {@code days} (from the per-day counters, cheap). */
    public long segmentCount(Collection<LocalDate> days) {
        if (days.isEmpty()) {
            return 0;
        }
        try {
            return sql.count(
                    "select coalesce(sum(segments), 0) from raw_day_count where day = any(cast(? as date[]))",
                    (Object) isoDays(days));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count segments: " + e.getMessage(), e);
        }
    }

    /**
     * The stored segments that may overlap the windows of each annotation (a centred window reaches
     * up to half a window beyond a short annotation), by annotation id.
     */
    public Map<Long, List<AudioStitcher.Source>> sourcesAround(List<Annot> annots, long windowMs) {
        Map<Long, List<AudioStitcher.Source>> out = new LinkedHashMap<>();
        for (Annot a : annots) {
            out.put(a.id(), new ArrayList<>());
        }
        if (annots.isEmpty()) {
            return out;
        }
        String query = """
                select a.id, r.id, r.start_time, r.duration_ms, r.path, r.sample_rate
                from annot a join raw r on r.device_id = a.device_id
                  and r.start_time > a.start_time - ? * interval '1 millisecond'
                  and r.start_time < a.end_time + ? * interval '1 millisecond'
                where a.id = any(cast(? as bigint[]))""";
        try {
            List<Around> rows = sql.list(
                    query,
                    rs -> new Around(rs.getLong(1), source(rs, 2)),
                    SegmentFormat.MAX_SEGMENT_MILLIS + windowMs,
                    windowMs,
                    annots.stream().map(Annot::id).toArray(Long[]::new));
            for (Around r : rows) {
                out.get(r.annotId()).add(r.source());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read segments around annotations: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Segments of {@code days} that overlap no annotation of their device; when there are more than
     * {@code cap}, exactly {@code cap} spread evenly over time (every n-th, n fractional).
     */
    public Background background(Collection<LocalDate> days, int cap) {
        if (days.isEmpty() || cap <= 0) {
            return new Background(List.of(), 0);
        }
        String query = """
                with bg as (
                  select r.id, r.start_time, r.duration_ms, r.path, r.sample_rate from raw r
                  where r.start_time >= ? and r.start_time < ?
                    and cast(r.start_time at time zone ? as date) = any(cast(? as date[]))
                    and not exists (select 1 from annot a where a.device_id = r.device_id
                        and a.start_time > r.start_time - ? * interval '1 millisecond'
                        and a.start_time < r.start_time + r.duration_ms * interval '1 millisecond'
                        and a.end_time > r.start_time)
                ), numbered as (
                  select bg.*, row_number() over (order by start_time, id) - 1 as rn, count(*) over () as n from bg
                )
                select id, start_time, duration_ms, path, sample_rate, n from numbered
                where n <= ? or rn = 0 or (rn * ?) / n <> ((rn - 1) * ?) / n
                order by start_time, id""";
        List<Candidate> rows;
        try {
            rows = sql.list(
                    query,
                    rs -> new Candidate(source(rs, 1), rs.getLong(6)),
                    with(dayRange(days), maxAnnotationMs, (long) cap, (long) cap, (long) cap));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read background segments: " + e.getMessage(), e);
        }
        long available = rows.isEmpty() ? 0 : rows.getLast().available();
        return new Background(rows.stream().map(Candidate::source).toList(), available);
    }

    /**
     * Segments whose live detection a reviewer rejected without naming the right tag ("not that,
     * nor any tag"), newest first, at most {@code cap}: negatives the next model learns from, on
     * whatever day they happened, from the microphones that recorded on {@code trainingDays}.
     * Segments on {@code excludedDays} (the test side, which must stay unseen) and segments an
     * annotation overlaps are left out.
     */
    public List<AudioStitcher.Source> rejected(
            Collection<LocalDate> trainingDays, Collection<LocalDate> excludedDays, int cap) {
        if (cap <= 0 || trainingDays.isEmpty()) {
            return List.of();
        }
        String query = """
                select distinct on (r.start_time, r.id) r.id, r.start_time, r.duration_ms, r.path, r.sample_rate
                from detection d join raw r on r.id = d.raw_id
                where d.review = 'rejected' and d.review_tag_id is null
                  and not (cast(r.start_time at time zone ? as date) = any(cast(? as date[])))
                  and exists (select 1 from raw t where t.device_id = r.device_id
                      and t.start_time >= ? and t.start_time < ?
                      and cast(t.start_time at time zone ? as date) = any(cast(? as date[])))
                  and not exists (select 1 from annot a where a.device_id = r.device_id
                      and a.start_time > r.start_time - ? * interval '1 millisecond'
                      and a.start_time < r.start_time + r.duration_ms * interval '1 millisecond'
                      and a.end_time > r.start_time)
                order by r.start_time desc, r.id desc
                limit ?""";
        List<Object> params = new ArrayList<>();
        params.add(zone.id());
        params.add(isoDays(excludedDays));
        params.addAll(List.of(dayRange(trainingDays)));
        params.add(maxAnnotationMs);
        params.add(cap);
        try {
            return sql.list(query, rs -> source(rs, 1), params.toArray());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rejected detections: " + e.getMessage(), e);
        }
    }

    /**
     * The parameters (from, to, zone, days[]) of a set of days: the range of instants that holds
     * the days (so the index on start_time narrows the scan), then the days themselves.
     */
    private Object[] dayRange(Collection<LocalDate> days) {
        LocalDate min = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate max = days.stream().max(LocalDate::compareTo).orElseThrow();
        return new Object[] {
            Sql.utc(zone.startOf(min).toEpochMilli()), Sql.utc(zone.endOf(max).toEpochMilli()), zone.id(), isoDays(days)
        };
    }

    /** {@code first} followed by {@code more}. */
    private static Object[] with(Object[] first, Object... more) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    /** Days as ISO text, for a {@code cast(? as date[])}. */
    private static String[] isoDays(Collection<LocalDate> days) {
        return days.stream().map(LocalDate::toString).toArray(String[]::new);
    }

    /** The segment in columns {@code first}.. (id, start_time, duration_ms, path, sample_rate). */
    private static AudioStitcher.Source source(ResultSet rs, int first) throws SQLException {
        return new AudioStitcher.Source(
                rs.getLong(first),
                Sql.millis(rs, first + 1),
                rs.getInt(first + 2),
                rs.getString(first + 3),
                rs.getInt(first + 4));
    }
}
