package io.buddybork.hub.detect;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Typed configuration of live detection under {@code buddybork.detection.}: how much scoring may
 * run at once, how much live work may wait, how far back catch-up looks, and API page limits.
 */
@ConfigMapping(prefix = "buddybork.detection")
public interface DetectionConfig {

    /** Whether new segments are scored at all (the API and pages keep working when off). */
    @WithDefault("true")
    boolean enabled();

    /** Scoring threads; keep small, ingest and the web app share the CPU. */
    @WithDefault("1")
    int threads();

    /** Live segments that may wait for scoring; beyond it they are dropped and caught up later. */
    @WithDefault("10000")
    int queueCapacity();

    /** How far back catch-up looks for segments without a detection of the active model. */
    @WithDefault("24H")
    Duration catchUpHorizon();

    /** How often the active model's row and file are re-checked, and dropped work is caught up. */
    @WithDefault("60S")
    Duration checkInterval();

    /** Rows per catch-up page (newest first). */
    @WithDefault("500")
    int catchUpPage();

    /** Longest range {@code GET /api/v1/detections} and the charts accept. */
    @WithDefault("400D")
    Duration maxRange();

    /** Default and largest page of {@code GET /api/v1/detections}. */
    @WithDefault("1000")
    int pageSize();

    /** Largest page a client may ask for with {@code limit}. */
    @WithDefault("10000")
    int maxPageSize();
}
