package io.buddybork.hub.episode;

import io.buddybork.hub.dashboard.LiveFeed;
import io.buddybork.hub.dashboard.LiveMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/**
 * Puts every {@link EpisodeEvent} on the dashboard's live feed as {@code {"type": "episode", "kind":
 * "STARTED"|"EXTENDED"|"ENDED", ...}}, so the latest episodes and the summary follow without
 * polling. Thread-safe.
 */
@ApplicationScoped
public class EpisodeLive {

    /** The live-feed message of an episode event: the event's fields plus {@code type}. */
    public record Message(
            String type,
            EpisodeEvent.Kind kind,
            long episodeId,
            long deviceId,
            String deviceName,
            long tagId,
            String tag,
            long startMs,
            long endMs,
            int segments,
            double peakScore)
            implements LiveMessage {}

    @Inject
    LiveFeed feed;

    void on(@ObservesAsync EpisodeEvent e) {
        feed.publish(new Message(
                "episode",
                e.kind(),
                e.episodeId(),
                e.deviceId(),
                e.deviceName(),
                e.tagId(),
                e.tag(),
                e.startMs(),
                e.endMs(),
                e.segments(),
                e.peakScore()));
    }
}
