package io.buddybork.hub.away;

import jakarta.enterprise.context.ApplicationScoped;

/** The hub's clock as away mode reads it (schedules, absences); a bean so tests can move time on. Thread-safe. */
@ApplicationScoped
public class AwayClock {

    /** Now, epoch ms. */
    public long nowMs() {
        return System.currentTimeMillis();
    }
}
