package io.buddybork.hub.annotate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Macro-segment (listening window) generation and caching under {@code buddybork.web.macro.}; the
 * window length also bounds an annotation's length (here and in model training data).
 */
@ConfigMapping(prefix = "buddybork.web.macro")
public interface MacroConfig {
    /** Length of the listening window. */
    @WithDefault("15S")
    Duration window();

    /** How long a generated window is reused before it is rebuilt. */
    @WithDefault("10M")
    Duration cacheTtl();

    /** Bytes of stitched audio kept in memory (least recently used windows are dropped first; about 1.3 MB each). */
    @WithDefault("33554432")
    long cacheMaxBytes();

    /** Listening windows (audio) one user may fetch per minute. */
    @WithDefault("120")
    int requestsPerMinute();
}
