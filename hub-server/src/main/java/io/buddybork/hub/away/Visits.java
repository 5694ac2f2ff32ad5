package io.buddybork.hub.away;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * When each user last looked at the dashboard ({@code user_visit}): page views closer than
 * {@link #VISIT_GAP_MS} to the one before belong to one visit, and "since your last visit" starts
 * at the last page view of the visit before. One statement per call (through
 * {@link VisitRepository}). Thread-safe.
 */
@ApplicationScoped
public class Visits {
    /** A page view this long after the previous one starts a new visit. */
    public static final long VISIT_GAP_MS = 30 * 60_000L;

    @Inject
    VisitRepository repository;

    @Inject
    AwayClock clock;

    /** Records a dashboard view by {@code user}; the end of their previous visit (epoch ms), if any. */
    public Optional<Long> seen(String user) {
        long now = clock.nowMs();
        return AwayService.sql(() -> repository.recordView(user, now, VISIT_GAP_MS));
    }

    /** The end of {@code user}'s previous visit (epoch ms), without recording a view. */
    public Optional<Long> previous(String user) {
        return AwayService.sql(() -> repository.previous(user));
    }
}
