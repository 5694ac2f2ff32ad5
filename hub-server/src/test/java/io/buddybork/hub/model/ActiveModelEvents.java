package io.buddybork.hub.model;

import io.buddybork.hub.detect.ActiveModelChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records {@link ActiveModelChanged} events the way live detection observes them (after success). */
@ApplicationScoped
public class ActiveModelEvents {
    private final List<ActiveModelChanged> seen = new CopyOnWriteArrayList<>();

    /** Events so far (a method: fields of a client proxy are not the bean's). */
    List<ActiveModelChanged> seen() {
        return List.copyOf(seen);
    }

    void clear() {
        seen.clear();
    }

    void on(@Observes(during = TransactionPhase.AFTER_SUCCESS) ActiveModelChanged event) {
        seen.add(event);
    }
}
