package io.buddybork.hub.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.buddybork.recognition.model.Prediction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code detection} table in plain JDBC: inserting a scored segment (once per raw and model:
 * the unique key makes a repeat a no-op; whether it is history or was labelled is decided then,
 * once), the catch-up scan, and the read queries of the API.
 * Each method is one statement, so it joins the caller's transaction when there is one. Thread-safe.
 */
@ApplicationScoped
public class DetectionStore {
    private static final TypeReference<LinkedHashMap<String, Double>> SCORES = new TypeReference<>() {};
    static final String SELECT = """
            select d.id, d.raw_id, r.device_id, d.start_time, r.duration_ms, d.model_id, t.name, d.tag_id, d.score,
                   d.best_tag, d.scores::text, d.review, rt.name, d.reviewed_by, d.history, d.labelled
            from detection d join raw r on r.id = d.raw_id
            left join tag t on t.id = d.tag_id left join tag rt on rt.id = d.review_tag_id
            """;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper json;

    /** A segment waiting to be scored. */
    public record Segment(long rawId, long deviceId, long startMs, int durationMs, String path) {}

    /**
     * Stores the prediction of {@code model} for {@code segment}; empty when the segment already has
     * a detection of that model, or it or the model no longer exists.
     */
    public Optional<DetectionView> insert(Segment segment, LoadedModel model, Prediction p) throws SQLException {
        return insert(segment, model, p, Double.NaN);
    }

