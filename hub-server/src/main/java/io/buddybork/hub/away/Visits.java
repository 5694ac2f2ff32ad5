package io.buddybork.hub.away;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Optional;

/**
 * When each user last looked at the dashboard ({@code user_visit}): page views closer than
 * {@link #VISIT_GAP_MS} to the one before belong to one visit, and "since your last visit" starts
 * at the last page view of the visit before. One statement per call. Thread-safe.
 */
@ApplicationScoped
public class Visits {
    /** A page view this long after the previous one starts a new visit. */
    public static final long VISIT_GAP_MS = 30 * 60_000L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AwayClock clock;

    /** Records a dashboard view by {@code user}; the end of their previous visit (epoch ms), if any. */
    public Optional<Long> seen(String user) {
        long now = clock.nowMs();
        return AwayService.sql(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q = c.prepareStatement("""
                    insert into user_visit (username, last_seen) values (?, ?)
                    on conflict (username) do update set
                      previous_seen = case when user_visit.last_seen < excluded.last_seen - ? * interval '1 millisecond'
                                           then user_visit.last_seen else user_visit.previous_seen end,
                      last_seen = greatest(user_visit.last_seen, excluded.last_seen)
                    returning previous_seen""")) {
                q.setString(1, user);
                q.setTimestamp(2, new Timestamp(now));
                q.setLong(3, VISIT_GAP_MS);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    Timestamp previous = rs.getTimestamp(1);
                    return Optional.ofNullable(previous).map(Timestamp::getTime);
                }
            }
        });
    }

    /** The end of {@code user}'s previous visit (epoch ms), without recording a view. */
    public Optional<Long> previous(String user) {
        return AwayService.sql(() -> {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement q =
                            c.prepareStatement("select previous_seen from user_visit where username = ?")) {
                q.setString(1, user);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next()
                            ? Optional.ofNullable(rs.getTimestamp(1)).map(Timestamp::getTime)
                            : Optional.empty();
                }
            }
        });
    }
}
