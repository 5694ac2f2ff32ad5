package io.buddybork.hub.annotate;

import io.buddybork.hub.db.Sql;
import io.buddybork.hub.problem.DatabaseFailures;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of the annotations (table {@code annot}) through {@link Sql}, each read and change
 * answering the API's {@link AnnotationView} (joined with the tag's name). Runs in
 * {@link AnnotationService}'s transactions; a failure is a problem (503 when the database is
 * unreachable, else 500). Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class AnnotationRepository {

    /** The columns of an {@link AnnotationView}, {@code a} being the annotation and {@code t} its tag. */
    private static final String VIEW = "a.id, a.device_id, a.start_time, a.end_time, a.tag_id, t.name, a.created_by";

    private final Sql sql;

    AnnotationRepository(Sql sql) {
        this.sql = sql;
    }

    /** Stores a new annotation (created now) and returns it. */
    public AnnotationView insert(long deviceId, long startMs, long endMs, long tagId, String createdBy) {
        try {
            return sql.first(
                            "with a as (insert into annot (device_id, start_time, end_time, tag_id, created_by)"
                                    + " values (?, ?, ?, ?, ?) returning *)"
                                    + " select " + VIEW + " from a join tag t on t.id = a.tag_id",
                            AnnotationRepository::view,
                            deviceId,
                            Sql.utc(startMs),
                            Sql.utc(endMs),
                            tagId,
                            createdBy)
                    .orElseThrow();
        } catch (SQLException e) {
            throw DatabaseFailures.problem("create an annotation", e);
        }
    }

    /** Whether annotation {@code id} exists. */
    public boolean exists(long id) {
        try {
            return sql.exists("select 1 from annot where id = ?", id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("read an annotation", e);
        }
    }

    /** Gives annotation {@code id} the tag {@code tagId}; the annotation afterwards, if it exists. */
    public Optional<AnnotationView> retag(long id, long tagId) {
        try {
            return sql.first(
                    "with a as (update annot set tag_id = ? where id = ? returning *)" + " select " + VIEW
                            + " from a join tag t on t.id = a.tag_id",
                    AnnotationRepository::view,
                    tagId,
                    id);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("change an annotation", e);
        }
    }

    /** Deletes annotation {@code id}; whether it existed. */
    public boolean delete(long id) {
        try {
            return sql.update("delete from annot where id = ?", id) > 0;
        } catch (SQLException e) {
            throw DatabaseFailures.problem("delete an annotation", e);
        }
    }

    /** Annotations starting in {@code [from, to)}, of one device unless {@code deviceId} is null, by start. */
    public List<AnnotationView> startingBetween(OffsetDateTime from, OffsetDateTime to, Long deviceId) {
        String statement = "select " + VIEW + " from annot a join tag t on t.id = a.tag_id"
                + " where a.start_time >= ? and a.start_time < ?" + (deviceId == null ? "" : " and a.device_id = ?")
                + " order by a.start_time, a.id";
        try {
            return sql.list(statement, AnnotationRepository::view, params(from, to, deviceId));
        } catch (SQLException e) {
            throw DatabaseFailures.problem("list annotations", e);
        }
    }

    /**
     * Annotations starting in {@code [from, to)} (of one device unless {@code deviceId} is null)
     * counted per local day of {@code zone} and tag, by day and tag.
     */
    public List<AnnotationRequests.DailyCount> dailyCounts(
            OffsetDateTime from, OffsetDateTime to, Long deviceId, String zone) {
        String statement = "select (a.start_time at time zone ?)::date, a.tag_id, count(*) from annot a"
                + " where a.start_time >= ? and a.start_time < ?" + (deviceId == null ? "" : " and a.device_id = ?")
                + " group by 1, 2 order by 1, 2";
        Object[] params = deviceId == null ? new Object[] {zone, from, to} : new Object[] {zone, from, to, deviceId};
        try {
            return sql.list(
                    statement,
                    rs -> new AnnotationRequests.DailyCount(
                            rs.getObject(1, LocalDate.class).toString(), rs.getLong(2), rs.getLong(3)),
                    params);
        } catch (SQLException e) {
            throw DatabaseFailures.problem("count annotations", e);
        }
    }

    private static Object[] params(OffsetDateTime from, OffsetDateTime to, Long deviceId) {
        return deviceId == null ? new Object[] {from, to} : new Object[] {from, to, deviceId};
    }

    private static AnnotationView view(ResultSet rs) throws SQLException {
        return new AnnotationView(
                rs.getLong(1),
                rs.getLong(2),
                Sql.millis(rs, 3),
                Sql.millis(rs, 4),
                rs.getLong(5),
                rs.getString(6),
                rs.getString(7));
    }
}
