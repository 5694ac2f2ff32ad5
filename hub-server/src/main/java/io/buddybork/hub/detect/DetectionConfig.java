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

    /**
     * Scoring threads; 0 (the default): one per available processor. They run at the lowest CPU
     * priority (see {@link #lowPriority()}) and pause while ingest is busy, so uploads come first.
     */
    @WithDefault("0")
    int threads();

    /** Whether scoring threads run at the lowest CPU priority (Linux nice 19), below uploads and pages. */
    @WithDefault("true")
    boolean lowPriority();

    /** Scoring pauses while at least this many segment uploads are being handled; 0: never for this reason. */
    @WithDefault("16")
    int yieldInFlight();

    /**
     * Scoring pauses while the recent mean handling time of an upload (full body to answer)
     * exceeds this; 0: never for this reason.
     */
    @WithDefault("100ms")
    Duration yieldLatency();

    /**
     * Longest a scoring thread pauses in one go: after it, it scores one segment and may pause
     * again, so detection never stops entirely while ingest stays busy (a hub whose disk makes every
     * upload slow). 0: pause as long as ingest is busy.
     */
    @WithDefault("5S")
    Duration maxYield();

    /** Live segments that may wait for scoring; beyond it they are dropped and caught up later. */
    @WithDefault("10000")
    int queueCapacity();

    /** How far back catch-up looks for segments without a detection of the active model. */
    @WithDefault("24H")
    Duration catchUpHorizon();

    /** How often the active model's row and file are re-checked, and dropped work is caught up. */
    @WithDefault("60S")
    Duration checkInterval();

    /**
     * Over a broker: how long after it was stored a segment with neither a detection of the active
     * model nor a detect node's claim counts as stranded (its message was lost, e.g. with an ingest
     * node killed before the broker confirmed it), so that the next check walks the backlog. Longer
     * than a message normally takes from commit to a scoring thread.
     */
    @WithDefault("2M")
    Duration strandedAfter();

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
