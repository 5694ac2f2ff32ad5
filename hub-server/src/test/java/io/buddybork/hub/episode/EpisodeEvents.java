package io.buddybork.hub.episode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every {@link EpisodeEvent} as an asynchronous observer (notifications) sees it. */
@ApplicationScoped
public class EpisodeEvents {
    private final List<EpisodeEvent> seen = new CopyOnWriteArrayList<>();

    void on(@ObservesAsync EpisodeEvent e) {
        seen.add(e);
    }

    /** The events of episodes on {@code deviceId}, in the order they arrived. */
    public List<EpisodeEvent> of(long deviceId) {
        return seen.stream().filter(e -> e.deviceId() == deviceId).toList();
    }
}
