package io.buddybork.hub.detect;

import io.buddybork.hub.dashboard.LiveFeed;
import io.buddybork.hub.dashboard.LiveMessage;
import io.buddybork.hub.dashboard.LiveMessageSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Detections on the dashboard's live feed: subscribes to the scorer's {@link DetectionEvent}s and
 * publishes each on this hub's feed (which passes it on to the other hubs), and lets other hubs
 * show a detection scored here: it travels between hubs as its id (with every tag's score it may
 * be too long for a PostgreSQL {@code NOTIFY}), and the receiving hub reads the committed row.
 * Thread-safe.
 */
@ApplicationScoped
public class DetectionLiveSource implements LiveMessageSource {
    private static final Logger LOG = Logger.getLogger(DetectionLiveSource.class);

    @Inject
    DetectionRepository store;

    @Inject
    LiveFeed feed;

    /** Publishes a detection of the active model, on the scoring thread, so in scoring order. */
    void onScored(@Observes DetectionEvent detection) {
        feed.publish(detection);
    }

    @Override
    public String type() {
        return "detection";
    }

    @Override
    public long idOf(LiveMessage message) {
        return ((DetectionEvent) message).id();
    }

    @Override
    public Optional<LiveMessage> load(long id) {
        try {
            return store.find(id).map(DetectionEvent::of);
        } catch (SQLException e) {
            LOG.warnf("Cannot load detection %d announced by another hub: %s", id, e.getMessage());
            return Optional.empty();
        }
    }
}
