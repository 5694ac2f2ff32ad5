package io.buddybork.hub.detect;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The hub's clock as the detection pipeline reads it (catch-up horizons, when a segment was found
 * unscoreable); a bean of its own so tests can move time on instead of waiting. Thread-safe.
 */
@ApplicationScoped
public class DetectionClock {

    /** Now, epoch ms. */
    public long nowMs() {
        return System.currentTimeMillis();
    }
}
