package io.buddybork.hub.episode;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code episode} table in plain JDBC. Each method is one statement and joins the caller's
 * transaction when there is one (the tracker and rebuild run several in one). Thread-safe.
 */
@ApplicationScoped
public class EpisodeStore {
    static final String SELECT = """
            select e.id, e.device_id, dv.name, e.tag_id, t.name, e.start_time, e.end_time, e.segments,
                   e.peak_score, e.open
            from episode e join device dv on dv.id = e.device_id join tag t on t.id = e.tag_id
            """;

    @Inject
    AgroalDataSource dataSource;

    /** A new episode's values (one detection or a rebuilt chain). */
    record Draft(long deviceId, long tagId, long startMs, long endMs, int segments, double peakScore) {}

    /**
     * Episodes of {@code deviceId} and {@code tagId} that reach into {@code [fromMs, toMs]}, open first,
     * then the latest end first, locked for the caller's transaction.
     */
    List<EpisodeView> near(long deviceId, long tagId, long fromMs, long toMs) throws SQLException {
        return query(SELECT + """
                where e.device_id = ? and e.tag_id = ? and e.end_time >= ? and e.start_time <= ?
                order by e.open desc, e.end_time desc for update of e""", List.of(deviceId, tagId, new Timestamp(fromMs), new Timestamp(toMs)));
    }

    /** The open episode of {@code deviceId} and {@code tagId}, locked for the caller's transaction. */
    Optional<EpisodeView> open(long deviceId, long tagId) throws SQLException {
        List<EpisodeView> found = query(
                SELECT + " where e.device_id = ? and e.tag_id = ? and e.open for update of e",
                List.of(deviceId, tagId));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Inserts an episode; its id. */
    long insert(Draft d, boolean open, long touchedMs) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("""
                insert into episode (device_id, tag_id, start_time, end_time, segments, peak_score, open, touched)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")) {
            q.setLong(1, d.deviceId());
            q.setLong(2, d.tagId());
            q.setTimestamp(3, new Timestamp(d.startMs()));
            q.setTimestamp(4, new Timestamp(d.endMs()));
            q.setInt(5, d.segments());
            q.setDouble(6, d.peakScore());
            q.setBoolean(7, open);
            q.setTimestamp(8, new Timestamp(touchedMs));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Adds one detection ({@code startMs}..{@code endMs}, {@code score}) to episode {@code id}. */
    void extend(long id, long startMs, long endMs, double score, long touchedMs) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("""
                update episode set start_time = least(start_time, ?), end_time = greatest(end_time, ?),
                       segments = segments + 1, peak_score = greatest(peak_score, ?), touched = ?
                where id = ?""")) {
            q.setTimestamp(1, new Timestamp(startMs));
            q.setTimestamp(2, new Timestamp(endMs));
            q.setDouble(3, score);
            q.setTimestamp(4, new Timestamp(touchedMs));
            q.setLong(5, id);
            q.executeUpdate();
        }
    }

    /** Marks episode {@code id} as ended. */
    void close(long id) throws SQLException {
        update("update episode set open = false where id = ?", List.of(id));
    }

    /** Open episodes last touched before {@code touchedBeforeMs}: those whose bridge has passed. */
    List<EpisodeView> idle(long touchedBeforeMs) throws SQLException {
        return query(
                SELECT + " where e.open and e.touched < ? order by e.touched for update of e skip locked",
                List.of(new Timestamp(touchedBeforeMs)));
    }

    /** Episode {@code id}. */
    Optional<EpisodeView> find(long id) throws SQLException {
        List<EpisodeView> found = query(SELECT + " where e.id = ?", List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Episodes reaching into {@code [fromMs, toMs]} (any device and tag), locked: what a rebuild replaces. */
    List<EpisodeView> overlapping(long fromMs, long toMs) throws SQLException {
        return query(
                SELECT + " where e.end_time >= ? and e.start_time <= ? for update of e",
                List.of(new Timestamp(fromMs), new Timestamp(toMs)));
    }

    /** Deletes the episodes with these ids. */
    void delete(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement("delete from episode where id = any (?)")) {
            q.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            q.executeUpdate();
        }
    }

    /** A live, tagged detection as a rebuild reads it. */
    record Heard(long deviceId, long tagId, long startMs, long endMs, double score) {}

    /**
     * The live detections starting in {@code [fromMs, toMs]} that episodes count, ordered by device,
     * tag and start: tagged, neither history nor labelled, not rejected by a review, and of each
     * segment only the detection of the model that was active when the segment arrived (the one most
     * recently activated before it), as the tracker saw it live.
     */
    List<Heard> heard(long fromMs, long toMs) throws SQLException {
        String sql = """
                select device_id, tag_id, start_time, duration_ms, score from (
                  select distinct on (d.raw_id) r.device_id, d.tag_id, d.start_time, r.duration_ms, d.score, d.review
                  from detection d join raw r on r.id = d.raw_id join model m on m.id = d.model_id
                  where d.start_time >= ? and d.start_time <= ? and not d.history and not d.labelled
                    and m.activated_at is not null and m.activated_at <= r.created
                  order by d.raw_id, m.activated_at desc) live
                where live.tag_id is not null and live.review is distinct from 'rejected'
                order by device_id, tag_id, start_time""";
        List<Heard> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            q.setTimestamp(1, new Timestamp(fromMs));
            q.setTimestamp(2, new Timestamp(toMs));
            q.setFetchSize(1000);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getTimestamp(3).getTime();
                    out.add(new Heard(rs.getLong(1), rs.getLong(2), start, start + rs.getInt(4), rs.getDouble(5)));
                }
            }
        }
        return out;
    }

    /** Runs a select of the {@link #SELECT} columns. */
    List<EpisodeView> query(String sql, List<Object> args) throws SQLException {
        List<EpisodeView> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                q.setObject(i + 1, args.get(i));
            }
            q.setFetchSize(1000);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getTimestamp(6).getTime();
                    long end = rs.getTimestamp(7).getTime();
                    out.add(new EpisodeView(
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
                            rs.getBoolean(10)));
                }
            }
        }
        return out;
    }

    private void update(String sql, List<Object> args) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                q.setObject(i + 1, args.get(i));
            }
            q.executeUpdate();
        }
    }
}
