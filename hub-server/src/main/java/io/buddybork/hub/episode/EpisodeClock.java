package io.buddybork.hub.episode;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The hub's clock as episodes read it (when a detection joined, when the bridge has passed); a bean
 * of its own so tests can move time on instead of waiting. Thread-safe.
 */
@ApplicationScoped
public class EpisodeClock {

    /** Now, epoch ms. */
    public long nowMs() {
        return System.currentTimeMillis();
    }
}
