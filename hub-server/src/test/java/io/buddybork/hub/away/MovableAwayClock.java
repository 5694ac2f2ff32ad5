package io.buddybork.hub.away;

import java.util.concurrent.atomic.AtomicLong;

/** An away clock tests set by hand, installed with {@code QuarkusMock}. */
final class MovableAwayClock extends AwayClock {
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

    @Override
    public long nowMs() {
        return now.get();
    }

    void set(java.time.Instant instant) {
        now.set(instant.toEpochMilli());
    }
}
