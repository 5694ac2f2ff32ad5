package io.buddybork.hub.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.db.Sql;
import io.buddybork.recognition.model.Prediction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of the {@code detection} table through {@link Sql}: inserting a scored segment (once per
 * raw and model: the unique key makes a repeat a no-op; whether it is history or was labelled is
 * decided then, once), the catch-up scan, the API's lists and counts, and the review columns. Each
 * method is one statement, so it joins the caller's transaction when there is one. Thread-safe.
 */
@ApplicationScoped
public class DetectionRepository {
    private static final TypeReference<LinkedHashMap<String, Double>> SCORES = new TypeReference<>() {};
    private static final String SELECT = """
            select d.id, d.raw_id, r.device_id, d.start_time, r.duration_ms, d.model_id, t.name, d.tag_id, d.score,
                   d.best_tag, d.scores::text, d.review, rt.name, d.reviewed_by, d.history, d.labelled
            from detection d join raw r on r.id = d.raw_id
            left join tag t on t.id = d.tag_id left join tag rt on rt.id = d.review_tag_id
            """;

    /** SQL condition of live detections (see {@link DetectionView}): neither history nor labelled. */
    private static final String LIVE = " and not d.history and not d.labelled";

    private final Sql sql;
    private final ObjectMapper json;

    DetectionRepository(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

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
        return sql.first(
                """
                with relaxed as (select set_config('synchronous_commit', 'off', true))
                insert into detection (raw_id, model_id, start_time, tag_id, score, scores, best_tag, novelty,
                                       history, labelled)
                select r.id, m.id, r.start_time, (select id from tag where id = ?), ?, cast(? as jsonb), ?,
                       cast(? as real),
                       coalesce(r.created < m.activated_at, true),
                       exists (select 1 from annot a where a.device_id = r.device_id
                               and a.start_time < r.start_time + r.duration_ms * interval '1 millisecond'
                               and a.end_time > r.start_time)
                from raw r, model m, relaxed where r.id = ? and m.id = ?
                on conflict (raw_id, model_id) do nothing
                returning id, start_time, tag_id, history, labelled""",
                rs -> {
                    Long storedTag = rs.getObject(3, Long.class);
                    return new DetectionView(
                            rs.getLong(1),
                            segment.rawId(),
                            segment.deviceId(),
                            Sql.millis(rs, 2),
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
                            rs.getBoolean(5));
                },
                tagId,
                p.score(),
                scores,
                p.bestTag(),
                Double.isFinite(novelty) ? (Float) (float) novelty : null,
                segment.rawId(),
                model.id());
    }

    /**
     * One catch-up page: segments starting at or after {@code sinceMs} and before the keyset
     * ({@code beforeMs}, {@code beforeId}) without a detection of {@code modelId}, newest first.
     */
    public List<Segment> unscored(long modelId, long sinceMs, long beforeMs, long beforeId, Long deviceId, int limit)
            throws SQLException {
        List<Object> args = new ArrayList<>(List.of(Sql.utc(sinceMs), Sql.utc(beforeMs), beforeId));
        if (deviceId != null) {
            args.add(deviceId);
        }
        args.add(modelId);
        args.add(limit);
        return sql.list(
                """
                select r.id, r.device_id, r.start_time, r.duration_ms, r.path from raw r
                where r.start_time >= ? and (r.start_time, r.id) < (?, ?)""" + (deviceId != null ? " and r.device_id = ?" : "") + """
                 and not exists (select 1 from detection d where d.raw_id = r.id and d.model_id = ?)
                order by r.start_time desc, r.id desc limit ?""",
                rs -> new Segment(rs.getLong(1), rs.getLong(2), Sql.millis(rs, 3), rs.getInt(4), rs.getString(5)),
                args.toArray());
    }

