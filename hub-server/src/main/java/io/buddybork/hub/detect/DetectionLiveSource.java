package io.buddybork.hub.detect;

import io.buddybork.hub.dashboard.LiveMessage;
import io.buddybork.hub.dashboard.LiveMessageSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Lets other hubs show a detection scored here on their live feed: it travels between hubs as its
 * id (with every tag's score it may be too long for a PostgreSQL {@code NOTIFY}), and the
 * receiving hub reads the committed row. Thread-safe.
 */
@ApplicationScoped
public class DetectionLiveSource implements LiveMessageSource {
    private static final Logger LOG = Logger.getLogger(DetectionLiveSource.class);

    @Inject
    DetectionStore store;

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
