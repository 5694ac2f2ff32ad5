package io.buddybork.hub.dashboard;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Typed configuration of the live feed ({@code /api/v1/live}) under {@code buddybork.live.}: how
 * many streams may be open and how far one subscriber may fall behind.
 */
@ConfigMapping(prefix = "buddybork.live")
public interface LiveConfig {

    /**
     * Streams one user may have open at once (a few tabs: the dashboard and the detections page
     * each hold one); one more gets 429 {@code too-many-streams}.
     */
    @WithDefault("8")
    int maxStreamsPerUser();

    /**
     * Streams the hub keeps open at once, all users together; one more gets 429
     * {@code too-many-streams}. Every event is written to every stream, so this bounds the work
     * an upload causes.
     */
    @WithDefault("64")
    int maxStreams();

    /**
     * Events one stream may hold unsent (its client reads slower than events come); one more and
     * the stream is closed (its browser reconnects and reloads what it shows).
     */
    @WithDefault("256")
    int bufferEvents();

    /** Seconds a refused client is told to wait (Retry-After). */
    @WithDefault("30")
    int retryAfterSeconds();
}
