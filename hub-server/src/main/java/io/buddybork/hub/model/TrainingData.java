package io.buddybork.hub.model;

import io.agroal.api.AgroalDataSource;
import io.buddybork.hub.annotate.MacroConfig;
import io.buddybork.hub.time.HubZone;
import io.buddybork.model.SegmentFormat;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
 * sampled evenly to a cap. Days are local days of the hub's time zone. Plain JDBC in auto-commit
 * reads, so the long training job holds no transaction. Thread-safe.
 */
@ApplicationScoped
public class TrainingData {

    private final AgroalDataSource dataSource;
    private final long maxAnnotationMs;
    private final HubZone zone;

    TrainingData(AgroalDataSource dataSource, MacroConfig macro, HubZone zone) {
        this.dataSource = dataSource;
        this.maxAnnotationMs = macro.window().toMillis();
        this.zone = zone;
    }

    /** An annotation: a span of one device's audio with a tag. */
    public record Annot(long id, long deviceId, long startMs, long endMs, long tagId) {}

    /** Background segments chosen, and how many there were to choose from. */
    public record Background(List<AudioStitcher.Source> segments, long available) {}

    /** Annotations starting on {@code days}, of {@code tagIds} (every tag when null), in time order. */
    public List<Annot> annotations(Collection<LocalDate> days, Collection<Long> tagIds) {
        if (days.isEmpty()) {
            return List.of();
        }
        String sql = """
                select a.id, a.device_id, a.start_time, a.end_time, a.tag_id from annot a
                where a.start_time >= ? and a.start_time < ?
                  and cast(a.start_time at time zone ? as date) = any(?)
                  and (cast(? as bigint[]) is null or a.tag_id = any(?))
                order by a.start_time, a.id""";
        List<Annot> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bindDays(c, ps, 1, days);
            Array tags = tagIds == null ? null : c.createArrayOf("bigint", tagIds.toArray());
            ps.setArray(5, tags);
            ps.setArray(6, tags);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Annot(
                            rs.getLong(1),
                            rs.getLong(2),
                            ms(rs.getTimestamp(3)),
                            ms(rs.getTimestamp(4)),
                            rs.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read annotations: " + e.getMessage(), e);
        }
        return out;
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("select coalesce(sum(segments), 0) from raw_day_count where day = any(?)")) {
            ps.setArray(
                    1, c.createArrayOf("date", days.stream().map(Date::valueOf).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
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
        String sql = """
                select a.id, r.id, r.start_time, r.duration_ms, r.path, r.sample_rate
                from annot a join raw r on r.device_id = a.device_id
                  and r.start_time > a.start_time - ? * interval '1 millisecond'
                  and r.start_time < a.end_time + ? * interval '1 millisecond'
                where a.id = any(?)""";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, SegmentFormat.MAX_SEGMENT_MILLIS + windowMs);
            ps.setLong(2, windowMs);
            ps.setArray(
                    3, c.createArrayOf("bigint", annots.stream().map(Annot::id).toArray()));
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.get(rs.getLong(1))
                            .add(new AudioStitcher.Source(
                                    rs.getLong(2),
                                    ms(rs.getTimestamp(3)),
                                    rs.getInt(4),
                                    rs.getString(5),
                                    rs.getInt(6)));
                }
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
        String sql = """
                with bg as (
                  select r.id, r.start_time, r.duration_ms, r.path, r.sample_rate from raw r
                  where r.start_time >= ? and r.start_time < ?
                    and cast(r.start_time at time zone ? as date) = any(?)
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
        List<AudioStitcher.Source> out = new ArrayList<>();
        long available = 0;
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bindDays(c, ps, 1, days);
            ps.setLong(5, maxAnnotationMs);
            ps.setLong(6, cap);
            ps.setLong(7, cap);
            ps.setLong(8, cap);
            ps.setFetchSize(5000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AudioStitcher.Source(
                            rs.getLong(1), ms(rs.getTimestamp(2)), rs.getInt(3), rs.getString(4), rs.getInt(5)));
                    available = rs.getLong(6);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read background segments: " + e.getMessage(), e);
        }
        return new Background(out, available);
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
        String sql = """
                select distinct on (r.start_time, r.id) r.id, r.start_time, r.duration_ms, r.path, r.sample_rate
                from detection d join raw r on r.id = d.raw_id
                where d.review = 'rejected' and d.review_tag_id is null
                  and not (cast(r.start_time at time zone ? as date) = any(?))
                  and exists (select 1 from raw t where t.device_id = r.device_id
                      and t.start_time >= ? and t.start_time < ?
                      and cast(t.start_time at time zone ? as date) = any(?))
                  and not exists (select 1 from annot a where a.device_id = r.device_id
                      and a.start_time > r.start_time - ? * interval '1 millisecond'
                      and a.start_time < r.start_time + r.duration_ms * interval '1 millisecond'
                      and a.end_time > r.start_time)
                order by r.start_time desc, r.id desc
                limit ?""";
        List<AudioStitcher.Source> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, zone.id());
            ps.setArray(
                    2,
                    c.createArrayOf(
                            "date", excludedDays.stream().map(Date::valueOf).toArray()));
            bindDays(c, ps, 3, trainingDays);
            ps.setLong(7, maxAnnotationMs);
            ps.setInt(8, cap);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AudioStitcher.Source(
                            rs.getLong(1), ms(rs.getTimestamp(2)), rs.getInt(3), rs.getString(4), rs.getInt(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read rejected detections: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Binds (from, to, zone, days[]) at {@code first}..{@code first + 3}: the range of instants that
     * holds the days (so the index on start_time narrows the scan), then the days themselves.
     */
    private void bindDays(Connection c, PreparedStatement ps, int first, Collection<LocalDate> days)
            throws SQLException {
        LocalDate min = days.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate max = days.stream().max(LocalDate::compareTo).orElseThrow();
        ps.setTimestamp(first, Timestamp.from(zone.startOf(min)));
        ps.setTimestamp(first + 1, Timestamp.from(zone.endOf(max)));
        ps.setString(first + 2, zone.id());
        ps.setArray(
                first + 3,
                c.createArrayOf("date", days.stream().map(Date::valueOf).toArray()));
    }

    private static long ms(Timestamp t) {
        return t.toInstant().toEpochMilli();
    }
}
