package io.buddybork.hub.notify;

import io.buddybork.hub.episode.EpisodeEvent;
import io.buddybork.hub.episode.EpisodeEvent.Kind;
import java.util.concurrent.atomic.AtomicLong;

/** Episode events as the episode tracker fires them, with ids no other run used. */
final class Episodes {
    private static final AtomicLong NEXT_ID = new AtomicLong(System.currentTimeMillis() * 1000);
    /** When every episode made here started (2025-12-06, long before any test runs). */
    static final long START_MS = 1_765_000_000_000L;

    private Episodes() {}

    /** A fresh episode id. */
    static long nextId() {
        return NEXT_ID.incrementAndGet();
    }

    /** The event {@code kind} of episode {@code id}, started at {@link #START_MS}, lasting {@code durationMs} so far. */
    static EpisodeEvent event(
            Kind kind, long id, long deviceId, long tagId, String tag, long durationMs, double peakScore) {
        return event(kind, id, deviceId, tagId, tag, START_MS, durationMs, peakScore);
    }

    /** The event {@code kind} of episode {@code id}, started at {@code startMs}, lasting {@code durationMs} so far. */
    static EpisodeEvent event(
            Kind kind,
            long id,
            long deviceId,
            long tagId,
            String tag,
            long startMs,
            long durationMs,
            double peakScore) {
        return new EpisodeEvent(
                kind,
                id,
                deviceId,
                "device " + deviceId,
                tagId,
                tag,
                startMs,
                startMs + durationMs,
                (int) Math.max(1, durationMs / 3000),
                peakScore);
    }
}
