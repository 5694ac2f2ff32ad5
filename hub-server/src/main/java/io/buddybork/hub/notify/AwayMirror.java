package io.buddybork.hub.notify;

import io.buddybork.hub.away.AwayChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The notifications' own copy of away mode, kept from {@link AwayChanged} events (synchronous or
 * asynchronous, whichever away mode uses); home until the first event. Thread-safe; the newest
 * state by {@code sinceMs} wins when events arrive out of order.
 */
@ApplicationScoped
public class AwayMirror {
    private final AtomicReference<AwayChanged> current = new AtomicReference<>(new AwayChanged(false, 0, "start"));

    void onChange(@Observes AwayChanged change) {
        apply(change);
    }

    void onChangeAsync(@ObservesAsync AwayChanged change) {
        apply(change);
    }

    private void apply(AwayChanged change) {
        current.accumulateAndGet(change, (old, neu) -> neu.sinceMs() >= old.sinceMs() ? neu : old);
    }

    /** Whether the owner is away now. */
    public boolean away() {
        return current.get().away();
    }
}
