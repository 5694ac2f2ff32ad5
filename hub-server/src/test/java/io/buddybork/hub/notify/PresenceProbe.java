package io.buddybork.hub.notify;

import io.buddybork.hub.away.PresenceReported;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the presence reports the hub fires, as away mode would receive them. */
@ApplicationScoped
public class PresenceProbe {
    private final List<PresenceReported> reports = new CopyOnWriteArrayList<>();

    void on(@ObservesAsync PresenceReported report) {
        reports.add(report);
    }

    /** Every report so far. */
    public List<PresenceReported> reports() {
        return List.copyOf(reports);
    }
}