    /**
     * Claims segment {@code rawId} for scoring by {@code modelId} on {@code node} for {@code leaseMs}:
     * true when this node may score it (no detection of the model yet, and no other node holds a
     * live claim); false when it is scored or another node is on it. Its own statement, committed at
     * once, so other nodes see the claim before this node starts featurising. Taken for every
     * segment a node scores over a broker, delivered or from the catch-up backlog.
     */
    public boolean claim(long rawId, long modelId, String node, long leaseMs) throws SQLException {
        return sql.first("""
                        insert into detect_claim (raw_id, model_id, node, until)
                        select ?, ?, ?, now() + cast(? as double precision) * interval '1 millisecond'
                        where not exists (select 1 from detection where raw_id = ? and model_id = ?)
                        on conflict (raw_id, model_id) do update set node = excluded.node, until = excluded.until
                        where detect_claim.until < now() or detect_claim.node = excluded.node
                        returning 1""", rs -> Boolean.TRUE, rawId, modelId, node, leaseMs, rawId, modelId)
                .isPresent();
    }

    /** Deletes claims whose lease ended more than {@code graceMs} ago; how many went. */
    public int dropExpiredClaims(long graceMs) throws SQLException {
        return sql.update(
                "delete from detect_claim where until < now() - cast(? as double precision) * interval '1 millisecond'",
                graceMs);
    }

    /**
     * Ids of at most {@code limit} segments starting at or after {@code sinceMs}, stored more than
     * {@code graceMs} ago (by the database's clock), with no detection of {@code modelId} and no
     * live claim on them: segments no detect node is going to score unless one walks its backlog.
     * Newest stored first.
     */
    public List<Long> stranded(long modelId, long sinceMs, long graceMs, int limit) throws SQLException {
        return sql.list("""
                select r.id from raw r
                where r.start_time >= ?
                 and r.created < now() - cast(? as double precision) * interval '1 millisecond'
                 and not exists (select 1 from detection d where d.raw_id = r.id and d.model_id = ?)
                 and not exists (select 1 from detect_claim c
                                 where c.raw_id = r.id and c.model_id = ? and c.until >= now())
                order by r.created desc, r.id desc limit ?""", rs -> rs.getLong(1), Sql.utc(sinceMs), graceMs, modelId, modelId, limit);
    }

    /** How many segments in {@code [sinceMs, untilMs)} have no detection of {@code modelId}. */
    public long countUnscored(long modelId, long sinceMs, long untilMs, Long deviceId) throws SQLException {
        List<Object> args = new ArrayList<>(List.of(Sql.utc(sinceMs), Sql.utc(untilMs)));
        if (deviceId != null) {
            args.add(deviceId);
        }
        args.add(modelId);
        return sql.count(
                "select count(*) from raw r where r.start_time >= ? and r.start_time < ?"
                        + (deviceId != null ? " and r.device_id = ?" : "")
                        + " and not exists (select 1 from detection d where d.raw_id = r.id and d.model_id = ?)",
                args.toArray());
    }

    /** The detection {@code id}. */
    public Optional<DetectionView> find(long id) throws SQLException {
        return sql.first(SELECT + " where d.id = ?", this::row, id);
    }

    /**
     * Detections of segments starting in {@code [fromMs, toMs)}, of one device and model when given,
     * by time then id, at most {@code limit}, after the keyset cursor {@code after}
     * ({@code [startMs, id]}, null: from the start); {@code liveOnly}: without history and labelled ones.
     */
    public List<DetectionView> between(
            long fromMs, long toMs, Long deviceId, Long modelId, boolean liveOnly, long[] after, int limit)
            throws SQLException {
        StringBuilder where = new StringBuilder(" where d.start_time >= ? and d.start_time < ?");
        List<Object> args = new ArrayList<>(List.of(Sql.utc(fromMs), Sql.utc(toMs)));
        if (deviceId != null) {
            where.append(" and r.device_id = ?");
            args.add(deviceId);
        }
        if (modelId != null) {
            where.append(" and d.model_id = ?");
            args.add(modelId);
        }
        if (liveOnly) {
            where.append(LIVE);
        }
        if (after != null) {
            where.append(" and (d.start_time, d.id) > (?, ?)");
            args.add(Sql.utc(after[0]));
            args.add(after[1]);
        }
        where.append(" order by d.start_time, d.id limit ?");
        args.add(limit);
        return sql.list(SELECT + where, this::row, args.toArray());
    }

