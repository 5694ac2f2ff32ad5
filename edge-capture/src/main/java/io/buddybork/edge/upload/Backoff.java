package io.buddybork.edge.upload;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential backoff with jitter: the n-th consecutive failure waits a random time between half
 * and all of {@code min(max, base * 2^n)}, and never less than a server's Retry-After. Shared by
 * the upload workers (one hub, one backoff). Thread-safe.
 */
public final class Backoff {
    /** Longest Retry-After honoured, so that a broken header cannot park the agent for days. */
    public static final long MAX_RETRY_AFTER_MS = Duration.ofMinutes(10).toMillis();

    private final long baseMs;
    private final long maxMs;
    private final LongUnaryOperator random;
    private int failures;

    /**
     * @param random returns a uniformly random value in {@code [0, bound)} for a bound &gt; 0
     */
    public Backoff(Duration base, Duration max, LongUnaryOperator random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, got " + base + ", " + max);
        }
        this.baseMs = base.toMillis();
        this.maxMs = max.toMillis();
        this.random = random;
    }

    /** Backoff with {@link java.util.concurrent.ThreadLocalRandom} jitter. */
    public static Backoff of(Duration base, Duration max) {
        return new Backoff(
                base,
                max,
                bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
    }

    /**
     * Records a failure and returns how long to wait before the next attempt.
     *
     * @param retryAfterMs the server's Retry-After in ms, or negative when it sent none
     */
    public synchronized long nextDelayMillis(long retryAfterMs) {
        long ceiling = baseMs;
        for (int i = 0; i < failures && ceiling < maxMs; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxMs);
        failures++;
        long half = ceiling / 2;
        long delay = half + random.applyAsLong(Math.max(1, ceiling - half));
        if (retryAfterMs >= 0) {
            delay = Math.max(delay, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
        }
        return delay;
    }

    /** Consecutive failures so far. */
    public synchronized int failures() {
        return failures;
    }

    /** A success: the next failure starts again from {@code base}. */
    public synchronized void reset() {
        failures = 0;
    }
}
