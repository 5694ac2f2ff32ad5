package io.buddybork.hub.episode;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the {@code episode} table through {@link Sql}, and the read of the live detections a
 * rebuild counts. Each method is one statement and joins the caller's transaction when there is
 * one (the tracker and rebuild run several in one; the locking reads need it). Thread-safe.
 */
@ApplicationScoped
public class EpisodeRepository {
    private static final String SELECT = """
            select e.id, e.device_id, dv.name, e.tag_id, t.name, e.start_time, e.end_time, e.segments,
                   e.peak_score, e.open
            from episode e join device dv on dv.id = e.device_id join tag t on t.id = e.tag_id
            """;

    private final Sql sql;

    EpisodeRepository(Sql sql) {
        this.sql = sql;
    }

    /** A new episode's values (one detection or a rebuilt chain). */
    record Draft(long deviceId, long tagId, long startMs, long endMs, int segments, double peakScore) {}

    /**
     * Episodes of {@code deviceId} and {@code tagId} that reach into {@code [fromMs, toMs]}, open first,
     * then the latest end first, locked for the caller's transaction.
     */
    List<EpisodeView> near(long deviceId, long tagId, long fromMs, long toMs) throws SQLException {
        return sql.list(SELECT + """
                where e.device_id = ? and e.tag_id = ? and e.end_time >= ? and e.start_time <= ?
                order by e.open desc, e.end_time desc for update of e""", EpisodeRepository::row, deviceId, tagId, Sql.utc(fromMs), Sql.utc(toMs));
    }

    /** The open episode of {@code deviceId} and {@code tagId}, locked for the caller's transaction. */
    Optional<EpisodeView> open(long deviceId, long tagId) throws SQLException {
        return sql.first(
                SELECT + " where e.device_id = ? and e.tag_id = ? and e.open for update of e",
                EpisodeRepository::row,
                deviceId,
                tagId);
    }

    /** Inserts an episode; its id. */
    long insert(Draft d, boolean open, long touchedMs) throws SQLException {
        return sql.first(
                        """
                        insert into episode (device_id, tag_id, start_time, end_time, segments, peak_score, open, touched)
                        values (?, ?, ?, ?, ?, ?, ?, ?) returning id""",
                        rs -> rs.getLong(1),
                        d.deviceId(),
                        d.tagId(),
                        Sql.utc(d.startMs()),
                        Sql.utc(d.endMs()),
                        d.segments(),
                        d.peakScore(),
                        open,
                        Sql.utc(touchedMs))
                .orElseThrow();
    }

    /** Adds one detection ({@code startMs}..{@code endMs}, {@code score}) to episode {@code id}. */
    void extend(long id, long startMs, long endMs, double score, long touchedMs) throws SQLException {
        sql.update("""
                update episode set start_time = least(start_time, ?), end_time = greatest(end_time, ?),
                       segments = segments + 1, peak_score = greatest(peak_score, ?), touched = ?
                where id = ?""", Sql.utc(startMs), Sql.utc(endMs), score, Sql.utc(touchedMs), id);
    }

    /** Marks episode {@code id} as ended. */
    void close(long id) throws SQLException {
        sql.update("update episode set open = false where id = ?", id);
    }

    /** Open episodes last touched before {@code touchedBeforeMs}: those whose bridge has passed. */
    List<EpisodeView> idle(long touchedBeforeMs) throws SQLException {
        return sql.list(
                SELECT + " where e.open and e.touched < ? order by e.touched for update of e skip locked",
                EpisodeRepository::row,
                Sql.utc(touchedBeforeMs));
    }

    /** Episode {@code id}. */
    Optional<EpisodeView> find(long id) throws SQLException {
        return sql.first(SELECT + " where e.id = ?", EpisodeRepository::row, id);
    }

    /** Episodes reaching into {@code [fromMs, toMs]} (any device and tag), locked: what a rebuild replaces. */
    List<EpisodeView> overlapping(long fromMs, long toMs) throws SQLException {
        return sql.list(
                SELECT + " where e.end_time >= ? and e.start_time <= ? for update of e",
                EpisodeRepository::row,
                Sql.utc(fromMs),
                Sql.utc(toMs));
    }

