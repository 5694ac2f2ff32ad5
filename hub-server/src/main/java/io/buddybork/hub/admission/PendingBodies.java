package io.buddybork.hub.admission;

import java.util.HashMap;
import java.util.Map;

/**
 * Ledger of request bodies the hub has admitted and not finished with: their declared bytes in
 * total, and their number and bytes per client (credentials) and per client address.
 * {@link #tryAdmit} either books a body against every limit or says which limit refused it;
 * {@link #release} gives the booking back. A client's (or address's) byte share is checked only
 * when it already holds a body, so one body up to the route's own size limit is always admitted
 * while the hub-wide budget has room: the shares bound how much of the budget a few clients can
 * hold, never which bodies can be sent at all. Thread-safe (one lock: a booking touches counters
 * that must agree, and it is a few map operations).
 */
final class PendingBodies {

    /** Why a body was not admitted. */
    enum Refusal {
        /** The client (or its address) already has its share of unfinished bodies or bytes. */
        CLIENT_LIMIT,
        /** All clients together hold the byte budget. */
        HUB_LIMIT
    }

    /** Limits of one ledger; a byte share of 0 or less means none. */
    record Limits(long maxBytes, int maxPerClient, long maxBytesPerClient, int maxPerAddress, long maxBytesPerAddress) {

        /** The limits of a configuration. */
        static Limits of(AdmissionConfig c) {
            return new Limits(
                    c.maxPendingBytes(),
                    c.maxPendingPerClient(),
                    c.maxPendingBytesPerClient(),
                    c.maxPendingPerAddress(),
                    c.maxPendingBytesPerAddress());
        }

        /**
         * Fewest clients that, each holding as much as its share lets it, use up the byte budget
         * when every body is {@code bodyBytes} long (the largest upload: what a slow-body attack sends).
         */
        long clientsToExhaust(long bodyBytes) {
            long perClient = heldByOneClient(bodyBytes);
            return perClient <= 0 ? Long.MAX_VALUE : (maxBytes + perClient - 1) / perClient;
        }

        /** Bytes one client can hold with bodies of {@code bodyBytes}: its share, but at least one body. */
        long heldByOneClient(long bodyBytes) {
            long byCount = (long) maxPerClient * bodyBytes;
            if (maxBytesPerClient <= 0) {
                return byCount;
            }
            long byShare = Math.max(1, maxBytesPerClient / Math.max(1, bodyBytes)) * bodyBytes;
            return Math.min(byCount, byShare);
        }
    }

    private final Limits limits;
    private final Map<String, long[]> perClient = new HashMap<>(); // {bodies, bytes}
    private final Map<String, long[]> perAddress = new HashMap<>();
    private long bytes;
    private int bodies;

    PendingBodies(Limits limits) {
        this.limits = limits;
    }

    /**
     * Books {@code length} bytes for {@code client} at {@code address} (null: not counted per
     * address); null when admitted, else the limit that refused (then nothing is booked).
     */
    synchronized Refusal tryAdmit(String client, String address, long length) {
        long[] held = perClient.getOrDefault(client, EMPTY);
        long[] fromAddress = address == null ? EMPTY : perAddress.getOrDefault(address, EMPTY);
        if (overShare(held, length, limits.maxPerClient(), limits.maxBytesPerClient())
                || (address != null
                        && overShare(fromAddress, length, limits.maxPerAddress(), limits.maxBytesPerAddress()))) {
            return Refusal.CLIENT_LIMIT;
        }
        if (bytes + length > limits.maxBytes()) {
            return Refusal.HUB_LIMIT;
        }
        perClient.computeIfAbsent(client, k -> new long[2]);
        add(perClient.get(client), length);
        if (address != null) {
            add(perAddress.computeIfAbsent(address, k -> new long[2]), length);
        }
        bytes += length;
        bodies++;
        return null;
    }

    private static final long[] EMPTY = new long[2];

    private static boolean overShare(long[] held, long length, int maxBodies, long maxBytes) {
        return held[0] >= maxBodies || (held[0] > 0 && maxBytes > 0 && held[1] + length > maxBytes);
    }

    private static void add(long[] counter, long length) {
        counter[0]++;
        counter[1] += length;
    }

    /** Gives back a booking made by {@link #tryAdmit}. */
    synchronized void release(String client, String address, long length) {
        remove(perClient, client, length);
        if (address != null) {
            remove(perAddress, address, length);
        }
        bytes = Math.max(0, bytes - length);
        bodies = Math.max(0, bodies - 1);
    }

    private static void remove(Map<String, long[]> map, String key, long length) {
        long[] counter = map.get(key);
        if (counter == null) {
            return;
        }
        if (counter[0] <= 1) {
            map.remove(key);
        } else {
            counter[0]--;
            counter[1] = Math.max(0, counter[1] - length);
        }
    }

    /** Declared bytes of all admitted, unfinished bodies. */
    synchronized long pendingBytes() {
        return bytes;
    }

    /** Number of admitted, unfinished bodies. */
    synchronized int pendingBodies() {
        return bodies;
    }

    /** The byte budget. */
    long maxBytes() {
        return limits.maxBytes();
    }
}
