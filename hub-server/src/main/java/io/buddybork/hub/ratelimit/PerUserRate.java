package io.buddybork.hub.ratelimit;

import java.util.HashMap;
import java.util.Map;

/**
 * A per-user token bucket: {@code perMinute} requests per minute with a burst of the same size.
 * In memory; thread-safe; buckets that are full again are forgotten so memory follows the number
 * of recently active users.
 */
public final class PerUserRate {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private record Bucket(double tokens, long atNanos) {}

    private final int perMinute;
    private final Map<String, Bucket> buckets = new HashMap<>();

    public PerUserRate(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Takes a token for {@code user}; 0 when granted, else the seconds until one is available. */
    public synchronized long tryAcquire(String user, long nowNanos) {
        Bucket b = buckets.get(user);
        double tokens = b == null
                ? perMinute
                : Math.min(perMinute, b.tokens() + (nowNanos - b.atNanos()) * (double) perMinute / MINUTE_NANOS);
        if (tokens < 1) {
            double missing = 1 - tokens;
            return Math.max(1, (long) Math.ceil(missing * 60 / perMinute));
        }
        buckets.put(user, new Bucket(tokens - 1, nowNanos));
        if (buckets.size() > 10_000) {
            buckets.values()
                    .removeIf(x ->
                            x.tokens() + (nowNanos - x.atNanos()) * (double) perMinute / MINUTE_NANOS >= perMinute);
        }
        return 0;
    }
}
