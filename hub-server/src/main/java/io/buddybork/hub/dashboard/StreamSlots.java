package io.buddybork.hub.dashboard;

import java.util.HashMap;
import java.util.Map;

/**
 * Counts open live streams per user and in total against two caps. Thread-safe (one lock; the
 * work under it is a map update).
 */
final class StreamSlots {

    /** Why a stream was refused. */
    enum Refusal {
        /** The user already has the most streams one user may have. */
        USER_LIMIT,
        /** The hub already has the most streams it keeps open. */
        HUB_LIMIT
    }

    private final int maxPerUser;
    private final int maxTotal;
    private final Map<String, Integer> perUser = new HashMap<>();
    private int total;

    StreamSlots(int maxPerUser, int maxTotal) {
        this.maxPerUser = maxPerUser;
        this.maxTotal = maxTotal;
    }

    /** Books a slot for {@code user}: null when booked, else why not (nothing booked then). */
    synchronized Refusal tryAcquire(String user) {
        int mine = perUser.getOrDefault(user, 0);
        if (mine >= maxPerUser) {
            return Refusal.USER_LIMIT;
        }
        if (total >= maxTotal) {
            return Refusal.HUB_LIMIT;
        }
        perUser.put(user, mine + 1);
        total++;
        return null;
    }

    /** Frees a slot booked for {@code user}; call once per successful {@link #tryAcquire}. */
    synchronized void release(String user) {
        Integer mine = perUser.get(user);
        if (mine == null) {
            return;
        }
        if (mine <= 1) {
            perUser.remove(user);
        } else {
            perUser.put(user, mine - 1);
        }
        total--;
    }

    /** Streams open now. */
    synchronized int open() {
        return total;
    }

    /** Streams {@code user} has open now. */
    synchronized int open(String user) {
        return perUser.getOrDefault(user, 0);
    }
}
