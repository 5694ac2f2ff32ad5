package io.buddybork.hub.episode;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Typed configuration of episodes under {@code buddybork.episodes.}: the bridge and the sweep. */
@ConfigMapping(prefix = "buddybork.episodes")
public interface EpisodeConfig {

    /**
     * Longest gap between two detections of one tag on one device that still joins them into one
     * episode (env {@code BUDDYBORK_EPISODES_BRIDGE}); also how long after its last detection an
     * episode ends.
     */
    @WithDefault("30S")
    Duration bridge();

    /** How often open episodes are checked for having ended; the scheduler reads it as {@code sweep-interval}. */
    @WithDefault("5S")
    Duration sweepInterval();
}
