package io.buddybork.hub.device;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves device token hashes to device ids, remembering active tokens so that uploads do not
 * query the database to authenticate. Revocation is immediate: {@link #revoked} drops the entry,
 * and a generation counter stops a lookup that started before the revocation from putting the
 * stale entry back. Unknown tokens are never remembered. Thread-safe.
 */
@ApplicationScoped
public class DeviceTokenCache {
    private final ConcurrentHashMap<String, Long> active = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private long generation;

    @Inject
    DeviceRepository devices;

    /** The remembered device for this token hash, or null; never blocks. */
    public Long cached(String tokenHash) {
        return active.get(tokenHash);
    }

    /** The active (not revoked) device holding the token with this hash. Blocking on a miss. */
    public OptionalLong deviceFor(String tokenHash) {
        Long cached = active.get(tokenHash);
        if (cached != null) {
            return OptionalLong.of(cached);
        }
        long startGeneration;
        synchronized (lock) {
            startGeneration = generation;
        }
        OptionalLong found = load(tokenHash);
        if (found.isPresent()) {
            synchronized (lock) {
                if (generation == startGeneration) {
                    active.put(tokenHash, found.getAsLong());
                }
            }
        }
        return found;
    }

    /** Forgets the token of a device whose revocation was committed. */
    public void revoked(long deviceId) {
        synchronized (lock) {
            generation++;
            active.values().removeIf(id -> id == deviceId);
        }
    }

    /** Forgets every remembered token (revocations may have been missed); the next use of each asks the database. */
    public void forgetAll() {
        synchronized (lock) {
            generation++;
            active.clear();
        }
    }

    private OptionalLong load(String tokenHash) {
        try {
            return devices.activeIdForToken(tokenHash);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up device token: " + e.getMessage(), e);
        }
    }
}