    /** Deletes the episodes with these ids. */
    void delete(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        sql.update("delete from episode where id = any (?)", (Object) ids.toArray(Long[]::new));
    }

    /**
     * Episodes reaching into {@code [fromMs, toMs)}, of one device and tag when given, by start then
     * id, after the keyset cursor {@code after} ({@code [startMs, id]}, null: from the start), at
     * most {@code limit}.
     */
    List<EpisodeView> between(long fromMs, long toMs, Long deviceId, Long tagId, long[] after, int limit)
            throws SQLException {
        StringBuilder where = new StringBuilder(" where e.end_time >= ? and e.start_time < ?");
        List<Object> args = new ArrayList<>(List.of(Sql.utc(fromMs), Sql.utc(toMs)));
        if (deviceId != null) {
            where.append(" and e.device_id = ?");
            args.add(deviceId);
        }
        if (tagId != null) {
            where.append(" and e.tag_id = ?");
            args.add(tagId);
        }
        if (after != null) {
            where.append(" and (e.start_time, e.id) > (?, ?)");
            args.add(Sql.utc(after[0]));
            args.add(after[1]);
        }
        where.append(" order by e.start_time, e.id limit ?");
        args.add(limit);
        return sql.list(SELECT + where, EpisodeRepository::row, args.toArray());
    }

    /** The newest episodes (by start), at most {@code limit}, of one device or (null) all. */
    List<EpisodeView> latest(Long deviceId, int limit) throws SQLException {
        String order = " order by e.start_time desc, e.id desc limit ?";
        return deviceId == null
                ? sql.list(SELECT + order, EpisodeRepository::row, limit)
                : sql.list(SELECT + " where e.device_id = ?" + order, EpisodeRepository::row, deviceId, limit);
    }

    /** Episodes that started in {@code [fromMs, toMs)}, by start then id. */
    List<EpisodeView> startedBetween(long fromMs, long toMs) throws SQLException {
        return sql.list(
                SELECT + " where e.start_time >= ? and e.start_time < ? order by e.start_time, e.id",
                EpisodeRepository::row,
                Sql.utc(fromMs),
                Sql.utc(toMs));
    }

    /** A live, tagged detection as a rebuild reads it. */
    record Heard(long deviceId, long tagId, long startMs, long endMs, double score) {}

    /**
     * The live detections starting in {@code [fromMs, toMs]} that episodes count, ordered by device,
     * tag and start: tagged, neither history nor labelled, not rejected by a review, and of each
     * segment only the detection of the model that was active when the segment arrived (the one most
     * recently activated before it), as the tracker saw it live; a segment older than every
     * activation (detections from before activations were recorded) takes its newest model's.
     */
    List<Heard> heard(long fromMs, long toMs) throws SQLException {
        return sql.list(
                """
                select device_id, tag_id, start_time, duration_ms, score from (
                  select distinct on (d.raw_id) r.device_id, d.tag_id, d.start_time, r.duration_ms, d.score, d.review
                  from detection d join raw r on r.id = d.raw_id join model m on m.id = d.model_id
                  where d.start_time >= ? and d.start_time <= ? and not d.history and not d.labelled
                  order by d.raw_id, (m.activated_at <= r.created) desc nulls last, m.activated_at desc nulls last
                  ) live
                where live.tag_id is not null and live.review is distinct from 'rejected'
                order by device_id, tag_id, start_time""",
                rs -> {
                    long start = Sql.millis(rs, 3);
                    return new Heard(rs.getLong(1), rs.getLong(2), start, start + rs.getInt(4), rs.getDouble(5));
                },
                Sql.utc(fromMs),
                Sql.utc(toMs));
    }

    private static EpisodeView row(ResultSet rs) throws SQLException {
        long start = Sql.millis(rs, 6);
        long end = Sql.millis(rs, 7);
        return new EpisodeView(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getLong(4),
                rs.getString(5),
                start,
                end,
                end - start,
                rs.getInt(8),
                rs.getDouble(9),
                rs.getBoolean(10));
    }
}
