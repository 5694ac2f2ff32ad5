package io.buddybork.hub.away;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jboss.logging.Logger;

/**
 * The SQL of away mode's one row ({@code away_state}) through {@link Sql}, the weekly schedule
 * mapped to and from its {@code jsonb} column. Each call is one statement, in
 * {@link AwayService}'s transaction when one is active. Failures stay {@link SQLException}s.
 * Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class AwayRepository {
    private static final Logger LOG = Logger.getLogger(AwayRepository.class);

    /** The stored state; the last absence that ended is null until one did. */
    public record Stored(
            boolean away, long sinceMs, String source, AwaySchedule schedule, AwayState.Absence lastAbsence) {}

    private final Sql sql;
    private final ObjectMapper json;

    AwayRepository(Sql sql, ObjectMapper json) {
        this.sql = sql;
        this.json = json;
    }

    /** The stored state (the row always exists: migration V63 inserts it). */
    public Stored read() throws SQLException {
        return sql.first("""
                        select away, since, source, schedule::text, last_away_from, last_away_to
                        from away_state""", this::stored).orElseThrow(() -> new SQLException("the away_state row is missing"));
    }

    /** Sends the owner away from {@code nowMs}, set by {@code source}. */
    public void goAway(long nowMs, String source) throws SQLException {
        sql.update("update away_state set away = true, since = ?, source = ?", Sql.utc(nowMs), source);
    }

    /** Brings the owner back at {@code nowMs}, set by {@code source}; the absence that ends is kept as the last one. */
    public void comeBack(long nowMs, String source) throws SQLException {
        sql.update(
                "update away_state set away = false, since = ?, source = ?, last_away_from = since, last_away_to = ?",
                Sql.utc(nowMs),
                source,
                Sql.utc(nowMs));
    }

    /** Replaces the schedule, noting whether now is inside one of its windows. */
    public void setSchedule(AwaySchedule schedule, boolean inside) throws SQLException {
        String text;
        try {
            text = json.writeValueAsString(schedule);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        sql.update("update away_state set schedule = cast(? as jsonb), schedule_inside = ?", text, inside);
    }

    /** Whether now was inside a window of the schedule at the last check. */
    public boolean scheduleInside() throws SQLException {
        return sql.first("select schedule_inside from away_state", rs -> rs.getBoolean(1))
                .orElseThrow(() -> new SQLException("the away_state row is missing"));
    }

    /** Notes whether now is inside a window of the schedule. */
    public void setScheduleInside(boolean inside) throws SQLException {
        sql.update("update away_state set schedule_inside = ?", inside);
    }

    private Stored stored(ResultSet rs) throws SQLException {
        boolean ended = rs.getObject(5) != null && rs.getObject(6) != null;
        return new Stored(
                rs.getBoolean(1),
                Sql.millis(rs, 2),
                rs.getString(3),
                schedule(rs.getString(4)),
                ended ? new AwayState.Absence(Sql.millis(rs, 5), Sql.millis(rs, 6)) : null);
    }

    private AwaySchedule schedule(String text) {
        try {
            return json.readValue(text, AwaySchedule.class);
        } catch (JsonProcessingException e) {
            LOG.warnf("The stored away schedule is unreadable; treating it as empty: %s", e.getOriginalMessage());
            return AwaySchedule.NONE;
        }
    }
}
