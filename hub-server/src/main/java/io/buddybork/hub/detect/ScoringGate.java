package io.buddybork.hub.detect;

import io.buddybork.hub.ingest.IngestPressure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The rule by which live detection gives way to ingest: scoring pauses while
 * {@code buddybork.detection.yield-in-flight} or more segment uploads are being handled, or while
 * the recent mean upload handling time exceeds {@code buddybork.detection.yield-latency}. Work that
 * waits meanwhile stays visible as the live queue and the catch-up backlog. Thread-safe (reads only).
 */
@ApplicationScoped
public class ScoringGate {

    @Inject
    IngestPressure pressure;

    @Inject
    DetectionConfig config;

    /** Whether scoring should wait now so that uploads keep their latency. */
    public boolean ingestBusy() {
        int maxInFlight = config.yieldInFlight();
        if (maxInFlight > 0 && pressure.inFlight() >= maxInFlight) {
            return true;
        }
        long maxNanos = config.yieldLatency().toNanos();
        return maxNanos > 0 && pressure.recentNanos() > maxNanos;
    }
}