    /**
     * As {@link #insert(Segment, LoadedModel, Prediction)}, keeping the segment's novelty (NaN: none).
     * The row is committed asynchronously (its own auto-commit transaction, {@code synchronous_commit}
     * off): a power cut may lose the last fraction of a second of detections, which catch-up scores
     * again (a segment without a detection of the active model), and in return the scorer never
     * waits for, or queues, a WAL flush in front of an upload's commit.
     */
    public Optional<DetectionView> insert(Segment segment, LoadedModel model, Prediction p, double novelty)
            throws SQLException {
        Long tagId = p.known() ? model.tagIds().get(p.bestTag()) : null;
        String scores;
        try {
            scores = json.writeValueAsString(p.tagScores());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("""
                with relaxed as (select set_config('synchronous_commit', 'off', true))
                insert into detection (raw_id, model_id, start_time, tag_id, score, scores, best_tag, novelty,
                                       history, labelled)
                select r.id, m.id, r.start_time, (select id from tag where id = ?), ?, cast(? as jsonb), ?, ?,
                       coalesce(r.created < m.activated_at, true),
                       exists (select 1 from annot a where a.device_id = r.device_id
                               and a.start_time < r.start_time + r.duration_ms * interval '1 millisecond'
                               and a.end_time > r.start_time)
                from raw r, model m, relaxed where r.id = ? and m.id = ?
                on conflict (raw_id, model_id) do nothing
                returning id, start_time, tag_id, history, labelled""")) {
            q.setObject(1, tagId);
            q.setDouble(2, p.score());
            q.setString(3, scores);
            q.setString(4, p.bestTag());
            if (Double.isFinite(novelty)) {
                q.setFloat(5, (float) novelty);
            } else {
                q.setNull(5, java.sql.Types.REAL);
            }
            q.setLong(6, segment.rawId());
            q.setLong(7, model.id());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Long storedTag = (Long) rs.getObject(3);
                return Optional.of(new DetectionView(
                        rs.getLong(1),
                        segment.rawId(),
                        segment.deviceId(),
                        rs.getTimestamp(2).getTime(),
                        segment.durationMs(),
                        model.id(),
                        storedTag == null ? null : p.bestTag(),
                        storedTag,
                        p.score(),
                        p.bestTag(),
                        p.tagScores(),
                        null,
                        null,
                        null,
                        rs.getBoolean(4),
                        rs.getBoolean(5)));
            }
        }
    }

    /**
     * One catch-up page: segments starting at or after {@code sinceMs} and before the keyset
     * ({@code beforeMs}, {@code beforeId}) without a detection of {@code modelId}, newest first.
     */
    public List<Segment> unscored(long modelId, long sinceMs, long beforeMs, long beforeId, Long deviceId, int limit)
            throws SQLException {
        String sql = """
                select r.id, r.device_id, r.start_time, r.duration_ms, r.path from raw r
                where r.start_time >= ? and (r.start_time, r.id) < (?, ?)""" + (deviceId != null ? " and r.device_id = ?" : "") + """
                 and not exists (select 1 from detection d where d.raw_id = r.id and d.model_id = ?)
                order by r.start_time desc, r.id desc limit ?""";
        List<Segment> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            int i = 1;
            q.setTimestamp(i++, new Timestamp(sinceMs));
            q.setTimestamp(i++, new Timestamp(beforeMs));
            q.setLong(i++, beforeId);
            if (deviceId != null) {
                q.setLong(i++, deviceId);
            }
            q.setLong(i++, modelId);
            q.setInt(i, limit);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Segment(
                            rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).getTime(), rs.getInt(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Whether segment {@code rawId} has a detection of {@code modelId} (a cheap look before scoring a redelivery). */
    public boolean scored(long rawId, long modelId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("select 1 from detection where raw_id = ? and model_id = ?")) {
            q.setLong(1, rawId);
            q.setLong(2, modelId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** How many segments in {@code [sinceMs, untilMs)} have no detection of {@code modelId}. */
    public long countUnscored(long modelId, long sinceMs, long untilMs, Long deviceId) throws SQLException {
        String sql = "select count(*) from raw r where r.start_time >= ? and r.start_time < ?"
                + (deviceId != null ? " and r.device_id = ?" : "")
                + " and not exists (select 1 from detection d where d.raw_id = r.id and d.model_id = ?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            int i = 1;
            q.setTimestamp(i++, new Timestamp(sinceMs));
            q.setTimestamp(i++, new Timestamp(untilMs));
            if (deviceId != null) {
                q.setLong(i++, deviceId);
            }
            q.setLong(i, modelId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The detection {@code id}. */
    public Optional<DetectionView> find(long id) throws SQLException {
        List<DetectionView> found = query(SELECT + " where d.id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** An unreviewed, unlabelled detection with its novelty (NaN when not kept). */
    public record Candidate(DetectionView detection, double novelty) {}

    /**
     * The newest unreviewed detections of {@code modelId} since {@code from} whose segment no
     * annotation overlaps, at most {@code limit}: what the uncertain-sounds list ranks.
     */
    public List<Candidate> unlabelled(long modelId, java.time.Instant from, int limit) throws SQLException {
        String sql = SELECT.replace("d.labelled\n", "d.labelled, d.novelty\n") + """
                where d.model_id = ? and d.start_time >= ? and d.review is null
                  and not exists (select 1 from annot a where a.device_id = r.device_id
                                  and a.start_time < d.start_time + r.duration_ms * interval '1 millisecond'
                                  and a.end_time > d.start_time)
                order by d.start_time desc limit ?""";
        List<Candidate> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setLong(1, modelId);
            q.setTimestamp(2, Timestamp.from(from));
            q.setInt(3, limit);
            q.setFetchSize(1000);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    float novelty = rs.getFloat(17);
                    out.add(new Candidate(row(rs), rs.wasNull() ? Double.NaN : novelty));
                }
            }
        }
        return out;
    }

    /** Runs a select of the {@link #SELECT} columns. */
    List<DetectionView> query(String sql, List<Object> args) throws SQLException {
        List<DetectionView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                Object a = args.get(i);
                q.setObject(i + 1, a instanceof java.time.Instant t ? Timestamp.from(t) : a);
            }
            q.setFetchSize(1000);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
        }
        return out;
    }

    private DetectionView row(ResultSet rs) throws SQLException {
        Map<String, Double> scores;
        try {
            scores = json.readValue(rs.getString(11), SCORES);
        } catch (JsonProcessingException e) {
            throw new SQLException("detection " + rs.getLong(1) + " has unreadable scores", e);
        }
        return new DetectionView(
                rs.getLong(1),
                rs.getLong(2),
                rs.getLong(3),
                rs.getTimestamp(4).getTime(),
                rs.getInt(5),
                rs.getLong(6),
                rs.getString(7),
                (Long) rs.getObject(8),
                rs.getDouble(9),
                rs.getString(10),
                scores,
                rs.getString(12),
                rs.getString(13),
                rs.getString(14),
                rs.getBoolean(15),
                rs.getBoolean(16));
    }
}
