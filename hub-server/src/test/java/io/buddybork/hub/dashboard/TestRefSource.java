package io.buddybork.hub.dashboard;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** A live message type that travels between hubs by id, as detections do; "loads" a message naming the id. */
@ApplicationScoped
public class TestRefSource implements LiveMessageSource {

    /** The message of this type. */
    public record Loaded(String type, long id, String note) implements LiveMessage {}

    @Override
    public String type() {
        return "test-ref";
    }

    @Override
    public long idOf(LiveMessage message) {
        return ((Loaded) message).id();
    }

    @Override
    public Optional<LiveMessage> load(long id) {
        return Optional.of(new Loaded("test-ref", id, "loaded"));
    }
}
