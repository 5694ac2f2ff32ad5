package io.buddybork.hub.device;

import io.buddybork.hub.db.DatabaseBootstrap.SchemaReady;
import io.buddybork.hub.problem.ProblemException;
import io.buddybork.model.wire.ApiProblem;
import io.buddybork.model.wire.CaptureState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds every device's capture state in memory and answers long-polls without holding a thread:
 * a waiting device is a registered emitter that is completed by {@link #publish} (an admin's
 * change, right after its commit, on this hub or, through {@link DeviceRelay}, on another) or by
 * a timer. Loaded from the database at startup; only {@link DeviceService} and {@link DeviceRelay}
 * publish changes. A revocation ends the device's waiting polls at once
 * with 401, as it does for every later request of its token. Thread-safe.
 */
@ApplicationScoped
public class CaptureStateBroker {
    private final ConcurrentHashMap<Long, CaptureState> states = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Set<UniEmitter<? super CaptureState>>> waiting = new ConcurrentHashMap<>();
    /** Devices revoked while this hub runs: a poll authenticated just before the revocation must not wait. */
    private final Set<Long> revoked = ConcurrentHashMap.newKeySet();

    @Inject
    DeviceRepository devices;

    void onSchemaReady(@Observes SchemaReady ready) {
        reload();
    }

    /**
     * Re-reads every device's state from the database, waking the polls of devices whose state
     * moved on and ending those of revoked devices: at startup, and when changes made on another
     * hub may have been missed.
     */
    public void reload() {
        try {
            for (DeviceRepository.Capture loaded : devices.captures()) {
                CaptureState known = states.get(loaded.deviceId());
                if (known == null || known.version() != loaded.state().version()) {
                    publish(loaded.deviceId(), loaded.state());
                }
                if (loaded.revoked()) {
                    revoke(loaded.deviceId());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load capture states: " + e.getMessage(), e);
        }
    }

    /**
     * The device's state: at once when {@code knownVersion} is absent or differs from the current
     * version or {@code maxWait} is zero, otherwise as soon as it changes, or the unchanged state
     * after {@code maxWait}.
     */
    public Uni<CaptureState> await(long deviceId, Long knownVersion, Duration maxWait) {
        if (revoked.contains(deviceId)) {
            return Uni.createFrom().failure(revokedProblem());
        }
        CaptureState current = states.get(deviceId);
        if (current == null) {
            // not in memory yet (e.g. created on another hub): read it, then wait like for any other
            return Uni.createFrom()
                    .item(() -> load(deviceId))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(loaded -> awaitChange(deviceId, loaded, knownVersion, maxWait));
        }
        return awaitChange(deviceId, current, knownVersion, maxWait);
    }

    private Uni<CaptureState> awaitChange(long deviceId, CaptureState current, Long knownVersion, Duration maxWait) {
        if (knownVersion == null || knownVersion != current.version() || maxWait.isZero()) {
            return Uni.createFrom().item(current);
        }
        return Uni.createFrom()
                .<CaptureState>emitter(emitter -> {
                    Set<UniEmitter<? super CaptureState>> set =
                            waiting.computeIfAbsent(deviceId, id -> ConcurrentHashMap.newKeySet());
                    set.add(emitter);
                    emitter.onTermination(() -> set.remove(emitter));
                    // A change or revocation published between the first read and the registration must not be missed.
                    CaptureState now = states.get(deviceId);
                    if (revoked.contains(deviceId)) {
                        emitter.fail(revokedProblem());
                    } else if (now.version() != knownVersion) {
                        emitter.complete(now);
                    }
                })
                .ifNoItem()
                .after(maxWait)
                .recoverWithItem(() -> states.get(deviceId));
    }

    /** The current state, from memory. */
    public CaptureState current(long deviceId) {
        CaptureState state = states.get(deviceId);
        return state != null ? state : load(deviceId);
    }

    /** Records a committed state and wakes the device's waiting long-polls. */
    public void publish(long deviceId, CaptureState state) {
        states.merge(deviceId, state, (old, neu) -> neu.version() >= old.version() ? neu : old);
        Set<UniEmitter<? super CaptureState>> set = waiting.get(deviceId);
        if (set != null) {
            CaptureState latest = states.get(deviceId);
            for (UniEmitter<? super CaptureState> emitter : set) {
                emitter.complete(latest);
            }
        }
    }

    /** Ends the waiting long-polls of a device whose revocation was committed with 401. */
    public void revoke(long deviceId) {
        revoked.add(deviceId);
        Set<UniEmitter<? super CaptureState>> set = waiting.get(deviceId);
        if (set != null) {
            for (UniEmitter<? super CaptureState> emitter : set) {
                emitter.fail(revokedProblem());
            }
        }
    }

    /** Number of long-polls currently waiting (for metrics and tests). */
    public int waitingCount() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    private static ProblemException revokedProblem() {
        return new ProblemException(
                ApiProblem.of(401, "unauthorized", "Unauthorized", "this device's token was revoked"),
                Map.of("WWW-Authenticate", "Bearer realm=\"buddybork-devices\""),
                null);
    }

    private CaptureState load(long deviceId) {
        CaptureState state;
        try {
            state = devices.capture(deviceId).orElseThrow(() -> new IllegalStateException("no device " + deviceId));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot load capture state: " + e.getMessage(), e);
        }
        states.merge(deviceId, state, (old, neu) -> neu.version() >= old.version() ? neu : old);
        return states.get(deviceId);
    }
}
