package io.buddybork.hub.away;

import io.buddybork.hub.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * The SQL of the users' dashboard visits (table {@code user_visit}) through {@link Sql}, one
 * statement per call. Failures stay {@link SQLException}s. Blocking; thread-safe (stateless).
 */
@ApplicationScoped
public class VisitRepository {

    private final Sql sql;

    VisitRepository(Sql sql) {
        this.sql = sql;
    }

    /**
     * Records a page view by {@code user} at {@code nowMs}: one more than {@code gapMs} after the
     * last starts a new visit, whose previous visit ended at that last view. The end of the
     * previous visit (epoch ms), if any.
     */
    public Optional<Long> recordView(String user, long nowMs, long gapMs) throws SQLException {
        return sql.first("""
                        insert into user_visit (username, last_seen) values (?, ?)
                        on conflict (username) do update set
                          previous_seen = case when user_visit.last_seen < excluded.last_seen - ? * interval '1 millisecond'
                                               then user_visit.last_seen else user_visit.previous_seen end,
                          last_seen = greatest(user_visit.last_seen, excluded.last_seen)
                        returning previous_seen""", VisitRepository::previousSeen, user, Sql.utc(nowMs), gapMs)
                .orElseThrow();
    }

    /** The end of {@code user}'s previous visit (epoch ms), if any. */
    public Optional<Long> previous(String user) throws SQLException {
        return sql.first("select previous_seen from user_visit where username = ?", VisitRepository::previousSeen, user)
                .flatMap(seen -> seen);
    }

    private static Optional<Long> previousSeen(ResultSet rs) throws SQLException {
        Timestamp previous = rs.getTimestamp(1);
        return Optional.ofNullable(previous).map(Timestamp::getTime);
    }
}
