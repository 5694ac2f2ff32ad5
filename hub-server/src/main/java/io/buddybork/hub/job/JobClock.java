package io.buddybork.hub.job;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * The time of jobs (created, heartbeats, finished, lease expiry): the system clock, replaceable as
 * a CDI bean where a test needs another. Thread-safe.
 */
@ApplicationScoped
public class JobClock {
    private final Clock clock = Clock.systemUTC();

    /** Now. */
    public Instant now() {
        return clock.instant();
    }
}