    /**
     * The newest detections of the last 400 days matching {@code filter}, newest first, at most
     * {@code limit}, older than the keyset cursor {@code before} ({@code [startMs, id]}, null: from
     * the newest). A tag filter shows that tag only, whatever its {@code unknowns} says.
     */
    public List<DetectionView> latest(DetectionService.LatestFilter filter, long[] before, int limit)
            throws SQLException {
        StringBuilder where = new StringBuilder(" where d.start_time > now() - interval '400 days'");
        List<Object> args = new ArrayList<>();
        if (filter.modelId() != null) {
            where.append(" and d.model_id = ?");
            args.add(filter.modelId());
        }
        if (filter.deviceId() != null) {
            where.append(" and r.device_id = ?");
            args.add(filter.deviceId());
        }
        if (filter.tagId() != null) {
            where.append(" and d.tag_id = ?");
            args.add(filter.tagId());
        } else if (filter.unknowns() == DetectionService.Unknowns.EXCLUDE) {
            where.append(" and d.tag_id is not null");
        } else if (filter.unknowns() == DetectionService.Unknowns.ONLY) {
            where.append(" and d.tag_id is null");
        }
        if (filter.liveOnly()) {
            where.append(LIVE);
        }
        if (before != null) {
            where.append(" and (d.start_time, d.id) < (?, ?)");
            args.add(Sql.utc(before[0]));
            args.add(before[1]);
        }
        where.append(" order by d.start_time desc, d.id desc limit ?");
        args.add(limit);
        return sql.list(SELECT + where, this::row, args.toArray());
    }

    /** An unreviewed, unlabelled detection with its novelty (NaN when not kept). */
    public record Candidate(DetectionView detection, double novelty) {}

    /**
     * The newest unreviewed detections of {@code modelId} since {@code from} whose segment no
     * annotation overlaps, at most {@code limit}: what the uncertain-sounds list ranks.
     */
    public List<Candidate> unlabelled(long modelId, Instant from, int limit) throws SQLException {
        return sql.list(
                SELECT.replace("d.labelled\n", "d.labelled, d.novelty\n") + """
                where d.model_id = ? and d.start_time >= ? and d.review is null
                  and not exists (select 1 from annot a where a.device_id = r.device_id
                                  and a.start_time < d.start_time + r.duration_ms * interval '1 millisecond'
                                  and a.end_time > d.start_time)
                order by d.start_time desc limit ?""",
                rs -> {
                    float novelty = rs.getFloat(17);
                    return new Candidate(row(rs), rs.wasNull() ? Double.NaN : novelty);
                },
                modelId,
                Sql.utc(from.toEpochMilli()),
                limit);
    }

    /**
     * Detections per {@code bucketMs} bucket (aligned on {@code fromMs}) and tag in
     * {@code [fromMs, toMs)}, by bucket then tag (unknowns first).
     */
    public List<DetectionRequests.Bucket> histogram(
            long fromMs, long toMs, long bucketMs, Long deviceId, Long modelId, boolean liveOnly) throws SQLException {
        List<Object> args =
                new ArrayList<>(List.of(fromMs, fromMs, bucketMs, bucketMs, Sql.utc(fromMs), Sql.utc(toMs)));
        if (deviceId != null) {
            args.add(deviceId);
        }
        if (modelId != null) {
            args.add(modelId);
        }
        return sql.list(
                """
                select ? + floor((extract(epoch from d.start_time) * 1000 - ?) / ?)::bigint * ? as b, t.name, d.tag_id, count(*)
                from detection d join raw r on r.id = d.raw_id left join tag t on t.id = d.tag_id
                where d.start_time >= ? and d.start_time < ?"""
                        + (deviceId != null ? " and r.device_id = ?" : "")
                        + (modelId != null ? " and d.model_id = ?" : "") + (liveOnly ? LIVE : "")
                        + " group by 1, 2, 3 order by 1, 2 nulls first",
                rs -> new DetectionRequests.Bucket(
                        rs.getLong(1), rs.getString(2), rs.getObject(3, Long.class), rs.getLong(4)),
                args.toArray());
    }

