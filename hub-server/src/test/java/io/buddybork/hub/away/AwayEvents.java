package io.buddybork.hub.away;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link AwayChanged} as an asynchronous observer (notifications) sees it. */
@ApplicationScoped
public class AwayEvents {
    private final List<AwayChanged> seen = new CopyOnWriteArrayList<>();

    void on(@ObservesAsync AwayChanged e) {
        seen.add(e);
    }

    /** Every event so far, in arrival order. */
    public List<AwayChanged> all() {
        return List.copyOf(seen);
    }
}
