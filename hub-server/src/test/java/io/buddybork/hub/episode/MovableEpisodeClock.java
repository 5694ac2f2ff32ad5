package io.buddybork.hub.episode;

import java.util.concurrent.atomic.AtomicLong;

/** An episode clock tests move on by hand, installed with {@code QuarkusMock}. */
final class MovableEpisodeClock extends EpisodeClock {
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis());

    @Override
    public long nowMs() {
        return now.get();
    }

    void advance(long ms) {
        now.addAndGet(ms);
    }
}
