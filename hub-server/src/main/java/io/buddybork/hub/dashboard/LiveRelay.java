package io.buddybork.hub.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.buddybork.hub.cluster.ClusterBus;
import io.buddybork.hub.cluster.ClusterMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Carries the live feed between hubs, so that every hub's {@code /api/v1/live} has every event
 * whichever hub (or worker) caused it: each message published on this hub's {@link LiveFeed} goes
 * out on the {@link ClusterBus} topic {@code live}, and each one from another hub goes into this
 * hub's feed only (never back out, and the bus drops a hub's own messages, so nothing is shown
 * twice). Messages of a type with a {@link LiveMessageSource} travel as {@code ref <type> <id>}
 * and are loaded from the database by the receiving hub; all others are small by construction
 * (ids, numbers, names) and travel as {@code msg <json>}, passed on unchanged. Thread-safe.
 */
@ApplicationScoped
public class LiveRelay {
    private static final Logger LOG = Logger.getLogger(LiveRelay.class);
    static final String TOPIC = "live";

    private final ClusterBus bus;
    private final ObjectMapper json;
    private final LiveFeed feed;
    private final Map<String, LiveMessageSource> sources = new HashMap<>();

    @Inject
    LiveRelay(ClusterBus bus, ObjectMapper json, LiveFeed feed, Instance<LiveMessageSource> sources) {
        this.bus = bus;
        this.json = json;
        this.feed = feed;
        sources.forEach(s -> this.sources.put(s.type(), s));
    }

    /** A message from another hub, its JSON exactly as that hub wrote it. */
    record Relayed(String type, @JsonValue JsonNode body) implements LiveMessage {}

    /** Sends a message published on this hub to the other hubs. */
    void send(LiveMessage message) {
        if (message instanceof Relayed) {
            return; // came from another hub: it has been everywhere already
        }
        String payload;
        LiveMessageSource source = sources.get(message.type());
        if (source != null) {
            payload = "ref " + message.type() + " " + source.idOf(message);
        } else {
            try {
                payload = "msg " + json.writeValueAsString(message);
            } catch (JsonProcessingException e) {
                LOG.warnf("Cannot relay a %s message: %s", message.type(), e.getMessage());
                return;
            }
        }
        if (payload.getBytes(StandardCharsets.UTF_8).length > ClusterBus.MAX_PAYLOAD_BYTES) {
            LOG.warnf(
                    "A %s message is too long to relay to other hubs; give its type a LiveMessageSource",
                    message.type());
            return;
        }
        bus.publish(TOPIC, payload);
    }

    void onClusterMessage(@Observes ClusterMessage message) {
        if (!TOPIC.equals(message.topic())) {
            return;
        }
        String p = message.payload();
        try {
            if (p.startsWith("ref ")) {
                String[] parts = p.split(" ", 3);
                LiveMessageSource source = sources.get(parts[1]);
                if (source != null) {
                    source.load(Long.parseLong(parts[2])).ifPresent(feed::deliver);
                }
            } else if (p.startsWith("msg ")) {
                JsonNode body = json.readTree(p.substring(4));
                feed.deliver(new Relayed(body.path("type").asText(), body));
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.warnf("Ignoring a live message from another hub that cannot be read: %s", e.getMessage());
        }
    }
}
