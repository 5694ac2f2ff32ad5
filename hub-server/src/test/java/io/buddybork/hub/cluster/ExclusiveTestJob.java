package io.buddybork.hub.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A job marked {@link ExclusiveAcrossHubs}, counting its runs; a run can be held inside until released. */
@ApplicationScoped
public class ExclusiveTestJob {
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger inside = new AtomicInteger();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    @ExclusiveAcrossHubs("test-job")
    void run() throws InterruptedException {
        inside.incrementAndGet();
        try {
            runs.incrementAndGet();
            hold.await();
        } finally {
            inside.decrementAndGet();
        }
    }

    /** Runs so far. */
    int runs() {
        return runs.get();
    }

    /** Runs going on now. */
    int inside() {
        return inside.get();
    }

    /** Makes the next runs wait for {@code latch}. */
    void hold(CountDownLatch latch) {
        hold = latch;
    }
}
