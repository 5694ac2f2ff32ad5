package io.buddybork.hub.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Records every {@link ClusterMessage} the hub under test was handed (messages of topics starting with {@code test-}). */
@ApplicationScoped
public class ClusterMessages {
    private final ConcurrentLinkedQueue<ClusterMessage> seen = new ConcurrentLinkedQueue<>();

    void on(@Observes ClusterMessage m) {
        if (m.topic().startsWith("test-")) {
            seen.add(m);
        }
    }

    /** The recorded messages, oldest first. */
    public List<ClusterMessage> seen() {
        return List.copyOf(seen);
    }
}
