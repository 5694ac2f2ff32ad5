package io.buddybork.hub.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How hard ingest is working right now, for work that must give way to uploads (live detection):
 * the segment uploads being handled at this moment and a recent upload handling time (an
 * exponentially weighted mean over the last uploads, forgotten when no upload has finished for a
 * second). Measured from the full body to the answer, as {@code buddybork_ingest_duration_seconds},
 * so a slow client's network does not count, only the hub's own CPU, disk and database.
 * Thread-safe and lock-free (two atomic updates per upload).
 */
@ApplicationScoped
public class IngestPressure {
    /** A recent latency older than this says nothing about now. */
    static final long STALE_NANOS = 1_000_000_000L;
    /** Weight of the newest upload in the mean (about the last ten uploads count). */
    private static final double ALPHA = 0.1;

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong meanNanos = new AtomicLong();
    private final AtomicLong lastDoneNanos = new AtomicLong(System.nanoTime() - 2 * STALE_NANOS);

    /** An upload starts being handled; returns its start for {@link #finished(long)}. */
    public long started() {
        inFlight.incrementAndGet();
        return System.nanoTime();
    }

    /** The upload that {@link #started()} at {@code startNanos} is answered (however it ended). */
    public void finished(long startNanos) {
        long now = System.nanoTime();
        inFlight.decrementAndGet();
        long took = now - startNanos;
        boolean fresh = now - lastDoneNanos.get() <= STALE_NANOS;
        meanNanos.updateAndGet(m -> fresh ? (long) (m + ALPHA * (took - m)) : took);
        lastDoneNanos.set(now);
    }

    /** Segment uploads being handled now. */
    public int inFlight() {
        return Math.max(0, inFlight.get());
    }

    /** Recent mean handling time of an upload in nanoseconds; 0 when none finished within the last second. */
    public long recentNanos() {
        return System.nanoTime() - lastDoneNanos.get() > STALE_NANOS ? 0 : meanNanos.get();
    }
}