    /**
     * Per tag of {@code modelId}: detections in {@code [fromMs, toMs)}, and the start of its latest
     * detection ever; unknowns as a row with a null tag. {@code liveOnly}: history and labelled
     * detections count for neither.
     */
    public List<DetectionRequests.TagCount> tagCounts(
            long fromMs, long toMs, long modelId, Long deviceId, boolean liveOnly) throws SQLException {
        String dev = (deviceId != null ? " and r.device_id = ?" : "") + (liveOnly ? LIVE : "");
        List<Object> args = new ArrayList<>(List.of(modelId, Sql.utc(fromMs), Sql.utc(toMs)));
        if (deviceId != null) {
            args.add(deviceId);
        }
        args.add(modelId);
        if (deviceId != null) {
            args.add(deviceId);
        }
        return sql.list(
                """
                with counts as (
                  select d.tag_id, count(*) n from detection d join raw r on r.id = d.raw_id
                  where d.model_id = ? and d.start_time >= ? and d.start_time < ?""" + dev + """
                  group by d.tag_id),
                lasts as (
                  select d.tag_id, max(d.start_time) last from detection d join raw r on r.id = d.raw_id
                  where d.model_id = ?""" + dev + """
                  group by d.tag_id)
                select l.tag_id, t.name, coalesce(c.n, 0), l.last
                from lasts l left join counts c on c.tag_id is not distinct from l.tag_id
                left join tag t on t.id = l.tag_id order by t.name nulls last""",
                rs -> new DetectionRequests.TagCount(
                        rs.getObject(1, Long.class), rs.getString(2), rs.getLong(3), Sql.millis(rs, 4)),
                args.toArray());
    }

    /** Confirmed and rejected detections of one tag of a model. */
    public record Reviewed(long tagId, String tag, long confirmed, long rejected) {}

    /** Per detected tag of {@code modelId}, by tag name: its confirmed and rejected detections. */
    public List<Reviewed> reviewed(long modelId) throws SQLException {
        return sql.list("""
                select d.tag_id, t.name, count(*) filter (where d.review = 'confirmed'),
                       count(*) filter (where d.review = 'rejected')
                from detection d left join tag t on t.id = d.tag_id
                where d.model_id = ? and d.tag_id is not null group by d.tag_id, t.name order by t.name""", rs -> new Reviewed(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)), modelId);
    }

    /** A detection's current review: verdict, tag and the annotation it made (each may be null). */
    public record ReviewState(String review, Long tagId, Long annotId) {}

    /** Locks detection {@code id}'s row until the caller's transaction ends; false when there is no such row. */
    public boolean lock(long id) throws SQLException {
        return sql.exists("select id from detection where id = ? for update", id);
    }

    /** The review of detection {@code id} (all null when it has none, or there is no such detection). */
    public ReviewState reviewState(long id) throws SQLException {
        return sql.first(
                        "select review, review_tag_id, review_annot_id from detection where id = ?",
                        rs -> new ReviewState(
                                rs.getString(1), rs.getObject(2, Long.class), rs.getObject(3, Long.class)),
                        id)
                .orElse(new ReviewState(null, null, null));
    }

    /** Records {@code user}'s review of detection {@code id}, reviewed now. */
    public void review(long id, String review, String user, Long tagId, Long annotId) throws SQLException {
        sql.update("""
                update detection set review = ?, reviewed_by = ?, reviewed_at = now(), review_tag_id = ?,
                review_annot_id = ? where id = ?""", review, user, tagId, annotId, id);
    }

    /** Removes the review of detection {@code id}. */
    public void clearReview(long id) throws SQLException {
        sql.update("""
                update detection set review = null, reviewed_by = null, reviewed_at = null, review_tag_id = null,
                review_annot_id = null where id = ?""", id);
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
                Sql.millis(rs, 4),
                rs.getInt(5),
                rs.getLong(6),
                rs.getString(7),
                rs.getObject(8, Long.class),
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
